import ScimDiagParsing

/// Reads an audit activity as a change to the user's access.
package enum AuditClassifier {
  package static func kind(activity: String, accountEnabledChange: String?) -> AuditKind {
    switch activity.lowercased() {
    case "delete user": return .softDelete
    case "hard delete user": return .hardDelete
    case "remove app role assignment from user": return .unassign
    case "remove member from group": return .groupRemoval
    case "disable account": return .disable
    case "enable account": return .enable
    case "restore user": return .restore
    case "add app role assignment grant to user", "add app role assignment to user": return .assign
    case "add member to group": return .groupAdd
    case "update user":
      guard let change = accountEnabledChange?.lowercased(), let arrow = change.range(of: "→") else { return .other }
      let old = change[..<arrow.lowerBound]
      let new = change[arrow.upperBound...]
      if old.contains("true") && new.contains("false") { return .disable }
      if old.contains("false") && new.contains("true") { return .enable }
      return .other
    default: return .other
    }
  }
}

import ScimDiagParsing

/// What an audit event means for a user's access to the app.
package enum AuditKind: String, Sendable, Codable {
  case softDelete = "soft-delete"
  case hardDelete = "hard-delete"
  case unassign
  case groupRemoval = "group-removal"
  case disable
  case restore
  case assign
  case groupAdd = "group-add"
  case enable
  case other
}

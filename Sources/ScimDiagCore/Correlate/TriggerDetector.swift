import ScimDiagParsing

/// Finds the deprovisioning triggers on a user's timeline.
package enum TriggerDetector {
  /// The trigger an event is, if any: audit deletes, unassignments, group removals and
  /// disables; provisioning disables and deletes (used when the audit log is missing).
  package static func kind(of e: TimelineEvent) -> TriggerKind? {
    switch e.payload {
    case .audit(let a):
      switch a.kind {
      case .softDelete: return .softDelete
      case .hardDelete: return .hardDelete
      case .unassign: return .unassign
      case .groupRemoval: return .groupRemoval
      case .disable: return .disable
      default: return nil
      }
    case .provisioning(let p):
      if p.action == .disable { return .disable }
      if p.action == .delete { return .hardDelete }
      return nil
    case .scim:
      return nil
    }
  }

  /// Indexes of the user's triggers: audit triggers; provisioning disables and deletes only
  /// when the user has no audit trigger at all (the audit log is missing).
  package static func triggers(in timeline: [TimelineEvent], appServicePrincipals: Set<String>) -> [Int] {
    let audit = timeline.indices.filter { i in
      let e = timeline[i]
      guard let a = e.audit, kind(of: e) != nil else { return false }
      // An unassignment from another app is not about this one.
      if a.kind == .unassign, let sp = a.servicePrincipalId, !appServicePrincipals.isEmpty {
        return appServicePrincipals.contains(sp)
      }
      return true
    }
    if !audit.isEmpty { return audit }
    return timeline.indices.filter { timeline[$0].source == .provisioning && kind(of: timeline[$0]) != nil }
  }
}

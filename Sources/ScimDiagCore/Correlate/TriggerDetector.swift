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

  /// How close in time two audit events must be to be one change (the portal writes both of
  /// blocking sign-in's events, `Update user` and `Disable account`, at the same instant).
  package static let sameChangeSeconds = 10.0

  /// The triggers grouped into changes: consecutive triggers of the same kind within
  /// `sameChangeSeconds` of the group's first are one change, diagnosed once with all of them
  /// as evidence. Each group lists timeline indexes in order; its first is the trigger.
  package static func changes(in timeline: [TimelineEvent], appServicePrincipals: Set<String>) -> [[Int]] {
    var groups: [[Int]] = []
    for i in triggers(in: timeline, appServicePrincipals: appServicePrincipals) {
      if let first = groups.last?.first, kind(of: timeline[first]) == kind(of: timeline[i]),
        let a = Timestamp.epochSeconds(timeline[first].time), let b = Timestamp.epochSeconds(timeline[i].time),
        b - a <= sameChangeSeconds
      {
        groups[groups.count - 1].append(i)
      } else {
        groups.append([i])
      }
    }
    return groups
  }
}

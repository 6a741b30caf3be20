/// Every cause, in the order ties are broken (a more specific cause first). `inconclusive`
/// is last and always fits.
package enum RuleCatalog {
  package static let rules: [any CauseRule] = [
    DeletionThresholdRule(),
    PatchNotAppliedRule(),
    RequestFailedRule(),
    NoneRule(),
    HardDeleteUnmanagedRule(),
    DeletedWithinCycleRule(),
    RestoredBeforeCycleRule(),
    UnassignedBeforeCycleRule(),
    UpdateActionDisabledRule(),
    DeleteActionDisabledRule(),
    ScopeSyncAllRule(),
    TargetNotFoundRule(),
    FilterNotHonoredRule(),
    TargetAlreadyInactiveRule(),
    SkipOutOfScopeDeletionsRule(),
    ActiveNotMappedRule(),
    ServerLogGapRule(),
    JobNotRunningRule(),
    CyclePendingRule(),
    NeverProvisionedRule(),
    InconclusiveRule(),
  ]

  package static func rule(_ id: String) -> (any CauseRule)? { rules.first { $0.description.id == id } }
}

/// Which timeline events are deprovisioning triggers, and of what kind.
package enum TriggerKinds {
  /// `soft-delete`, `hard-delete`, `unassign`, `group-removal`, `disable`, or nil.
  package static func kind(of e: TimelineEvent) -> String? {
    switch e.auditKind {
    case .softDelete?: return "soft-delete"
    case .hardDelete?: return "hard-delete"
    case .unassign?: return "unassign"
    case .groupRemoval?: return "group-removal"
    case .disable?: return "disable"
    default: break
    }
    if e.source == .provisioning {
      if e.action == "disable" { return "disable" }
      if e.action == "delete" { return "hard-delete" }
    }
    return nil
  }

  /// Indexes of the user's triggers: audit triggers; provisioning disables and deletes only
  /// when the user has no audit trigger at all (the audit log is missing).
  package static func triggers(in timeline: [TimelineEvent], appServicePrincipals: Set<String>) -> [Int] {
    let audit = timeline.indices.filter { i in
      let e = timeline[i]
      guard e.source == .audit, kind(of: e) != nil else { return false }
      // An unassignment from another app is not about this one.
      if e.auditKind == .unassign, let sp = e.servicePrincipalId, !appServicePrincipals.isEmpty {
        return appServicePrincipals.contains(sp)
      }
      return true
    }
    if !audit.isEmpty { return audit }
    return timeline.indices.filter { timeline[$0].source == .provisioning && kind(of: timeline[$0]) != nil }
  }
}

/// The rules stage: a finding for every trigger of a user.
package enum Diagnoser {
  package static func findings(user: UserIdentity, timeline: [TimelineEvent], facts: TenantFacts) -> [Finding] {
    let triggers = TriggerKinds.triggers(in: timeline, appServicePrincipals: facts.appServicePrincipals)
    return triggers.map { index in
      let context = TriggerContext(
        user: user, timeline: timeline, triggerIndex: index, kind: TriggerKinds.kind(of: timeline[index])!,
        triggers: triggers, facts: facts)
      return finding(context)
    }
  }

  package static func finding(_ c: TriggerContext) -> Finding {
    var matches: [(rule: any CauseRule, match: RuleMatch, order: Int)] = []
    for (order, rule) in RuleCatalog.rules.enumerated() {
      if let m = rule.evaluate(c) { matches.append((rule, m, order)) }
    }
    // Highest confidence wins; ties go to the catalog order. `inconclusive` only when alone.
    let real = matches.filter { $0.rule.description.id != "inconclusive" }
    let ranked = (real.isEmpty ? matches : real).sorted {
      ($0.match.confidence, -$0.order) > ($1.match.confidence, -$1.order)
    }
    let best = ranked[0]
    let alternatives = ranked.dropFirst().map {
      Alternative(cause: $0.rule.description.id, confidence: $0.match.confidence, summary: $0.match.explanation)
    }
    var evidence: [Evidence] = []
    var seen: Set<String> = []
    for e in [c.trigger] + best.match.evidence where seen.insert(e.source.rawValue + e.ref).inserted {
      evidence.append(Evidence(source: e.source, ref: e.ref, location: e.location, time: e.time, text: e.text))
    }
    evidence.sort { ($0.time, $0.source, $0.ref) < ($1.time, $1.source, $1.ref) }
    let d = best.rule.description
    return Finding(
      trigger: Trigger(kind: c.kind, time: c.trigger.time, ref: c.trigger.ref, source: c.trigger.source),
      outcome: best.match.outcome ?? c.observedOutcome, cause: d.id, confidence: best.match.confidence,
      summary: d.summary, explanation: best.match.explanation, remediation: d.remediation,
      alternatives: Array(alternatives), evidence: evidence, missing: best.match.missing)
  }
}

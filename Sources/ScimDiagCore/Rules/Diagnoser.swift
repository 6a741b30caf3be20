import ScimDiagParsing

/// The rules stage: a finding for every trigger of a user.
package enum Diagnoser {
  /// With several apps in the store, a finding per (trigger, app): a delete or disable concerns
  /// every app the user is in the scope of, an unassignment only the app it names, and each
  /// app's diagnosis sees only the events it may use (`AppScope`).
  package static func findings(user: UserIdentity, timeline: [TimelineEvent], facts: TenantFacts) -> [Finding] {
    let apps = facts.apps.count > 1 ? AppScope.apps(of: timeline, facts: facts) : []
    guard !apps.isEmpty else { return findings(user: user, timeline: timeline, facts: facts, app: nil) }
    var out: [Finding] = []
    for app in apps {
      out += findings(
        user: user, timeline: AppScope.timeline(timeline, for: app, facts: facts),
        facts: AppScope.facts(facts, for: app), app: app)
    }
    return out.sorted {
      ($0.trigger.time, $0.trigger.ref, $0.app?.id ?? "") < ($1.trigger.time, $1.trigger.ref, $1.app?.id ?? "")
    }
  }

  static func findings(user: UserIdentity, timeline: [TimelineEvent], facts: TenantFacts, app: AppRef?) -> [Finding] {
    let changes = TriggerDetector.changes(in: timeline, appServicePrincipals: facts.appServicePrincipals)
    return changes.indices.map { position in
      let context = TriggerContext(
        user: user, timeline: timeline, changes: changes, position: position,
        kind: TriggerDetector.kind(of: timeline[changes[position][0]])!, facts: facts)
      var f = finding(context)
      f.app = app
      if app != nil, facts.hasScim, facts.scimApp == nil, timeline.contains(where: { $0.scim != nil }) {
        f.missing.append(
          "which app the SCIM request log belongs to (\(facts.scimAppBasis ?? "not attributed")); state it with ingest --app"
        )
      }
      return f
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
    for e in [c.trigger] + c.sameChange + best.match.evidence where seen.insert(e.source.rawValue + e.ref).inserted {
      evidence.append(Evidence(source: e.source, ref: e.ref, location: e.location, time: e.time, text: e.text))
    }
    evidence.sort { ($0.time, $0.source, $0.ref) < ($1.time, $1.source, $1.ref) }
    let d = best.rule.description
    return Finding(
      trigger: Trigger(kind: c.kind, time: c.trigger.time, ref: c.trigger.ref, source: c.trigger.source),
      outcome: best.match.outcome ?? c.observedOutcome, cause: d.id, confidence: best.match.confidence,
      summary: d.summary, explanation: best.match.explanation, remediation: best.match.remediation ?? d.remediation,
      alternatives: Array(alternatives), evidence: evidence, missing: best.match.missing, app: nil)
  }
}

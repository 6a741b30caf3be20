import ScimDiagParsing

/// The rules stage: a finding for every trigger of a user.
package enum Diagnoser {
  package static func findings(user: UserIdentity, timeline: [TimelineEvent], facts: TenantFacts) -> [Finding] {
    let changes = TriggerDetector.changes(in: timeline, appServicePrincipals: facts.appServicePrincipals)
    return changes.indices.map { position in
      let context = TriggerContext(
        user: user, timeline: timeline, changes: changes, position: position,
        kind: TriggerDetector.kind(of: timeline[changes[position][0]])!, facts: facts)
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
    for e in [c.trigger] + c.sameChange + best.match.evidence where seen.insert(e.source.rawValue + e.ref).inserted {
      evidence.append(Evidence(source: e.source, ref: e.ref, location: e.location, time: e.time, text: e.text))
    }
    evidence.sort { ($0.time, $0.source, $0.ref) < ($1.time, $1.source, $1.ref) }
    let d = best.rule.description
    return Finding(
      trigger: Trigger(kind: c.kind, time: c.trigger.time, ref: c.trigger.ref, source: c.trigger.source),
      outcome: best.match.outcome ?? c.observedOutcome, cause: d.id, confidence: best.match.confidence,
      summary: d.summary, explanation: best.match.explanation, remediation: best.match.remediation ?? d.remediation,
      alternatives: Array(alternatives), evidence: evidence, missing: best.match.missing)
  }
}

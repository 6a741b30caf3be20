import ScimDiagParsing

/// No rule fits.
struct InconclusiveRule: CauseRule {
  let description = RuleDescription(
    id: "inconclusive", title: "Inconclusive", attention: .needsAction,
    summary: "No rule fits; the output says which missing evidence would settle it.",
    rationale:
      "scimdiag names a cause only when the evidence supports one. A confident wrong answer is worse than none.",
    remediation: [
      "Add the missing sources named in the finding (provisioning log, audit log, SCIM request log for the time), then run explain again.",
      "Provision the user on demand and read the steps it shows.",
    ],
    links: [Links.provisionOnDemand])

  let examples = [
    RuleExample(["08:00 scim POST 201", "09:00 audit Delete user", "09:40 cycle", "d1 09:00 end"], outcome: .nothing),
    RuleExample(
      ["08:00 scim POST 201", "09:00 audit Delete user", "09:40 scim PATCH active=false 204"], triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    var missing: [String] = []
    if !c.facts.hasProvisioning { missing.append("Entra's provisioning log for the time after the trigger") }
    if !c.scimCovers { missing.append("the SCIM server's request log covering \(c.trigger.time.prefix(16))") }
    if !c.facts.hasAudit { missing.append("Entra's audit log") }
    if missing.isEmpty {
      missing.append("provisioning events for this user after the trigger (provision on demand shows the decision)")
    }
    return RuleMatch(
      .possible, "No known cause fits the evidence for this trigger.", evidence: [c.trigger] + c.window.prefix(5),
      missing: missing)
  }
}

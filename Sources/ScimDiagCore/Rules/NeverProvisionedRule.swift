import ScimDiagParsing

/// The user was never created or matched in the app.
struct NeverProvisionedRule: CauseRule {
  let description = RuleDescription(
    id: "never-provisioned", title: "Never provisioned",
    summary:
      "The user was never created or matched in the app for another reason (disabled in Entra, attribute validation, never in scope).",
    rationale:
      "Only users the service created or matched can be deprovisioned. Disabled users are never provisioned (how-provisioning-works); a required attribute missing gives SkipReason AttributeValidationFailed; users out of scope give NotEffectivelyEntitled.",
    remediation: [
      "Check the user's earlier provisioning events for the skip reason.",
      "If the user exists in the app anyway, it was created outside Entra: remove it by hand or match it (same userName) so Entra manages it.",
    ],
    links: [Links.howProvisioningWorks, Links.analyzeLogs])

  let examples = [
    RuleExample(
      [
        "08:00 prov create skipped AttributeValidationFailed notarget", "09:00 audit Delete user", "09:40 cycle",
        "10:20 cycle",
      ],
      outcome: .nothing),
    RuleExample(
      ["08:00 scim POST 201", "09:00 audit Delete user", "09:40 scim PATCH active=false 204"], triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    guard c.deprovisioningWrites.isEmpty, !c.wasProvisionedBefore, c.facts.hasProvisioning else { return nil }
    if c.lookups.contains(where: { $0.returnedActive != nil }) { return nil }
    let skips = c.before.filter { $0.source == .provisioning && $0.status == .skipped }
    if let skip = skips.last {
      return RuleMatch(
        .likely, "The user was never created in the app: before the trigger Entra only logged \(skip.text).",
        evidence: skips + [c.trigger])
    }
    let seen = c.timeline.contains { $0.source != .audit }
    return RuleMatch(
      .possible,
      seen
        ? "Nothing before the trigger shows the user created or matched in the app."
        : "Neither the provisioning log nor the SCIM log mentions this user at all.",
      evidence: [c.trigger],
      missing: ["provisioning events for the user from before \(c.trigger.time.prefix(10))"])
  }
}

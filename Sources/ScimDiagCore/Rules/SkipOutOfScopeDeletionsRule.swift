import ScimDiagParsing

/// The job's SkipOutOfScopeDeletions setting suppressed the disable.
struct SkipOutOfScopeDeletionsRule: CauseRule {
  let description = RuleDescription(
    id: "skip-out-of-scope-deletions", title: "SkipOutOfScopeDeletions", attention: .needsAction,
    summary: "The job's SkipOutOfScopeDeletions setting suppressed the disable.",
    rationale:
      "With the job secret SkipOutOfScopeDeletions set to True, accounts that go out of scope (unassigned, removed from the assigned group, failing a scoping filter) are not disabled (skip-out-of-scope-deletions doc). Real logs then show the user Skipped with SkipReason NotEffectivelyEntitled (Microsoft Q&A 1027106).",
    remediation: [
      "If unassigned users should be disabled, set SkipOutOfScopeDeletions to False (PUT …/synchronization/secrets) or remove it.",
      "Then restart provisioning; users already skipped are handled in the next cycle.",
    ],
    links: [Links.skipOutOfScope])

  let examples = [
    // Created before the logs begin: the skip names the app's id for the user, so it exists there.
    RuleExample(
      ["09:00 audit Remove app role assignment from user", "09:40 prov other skipped NotEffectivelyEntitled"],
      outcome: .skipped),
    RuleExample(
      [
        "08:00 scim POST 201", "09:00 audit Remove app role assignment from user",
        "09:40 prov other skipped NotEffectivelyEntitled",
      ],
      outcome: .skipped),
    RuleExample(
      [
        "08:00 scim POST 201", "09:00 audit Remove app role assignment from user", "09:40 prov disable success",
        "09:40 scim PATCH active=false 204",
      ],
      triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    if let (config, _) = c.config, let skip = config.skipOutOfScopeDeletions {
      // A disable Entra logged for the user after the trigger contradicts the setting.
      guard skip, c.kind.leavesScope, c.deprovisioningWrites.isEmpty,
        !c.provisioningDeprovisions.contains(where: { $0.status == .success })
      else { return nil }
      return RuleMatch(
        c.configConfidence,
        "The job's setting SkipOutOfScopeDeletions is True (\(config.asOf)): users leaving scope are not disabled.\(c.configCaveat)",
        evidence: [c.trigger] + c.provisioningSkips)
    }
    guard c.kind.leavesScope, c.deprovisioningWrites.isEmpty, c.knownInApp,
      let skip = c.provisioningSkips.first(where: { $0.skipReason == "NotEffectivelyEntitled" })
    else { return nil }
    return RuleMatch(
      .likely,
      "The user had been provisioned, was taken out of scope at \(c.trigger.time.prefix(16)), and Entra then logged \(skip.text) instead of a disable: what SkipOutOfScopeDeletions=True does.",
      evidence: [c.trigger, skip],
      missing: c.facts.configs.isEmpty ? ["the job's settings (SkipOutOfScopeDeletions) to make this certain"] : [])
  }
}

/// The app's user was already inactive.
struct TargetAlreadyInactiveRule: CauseRule {
  let description = RuleDescription(
    id: "target-already-inactive", title: "Already inactive",
    summary: "The lookup returned the user already active: false: redundant.",
    rationale:
      "When the app's user already has active false, the desired and actual states match: Entra logs action Other, status Skipped, SkipReason RedundantExport (\"The state of the user in both the source and target systems already match\", provisionOnDemand docs) and sends nothing.",
    remediation: ["Nothing to do: the user is already inactive in the app."],
    links: [Links.provisionOnDemand])

  let examples = [
    RuleExample(
      [
        "09:00 audit Disable account", "09:40 scim GET filter total=1 active=false",
        "09:40 prov other skipped RedundantExport",
      ],
      outcome: .getOnly),
    RuleExample(["09:00 audit Disable account", "09:40 scim GET filter total=1 active=true"], triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    guard c.deprovisioningWrites.isEmpty,
      let inactive = c.lookups.last(where: { ScimClassifier.isFalse($0.returnedActive) })
    else { return nil }
    return RuleMatch(
      .likely, "The app already had the user inactive (\(inactive.text)), so there was nothing to change.",
      evidence: [inactive] + c.provisioningSkips)
  }
}

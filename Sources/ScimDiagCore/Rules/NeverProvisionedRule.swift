import ScimDiagParsing

/// The user was never created or matched in the app.
struct NeverProvisionedRule: CauseRule {
  let description = RuleDescription(
    id: "never-provisioned", title: "Never provisioned", attention: .nothingToDo,
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
    // Created before the logs begin: no create in them is no evidence.
    RuleExample(["08:40 cycle", "09:00 audit Delete user", "09:40 cycle", "10:20 cycle"], triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    // Absence is no evidence (a user created before the logs begin has no create in them):
    // only a create that failed or was skipped, or a lookup that found nothing, shows it.
    guard c.deprovisioningWrites.isEmpty, !c.knownInApp else { return nil }
    let failedCreates = c.before.filter {
      $0.source == .provisioning && ($0.status == .skipped || ($0.action == .create && $0.status == .failure))
    }
    if let failed = failedCreates.last {
      return RuleMatch(
        .likely, "The user was never created in the app: before the trigger Entra only logged \(failed.text).",
        evidence: failedCreates + [c.trigger])
    }
    let notFound = c.before.filter { $0.scimKind == .lookup && ($0.totalResults == 0 || $0.httpStatus == 404) }
    if let lookup = notFound.last, !c.before.contains(where: { $0.scimKind == .create && $0.isSuccess }) {
      return RuleMatch(
        .possible,
        "Before the trigger the app answered Entra's lookup with no user (\(lookup.text)) and no create followed: the user does not seem to have existed in the app.",
        evidence: [lookup, c.trigger], missing: ["provisioning events for the user before \(c.trigger.time.prefix(10))"]
      )
    }
    return nil
  }
}

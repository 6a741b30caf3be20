import ScimDiagParsing

/// The job's user mapping does not include the Update action.
struct UpdateActionDisabledRule: CauseRule {
  let description = RuleDescription(
    id: "update-action-disabled", title: "Update action disabled", attention: .needsAction,
    summary: "Update is not among the user mapping's target object actions: no disable is ever sent.",
    rationale:
      "Disables (after a soft delete, a block of sign-in, an unassignment) are sent as updates; with the Update target object action unchecked the service never sends them (how-provisioning-works).",
    remediation: [
      "In the app's Provisioning → Mappings → Provision Microsoft Entra ID Users, check Update under Target Object Actions.",
      "Save; the next cycle sends the pending disables.",
    ],
    links: [Links.howProvisioningWorks])

  let examples = [
    RuleExample(["08:00 config flowTypes=Add", "09:00 audit Delete user", "09:40 cycle disable"], triggers: false),
    RuleExample(
      [
        "07:00 config flowTypes=Add,Delete", "08:00 scim POST 201", "09:00 audit Delete user", "09:40 cycle",
        "10:20 cycle",
      ],
      outcome: .nothing),
    RuleExample(
      [
        "07:00 config flowTypes=Add,Update,Delete", "08:00 scim POST 201", "09:00 audit Delete user",
        "09:40 scim PATCH active=false 204",
      ],
      triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    guard c.kind != .hardDelete, c.deprovisioningWrites.isEmpty, let (config, _) = c.config,
      let m = config.userMapping, !m.flowTypes.contains(where: { $0.lowercased() == "update" }),
      // The logs show the job disabling users then: the snapshot does not describe that time.
      c.jobDid(.disable) == nil
    else { return nil }
    return RuleMatch(
      c.configConfidence,
      "The job's user mapping '\(m.name)' (\(config.asOf)) has target object actions \(m.flowTypes.joined(separator: ", ")): without Update no disable is sent.\(c.configCaveat)",
      evidence: [c.trigger])
  }
}

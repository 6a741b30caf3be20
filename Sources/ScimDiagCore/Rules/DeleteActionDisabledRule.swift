import ScimDiagParsing

/// The job's user mapping does not include the Delete action.
struct DeleteActionDisabledRule: CauseRule {
  let description = RuleDescription(
    id: "delete-action-disabled", title: "Delete action disabled", attention: .needsAction,
    summary: "Delete is not among the user mapping's target object actions: hard deletes are never sent.",
    rationale:
      "A hard delete of a managed user is sent as DELETE /Users/{id} only when the Delete target object action is enabled (how-provisioning-works).",
    remediation: [
      "If the app must delete users, check Delete under Target Object Actions in the user mapping.",
      "Delete users already hard-deleted in Entra by hand in the app.",
    ],
    links: [Links.howProvisioningWorks])

  let examples = [
    RuleExample(
      [
        "08:00 scim POST 201", "08:10 config flowTypes=Add,Update", "09:00 audit Hard Delete user",
        "09:40 cycle delete",
      ],
      triggers: false),
    RuleExample(
      [
        "07:00 config flowTypes=Add,Update", "08:00 scim POST 201", "09:00 audit Delete user",
        "09:30 scim PATCH active=false 204",
        "d1 09:00 audit Hard Delete user", "d1 09:40 cycle",
      ],
      outcome: .nothing),
    RuleExample(
      [
        "07:00 config flowTypes=Add,Update,Delete", "08:00 scim POST 201", "09:00 audit Hard Delete user",
        "09:40 scim DELETE 204",
      ],
      triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    guard c.kind == .hardDelete, !c.deprovisioningWrites.contains(where: { $0.scimKind == .delete }),
      let (config, _) = c.config, let m = config.userMapping,
      !m.flowTypes.contains(where: { $0.lowercased() == "delete" }),
      // The logs show the job deleting users then: the snapshot does not describe that time.
      c.jobDid(.delete) == nil
    else { return nil }
    return RuleMatch(
      c.configConfidence,
      "The job's user mapping '\(m.name)' (\(config.asOf)) has target object actions \(m.flowTypes.joined(separator: ", ")): without Delete a hard delete sends nothing.\(c.configCaveat)",
      evidence: [c.trigger])
  }
}

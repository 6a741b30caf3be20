import ScimDiagParsing

/// The job synchronises all users, so an unassignment changes nothing.
struct ScopeSyncAllRule: CauseRule {
  let description = RuleDescription(
    id: "scope-sync-all", title: "Scope: sync all users", attention: .needsAction,
    summary: "The job's scope is 'Sync all users and groups': unassigning a user does not take them out of scope.",
    rationale:
      "With scope 'Sync all users and groups' (job setting SyncAll) assignments do not decide who is provisioned, so removing an assignment or a group membership is not a deprovisioning event; switching to assigned-only needs a restart (known issues).",
    remediation: [
      "If assignments should decide access, set Scope to 'Sync only assigned users and groups' and restart provisioning.",
      "Otherwise deprovision by blocking sign-in or deleting the user, or with a scoping filter.",
    ],
    links: [Links.howProvisioningWorks])

  let examples = [
    RuleExample(
      [
        "07:00 config SyncAll=True", "08:00 scim POST 201", "09:00 audit Remove app role assignment from user",
        "09:40 cycle",
        "10:20 cycle",
      ],
      outcome: .nothing),
    RuleExample(
      [
        "07:00 config SyncAll=False", "08:00 scim POST 201", "09:00 audit Remove app role assignment from user",
        "09:40 scim PATCH active=false 204",
      ],
      triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    guard c.kind.leavesScope, c.deprovisioningWrites.isEmpty, let (config, _) = c.config,
      config.syncAll == true
    else { return nil }
    return RuleMatch(
      c.configConfidence,
      "The job's scope is 'Sync all users and groups' (SyncAll=True, \(config.asOf)), so the unassignment did not take the user out of scope.\(c.configCaveat)",
      evidence: [c.trigger])
  }
}

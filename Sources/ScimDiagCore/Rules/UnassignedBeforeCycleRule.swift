import ScimDiagParsing

/// Assigned and unassigned before any cycle created the user.
struct UnassignedBeforeCycleRule: CauseRule {
  let description = RuleDescription(
    id: "unassigned-before-cycle", title: "Unassigned before a cycle", attention: .nothingToDo,
    summary: "Assigned and unassigned before any cycle created the user: nothing to deprovision.",
    rationale:
      "A user exists in the app only after a cycle (or provision on demand) created or matched it. Assigned and unassigned within one cycle window, the user is never created; the provisioning log shows nothing, or a Skipped event with SkipReason NotEffectivelyEntitled and 'Assigned to the application' False (analyze-provisioning-logs; azure-docs#22948).",
    remediation: [
      "Nothing to deprovision: the user was never created in the app.",
      "If the user does exist in the app, it was created some other way; remove it by hand.",
    ],
    links: [Links.analyzeLogs, Links.howProvisioningWorks])

  let examples = [
    RuleExample(
      [
        "08:40 cycle", "09:00 audit Add app role assignment grant to user",
        "09:10 audit Remove app role assignment from user",
        "09:40 prov other skipped NotEffectivelyEntitled notarget",
      ],
      outcome: .skipped),
    RuleExample(
      ["08:40 cycle", "09:00 audit Add member to group", "09:20 audit Remove member from group", "09:40 cycle"],
      outcome: .nothing),
    RuleExample(
      [
        "09:00 audit Add app role assignment grant to user", "09:30 scim POST 201",
        "d1 09:10 audit Remove app role assignment from user",
        "d1 09:40 scim PATCH active=false 204",
      ],
      triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    guard c.kind.leavesScope, c.deprovisioningWrites.isEmpty, !c.knownInApp,
      let assigned = c.before.last(where: { $0.auditKind == .assign || $0.auditKind == .groupAdd })
    else { return nil }
    let cycleBetween = c.cycleStarted(between: assigned.time, and: c.trigger.time)
    let skip = c.provisioningSkips.first { $0.skipReason == "NotEffectivelyEntitled" }
    guard !cycleBetween || skip != nil else { return nil }
    var text = "The user was assigned at \(assigned.time.prefix(16)) and unassigned at \(c.trigger.time.prefix(16))"
    text += cycleBetween ? "; no cycle created the user in the app" : " with no cycle in between"
    text += skip.map { ", and Entra later logged \($0.text)." } ?? "."
    return RuleMatch(.likely, text, evidence: [assigned, c.trigger] + (skip.map { [$0] } ?? []))
  }
}

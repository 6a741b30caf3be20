import ScimDiagParsing

/// The delete was undone before a cycle ran.
struct RestoredBeforeCycleRule: CauseRule {
  let description = RuleDescription(
    id: "restored-before-cycle", title: "Restored before a cycle", attention: .nothingToDo,
    summary: "The delete was undone by a restore before a cycle ran.",
    rationale:
      "The delta query a cycle reads collapses a change and its reversal inside one cycle window: a user deleted and restored before the next cycle looks unchanged, so nothing (or a RedundantExport skip) is logged.",
    remediation: ["Nothing to do if the restore was intended: the user is active in Entra and in the app."],
    links: [Links.howProvisioningWorks])

  let examples = [
    RuleExample(
      ["08:40 cycle", "09:00 audit Delete user", "09:15 audit Restore user", "09:40 cycle"], outcome: .nothing),
    RuleExample(
      ["09:00 audit Delete user", "09:30 scim PATCH active=false 204", "09:45 audit Restore user"], triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    guard [.softDelete, .disable].contains(c.kind), c.deprovisioningWrites.isEmpty,
      let restore = c.window.first(where: { $0.auditKind == .restore || $0.auditKind == .enable }),
      !c.cycleStarted(between: c.trigger.time, and: restore.time)
    else { return nil }
    return RuleMatch(
      .likely,
      "\(restore.text) at \(restore.time.prefix(16)) undid the change before any provisioning activity, so the next cycle saw no change.",
      evidence: [c.trigger, restore])
  }
}

import ScimDiagParsing

/// Soft and hard delete inside one cycle window.
struct DeletedWithinCycleRule: CauseRule {
  let description = RuleDescription(
    id: "deleted-within-cycle", title: "Deleted within one cycle", attention: .needsAction,
    summary: "Soft and hard delete inside one cycle window: the service only saw the net state.",
    rationale:
      "Incremental cycles read changes since the last watermark, about every 20–40 minutes. A user soft-deleted and then permanently deleted before the next cycle is gone when the cycle reads it: there is no object to disable, and the link to the app's user may be lost, so nothing is sent (azure-docs#30269 shows only the GUID probe).",
    remediation: [
      "Delete (or disable) the user in the app by hand.",
      "In future, let a cycle run (20–40 minutes, or provision on demand) between the soft and the hard delete.",
    ],
    links: [Links.howProvisioningWorks, Links.whenWillProvisioningFinish])

  let examples = [
    RuleExample(
      ["08:40 cycle", "09:00 audit Delete user", "09:10 audit Hard Delete user", "09:40 probe", "10:20 cycle"],
      outcome: .nothing),
    RuleExample(["08:40 cycle", "09:00 audit Delete user", "09:10 audit Hard Delete user", "09:40 probe"], trigger: 0),
    RuleExample(
      ["09:00 audit Delete user", "09:30 cycle", "09:35 audit Hard Delete user", "10:10 cycle"], triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    let pair: (TimelineEvent, TimelineEvent)?
    if c.kind == .hardDelete, let soft = c.previousTriggers.last, TriggerDetector.kind(of: soft) == .softDelete {
      pair = (soft, c.trigger)
    } else if c.kind == .softDelete, let hard = c.nextTrigger, TriggerDetector.kind(of: hard) == .hardDelete {
      pair = (c.trigger, hard)
    } else {
      pair = nil
    }
    guard let (soft, hard) = pair, !c.cycleStarted(between: soft.time, and: hard.time),
      !c.after.contains(where: { ($0.scimKind == .disablePatch || $0.scimKind == .delete) && $0.isSuccess })
    else { return nil }
    return RuleMatch(
      .likely,
      "The user was soft-deleted at \(soft.time.prefix(16)) and permanently deleted at \(hard.time.prefix(16)) with no provisioning activity in between, so no cycle saw the soft-deleted user to disable.",
      evidence: [soft, hard])
  }
}

import ScimDiagParsing

/// No cycle had time to run after the trigger.
struct CyclePendingRule: CauseRule {
  let description = RuleDescription(
    id: "cycle-pending", title: "Cycle pending", attention: .pending,
    summary: "No cycle had time to run after the trigger.",
    rationale:
      "Incremental cycles run about every 20–40 minutes and the interval cannot be changed (known issues); a change is sent in the first cycle after it. Logs that end sooner cannot show it yet.",
    remediation: [
      "Wait for the next cycle (up to 40 minutes), or provision the user on demand, then export the logs again."
    ],
    links: [Links.whenWillProvisioningFinish, Links.provisionOnDemand])

  let examples = [
    RuleExample(["08:40 cycle", "09:00 audit Delete user", "09:10 end"], outcome: .pending),
    RuleExample(["08:40 cycle", "09:00 audit Delete user", "09:40 cycle", "09:50 end"], triggers: false),
    // Only the audit log: still the likeliest reading, but only possible, and the missing logs are named.
    RuleExample(["09:00 audit Delete user", "09:10 end"], outcome: .pending),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    guard c.deprovisioningWrites.isEmpty, c.window.allSatisfy({ $0.source == .audit }), c.firstCycleAfter == nil,
      c.minutesToLogEnd < 2 * TriggerContext.cycleMinutes
    else { return nil }
    guard c.activityLogged else {
      // Only the audit log: nothing shows whether a cycle ran after the trigger.
      return RuleMatch(
        .possible,
        "The logs end \(Int(c.minutesToLogEnd.rounded())) minutes after the trigger, sooner than a cycle usually comes; no provisioning or SCIM log was ingested to show whether one ran.",
        evidence: [c.trigger], missing: c.missingActivity, outcome: .pending)
    }
    return RuleMatch(
      .likely,
      "The logs end \(Int(c.minutesToLogEnd.rounded())) minutes after the trigger with no provisioning activity since: the next cycle had not run yet.",
      evidence: [c.trigger], outcome: .pending)
  }
}

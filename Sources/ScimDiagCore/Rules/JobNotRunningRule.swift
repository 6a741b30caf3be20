import ScimDiagParsing

/// The job was quarantined, paused or stopped.
struct JobNotRunningRule: CauseRule {
  let description = RuleDescription(
    id: "job-not-running", title: "Job not running", attention: .needsAction,
    summary: "The job was quarantined, paused or stopped: no cycle processed the trigger.",
    rationale:
      "A paused or stopped job runs no cycles; a quarantined job runs about once a day and is disabled after four weeks (quarantine doc). Audit events Disable/pause provisioning configuration and Quarantine record it.",
    remediation: [
      "Open the app's Provisioning overview and check the status and quarantine reason.",
      "Fix the cause (credentials, SCIM endpoint errors), then start or restart provisioning.",
    ],
    links: [Links.quarantine])

  let examples = [
    RuleExample(
      ["08:40 cycle", "08:50 job Disable/pause provisioning configuration", "09:00 audit Delete user", "12:00 end"],
      outcome: .nothing),
    RuleExample(["08:40 cycle", "09:00 audit Delete user", "09:40 prov disable success"], triggers: false),
    // The job object: paused, its last successful cycle before the trigger.
    RuleExample(
      ["08:40 cycle", "09:00 audit Delete user", "12:00 config JobStatus=Paused@08:45", "12:00 end"], outcome: .nothing),
    // Only the audit log goes on: its silence says nothing about cycles.
    RuleExample(["09:00 audit Delete user", "12:00 end"], triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    guard c.deprovisioningWrites.isEmpty, c.provisioningInWindow.isEmpty else { return nil }
    if let state = c.facts.jobState(at: c.trigger.time) {
      let activity = state.activity.lowercased()
      if activity.hasPrefix("disable") || activity.hasPrefix("delete") || activity == "quarantine" {
        let e = TimelineEvent(
          time: state.time, ref: state.ref, file: "", line: 0, text: state.activity, via: "job",
          payload: .audit(AuditFacts(kind: .other, activity: state.activity)))
        return RuleMatch(
          .likely,
          "The job was in state '\(state.activity)' since \(state.time.prefix(16)) when the trigger happened\(c.firstCycleAfter == nil ? ", and no cycle ran afterwards" : "").",
          evidence: [e, c.trigger])
      }
    }
    // The job object as Graph returns it: not Active, and no successful cycle since the trigger.
    if let (config, _) = c.config, let status = config.jobStatus, status.notRunning,
      status.quarantineReason?.lowercased() != "toomanydeletes",
      status.lastSuccess.map({ $0 < c.trigger.time }) ?? true
    {
      let reason = status.quarantineReason.map { " (\($0))" } ?? ""
      let last =
        status.lastSuccess.map { "; its last successful cycle ended \($0.prefix(16)), before the trigger" } ?? ""
      return RuleMatch(
        .likely, "The job's status (\(config.asOf)) is \(status.code)\(reason)\(last).", evidence: [c.trigger])
    }
    if c.firstCycleAfter == nil, let end = c.activityEnd,
      c.trigger.time.minutes(to: end) >= 2 * TriggerContext.cycleMinutes
    {
      return RuleMatch(
        .possible,
        "No provisioning event or SCIM request of any user follows the trigger, although the logs go on for \(Int(c.minutesToLogEnd)) minutes.",
        evidence: [c.trigger], missing: ["the job's status and audit events of category ProvisioningManagement"])
    }
    return nil
  }
}

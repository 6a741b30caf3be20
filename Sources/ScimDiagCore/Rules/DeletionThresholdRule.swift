import ScimDiagParsing

/// The accidental-deletion threshold held the change.
struct DeletionThresholdRule: CauseRule {
  let description = RuleDescription(
    id: "deletion-threshold", title: "Accidental-deletion threshold", attention: .needsAction,
    summary: "The accidental-deletion threshold held the change (stagedDelete, quarantine).",
    rationale:
      "When a cycle would disable or delete more users than the job's threshold, the job is quarantined, the held users appear with action StagedDelete, and an admin must choose Allow deletes (accidental-deletions doc).",
    remediation: [
      "Review the held deletions in the provisioning logs (action StagedDelete).",
      "If they are intended, choose Allow deletes on the provisioning overview; otherwise fix the assignments or scoping.",
    ],
    links: [Links.accidentalDeletions])

  let examples = [
    RuleExample(
      ["08:40 cycle", "09:00 audit Delete user", "12:00 config JobStatus=Quarantine/TooManyDeletes", "12:00 end"],
      outcome: .nothing),
    RuleExample(
      ["09:00 audit Delete user", "09:40 prov stagedDelete skipped", "09:40 job Quarantine"], outcome: .skipped),
    RuleExample(["09:00 audit Delete user", "09:40 prov disable success"], triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    guard c.deprovisioningWrites.isEmpty else { return nil }
    guard
      let staged = c.provisioningInWindow.first(where: { $0.action == .stagedDelete || $0.action == .stagedAction })
    else {
      // The job object: quarantined for too many deletes, since before the user's change came due.
      guard let (config, _) = c.config, let status = config.jobStatus,
        status.quarantineReason?.lowercased() == "toomanydeletes", c.provisioningInWindow.isEmpty
      else { return nil }
      let since = status.quarantineSince.map { " since \($0.prefix(16))" } ?? ""
      return RuleMatch(
        .likely,
        "The job's status (\(config.asOf)) is \(status.code) with reason TooManyDeletes\(since): the accidental-deletion threshold holds the disables and deletes until an admin allows them.",
        evidence: [c.trigger])
    }
    return RuleMatch(
      .certain, "Entra logged \(staged.text): the change is held by the accidental-deletion threshold.",
      evidence: [staged])
  }
}

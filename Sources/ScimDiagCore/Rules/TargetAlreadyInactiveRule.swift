import ScimDiagParsing

/// The app's user was already inactive.
struct TargetAlreadyInactiveRule: CauseRule {
  let description = RuleDescription(
    id: "target-already-inactive", title: "Already inactive", attention: .nothingToDo,
    summary:
      "The lookup returned the user already active: false (or an earlier disable still stands): redundant.",
    rationale:
      "When the app's user already has active false, the desired and actual states match: Entra logs action Other, status Skipped, SkipReason RedundantExport (\"The state of the user in both the source and target systems already match\", provisionOnDemand docs) and sends nothing.",
    remediation: ["Nothing to do: the user is already inactive in the app."],
    links: [Links.provisionOnDemand])

  let examples = [
    // The matching step: Entra read the app's user as inactive before deciding.
    RuleExample(
      [
        "09:00 audit Delete user",
        "09:40 prov other skipped RedundantExport target.active=False source.IsSoftDeleted=True",
      ],
      outcome: .skipped),
    RuleExample(
      [
        "09:00 audit Disable account", "09:40 scim GET filter total=1 active=false",
        "09:40 prov other skipped RedundantExport",
      ],
      outcome: .getOnly),
    RuleExample(
      [
        "08:00 scim POST 201", "09:00 audit Remove app role assignment from user", "09:40 prov disable success",
        "09:40 scim PATCH active=false 204", "d1 09:00 audit Delete user",
        "d1 09:40 prov other skipped NotEffectivelyEntitled",
      ],
      outcome: .skipped),
    RuleExample(["09:00 audit Disable account", "09:40 scim GET filter total=1 active=true"], triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    guard c.deprovisioningWrites.isEmpty else { return nil }
    // The matching step carries the app's user as Entra read it, before deciding.
    let inactiveLookups = c.lookups.filter { ScimClassifier.isFalse($0.returnedActive) }
    var match: RuleMatch?
    if let read = c.provisioningInWindow.first(where: { $0.provisioning?.targetActive == false }) {
      match = RuleMatch(
        .likely,
        "Entra read the app's user as already inactive (matching step: active false) in \(read.text), so there was nothing to change.",
        evidence: [read] + inactiveLookups)
    } else if let inactive = inactiveLookups.last {
      match = RuleMatch(
        .likely, "The app already had the user inactive (\(inactive.text)), so there was nothing to change.",
        evidence: [inactive] + c.provisioningSkips)
    }
    if var found = match {
      // Active at an earlier read, inactive now, and no write from Entra in between.
      let firstInactive = ([inactiveLookups.first] + [found.evidence.first]).compactMap { $0 }.min {
        $0.position < $1.position
      }
      if let read = firstInactive, let seen = c.lastSeenActive(before: read) {
        found.explanation +=
          " \(TriggerContext.seenPhrase(seen)), and no PATCH or DELETE reached it since: the user was deactivated in the app outside Entra."
        found.evidence.insert(seen, at: 0)
        found.remediation = TriggerContext.changedByAppRemediation
      }
      return found
    }
    // Disabled earlier (say after an unassignment) and not re-enabled since.
    let disabled = c.before.last {
      ($0.scimKind == .disablePatch && $0.isSuccess)
        || ($0.source == .provisioning && $0.action == .disable && $0.status == .success)
    }
    guard let disabled, c.lookups.allSatisfy({ $0.returnedActive == nil }) else { return nil }
    let revived = c.before.contains {
      $0.time > disabled.time
        && ($0.scimKind == .enablePatch || $0.scimKind == .create
          || [.restore, .enable, .assign, .groupAdd].contains($0.auditKind))
    }
    guard !revived else { return nil }
    return RuleMatch(
      c.provisioningSkips.isEmpty ? .possible : .likely,
      "The app's user was already disabled (\(disabled.text) at \(disabled.time.prefix(16))) and nothing re-enabled it since, so there was nothing to change.",
      evidence: [disabled] + c.provisioningSkips)
  }
}

import ScimDiagParsing

/// The disable or delete reached the app as expected.
struct NoneRule: CauseRule {
  let description = RuleDescription(
    id: "none", title: "Delivered", attention: .delivered,
    summary: "The app received the disable or delete as expected.",
    rationale:
      "After a soft delete, a block of sign-in or an unassignment, Entra sends PATCH /Users/{id} setting active to false; after a hard delete of a managed user it sends DELETE /Users/{id} (how-provisioning-works). A 2xx answer means the app accepted it.",
    remediation: ["Nothing to do for this trigger."], links: [Links.howProvisioningWorks])

  let examples = [
    RuleExample(
      ["09:00 audit Delete user", "09:30 prov disable success", "09:30 scim PATCH active=false 204", "10:10 cycle"],
      outcome: .delivered),
    RuleExample(
      ["09:00 audit Hard Delete user", "09:30 prov delete success", "09:30 scim DELETE 204"], outcome: .delivered),
    RuleExample(["09:00 audit Disable account", "09:30 prov disable success", "10:00 end"], outcome: .delivered),
    RuleExample(["09:00 audit Delete user", "09:30 scim PATCH active=false 500"], triggers: false),
    // Blocking sign-in writes two audit events at once: one change, one finding.
    RuleExample(
      [
        "08:00 scim POST 201", "09:00 audit Update user AccountEnabled true->false", "09:00 audit Disable account",
        "09:40 scim PATCH active=false 204", "09:40 prov disable success",
      ], outcome: .delivered, trigger: 0),
    // A block, then a delete before the next cycle: that cycle's disable answers both.
    RuleExample(
      [
        "08:00 scim POST 201", "08:40 cycle", "09:00 audit Update user AccountEnabled true->false",
        "09:05 audit Delete user", "09:40 scim PATCH active=false 204", "09:40 prov disable success",
      ], outcome: .delivered, trigger: 0),
    // Unassigned from the other app only: that app's finding (this one has none).
    RuleExample(
      [
        "08:00 scim POST 201", "08:10 prov create success app=hr",
        "09:00 audit Remove app role assignment from user app=hr", "09:30 prov disable success app=hr",
      ], outcome: .delivered, app: "Contoso HR"),
    // A request log without bodies (nginx): the PATCH at the time of Entra's disable is the disable.
    RuleExample(
      ["09:00 audit Delete user", "09:40 scim PATCH nobody 204", "09:41 prov disable success"], outcome: .delivered),
    // No provisioning log: the first body-less PATCH after the trigger is taken as the disable.
    RuleExample(
      ["08:00 scim POST 201", "09:00 audit Delete user", "09:40 scim PATCH nobody 204"], outcome: .delivered),
    // Entra disabled the user again a cycle later: the first disable did not take.
    RuleExample(
      [
        "09:00 audit Delete user", "09:40 scim PATCH active=false 204", "09:40 prov disable success",
        "10:20 prov disable success",
      ], triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    let writes = c.deprovisioningWrites
    if !writes.isEmpty, writes.allSatisfy(\.isSuccess) {
      // A later read showing the user still active is patch-not-applied, not delivered.
      let last = writes.last!
      let reactivated = c.after.first {
        $0.time > last.time && ($0.scimKind == .enablePatch || $0.auditKind == .restore)
      }
      let stillActive = c.after.contains {
        $0.time > last.time && $0.scimKind == .lookup && ScimClassifier.isTrue($0.returnedActive)
          && (reactivated == nil || $0.time < reactivated!.time)
      }
      let repeated = writes.first { $0.scimKind != .delete }.flatMap {
        c.disabledAgain(after: $0, before: reactivated) ?? c.entraReadActive(after: $0, before: reactivated)
      }
      if (stillActive || repeated != nil) && last.scimKind != .delete {
        return nil
      }
      let bodyless = c.bodylessDisables
      guard let first = bodyless.first else {
        return RuleMatch(
          .certain, "The SCIM log shows \(writes[0].text) after the trigger.",
          evidence: writes + c.provisioningDeprovisions)
      }
      // The request log kept no body: the PATCH is the disable by its time and target.
      // Entra's record of that request, when the provisioning log has it (`bodylessDisables`).
      if let entra = c.provisioningInWindow.first(where: {
        ($0.action == .disable || $0.action == .delete)
          && abs(first.time.minutes(to: $0.time)) <= TriggerContext.clockToleranceMinutes
      }) {
        return RuleMatch(
          .certain,
          "The SCIM log shows \(first.text) after the trigger, at the time Entra logged \(entra.text): that request is the disable. The log keeps no request bodies, so the value sent for active is not shown; a later read of the user would show whether the app applied it.",
          evidence: writes + c.provisioningDeprovisions)
      }
      return RuleMatch(
        .likely,
        "The SCIM log shows \(first.text) in the first cycle after the trigger. The log keeps no request bodies and no provisioning log covers this time, so that the PATCH set active false is inferred: it is the only write Entra sends a deprovisioned user.",
        evidence: writes,
        missing: [
          "the provisioning log for \(c.trigger.time.prefix(10)), or a request log with bodies, to confirm the PATCH"
        ])
    }
    if writes.isEmpty, !c.scimCovers, let ok = c.provisioningDeprovisions.first(where: { $0.status == .success }) {
      return RuleMatch(
        .likely, "Entra logged \(ok.text); no SCIM request log covers this time to confirm what the app received.",
        evidence: [ok], missing: ["the SCIM server's request log for \(c.trigger.time.prefix(10))"])
    }
    return nil
  }
}

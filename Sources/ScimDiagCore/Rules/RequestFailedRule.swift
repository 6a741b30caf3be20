import ScimDiagParsing

/// The disable or delete was sent and failed.
struct RequestFailedRule: CauseRule {
  let description = RuleDescription(
    id: "request-failed", title: "Request failed", attention: .needsAction,
    summary: "The PATCH or DELETE was sent and failed (HTTP error, provisioning failure, retries).",
    rationale:
      "A failed export is escrowed and retried in later cycles with decreasing frequency; the quarantine doc gives 6 h, 12 h and 24 h, then daily, for 28 days. Several error codes say the change is retried in 40 minutes (analyze-provisioning-logs).",
    remediation: [
      "Read the error: the HTTP status and body in the SCIM log, errorCode and reason in the provisioning log.",
      "Fix the server (or the data) and wait for the retry, or provision the user on demand.",
      "If most calls fail, check the job is not in quarantine.",
    ],
    links: [Links.analyzeLogs, Links.quarantine])

  let examples = [
    RuleExample(
      [
        "09:00 audit Delete user", "09:30 scim PATCH active=false 500",
        "09:30 prov disable failure SystemForCrossDomainIdentityManagementBadResponse",
      ], outcome: .failed),
    RuleExample(["09:00 audit Delete user", "09:30 prov disable failure Timeout"], outcome: .failed),
    RuleExample(["09:00 audit Delete user", "09:30 scim PATCH active=false 204"], triggers: false),
    // Two apps: the other app's failed disable is that app's finding, not this one's evidence.
    RuleExample(
      [
        "09:00 audit Delete user", "09:30 prov disable success", "09:30 scim PATCH active=false 204",
        "09:31 prov disable failure Timeout app=hr",
      ], triggers: false),
    RuleExample(
      [
        "09:00 audit Delete user", "09:30 prov disable success", "09:30 scim PATCH active=false 204",
        "09:31 prov disable failure Timeout app=hr",
      ], outcome: .failed, app: "Contoso HR"),
    // A request log without bodies: the failed PATCH at the time of Entra's failure is the disable.
    RuleExample(
      [
        "09:00 audit Delete user", "09:30 scim PATCH nobody 500",
        "09:31 prov disable failure SystemForCrossDomainIdentityManagementBadResponse",
      ], outcome: .failed),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    let failedWrites = c.deprovisioningWrites.filter { !$0.isSuccess }
    let failedEvents = c.provisioningDeprovisions.filter { $0.status == .failure }
    if let w = failedWrites.first {
      let retried = c.deprovisioningWrites.contains { $0.isSuccess && $0.time > w.time }
      if retried { return nil }
      return RuleMatch(
        .certain, "The app answered \(w.text)\(failedEvents.first.map { "; Entra logged \($0.text)" } ?? "").",
        evidence: failedWrites + failedEvents)
    }
    if let e = failedEvents.first, c.deprovisioningWrites.isEmpty {
      return RuleMatch(
        c.scimCovers ? .possible : .likely,
        "Entra logged \(e.text)"
          + (c.scimCovers && c.bodylessWrites.isEmpty ? ", but the SCIM log shows no such request." : "."),
        evidence: failedEvents, missing: c.scimCovers ? [] : ["the SCIM server's request log, to see the response"])
    }
    return nil
  }
}

import ScimDiagParsing

/// Entra says it exported the change; the SCIM log does not have it.
struct ServerLogGapRule: CauseRule {
  let description = RuleDescription(
    id: "server-log-gap", title: "Missing from the SCIM log", attention: .needsAction,
    summary:
      "Entra recorded a successful export that the SCIM log does not contain (log incomplete, or another endpoint).",
    rationale:
      "A provisioning event with a disable or delete and status success means Entra's call returned 2xx. If the app's own request log covering that time has no matching request, the log is incomplete (sampling, rotation, another instance) or the job points at another tenant URL.",
    remediation: [
      "Check the job's tenant URL points at the server whose log you have.",
      "Check the log covers every instance behind the load balancer and was not rotated away.",
      "Search the log for the user's SCIM id around the provisioning event's time.",
    ],
    links: [Links.analyzeLogs])

  let examples = [
    RuleExample(
      ["08:00 probe", "09:00 audit Delete user", "09:30 prov disable success", "09:31 probe", "10:00 probe"],
      outcome: .nothing),
    RuleExample(
      ["08:00 probe", "09:00 audit Delete user", "09:30 prov disable success", "09:30 scim PATCH active=false 204"],
      triggers: false),
    // The PATCH is in the log, only without its body.
    RuleExample(
      ["09:00 audit Delete user", "09:40 scim PATCH nobody 204", "09:40 prov disable success", "10:30 end"],
      triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    guard c.scimCovers, c.deprovisioningWrites.isEmpty, c.bodylessWrites.isEmpty,
      let ok = c.provisioningDeprovisions.first(where: { $0.status == .success && $0.action != .update })
    else { return nil }
    return RuleMatch(
      .likely,
      "Entra logged \(ok.text) at \(ok.time.prefix(16)), but the SCIM log, which covers \(c.facts.scimStart!.prefix(16)) to \(c.facts.scimEnd!.prefix(16)), has no PATCH or DELETE for this user.",
      evidence: [ok] + c.lookups)
  }
}

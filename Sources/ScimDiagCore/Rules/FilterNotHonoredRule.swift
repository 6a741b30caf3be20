import ScimDiagParsing

/// The server ignored the eq filter.
struct FilterNotHonoredRule: CauseRule {
  let description = RuleDescription(
    id: "filter-not-honored", title: "Filter not honoured", attention: .needsAction,
    summary: "The server answered an eq filter with several or non-matching resources.",
    rationale:
      "Entra expects GET /Users?filter=userName eq \"x\" to return exactly the matching user or none (SCIM tutorial). Several results give DuplicateTargetEntries or SystemForCrossDomainIdentityManagementMultipleEntriesInResponse; a non-matching single result makes Entra act on the wrong user or none.",
    remediation: [
      "Implement the eq filter on userName (and the matching attribute) in the SCIM server, case-insensitively for userName.",
      "Test with GET /Users?filter=userName eq \"<user>\" and check totalResults is 1.",
    ],
    links: [Links.scimTutorial])

  let examples = [
    RuleExample(
      ["09:00 audit Delete user", "09:40 scim GET filter total=3 foreign", "09:40 prov other skipped RedundantExport"],
      outcome: .getOnly),
    RuleExample(
      ["09:00 audit Delete user", "09:40 scim GET filter total=1 active=true", "09:40 scim PATCH active=false 204"],
      triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    guard c.deprovisioningWrites.isEmpty else { return nil }
    let bad = c.lookups.filter { ($0.foreignResults ?? 0) > 0 || ($0.totalResults ?? 0) > 1 }
    guard let first = bad.first else { return nil }
    return RuleMatch(
      .likely, "The server answered the user's filter with other users: \(first.text).", evidence: bad)
  }
}

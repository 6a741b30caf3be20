import ScimDiagParsing

/// The matching lookup found nothing to disable.
struct TargetNotFoundRule: CauseRule {
  let description = RuleDescription(
    id: "target-not-found", title: "Target not found", attention: .needsAction,
    summary: "The matching lookup returned no resource (empty list, 404): nothing to disable.",
    rationale:
      "Before updating, Entra finds the user in the app by the matching attribute (GET /Users?filter=userName eq \"…\") or by the cached id (GET /Users/{id}). An empty list or a 404 leaves nothing to disable; a previously linked user that is gone gives errorCode InvalidAnchor (analyze-provisioning-logs). Inactive users must still be returned by GET (SCIM tutorial).",
    remediation: [
      "Check the matching attribute's mapping produces the value the app stores as userName (case, domain, #EXT# guests).",
      "Make sure the server returns inactive users to GET and filters, and answers 404 only for users that do not exist.",
      "If the user was created in the app outside Entra, align its userName so Entra can match it.",
    ],
    links: [Links.scimTutorial, Links.analyzeLogs])

  let examples = [
    RuleExample(
      [
        "09:00 audit Remove app role assignment from user", "09:40 scim GET filter total=0",
        "09:40 prov other skipped NotEffectivelyEntitled",
      ],
      outcome: .getOnly),
    RuleExample(["08:00 scim POST 201", "09:00 audit Delete user", "09:40 scim GET id 404"], outcome: .getOnly),
    RuleExample(
      ["09:00 audit Delete user", "09:40 scim GET filter total=1 active=true", "09:40 scim PATCH active=false 204"],
      triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    guard c.deprovisioningWrites.isEmpty else { return nil }
    let empty = c.lookups.filter { ($0.totalResults == 0) || $0.httpStatus == 404 }
    let anchor = c.provisioningInWindow.filter { $0.errorCode == "InvalidAnchor" }
    guard !empty.isEmpty || !anchor.isEmpty else { return nil }
    if c.lookups.contains(where: { $0.returnedActive != nil }) { return nil }
    let what = (empty.first ?? anchor.first)!
    var match = RuleMatch(
      .likely, "The lookup after the trigger found no user: \(what.text). With no target there is nothing to disable.",
      evidence: empty + anchor)
    if let lookup = empty.first, let seen = c.lastSeenActive(before: lookup) {
      match.explanation +=
        " \(TriggerContext.seenPhrase(seen)), and no PATCH or DELETE reached it since: the user was removed (or its userName changed) in the app outside Entra."
      match.evidence.insert(seen, at: 0)
      match.remediation = TriggerContext.changedByAppRemediation
    }
    return match
  }
}

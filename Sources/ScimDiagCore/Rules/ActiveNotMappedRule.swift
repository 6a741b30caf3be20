import ScimDiagParsing

/// No mapping drives active from IsSoftDeleted.
struct ActiveNotMappedRule: CauseRule {
  let description = RuleDescription(
    id: "active-not-mapped", title: "active not mapped", attention: .needsAction,
    summary: "No mapping drives active from IsSoftDeleted: the disable computes no change (RedundantExport).",
    rationale:
      "The disable is driven by the active mapping, by default Switch([IsSoftDeleted], , \"False\", \"True\", \"True\", \"False\") or Not([IsSoftDeleted]) (how-provisioning-works). Without it, or with a constant, a soft-deleted or unassigned user computes the same target state as before, so Entra logs Other / Skipped / RedundantExport while the app's user is still active, and sends only the lookup GET.",
    remediation: [
      "In the app's Provisioning → Mappings → Users, map active from Switch([IsSoftDeleted], , \"False\", \"True\", \"True\", \"False\") (or Not([IsSoftDeleted])).",
      "Make sure the Update target object action is enabled.",
      "Restart provisioning or provision the user on demand, then check the PATCH in the SCIM log.",
    ],
    links: [Links.howProvisioningWorks, Links.scimTutorial])

  let examples = [
    // A snapshot without the active mapping, but the job disabled another user that cycle:
    // the snapshot does not describe the job at the trigger.
    RuleExample(
      [
        "08:00 config flowTypes=Add,Update,Delete active=none", "09:00 audit Delete user", "09:40 cycle disable",
        "09:40 prov other skipped NotEffectivelyEntitled",
      ], triggers: false),
    // Matching step active, import step soft-deleted, and no change computed.
    RuleExample(
      [
        "09:00 audit Delete user",
        "09:40 prov other skipped RedundantExport target.active=True source.IsSoftDeleted=True",
      ],
      outcome: .skipped),
    RuleExample(
      [
        "09:00 audit Delete user", "09:40 scim GET filter total=1 active=true",
        "09:40 prov other skipped RedundantExport",
      ],
      outcome: .getOnly),
    RuleExample(["09:00 audit Delete user", "09:40 prov other skipped RedundantExport"], outcome: .skipped),
    RuleExample(
      [
        "09:00 audit Delete user", "09:40 scim GET filter total=1 active=false",
        "09:40 prov other skipped RedundantExport",
      ], triggers: false),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    guard c.deprovisioningWrites.isEmpty else { return nil }
    // With the job's configuration known, it decides.
    var caveat = ""
    if let (config, afterwards) = c.config, let m = config.userMapping, let a = m.active, a.deprovisions {
      // A configuration exported before the trigger settles it; one exported later may have been fixed since.
      guard afterwards || c.configConfidence == .possible else { return nil }
      caveat =
        " The configuration (\(config.asOf), after the trigger) maps active correctly (\(a.expression)): if it was not changed since, look elsewhere."
    } else if let (config, _) = c.config, let m = config.userMapping {
      guard c.kind != .hardDelete, c.firstCycleAfter != nil || !c.provisioningInWindow.isEmpty,
        // The logs show the job disabling users then: the snapshot does not describe that time.
        c.jobDid(.disable) == nil
      else { return nil }
      let how =
        m.active.map {
          "maps active ← \($0.expression), which gives \($0.forSoftDeleted ?? "null") for a soft-deleted user and \($0.forActive ?? "null") for an active one"
        } ?? "does not map active at all"
      return RuleMatch(
        c.configConfidence,
        "The job's user mapping (\(config.asOf)) \(how): the disable computes no change.\(c.configCaveat)",
        evidence: [c.trigger] + c.provisioningSkips + c.lookups)
    }
    let redundant = c.provisioningSkips.filter { $0.skipReason == "RedundantExport" }
    let active = c.lookups.last { ScimClassifier.isTrue($0.returnedActive) }
    if c.lookups.contains(where: { ScimClassifier.isFalse($0.returnedActive) || ($0.foreignResults ?? 0) > 0 }) {
      return nil
    }
    if let r = redundant.first {
      // The matching step shows the app's user active as Entra read it, and the import step the
      // source as soft-deleted (or does not say): the computed active value did not change.
      if let facts = r.provisioning, facts.targetActive == true, facts.sourceSoftDeleted != false {
        let source = facts.sourceSoftDeleted == true ? " and the source user soft-deleted (IsSoftDeleted true)" : ""
        return RuleMatch(
          caveat.isEmpty ? .likely : .possible,
          "Entra read the app's user as active (matching step)\(source), yet logged \(r.text): the active value it computed did not change, which happens when active is not mapped from IsSoftDeleted.\(caveat)",
          evidence: [r] + (active.map { [$0] } ?? []),
          missing: c.config == nil ? ["the job's attribute mappings (scimdiag config) to make this certain"] : [])
      }
      if let active {
        return RuleMatch(
          caveat.isEmpty ? .likely : .possible,
          "Entra logged \(r.text) although the app's user was still active (\(active.text)): the computed active value did not change, which happens when active is not mapped from IsSoftDeleted.\(caveat)",
          evidence: [active, r],
          missing: c.config == nil ? ["the job's attribute mappings (scimdiag config) to make this certain"] : [])
      }
      return RuleMatch(
        .possible,
        "Entra logged \(r.text): it computed no change for the app. Either active is not mapped from IsSoftDeleted, or the app's user was already inactive.\(caveat)",
        evidence: [r],
        missing: ["a SCIM GET of the user after the trigger"]
          + (c.config == nil ? ["the job's attribute mappings (scimdiag config)"] : []))
    }
    if let active, c.provisioningDeprovisions.isEmpty, c.kind != .hardDelete, c.bodylessWrites.isEmpty {
      return RuleMatch(
        .possible,
        "A cycle looked the user up (\(active.text)) and sent no PATCH: consistent with active not being mapped from IsSoftDeleted.",
        evidence: [active], missing: ["the provisioning log for this cycle"])
    }
    return nil
  }
}

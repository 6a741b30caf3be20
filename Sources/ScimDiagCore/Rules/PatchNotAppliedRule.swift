import ScimDiagParsing

/// The server accepted the disable PATCH but the user stayed active.
struct PatchNotAppliedRule: CauseRule {
  let description = RuleDescription(
    id: "patch-not-applied", title: "PATCH accepted but not applied", attention: .needsAction,
    summary: "The server accepted the PATCH, but later reads still show the user active.",
    rationale:
      "Without the aadOptscim062020 flag, non-gallery SCIM jobs send {\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}: a capitalised op and the string \"False\" (scim-compatibility doc; a real scimgateway log shows it). A server that compares op case-sensitively or expects a JSON boolean answers 2xx and changes nothing.",
    remediation: [
      "Make the SCIM server accept op case-insensitively and the strings \"True\"/\"False\" for boolean attributes.",
      "Or append ?aadOptscim062020 to the app's tenant URL so Entra sends lowercase ops and real booleans.",
      "Re-run the cycle (or provision on demand) and check that GET /Users/{id} returns active false.",
    ],
    links: [Links.scimCompatibility, Links.scimTutorial])

  let examples = [
    RuleExample(
      [
        "09:00 audit Delete user", "09:30 prov disable success", "09:30 scim PATCH active=\"False\" 204",
        "10:10 scim GET id 200 active=true",
      ],
      outcome: .failed),
    RuleExample(
      ["09:00 audit Delete user", "09:30 scim PATCH active=false 204", "10:10 scim GET id 200 active=false"],
      triggers: false),
    RuleExample(
      [
        "09:00 audit Delete user", "09:40 scim PATCH nobody 204", "09:40 prov disable success",
        "10:20 scim GET id 200 active=true",
      ], outcome: .failed),
    // A later cycle's matching step still reads the app's user as active.
    RuleExample(
      [
        "09:00 audit Delete user", "09:40 scim PATCH active=false 204", "09:40 prov disable success",
        "10:20 prov update success target.active=True",
      ], outcome: .failed),
    // Sequences: a second successful disable in a later cycle means the first did not take.
    RuleExample(
      [
        "09:00 audit Delete user", "09:40 scim PATCH active=false 204", "09:40 prov disable success",
        "10:20 scim PATCH active=false 204", "10:20 prov disable success",
      ], outcome: .failed),
    RuleExample(
      [
        "09:00 audit Delete user", "09:40 scim PATCH active=false 204", "09:40 prov disable success",
        "10:00 audit Restore user", "10:30 audit Delete user", "11:00 scim PATCH active=false 204",
      ], triggers: false, trigger: 0),
  ]

  /// What to do when the PATCH carried a real boolean, or the log does not show its body: the
  /// string "False" is not the reason.
  static let booleanRemediation = [
    "Find why the SCIM server answered 2xx without applying active: its PATCH handler (op Replace, path active), or a later write of the app's own that set the user active again.",
    "Re-run the cycle (or provision on demand) and check that GET /Users/{id} returns active false.",
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    guard let patch = c.deprovisioningWrites.first(where: { $0.scimKind != .delete && $0.isSuccess }) else {
      return nil
    }
    let stringValue = patch.patchValue?.hasPrefix("\"") == true
    let sentAs = "op \"\(patch.patchOp ?? "?")\" with value \(patch.patchValue ?? "?")"
    let form = stringValue ? " Entra sent \(sentAs): a string, which many servers ignore for a boolean." : ""
    let bodyless =
      patch.scim?.bodyLogged == false ? " The request log keeps no bodies, so what the PATCH sent is not shown." : ""
    let reactivated = c.after.first {
      $0.time > patch.time && ($0.scimKind == .enablePatch || $0.auditKind == .restore)
    }
    let later = c.after.first {
      $0.time > patch.time && $0.scimKind == .lookup && ScimClassifier.isTrue($0.returnedActive)
        && (reactivated == nil || $0.time < reactivated!.time)
    }
    var match: RuleMatch?
    if let later {
      match = RuleMatch(
        .likely, "The app answered \(patch.text), yet a later read, \(later.text), still shows the user active.\(form)",
        evidence: [patch, later], outcome: .failed)
    } else if let read = c.entraReadActive(after: patch, before: reactivated) {
      match = RuleMatch(
        .likely,
        "The app answered \(patch.text), yet in a later cycle Entra still read the app's user as active (matching step of \(read.text) at \(read.time.prefix(16))).\(form)",
        evidence: [patch, read], outcome: .failed)
    } else if let again = c.disabledAgain(after: patch, before: reactivated) {
      match = RuleMatch(
        .likely,
        "The app answered \(patch.text), yet Entra disabled the user again in a later cycle (\(again.text) at \(again.time.prefix(16))): Entra repeats a disable only when it still reads the user as active.\(form)",
        evidence: [patch, again], outcome: .failed)
    } else if stringValue {
      match = RuleMatch(
        .possible,
        "The app accepted the PATCH, but Entra sent \(sentAs), a string many servers ignore for a boolean; no later read shows whether it took effect.",
        evidence: [patch],
        missing: ["a GET /Users/\(c.user.scimId ?? "{id}") after \(patch.time.prefix(16)) showing active"])
    }
    if !stringValue { match?.remediation = PatchNotAppliedRule.booleanRemediation }
    match?.explanation += bodyless
    return match
  }
}

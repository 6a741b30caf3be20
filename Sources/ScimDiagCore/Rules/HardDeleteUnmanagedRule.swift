import ScimDiagParsing

/// A hard delete of a user the service stopped managing after an unassignment-driven disable.
struct HardDeleteUnmanagedRule: CauseRule {
  let description = RuleDescription(
    id: "hard-delete-unmanaged", title: "Hard delete of an unmanaged user", attention: .nothingToDo,
    summary:
      "Hard delete of a user the service stopped managing after an earlier unassignment-driven disable: no DELETE by design.",
    rationale:
      "How-provisioning-works, known limitations: after a user is disabled because of an unassignment (or leaving scope), the provisioning service no longer manages that user, so a later delete sends no DELETE to the app.",
    remediation: [
      "Delete the user in the app by hand (or through its API) if it must not remain, even disabled.",
      "If the app must receive DELETEs, delete users in Entra while they are still assigned, and keep the Delete target object action enabled.",
    ],
    links: [Links.howProvisioningWorks])

  let examples = [
    RuleExample(
      [
        "09:00 audit Remove app role assignment from user", "09:30 prov disable success",
        "09:30 scim PATCH active=false 204", "d1 09:00 audit Delete user", "d1 09:30 cycle",
        "d2 09:00 audit Hard Delete user",
        "d2 09:40 cycle", "d2 10:20 cycle",
      ],
      outcome: .nothing),
    RuleExample(
      [
        "09:00 audit Delete user", "09:30 scim PATCH active=false 204", "d1 09:00 audit Hard Delete user",
        "d1 09:30 scim DELETE 204",
      ],
      triggers: false),
    // The same with a request log that keeps no bodies.
    RuleExample(
      [
        "09:00 audit Remove app role assignment from user", "09:30 prov disable success", "09:30 scim PATCH nobody 204",
        "d1 09:00 audit Delete user", "d1 09:30 cycle", "d2 09:00 audit Hard Delete user", "d2 09:40 cycle",
        "d2 10:20 cycle",
      ],
      outcome: .nothing),
  ]

  func evaluate(_ c: TriggerContext) -> RuleMatch? {
    guard c.kind == .hardDelete, !c.deprovisioningWrites.contains(where: { $0.scimKind == .delete && $0.isSuccess })
    else { return nil }
    guard
      let unassign = c.previousTriggers.last(where: {
        TriggerDetector.kind(of: $0)?.leavesScope == true
      })
    else { return nil }
    let disabled = c.timeline.first {
      $0.time >= unassign.time && $0.time < c.trigger.time
        && (($0.scimKind == .disablePatch && $0.isSuccess) || ($0.action == .disable && $0.status == .success))
    }
    guard let disabled else { return nil }
    return RuleMatch(
      disabled.source == .scim ? .certain : .likely,
      "The user was unassigned (\(unassign.text), \(unassign.time.prefix(16))) and disabled in the app (\(disabled.text)); from then on the service no longer manages the user, so the hard delete sends nothing.",
      evidence: [unassign, disabled, c.trigger])
  }
}

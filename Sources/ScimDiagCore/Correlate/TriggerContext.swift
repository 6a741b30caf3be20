import ScimDiagParsing

/// Everything known around one trigger: the user's timeline split at the trigger, the
/// tenant's facts, and the evidence-only outcome. Rules read only this.
package struct TriggerContext: Sendable {
  package var user: UserIdentity
  package var trigger: TimelineEvent
  package var kind: TriggerKind
  package var timeline: [TimelineEvent]
  /// Events after the trigger up to the next trigger of the user that came after a cycle had
  /// started (or the end): triggers before the same cycle are all answered by what it did.
  package var window: [TimelineEvent]
  /// Events before the trigger.
  package var before: [TimelineEvent]
  /// Events after the trigger, to the end of the logs (not cut at the next trigger).
  package var after: [TimelineEvent]
  package var nextTrigger: TimelineEvent?
  package var previousTriggers: [TimelineEvent]
  /// Other audit events of the same change (blocking sign-in writes two), diagnosed with it.
  package var sameChange: [TimelineEvent]
  package var facts: TenantFacts
  /// The start of the first cycle after the trigger.
  package var firstCycleAfter: String?

  /// Entra's usual cycle interval (reference §5.3: 20–40 minutes).
  package static let cycleMinutes = 40.0

  /// The context of the change `changes[position]` (`TriggerDetector.changes`).
  package init(
    user: UserIdentity, timeline: [TimelineEvent], changes: [[Int]], position: Int, kind: TriggerKind,
    facts: TenantFacts
  ) {
    let change = changes[position]
    let triggerIndex = change[0]
    self.user = user
    self.timeline = timeline
    self.trigger = timeline[triggerIndex]
    self.kind = kind
    self.facts = facts
    sameChange = change.dropFirst().map { timeline[$0] }
    let next = position + 1 < changes.count ? changes[position + 1][0] : nil
    nextTrigger = next.map { timeline[$0] }
    previousTriggers = changes[..<position].map { timeline[$0[0]] }
    let includeSelf = timeline[triggerIndex].source != .audit
    let start = includeSelf ? triggerIndex : triggerIndex + 1
    let time = trigger.time
    // The window ends at the first later trigger that a cycle started before.
    let end =
      changes[(position + 1)...].first { facts.firstCycle(after: time, before: timeline[$0[0]].time) != nil }?[0]
    before = Array(timeline[..<triggerIndex])
    after = Array(timeline[(includeSelf ? triggerIndex : triggerIndex + 1)...])
    window = Array(timeline[min(start, timeline.count)..<(end ?? timeline.count)])
    firstCycleAfter = includeSelf ? facts.firstCycle(atOrAfter: time) : facts.firstCycle(after: time)
  }

  // MARK: Evidence helpers

  package var scimInWindow: [TimelineEvent] { window.filter { $0.source == .scim } }
  package var provisioningInWindow: [TimelineEvent] { window.filter { $0.source == .provisioning } }
  /// PATCH/PUT setting active false, and DELETEs, in the window; and PATCH/PUT requests whose
  /// body the log did not keep when they are the disable (`bodylessDisables`).
  package var deprovisioningWrites: [TimelineEvent] {
    let bodyless = Set(bodylessDisables.map(\.ref))
    return scimInWindow.filter { $0.scimKind == .disablePatch || $0.scimKind == .delete || bodyless.contains($0.ref) }
  }

  /// PATCH or PUT requests on the user in the window whose body the log did not keep.
  package var bodylessWrites: [TimelineEvent] {
    scimInWindow.filter { $0.scimKind == .otherPatch && $0.scim?.bodyLogged == false }
  }

  /// Body-less PATCH/PUT requests that are the disable: within minutes (clocks differ) of a
  /// provisioning disable or delete of the user, which is Entra's record of that very request
  /// (an update's PATCH may set any attribute); or, when no provisioning log covers the trigger,
  /// the first such request after it (Entra's only write to a deprovisioned user is the disable).
  package var bodylessDisables: [TimelineEvent] {
    let writes = bodylessWrites
    guard !writes.isEmpty else { return [] }
    let disables = provisioningInWindow.filter { $0.action == .disable || $0.action == .delete }
    let matched = writes.filter { w in
      disables.contains { abs(w.time.minutes(to: $0.time)) <= TriggerContext.clockToleranceMinutes }
    }
    if !matched.isEmpty || provisioningCovers { return matched }
    return [writes[0]]
  }

  /// The last request before `read` in which the app still had the user active (a lookup that
  /// returned it active, or its creation), when no successful PATCH, PUT or DELETE reached the
  /// app between the two: what the app then answers in `read` changed outside Entra.
  package func lastSeenActive(before read: TimelineEvent) -> TimelineEvent? {
    let earlier = timeline.filter { $0.scim != nil && $0.position < read.position }
    guard
      let seen = earlier.last(where: {
        ($0.scimKind == .lookup && ScimClassifier.isTrue($0.returnedActive)) || ($0.scimKind == .create && $0.isSuccess)
      })
    else { return nil }
    let writes = earlier.filter {
      $0.position > seen.position && $0.isSuccess
        && ($0.scimKind == .disablePatch || $0.scimKind == .delete || $0.scimKind == .otherPatch)
    }
    return writes.isEmpty ? seen : nil
  }

  /// How `lastSeenActive`'s request showed the user: "answered with the user active at …" or
  /// "created the user at …", with the request.
  package static func seenPhrase(_ seen: TimelineEvent) -> String {
    let how = seen.scimKind == .create ? "created the user" : "answered with the user active"
    return "The app \(how) at \(seen.time.prefix(16)) (\(seen.text))"
  }

  /// What to do when the app changed the user itself, on a read.
  package static let changedByAppRemediation = [
    "The app removed, renamed or deactivated the user itself, without a PATCH or DELETE from Entra: a GET (Entra's lookup) must not change state. Find what in the app did it (a handler of Entra's lookup, a sync job, an admin) and stop it.",
    "Let the app wait for Entra's PATCH (active false) or DELETE: then Entra's provisioning log and the app agree.",
    "Check the app's audit trail for the user between the two reads.",
  ]

  /// A provisioning event of a later cycle than `write` whose matching step read the app's user
  /// as active, before `limit` (a re-activation).
  package func entraReadActive(after write: TimelineEvent, before limit: TimelineEvent?) -> TimelineEvent? {
    after.first {
      write.time.minutes(to: $0.time) > 2 * TriggerContext.clockToleranceMinutes
        && $0.provisioning?.targetActive == true
        && (limit == nil || $0.time < limit!.time)
    }
  }

  /// A successful disable of the user in a later cycle than `write`, with no trigger or
  /// re-activation in between: Entra found the user still active after `write`.
  package func disabledAgain(after write: TimelineEvent, before limit: TimelineEvent?) -> TimelineEvent? {
    let bodyless = Set(bodylessDisables.map(\.ref))
    for e in after where e.time > write.time {
      if let limit, e.time >= limit.time { return nil }
      if e.source == .audit, TriggerDetector.kind(of: e) != nil { return nil }
      guard write.time.minutes(to: e.time) > 2 * TriggerContext.clockToleranceMinutes else { continue }
      let isDisable =
        (e.scimKind == .disablePatch || bodyless.contains(e.ref)) || (e.action == .disable && e.status == .success)
      if isDisable && e.isSuccess { return e }
    }
    return nil
  }

  /// How far apart Entra's provisioning log and the app's request log may date one request
  /// (the app's clock may be off, and Entra logs the event when the export finishes).
  package static let clockToleranceMinutes = 5.0

  /// True when the provisioning log was ingested and spans the trigger's time up to a cycle after.
  package var provisioningCovers: Bool {
    guard let start = facts.provisioningStart, let end = facts.provisioningEnd else { return false }
    return end >= trigger.time && trigger.time.minutes(to: start) <= TriggerContext.cycleMinutes
  }
  package var lookups: [TimelineEvent] { scimInWindow.filter { $0.scimKind == .lookup } }
  /// Provisioning events that would deprovision: disable, delete, update.
  package var provisioningDeprovisions: [TimelineEvent] {
    provisioningInWindow.filter { $0.action?.deprovisions == true }
  }
  package var provisioningSkips: [TimelineEvent] { provisioningInWindow.filter { $0.status == .skipped } }

  /// True when the SCIM log covers the time after the trigger (so its silence means
  /// something): it has requests for the user after the trigger, or it starts no later than
  /// one cycle after the trigger and ends after it.
  package var scimCovers: Bool {
    guard facts.hasScim, let start = facts.scimStart, let end = facts.scimEnd else { return false }
    if !scimInWindow.isEmpty { return true }
    return end >= trigger.time && trigger.time.minutes(to: start) <= TriggerContext.cycleMinutes
  }

  /// True when the user was created or matched in the app before the trigger.
  package var wasProvisionedBefore: Bool {
    before.contains { e in
      (e.source == .scim && e.scimKind == .create && e.isSuccess)
        || (e.source == .scim && e.scimKind == .lookup && e.returnedActive != nil)
        || (e.source == .scim && (e.scimKind == .otherPatch || e.scimKind == .enablePatch) && e.isSuccess)
        || (e.status == .success && [.create, .update, .disable].contains(e.action))
        || !(e.provisioning?.targetId ?? "").isEmpty
    }
  }

  /// True when Entra or the app shows the user existing in the app at any time: created or
  /// matched before the trigger, a provisioning event that names the app's id for the user
  /// (Entra holds a link only to a user it created or matched), or a read that returned it.
  /// Users created before the logs begin have no create in them; this does not need one.
  package var knownInApp: Bool {
    wasProvisionedBefore
      || timeline.contains { !($0.provisioning?.targetId ?? "").isEmpty || $0.returnedActive != nil }
  }

  /// True when a log that shows cycles and requests (provisioning or SCIM) was ingested at all.
  package var activityLogged: Bool { facts.hasProvisioning || facts.hasScim }

  /// The last time the provisioning or SCIM log covers (nil when neither was ingested).
  package var activityEnd: String? { [facts.provisioningEnd, facts.scimEnd].compactMap { $0 }.max() }

  /// The sources that would show what the app received after the trigger and are missing or
  /// do not reach its time, each with the time range that would settle it.
  package var missingActivity: [String] {
    let from = trigger.time.prefix(16)
    var out: [String] = []
    if !provisioningCovers { out.append("Entra's provisioning log from \(from) for at least one cycle (40 minutes)") }
    if !scimCovers { out.append("the SCIM server's request log from \(from) for at least one cycle (40 minutes)") }
    return out
  }

  /// The job configuration in force at the trigger, if one was ingested.
  package var config: (config: JobConfig, afterwards: Bool)? { facts.config(at: trigger.time) }

  /// How far a configuration snapshot can be trusted for this trigger: `certain` when it
  /// predates the trigger, `likely` when it was exported later, `possible` when the audit log
  /// shows the job's configuration may have changed between the snapshot and the trigger.
  package var configConfidence: Confidence {
    guard let (snapshot, afterwards) = config else { return .possible }
    if facts.configChange(between: snapshot.exportedAt, and: trigger.time) != nil { return .possible }
    // With several apps, a snapshot no file was stated to be this app's may be another job's.
    if !facts.configAttributed { return .possible }
    return afterwards ? .likely : .certain
  }

  /// A sentence saying why the snapshot may not hold at the trigger, or "".
  package var configCaveat: String {
    guard let (snapshot, _) = config else { return "" }
    var out = ""
    if let change = facts.configChange(between: snapshot.exportedAt, and: trigger.time) {
      out +=
        " The audit log shows '\(change.activity)' at \(change.time.prefix(16)), between the configuration's time and the trigger: it may not have held then."
    }
    if !facts.configAttributed {
      out +=
        " The store holds several apps and no configuration file was stated to be this one's (ingest --app): the snapshot may be another app's job."
    }
    return out
  }

  /// A successful disable (or delete) of any user within a day of the trigger, with no
  /// configuration change between it and the trigger: the job did disable (or delete) then, so a
  /// snapshot saying it cannot is contradicted by the logs.
  package func jobDid(_ action: ProvisioningAction) -> String? {
    guard let t = Timestamp.epochSeconds(trigger.time) else { return nil }
    let epochs = action == .delete ? facts.deleteEpochs : facts.disableEpochs
    guard let near = TenantFacts.nearest(epochs, to: t, within: 86_400) else { return nil }
    let time = Timestamp.render(epochSeconds: Int64(near.rounded(.down)), fraction7: 0)
    if facts.configChange(between: time, and: trigger.time) != nil { return nil }
    return time
  }

  /// Minutes from the trigger to the end of all logs.
  package var minutesToLogEnd: Double { facts.logEnd.map { trigger.time.minutes(to: $0) } ?? 0 }

  /// True when a cycle started strictly between two times (so it saw the first change).
  package func cycleStarted(between a: String, and b: String) -> Bool {
    facts.firstCycle(after: a, before: b) != nil
  }

  /// The evidence-only outcome: what the app's endpoint saw after the trigger.
  package var observedOutcome: Outcome {
    let writes = deprovisioningWrites
    if !writes.isEmpty { return writes.allSatisfy(\.isSuccess) ? .delivered : .failed }
    if scimCovers {
      if !lookups.isEmpty { return .getOnly }
    }
    if provisioningDeprovisions.contains(where: { $0.status == .failure }) { return .failed }
    if !scimCovers, provisioningDeprovisions.contains(where: { $0.status == .success }) { return .delivered }
    if !provisioningSkips.isEmpty { return .skipped }
    if firstCycleAfter == nil && minutesToLogEnd < TriggerContext.cycleMinutes { return .pending }
    return .nothing
  }
}

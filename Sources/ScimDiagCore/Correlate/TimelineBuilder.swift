import ScimDiagParsing

/// Turns the rows linked to users into timeline events: classifies each record (what an audit
/// activity, a provisioning action or a SCIM request means for deprovisioning), writes its
/// one-line summary, and orders each user's events (`TimelinePosition`).
package enum TimelineBuilder {
  package static func event(_ row: AuditTimelineRow) -> TimelineEvent {
    let kind = AuditClassifier.kind(activity: row.activity, accountEnabledChange: row.accountEnabledChange)
    let by = row.initiatedByUPN ?? row.initiatedByApp
    return TimelineEvent(
      time: row.time, ref: row.id, file: row.place.file, line: row.place.line,
      text: row.activity + (by.map { " by \($0)" } ?? ""), via: row.place.via,
      payload: .audit(
        AuditFacts(
          kind: kind, activity: row.activity, servicePrincipalId: row.servicePrincipalId, groupId: row.groupId)))
  }

  package static func event(_ row: ProvisioningTimelineRow) -> TimelineEvent {
    let status = ProvisioningStatus(row.status)
    var text = "provisioning \(row.action): \(row.status)"
    if let skip = row.skipReason { text += " (\(skip))" }
    if let error = row.errorCode, row.skipReason == nil { text += " (\(error))" }
    var facts = ProvisioningFacts(
      action: ProvisioningAction(row.action), status: status,
      skipReason: row.skipReason ?? (status == .skipped ? row.errorCode : nil), errorCode: row.errorCode,
      cycleId: row.cycleId, targetId: row.targetId)
    let source = row.importDetails.flatMap { try? JSONValue.parse($0) }
    let target = row.matchingDetails.flatMap { try? JSONValue.parse($0) }
    facts.targetActive = flag(target?["active"])
    facts.sourceSoftDeleted = flag(source?["IsSoftDeleted"])
    facts.sourceEnabled = flag(source?["accountEnabled"])
    facts.servicePrincipalId = row.servicePrincipalId
    if let active = facts.targetActive { text += ", app's user active=\(active)" }
    return TimelineEvent(
      time: row.time, ref: row.id, file: row.place.file, line: row.place.line, text: text, via: row.place.via,
      payload: .provisioning(facts))
  }

  /// A SCIM request on the timeline of `user`: its PATCH operations say what it did to
  /// `active`; the resources its response returned say whether the server answered with this
  /// user (by its SCIM id or one of its names) or with others.
  package static func event(
    _ row: ScimTimelineRow, operations: [PatchOperationRow], resources: [ReturnedResourceRow], user: UserIdentity?
  ) -> TimelineEvent {
    var facts = ScimFacts(kind: .other, method: row.method, httpStatus: row.status)
    facts.totalResults = row.listTotalResults
    facts.bodyLogged = row.hasRequestBody || !operations.isEmpty || row.bodyActive != nil
    var detail = ""
    switch row.method {
    case "PATCH", "PUT":
      let ops = operations.map { ($0.op, $0.path, $0.value) }
      if let (op, value) = ScimClassifier.activeChange(ops: ops, bodyActive: row.bodyActive) {
        facts.patchOp = op
        facts.patchValue = value
        facts.kind =
          ScimClassifier.isFalse(value) ? .disablePatch : ScimClassifier.isTrue(value) ? .enablePatch : .otherPatch
        detail = ": active=\(value)" + (op.map { " (op \($0))" } ?? "")
      } else {
        facts.kind = .otherPatch
        if !facts.bodyLogged { detail = " (body not in the log)" }
      }
    case "DELETE": facts.kind = .delete
    case "POST": facts.kind = .create
    case "GET":
      facts.kind = .lookup
      readReturned(resources, user: user, into: &facts)
      if let total = facts.totalResults {
        detail = ", \(total) result\(total == 1 ? "" : "s")" + (facts.returnedActive.map { ", active=\($0)" } ?? "")
      } else if let active = facts.returnedActive {
        detail = ", active=\(active)"
      }
    default: facts.kind = .other
    }
    let shownPath = row.filter.map { f in (row.path.split(separator: "?").first.map(String.init) ?? "") + "?filter=" + f
    }
    let text = "\(row.method) \(shownPath ?? row.path) → \(row.status.map { String($0) } ?? "?")" + detail
    return TimelineEvent(
      time: row.time, ref: row.key, file: row.place.file, line: row.place.line, text: text, via: row.place.via,
      payload: .scim(facts))
  }

  /// Which returned resources are the user (their `active`) and how many are someone else.
  private static func readReturned(_ resources: [ReturnedResourceRow], user: UserIdentity?, into facts: inout ScimFacts)
  {
    var names: Set<String> = []
    var ids: Set<String> = []
    for key in user?.keys ?? [] {
      switch key {
      case .name(let v): names.insert(v)
      case .scimId(let v): ids.insert(v)
      default: break
      }
    }
    var foreign = 0
    for r in resources {
      let mine =
        r.id.map(ids.contains) == true || r.userName.map { names.contains($0.lowercased()) } == true
        || r.externalId.map { names.contains($0.lowercased()) } == true
      if mine { facts.returnedActive = r.active } else { foreign += 1 }
    }
    facts.foreignResults = foreign
  }

  /// Each user's timeline, in order.
  package static func timelines(_ rows: TimelineRows, users: [Int: UserIdentity]) -> [Int: [TimelineEvent]] {
    var out: [Int: [TimelineEvent]] = [:]
    for row in rows.audit { out[row.place.userId, default: []].append(event(row)) }
    for row in rows.provisioning { out[row.place.userId, default: []].append(event(row)) }
    for row in rows.scim {
      out[row.place.userId, default: []].append(
        event(
          row, operations: rows.operations[row.key] ?? [], resources: rows.resources[row.key] ?? [],
          user: users[row.place.userId]))
    }
    for id in out.keys { out[id] = ordered(out[id]!) }
    return out
  }

  /// A boolean as exports write it: `true`, `"True"`, `"False"`, `"[true]"`.
  static func flag(_ value: JSONValue?) -> Bool? {
    guard let text = value?.text?.lowercased().trimmingCharacters(in: ["[", "]", "\"", " "]) else { return nil }
    return text == "true" ? true : text == "false" ? false : nil
  }

  /// Events sorted into the timeline's total order.
  package static func ordered(_ events: [TimelineEvent]) -> [TimelineEvent] {
    events.sorted { $0.position < $1.position }
  }
}

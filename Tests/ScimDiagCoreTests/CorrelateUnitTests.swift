import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

/// The correlate stage on rows built in memory: no store, no SQLite.
@Suite struct CorrelateUnitTests {
  static let aliceId = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"
  static let bobId = "1a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"

  static func place(_ file: String = "a.json", _ line: Int = 1, user: Int = 1) -> RecordPlace {
    RecordPlace(userId: user, via: "test", file: file, line: line)
  }

  @Test func recordsSharingAKeyBecomeOneUserAndOthersStayApart() {
    var input = IdentityInput()
    input.provisioningEvents = [
      ProvisioningIdentityRow(id: "p1", sourceIdentityId: Self.aliceId, targetIdentityId: "scim-a"),
      ProvisioningIdentityRow(id: "p2", sourceIdentityId: Self.bobId, sourceUPN: "bob@contoso.com"),
    ]
    input.auditUserTargets = [
      AuditUserTargetRow(
        eventId: "a1", objectId: Self.aliceId.uppercased(),
        userPrincipalName: Self.aliceId.replacingOccurrences("-", "") + "alice@contoso.com")
    ]
    input.scimRequests = [ScimIdentityRow(key: "s1", resourceType: "Users", resourceId: "scim-a")]
    let result = IdentityGraph.build(input)
    #expect(result.users.map(\.label) == ["alice@contoso.com", "bob@contoso.com"])
    let alice = result.users[0]
    #expect(Set(alice.records.map(\.recordId)) == ["p1", "a1", "s1"])
    #expect(alice.objectId == Self.aliceId)
    #expect(alice.scimId == "scim-a")
    #expect(alice.keys.contains(.name("alice@contoso.com")), "the soft-delete prefix is stripped")
  }

  @Test func aListResponseLinksOnlyTheResourcesItReturnedByTheirOwnKeys() {
    var input = IdentityInput()
    input.scimRequests = [
      ScimIdentityRow(key: "get", filterValue: "alice@contoso.com"),
      ScimIdentityRow(key: "post", bodyId: "scim-a", bodyUserName: "alice@contoso.com"),
    ]
    input.returnedResources = [
      ReturnedResourceRow(requestKey: "get", id: "scim-c", userName: "carol@contoso.com"),
      ReturnedResourceRow(requestKey: "get", id: "scim-d", userName: "dave@contoso.com"),
    ]
    let labels = IdentityGraph.build(input).users.map(\.label)
    #expect(labels == ["alice@contoso.com"])
  }

  @Test func guidFiltersWithNothingElseAreProbesNotUsers() {
    var input = IdentityInput()
    input.scimRequests = [
      ScimIdentityRow(key: "probe", filterValue: "7a1e7b5c-0000-4000-8000-000000000001"),
      ScimIdentityRow(key: "get", filterValue: "alice@contoso.com"),
    ]
    let result = IdentityGraph.build(input)
    #expect(result.probes == ["probe"])
    #expect(result.users.map(\.label) == ["alice@contoso.com"])
  }

  @Test func theGraphsKeysAreHeldAsBytesAndSortLikeTheirStrings() {
    var graph = UnionFind()
    let keys: [UserKey] = [
      .name("zoë@contoso.com"), .name("zoe@contoso.com"), .objectId("zoe@contoso.com"), .scimId(""),
      .name("ångström"), .name("a"), .name("ab"), .name("😀"), .scimId("zoe@contoso.com"), .displayName("Zoe"),
    ]
    let nodes = keys.map { graph.node($0) }
    #expect(nodes == Array(0..<keys.count), "each distinct key (same value, other kind included) is a new node")
    #expect(keys.map { graph.node($0) } == nodes, "a key seen again finds its node")
    #expect(nodes.map { graph.keys[$0] } == keys, "each node gives its key back")
    // Enough keys to grow the table several times, each still found.
    let many = (0..<5_000).map { UserKey.name("user\($0)@contoso.com") }
    let manyNodes = many.map { graph.node($0) }
    #expect(many.map { graph.node($0) } == manyNodes)
    #expect(graph.count == keys.count + many.count)
    // Labels are ordered by their bytes, which is their strings' order.
    for a in nodes {
      for b in nodes {
        #expect(graph.keys.valueLess(a, b) == (keys[a].value < keys[b].value), "\(keys[a]) < \(keys[b])")
      }
    }
  }
  @Test func recordsOfTheSameSecondKeepTheOrderTheirLogWroteThem() {
    let t = "2026-03-02T08:41:10.0000000Z"
    // Request keys are digests: in key order the POST would come before the GET it followed.
    let rows = [
      ScimTimelineRow(
        place: Self.place("log.jsonl", 16), key: "0aaa", time: t, method: "POST", path: "/Users", status: 201),
      ScimTimelineRow(
        place: Self.place("log.jsonl", 15), key: "ffff", time: t, method: "GET", path: "/Users?filter=x",
        status: 200),
    ]
    var input = TimelineRows()
    input.scim = rows
    let timeline = TimelineBuilder.timelines(input, users: [:])[1] ?? []
    #expect(timeline.map(\.scimKind) == [.lookup, .create])
  }

  @Test func timesOrderBeforeSourcesAndSourcesBeforeFiles() {
    var input = TimelineRows()
    input.audit = [
      AuditTimelineRow(
        place: Self.place("z.json", 9), id: "a", time: "2026-03-02T09:00:00.0000000Z", activity: "Delete user")
    ]
    input.provisioning = [
      ProvisioningTimelineRow(
        place: Self.place("a.json", 1), id: "p", time: "2026-03-02T09:00:00.0000000Z", action: "disable",
        status: "success"),
      ProvisioningTimelineRow(
        place: Self.place("a.json", 2), id: "q", time: "2026-03-02T08:59:59.0000000Z", action: "other",
        status: "skipped"),
    ]
    let timeline = TimelineBuilder.timelines(input, users: [:])[1] ?? []
    #expect(timeline.map(\.ref) == ["q", "a", "p"])
  }

  @Test func scimRequestsAreClassifiedByWhatTheyDoToActive() {
    let row = ScimTimelineRow(place: Self.place(), key: "k", time: "t", method: "PATCH", path: "/Users/1", status: 204)
    let stringFalse = TimelineBuilder.event(
      row, operations: [PatchOperationRow(requestKey: "k", op: "Replace", path: "active", value: "\"False\"")],
      resources: [], user: nil)
    #expect(stringFalse.scimKind == .disablePatch)
    #expect(stringFalse.patchValue == "\"False\"")
    let pathless = TimelineBuilder.event(
      row, operations: [PatchOperationRow(requestKey: "k", op: "replace", path: nil, value: "{\"active\":true}")],
      resources: [], user: nil)
    #expect(pathless.scimKind == .enablePatch)
    let other = TimelineBuilder.event(
      row, operations: [PatchOperationRow(requestKey: "k", op: "replace", path: "displayName", value: "\"A\"")],
      resources: [], user: nil)
    #expect(other.scimKind == .otherPatch)
  }

  @Test func aLookupSeesTheUserAmongForeignResults() {
    let user = UserIdentity(
      id: 1, label: "alice@contoso.com", objectId: nil, upn: nil, displayName: nil, scimId: "scim-a",
      keys: [.name("alice@contoso.com"), .scimId("scim-a")])
    let row = ScimTimelineRow(
      place: Self.place(), key: "k", time: "t", method: "GET", path: "/Users?filter=x", status: 200,
      listTotalResults: 2)
    let e = TimelineBuilder.event(
      row, operations: [],
      resources: [
        ReturnedResourceRow(requestKey: "k", id: "scim-b", userName: "bob@contoso.com", active: "true"),
        ReturnedResourceRow(requestKey: "k", id: "other", userName: "ALICE@contoso.com", active: "false"),
      ], user: user)
    #expect(e.returnedActive == "false")
    #expect(e.foreignResults == 1)
  }

  static func audit(_ activity: String, sp: String? = nil, at time: String) -> TimelineEvent {
    TimelineEvent(
      time: time, ref: activity, file: "audit.json", line: 1, text: activity, via: "test",
      payload: .audit(
        AuditFacts(
          kind: AuditClassifier.kind(activity: activity, accountEnabledChange: nil), activity: activity,
          servicePrincipalId: sp)))
  }

  static func provisioning(_ action: String, at time: String) -> TimelineEvent {
    TimelineEvent(
      time: time, ref: action, file: "prov.json", line: 1, text: action, via: "test",
      payload: .provisioning(ProvisioningFacts(action: ProvisioningAction(action), status: .success)))
  }

  @Test func triggersAreAuditChangesOfThisAppOrProvisioningOnesWithoutAudit() {
    let timeline = [
      Self.audit("Add app role assignment grant to user", sp: "sp-app", at: "08:00"),
      Self.audit("Remove app role assignment from user", sp: "sp-other", at: "08:30"),
      Self.audit("Remove app role assignment from user", sp: "sp-app", at: "09:00"),
      Self.provisioning("disable", at: "09:40"),
      Self.audit("Delete user", at: "10:00"),
    ]
    let found = TriggerDetector.triggers(in: timeline, appServicePrincipals: ["sp-app"])
    #expect(found == [2, 4])
    #expect(found.map { TriggerDetector.kind(of: timeline[$0]) } == [.unassign, .softDelete])
    let withoutAudit = [Self.provisioning("update", at: "09:00"), Self.provisioning("delete", at: "09:40")]
    #expect(TriggerDetector.triggers(in: withoutAudit, appServicePrincipals: []) == [1])
    #expect(TriggerDetector.kind(of: withoutAudit[1]) == .hardDelete)
  }

  @Test func providersAddingNewActionsAndStatusesAreKept() {
    #expect(ProvisioningAction("quarantine") == .unknown("quarantine"))
    #expect(ProvisioningAction("stageddelete") == .stagedDelete)
    #expect(ProvisioningStatus("partialsuccess").name == "partialsuccess")
    #expect(UserKey(kind: "oid", value: Self.aliceId) == .objectId(Self.aliceId))
    #expect(UserKey.from(name: "  Alice@Contoso.com ") == .name("alice@contoso.com"))
  }

  @Test func auditEventsOfOneChangeAreOneTriggerAndOthersStayApart() {
    var block = Self.audit("Update user", at: "2026-03-02T09:00:00.0000000Z")
    block.payload = .audit(AuditFacts(kind: .disable, activity: "Update user"))
    let timeline = [
      block,
      Self.audit("Disable account", at: "2026-03-02T09:00:01.0000000Z"),
      Self.audit("Delete user", at: "2026-03-02T09:00:02.0000000Z"),
      Self.audit("Disable account", at: "2026-03-02T09:30:00.0000000Z"),
    ]
    #expect(TriggerDetector.changes(in: timeline, appServicePrincipals: []) == [[0, 1], [2], [3]])
  }

  @Test func aSnapshotIsTrustedOnlyUntilTheJobsConfigurationChanges() {
    var facts = TenantFacts()
    facts.configs = [
      JobConfig(exportedAt: "2026-03-02T08:00:00.0000000Z", source: "job.json", mappings: [], settings: [:])
    ]
    let trigger = Self.audit("Delete user", at: "2026-03-02T09:00:00.0000000Z")
    func context() -> TriggerContext {
      TriggerContext(
        user: UserIdentity(id: 1, label: "a", objectId: nil, upn: nil, displayName: nil, scimId: nil, keys: []),
        timeline: [trigger], changes: [[0]], position: 0, kind: .softDelete, facts: facts)
    }
    #expect(context().configConfidence == .certain)
    facts.configChanges = [
      JobEvent(time: "2026-03-02T08:30:00.0000000Z", activity: "Update attribute mappings or scope", ref: "x")
    ]
    #expect(context().configConfidence == .possible)
    #expect(context().configCaveat.contains("Update attribute mappings or scope"))
    facts.disableEpochs = [Timestamp.epochSeconds("2026-03-02T09:40:00.0000000Z")!]
    #expect(context().jobDid(.disable) != nil, "a disable after the change, near the trigger, contradicts the snapshot")
    facts.configChanges = [
      JobEvent(time: "2026-03-02T09:20:00.0000000Z", activity: "Update attribute mappings or scope", ref: "x")
    ]
    #expect(context().jobDid(.disable) == nil, "a change between that disable and the trigger makes it no evidence")
  }

  static func provisioning(_ action: String, _ status: ProvisioningStatus, app: String, at time: String)
    -> TimelineEvent
  {
    var facts = ProvisioningFacts(action: ProvisioningAction(action), status: status, targetId: "t-\(app)")
    facts.servicePrincipalId = app
    return TimelineEvent(
      time: time, ref: "\(action)-\(app)-\(time)", file: "prov.json", line: 1, text: "\(action) \(status.name) \(app)",
      via: "test", payload: .provisioning(facts))
  }

  /// Two apps: an unassignment concerns only the app it names; a delete concerns both, and each
  /// diagnosis sees only its own app's provisioning events.
  @Test func findingsArePerTriggerAndAppAndOtherAppsAreNoEvidence() {
    var facts = TenantFacts()
    facts.hasAudit = true
    facts.hasProvisioning = true
    facts.apps = [AppRef(id: "sp-hr", name: "HR"), AppRef(id: "sp-wiki", name: "Wiki")]
    facts.provisioningStart = "2026-03-02T08:00:00.0000000Z"
    facts.provisioningEnd = "2026-03-02T12:00:00.0000000Z"
    facts.cycleStarts = [
      "2026-03-02T08:00:00.0000000Z", "2026-03-02T09:40:00.0000000Z", "2026-03-02T10:40:00.0000000Z",
    ]
    let user = UserIdentity(id: 1, label: "a", objectId: nil, upn: nil, displayName: nil, scimId: nil, keys: [])
    let timeline = [
      Self.provisioning("create", .success, app: "sp-hr", at: "2026-03-02T08:00:10.0000000Z"),
      Self.provisioning("create", .success, app: "sp-wiki", at: "2026-03-02T08:00:20.0000000Z"),
      Self.audit("Remove app role assignment from user", sp: "sp-wiki", at: "2026-03-02T09:00:00.0000000Z"),
      Self.provisioning("disable", .success, app: "sp-wiki", at: "2026-03-02T09:40:10.0000000Z"),
      Self.audit("Delete user", at: "2026-03-02T10:00:00.0000000Z"),
      Self.provisioning("disable", .failure, app: "sp-hr", at: "2026-03-02T10:40:10.0000000Z"),
    ]
    let findings = Diagnoser.findings(user: user, timeline: timeline, facts: facts)
    let summary = findings.map { "\($0.trigger.kind.rawValue) \($0.app?.id ?? "-") \($0.outcome.rawValue)" }
    #expect(summary == ["unassign sp-wiki delivered", "soft-delete sp-hr failed", "soft-delete sp-wiki nothing"])
    let hr = findings[1]
    #expect(!hr.evidence.contains { $0.text.contains("sp-wiki") }, "\(hr.evidence)")
    // With one app, findings carry no app and nothing changes.
    facts.apps = [AppRef(id: "sp-hr", name: "HR")]
    #expect(Diagnoser.findings(user: user, timeline: timeline, facts: facts).allSatisfy { $0.app == nil })
  }

  /// A removal from a group assigned to one app concerns that app only.
  @Test func aGroupRemovalConcernsOnlyTheGroupsApps() {
    var facts = TenantFacts()
    facts.hasAudit = true
    facts.hasProvisioning = true
    facts.apps = [AppRef(id: "sp-hr", name: "HR"), AppRef(id: "sp-wiki", name: "Wiki")]
    facts.groupApps = ["g-hr": ["sp-hr"]]
    let user = UserIdentity(id: 1, label: "a", objectId: nil, upn: nil, displayName: nil, scimId: nil, keys: [])
    var removal = Self.audit("Remove member from group", at: "2026-03-02T09:00:00.0000000Z")
    removal.payload = .audit(AuditFacts(kind: .groupRemoval, activity: "Remove member from group", groupId: "g-hr"))
    let timeline = [
      Self.provisioning("create", .success, app: "sp-hr", at: "2026-03-02T08:00:10.0000000Z"),
      Self.provisioning("create", .success, app: "sp-wiki", at: "2026-03-02T08:00:20.0000000Z"),
      removal,
      Self.provisioning("disable", .success, app: "sp-hr", at: "2026-03-02T09:40:10.0000000Z"),
    ]
    let findings = Diagnoser.findings(user: user, timeline: timeline, facts: facts)
    #expect(findings.map { $0.app?.id } == ["sp-hr"])
    // A group the audit log says nothing about concerns every app the user is in.
    facts.groupApps = [:]
    #expect(
      Diagnoser.findings(user: user, timeline: timeline, facts: facts).map { $0.app?.id } == ["sp-hr", "sp-wiki"])
  }
}

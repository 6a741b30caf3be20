import Foundation
import GRDB
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

@Suite struct CorrelationTests {
  /// A fresh folder per test (Swift Testing makes a new suite value for each test).
  let dir = TempDir()

  func store(_ lines: [String]) throws -> (Store, Void) {
    let s = try Store(path: dir.path("s.db"))
    try s.load(try ExampleTenant.records(lines), files: ["a.json"])
    return (s, ())
  }

  @Test func softDeletedUPNIsStrippedOnlyWhenThePrefixIsTheObjectId() {
    let id = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"
    #expect(
      IdentityValues.stripSoftDeletePrefix("0a1b2c3d4e5f60718293a4b5c6d7e8f9alice@contoso.com", objectId: id)
        == "alice@contoso.com")
    #expect(
      IdentityValues.stripSoftDeletePrefix("ffffffffffffffffffffffffffffffffalice@contoso.com", objectId: id)
        == "ffffffffffffffffffffffffffffffffalice@contoso.com")
    #expect(IdentityValues.stripSoftDeletePrefix("alice@contoso.com", objectId: id) == "alice@contoso.com")
  }

  @Test func theJobsDisablesAreReadWhereAConfigurationSnapshotCanUseThem() throws {
    let lines = [
      "08:00 scim POST 201", "09:00 audit Delete user", "09:40 prov disable success", "10:00 prov delete success",
    ]
    let (without, _) = try store(lines)
    let plain = try Explainer(store: without)
    #expect(plain.facts.disableEpochs.isEmpty && plain.facts.deleteEpochs.isEmpty, "no snapshot: nothing reads them")
    let with = try Store(path: dir.path("config.db"))
    try with.load(try ExampleTenant.records(["07:00 config flowTypes=Add,Update,Delete"] + lines), files: ["a.json"])
    let facts = try Explainer(store: with).facts
    #expect(facts.disableEpochs == [Timestamp.epochSeconds("2026-03-02T09:40:00.0000000Z")!])
    #expect(facts.deleteEpochs == [Timestamp.epochSeconds("2026-03-02T10:00:00.0000000Z")!])
  }

  @Test func aFilterAnsweredWithOtherUsersDoesNotMergeThem() throws {
    let (s, _) = try store([
      "08:00 scim POST 201", "09:00 audit Delete user", "09:40 scim GET filter total=3 foreign",
    ])
    #expect(try s.allUsers().map(\.label) == ["alice@contoso.com"])
    let alice = try s.findUsers("alice@contoso.com")
    #expect(alice.count == 1)
    #expect(!alice[0].keys.contains { $0.value.contains("someone") })
  }

  @Test func usersAreFoundInAnyCaseWithoutReadingEveryUser() throws {
    let (s, _) = try store(["08:00 scim POST 201", "09:40 prov disable success"])
    #expect(try s.findUsers("ALICE@Contoso.COM").map(\.label) == ["alice@contoso.com"])
    let plan = try s.read { db in
      try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Store.findUsersSQL, arguments: ["a", "a", "a", "a"])
        .map { $0["detail"] as String }
    }.joined(separator: "\n")
    #expect(plan.contains("USING INDEX users_label_folded"), "\(plan)")
    #expect(!plan.contains("SCAN users"), "\(plan)")
  }

  @Test func assignmentEventsLinkThroughUserObjectID() throws {
    let (s, _) = try store(["09:00 audit Remove app role assignment from user", "09:40 prov disable success"])
    let alice = try #require(try s.findUsers(ExampleTenant.Person.alice.objectId).first)
    let timeline = try Explainer(store: s).report(for: alice).timeline
    #expect(timeline.map(\.source) == [.audit, .provisioning])
    #expect(timeline[0].via.contains("object id \(ExampleTenant.Person.alice.objectId)"))
  }

  @Test func guidFilterProbesAreNotUsers() throws {
    let (s, _) = try store(["08:00 probe", "08:40 probe", "09:00 audit Delete user"])
    #expect(try s.allUsers().map(\.label) == ["alice@contoso.com"])
    #expect(try s.probeTimes().count == 2)
  }

  @Test func usersAreFoundByEveryKeyCaseInsensitively() throws {
    let (s, _) = try store(["08:00 scim POST 201", "08:00 prov create success", "09:00 audit Delete user"])
    let p = ExampleTenant.Person.alice
    for query in [
      p.upn.uppercased(), p.objectId, p.scimId, "alice", p.objectId.replacingOccurrences(of: "-", with: "") + p.upn,
    ] {
      #expect(try s.findUsers(query).map(\.label) == ["alice@contoso.com"], "\(query)")
    }
    #expect(try s.findUsers("nobody@contoso.com").isEmpty)
  }

  @Test func cyclesComeFromCycleIdsAndGapsAreMeasured() {
    let cycles = CycleInference.infer(
      provisioning: [
        ("c1", "2026-03-02T08:00:30.0000000Z"), ("c1", "2026-03-02T08:01:30.0000000Z"),
        ("c2", "2026-03-02T08:40:30.0000000Z"), ("c3", "2026-03-02T11:40:30.0000000Z"),
      ],
      scimTimes: ["2026-03-02T08:00:05.0000000Z", "2026-03-02T13:00:00.0000000Z", "2026-03-02T13:05:00.0000000Z"])
    #expect(cycles.map { $0.cycleId ?? "-" } == ["c1", "c2", "c3", "-"])
    #expect(cycles[0].scimRequests == 1)
    #expect(cycles[0].provisioningEvents == 2)
    #expect(cycles[2].minutesSincePrevious == 180)
    #expect(cycles[3].scimRequests == 2)
  }

  /// The app answered a lookup with the user, later with nothing (or inactive), and no PATCH or
  /// DELETE from Entra came in between: the app changed the user itself, and the finding says so.
  @Test func aUserTheAppChangedItselfIsSaidSo() throws {
    for (lines, cause) in [
      (["08:00 scim POST 201", "09:00 audit Delete user", "09:40 scim GET filter total=0"], "target-not-found"),
      (
        [
          "08:00 scim GET filter total=1 active=true", "09:00 audit Delete user",
          "09:40 scim GET filter total=1 active=false",
        ],
        "target-already-inactive"
      ),
    ] {
      let (s, _) = try store(lines)
      let alice = try #require(try s.findUsers("alice@contoso.com").first)
      let finding = try #require(try Explainer(store: s).report(for: alice).findings.last)
      #expect(finding.cause == cause)
      #expect(finding.explanation.contains("outside Entra"), "\(finding.explanation)")
      #expect(finding.remediation.contains { $0.contains("must not change state") })
      try FileManager.default.removeItem(atPath: dir.path("s.db"))
    }
    // With Entra's PATCH in between, the app did as it was told: nothing is said of the app.
    let (s, _) = try store([
      "08:00 scim POST 201", "08:30 scim PATCH active=false 204", "09:00 audit Delete user",
      "09:40 scim GET filter total=1 active=false",
    ])
    let alice = try #require(try s.findUsers("alice@contoso.com").first)
    let finding = try #require(try Explainer(store: s).report(for: alice).findings.last)
    #expect(!finding.explanation.contains("outside Entra"), "\(finding.explanation)")
  }

  /// A store with only an audit log says so at the top of every explanation.
  @Test func theSourcesTheStoreHoldsAreSaid() throws {
    let (s, _) = try store(["09:00 audit Delete user", "09:10 end"])
    let alice = try #require(try s.findUsers("alice@contoso.com").first)
    let report = try Explainer(store: s).report(for: alice)
    #expect(report.sources.provisioning == nil && report.sources.scim == nil)
    #expect(report.sources.audit?.first == "2026-03-02T09:00:00.0000000Z")
    let text = ExplainRenderer.text(report, style: .init(color: false))
    #expect(text.contains("provisioning log: none ingested"), "\(text)")
    #expect(text.contains("SCIM request log: none ingested"))
    // And the finding does not assert what the missing logs would show.
    let finding = try #require(report.findings.last)
    #expect(finding.confidence == .possible)
    #expect(finding.missing.contains { $0.contains("provisioning log") })
  }

  /// With only the audit log, what it shows alone decides: a restore before any cycle could
  /// act, soft and hard delete minutes apart, a delete just before the logs end.
  @Test func theAuditLogAloneDecidesWhatItCanShow() throws {
    for (lines, cause) in [
      (["09:00 audit Delete user", "09:10 audit Restore user", "12:00 end"], "restored-before-cycle"),
      (["09:00 audit Delete user", "09:10 audit Hard Delete user", "12:00 end"], "deleted-within-cycle"),
      (["09:00 audit Delete user", "09:10 end"], "cycle-pending"),
    ] {
      let (s, _) = try store(lines)
      let alice = try #require(try s.findUsers("alice@contoso.com").first)
      let finding = try #require(try Explainer(store: s).report(for: alice).findings.last)
      #expect(finding.cause == cause, "\(lines): \(finding.cause) — \(finding.explanation)")
      try FileManager.default.removeItem(atPath: dir.path("s.db"))
    }
  }

  /// Linking on disk, for a graph over the memory budget, gives exactly what linking in
  /// memory gives: the same users in the same order, keys, record links and probes. A budget
  /// of 0 goes to disk at the first record; 40 part-way through the samples' records.
  @Test func linkingOnDiskGivesWhatLinkingInMemoryGives() throws {
    func linked(budget: Int?) throws -> (tables: [[String]], heard: [String]) {
      let path = dir.path("budget-\(budget.map(String.init) ?? "default").db")
      let s = try Store(path: path)
      ingest([TestPaths.samples.path], store: s)
      if let budget { s.linkNodeBudget = budget }
      let lines = Lines()
      s.progress = { lines.append($0) }
      try s.refreshDerivedData()
      let tables = try s.read { db in
        try [
          "SELECT id || '|' || label || '|' || ifnull(object_id, '') || '|' || ifnull(upn, '') || '|' || ifnull(display_name, '') || '|' || ifnull(scim_id, '') FROM users ORDER BY id",
          "SELECT user_id || '|' || kind || '|' || value FROM user_keys ORDER BY user_id, kind, value",
          "SELECT user_id || '|' || source || '|' || record_id || '|' || via FROM user_records ORDER BY user_id, source, record_id, via",
          "SELECT request_key || '|' || ifnull(time, '') FROM probe_requests ORDER BY request_key",
        ].map { try String.fetchAll(db, sql: $0) }
      }
      return (tables, lines.all)
    }
    let memory = try linked(budget: nil)
    #expect(memory.tables[0].count == 20, "the samples' 20 users")
    #expect(!memory.tables[3].isEmpty, "the samples' probes")
    #expect(!memory.heard.contains { $0.contains("on disk") })
    for budget in [0, 40] {
      let disk = try linked(budget: budget)
      #expect(disk.heard.contains { $0.contains("on disk: more than \(budget) distinct keys") }, "\(disk.heard)")
      for (a, b) in zip(memory.tables, disk.tables) { #expect(a == b, "budget \(budget)") }
    }
  }

  @Test func derivedDataOfAnotherVersionIsRebuiltOnFirstUse() throws {
    let (s, _) = try store(["08:00 scim POST 201", "09:00 audit Delete user", "09:40 prov disable success"])
    let expected = try Explainer(store: s).summaries()
    // What an older scimdiag left: wrong links, a stale triage, its own version in the fingerprints.
    try s.write { w in
      try w.db.execute(
        sql: """
          UPDATE users SET label = 'stale@contoso.com';
          UPDATE correlation_state SET fingerprint = replace(fingerprint, '/derived-v', '/derived-old');
          UPDATE triage SET cause = 'stale-cause';
          UPDATE triage_state SET fingerprint = replace(fingerprint, '/derived-v', '/derived-old');
          """)
    }
    let lines = Lines()
    s.progress = { lines.append($0) }
    #expect(try s.allUsers().map(\.label) == ["alice@contoso.com"])
    #expect(try Explainer(store: s).summaries() == expected)
    #expect(lines.all.contains { $0.contains("another scimdiag version") }, "\(lines.all)")
  }
}

/// Lines heard from a progress callback.
final class Lines: @unchecked Sendable {
  private var lines: [String] = []
  func append(_ line: String) { lines.append(line) }
  var all: [String] { lines }
}

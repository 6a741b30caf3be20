import Foundation
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

/// One test per input shape, with exact counts: read / new / already present / rejected.
@Suite struct IngestFormatTests {
  static let expectations: [(file: String, counts: String, format: String, container: String)] = [
    ("provisioning-graph-page1.json", "3/3/0/0", "provisioning-graph", "graph-page"),
    ("provisioning-graph-page2-beta.json", "2/2/0/0", "provisioning-graph", "graph-page"),
    ("provisioning-portal.json", "6/6/0/0", "provisioning-graph", "json-array"),
    ("provisioning-diagnostic.jsonl", "4/4/0/0", "provisioning-diagnostic", "json-lines"),
    ("provisioning-storage-records.json", "2/2/0/0", "provisioning-diagnostic", "records"),
    ("provisioning-log-analytics.json", "3/3/0/0", "provisioning-log-analytics", "json-array"),
    ("provisioning-log-analytics.csv", "3/3/0/0", "provisioning-log-analytics", "csv"),
    ("ProvisioningLogs.csv", "3/3/0/0", "provisioning-portal-csv", "csv"),
    ("audit-graph.json", "3/3/0/0", "audit-graph", "graph-page"),
    ("audit-diagnostic.jsonl", "3/3/0/0", "audit-diagnostic", "json-lines"),
    ("audit-log-analytics.csv", "3/3/0/0", "audit-log-analytics", "csv"),
    ("audit-log-analytics.json", "3/3/0/0", "audit-log-analytics", "json-array"),
    ("provisioning-graph-two-pages-concatenated.json", "5/5/0/0", "provisioning-graph", "graph-page"),
    ("scim-requests.jsonl", "7/7/0/2", "scim-json", "json-lines"),
    ("scim-access.log", "3/3/0/1", "scim-ncsa", "text-lines"),
    ("scim-capture.har", "2/2/0/0", "scim-har", "har"),
    ("audit-log-analytics-portal.csv", "2/2/0/0", "audit-log-analytics", "csv"),
    ("scim-serilog.jsonl", "3/3/0/1", "scim-json", "json-lines"),
    ("job-object.json", "1/1/0/0", "job-object", "json-document"),
    ("job-secrets-notification.json", "4/4/0/0", "job-settings", "graph-page"),
  ]

  /// The job object's status and the secrets list's JSON-in-string notification settings are
  /// read; the notification recipients and the token are not kept.
  @Test func jobStatusAndNotificationSettingsAreRead() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    ingest([TestPaths.fixture("job-object.json"), TestPaths.fixture("job-secrets-notification.json")], store: store)
    let configs = try store.jobConfigs()
    let status = try #require(configs.compactMap(\.jobStatus).last)
    #expect(status.code == "Quarantine")
    #expect(status.quarantineReason == "TooManyDeletes")
    #expect(status.quarantineSince == "2026-03-02T15:21:05.0000000Z")
    #expect(status.lastSuccess == "2026-03-02T14:41:30.0000000Z")
    #expect(configs.last?.deleteThresholdEnabled == false)
    let stored = try store.query("SELECT name, value FROM job_configs ORDER BY name").map { $0.compactMap { $0 } }
    #expect(!stored.flatMap { $0 }.contains { $0.contains("it.admin") || $0.contains("planted-secret") })
  }

  /// Log Analytics' portal CSV writes US-locale times with milliseconds and `(blank)` for an
  /// empty cell; both are read as they mean, not as text.
  @Test func logAnalyticsPortalCSVKeepsMillisecondsAndBlankCells() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    ingest([TestPaths.fixture("audit-log-analytics-portal.csv")], store: store)
    #expect(
      try store.query("SELECT activity_time, result_reason, activity FROM audit_events ORDER BY activity_time") == [
        ["2026-06-15T15:50:30.4920000Z", nil, "Update user"],
        ["2026-06-15T15:50:30.5010000Z", nil, "Disable account"],
      ])
  }

  /// ASP.NET Core's Serilog request logging, compact (`@t`, `RequestPath` + `QueryString`) and
  /// plain (`Timestamp`, `Properties`); a line that is not a request is a reject, not dropped.
  @Test func serilogRequestLinesAreRead() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    ingest([TestPaths.fixture("scim-serilog.jsonl")], store: store)
    #expect(
      try store.query(
        "SELECT time, method, resource_id, filter_value, status, duration_ms FROM scim_requests ORDER BY time")
        == [
          ["2026-03-02T10:40:01.1234567Z", "GET", nil, "alice@contoso.com", "200", "12.5"],
          ["2026-03-02T10:40:01.4000000Z", "PATCH", "2819c223", nil, "204", "7.25"],
          ["2026-03-02T10:41:00.0000000Z", "DELETE", "2819c223", nil, "204", "3.1"],
        ])
  }

  @Test("each shape ingests with exact counts", arguments: expectations.indices)
  func shapeIngests(index: Int) throws {
    let e = Self.expectations[index]
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    let outcome = ingest([TestPaths.fixture(e.file)], store: store)[0]
    #expect(outcome.counts == e.counts, "\(e.file)")
    #expect(outcome.summary?.format == e.format)
    #expect(outcome.summary?.container == e.container)
  }

  @Test func provisioningFieldsAreNormalisedAcrossShapes() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    ingest(
      ["provisioning-graph-page2-beta.json", "provisioning-diagnostic.jsonl", "provisioning-log-analytics.csv"].map(
        TestPaths.fixture), store: store)
    // Beta `action` "Disable" and diagnostic numeric enums become lowercase names; raw values are kept.
    let rows = try store.query(
      "SELECT id, action, action_raw, status, duration_ms, service_principal_name, source_identity_id, target_identity_id FROM provisioning_events ORDER BY id"
    )
    #expect(
      rows.first == ["prov-0004", "disable", "Disable", "success", "104", "Contoso SCIM", "obj-0004", "scim-0004"])
    #expect(
      rows.contains(["prov-0011", "disable", "disable", "success", "211", "Contoso SCIM", "obj-0011", "scim-0011"]))
    let la = try store.query(
      "SELECT status, error_code, tenant_id, activity_time FROM provisioning_events WHERE id = 'prov-0023'")
    #expect(
      la == [
        [
          "failure", "SystemForCrossDomainIdentityManagementBadResponse", "11111111-2222-3333-4444-555555555555",
          "2026-03-02T10:23:00.1234567Z",
        ]
      ])
    let steps = try store.query(
      "SELECT s.step_type, s.step_type_raw, s.status, s.status_raw FROM provisioning_steps s JOIN provisioning_events e ON e.seq = s.event_seq WHERE e.id = 'prov-0011' ORDER BY s.step_index"
    )
    #expect(steps == [["import", "0", "success", "0"], ["export", "5", "success", "0"]])
  }

  @Test func portalCSVFilesJoinOnChangeID() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    // Given in the "wrong" order: the steps and properties files are read after the logs file.
    let outcomes = ingest(
      ["ProvisioningLogs_ProvisioningSteps.csv", "ProvisioningLogs_ModifiedProperties.csv", "ProvisioningLogs.csv"].map(
        TestPaths.fixture), store: store)
    #expect(outcomes.map(\.counts) == ["3/3/0/0", "6/6/0/0", "6/6/0/0"])
    let skip = try store.query(
      "SELECT s.name, s.step_type, s.status, s.skip_reason, s.reportable_identifier FROM provisioning_steps s JOIN provisioning_events e ON e.seq = s.event_seq WHERE e.id = 'prov-0032' ORDER BY s.step_index"
    )
    #expect(skip.last == ["EntrySynchronizationSkip", "export", "skipped", "RedundantExport", "user32@contoso.com"])
    let props = try store.query(
      "SELECT p.name, p.old_value, p.new_value FROM provisioning_modified_properties p JOIN provisioning_events e ON e.seq = p.event_seq WHERE e.id = 'prov-0031' ORDER BY p.property_index"
    )
    #expect(props == [["active", "True", "False"], ["displayName", nil, "User, \"31\""]])
  }

  @Test func aStepNamingAnEventByIDJoinsOnItOrIsRejected() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    ingest([TestPaths.fixture("ProvisioningLogs.csv")], store: store)
    let path = dir.write(
      "steps.csv",
      Array(
        """
        ID,Change ID,Step Name,Step Type,Status,Description,Details
        prov-0030,change-0030,EntryImport,Import,Success,Retrieved,
        prov-9999,change-0030,EntryImport,Import,Success,Retrieved,

        """.utf8))
    let outcome = ingest([path], store: store)[0]
    #expect(outcome.counts == "1/1/0/1")
    #expect(
      try store.query("SELECT reason FROM rejects")
        == [
          [
            "no provisioning event with ID prov-9999 in the store; ingest the portal's ProvisioningLogs CSV with this file"
          ]
        ])
    #expect(
      try store.query(
        "SELECT e.id, s.step_index, s.name FROM provisioning_steps s JOIN provisioning_events e ON e.seq = s.event_seq WHERE s.description = 'Retrieved'"
      ) == [["prov-0030", "0", "EntryImport"]])
  }

  @Test func stepsWithoutTheirLogsFileAreRejectedWithTheReason() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    let outcome = ingest([TestPaths.fixture("ProvisioningLogs_ProvisioningSteps.csv")], store: store)[0]
    guard case .failed(_, .unknownShape(_, let loc, let found)) = outcome else {
      Issue.record("expected a file error, got \(outcome.counts)")
      return
    }
    #expect(loc == FilePosition(line: 2, column: 1))
    #expect(found.contains("no provisioning event with change ID change-0030"))
  }

  @Test func anUnknownCSVColumnIsAWarningAndTheFileLands() throws {
    let dir = TempDir()
    let path = dir.write(
      "logs.csv",
      Array(
        "Date (UTC),ID,Change ID,Action,Status,Source ID,Mystery Column,Other New\n2026-03-02T11:30:00Z,p1,c1,Disable,Success,obj-1,x,y\n"
          .utf8))
    let store = try Store(path: dir.path("s.db"))
    let outcome = ingest([path], store: store)[0]
    guard case .landed(let summary) = outcome else {
      Issue.record("the file was refused: \(outcome)")
      return
    }
    #expect(summary.new == 1)
    #expect(
      summary.warnings == [
        "columns 'Mystery Column', 'Other New' of this provisioning-portal-csv export are not one scimdiag reads; their values are kept in the store with each row's line (table record_extras)"
      ])
    #expect(
      try store.query("SELECT line || ':' || name || '=' || value FROM record_extras ORDER BY name")
        == [["2:Mystery Column=x"], ["2:Other New=y"]])
    #expect(IngestSummary.exitCode([outcome]) == 0)
    #expect(IngestSummary.warnings([outcome]).first?.hasPrefix("warning: \(path): columns 'Mystery Column'") == true)
  }

  @Test func auditTargetsAndModifiedPropertiesAreKeptAsExported() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    ingest([TestPaths.fixture("audit-graph.json"), TestPaths.fixture("audit-log-analytics.csv")], store: store)
    let graph = try store.query(
      "SELECT t.type, t.user_principal_name, p.name, p.old_value FROM audit_targets t JOIN audit_modified_properties p USING (event_id, target_index) WHERE event_id = 'Directory_0002' ORDER BY p.property_index"
    )
    #expect(
      graph == [
        ["ServicePrincipal", nil, "User.ObjectID", "\"obj-0002\""],
        ["ServicePrincipal", nil, "User.UPN", "\"bob@contoso.com\""],
      ])
    let la = try store.query(
      "SELECT activity, initiated_by_upn, operation_type FROM audit_events WHERE id = 'Directory_0003-la'")
    #expect(la == [["Hard Delete user", "admin@contoso.com", "Delete"]])
  }

  @Test func scimFactsAreExtracted() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    ingest([TestPaths.fixture("scim-requests.jsonl"), TestPaths.fixture("scim-capture.har")], store: store)
    let patches = try store.query(
      "SELECT r.resource_id, o.op, o.path, o.value, o.value_type FROM scim_patch_operations o JOIN scim_requests r ON r.seq = o.request_seq ORDER BY r.time"
    )
    #expect(
      patches == [
        ["scim-0001", "Replace", "active", "\"False\"", "string"],
        ["grp-1", "Remove", "members[value eq \"scim-0003\"]", nil, nil],
        ["scim-0006", "replace", "active", "false", "boolean"],
      ])
    let gets = try store.query(
      "SELECT filter_attribute, filter_operator, filter_value, list_total_results, status, user_agent FROM scim_requests WHERE method = 'GET' AND filter IS NOT NULL ORDER BY time"
    )
    #expect(
      gets == [
        ["userName", "eq", "cf4d78e8-cc4f-4d5d-b8b9-183561c0104a", "0", "200", "Microsoft.Identity.Provisioning"],
        ["userName", "eq", "user1@contoso.com", "1", "200", "Microsoft.Identity.Provisioning"],
      ])
    let post = try store.query(
      "SELECT method, body_id, body_user_name, body_external_id, body_active, time FROM scim_requests WHERE method = 'POST'"
    )
    #expect(post == [["POST", "scim-0009", "user9@contoso.com", "user9", "true", "2026-03-02T10:40:04.5000000Z"]])
    let returned = try store.query(
      "SELECT id, user_name, active FROM scim_returned_resources ORDER BY id")
    #expect(
      returned == [
        ["scim-0001", "user1@contoso.com", "true"], ["scim-0006", "user6@contoso.com", "false"],
        ["scim-0009", "user9@contoso.com", "true"],
      ])
  }

  @Test func credentialsNeverReachTheStore() throws {
    let dir = TempDir()
    let dbPath = dir.path("s.db")
    let store = try Store(path: dbPath)
    ingest(["scim-requests.jsonl", "scim-access.log", "scim-capture.har"].map(TestPaths.fixture), store: store)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: dbPath))
    // The planted JWT (and its payload and signature parts) and the POST body's password.
    for planted in ["eyJhbGciOiJSUzI1NiJ9", "eyJzdWIiOiJwbGFudGVkLXNlY3JldCJ9", "c2lnbmF0dXJlLXBsYW50ZWQ", "hunter2"] {
      #expect(bytes.range(of: Data(planted.utf8)) == nil, "\(planted) was stored")
    }
    let paths = try store.query("SELECT path FROM scim_requests WHERE path LIKE '%REDACTED%' ORDER BY path")
    #expect(paths.count == 2)
  }
}

/// docs/formats.md's list of shapes is the registry's.
@Suite struct ShapeRegistryTests {
  @Test func docsFormatsListsEveryShapeOfTheRegistry() throws {
    let path = TestPaths.packageRoot.appendingPathComponent("docs/formats.md")
    let doc = try String(contentsOf: path, encoding: .utf8)
    let begin = try #require(doc.range(of: "<!-- shapes:begin -->\n"))
    let end = try #require(doc.range(of: "<!-- shapes:end -->"))
    let table = String(doc[begin.upperBound..<end.lowerBound])
    if ProcessInfo.processInfo.environment["SCIMDIAG_RECORD"] == "1" {
      let updated = doc.replacingCharacters(
        in: begin.upperBound..<end.lowerBound, with: InputShape.markdownTable() + "\n")
      try updated.write(to: path, atomically: true, encoding: .utf8)
      return
    }
    #expect(
      table == InputShape.markdownTable() + "\n",
      "docs/formats.md's shape list is stale: run SCIMDIAG_RECORD=1 swift test --filter ShapeRegistryTests")
  }

  @Test func everyShapeNameIsUniqueAndBelongsToOneSource() {
    let names = InputShape.allCases.map(\.rawValue)
    #expect(Set(names).count == names.count)
    for shape in InputShape.allCases { #expect(!shape.title.isEmpty && !shape.recognisedBy.isEmpty) }
  }
}

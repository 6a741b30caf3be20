import Foundation
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

/// Ingests every real export and request body in ../shared/reference/samples with exact
/// expected outcomes. The folder exists on the project's machines and in CI; elsewhere the
/// test says so and checks nothing.
@Suite struct ReferenceSampleTests {
  /// File → "read/new/present/rejected" or the start of the expected error.
  static let expected: [String: String] = [
    "README.md": "error: \(dir)/README.md:1:1: not a known export shape",
    "azure-docs-issue22948-skip-detail.txt":
      "error: \(dir)/azure-docs-issue22948-skip-detail.txt:1:1: not a known export shape",
    // Three identical diagnostic records (same id): one lands, two are already present.
    "elastic-azure-auditlogs-eventhub-raw.log": "3/1/2/0",
    "elastic-azure-provisioninglogs-eventhub-raw.lines1-2.log": "2/2/0/0",
    "graph-beta-provisioningobjectsummary-list-example2-failure.json": "1/1/0/0",
    "graph-v1-directoryaudit-list-example1.json": "1/1/0/0",
    "graph-v1-directoryaudit-list-example2-filter-initiatedby.json": "1/1/0/0",
    // Invalid JSON as published: a trailing comma before `]` on line 62.
    "graph-v1-provisioningobjectsummary-list-example1-success.json":
      "error: \(dir)/graph-v1-provisioningobjectsummary-list-example1-success.json:62:13: invalid JSON: expected a JSON value, found ']'",
    // The same documentation example id as the beta failure example: already present.
    "graph-v1-provisioningobjectsummary-list-example2-failure.json": "1/0/1/0",
    "graph-v1-provisionondemand-example1-response-skipped-redundantexport.json": "1/1/0/0",
    "msqa-2026-02-05-cloudsync-entrysynchronizationskip.txt":
      "error: \(dir)/msqa-2026-02-05-cloudsync-entrysynchronizationskip.txt:1:1: not a known export shape",
    "scimgateway-issue47-entra-disable-patch.log":
      "error: \(dir)/scimgateway-issue47-entra-disable-patch.log:1:1: not a known export shape",
    "scimreferencecode-issue63-entra-probe-query.txt":
      "error: \(dir)/scimreferencecode-issue63-entra-probe-query.txt:1:1: not a known export shape",
    "scimreferencecode-postman-requests.extracted.json":
      "error: \(dir)/scimreferencecode-postman-requests.extracted.json:1:1: not a known export shape",
  ]
  static let dir = TestPaths.referenceSamples.path

  @Test func everyReferenceSampleHasAnExactOutcome() throws {
    guard FileManager.default.fileExists(atPath: Self.dir) else {
      print("note: \(Self.dir) is absent; the reference-sample ingest test checks nothing here")
      return
    }
    let temp = TempDir()
    let store = try Store(path: temp.path("s.db"))
    let outcomes = ingest([Self.dir], store: store)
    var seen: Set<String> = []
    for outcome in outcomes {
      let path: String
      switch outcome {
      case .landed(let s): path = s.path
      case .failed(let p, _): path = p
      }
      let name = URL(fileURLWithPath: path).lastPathComponent
      seen.insert(name)
      if name.hasPrefix("scim-") && name.hasSuffix(".entra-docs.json") {
        // Request and response bodies alone: no time, method or path, so not a request log.
        #expect(outcome.counts.hasPrefix("error: \(path):1:"), "\(name)")
        #expect(outcome.counts.contains("not a known export shape"), "\(name)")
        continue
      }
      guard let expected = Self.expected[name] else {
        Issue.record("no expectation for reference sample \(name): \(outcome.counts)")
        continue
      }
      if expected.hasPrefix("error:") {
        #expect(outcome.counts.hasPrefix(expected), "\(name)")
      } else {
        #expect(outcome.counts == expected, "\(name)")
      }
    }
    #expect(seen.isSuperset(of: Self.expected.keys))
    let counts = try store.counts()
    #expect(counts["provisioning_events"] == 4)
    #expect(counts["audit_events"] == 3)
    #expect(counts["rejects"] == 0)
  }

  @Test func onDemandResponseIsReadAsOtherSkippedRedundantExport() throws {
    let path = TestPaths.referenceSamples.appendingPathComponent(
      "graph-v1-provisionondemand-example1-response-skipped-redundantexport.json"
    ).path
    guard FileManager.default.fileExists(atPath: path) else {
      print("note: reference samples absent; skipped")
      return
    }
    let temp = TempDir()
    let store = try Store(path: temp.path("s.db"))
    ingest([path], store: store)
    #expect(
      try store.query("SELECT action, status, error_code, source_upn, target_identity_id FROM provisioning_events")
        == [["other", "skipped", "RedundantExport", "BillBob@contoso.com", "52507a19-96ec-4e73-9250-3e65ffd2d926"]])
    #expect(
      try store.query("SELECT skip_reason FROM provisioning_steps WHERE skip_reason IS NOT NULL") == [
        ["RedundantExport"]
      ])
  }
}

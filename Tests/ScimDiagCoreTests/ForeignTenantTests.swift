import Foundation
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

/// A tenant exported unlike samples/ (scripts/generate-foreign-fixtures.py): a portal array
/// newest first, a Log Analytics portal CSV, an nginx log without bodies in local time from a
/// clock 90 seconds fast, users created before the logs begin, and a second app (HR) with no
/// SCIM log. Each (user, app) verdict is the one Entra's documented behaviour gives
/// (Fixtures/foreign-expected.tsv).
@Suite struct ForeignTenantTests {
  static let folder = TestPaths.fixtures.deletingLastPathComponent().appendingPathComponent("foreign")
  static let expected = TestPaths.fixtures.deletingLastPathComponent().appendingPathComponent("foreign-expected.tsv")

  @Test func everyVerdictMatchesEntrasBehaviour() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    let outcomes = ingest([Self.folder.path], store: store)
    #expect(outcomes.allSatisfy { $0.summary?.rejected == 0 }, "\(outcomes)")
    let explainer = try Explainer(store: store)
    let rows = try String(contentsOf: Self.expected, encoding: .utf8).split(separator: "\n").dropFirst()
    #expect(rows.count == 9)
    var findingsSeen = 0
    for row in rows {
      let cells = row.split(separator: "\t").map(String.init)
      let user = try #require(try store.findUsers(cells[0]).first, "\(cells[0])")
      let report = try explainer.report(for: user)
      let expectedApps = rows.filter { $0.hasPrefix(cells[0] + "\t") }.count
      #expect(report.findings.count == expectedApps, "\(cells[0]): one finding per change and app")
      // "-": no record places the user in either app, so the finding names none.
      let f = try #require(
        report.findings.first { $0.app?.name == cells[4] || ($0.app == nil && cells[4] == "-") },
        "\(cells[0]) in \(cells[4])")
      findingsSeen += 1
      #expect(f.trigger.kind.rawValue == cells[1], "\(cells[0])")
      #expect(f.cause == cells[2], "\(cells[0]): \(f.cause) — \(f.explanation)")
      #expect(f.outcome.rawValue == cells[3], "\(cells[0])")
      #expect(ExplanationConsistencyTests.contradictions(report).isEmpty, "\(cells[0])")
      // Another app's events are never evidence for this one.
      let otherApps = explainer.apps.filter { $0.name != cells[4] }.map(\.id)
      let foreign = report.timeline.filter { e in otherApps.contains(e.provisioning?.servicePrincipalId ?? "") }
      #expect(!f.evidence.contains { ev in foreign.contains { $0.ref == ev.ref } }, "\(cells[0]) in \(cells[4])")
    }
    #expect(findingsSeen == 9)
  }

  /// The request log stated to be HR's (`ingest --app`) is HR's, whatever its SCIM ids say; the
  /// listing says how each attribution was made.
  @Test func aRequestLogStatedAtIngestBelongsToThatApp() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    let folder = Self.folder.path
    ingest(["\(folder)/ProvisioningLogs-newest-first.json", "\(folder)/AuditLogs.csv"], store: store)
    var options = IngestOptions()
    options.app = "fabrikam h"
    _ = ingest(["\(folder)/access.log"], store: store, options: options)
    let apps = try Explainer(store: store).appSummaries()
    #expect(apps.first { $0.app.name == "Fabrikam HR" }?.scimLog == true)
    #expect(apps.first { $0.app.name == "Fabrikam Wiki" }?.scimLog == false)
    #expect(apps.allSatisfy { $0.scimLogBasis?.contains("stated at ingest") == true })
    // Inferred, the same log is the wiki's, by the SCIM ids both name.
    let inferred = try Store(path: dir.path("t.db"))
    ingest([folder], store: inferred)
    #expect(try Explainer(store: inferred).appSummaries().first { $0.scimLog }?.app.name == "Fabrikam Wiki")
    #expect(try Explainer(store: inferred).appSummaries().allSatisfy { $0.scimLogBasis?.contains("SCIM ids") == true })
  }

  /// Configuration files stated to be one app's apply to it alone; unstated, with several apps,
  /// a configuration cause stays possible and says why.
  @Test func configurationStatedAtIngestIsThatAppsOnly() throws {
    let samples = TestPaths.samples.path
    let dir = TempDir()
    let stated = try Store(path: dir.path("s.db"))
    ingest(["\(samples)/entra", "\(samples)/app"], store: stated)
    var options = IngestOptions()
    options.app = "contoso scim"
    _ = ingest(["\(samples)/job-config"], store: stated, options: options)
    let explainer = try Explainer(store: stated)
    let apps = try explainer.appSummaries()
    #expect(apps.first { $0.app.name == "Contoso SCIM" }?.configurations.count == 1)
    #expect(apps.first { $0.app.name == "Contoso HR" }?.configurations.isEmpty == true)
    let peggy = try #require(try stated.findUsers("peggy@contoso.com").first)
    let f = try #require(try explainer.report(for: peggy).findings.first)
    #expect(f.cause == "skip-out-of-scope-deletions")
    #expect(f.confidence == .likely)

    let unstated = try Store(path: dir.path("t.db"))
    ingest([samples], store: unstated)
    let peggyAgain = try #require(try unstated.findUsers("peggy@contoso.com").first)
    let g = try #require(try Explainer(store: unstated).report(for: peggyAgain).findings.first)
    #expect(g.cause == "skip-out-of-scope-deletions")
    #expect(g.confidence == .possible)
    #expect(g.explanation.contains("may be another app's job"), "\(g.explanation)")
  }
}

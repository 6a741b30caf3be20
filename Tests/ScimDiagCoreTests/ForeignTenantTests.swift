import Foundation
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

/// A tenant exported unlike samples/ (scripts/generate-foreign-fixtures.py): a portal array
/// newest first, a Log Analytics portal CSV, an nginx log without bodies in local time from a
/// clock 90 seconds fast, users created before the logs begin. Each user's verdict is the one
/// Entra's documented behaviour gives (Fixtures/foreign-expected.tsv).
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
    #expect(rows.count == 7)
    for row in rows {
      let cells = row.split(separator: "\t").map(String.init)
      let user = try #require(try store.findUsers(cells[0]).first, "\(cells[0])")
      let report = try explainer.report(for: user)
      #expect(report.findings.count == 1, "\(cells[0]): one change, one finding")
      let f = try #require(report.findings.last)
      #expect(f.trigger.kind.rawValue == cells[1], "\(cells[0])")
      #expect(f.cause == cells[2], "\(cells[0]): \(f.cause) — \(f.explanation)")
      #expect(f.outcome.rawValue == cells[3], "\(cells[0])")
      #expect(ExplanationConsistencyTests.contradictions(report).isEmpty, "\(cells[0])")
    }
  }
}

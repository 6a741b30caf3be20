import Foundation
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

/// Every rule's examples are its tests: each is run as written and with variations that must
/// not change the verdict (another user's events interleaved, timestamps shifted, events split
/// over two files, ties in reverse order).
@Suite struct RuleExampleTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var rule: String
    var index: Int
    var testDescription: String { "\(rule) example \(index + 1)" }
  }

  static let cases: [Case] = RuleCatalog.rules.flatMap { rule in
    rule.examples.indices.map { Case(rule: rule.description.id, index: $0) }
  }

  static let variations: [(String, ExampleTenant.Variation)] = [
    ("as written", .init()),
    ("shifted by 3 days 7 hours", .init(shiftSeconds: 3 * 86400 + 7 * 3600 + 13)),
    ("another user interleaved", .init(interleave: true)),
    ("split over two files", .init(split: true)),
    ("ties reversed", .init(reverse: true)),
    ("all at once", .init(shiftSeconds: 86400, interleave: true, split: true, reverse: true)),
  ]

  static func finding(_ example: RuleExample, variation: ExampleTenant.Variation) throws -> Finding? {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    try store.load(
      try ExampleTenant.records(example.lines, variation: variation), files: ["example-a.json", "example-b.json"])
    let explainer = try Explainer(store: store)
    guard let alice = try store.findUsers("alice@contoso.com").first else { return nil }
    // With two apps, only the findings about the example's app (with one, findings name none).
    let findings = try explainer.report(for: alice).findings.filter { $0.app == nil || $0.app?.name == example.app }
    guard !findings.isEmpty else { return nil }
    return findings[example.triggerIndex ?? (findings.count - 1)]
  }

  @Test("rule examples", arguments: cases)
  func ruleExample(_ c: Case) throws {
    let rule = RuleCatalog.rule(c.rule)!
    let example = rule.examples[c.index]
    let location = Testing.SourceLocation(
      fileID: "ScimDiagCore/\(URL(fileURLWithPath: example.file).lastPathComponent)", filePath: example.file,
      line: example.line, column: 1)
    for (name, variation) in Self.variations {
      let f = try Self.finding(example, variation: variation)
      guard let f else {
        Issue.record("\(c.rule): no finding for alice (\(name))", sourceLocation: location)
        continue
      }
      if example.triggers {
        #expect(
          f.cause == c.rule, "\(name): expected \(c.rule), got \(f.cause): \(f.explanation)", sourceLocation: location)
        if let outcome = example.outcome {
          #expect(f.outcome == outcome, "\(name): outcome", sourceLocation: location)
        }
      } else {
        #expect(f.cause != c.rule, "\(name): \(c.rule) must not be named here", sourceLocation: location)
      }
    }
  }

  @Test func everyRuleHasATriggeringAndANonTriggeringExample() {
    for rule in RuleCatalog.rules {
      #expect(rule.examples.contains { $0.triggers }, "\(rule.description.id)")
      #expect(rule.examples.contains { !$0.triggers }, "\(rule.description.id)")
    }
  }

  @Test func identifiersAreUniqueKebabCase() {
    let ids = RuleCatalog.rules.map(\.description.id)
    #expect(Set(ids).count == ids.count)
    for id in ids { #expect(id.allSatisfy { $0.isLowercase || $0 == "-" }, "\(id)") }
  }

  @Test func docsRulesIsCurrent() throws {
    let doc = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("docs/rules.md"), encoding: .utf8)
    #expect(
      doc == ExplainRenderer.rulesMarkdown(),
      "docs/rules.md is stale: run `scimdiag rules --format markdown > docs/rules.md`")
  }
}

/// An explanation never says a request is absent when the user's timeline holds one after the
/// trigger: checked on every rule example and on the demo tenant.
@Suite struct ExplanationConsistencyTests {
  static let absencePhrases = ["no PATCH", "no DELETE", "no such request", "sent no", "no write"]

  static func contradictions(_ report: UserReport) -> [String] {
    var found: [String] = []
    for f in report.findings {
      let writes = report.timeline.filter {
        $0.time >= f.trigger.time && ["PATCH", "PUT", "DELETE"].contains($0.scim?.method ?? "")
      }
      guard !writes.isEmpty else { continue }
      let texts = [f.explanation] + f.alternatives.map(\.summary)
      for text in texts where absencePhrases.contains(where: { text.contains($0) }) {
        found.append("\(report.user.label) \(f.trigger.kind.rawValue) at \(f.trigger.time): \(text)")
      }
    }
    return found
  }

  @Test func noExplanationDeniesARequestOnTheTimeline() throws {
    for rule in RuleCatalog.rules {
      for example in rule.examples {
        let dir = TempDir()
        let store = try Store(path: dir.path("s.db"))
        try store.load(try ExampleTenant.records(example.lines), files: ["example-a.json"])
        for report in try Explainer(store: store).allReports() {
          #expect(Self.contradictions(report).isEmpty, "\(rule.description.id): \(Self.contradictions(report))")
        }
      }
    }
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    ingest([TestPaths.samples.path], store: store)
    for report in try Explainer(store: store).allReports() {
      #expect(Self.contradictions(report).isEmpty, "\(Self.contradictions(report))")
    }
  }
}

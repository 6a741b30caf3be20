import Foundation
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

/// Encodings, idempotence, atomicity, strictness and located errors.
@Suite struct IngestBehaviourTests {
  /// The same export in every encoding and line-end style lands as the same rows.
  @Test("encodings and line ends", arguments: ["utf8-bom", "utf16le", "utf16be", "utf16le-nobom", "crlf"])
  func encodingsIngestTheSame(variant: String) throws {
    let original = try String(contentsOfFile: TestPaths.fixture("provisioning-diagnostic.jsonl"), encoding: .utf8)
      .replacingOccurrences(of: "\r\n", with: "\n")
    var bytes: [UInt8]
    switch variant {
    case "utf8-bom": bytes = [0xEF, 0xBB, 0xBF] + Array(original.utf8)
    case "utf16le": bytes = [0xFF, 0xFE] + original.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    case "utf16be": bytes = [0xFE, 0xFF] + original.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    case "utf16le-nobom": bytes = original.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    default: bytes = Array(original.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }
    let dir = TempDir()
    let reference = try Store(path: dir.path("a.db"))
    let variantStore = try Store(path: dir.path("b.db"))
    ingest([dir.write("plain.jsonl", Array(original.utf8))], store: reference)
    let outcome = ingest([dir.write("variant.jsonl", bytes)], store: variantStore)[0]
    #expect(outcome.counts == "4/4/0/0")
    let expectedEncoding = [
      "utf8-bom": "utf-8-bom", "utf16le": "utf-16le", "utf16be": "utf-16be", "utf16le-nobom": "utf-16le",
      "crlf": "utf-8",
    ]
    #expect(outcome.summary?.encoding == expectedEncoding[variant])
    let query = "SELECT * FROM provisioning_events ORDER BY id"
    #expect(
      try variantStore.query(query).map { Array($0.dropFirst(3)) }
        == reference.query(query).map { Array($0.dropFirst(3)) })
  }

  @Test func utf16WithNonASCIIText() throws {
    let text =
      #"{"timestamp":"2026-03-02T10:00:00.5Z","method":"GET","url":"/Users?filter=userName%20eq%20%22j%C3%BCrgen%40contoso.com%22","status":200,"note":"Jürgen 🚀"}"#
      + "\n"
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    let path = dir.write("u16.jsonl", [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
    #expect(ingest([path], store: store)[0].counts == "1/1/0/0")
    #expect(try store.query("SELECT filter_value FROM scim_requests") == [["jürgen@contoso.com"]])
  }

  @Test func ingestingTwiceAddsNothing() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    let first = ingest([TestPaths.fixtures.path], store: store)
    let before = try store.counts()
    let second = ingest([TestPaths.fixtures.path], store: store)
    #expect(try store.counts() == before)
    let landed = second.compactMap(\.summary)
    #expect(landed.allSatisfy { $0.new == 0 })
    #expect(landed.allSatisfy { $0.duplicateOf != nil })
    // Two fixtures repeat records of others (the concatenated pages), so fewer are new than read.
    #expect(first.compactMap(\.summary).reduce(0) { $0 + $1.new } == 69)
  }

  @Test func anOverlappingExportAddsOnlyTheNewRecords() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    ingest([TestPaths.fixture("provisioning-graph-page1.json")], store: store)
    // The portal array holds prov-0003 … prov-0008; prov-0003 is already in page 1.
    #expect(ingest([TestPaths.fixture("provisioning-portal.json")], store: store)[0].counts == "6/5/1/0")
  }

  @Test func identicalSubSecondLinesAreOneRequest() throws {
    let line = #"{"timestamp":"2026-03-02T10:00:00.123Z","method":"DELETE","url":"/Users/u1","status":204}"#
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    #expect(
      ingest([dir.write("dup.jsonl", Array((line + "\n" + line + "\n").utf8))], store: store)[0].counts == "2/1/1/0")
  }

  /// A clock with whole seconds cannot tell two real requests apart: identical lines are
  /// numbered, and reading the file again adds nothing.
  @Test func identicalWholeSecondLinesAreNumberedRequests() throws {
    let line = #"{"timestamp":"2026-03-02T10:00:00Z","method":"DELETE","url":"/Users/u1","status":204}"#
    let other = #"{"timestamp":"2026-03-02T10:00:00.5Z","method":"DELETE","url":"/Users/u1","status":204}"#
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    let file = dir.write("dup.jsonl", Array([line, other, line, other, line].joined(separator: "\n").utf8))
    #expect(ingest([file], store: store)[0].counts == "5/4/1/0")
    let again = dir.write("again.jsonl", Array(([line, line, line, other].joined(separator: "\n") + "\n").utf8))
    #expect(ingest([again], store: store)[0].counts == "4/0/4/0")
  }

  @Test func aBrokenFileLeavesTheStoreAsItWas() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    ingest([TestPaths.fixture("audit-graph.json")], store: store)
    let before = try store.counts()
    let outcomes = ingest(
      ["broken-truncated.json", "broken-binary.dat", "broken-unknown.json", "empty.json"].map(TestPaths.fixture),
      store: store)
    #expect(outcomes.allSatisfy { $0.error != nil })
    #expect(try store.counts() == before)
  }

  @Test func otherFilesStillIngestAfterABrokenOne() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    let outcomes = ingest(
      [TestPaths.fixture("broken-truncated.json"), TestPaths.fixture("audit-graph.json")], store: store)
    #expect(outcomes.map { $0.error == nil } == [false, true])
    #expect(IngestSummary.exitCode(outcomes) == 1)
  }

  @Test func truncatedJSONGivesALocatedError() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    let outcome = ingest([TestPaths.fixture("broken-truncated.json")], store: store)[0]
    guard case .syntax(_, let loc, let expected, let found, _) = outcome.error else {
      Issue.record("expected a syntax error, got \(outcome.counts)")
      return
    }
    #expect(loc == FilePosition(line: 52, column: 22))
    #expect(expected == "'\"' to close a string")
    #expect(found == "the end of the input (the file may be truncated)")
  }

  @Test func binaryInputIsNotText() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    let outcome = ingest([TestPaths.fixture("broken-binary.dat")], store: store)[0]
    #expect(
      outcome.error
        == .notText(path: TestPaths.fixture("broken-binary.dat"), location: FilePosition(line: 1, column: 1)))
  }

  @Test func strictFailsTheFileOnTheFirstReject() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    let outcome = ingest([TestPaths.fixture("scim-access.log")], store: store, strict: true)[0]
    guard case .strictReject(_, let loc, _) = outcome.error else {
      Issue.record("expected a strict error, got \(outcome.counts)")
      return
    }
    #expect(loc == FilePosition(line: 3, column: 1))
    #expect(try store.counts()["scim_requests"] == 0)
  }

  @Test func rejectsAreListedWithTheirLocation() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    ingest([TestPaths.fixture("scim-requests.jsonl")], store: store)
    let rejects = try store.rejects()
    #expect(
      rejects.map { "\($0.line):\($0.column) \($0.reason)" } == [
        "7:198 invalid JSON: expected ',' or '}' after an object member, found the end of the input (the file may be truncated)",
        "8:1 SCIM request: time 'not a time' is not a timestamp",
      ])
  }

  @Test func forcedFormatOverridesDetection() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    // Read as audit, provisioning records lack an activity name and are rejected, so the file fails.
    let outcome = ingest([TestPaths.fixture("provisioning-graph-page1.json")], store: store, forced: .audit)[0]
    #expect(outcome.error != nil)
  }

  @Test func aFileThatIsNotAStoreIsRefusedAndUntouched() throws {
    let dir = TempDir()
    let path = dir.write("notes.db", Array("hello, not sqlite".utf8))
    #expect(throws: ScimDiagError.self) { try Store(path: path) }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello, not sqlite")
  }
}

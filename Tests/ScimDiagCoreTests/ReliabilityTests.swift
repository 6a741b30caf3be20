import Foundation
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

/// Stores that are not ours, or are damaged, are refused with a clear error and never modified;
/// pathological inputs end in a located error with bounded memory, never a crash.
@Suite struct ReliabilityTests {
  let dir = TempDir()

  func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

  func expectRefused(_ path: String, containing text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
    throws
  {
    let before = try bytes(path)
    do {
      let s = try Store(path: path)
      _ = try s.counts()
      Issue.record("the store was accepted", sourceLocation: sourceLocation)
    } catch let e as ScimDiagError {
      #expect(e.errorDescription?.contains(text) == true, "\(e.errorDescription ?? "")", sourceLocation: sourceLocation)
    }
    #expect(try bytes(path) == before, "the file was modified", sourceLocation: sourceLocation)
  }

  @Test func aStoreOfAnotherFormatIsRefusedAndUntouched() throws {
    let path = dir.path("old.db")
    let s = try Store(path: path)
    try s.queue.write { try $0.execute(sql: "UPDATE store_info SET value = '0' WHERE key = 'format'") }
    try expectRefused(path, containing: "written by store format 0")
  }

  @Test func aStoreOfANewerScimdiagIsRefusedAndUntouched() throws {
    let path = dir.path("newer.db")
    let s = try Store(path: path)
    try s.queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99 from the future')") }
    try expectRefused(path, containing: "written by a newer scimdiag")
  }

  @Test func anotherSQLiteDatabaseIsRefusedAndUntouched() throws {
    // A database in the default rollback-journal mode: switching it to WAL would change its header.
    let path = dir.path("other.db")
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [
      "python3", "-c",
      "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table invoices(id integer)'); c.commit()",
      path,
    ]
    try p.run()
    p.waitUntilExit()
    try #require(p.terminationStatus == 0)
    try expectRefused(path, containing: "holds other tables (invoices)")
  }

  @Test func aCorruptStoreIsRefusedAndUntouched() throws {
    let path = dir.path("corrupt.db")
    do {
      let s = try Store(path: path)
      ingest([TestPaths.fixture("audit-graph.json")], store: s)
    }
    var data = try bytes(path)
    // Overwrite the schema area of page 1 (after the 100-byte header) with garbage.
    for i in 100..<min(data.count, 4000) { data[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 7) }
    try data.write(to: URL(fileURLWithPath: path))
    try expectRefused(path, containing: "corrupt")
  }

  @Test func deepNestingInAFileIsALocatedError() throws {
    let path = dir.write("deep.json", Array(String(repeating: "[", count: 100_000).utf8))
    let store = try Store(path: dir.path("s.db"))
    #expect(
      ingest([path], store: store)[0].error
        == .tooDeep(path: path, location: FilePosition(line: 1, column: 513), limit: 512))
  }

  @Test func anUnterminatedStringOfHundredsOfMegabytesStopsAtTheLimit() throws {
    let path = dir.path("huge-string.json")
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    handle.write(Data("{\"value\": [\"".utf8))
    let chunk = Data(repeating: UInt8(ascii: "a"), count: 1 << 20)
    for _ in 0..<200 { handle.write(chunk) }
    try handle.close()
    let store = try Store(path: dir.path("s.db"))
    let outcome = ingest([path], store: store)[0]
    guard case .tooLarge(_, _, let what, let limit)? = outcome.error else {
      Issue.record("expected a size error, got \(outcome.counts)")
      return
    }
    #expect(what == "a string")
    #expect(limit == JSONReader.maxStringBytes)
  }

  @Test func aSingle50MegabyteLineIsRead() throws {
    // One JSON line of 50 MB: a SCIM request whose body is a huge string.
    let body = String(repeating: "x", count: 50 << 20)
    let line =
      #"{"timestamp":"2026-03-02T10:00:00.5Z","method":"POST","url":"/scim/Users","status":400,"requestBody":""#
      + body + "\"}\n"
    let path = dir.write("long-line.jsonl", Array(line.utf8))
    let store = try Store(path: dir.path("s.db"))
    #expect(ingest([path], store: store)[0].counts == "1/1/0/0")
  }

  @Test func thousandsOfSmallFilesInAFolder() throws {
    let folder = dir.url.appendingPathComponent("many")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for i in 0..<2000 {
      let line =
        #"{"timestamp":"2026-03-02T10:00:00.\#(String(format: "%04d", i))Z","method":"GET","url":"/scim/Users/u\#(i)","status":200}"#
      _ = FileManager.default.createFile(
        atPath: folder.appendingPathComponent("req-\(i).jsonl").path, contents: Data(line.utf8))
    }
    let store = try Store(path: dir.path("s.db"))
    let outcomes = ingest([folder.path], store: store)
    #expect(outcomes.count == 2000)
    #expect(outcomes.allSatisfy { $0.counts == "1/1/0/0" })
    #expect(try store.counts()["scim_requests"] == 2000)
  }
}

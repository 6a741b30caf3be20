import Foundation
import GRDB
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

/// Before the first release the schema is one migration, changed in place: a store written by
/// an earlier build is refused, untouched, with a message that says what to do.
@Suite struct MigrationTests {
  static let copied = [
    "sources", "provisioning_events", "provisioning_steps", "provisioning_modified_properties", "audit_events",
    "audit_targets", "audit_modified_properties", "scim_requests", "scim_patch_operations", "scim_returned_resources",
    "rejects", "job_configs",
  ]

  /// Every record table of `store` holds the rows of `expected`, compared from the third column
  /// on (the first two hold store-specific ids in some tables, such as `rejects`).
  static func expectSameRecords(_ store: Store, _ expected: Store) throws {
    for table in copied where table != "sources" {
      let query = "SELECT * FROM \(table) ORDER BY 1, 2, 3"
      #expect(
        try store.query(query).map { Array($0.dropFirst(2)) } == expected.query(query).map { Array($0.dropFirst(2)) })
    }
  }

  @Test func aStoreOfAnEarlierFormatIsRefusedUntouchedWithWhatToDo() throws {
    let dir = TempDir()
    let path = dir.path("old.db")
    do {
      let queue = try DatabaseQueue(path: path)
      try queue.write { db in
        try db.execute(
          sql: """
            CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
            INSERT INTO grdb_migrations VALUES ('v1 create sources, events, requests and rejects');
            CREATE TABLE store_info (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
            INSERT INTO store_info VALUES ('format', '1'), ('secret', 'x');
            CREATE TABLE provisioning_events (id TEXT PRIMARY KEY NOT NULL);
            """)
      }
    }
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(throws: ScimDiagError.self) { try Store(path: path) }
    do {
      _ = try Store(path: path)
    } catch {
      let message = error.errorDescription ?? ""
      #expect(message.contains("earlier scimdiag"), "\(message)")
      #expect(message.contains("ingest"), "\(message)")
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }
}

/// Large files are loaded with their tables' indexes dropped and rebuilt; the result must not
/// differ from a row-by-row load, and a file that fails must leave the indexes in place.
@Suite struct DeferredIndexTests {
  static func ingestDeferring(_ paths: [String], store: Store, strict: Bool = false) -> [FileOutcome] {
    var options = IngestOptions(strict: strict)
    options.indexDeferralStep = 2
    return ingest(paths, store: store, options: options)
  }

  @Test func deferringIndexesStoresTheSameRowsAndSchema() throws {
    let dir = TempDir()
    let plain = try Store(path: dir.path("plain.db"))
    let deferring = try Store(path: dir.path("deferring.db"))
    ingest([TestPaths.fixtures.path], store: plain)
    _ = DeferredIndexTests.ingestDeferring([TestPaths.fixtures.path], store: deferring)
    #expect(try deferring.schemaSQL() == plain.schemaSQL())
    try MigrationTests.expectSameRecords(deferring, plain)
    #expect(try deferring.query("PRAGMA integrity_check") == [["ok"]])
    // A second pass finds every record present, so the natural keys held throughout.
    let again = DeferredIndexTests.ingestDeferring([TestPaths.fixtures.path], store: deferring)
    #expect(again.compactMap(\.summary).allSatisfy { $0.new == 0 })
  }

  @Test func aFileThatFailsAfterDeferringKeepsTheIndexes() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    let before = try store.schemaSQL()
    // More lines than the reader may run ahead of the writer (RecordPipeline's bounded queue),
    // so the writer has deferred the indexes before the reader meets the bad last line.
    var lines = (0..<3000).map { i in
      #"{"time":"2026-03-02T10:00:00.\#(String(format: "%04d", i))Z","method":"GET","url":"/scim/v2/Users/u\#(i)","status":404}"#
    }
    lines.append("{not json")
    let path = dir.write("late-error.jsonl", Array(lines.joined(separator: "\n").utf8))
    let outcome = DeferredIndexTests.ingestDeferring([path], store: store, strict: true)[0]
    #expect(outcome.error != nil)
    #expect(try store.schemaSQL() == before)
    #expect(try store.counts()["scim_requests"] == 0)
  }
}

/// Large files are written with a rollback journal when the store is not open elsewhere; the
/// result must not differ, the store must be back in WAL mode afterwards, and a file that fails
/// must leave nothing behind.
@Suite struct RollbackJournalTests {
  static func ingestLarge(_ paths: [String], store: Store, strict: Bool = false) -> [FileOutcome] {
    var options = IngestOptions(strict: strict)
    options.rollbackJournalBytes = 0
    return ingest(paths, store: store, options: options)
  }

  @Test func aLargeFileLandsTheSameAndTheStoreReturnsToWAL() throws {
    let dir = TempDir()
    let plain = try Store(path: dir.path("plain.db"))
    let large = try Store(path: dir.path("large.db"))
    ingest([TestPaths.fixtures.path], store: plain)
    let outcomes = RollbackJournalTests.ingestLarge([TestPaths.fixtures.path], store: large)
    #expect(outcomes.contains { $0.summary != nil })
    #expect(large.lastWriteJournal == "delete")
    try MigrationTests.expectSameRecords(large, plain)
    #expect(try large.query("PRAGMA journal_mode") == [["wal"]])
    #expect(try large.query("PRAGMA integrity_check") == [["ok"]])
    #expect(!FileManager.default.fileExists(atPath: dir.path("large.db-journal")))
  }

  @Test func anotherOpenConnectionKeepsTheWAL() throws {
    let dir = TempDir()
    let path = dir.path("s.db")
    let store = try Store(path: path)
    // Another process reading the store: a second connection with an open read transaction.
    let other = try DatabaseQueue(path: path)
    try other.read { db in
      _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sources")
      let scim = TestPaths.fixtures.appendingPathComponent("scim-requests.jsonl").path
      let outcomes = RollbackJournalTests.ingestLarge([scim], store: store)
      #expect(outcomes.allSatisfy { $0.summary != nil })
    }
    #expect(store.lastWriteJournal == "wal")
    #expect(try store.query("PRAGMA journal_mode") == [["wal"]])
    #expect(try store.counts()["scim_requests"] ?? 0 > 0)
  }

  @Test func aLargeFileThatFailsLeavesNothing() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    ingest([TestPaths.fixtures.appendingPathComponent("scim-requests.jsonl").path], store: store)
    let before = try store.counts()
    let lines = (0..<500).map { i in
      #"{"time":"2026-03-02T11:00:00.\#(String(format: "%04d", i))Z","method":"GET","url":"/scim/v2/Users/x\#(i)","status":404}"#
    }
    let path = dir.write("bad.jsonl", Array((lines + ["{not json"]).joined(separator: "\n").utf8))
    let outcome = RollbackJournalTests.ingestLarge([path], store: store, strict: true)[0]
    #expect(outcome.error != nil)
    #expect(store.lastWriteJournal == "delete")
    #expect(try store.counts() == before)
    #expect(try store.query("PRAGMA journal_mode") == [["wal"]])
  }
}

import Foundation
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

/// The ingest writes with foreign keys unenforced (see `Store.write`); every row it writes must
/// still have its parent, and enforcement must be back afterwards.
@Suite struct IntegrityTests {
  @Test func everyIngestedRowHasItsParent() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    let inputs = [TestPaths.fixtures.path, TestPaths.samples.path]
    // A file with rejects read twice: the second copy adds nothing, so its source row and its
    // rejects are dropped.
    let line = #"{"timestamp":"2026-03-02T10:00:00Z","method":"DELETE","url":"/Users/u1","status":204}"#
    let withReject = dir.write("with-reject.jsonl", Array((line + "\n{\"x\": 1}\n").utf8))
    let copy = dir.write("copy.jsonl", Array((line + "\n{\"x\": 1}\n").utf8))
    let first = ingest(inputs + [withReject], store: store)
    #expect(first.compactMap(\.summary).reduce(0) { $0 + $1.new } > 100)
    let rejectsBefore = try store.query("SELECT count(*) FROM rejects")[0][0]
    let again = ingest(inputs + [copy], store: store)
    #expect(again.compactMap(\.summary).allSatisfy { $0.new == 0 })
    #expect(try store.query("SELECT count(*) FROM rejects")[0][0] == rejectsBefore)
    #expect(try store.query("PRAGMA foreign_key_check").isEmpty)
    #expect(try store.query("PRAGMA foreign_keys") == [["1"]])
  }
}

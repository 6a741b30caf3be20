import GRDB
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

@Suite struct SchemaTests {
  /// The schema is a public interface: any change shows up here and in docs/schema.md.
  @Test func schemaMatchesTheSnapshot() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    assertSnapshot(try store.schemaSQL().joined(separator: ";\n\n") + ";\n", named: "schema.sql")
  }

  @Test func aNewStoreHasLargePagesAndAnExistingOneKeepsItsOwn() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    #expect(try store.query("PRAGMA page_size") == [[String(Store.pageSize)]])
    // A store written with SQLite's default pages is opened, migrated and written as it is.
    let oldPath = dir.path("old.db")
    let queue = try DatabaseQueue(path: oldPath)
    try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL") }
    try Schema.migrator.migrate(queue)
    try queue.close()
    let old = try Store(path: oldPath)
    ingest([TestPaths.fixtures.path], store: old)
    #expect(try old.query("PRAGMA page_size") == [["4096"]])
    #expect(try old.query("PRAGMA integrity_check") == [["ok"]])
  }

  @Test func everyColumnIsDocumented() throws {
    let dir = TempDir()
    let store = try Store(path: dir.path("s.db"))
    let doc = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("docs/schema.md"), encoding: .utf8)
    let columns = try store.query(
      "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'grdb_%' ORDER BY 1, 2"
    )
    for row in columns {
      let table = row[0]!
      let column = row[1]!
      #expect(doc.contains("## `\(table)`"), "docs/schema.md lacks table \(table)")
      #expect(doc.contains("| `\(column)` |"), "docs/schema.md lacks column \(table).\(column)")
    }
  }
}

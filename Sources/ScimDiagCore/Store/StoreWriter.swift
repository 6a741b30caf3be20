import GRDB
import ScimDiagParsing

/// Writes normalised records inside one transaction (one per input file). Inserts are
/// idempotent on natural keys: a record already in the store is counted, not written again.
package final class StoreWriter {
  let db: Database
  private let statements: InsertStatements

  init(db: Database) {
    self.db = db
    self.statements = InsertStatements(db: db)
  }

  /// CREATE INDEX statements of indexes dropped for the rest of this file.
  private var deferredIndexes: [String] = []
  private var deferredTables: Set<RecordTable> = []

  /// About how many rows `table` held before the current file, which has added `added` so
  /// far. Requests and provisioning events are numbered as they arrive (`seq`), so their count
  /// is read from the end of the table; for audit events, the new records of earlier files
  /// whose shapes are audit shapes (counting the table would read all of it).
  package func rowsBeforeThisFile(_ table: RecordTable, sourceId: Int64, added: Int) throws -> Int {
    switch table {
    case .provisioning, .scim:
      let last = try Int.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM \(table.rawValue)") ?? 0
      return max(0, last - added)
    case .audit, .jobConfig:
      let source: InputShape.Source = table == .audit ? .audit : .configuration
      let shapes = InputShape.allCases.filter { $0.source == source }.map(\.rawValue)
      let matches = shapes.map { _ in "instr(format, ?) > 0" }.joined(separator: " OR ")
      return try Int.fetchOne(
        db, sql: "SELECT coalesce(sum(records_new), 0) FROM sources WHERE id <> ? AND (\(matches))",
        arguments: StatementArguments([sourceId] + shapes)) ?? 0
    }
  }

  /// Stops maintaining the indexes of `table` and of its child tables for the rest of this
  /// file; they are built again, by one sort each, in `rebuildDeferredIndexes`. A large file
  /// loads much faster this way: each insert no longer touches random pages of indexes larger
  /// than the page cache. The main rows' natural keys (unique constraints, whose indexes have no
  /// SQL of their own) are kept, so re-ingesting still adds nothing; a child row is only written
  /// with its new parent, so its key cannot repeat. All in the file's transaction: a file that
  /// fails restores the indexes with the rest.
  package func deferIndexes(of table: RecordTable) throws {
    guard deferredTables.insert(table).inserted else { return }
    for (name, includingUnique) in table.deferrable {
      let indexes = try Row.fetchAll(
        db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        arguments: [name])
      for index in indexes {
        let sql: String = index["sql"]
        if !includingUnique && sql.uppercased().hasPrefix("CREATE UNIQUE") { continue }
        deferredIndexes.append(sql)
        try db.execute(sql: "DROP INDEX \((index["name"] as String).quotedDatabaseIdentifier)")
      }
    }
  }

  /// Builds the indexes `deferIndexes` dropped. The sort's memory is bounded by the page
  /// cache's size, lowered meanwhile so the ingest stays within its memory budget.
  package func rebuildDeferredIndexes() throws {
    guard !deferredIndexes.isEmpty else { return }
    let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -16384
    try db.execute(sql: "PRAGMA cache_size = -4096")
    for sql in deferredIndexes { try db.execute(sql: sql) }
    try db.execute(sql: "PRAGMA cache_size = \(cacheSize)")
    deferredIndexes = []
    deferredTables = []
  }

  /// Creates the `sources` row for a file about to be read and returns its id.
  package func beginSource(path: String, ingestedAt: String, app: String? = nil) throws -> Int64 {
    try db.execute(
      sql: """
        INSERT INTO sources(path, sha256, format, container, encoding, bytes, ingested_at, app)
        VALUES (?, '', '', '', '', 0, ?, ?)
        """, arguments: [path, ingestedAt, app])
    return db.lastInsertedRowID
  }

  /// The path of an earlier source with the same content, if any.
  package func earlierSource(sha256: String, excluding id: Int64) throws -> String? {
    try String.fetchOne(
      db, sql: "SELECT path FROM sources WHERE sha256 = ? AND id <> ? ORDER BY id LIMIT 1", arguments: [sha256, id])
  }

  /// Completes the `sources` row once the file has been read.
  package func finishSource(id: Int64, summary: FileSummary) throws {
    try db.execute(
      sql: """
        UPDATE sources SET sha256 = ?, format = ?, container = ?, encoding = ?, bytes = ?, records_read = ?,
          records_new = ?, records_present = ?, records_rejected = ?, first_time = ?, last_time = ?
        WHERE id = ?
        """,
      arguments: [
        summary.sha256, summary.format, summary.container, summary.encoding, summary.bytes, summary.read,
        summary.new, summary.present, summary.rejected, summary.firstTime, summary.lastTime, id,
      ])
  }

  /// Removes a source row (a re-ingest of identical content that added nothing) and its
  /// rejects (deleted here: foreign keys, and so their cascade, are off during an ingest).
  package func dropSource(id: Int64) throws {
    try db.execute(sql: "DELETE FROM rejects WHERE source_id = ?", arguments: [id])
    try db.execute(sql: "DELETE FROM sources WHERE id = ?", arguments: [id])
  }

  package func reject(sourceId: Int64, location: FilePosition, reason: String, excerpt: String) throws {
    try db.cachedStatement(sql: Tables.rejects.namedInsertSQL(leaving: ["id"])).execute(arguments: [
      "source_id": sourceId, "line": location.line, "column": location.column, "reason": reason, "excerpt": excerpt,
    ])
  }

  /// Keeps the value of a column scimdiag does not read, with its row's place.
  package func extra(sourceId: Int64, line: Int, name: String, value: String) throws {
    try db.cachedStatement(sql: Tables.recordExtras.namedInsertSQL()).execute(arguments: [
      "source_id": sourceId, "line": line, "name": name, "value": value,
    ])
  }

  /// Arrival numbers (`seq`) of the provisioning events with this id, or without one, with
  /// this change ID (portal CSV files join on it); at most two.
  package func eventSeqs(id: String?, changeId: String) throws -> [Int64] {
    if let id {
      return try Int64.fetchAll(db, sql: "SELECT seq FROM provisioning_events WHERE id = ?", arguments: [id])
    }
    return try Int64.fetchAll(
      db, sql: "SELECT seq FROM provisioning_events WHERE change_id = ? LIMIT 2", arguments: [changeId])
  }

  /// Adds a step from a portal steps CSV; returns true when it was new.
  package func insertStep(_ s: ProvisioningStep, eventSeq: Int64, index: Int) throws -> Bool {
    try write(Child(record: s, parent: eventSeq, index: index), Tables.provisioningSteps, .stepIgnoringPresent)
  }

  /// Adds a modified property from a portal CSV; returns true when it was new.
  package func insertProperty(_ p: ModifiedProperty, eventSeq: Int64, index: Int) throws -> Bool {
    try write(
      Child(record: p, parent: eventSeq, index: index), Tables.provisioningModifiedProperties,
      .propertyIgnoringPresent)
  }

  /// Stores one record; returns true when it was new.
  package func insert(_ record: IngestRecord, sourceId: Int64, line: Int) throws -> Bool {
    switch record {
    case .provisioning(let e): return try insert(e, sourceId: sourceId, line: line)
    case .audit(let e): return try insert(e, sourceId: sourceId, line: line)
    case .scim(let r): return try insert(r, key: r.key, sourceId: sourceId, line: line)
    case .jobConfig(let c):
      return try write(Written(record: c, key: "", sourceId: sourceId, line: line), Tables.jobConfigs, .jobConfig)
    }
  }

  /// Binds `row` to the insert `kind` in the order `table` declares its columns, and runs it.
  // Values are bound one by one: an array of them per row would cost an allocation and a
  // retain of every value on the writer thread, which is the ingest's critical path.
  @discardableResult
  private func write<Row>(_ row: Row, _ table: TableDeclaration<Row>, _ kind: Insert) throws -> Bool {
    let st = try statements[kind]
    table.bind(row, into: st)
    return try st.run()
  }

  private func insert(_ e: ProvisioningEvent, sourceId: Int64, line: Int) throws -> Bool {
    let row = Written(record: e, key: e.id, sourceId: sourceId, line: line)
    guard try write(row, Tables.provisioningEvents, .provisioningEvent) else { return false }
    // The event's arrival number: its children name it, so their keys arrive in ascending order.
    let seq = db.lastInsertedRowID
    for (i, s) in e.steps.enumerated() {
      try write(Child(record: s, parent: seq, index: i), Tables.provisioningSteps, .step)
    }
    for (i, p) in e.modifiedProperties.enumerated() {
      try write(Child(record: p, parent: seq, index: i), Tables.provisioningModifiedProperties, .property)
    }
    return true
  }

  private func insert(_ e: AuditEvent, sourceId: Int64, line: Int) throws -> Bool {
    let row = Written(record: e, key: e.id, sourceId: sourceId, line: line)
    guard try write(row, Tables.auditEvents, .auditEvent) else { return false }
    for (ti, t) in e.targets.enumerated() {
      try write(Child(record: t, parent: e.id, index: ti), Tables.auditTargets, .auditTarget)
      for (pi, p) in t.modifiedProperties.enumerated() {
        try write(
          Child(record: p, parent: e.id, index: pi, parentIndex: ti), Tables.auditModifiedProperties, .auditProperty)
      }
    }
    return true
  }

  /// Stores one SCIM request under `key`; returns true when it was new.
  package func insert(_ r: ScimRequest, key: String, sourceId: Int64, line: Int) throws -> Bool {
    let row = Written(record: r, key: key, sourceId: sourceId, line: line)
    guard try write(row, Tables.scimRequests, .scimRequest) else { return false }
    // The request's arrival number: its children name it, so their keys arrive in ascending order.
    let seq = db.lastInsertedRowID
    for (i, o) in r.patchOperations.enumerated() {
      try write(Child(record: o, parent: seq, index: i), Tables.scimPatchOperations, .patchOperation)
    }
    for (i, x) in r.listResources.enumerated() {
      try write(Child(record: x, parent: seq, index: i), Tables.scimReturnedResources, .returnedResource)
    }
    return true
  }
}

import Foundation
import GRDB
import ScimDiagParsing

#if canImport(Glibc)
  import Glibc
#endif

/// The SQLite store: opening (and refusing what is not a store), migrations, and the queries
/// the other stages need. The only file set that imports GRDB.
package final class Store {
  package let path: String
  let queue: DatabaseQueue
  /// How long to wait for another process holding the store (a long ingest).
  static let busyTimeoutSeconds = 900
  /// Hears a line when a command has slow work to do first (rebuilding derived data).
  package var progress: (@Sendable (String) -> Void)?
  /// Hears how many users of how many are diagnosed, after each batch of the triage.
  package var triageProgress: (@Sendable (Int, Int) -> Void)?
  /// How many distinct keys linking may hold in memory before it works on disk instead.
  package var linkNodeBudget = Store.defaultLinkNodeBudget
  /// How many identifier forms a redactor may hold in memory before they go to disk.
  package var redactionFormBudget = Store.defaultRedactionFormBudget
  /// The file is not writable: it is opened read-only, and only answers what it already holds.
  package let readOnly: Bool

  /// Opens or creates the store at `path`. A file that is not a scimdiag store, is corrupt, or
  /// was written by another store format is refused without being modified.
  package init(path: String, create: Bool = true) throws(ScimDiagError) {
    self.path = path
    var isFolder: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
    if exists && isFolder.boolValue {
      throw .notAStore(
        path: path,
        reason:
          "it is a folder; give the store's file, such as \((path as NSString).appendingPathComponent("scimdiag.db"))")
    }
    if !exists && !create {
      throw .noStore(path: path)
    }
    readOnly = exists && access(path, W_OK) != 0
    if exists, let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size > 0 {
      try Store.checkHeader(path: path)
    }
    var config = Configuration()
    // Another ingest may hold the store for a whole large file: wait for it.
    config.busyMode = .timeout(TimeInterval(Store.busyTimeoutSeconds))
    config.foreignKeysEnabled = true
    config.readonly = readOnly
    let readOnly = self.readOnly
    config.prepareDatabase { db in
      // Temporary data (sorts, DISTINCT, temporary tables) in files: SQLite keeps what fits
      // its cache in memory and writes the rest, so memory stays bounded whatever the size of
      // what is sorted.
      if readOnly {
        try db.execute(sql: "PRAGMA cache_size = -16384; PRAGMA temp_store = FILE")
        return
      }
      // The page size first (it applies only to a store not yet written; see `pageSize`): SQLite
      // turns a cache size in KiB into a count of pages when the size is set, and keeps the
      // count when the page size changes later: 16 MiB of 4 KB pages would become 64 MiB.
      try db.execute(
        sql: """
          PRAGMA page_size = \(Store.pageSize); PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16384;
          PRAGMA temp_store = FILE
          """)
    }
    do {
      // A read-only file is opened as immutable: SQLite then needs no write-ahead-log index
      // (-shm) beside it, which a reader without write access could not create. (Debian's
      // SQLite reads URI filenames.)
      let uri = path.replacingOccurrences("%", "%25").replacingOccurrences("?", "%3f").replacingOccurrences("#", "%23")
      queue = try DatabaseQueue(path: readOnly ? "file:\(uri)?immutable=1" : path, configuration: config)
    } catch {
      throw .database(path: path, reason: String(describing: error))
    }
    do {
      try Store.retryingWhileBusy { try Store.prepare(queue, path: path, readOnly: readOnly) }
    } catch let e as ScimDiagError {
      throw e
    } catch {
      throw Store.describe(error, path: path)
    }
  }

  /// A clear error for SQLite failures: corruption and non-databases named as such.
  package static func describe(_ error: Error, path: String) -> ScimDiagError {
    if let e = error as? DatabaseError {
      switch e.resultCode {
      case .SQLITE_CORRUPT, .SQLITE_NOTADB:
        return .notAStore(
          path: path,
          reason:
            "the file is corrupt (\(e.message ?? "SQLite reports corruption")); restore it or ingest into a new store")
      case .SQLITE_BUSY, .SQLITE_LOCKED:
        return .database(
          path: path, reason: "another scimdiag held the store for too long (\(e.message ?? "busy")); try again")
      case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
        return .database(path: path, reason: "cannot write the store (\(e.message ?? "read-only")); check permissions")
      default:
        return .database(path: path, reason: e.message ?? String(describing: e))
      }
    }
    return .database(path: path, reason: String(describing: error))
  }

  /// Validates the file (never writing to one that is not ours), switches to WAL and migrates.
  private static func prepare(_ queue: DatabaseQueue, path: String, readOnly: Bool) throws {
    // Validate before writing anything: a file that is not ours is never modified.
    try queue.read { db in
      // grdb_migrations alone means another scimdiag is creating the store right now.
      let tables = try String.fetchAll(
        db,
        sql:
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb_%' AND name NOT LIKE 'sqlite_%'")
      if !tables.isEmpty && !tables.contains("store_info") {
        throw ScimDiagError.notAStore(
          path: path, reason: "it holds other tables (\(tables.prefix(3).joined(separator: ", ")))")
      }
      if tables.contains("store_info") {
        let version = try String.fetchOne(db, sql: "SELECT value FROM store_info WHERE key = 'format'")
        if let version, let number = Int(version), let current = Int(Schema.formatVersion), number < current {
          throw ScimDiagError.notAStore(
            path: path,
            reason:
              "it was written by store format \(version), by an earlier scimdiag (this one writes format \(Schema.formatVersion); before scimdiag's first release, stores are not migrated): ingest the exports again into a new store, or keep using the build that wrote it"
          )
        }
        if version != Schema.formatVersion {
          throw ScimDiagError.notAStore(
            path: path,
            reason:
              "it was written by store format \(version ?? "unknown"), this scimdiag reads format \(Schema.formatVersion); use the scimdiag that wrote it"
          )
        }
      }
      if try Schema.migrator.hasBeenSuperseded(db) {
        throw ScimDiagError.notAStore(
          path: path, reason: "it was written by a newer scimdiag (unknown migrations); use that version")
      }
    }
    if readOnly {
      // Nothing is written: the store must already be complete.
      guard try queue.read({ try Schema.migrator.hasCompletedMigrations($0) }) else {
        throw ScimDiagError.database(
          path: path, reason: "the store is read-only and not complete; make it writable, or ingest into a new store")
      }
      return
    }
    // Write-ahead logging: fast per-file commits, readers never block the ingest.
    try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
    try Store.migrate(queue)
  }

  /// The page size of a new store, in bytes; an existing store keeps its own (SQLite fixes it
  /// when the file is first written). Larger pages than SQLite's default 4 KB mean fewer reads
  /// and writes for the same work; the page cache is set in bytes, so memory does not grow.
  /// Larger still cost memory for no gain (docs/performance.md, "Measurements behind the code").
  package static let pageSize = 16384

  /// Retries `body` while another process holds the store (SQLite may answer "database is
  /// locked" at once, without waiting, while a store is being created or switched to WAL).
  private static func retryingWhileBusy(_ body: () throws -> Void) throws {
    var attempt = 0
    while true {
      do {
        return try body()
      } catch let e as DatabaseError where e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED {
        attempt += 1
        if attempt > 600 { throw e }
        usleep(100_000)
      }
    }
  }

  /// Runs the migrations. Two processes creating one store at once can race; the loser's
  /// migration rolls back and it finds the winner's work done.
  private static func migrate(_ queue: DatabaseQueue) throws {
    var attempt = 0
    while true {
      do {
        try Schema.migrator.migrate(queue)
        return
      } catch {
        attempt += 1
        if try queue.read({ try Schema.migrator.hasCompletedMigrations($0) }) { return }
        if attempt >= 5 { throw error }
        usleep(50_000)
      }
    }
  }

  /// Refuses files whose first bytes are not an SQLite header.
  private static func checkHeader(path: String) throws(ScimDiagError) {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw .cannotRead(path: path, reason: "permission denied")
    }
    defer { try? handle.close() }
    let header = (try? handle.read(upToCount: 16)) ?? Data()
    if header != Data("SQLite format 3\0".utf8) {
      throw .notAStore(path: path, reason: "it is not an SQLite database")
    }
  }

  /// Runs `body` in one write transaction; any error rolls everything back.
  ///
  /// Foreign keys are not enforced meanwhile: checking each child row's parent costs the writer
  /// thread, which every ingest waits for, a noticeable share of its instructions. `StoreWriter` writes a child only with a parent it has just
  /// written or found, and `IntegrityTests` checks every ingested store with
  /// `PRAGMA foreign_key_check`. Enforcement (and `ON DELETE CASCADE`) is back once `body` ends.
  package func write<T>(_ body: (StoreWriter) throws -> T) throws -> T {
    try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA foreign_keys = OFF") }
    defer { try? queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA foreign_keys = ON") } }
    return try queue.write { db in try body(StoreWriter(db: db)) }
  }

  /// Like `write`, but, when no other connection has the store open, with a rollback journal
  /// instead of the write-ahead log for this one transaction. A large file's pages are then
  /// written once, to the store, instead of to the WAL and again at the checkpoint (a third of
  /// the writes). The file still lands completely or not at all; a scimdiag started meanwhile
  /// waits for it. `synchronous` is FULL meanwhile, the safe setting for a rollback journal.
  /// When another connection has the store open, the WAL is kept and nothing else changes.
  package func writeOnce<T>(_ body: (StoreWriter) throws -> T) throws -> T {
    let switched = try queue.writeWithoutTransaction { db -> Bool in
      // Never wait for another process here: if one has the store open, keep the WAL.
      try db.execute(sql: "PRAGMA busy_timeout = 0")
      defer { try? db.execute(sql: "PRAGMA busy_timeout = \(Store.busyTimeoutSeconds * 1000)") }
      guard (try? String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")) == "delete" else { return false }
      try db.execute(sql: "PRAGMA synchronous = FULL")
      return true
    }
    defer {
      if switched {
        // Back to WAL (if another process opened the store meanwhile, its own open does it).
        try? queue.writeWithoutTransaction { db in
          try db.execute(sql: "PRAGMA synchronous = NORMAL")
          _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
      }
    }
    lastWriteJournal = switched ? "delete" : "wal"
    return try write(body)
  }

  /// The journal the last `writeOnce` used ("delete" or "wal"), for tests.
  package private(set) var lastWriteJournal = "wal"

  /// Runs read-only queries.
  package func read<T>(_ body: (Database) throws -> T) throws -> T {
    try queue.read(body)
  }
}

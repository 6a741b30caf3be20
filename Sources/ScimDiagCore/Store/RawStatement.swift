import GRDB
import GRDBSQLite
import ScimDiagParsing

/// An INSERT prepared once and bound through the SQLite C API. The ingest runs a handful of
/// statements hundreds of thousands of times per file; binding through GRDB's boxed
/// `StatementArguments` cost more than SQLite's own work, so the hot inserts bind directly.
/// Errors are GRDB `DatabaseError`s, described like any other store error.
final class RawStatement {
  private let statement: OpaquePointer
  private let connection: OpaquePointer
  private let sql: String
  private var next: Int32 = 1

  /// The text values of the row being bound, one after another: copied here once and bound
  /// with SQLITE_STATIC (no destructor: SQLite reads them in place during `run`), instead of
  /// SQLite allocating, copying and freeing each of them (SQLITE_TRANSIENT), which cost the
  /// writer thread, the ingest's critical path, about a tenth of its instructions on a portal
  /// export.
  private var arena: [UInt8] = []
  private var texts: [(parameter: Int32, offset: Int, count: Int)] = []

  init(_ db: Database, sql: String) throws {
    guard let connection = db.sqliteConnection else {
      throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the store is closed", sql: sql)
    }
    var prepared: OpaquePointer?
    let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
    guard code == SQLITE_OK, let prepared else {
      throw DatabaseError(
        resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }
    self.statement = prepared
    self.connection = connection
    self.sql = sql
  }

  /// A valid address for empty text (a null pointer would bind NULL).
  private static var empty: UnsafePointer<UInt8> { ("" as StaticString).utf8Start }

  deinit {
    sqlite3_finalize(statement)
  }

  @inline(__always)
  func bind(_ value: String?) {
    defer { next += 1 }
    guard var value else {
      sqlite3_bind_null(statement, next)
      return
    }
    let offset = arena.count
    value.withUTF8 { arena.append(contentsOf: $0) }
    texts.append((next, offset, arena.count - offset))
  }

  @inline(__always)
  func bind(_ value: Int?) {
    defer { next += 1 }
    if let value { sqlite3_bind_int64(statement, next, Int64(value)) } else { sqlite3_bind_null(statement, next) }
  }

  @inline(__always)
  func bind(_ value: Int64?) {
    defer { next += 1 }
    if let value { sqlite3_bind_int64(statement, next, value) } else { sqlite3_bind_null(statement, next) }
  }

  @inline(__always)
  func bind(_ value: Double?) {
    defer { next += 1 }
    if let value { sqlite3_bind_double(statement, next, value) } else { sqlite3_bind_null(statement, next) }
  }

  /// Runs the statement with the values bound since the last run; true when it changed a row
  /// (false for an `INSERT OR IGNORE` that found the row already present).
  @discardableResult
  func run() throws -> Bool {
    next = 1
    let code = arena.withUnsafeBufferPointer { bytes -> Int32 in
      // The arena is not changed until the step is done, so its bytes stay where they are.
      let base = bytes.baseAddress ?? RawStatement.empty
      for t in texts {
        sqlite3_bind_text(statement, t.parameter, base + t.offset, Int32(t.count), nil)
      }
      return sqlite3_step(statement)
    }
    sqlite3_reset(statement)
    // Unbinds the arena's text before its bytes are reused.
    sqlite3_clear_bindings(statement)
    arena.removeAll(keepingCapacity: true)
    texts.removeAll(keepingCapacity: true)
    guard code == SQLITE_DONE else {
      throw DatabaseError(
        resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }
    return sqlite3_changes(connection) > 0
  }
}

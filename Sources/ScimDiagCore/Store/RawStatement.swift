import GRDB
import GRDBSQLite

/// An INSERT prepared once and bound through the SQLite C API. The ingest runs a handful of
/// statements hundreds of thousands of times per file; binding through GRDB's boxed
/// `StatementArguments` cost more than SQLite's own work, so the hot inserts bind directly.
/// Errors are GRDB `DatabaseError`s, described like any other store error.
final class RawStatement {
  private let statement: OpaquePointer
  private let connection: OpaquePointer
  private let sql: String
  private var next: Int32 = 1

  /// SQLite copies bound text before `bind` returns.
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

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
    value.withUTF8 { bytes in
      _ = sqlite3_bind_text(statement, next, bytes.baseAddress, Int32(bytes.count), RawStatement.transient)
    }
  }

  /// Binds several text values in order.
  func bind(all values: [String?]) {
    for value in values { bind(value) }
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
    let code = sqlite3_step(statement)
    sqlite3_reset(statement)
    sqlite3_clear_bindings(statement)
    guard code == SQLITE_DONE else {
      throw DatabaseError(
        resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }
    return sqlite3_changes(connection) > 0
  }
}

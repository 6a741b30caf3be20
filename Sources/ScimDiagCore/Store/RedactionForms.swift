import GRDB
import ScimDiagParsing

/// The known identifiers' forms of a store too big to hold them in memory: a fixed-size
/// `FormFilter` in memory, and every form with its tag in a private scratch database (SQLite's
/// temporary on-disk database, removed when it is closed), where the filter's hits are looked
/// up. Each form keeps the tag it was first given, in the order the store's keys are read, as
/// the in-memory table does, so both redact alike.
final class SpilledIdentifiers: IdentifierForms {
  private let filter: FormFilter
  private let scratch: DatabaseQueue

  private init(filter: FormFilter, scratch: DatabaseQueue) {
    self.filter = filter
    self.scratch = scratch
  }

  var isEmpty: Bool { filter.count == 0 }

  func longestMatch(in t: [UInt8], at start: Int) -> (length: Int, tag: KnownIdentifiers.Tag)? {
    filter.longestMatch(in: t, at: start) { span in
      do {
        return try scratch.inDatabase { db in
          try UInt8.fetchOne(
            db.cachedStatement(sql: "SELECT tag FROM forms WHERE text = ?"),
            arguments: [String(decoding: span, as: UTF8.self)])
        }
      } catch {
        // A lookup that fails redacts the span (as a name) rather than let it through.
        return KnownIdentifiers.Kind.name.rawValue << 2
      }
    }
  }

  /// The forms of every key read from `keys` (kind, value), with about `expected` forms.
  static func make(expected: Int, keys: RowCursor) throws -> SpilledIdentifiers {
    var config = Configuration()
    config.prepareDatabase { db in
      try db.execute(
        sql: "PRAGMA cache_size = -4096; PRAGMA temp_store = FILE; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF"
      )
    }
    // An empty path is SQLite's private temporary database, in a file deleted on close.
    let scratch = try DatabaseQueue(path: "", configuration: config)
    var filter = FormFilter(expected: expected)
    try scratch.write { db in
      try db.execute(sql: "CREATE TABLE staging(text TEXT NOT NULL, tag INTEGER NOT NULL)")
      let insert = try RawStatement(db, sql: "INSERT INTO staging VALUES (?, ?)")
      while let row = try keys.next() {
        for (value, kind) in Redactor.identifiers(kind: row[0], value: row[1]) {
          for (bytes, tag) in KnownIdentifiers.forms(value, kind) {
            filter.add(bytes)
            insert.bind(String(decoding: bytes, as: UTF8.self))
            insert.bind(Int(tag))
            try insert.run()
          }
        }
      }
      // The first tag given to each form, as in memory: sorted by form, then arrival.
      try db.execute(
        sql: """
          CREATE TABLE forms(text TEXT PRIMARY KEY, tag INTEGER NOT NULL) WITHOUT ROWID;
          INSERT OR IGNORE INTO forms SELECT text, tag FROM staging ORDER BY text, rowid;
          DROP TABLE staging;
          """)
    }
    return SpilledIdentifiers(filter: filter, scratch: scratch)
  }
}

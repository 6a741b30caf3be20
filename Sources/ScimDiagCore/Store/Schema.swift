import Foundation
import GRDB
import ScimDiagParsing

/// The store's schema: one migration that creates every table as `Tables` declares it, and
/// the store's format and secret. Documented column by column in docs/schema.md;
/// `SchemaTests` notices any change. Before scimdiag's first release the schema is changed in
/// place and `formatVersion` raised: a store written by an earlier build is refused with a
/// message to ingest again (docs/schema.md, "Store format"). From the first release on, a
/// change is a new named migration, never an edit of a released one.
enum Schema {
  static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    m.registerMigration("v1 create the store") { db in
      for sql in Tables.createSQL { try db.execute(sql: sql) }
      // In the same transaction as the tables, so another process never sees a store without them.
      try db.execute(
        sql: "INSERT INTO store_info(key, value) VALUES ('format', ?), ('secret', ?)",
        arguments: [formatVersion, UUID().uuidString.lowercased()])
    }
    return m
  }

  /// The store format written by this version; a store with another value is refused.
  static let formatVersion = "3"
}

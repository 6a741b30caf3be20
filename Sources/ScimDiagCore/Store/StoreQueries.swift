import GRDB
import ScimDiagParsing

extension Store {
  /// Every rejected record, in file and line order.
  package func rejects() throws -> [RejectRow] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT s.path, r.line, r.column, r.reason, r.excerpt FROM rejects r JOIN sources s ON s.id = r.source_id
          ORDER BY s.path, r.line, r.column, r.id
          """
      ).map {
        RejectRow(
          path: $0["path"], line: $0["line"], column: $0["column"], reason: $0["reason"], excerpt: $0["excerpt"])
      }
    }
  }

  /// Every ingested file, in path order.
  package func sources() throws -> [SourceRow] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT path, sha256, format, container, encoding, bytes, records_read, records_new, records_present,
            records_rejected, first_time, last_time FROM sources ORDER BY path, id
          """
      ).map {
        SourceRow(
          path: $0["path"], sha256: $0["sha256"], format: $0["format"], container: $0["container"],
          encoding: $0["encoding"], bytes: $0["bytes"], recordsRead: $0["records_read"],
          recordsNew: $0["records_new"], recordsPresent: $0["records_present"],
          recordsRejected: $0["records_rejected"], firstTime: $0["first_time"], lastTime: $0["last_time"])
      }
    }
  }

  /// Row counts per table, for tests and summaries.
  /// Whether the store holds no log record (configuration alone does not count).
  package func holdsNoRecords() throws -> Bool {
    try read { db in
      try Bool.fetchOne(
        db,
        sql: """
          SELECT NOT EXISTS (SELECT 1 FROM provisioning_events) AND NOT EXISTS (SELECT 1 FROM audit_events)
            AND NOT EXISTS (SELECT 1 FROM scim_requests)
          """) ?? true
    }
  }

  package func counts() throws -> [String: Int] {
    try read { db in
      var out: [String: Int] = [:]
      for table in [
        "sources", "provisioning_events", "provisioning_steps", "provisioning_modified_properties", "audit_events",
        "audit_targets", "audit_modified_properties", "scim_requests", "scim_patch_operations",
        "scim_returned_resources", "rejects",
      ] {
        out[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
      }
      return out
    }
  }

  /// The `sqlite_master` entries of the schema, for the schema snapshot test.
  package func schemaSQL() throws -> [String] {
    try read { db in
      try String.fetchAll(
        db, sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'grdb_%' ORDER BY name")
    }
  }

  /// Runs an arbitrary read-only query and returns rows as text, for tests.
  package func query(_ sql: String) throws -> [[String?]] {
    try read { db in
      try Row.fetchAll(db, sql: sql).map { row in
        row.databaseValues.map { value in value.isNull ? nil : String(describing: value.storage.value!) }
      }
    }
  }
}

extension Store {
  /// The store's secret for pseudonyms.
  package func secret() throws -> String {
    try read { db in try String.fetchOne(db, sql: "SELECT value FROM store_info WHERE key = 'secret'") ?? "" }
  }

  /// How many identifier forms a redactor holds in memory (8 to 11 bytes each); a store with
  /// more keeps them in a scratch database behind a fixed-size filter (`SpilledIdentifiers`).
  package static let defaultRedactionFormBudget = 1_500_000

  /// A redactor for everything this store knows, its users' keys read from a cursor.
  package func redactor() throws -> Redactor {
    try refreshDerivedData()
    let keys = try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM user_keys") } ?? 0
    let forms = KnownIdentifiers.expectedForms(keys: keys)
    if forms > redactionFormBudget {
      let spilled = try read { db in
        try SpilledIdentifiers.make(
          expected: forms, keys: try Row.fetchCursor(db, sql: "SELECT kind, value FROM user_keys"))
      }
      return Redactor(secret: try secret(), forms: spilled)
    }
    var redactor = Redactor(secret: try secret(), expectedKeys: keys)
    try read { db in
      let rows = try Row.fetchCursor(db, sql: "SELECT kind, value FROM user_keys")
      while let row = try rows.next() { redactor.learn(kind: row["kind"], value: row["value"]) }
    }
    return redactor
  }
}

import GRDB
import ScimDiagParsing

/// Keeps the correlate stage's derived data (the identity graph's users and probes, and the
/// cycles) in the store, so `explain` and `users` read them directly. They are rebuilt when
/// the ingested sources change or when they were derived by another `DerivedData.version`.
extension Store {
  /// An SQL expression that changes whenever a file lands or a source is dropped.
  static let sourcesFingerprint =
    "(SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(records_new), 0) FROM sources)"

  /// What the derived data depends on: the sources, and the code that derives them.
  static let derivedFingerprint = "\(sourcesFingerprint) || '/derived-v\(DerivedData.version)'"

  /// Why a read-only store cannot answer: what it derived is older than its records or this build.
  static let readOnlyStale =
    "the store is read-only, and the links and diagnoses it keeps were made before its last ingest or by another scimdiag version; make the file writable for one run (or copy it), then it can be read-only again"

  /// Rebuilds the links and cycles when they are stale; `progress` hears when that happens.
  package func refreshDerivedData() throws {
    let stale = try read { db in
      try String.fetchOne(db, sql: "SELECT \(Store.derivedFingerprint)")
        != String.fetchOne(db, sql: "SELECT fingerprint FROM correlation_state WHERE id = 1")
    }
    guard stale else { return }
    if readOnly { throw ScimDiagError.database(path: path, reason: Store.readOnlyStale) }
    // The records waiting for their clusters, and the sorts, go to temporary files; linking
    // reads each table once in order, so a small page cache (which also bounds the sorts'
    // memory) costs it nothing (docs/performance.md, "Big tenants").
    try setTemporaryStorageToFiles()
    try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -4096") }
    defer { try? queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -16384") } }
    try queue.write { db in
      let fingerprint = try String.fetchOne(db, sql: "SELECT \(Store.derivedFingerprint)") ?? ""
      let current = try String.fetchOne(db, sql: "SELECT fingerprint FROM correlation_state WHERE id = 1")
      if current == fingerprint { return }
      if current?.hasSuffix("/derived-v\(DerivedData.version)") == false {
        progress?("linking records to users again: this store's links were made by another scimdiag version…")
      } else {
        progress?("linking records to users…")
      }
      try db.execute(
        sql:
          "DELETE FROM user_records; DELETE FROM user_keys; DELETE FROM users; DELETE FROM probe_requests; DELETE FROM cycles"
      )
      try Store.writeCycles(db, try Store.inferCycles(db))
      try Store.link(db)
      try db.execute(
        sql: "INSERT OR REPLACE INTO correlation_state(id, fingerprint) VALUES (1, ?)", arguments: [fingerprint])
    }
  }

  /// Cycles from the provisioning events grouped by cycle id in SQL, and the other times
  /// (SCIM requests, events without a cycle id) read in time order from a cursor.
  private static func inferCycles(_ db: Database) throws -> [Cycle] {
    let grouped = try Row.fetchAll(
      db,
      sql: """
        SELECT cycle_id, min(activity_time) AS start, max(activity_time) AS "end", count(*) AS events
        FROM provisioning_events WHERE cycle_id IS NOT NULL GROUP BY cycle_id
        """
    ).map {
      Cycle(
        cycleId: $0["cycle_id"], start: $0["start"], end: $0["end"], provisioningEvents: $0["events"], scimRequests: 0)
    }
    let times = try String.fetchCursor(
      db,
      sql: """
        SELECT time FROM scim_requests
        UNION ALL SELECT activity_time FROM provisioning_events WHERE cycle_id IS NULL
        ORDER BY 1
        """)
    return try CycleInference.infer(cycles: grouped) { try times.next() }
  }

  /// Builds the identity graph from cursors over the store and writes its users, keys,
  /// record links and probes. Records wait in a temporary table until the clusters are known,
  /// so memory holds the graph's keys, never the records.
  static func link(_ db: Database) throws {
    var builder = IdentityGraphBuilder()
    let resources = try ReturnedResourceRow.fetchCursor(
      db,
      sql: """
        SELECT '' AS request_key, id, user_name, external_id, active FROM scim_returned_resources -- the graph needs no request
        WHERE id IS NOT NULL OR user_name IS NOT NULL
        """)
    while let r = try resources.next() { builder.add(resource: r) }
    try db.execute(
      sql: """
        CREATE TEMP TABLE IF NOT EXISTS link_drafts(source TEXT NOT NULL, record_id TEXT NOT NULL, node INTEGER NOT NULL, via TEXT NOT NULL);
        DELETE FROM temp.link_drafts;
        """)
    let insertDraft = try db.makeStatement(sql: "INSERT INTO temp.link_drafts VALUES (?, ?, ?, ?)")
    func keep(_ draft: IdentityGraph.Draft?) throws {
      guard let d = draft else { return }
      try insertDraft.execute(arguments: [d.source.rawValue, d.recordId, d.node, d.via])
    }
    try linkProvisioning(db, into: &builder, keep: keep)
    try linkAudit(db, into: &builder, keep: keep)
    let scim = try ScimIdentityRow.fetchCursor(
      db,
      sql: """
        SELECT key, resource_type, resource_id, filter_value, body_id, body_user_name, body_external_id
        FROM scim_requests WHERE resource_type = 'Users' OR resource_type IS NULL
        """)
    while let r = try scim.next() { try keep(builder.add(scim: r)) }
    let insertUser = try db.makeStatement(sql: Tables.users.namedInsertSQL())
    let insertKey = try db.makeStatement(sql: Tables.userKeys.namedInsertSQL(orIgnore: true))
    let owners = try builder.finish { user in
      try insertUser.execute(arguments: [
        "id": user.id, "label": user.label, "object_id": user.objectId, "upn": user.upn,
        "display_name": user.displayName, "scim_id": user.scimId,
      ])
      for key in user.keys {
        try insertKey.execute(arguments: ["user_id": user.id, "kind": key.kind, "value": key.value])
      }
    }
    try writeRecords(db, owners: owners)
  }

  /// Provisioning events in store order, each with its identity-bearing steps and modified
  /// properties, read from a second cursor in the same order.
  private static func linkProvisioning(
    _ db: Database, into builder: inout IdentityGraphBuilder, keep: (IdentityGraph.Draft?) throws -> Void
  ) throws {
    let events = try Row.fetchCursor(
      db,
      sql: """
        SELECT seq, id, source_identity_id, source_upn, target_identity_id, source_identity_type, target_identity_type,
          source_identity_name FROM provisioning_events ORDER BY seq
        """)
    let parts = try Row.fetchCursor(
      db,
      sql: """
        SELECT event_seq, 0 AS kind, step_index AS position, step_type, details, reportable_identifier,
          NULL AS name, NULL AS value
        FROM provisioning_steps WHERE details IS NOT NULL OR reportable_identifier IS NOT NULL
        UNION ALL
        SELECT event_seq, 1, property_index, NULL, NULL, NULL, name, coalesce(new_value, old_value)
        FROM provisioning_modified_properties
        WHERE lower(name) IN ('userprincipalname', 'username', 'externalid', 'mail', 'mailnickname',
          'emails[type eq "work"].value')
        ORDER BY 1, 2, 3
        """)
    // A part row is copied out of the cursor before the cursor moves on.
    typealias Part = (seq: Int64, step: ProvisioningStepIdentityRow?, property: EventValueRow?)
    func next() throws -> Part? {
      guard let row = try parts.next() else { return nil }
      let kind: Int = row["kind"]
      return (
        row["event_seq"],
        kind == 0
          ? ProvisioningStepIdentityRow(
            eventId: "", stepType: row["step_type"], details: row["details"],
            reportableIdentifier: row["reportable_identifier"]) : nil,
        kind == 1 ? EventValueRow(eventId: "", name: row["name"], value: row["value"]) : nil
      )
    }
    var pending = try next()
    while let row = try events.next() {
      let seq: Int64 = row["seq"]
      var steps: [ProvisioningStepIdentityRow] = []
      var properties: [EventValueRow] = []
      while let part = pending, part.seq <= seq {
        if part.seq == seq {
          if let s = part.step { steps.append(s) }
          if let p = part.property { properties.append(p) }
        }
        pending = try next()
      }
      try keep(builder.add(provisioning: ProvisioningIdentityRow(row: row), steps: steps, properties: properties))
    }
  }

  /// Audit events in id order, each with its User targets and assignment properties.
  private static func linkAudit(
    _ db: Database, into builder: inout IdentityGraphBuilder, keep: (IdentityGraph.Draft?) throws -> Void
  ) throws {
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT event_id, 0 AS kind, target_index AS i, 0 AS j, id, user_principal_name, display_name,
          NULL AS name, NULL AS value
        FROM audit_targets WHERE lower(type) = 'user'
        UNION ALL
        SELECT event_id, 1, target_index, property_index, NULL, NULL, NULL, name, coalesce(new_value, old_value)
        FROM audit_modified_properties WHERE name IN ('User.ObjectID', 'User.UPN')
        ORDER BY 1, 2, 3, 4
        """)
    var current: String?
    var targets: [AuditUserTargetRow] = []
    var properties: [EventValueRow] = []
    func flush() throws {
      if let id = current { try keep(builder.add(auditEvent: id, targets: targets, properties: properties)) }
      targets = []
      properties = []
    }
    while let row = try rows.next() {
      let id: String = row["event_id"]
      if id != current {
        try flush()
        current = id
      }
      if (row["kind"] as Int) == 0 {
        targets.append(AuditUserTargetRow(row: row))
      } else {
        properties.append(EventValueRow(row: row))
      }
    }
    try flush()
  }

  /// Files each kept record under its cluster's user (or as a probe), in one statement sorted
  /// by user.
  private static func writeRecords(_ db: Database, owners: IdentityGraph.Owners) throws {
    try db.execute(
      sql: """
        CREATE TEMP TABLE IF NOT EXISTS node_owners(node INTEGER PRIMARY KEY, user_id INTEGER NOT NULL);
        DELETE FROM temp.node_owners;
        """)
    // The nodes' owners a slice at a time, each slice in one statement: the codes as a JSON
    // array (user id, -1 for a probe, 0 for none), whose index plus the slice's start is the
    // node; probes are filed under user 0.
    let insert = try db.makeStatement(
      sql: """
        INSERT INTO temp.node_owners(node, user_id)
          SELECT key + ?, max(value, 0) FROM json_each(?) WHERE value != 0
        """)
    for start in stride(from: 0, to: owners.count, by: 8_192) {
      let slice = owners.codes[start..<min(start + 8_192, owners.count)]
      try insert.execute(arguments: [start, "[" + slice.map(String.init).joined(separator: ",") + "]"])
    }
    try db.execute(
      sql: """
        INSERT OR IGNORE INTO user_records(user_id, source, record_id, via)
          SELECT o.user_id, d.source, d.record_id, d.via FROM temp.link_drafts d JOIN temp.node_owners o ON o.node = d.node
          WHERE o.user_id > 0 ORDER BY o.user_id, d.source, d.record_id, d.rowid;
        INSERT OR IGNORE INTO probe_requests(request_key)
          SELECT d.record_id FROM temp.link_drafts d JOIN temp.node_owners o ON o.node = d.node
          WHERE o.user_id = 0 ORDER BY d.record_id;
        UPDATE probe_requests SET time = (SELECT r.time FROM scim_requests r WHERE r.key = request_key);
        DROP TABLE temp.link_drafts;
        DROP TABLE temp.node_owners;
        """)
  }

  /// Keeps the inferred cycles for the rules and the report.
  static func writeCycles(_ db: Database, _ cycles: [Cycle]) throws {
    let insert = try db.makeStatement(sql: Tables.cycles.namedInsertSQL(leaving: ["id"]))
    for c in cycles {
      try insert.execute(arguments: [
        "cycle_id": c.cycleId, "start_time": c.start, "end_time": c.end, "provisioning_events": c.provisioningEvents,
        "scim_requests": c.scimRequests, "minutes_since_previous": c.minutesSincePrevious,
      ])
    }
  }
}

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
      let progress = progress
      try Store.link(db, nodeBudget: linkNodeBudget) {
        progress?("linking records to users on disk: more than \($0) distinct keys…")
      }
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

  /// How many distinct keys linking holds in memory, each with its text, before it starts
  /// again on disk, where memory holds only each key's parent and flags (docs/architecture.md,
  /// "Linking", has what each costs).
  package static let defaultLinkNodeBudget = 1_000_000

  /// Thrown inside in-memory linking when the graph passes its budget.
  private struct OverBudget: Error {}

  /// Builds the identity graph from cursors over the store and writes its users, keys,
  /// record links and probes. Records wait in a temporary table until the clusters are known,
  /// so memory holds the graph's keys, never the records. A graph of more than `nodeBudget`
  /// keys is built again on disk (`onDisk` hears when), with the same result.
  static func link(_ db: Database, nodeBudget: Int, onDisk: (Int) -> Void) throws {
    do {
      try linkInMemory(db, nodeBudget: nodeBudget)
    } catch is OverBudget {
      try db.execute(sql: "DROP TABLE IF EXISTS temp.link_drafts")
      onDisk(nodeBudget)
      try linkOnDisk(db)
    }
  }

  private static func linkInMemory(_ db: Database, nodeBudget: Int) throws {
    var builder = IdentityGraphBuilder()
    try db.execute(
      sql: """
        CREATE TEMP TABLE IF NOT EXISTS link_drafts(source TEXT NOT NULL, record_id TEXT NOT NULL, node INTEGER NOT NULL, via TEXT NOT NULL);
        DELETE FROM temp.link_drafts;
        """)
    let insertDraft = try db.makeStatement(sql: "INSERT INTO temp.link_drafts VALUES (?, ?, ?, ?)")
    try eachRecord(db) { r in
      if let d = builder.add(r) {
        try insertDraft.execute(arguments: [d.source.rawValue, d.recordId, d.node, d.via])
      }
      if builder.nodeCount > nodeBudget { throw OverBudget() }
    }
    let users = try UserWriter(db)
    let owners = try builder.finish { try users.write($0) }
    try writeOwners(db, owners: owners)
    try fileRecords(db, drafts: "SELECT source, record_id, node, via, rowid AS seq FROM temp.link_drafts")
    try db.execute(sql: "DROP TABLE temp.link_drafts")
  }

  /// Every record's keys, in the order linking needs: returned resources, provisioning events,
  /// audit events by id, SCIM requests.
  private static func eachRecord(_ db: Database, _ body: (RecordKeys) throws -> Void) throws {
    let resources = try ReturnedResourceRow.fetchCursor(
      db,
      sql: """
        SELECT '' AS request_key, id, user_name, external_id, active FROM scim_returned_resources -- the graph needs no request
        WHERE id IS NOT NULL OR user_name IS NOT NULL
        """)
    while let r = try resources.next() {
      if let k = RecordKeys.of(resource: r) { try body(k) }
    }
    try linkProvisioning(db, body)
    try linkAudit(db, body)
    let scim = try ScimIdentityRow.fetchCursor(
      db,
      sql: """
        SELECT key, resource_type, resource_id, filter_value, body_id, body_user_name, body_external_id
        FROM scim_requests WHERE resource_type = 'Users' OR resource_type IS NULL
        """)
    while let r = try scim.next() {
      if let k = RecordKeys.of(scim: r) { try body(k) }
    }
  }

  /// Writes each user and its keys as linking hands them over.
  private struct UserWriter {
    let insertUser: Statement
    let insertKey: Statement

    init(_ db: Database) throws {
      insertUser = try db.makeStatement(sql: Tables.users.namedInsertSQL())
      insertKey = try db.makeStatement(sql: Tables.userKeys.namedInsertSQL(orIgnore: true))
    }

    func write(_ user: UserIdentity) throws {
      try insertUser.execute(arguments: [
        "id": user.id, "label": user.label, "object_id": user.objectId, "upn": user.upn,
        "display_name": user.displayName, "scim_id": user.scimId,
      ])
      for key in user.keys {
        try insertKey.execute(arguments: ["user_id": user.id, "kind": key.kind, "value": key.value])
      }
    }
  }

  /// Linking for a graph too big for memory. The same unions in the same order as in memory,
  /// with what grows with the keys kept in temporary tables: every record's keys, in order
  /// (`link_edges`); the distinct keys numbered by first appearance, as in memory
  /// (`link_nodes`); the clusters sorted by label in SQL. Memory holds each node's parent and
  /// flags (5 bytes), and one user at a time.
  private static func linkOnDisk(_ db: Database) throws {
    // The key index and the sorts are read all through the linking: a bigger page cache for
    // the temporary tables (bounded, like the main one) saves re-reading their files.
    try db.execute(sql: "PRAGMA temp.cache_size = -16384")
    defer { try? db.execute(sql: "PRAGMA temp.cache_size = -2000") }
    try db.execute(
      sql: """
        DROP TABLE IF EXISTS temp.link_records; DROP TABLE IF EXISTS temp.link_edges; DROP TABLE IF EXISTS temp.link_names;
        DROP TABLE IF EXISTS temp.link_nodes; DROP TABLE IF EXISTS temp.node_roots; DROP TABLE IF EXISTS temp.link_clusters;
        DROP TABLE IF EXISTS temp.link_probe_roots; DROP TABLE IF EXISTS temp.link_users;
        DROP TABLE IF EXISTS temp.link_record_nodes;
        CREATE TEMP TABLE link_records(rec INTEGER PRIMARY KEY, source TEXT NOT NULL, record_id TEXT NOT NULL, via TEXT NOT NULL);
        CREATE TEMP TABLE link_edges(rec INTEGER NOT NULL, first INTEGER, kind INTEGER NOT NULL, value TEXT NOT NULL);
        CREATE TEMP TABLE link_names(value TEXT NOT NULL, name TEXT NOT NULL);
        """)
    // `first` is set on a record's first key: 1 for a request that may be a probe, 3 for
    // any other record, 0 for a returned resource (not a record).
    let insertRecord = try RawStatement(db, sql: "INSERT INTO temp.link_records VALUES (?, ?, ?, ?)")
    let insertEdge = try RawStatement(db, sql: "INSERT INTO temp.link_edges VALUES (?, ?, ?, ?)")
    let insertName = try RawStatement(db, sql: "INSERT INTO temp.link_names VALUES (?, ?)")
    var rec: Int64 = 0
    try eachRecord(db) { r in
      rec += 1
      if let (source, id) = r.record {
        insertRecord.bind(rec)
        insertRecord.bind(source.rawValue)
        insertRecord.bind(id)
        insertRecord.bind(IdentityValues.describe(r.keys))
        try insertRecord.run()
      }
      for (i, key) in r.keys.enumerated() {
        insertEdge.bind(rec)
        insertEdge.bind(i > 0 ? nil : r.record == nil ? 0 : r.probe ? 1 : 3 as Int?)
        insertEdge.bind(Int(KeyArena.code(key)))
        insertEdge.bind(key.value)
        try insertEdge.run()
      }
      for (objectId, name) in r.displayNames {
        insertName.bind(objectId.value)
        insertName.bind(name)
        try insertName.run()
      }
    }
    try db.execute(
      sql: """
        CREATE TEMP TABLE link_nodes(node INTEGER PRIMARY KEY, kind INTEGER NOT NULL, value TEXT NOT NULL);
        INSERT INTO temp.link_nodes(kind, value) SELECT kind, value FROM temp.link_edges GROUP BY kind, value ORDER BY min(rowid);
        CREATE UNIQUE INDEX temp.link_nodes_key ON link_nodes(kind, value);
        CREATE TEMP TABLE link_record_nodes(rec INTEGER PRIMARY KEY, node INTEGER NOT NULL);
        """)
    // Nodes are numbered from 1 in SQL; index node - 1 in memory.
    let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM temp.link_nodes") ?? 0
    var forest = Forest(count: count)
    var flags = [UInt8](repeating: 0, count: count)
    let insertRecordNode = try RawStatement(db, sql: "INSERT INTO temp.link_record_nodes VALUES (?, ?)")
    let edges = try Row.fetchCursor(
      db,
      sql: """
        SELECT e.rec, e.first, n.node FROM temp.link_edges e JOIN temp.link_nodes n ON n.kind = e.kind AND n.value = e.value
        ORDER BY e.rowid
        """)
    var root = 0
    while let row = try edges.next() {
      let node = (row[2] as Int) - 1
      if let first = row[1] as Int? {
        root = forest.find(node)
        if first > 0 {
          flags[node] |= UInt8(first)
          insertRecordNode.bind(row[0] as Int)
          insertRecordNode.bind(node + 1)
          try insertRecordNode.run()
        }
      } else {
        let b = forest.find(node)
        if b != root { forest.attach(b, to: root) }
      }
    }
    var roots = forest.takeRoots()
    for node in 0..<count where flags[node] & 3 != 0 {
      flags[Int(roots[node])] |= (flags[node] & 3) << 2
    }
    // The nodes of clusters that hold a record, with their root (numbered from 1), in slices.
    try db.execute(sql: "CREATE TEMP TABLE node_roots(node INTEGER PRIMARY KEY, root INTEGER NOT NULL)")
    let insertRoots = try db.makeStatement(
      sql: "INSERT INTO temp.node_roots(node, root) SELECT key + ?, value FROM json_each(?) WHERE value != 0")
    for start in stride(from: 0, to: count, by: 8_192) {
      let slice = (start..<min(start + 8_192, count)).map { n -> String in
        let r = Int(roots[n])
        return flags[r] >> 2 & 3 != 0 ? String(r + 1) : "0"
      }
      try insertRoots.execute(arguments: [start + 1, "[" + slice.joined(separator: ",") + "]"])
    }
    roots = []
    // Each cluster's keys in node order: a probe, or a user to be labelled.
    try db.execute(
      sql: """
        CREATE TEMP TABLE link_clusters(root INTEGER NOT NULL, label TEXT NOT NULL);
        CREATE TEMP TABLE link_probe_roots(root INTEGER PRIMARY KEY);
        """)
    let insertCluster = try db.makeStatement(sql: "INSERT INTO temp.link_clusters VALUES (?, ?)")
    let insertProbe = try db.makeStatement(sql: "INSERT INTO temp.link_probe_roots VALUES (?)")
    try eachCluster(
      db,
      sql: """
        SELECT r.root, n.kind, n.value FROM temp.node_roots r JOIN temp.link_nodes n ON n.node = r.node
        ORDER BY r.root, n.node
        """
    ) { root, keys in
      let records = flags[root - 1] >> 2 & 3
      let identified = keys.contains { if case .name = $0 { false } else { true } }
      if records & 2 == 0 && !identified {
        try insertProbe.execute(arguments: [root])
      } else if let label = IdentityGraph.labelKey(keys) {
        try insertCluster.execute(arguments: [root, label.value])
      }
    }
    flags = []
    // Users numbered in label order, ties by root as in memory; each written with its keys.
    try db.execute(
      sql: """
        CREATE TEMP TABLE link_users(user_id INTEGER PRIMARY KEY, root INTEGER NOT NULL);
        INSERT INTO temp.link_users(root) SELECT root FROM temp.link_clusters ORDER BY label, root;
        CREATE INDEX temp.node_roots_root ON node_roots(root);
        CREATE INDEX temp.link_names_value ON link_names(value);
        """)
    let users = try UserWriter(db)
    let latestName = try db.makeStatement(
      sql: "SELECT name FROM temp.link_names WHERE value = ? ORDER BY rowid DESC LIMIT 1")
    try eachCluster(
      db,
      sql: """
        SELECT u.user_id, n.kind, n.value FROM temp.link_users u JOIN temp.node_roots r ON r.root = u.root
        JOIN temp.link_nodes n ON n.node = r.node ORDER BY u.user_id, n.node
        """
    ) { id, keys in
      let sorted = keys.sorted()
      let objectId = sorted.first { if case .objectId = $0 { true } else { false } }
      let name = try objectId.flatMap { try String.fetchOne(latestName, arguments: [$0.value]) }
      guard let label = IdentityGraph.labelKey(keys) else { return }
      try users.write(IdentityGraph.identity(id: id, label: label.value, sortedKeys: sorted, displayName: name))
    }
    try db.execute(
      sql: """
        CREATE TEMP TABLE IF NOT EXISTS node_owners(node INTEGER PRIMARY KEY, user_id INTEGER NOT NULL);
        DELETE FROM temp.node_owners;
        INSERT INTO temp.node_owners SELECT r.node, u.user_id FROM temp.node_roots r JOIN temp.link_users u ON u.root = r.root;
        INSERT INTO temp.node_owners SELECT r.node, 0 FROM temp.node_roots r JOIN temp.link_probe_roots p ON p.root = r.root;
        DROP TABLE temp.link_edges; DROP TABLE temp.link_names; DROP TABLE temp.link_nodes;
        DROP TABLE temp.node_roots; DROP TABLE temp.link_clusters; DROP TABLE temp.link_probe_roots; DROP TABLE temp.link_users;
        """)
    try fileRecords(
      db,
      drafts: """
        SELECT r.source, r.record_id, n.node, r.via, r.rec AS seq FROM temp.link_records r
        JOIN temp.link_record_nodes n ON n.rec = r.rec
        """)
    try db.execute(sql: "DROP TABLE temp.link_records; DROP TABLE temp.link_record_nodes")
  }

  /// Rows of (group, key kind code, key value), sorted by group, handed over a group at a time.
  private static func eachCluster(_ db: Database, sql: String, _ body: (Int, [UserKey]) throws -> Void) throws {
    let rows = try Row.fetchCursor(db, sql: sql)
    var current: Int?
    var keys: [UserKey] = []
    while let row = try rows.next() {
      let group: Int = row[0]
      if group != current {
        if let c = current { try body(c, keys) }
        current = group
        keys = []
      }
      keys.append(KeyArena.key(code: UInt8(row[1] as Int), value: row[2]))
    }
    if let c = current { try body(c, keys) }
  }

  /// Provisioning events in store order, each with its identity-bearing steps and modified
  /// properties, read from a second cursor in the same order.
  private static func linkProvisioning(_ db: Database, _ body: (RecordKeys) throws -> Void) throws {
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
      let event = ProvisioningIdentityRow(row: row)
      if let k = RecordKeys.of(provisioning: event, steps: steps, properties: properties) { try body(k) }
    }
  }

  /// Audit events in id order, each with its User targets and assignment properties.
  private static func linkAudit(_ db: Database, _ body: (RecordKeys) throws -> Void) throws {
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
      if let id = current, let k = RecordKeys.of(auditEvent: id, targets: targets, properties: properties) {
        try body(k)
      }
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

  /// Each node's owner, from linking in memory, a slice at a time, each slice in one
  /// statement: the codes as a JSON array (user id, -1 for a probe, 0 for none), whose index
  /// plus the slice's start is the node; probes are filed under user 0.
  private static func writeOwners(_ db: Database, owners: IdentityGraph.Owners) throws {
    try db.execute(
      sql: """
        CREATE TEMP TABLE IF NOT EXISTS node_owners(node INTEGER PRIMARY KEY, user_id INTEGER NOT NULL);
        DELETE FROM temp.node_owners;
        """)
    let insert = try db.makeStatement(
      sql: """
        INSERT INTO temp.node_owners(node, user_id)
          SELECT key + ?, max(value, 0) FROM json_each(?) WHERE value != 0
        """)
    for start in stride(from: 0, to: owners.count, by: 8_192) {
      let slice = owners.codes[start..<min(start + 8_192, owners.count)]
      try insert.execute(arguments: [start, "[" + slice.map(String.init).joined(separator: ",") + "]"])
    }
  }

  /// Files each kept record (`drafts`: a query giving source, record_id, node, via and seq,
  /// the order records were read in) under its node's owner (`node_owners`): a user, or user
  /// 0 for a probe; in one statement sorted by user.
  private static func fileRecords(_ db: Database, drafts: String) throws {
    try db.execute(
      sql: """
        INSERT OR IGNORE INTO user_records(user_id, source, record_id, via)
          SELECT o.user_id, d.source, d.record_id, d.via FROM (\(drafts)) d JOIN temp.node_owners o ON o.node = d.node
          WHERE o.user_id > 0 ORDER BY o.user_id, d.source, d.record_id, d.seq;
        INSERT OR IGNORE INTO probe_requests(request_key)
          SELECT d.record_id FROM (\(drafts)) d JOIN temp.node_owners o ON o.node = d.node
          WHERE o.user_id = 0 ORDER BY d.record_id;
        UPDATE probe_requests SET time = (SELECT r.time FROM scim_requests r WHERE r.key = request_key);
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

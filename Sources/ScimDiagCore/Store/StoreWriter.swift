import GRDB

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

  /// About how many rows `table` held before the current file: the new records of earlier
  /// files of that kind (counting the table itself would read all of it).
  package func rowsBeforeThisFile(_ table: RecordTable, sourceId: Int64) throws -> Int {
    let kind = table == .scim ? "scim" : table == .audit ? "audit" : "provisioning"
    return try Int.fetchOne(
      db, sql: "SELECT coalesce(sum(records_new), 0) FROM sources WHERE id <> ? AND format LIKE ?",
      arguments: [sourceId, "%\(kind)%"]) ?? 0
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
  package func beginSource(path: String, ingestedAt: String) throws -> Int64 {
    try db.execute(
      sql: """
        INSERT INTO sources(path, sha256, format, container, encoding, bytes, ingested_at)
        VALUES (?, '', '', '', '', 0, ?)
        """, arguments: [path, ingestedAt])
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
    try db.cachedStatement(
      sql: "INSERT INTO rejects(source_id, line, column, reason, excerpt) VALUES (?, ?, ?, ?, ?)"
    ).execute(arguments: [sourceId, location.line, location.column, reason, excerpt])
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
    try bindStep(s, eventSeq: eventSeq, index: index, into: statements[.stepIgnoringPresent])
  }

  /// Adds a modified property from a portal CSV; returns true when it was new.
  package func insertProperty(_ p: ModifiedProperty, eventSeq: Int64, index: Int) throws -> Bool {
    try bindProperty(p, eventSeq: eventSeq, index: index, into: statements[.propertyIgnoringPresent])
  }

  /// Stores one record; returns true when it was new.
  package func insert(_ record: IngestRecord, sourceId: Int64, line: Int) throws -> Bool {
    switch record {
    case .provisioning(let e): return try insert(e, sourceId: sourceId, line: line)
    case .audit(let e): return try insert(e, sourceId: sourceId, line: line)
    case .scim(let r): return try insert(r, key: r.key, sourceId: sourceId, line: line)
    case .jobConfig(let c):
      let st = try statements[.jobConfig]
      st.bind(sourceId)
      st.bind(c.exportedAt)
      st.bind(c.kind.rawValue)
      st.bind(c.name)
      st.bind(c.value)
      return try st.run()
    }
  }

  /// The statement for a main row, with its natural key and origin bound.
  private func start(_ kind: Insert, key: String, sourceId: Int64, line: Int) throws -> RawStatement {
    let st = try statements[kind]
    st.bind(key)
    st.bind(sourceId)
    st.bind(line)
    return st
  }

  // Values are bound one by one: an array of them per row cost an allocation and a retain of
  // every value on the writer thread, which is the ingest's critical path.
  private func insert(_ e: ProvisioningEvent, sourceId: Int64, line: Int) throws -> Bool {
    let st = try start(.provisioningEvent, key: e.id, sourceId: sourceId, line: line)
    st.bind(e.activityTime)
    st.bind(e.tenantId)
    st.bind(e.jobId)
    st.bind(e.cycleId)
    st.bind(e.changeId)
    st.bind(e.action)
    st.bind(e.actionRaw)
    st.bind(e.status)
    st.bind(e.statusRaw)
    st.bind(e.errorCode)
    st.bind(e.errorReason)
    st.bind(e.errorCategory)
    st.bind(e.durationMs)
    st.bind(e.servicePrincipalId)
    st.bind(e.servicePrincipalName)
    st.bind(e.sourceSystem)
    st.bind(e.targetSystem)
    st.bind(e.initiatedBy)
    st.bind(e.sourceId)
    st.bind(e.sourceName)
    st.bind(e.sourceType)
    st.bind(e.sourceUPN)
    st.bind(e.targetId)
    st.bind(e.targetName)
    st.bind(e.targetType)
    guard try st.run() else { return false }
    // The event's arrival number: its children name it, so their keys arrive in ascending order.
    let seq = db.lastInsertedRowID
    let step = try statements[.step]
    for (i, s) in e.steps.enumerated() { try bindStep(s, eventSeq: seq, index: i, into: step) }
    let prop = try statements[.property]
    for (i, p) in e.modifiedProperties.enumerated() { try bindProperty(p, eventSeq: seq, index: i, into: prop) }
    return true
  }

  @discardableResult
  private func bindStep(_ s: ProvisioningStep, eventSeq: Int64, index: Int, into st: RawStatement) throws -> Bool {
    st.bind(eventSeq)
    st.bind(index)
    st.bind(s.name)
    st.bind(s.type)
    st.bind(s.typeRaw)
    st.bind(s.status)
    st.bind(s.statusRaw)
    st.bind(s.description)
    st.bind(s.details)
    st.bind(s.skipReason)
    st.bind(s.reportableIdentifier)
    return try st.run()
  }

  @discardableResult
  private func bindProperty(_ p: ModifiedProperty, eventSeq: Int64, index: Int, into st: RawStatement) throws -> Bool {
    st.bind(eventSeq)
    st.bind(index)
    st.bind(p.name)
    st.bind(p.oldValue)
    st.bind(p.newValue)
    return try st.run()
  }

  private func insert(_ e: AuditEvent, sourceId: Int64, line: Int) throws -> Bool {
    let st = try start(.auditEvent, key: e.id, sourceId: sourceId, line: line)
    st.bind(e.activityTime)
    st.bind(e.activity)
    st.bind(e.category)
    st.bind(e.operationType)
    st.bind(e.result)
    st.bind(e.resultReason)
    st.bind(e.loggedByService)
    st.bind(e.correlationId)
    st.bind(e.initiatedByUserId)
    st.bind(e.initiatedByUPN)
    st.bind(e.initiatedByApp)
    st.bind(e.initiatedBy)
    st.bind(e.additionalDetails)
    guard try st.run() else { return false }
    let target = try statements[.auditTarget]
    let prop = try statements[.auditProperty]
    for (ti, t) in e.targets.enumerated() {
      target.bind(e.id)
      target.bind(ti)
      target.bind(t.id)
      target.bind(t.displayName)
      target.bind(t.type)
      target.bind(t.userPrincipalName)
      target.bind(t.groupType)
      try target.run()
      for (pi, p) in t.modifiedProperties.enumerated() {
        prop.bind(e.id)
        prop.bind(ti)
        prop.bind(pi)
        prop.bind(p.name)
        prop.bind(p.oldValue)
        prop.bind(p.newValue)
        try prop.run()
      }
    }
    return true
  }

  /// Stores one SCIM request under `key`; returns true when it was new.
  package func insert(_ r: ScimRequest, key: String, sourceId: Int64, line: Int) throws -> Bool {
    let st = try start(.scimRequest, key: key, sourceId: sourceId, line: line)
    st.bind(r.time)
    st.bind(r.method)
    st.bind(r.path)
    st.bind(r.resourceType)
    st.bind(r.resourceId)
    st.bind(r.filter)
    st.bind(r.filterAttribute)
    st.bind(r.filterOperator)
    st.bind(r.filterValue)
    st.bind(r.status)
    st.bind(r.durationMs)
    st.bind(r.userAgent)
    st.bind(r.client)
    st.bind(r.requestBody)
    st.bind(r.responseBody)
    st.bind(r.bodyId)
    st.bind(r.bodyUserName)
    st.bind(r.bodyExternalId)
    st.bind(r.bodyActive)
    st.bind(r.listTotalResults)
    guard try st.run() else { return false }
    // The request's arrival number: its children name it, so their keys arrive in ascending order.
    let seq = db.lastInsertedRowID
    if !r.patchOperations.isEmpty {
      let op = try statements[.patchOperation]
      for (i, o) in r.patchOperations.enumerated() {
        op.bind(seq)
        op.bind(i)
        op.bind(o.op)
        op.bind(o.path)
        op.bind(o.value)
        op.bind(o.valueType)
        try op.run()
      }
    }
    if !r.listResources.isEmpty {
      let res = try statements[.returnedResource]
      for (i, x) in r.listResources.enumerated() {
        res.bind(seq)
        res.bind(i)
        res.bind(x.id)
        res.bind(x.userName)
        res.bind(x.externalId)
        res.bind(x.active)
        try res.run()
      }
    }
    return true
  }
}

/// The ingest's inserts, each prepared on first use and finalised with the writer.
private enum Insert: Int, CaseIterable {
  case jobConfig, provisioningEvent, step, stepIgnoringPresent, property, propertyIgnoringPresent, auditEvent,
    auditTarget, auditProperty, scimRequest, patchOperation, returnedResource

  static let stepColumns = """
    provisioning_steps(event_seq, step_index, name, step_type, step_type_raw, status, status_raw,
      description, details, skip_reason, reportable_identifier) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    """
  static let propertyColumns = """
    provisioning_modified_properties(event_seq, property_index, name, old_value, new_value) VALUES (?, ?, ?, ?, ?)
    """

  var sql: String {
    switch self {
    case .jobConfig:
      return "INSERT OR IGNORE INTO job_configs(source_id, exported_at, kind, name, value) VALUES (?, ?, ?, ?, ?)"
    case .provisioningEvent:
      return """
        INSERT OR IGNORE INTO provisioning_events(id, source_id, source_line, activity_time, tenant_id, job_id,
          cycle_id, change_id, action, action_raw, status, status_raw, error_code, error_reason, error_category,
          duration_ms, service_principal_id, service_principal_name, source_system, target_system, initiated_by,
          source_identity_id, source_identity_name, source_identity_type, source_upn, target_identity_id,
          target_identity_name, target_identity_type)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    case .step:
      return "INSERT INTO " + Insert.stepColumns
    case .stepIgnoringPresent:
      return "INSERT OR IGNORE INTO " + Insert.stepColumns
    case .property:
      return "INSERT INTO " + Insert.propertyColumns
    case .propertyIgnoringPresent:
      return "INSERT OR IGNORE INTO " + Insert.propertyColumns
    case .auditEvent:
      return """
        INSERT OR IGNORE INTO audit_events(id, source_id, source_line, activity_time, activity, category,
          operation_type, result, result_reason, logged_by_service, correlation_id, initiated_by_user_id,
          initiated_by_upn, initiated_by_app, initiated_by, additional_details)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    case .auditTarget:
      return """
        INSERT INTO audit_targets(event_id, target_index, id, display_name, type, user_principal_name, group_type)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """
    case .auditProperty:
      return """
        INSERT INTO audit_modified_properties(event_id, target_index, property_index, name, old_value, new_value)
        VALUES (?, ?, ?, ?, ?, ?)
        """
    case .scimRequest:
      return """
        INSERT OR IGNORE INTO scim_requests(key, source_id, source_line, time, method, path, resource_type,
          resource_id, filter, filter_attribute, filter_operator, filter_value, status, duration_ms, user_agent,
          client, request_body, response_body, body_id, body_user_name, body_external_id, body_active,
          list_total_results)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    case .patchOperation:
      return
        "INSERT INTO scim_patch_operations(request_seq, op_index, op, path, value, value_type) VALUES (?, ?, ?, ?, ?, ?)"
    case .returnedResource:
      return """
        INSERT INTO scim_returned_resources(request_seq, resource_index, id, user_name, external_id, active)
        VALUES (?, ?, ?, ?, ?, ?)
        """
    }
  }
}

private final class InsertStatements {
  let db: Database
  private var prepared: [RawStatement?] = Array(repeating: nil, count: Insert.allCases.count)

  init(db: Database) {
    self.db = db
  }

  subscript(_ kind: Insert) -> RawStatement {
    get throws {
      if let st = prepared[kind.rawValue] { return st }
      let st = try RawStatement(db, sql: kind.sql)
      prepared[kind.rawValue] = st
      return st
    }
  }
}

/// The tables a record's main row goes to.
package enum RecordTable: String, Sendable {
  case provisioning = "provisioning_events"
  case audit = "audit_events"
  case scim = "scim_requests"
  case jobConfig = "job_configs"

  /// Tables whose indexes a large file's ingest may rebuild at its end, and whether their
  /// unique indexes are included (not where a foreign key refers to one).
  var deferrable: [(table: String, includingUnique: Bool)] {
    switch self {
    case .provisioning:
      // Child tables are keyed by their parent's arrival number, which only grows: their keys
      // are appended to their indexes as they come (Schema v11 and v12).
      return [(rawValue, false)]
    case .audit: return [(rawValue, false), ("audit_targets", false), ("audit_modified_properties", true)]
    case .scim: return [(rawValue, false)]
    case .jobConfig: return []
    }
  }

  init(_ record: IngestRecord) {
    switch record {
    case .provisioning: self = .provisioning
    case .audit: self = .audit
    case .scim: self = .scim
    case .jobConfig: self = .jobConfig
    }
  }
}

/// What one input file contributed, as shown in the ingest summary and kept in `sources`.
package struct FileSummary: Sendable, Equatable {
  package var path: String
  package var sha256 = ""
  package var format = ""
  package var container = ""
  package var encoding = ""
  package var bytes: Int64 = 0
  package var read = 0
  package var new = 0
  package var present = 0
  package var rejected = 0
  package var firstTime: String?
  package var lastTime: String?
  /// Set when identical content was ingested before (from this path).
  package var duplicateOf: String?

  package init(path: String) {
    self.path = path
  }
}

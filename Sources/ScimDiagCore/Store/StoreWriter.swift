import GRDB

/// Writes normalised records inside one transaction (one per input file). Inserts are
/// idempotent on natural keys: a record already in the store is counted, not written again.
package final class StoreWriter {
  let db: Database

  init(db: Database) {
    self.db = db
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

  /// Removes a source row (a re-ingest of identical content that added nothing).
  package func dropSource(id: Int64) throws {
    try db.execute(sql: "DELETE FROM sources WHERE id = ?", arguments: [id])
  }

  package func reject(sourceId: Int64, location: FilePosition, reason: String, excerpt: String) throws {
    try db.cachedStatement(
      sql: "INSERT INTO rejects(source_id, line, column, reason, excerpt) VALUES (?, ?, ?, ?, ?)"
    ).execute(arguments: [sourceId, location.line, location.column, reason, excerpt])
  }

  /// Ids of provisioning events with this change ID (portal CSV files join on it).
  package func eventIds(changeId: String) throws -> [String] {
    try String.fetchAll(
      db, sql: "SELECT id FROM provisioning_events WHERE change_id = ? LIMIT 2", arguments: [changeId])
  }

  /// Adds a step from a portal steps CSV; returns true when it was new.
  package func insertStep(_ s: ProvisioningStep, eventId: String, index: Int) throws -> Bool {
    try db.cachedStatement(
      sql: """
        INSERT OR IGNORE INTO provisioning_steps(event_id, step_index, name, step_type, step_type_raw, status,
          status_raw, description, details, skip_reason, reportable_identifier) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(arguments: [
      eventId, index, s.name, s.type, s.typeRaw, s.status, s.statusRaw, s.description, s.details, s.skipReason,
      s.reportableIdentifier,
    ])
    return db.changesCount > 0
  }

  /// Adds a modified property from a portal CSV; returns true when it was new.
  package func insertProperty(_ p: ModifiedProperty, eventId: String, index: Int) throws -> Bool {
    try db.cachedStatement(
      sql: """
        INSERT OR IGNORE INTO provisioning_modified_properties(event_id, property_index, name, old_value, new_value)
        VALUES (?, ?, ?, ?, ?)
        """
    ).execute(arguments: [eventId, index, p.name, p.oldValue, p.newValue])
    return db.changesCount > 0
  }

  /// Stores one record; returns true when it was new.
  package func insert(_ record: IngestRecord, sourceId: Int64, line: Int) throws -> Bool {
    switch record {
    case .provisioning(let e): return try insert(e, sourceId: sourceId, line: line)
    case .audit(let e): return try insert(e, sourceId: sourceId, line: line)
    case .scim(let r): return try insert(r, sourceId: sourceId, line: line)
    case .jobConfig(let c):
      try db.cachedStatement(
        sql: "INSERT OR IGNORE INTO job_configs(source_id, exported_at, kind, name, value) VALUES (?, ?, ?, ?, ?)"
      ).execute(arguments: [sourceId, c.exportedAt, c.kind.rawValue, c.name, c.value])
      return db.changesCount > 0
    }
  }

  private func insert(_ e: ProvisioningEvent, sourceId: Int64, line: Int) throws -> Bool {
    try db.cachedStatement(
      sql: """
        INSERT OR IGNORE INTO provisioning_events(id, source_id, source_line, activity_time, tenant_id, job_id,
          cycle_id, change_id, action, action_raw, status, status_raw, error_code, error_reason, error_category,
          duration_ms, service_principal_id, service_principal_name, source_system, target_system, initiated_by,
          source_identity_id, source_identity_name, source_identity_type, source_upn, target_identity_id,
          target_identity_name, target_identity_type)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(arguments: [
      e.id, sourceId, line, e.activityTime, e.tenantId, e.jobId, e.cycleId, e.changeId, e.action, e.actionRaw,
      e.status, e.statusRaw, e.errorCode, e.errorReason, e.errorCategory, e.durationMs, e.servicePrincipalId,
      e.servicePrincipalName, e.sourceSystem, e.targetSystem, e.initiatedBy, e.sourceId, e.sourceName,
      e.sourceType, e.sourceUPN, e.targetId, e.targetName, e.targetType,
    ])
    guard db.changesCount > 0 else { return false }
    let step = try db.cachedStatement(
      sql: """
        INSERT INTO provisioning_steps(event_id, step_index, name, step_type, step_type_raw, status, status_raw,
          description, details, skip_reason, reportable_identifier) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    for (i, s) in e.steps.enumerated() {
      try step.execute(arguments: [
        e.id, i, s.name, s.type, s.typeRaw, s.status, s.statusRaw, s.description, s.details, s.skipReason,
        s.reportableIdentifier,
      ])
    }
    let prop = try db.cachedStatement(
      sql: """
        INSERT INTO provisioning_modified_properties(event_id, property_index, name, old_value, new_value)
        VALUES (?, ?, ?, ?, ?)
        """)
    for (i, p) in e.modifiedProperties.enumerated() {
      try prop.execute(arguments: [e.id, i, p.name, p.oldValue, p.newValue])
    }
    return true
  }

  private func insert(_ e: AuditEvent, sourceId: Int64, line: Int) throws -> Bool {
    try db.cachedStatement(
      sql: """
        INSERT OR IGNORE INTO audit_events(id, source_id, source_line, activity_time, activity, category,
          operation_type, result, result_reason, logged_by_service, correlation_id, initiated_by_user_id,
          initiated_by_upn, initiated_by_app, initiated_by, additional_details)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(arguments: [
      e.id, sourceId, line, e.activityTime, e.activity, e.category, e.operationType, e.result, e.resultReason,
      e.loggedByService, e.correlationId, e.initiatedByUserId, e.initiatedByUPN, e.initiatedByApp, e.initiatedBy,
      e.additionalDetails,
    ])
    guard db.changesCount > 0 else { return false }
    let target = try db.cachedStatement(
      sql: """
        INSERT INTO audit_targets(event_id, target_index, id, display_name, type, user_principal_name, group_type)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """)
    let prop = try db.cachedStatement(
      sql: """
        INSERT INTO audit_modified_properties(event_id, target_index, property_index, name, old_value, new_value)
        VALUES (?, ?, ?, ?, ?, ?)
        """)
    for (ti, t) in e.targets.enumerated() {
      try target.execute(arguments: [e.id, ti, t.id, t.displayName, t.type, t.userPrincipalName, t.groupType])
      for (pi, p) in t.modifiedProperties.enumerated() {
        try prop.execute(arguments: [e.id, ti, pi, p.name, p.oldValue, p.newValue])
      }
    }
    return true
  }

  private func insert(_ r: ScimRequest, sourceId: Int64, line: Int) throws -> Bool {
    try db.cachedStatement(
      sql: """
        INSERT OR IGNORE INTO scim_requests(key, source_id, source_line, time, method, path, resource_type,
          resource_id, filter, filter_attribute, filter_operator, filter_value, status, duration_ms, user_agent,
          client, request_body, response_body, body_id, body_user_name, body_external_id, body_active,
          list_total_results)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(arguments: [
      r.key, sourceId, line, r.time, r.method, r.path, r.resourceType, r.resourceId, r.filter, r.filterAttribute,
      r.filterOperator, r.filterValue, r.status, r.durationMs, r.userAgent, r.client, r.requestBody, r.responseBody,
      r.bodyId, r.bodyUserName, r.bodyExternalId, r.bodyActive, r.listTotalResults,
    ])
    guard db.changesCount > 0 else { return false }
    let op = try db.cachedStatement(
      sql: """
        INSERT INTO scim_patch_operations(request_key, op_index, op, path, value, value_type) VALUES (?, ?, ?, ?, ?, ?)
        """)
    for (i, o) in r.patchOperations.enumerated() {
      try op.execute(arguments: [r.key, i, o.op, o.path, o.value, o.valueType])
    }
    let res = try db.cachedStatement(
      sql: """
        INSERT INTO scim_returned_resources(request_key, resource_index, id, user_name, external_id, active)
        VALUES (?, ?, ?, ?, ?, ?)
        """)
    for (i, x) in r.listResources.enumerated() {
      try res.execute(arguments: [r.key, i, x.id, x.userName, x.externalId, x.active])
    }
    return true
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

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

  /// Rebuilds the links and cycles when they are stale; `progress` hears when that happens.
  package func refreshDerivedData() throws {
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
      let scimTimes = try String.fetchAll(db, sql: "SELECT time FROM scim_requests")
      try Store.writeCycles(db, CycleInference.infer(provisioning: try Store.cycleInput(db), scimTimes: scimTimes))
      try Store.writeLinks(db, IdentityGraph.build(try Store.identityInput(db)))
      try db.execute(
        sql: "INSERT OR REPLACE INTO correlation_state(id, fingerprint) VALUES (1, ?)", arguments: [fingerprint])
    }
  }

  private static func cycleInput(_ db: Database) throws -> [(cycleId: String?, time: String)] {
    try Row.fetchAll(db, sql: "SELECT cycle_id, activity_time FROM provisioning_events").map {
      (cycleId: $0["cycle_id"], time: $0["activity_time"])
    }
  }

  /// The rows the identity graph reads.
  static func identityInput(_ db: Database) throws -> IdentityInput {
    var input = IdentityInput()
    input.provisioningSteps = try ProvisioningStepIdentityRow.fetchAll(
      db,
      sql: """
        SELECT e.id AS event_id, s.step_type, s.details, s.reportable_identifier FROM provisioning_steps s
        JOIN provisioning_events e ON e.seq = s.event_seq
        WHERE s.details IS NOT NULL OR s.reportable_identifier IS NOT NULL
        """)
    input.provisioningProperties = try EventValueRow.fetchAll(
      db,
      sql: """
        SELECT e.id AS event_id, p.name, coalesce(p.new_value, p.old_value) AS value
        FROM provisioning_modified_properties p JOIN provisioning_events e ON e.seq = p.event_seq
        WHERE lower(p.name) IN ('userprincipalname', 'username', 'externalid', 'mail', 'mailnickname',
          'emails[type eq "work"].value')
        """)
    input.provisioningEvents = try ProvisioningIdentityRow.fetchAll(
      db,
      sql: """
        SELECT id, source_identity_id, source_upn, target_identity_id, source_identity_type, target_identity_type,
          source_identity_name FROM provisioning_events
        """)
    input.auditUserTargets = try AuditUserTargetRow.fetchAll(
      db,
      sql: "SELECT event_id, id, user_principal_name, display_name FROM audit_targets WHERE lower(type) = 'user'")
    input.auditAssignmentProperties = try EventValueRow.fetchAll(
      db,
      sql: """
        SELECT event_id, name, coalesce(new_value, old_value) AS value FROM audit_modified_properties
        WHERE name IN ('User.ObjectID', 'User.UPN')
        """)
    input.scimRequests = try ScimIdentityRow.fetchAll(
      db,
      sql: """
        SELECT key, resource_type, resource_id, filter_value, body_id, body_user_name, body_external_id
        FROM scim_requests WHERE resource_type = 'Users' OR resource_type IS NULL
        """)
    input.returnedResources = try ReturnedResourceRow.fetchAll(
      db,
      sql: """
        SELECT '' AS request_key, id, user_name, external_id, active FROM scim_returned_resources -- the graph needs no request
        WHERE id IS NOT NULL OR user_name IS NOT NULL
        """)
    return input
  }

  /// Writes the identity graph's users, keys, records and probes.
  static func writeLinks(_ db: Database, _ result: IdentityGraph.Result) throws {
    let insertUser = try db.makeStatement(sql: Tables.users.namedInsertSQL())
    let insertKey = try db.makeStatement(sql: Tables.userKeys.namedInsertSQL(orIgnore: true))
    let insertRecord = try db.makeStatement(sql: Tables.userRecords.namedInsertSQL(orIgnore: true))
    let insertProbe = try db.makeStatement(sql: Tables.probeRequests.namedInsertSQL(leaving: ["time"], orIgnore: true))
    for key in result.probes { try insertProbe.execute(arguments: ["request_key": key]) }
    try db.execute(
      sql: "UPDATE probe_requests SET time = (SELECT r.time FROM scim_requests r WHERE r.key = request_key)")
    for user in result.users {
      let userId = user.id
      try insertUser.execute(arguments: [
        "id": userId, "label": user.label, "object_id": user.objectId, "upn": user.upn,
        "display_name": user.displayName, "scim_id": user.scimId,
      ])
      for key in user.keys {
        try insertKey.execute(arguments: ["user_id": userId, "kind": key.kind, "value": key.value])
      }
      for r in user.records {
        try insertRecord.execute(arguments: [
          "user_id": userId, "source": r.source.rawValue, "record_id": r.recordId, "via": r.via,
        ])
      }
    }
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

import GRDB
import ScimDiagParsing

/// Reads users, their timelines and the tenant-wide facts rules need.
extension Store {
  /// Users whose keys or label match `query` (case-insensitive): exact key matches first; a
  /// soft-deleted UPN (32-hex prefix) is matched after stripping the prefix.
  package func findUsers(_ query: String) throws -> [UserIdentity] {
    try refreshDerivedData()
    let q = query.trimmingSpaces.lowercased()
    let stripped = IdentityValues.stripSoftDeletePrefix(q, objectId: nil)
    return try read { db in
      let ids = try Int.fetchAll(db, sql: Store.findUsersSQL, arguments: [q, stripped, q, stripped])
      return try ids.map { try user(db, id: $0) }
    }
  }

  /// `findUsers`' lookup: keys, then labels through their index on `lower(label)`.
  static let findUsersSQL = """
    SELECT DISTINCT user_id FROM user_keys WHERE value IN (?, ?)
    UNION SELECT id FROM users WHERE lower(label) IN (?, ?) ORDER BY 1
    """

  /// User labels that start with `prefix` (any case), for shell completion; reads only what
  /// the store already derived.
  package func userLabels(prefix: String, limit: Int) throws -> [String] {
    try read { db in
      try String.fetchAll(
        db, sql: "SELECT label FROM users WHERE lower(label) LIKE ? ESCAPE '\\' ORDER BY label LIMIT ?",
        arguments: [
          prefix.lowercased().replacingOccurrences("\\", "\\\\").replacingOccurrences("%", "\\%")
            .replacingOccurrences("_", "\\_") + "%", limit,
        ])
    }
  }

  /// Known labels and keys closest to `query`, for "did you mean".
  package func suggestions(for query: String, limit: Int = 5) throws -> [String] {
    try refreshDerivedData()
    let q = query.lowercased()
    func score(_ label: String) -> Int {
      let l = label.lowercased()
      let local = l.split(separator: "@").first.map(String.init) ?? l
      if l.contains(q) || q.contains(local) { return 0 }
      return min(EditDistance.between(q, l), EditDistance.between(q, local))
    }
    // The best `limit` labels, kept while reading every label from a cursor.
    var best: [(label: String, score: Int)] = []
    try read { db in
      let labels = try String.fetchCursor(db, sql: "SELECT label FROM users")
      while let label = try labels.next() {
        let s = score(label)
        guard s <= max(3, q.count / 2) else { continue }
        best.append((label, s))
        best.sort { ($0.score, $0.label) < ($1.score, $1.label) }
        if best.count > limit { best.removeLast() }
      }
    }
    return best.map(\.label)
  }

  /// Every user's id and the number of records linked to it, in label order: what a batch of
  /// users will read.
  package func allUserIdsWithRecordCounts() throws -> [(id: Int, records: Int)] {
    try refreshDerivedData()
    return try read { db in
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT u.id, (SELECT count(*) FROM user_records r WHERE r.user_id = u.id) AS records
          FROM users u ORDER BY u.label, u.id
          """)
      var out: [(id: Int, records: Int)] = []
      while let row = try rows.next() { out.append((id: row["id"], records: row["records"])) }
      return out
    }
  }

  /// These users' ids, in the same order, with the number of records linked to each.
  package func recordCounts(ids: [Int]) throws -> [(id: Int, records: Int)] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT j.value AS id, (SELECT count(*) FROM user_records r WHERE r.user_id = j.value) AS records
          FROM json_each(?) j ORDER BY j.key
          """, arguments: ["[" + ids.map(String.init).joined(separator: ",") + "]"]
      ).map { (id: $0["id"], records: $0["records"]) }
    }
  }

  /// Every user, in label order.
  package func allUsers() throws -> [UserIdentity] {
    try refreshDerivedData()
    return try read { db in
      try Int.fetchAll(db, sql: "SELECT id FROM users ORDER BY label, id").map { try user(db, id: $0) }
    }
  }

  /// The users with these ids, in the same order.
  package func users(ids: [Int]) throws -> [UserIdentity] {
    try read { db in try ids.map { try user(db, id: $0) } }
  }

  private func user(_ db: Database, id: Int) throws -> UserIdentity {
    let row = try Row.fetchOne(
      db, sql: "SELECT id, label, object_id, upn, display_name, scim_id FROM users WHERE id = ?", arguments: [id])!
    let keys = try Row.fetchAll(
      db, sql: "SELECT kind, value FROM user_keys WHERE user_id = ? ORDER BY kind, value", arguments: [id]
    ).compactMap { UserKey(kind: $0["kind"], value: $0["value"]) }
    return UserIdentity(
      id: row["id"], label: row["label"], objectId: row["object_id"], upn: row["upn"], displayName: row["display_name"],
      scimId: row["scim_id"], keys: keys)
  }

  /// The rows of every record linked to these users. With `all`, every user's records are
  /// read (the users must then be every user): a few bulk queries instead of several per user.
  package func timelineRows(for users: [UserIdentity], all: Bool) throws -> TimelineRows {
    try refreshDerivedData()
    return try read { db in
      let filter = all ? "" : " AND ur.user_id IN (\(users.map { String($0.id) }.joined(separator: ",")))"
      var rows = TimelineRows()
      rows.audit = try AuditTimelineRow.fetchAll(db, sql: Store.auditTimelineSQL + filter)
      rows.provisioning = try ProvisioningTimelineRow.fetchAll(db, sql: Store.provisioningTimelineSQL + filter)
      rows.scim = try ScimTimelineRow.fetchAll(db, sql: Store.scimTimelineSQL + filter)
      let requests = "SELECT ur.record_id FROM user_records ur WHERE ur.source = 'scim' \(filter)"
      for op in try PatchOperationRow.fetchAll(
        db,
        sql: """
          SELECT r.key AS request_key, o.op, o.path, o.value FROM scim_patch_operations o
          JOIN scim_requests r ON r.seq = o.request_seq WHERE r.key IN (\(requests)) ORDER BY o.request_seq, o.op_index
          """)
      {
        rows.operations[op.requestKey, default: []].append(op)
      }
      for resource in try ReturnedResourceRow.fetchAll(
        db,
        sql: """
          SELECT r.key AS request_key, x.id, x.user_name, x.external_id, x.active FROM scim_returned_resources x
          JOIN scim_requests r ON r.seq = x.request_seq WHERE r.key IN (\(requests))
          ORDER BY x.request_seq, x.resource_index
          """)
      {
        rows.resources[resource.requestKey, default: []].append(resource)
      }
      return rows
    }
  }

  static let auditTimelineSQL = """
    SELECT ur.user_id, ur.via, s.path AS file, a.source_line AS line, a.id, a.activity_time, a.activity,
      a.initiated_by_upn, a.initiated_by_app,
      (SELECT t.id FROM audit_targets t WHERE t.event_id = a.id AND lower(t.type) = 'serviceprincipal' LIMIT 1)
        AS service_principal_id,
      (SELECT t.id FROM audit_targets t WHERE t.event_id = a.id AND lower(t.type) = 'group' LIMIT 1) AS group_id,
      (SELECT coalesce(p.old_value, '') || '→' || coalesce(p.new_value, '') FROM audit_modified_properties p
         WHERE p.event_id = a.id AND lower(p.name) = 'accountenabled' LIMIT 1) AS account_enabled_change
    FROM user_records ur JOIN audit_events a ON a.id = ur.record_id JOIN sources s ON s.id = a.source_id
    WHERE ur.source = 'audit'
    """

  static let provisioningTimelineSQL = """
    SELECT ur.user_id, ur.via, s.path AS file, e.source_line AS line, e.id, e.activity_time, e.action, e.status,
      e.error_code, e.cycle_id, e.target_identity_id, e.service_principal_id,
      (SELECT st.skip_reason FROM provisioning_steps st WHERE st.event_seq = e.seq AND st.skip_reason IS NOT NULL
         ORDER BY st.step_index LIMIT 1) AS skip_reason,
      (SELECT st.details FROM provisioning_steps st WHERE st.event_seq = e.seq AND st.step_type = 'import'
         AND st.details IS NOT NULL ORDER BY st.step_index LIMIT 1) AS import_details,
      (SELECT st.details FROM provisioning_steps st WHERE st.event_seq = e.seq AND st.step_type = 'matching'
         AND st.details IS NOT NULL ORDER BY st.step_index LIMIT 1) AS matching_details
    FROM user_records ur JOIN provisioning_events e ON e.id = ur.record_id JOIN sources s ON s.id = e.source_id
    WHERE ur.source = 'provisioning'
    """

  static let scimTimelineSQL = """
    SELECT ur.user_id, ur.via, s.path AS file, r.source_line AS line, r.key, r.time, r.method, r.path, r.status,
      r.list_total_results, r.filter, r.body_active, r.request_body IS NOT NULL AS has_request_body
    FROM user_records ur JOIN scim_requests r ON r.key = ur.record_id JOIN sources s ON s.id = r.source_id
    WHERE ur.source = 'scim'
    """

  /// Tenant-wide facts: which sources exist, when logs end, job state changes.
  package func tenantFacts() throws -> TenantFacts {
    try read { db in
      var facts = TenantFacts()
      facts.hasAudit = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM audit_events)") ?? false
      facts.hasProvisioning = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM provisioning_events)") ?? false
      facts.hasScim = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM scim_requests)") ?? false
      facts.logEnd = try String.fetchOne(
        db,
        sql: """
          SELECT max(t) FROM (SELECT max(activity_time) t FROM provisioning_events UNION ALL
            SELECT max(time) FROM scim_requests UNION ALL SELECT max(activity_time) FROM audit_events)
          """)
      facts.scimStart = try String.fetchOne(db, sql: "SELECT min(time) FROM scim_requests")
      facts.scimEnd = try String.fetchOne(db, sql: "SELECT max(time) FROM scim_requests")
      facts.provisioningStart = try String.fetchOne(db, sql: "SELECT min(activity_time) FROM provisioning_events")
      facts.provisioningEnd = try String.fetchOne(db, sql: "SELECT max(activity_time) FROM provisioning_events")
      facts.auditStart = try String.fetchOne(db, sql: "SELECT min(activity_time) FROM audit_events")
      facts.auditEnd = try String.fetchOne(db, sql: "SELECT max(activity_time) FROM audit_events")
      // The few distinct apps, by seeking the index from one value to the next (a DISTINCT would
      // read every index entry).
      var last = ""
      while let next = try String.fetchOne(
        db,
        sql: """
          SELECT service_principal_id FROM provisioning_events WHERE service_principal_id > ?
          ORDER BY service_principal_id LIMIT 1
          """, arguments: [last])
      {
        facts.appServicePrincipals.insert(next)
        let name = try String.fetchOne(
          db,
          sql: """
            SELECT service_principal_name FROM provisioning_events
            WHERE service_principal_id = ? AND service_principal_name IS NOT NULL LIMIT 1
            """, arguments: [next])
        facts.apps.append(AppRef(id: next, name: name))
        last = next
      }
      if facts.apps.count > 1, facts.hasScim {
        (facts.scimApp, facts.scimAppBasis) = try Store.scimApp(db, apps: facts.apps)
      }
      facts.jobEvents = try Row.fetchAll(
        db,
        sql: """
          SELECT activity_time, activity, id FROM audit_events
          WHERE activity COLLATE NOCASE IN ('disable/pause provisioning configuration', 'enable/restart provisioning configuration',
            'enable/start provisioning configuration', 'quarantine', 'delete provisioning configuration')
          ORDER BY activity_time, id
          """
      ).map { JobEvent(time: $0["activity_time"], activity: $0["activity"], ref: $0["id"]) }
      facts.cycleStarts = try String.fetchAll(db, sql: "SELECT start_time FROM cycles ORDER BY start_time")
      if facts.apps.count > 1 {
        for row in try Row.fetchAll(
          db,
          sql: """
            SELECT g.id AS group_id, sp.id AS sp_id FROM audit_events a
            JOIN audit_targets g ON g.event_id = a.id AND lower(g.type) = 'group'
            JOIN audit_targets sp ON sp.event_id = a.id AND lower(sp.type) = 'serviceprincipal'
            WHERE a.activity COLLATE NOCASE = 'add app role assignment to group'
            """)
        {
          facts.groupApps[row["group_id"], default: []].insert(row["sp_id"])
        }
        for app in facts.apps {
          facts.jobIdsByApp[app.id] = try Store.jobIds(db, app: app.id)
          facts.cycleStartsByApp[app.id] = try String.fetchAll(
            db,
            sql: """
              SELECT start_time FROM cycles WHERE cycle_id IN
                (SELECT DISTINCT cycle_id FROM provisioning_events WHERE service_principal_id = ?)
                OR (cycle_id IS NULL AND ? = ?)
              ORDER BY start_time
              """, arguments: [app.id, app.id, facts.scimApp ?? ""])
        }
      }
      facts.configChanges = try Row.fetchAll(
        db,
        sql: """
          SELECT activity_time, activity, id FROM audit_events
          WHERE activity COLLATE NOCASE IN ('update attribute mappings or scope', 'update provisioning setting or credentials',
            'user provisioning', 'add provisioning configuration', 'disable/pause provisioning configuration',
            'enable/restart provisioning configuration', 'enable/start provisioning configuration')
          ORDER BY activity_time, id
          """
      ).map { JobEvent(time: $0["activity_time"], activity: $0["activity"], ref: $0["id"]) }
      return facts
    }
  }
}

extension Store {
  /// Epoch seconds of every successful provisioning `action`, sorted.
  package func successEpochs(_ action: ProvisioningAction) throws -> [Double] {
    try read { db in
      try Array(
        String.fetchCursor(
          db, sql: "SELECT activity_time FROM provisioning_events WHERE action = ? AND status = 'success'",
          arguments: [action.name]
        ).compactMap(Timestamp.epochSeconds)
      ).sorted()
    }
  }

  /// Times of every connectivity probe, sorted.
  package func probeTimes() throws -> [String] {
    try read { db in
      try String.fetchAll(
        db, sql: "SELECT time FROM probe_requests ORDER BY time")
    }
  }

  /// The number of connectivity probes between two times (inclusive).
  package func probeCount(from: String, to: String) throws -> Int {
    try read { db in
      try Int.fetchOne(
        db, sql: "SELECT count(*) FROM probe_requests WHERE time >= ? AND time <= ?", arguments: [from, to]) ?? 0
    }
  }

  /// Writes example records straight into the store, one source per file index (rule examples).
  package func load(_ records: [(IngestRecord, Int)], files: [String]) throws {
    try write { w in
      var sources: [Int: Int64] = [:]
      for (n, name) in files.enumerated() {
        sources[n] = try w.beginSource(path: name, ingestedAt: "2026-01-01T00:00:00.0000000Z")
      }
      for (i, (record, file)) in records.enumerated() {
        _ = try w.insert(record, sourceId: sources[file]!, line: i + 1)
      }
    }
  }
}

extension Store {
  /// The provisioning cycles the logs show (see `CycleInference`).
  package func cycles() throws -> [Cycle] {
    try refreshDerivedData()
    return try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT cycle_id, start_time, end_time, provisioning_events, scim_requests, minutes_since_previous
          FROM cycles ORDER BY start_time, id
          """
      ).map {
        Cycle(
          cycleId: $0["cycle_id"], start: $0["start_time"], end: $0["end_time"],
          provisioningEvents: $0["provisioning_events"], scimRequests: $0["scim_requests"],
          minutesSincePrevious: $0["minutes_since_previous"])
      }
    }
  }
}

extension Store {
  /// The app the SCIM request log belongs to, and on what basis: the app stated at ingest
  /// (`ingest --app`) when the SCIM files state one (and all the same one); else, for each app,
  /// how many of the SCIM ids its provisioning events name appear in the log's requests, and
  /// the app with the most when it has at least twice the next one's; nil when that is
  /// ambiguous (then it is said, not guessed).
  static func scimApp(_ db: Database, apps: [AppRef]) throws -> (app: String?, basis: String) {
    let stated = try String.fetchAll(
      db,
      sql: """
        SELECT DISTINCT app FROM sources
        WHERE app IS NOT NULL AND id IN (SELECT DISTINCT source_id FROM scim_requests)
        """)
    if !stated.isEmpty {
      // Each statement must name exactly one app, and all the same one.
      let resolved = stated.map { query in
        let matches = apps.filter { $0.matches(query) }
        return matches.count == 1 ? matches[0].id : nil
      }
      if let app = resolved.first ?? nil, resolved.allSatisfy({ $0 == app }) {
        return (app, "stated at ingest (--app \(stated.joined(separator: ", ")))")
      }
      return (
        nil, "the SCIM files were stated to belong to \(stated.joined(separator: ", ")), which is not one known app"
      )
    }
    var counts: [(String, Int)] = []
    for app in apps {
      let n =
        try Int.fetchOne(
          db,
          sql: """
            SELECT count(*) FROM (SELECT DISTINCT target_identity_id AS id FROM provisioning_events
              WHERE service_principal_id = ? AND target_identity_id IS NOT NULL) t
            WHERE EXISTS (SELECT 1 FROM scim_requests r WHERE r.resource_id = t.id)
            """, arguments: [app.id]) ?? 0
      counts.append((app.id, n))
    }
    counts.sort { $0.1 > $1.1 }
    let summary = counts.map { c in "\(apps.first { $0.id == c.0 }?.name ?? c.0): \(c.1)" }.joined(separator: ", ")
    guard let top = counts.first, top.1 > 0, counts.count < 2 || counts[1].1 * 2 <= top.1 else {
      return (
        nil,
        "ambiguous by the SCIM ids the log shares with each app's provisioning events (\(summary)); state it with ingest --app"
      )
    }
    return (top.0, "by the SCIM ids the log shares with each app's provisioning events (\(summary))")
  }
}

import GRDB

/// Reads users, their timelines and the tenant-wide facts rules need.
extension Store {
  /// Users whose keys or label match `query` (case-insensitive): exact key matches first; a
  /// soft-deleted UPN (32-hex prefix) is matched after stripping the prefix.
  package func findUsers(_ query: String) throws -> [UserIdentity] {
    try Correlator.refresh(self)
    let q = query.trimmingSpaces.lowercased()
    let stripped = Correlator.stripSoftDeletePrefix(q, objectId: nil)
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

  /// Known labels and keys closest to `query`, for "did you mean".
  package func suggestions(for query: String, limit: Int = 5) throws -> [String] {
    try Correlator.refresh(self)
    let all = try read { db in try String.fetchAll(db, sql: "SELECT label FROM users ORDER BY label") }
    let q = query.lowercased()
    func score(_ label: String) -> Int {
      let l = label.lowercased()
      let local = l.split(separator: "@").first.map(String.init) ?? l
      if l.contains(q) || q.contains(local) { return 0 }
      return min(EditDistance.between(q, l), EditDistance.between(q, local))
    }
    return all.map { ($0, score($0)) }.filter { $0.1 <= max(3, q.count / 2) }
      .sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
  }

  /// Every user, in label order.
  package func allUsers() throws -> [UserIdentity] {
    try Correlator.refresh(self)
    return try read { db in
      try Int.fetchAll(db, sql: "SELECT id FROM users ORDER BY label, id").map { try user(db, id: $0) }
    }
  }

  private func user(_ db: Database, id: Int) throws -> UserIdentity {
    let row = try Row.fetchOne(
      db, sql: "SELECT id, label, object_id, upn, display_name, scim_id FROM users WHERE id = ?", arguments: [id])!
    let keys = try Row.fetchAll(
      db, sql: "SELECT kind, value FROM user_keys WHERE user_id = ? ORDER BY kind, value", arguments: [id]
    ).map { "\($0[0] as String): \($0[1] as String)" }
    return UserIdentity(
      id: row[0], label: row[1], objectId: row[2], upn: row[3], displayName: row[4], scimId: row[5], keys: keys)
  }

  /// The user's records from all three sources, in time order (ties by source and ref).
  package func timeline(for user: UserIdentity) throws -> [TimelineEvent] {
    try timelines(for: [user], all: false)[user.id] ?? []
  }

  /// Timelines of many users at once: a few bulk queries instead of several per user. With
  /// `all`, every user's records are read (the users must then be every user).
  package func timelines(for users: [UserIdentity], all: Bool) throws -> [Int: [TimelineEvent]] {
    let byId = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0) })
    return try read { db in
      let filter = all ? "" : "AND ur.user_id IN (\(users.map { String($0.id) }.joined(separator: ",")))"
      var out: [Int: [TimelineEvent]] = [:]
      for (id, e) in try auditEvents(db, filter: filter) { out[id, default: []].append(e) }
      for (id, e) in try provisioningEvents(db, filter: filter) { out[id, default: []].append(e) }
      for (id, e) in try scimEvents(db, filter: filter, users: byId) { out[id, default: []].append(e) }
      for id in out.keys { out[id]!.sort { ($0.time, $0.source, $0.ref) < ($1.time, $1.source, $1.ref) } }
      return out
    }
  }

  private func auditEvents(_ db: Database, filter: String) throws -> [(Int, TimelineEvent)] {
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT a.id, a.activity_time, a.activity, a.initiated_by_upn, a.initiated_by_app, s.path, a.source_line, ur.via,
          (SELECT t.id FROM audit_targets t WHERE t.event_id = a.id AND lower(t.type) = 'serviceprincipal' LIMIT 1),
          (SELECT coalesce(p.old_value, '') || '→' || coalesce(p.new_value, '') FROM audit_modified_properties p
             WHERE p.event_id = a.id AND lower(p.name) = 'accountenabled' LIMIT 1),
          ur.user_id
        FROM user_records ur JOIN audit_events a ON a.id = ur.record_id JOIN sources s ON s.id = a.source_id
        WHERE ur.source = 'audit' \(filter)
        """)
    return rows.map { row in
      let activity: String = row[2]
      let kind = AuditClassifier.kind(activity: activity, accountEnabledChange: row[9])
      let by = (row[3] as String?) ?? (row[4] as String?)
      var e = TimelineEvent(
        time: row[1], source: .audit, ref: row[0], location: "\(row[5] as String):\(row[6] as Int)",
        text: activity + (by.map { " by \($0)" } ?? ""), via: row[7])
      e.auditKind = kind
      e.activity = activity
      e.servicePrincipalId = row[8]
      return (row[10], e)
    }
  }

  private func provisioningEvents(_ db: Database, filter: String) throws -> [(Int, TimelineEvent)] {
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT e.id, e.activity_time, e.action, e.status, e.error_code, e.cycle_id, e.target_identity_id, s.path,
          e.source_line, ur.via, e.service_principal_name,
          (SELECT st.skip_reason FROM provisioning_steps st WHERE st.event_seq = e.seq AND st.skip_reason IS NOT NULL
             ORDER BY st.step_index LIMIT 1),
          ur.user_id
        FROM user_records ur JOIN provisioning_events e ON e.id = ur.record_id JOIN sources s ON s.id = e.source_id
        WHERE ur.source = 'provisioning' \(filter)
        """)
    return rows.map { row in
      let action: String = row[2]
      let status: String = row[3]
      let skip: String? = row[11]
      let error: String? = row[4]
      var text = "provisioning \(action): \(status)"
      if let skip { text += " (\(skip))" }
      if let error, skip == nil { text += " (\(error))" }
      var e = TimelineEvent(
        time: row[1], source: .provisioning, ref: row[0], location: "\(row[7] as String):\(row[8] as Int)", text: text,
        via: row[9])
      e.action = action
      e.status = status
      e.skipReason = skip ?? (status == "skipped" ? error : nil)
      e.errorCode = error
      e.cycleId = row[5]
      e.targetId = row[6]
      return (row[12], e)
    }
  }

  private func scimEvents(_ db: Database, filter: String, users: [Int: UserIdentity]) throws -> [(Int, TimelineEvent)] {
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT r.key, r.time, r.method, r.path, r.status, r.list_total_results, s.path, r.source_line, ur.via,
          r.filter, r.body_active, ur.user_id
        FROM user_records ur JOIN scim_requests r ON r.key = ur.record_id JOIN sources s ON s.id = r.source_id
        WHERE ur.source = 'scim' \(filter)
        """)
    let requests = "SELECT ur.record_id FROM user_records ur WHERE ur.source = 'scim' \(filter)"
    var ops: [String: [(String?, String?, String?)]] = [:]
    for r in try Row.fetchAll(
      db,
      sql: """
        SELECT r.key, o.op, o.path, o.value FROM scim_patch_operations o JOIN scim_requests r ON r.seq = o.request_seq
        WHERE r.key IN (\(requests)) ORDER BY o.request_seq, o.op_index
        """)
    {
      ops[r[0], default: []].append((r[1], r[2], r[3]))
    }
    var resources: [String: [(String?, String?, String?, String?)]] = [:]
    for r in try Row.fetchAll(
      db,
      sql: """
        SELECT r.key, x.id, x.user_name, x.external_id, x.active FROM scim_returned_resources x
        JOIN scim_requests r ON r.seq = x.request_seq WHERE r.key IN (\(requests))
        ORDER BY x.request_seq, x.resource_index
        """)
    {
      resources[r[0], default: []].append((r[1], r[2], r[3], r[4]))
    }
    var keySets: [Int: (names: Set<String>, ids: Set<String>)] = [:]
    return rows.map { row in
      let key: String = row[0]
      let method: String = row[2]
      let status: Int? = row[4]
      let userId: Int = row[11]
      if keySets[userId] == nil, let user = users[userId] {
        keySets[userId] = (
          Set(user.keys.filter { $0.hasPrefix("name: ") }.map { String($0.dropFirst(6)) }),
          Set(user.keys.filter { $0.hasPrefix("scim: ") }.map { String($0.dropFirst(6)) })
        )
      }
      let names = keySets[userId]?.names ?? []
      let ids = keySets[userId]?.ids ?? []
      var e = TimelineEvent(
        time: row[1], source: .scim, ref: key, location: "\(row[6] as String):\(row[7] as Int)", text: "", via: row[8])
      e.method = method
      e.httpStatus = status
      e.totalResults = row[5]
      var detail = ""
      switch method {
      case "PATCH", "PUT":
        if let (op, value) = ScimClassifier.activeChange(ops: ops[key] ?? [], bodyActive: row[10]) {
          e.patchOp = op
          e.patchValue = value
          e.scimKind =
            ScimClassifier.isFalse(value) ? .disablePatch : ScimClassifier.isTrue(value) ? .enablePatch : .otherPatch
          detail = ": active=\(value)" + (op.map { " (op \($0))" } ?? "")
        } else {
          e.scimKind = .otherPatch
        }
      case "DELETE": e.scimKind = .delete
      case "POST": e.scimKind = .create
      case "GET":
        e.scimKind = .lookup
        var foreign = 0
        for (rid, rname, rext, active) in resources[key] ?? [] {
          let mine =
            rid.map(ids.contains) == true || rname.map { names.contains($0.lowercased()) } == true
            || rext.map { names.contains($0.lowercased()) } == true
          if mine { e.returnedActive = active } else { foreign += 1 }
        }
        e.foreignResults = foreign
        if let total = e.totalResults {
          detail = ", \(total) result\(total == 1 ? "" : "s")" + (e.returnedActive.map { ", active=\($0)" } ?? "")
        } else if let active = e.returnedActive {
          detail = ", active=\(active)"
        }
      default: e.scimKind = .other
      }
      let filter: String? = row[9]
      let shownPath = filter.map { f in
        (row[3] as String).split(separator: "?").first.map(String.init)! + "?filter=" + f
      }
      e.text = "\(method) \(shownPath ?? row[3]) → \(status.map { String($0) } ?? "?")" + detail
      return (userId, e)
    }
  }

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
        last = next
      }
      facts.jobEvents = try Row.fetchAll(
        db,
        sql: """
          SELECT activity_time, activity, id FROM audit_events
          WHERE activity COLLATE NOCASE IN ('disable/pause provisioning configuration', 'enable/restart provisioning configuration',
            'enable/start provisioning configuration', 'quarantine', 'delete provisioning configuration')
          ORDER BY activity_time, id
          """
      ).map { JobEvent(time: $0[0], activity: $0[1], ref: $0[2]) }
      facts.cycleStarts = try String.fetchAll(db, sql: "SELECT start_time FROM cycles ORDER BY start_time")
      return facts
    }
  }
}

/// Levenshtein distance, for suggestions.
enum EditDistance {
  static func between(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    var previous = Array(0...y.count)
    for i in 1...x.count {
      var current = [i] + Array(repeating: 0, count: y.count)
      for j in stride(from: 1, through: y.count, by: 1) {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[y.count]
  }
}

extension Store {
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
    try Correlator.refresh(self)
    return try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT cycle_id, start_time, end_time, provisioning_events, scim_requests, minutes_since_previous
          FROM cycles ORDER BY start_time, id
          """
      ).map {
        Cycle(
          cycleId: $0[0], start: $0[1], end: $0[2], provisioningEvents: $0[3], scimRequests: $0[4],
          minutesSincePrevious: $0[5])
      }
    }
  }
}

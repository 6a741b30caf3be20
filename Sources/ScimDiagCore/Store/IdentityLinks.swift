import GRDB

/// Links records of the three sources into users (an identity graph), finds Entra's
/// connectivity probes, and persists both so `explain` and `users` read them directly.
///
/// Keys (reference §6.1): Entra object id (`sourceIdentity.id`, import-step `objectId`, audit
/// User targets, `User.ObjectID` in assignment events); SCIM resource id (`targetIdentity.id`,
/// matching-step `id`, `/Users/{id}`, ids in responses); names (UPN from identities, details,
/// modified properties, `ReportableIdentifier`, audit `userPrincipalName` with the soft-delete
/// prefix stripped, `User.UPN`; SCIM `userName`/`externalId` from filters, bodies and
/// responses). A list response links each returned resource's own id and names, never the
/// filter value to a resource that does not carry it, so a server that ignores filters
/// cannot merge two people.
package enum Correlator {
  /// An SQL expression that changes whenever a file lands or a source is dropped.
  static let sourcesFingerprint =
    "(SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(records_new), 0) FROM sources)"

  /// Rebuilds the links when the ingested sources changed since the last run.
  package static func refresh(_ store: Store) throws {
    try store.queue.write { db in
      let fingerprint = try String.fetchOne(db, sql: "SELECT \(sourcesFingerprint)") ?? ""
      let current = try String.fetchOne(db, sql: "SELECT fingerprint FROM correlation_state WHERE id = 1")
      if current == fingerprint { return }
      try rebuild(db)
      try db.execute(
        sql: "INSERT OR REPLACE INTO correlation_state(id, fingerprint) VALUES (1, ?)", arguments: [fingerprint])
    }
  }

  /// Union-find over key strings.
  struct Graph {
    var parent: [Int] = []
    var index: [String: Int] = [:]

    mutating func node(_ key: String) -> Int {
      if let i = index[key] { return i }
      let i = parent.count
      parent.append(i)
      index[key] = i
      return i
    }

    mutating func find(_ i: Int) -> Int {
      var r = i
      while parent[r] != r { r = parent[r] }
      var x = i
      while parent[x] != r {
        let next = parent[x]
        parent[x] = r
        x = next
      }
      return r
    }

    mutating func union(_ keys: [String]) {
      guard let first = keys.first else { return }
      let a = find(node(first))
      for k in keys.dropFirst() {
        let b = find(node(k))
        if a != b { parent[b] = a }
      }
    }
  }

  struct Linked {
    var source: String
    var recordId: String
    var keys: [String]
  }

  static func oid(_ v: String?) -> String? { v.flatMap { $0.isEmpty ? nil : "oid:" + $0.lowercased() } }
  static func scim(_ v: String?) -> String? { v.flatMap { $0.isEmpty ? nil : "scim:" + $0 } }
  static func name(_ v: String?) -> String? {
    guard let v = v?.trimmingSpaces, !v.isEmpty else { return nil }
    return "name:" + v.lowercased()
  }

  /// The UPN without the 32-hex object-id prefix a soft-deleted user's UPN carries.
  package static func stripSoftDeletePrefix(_ upn: String, objectId: String?) -> String {
    let chars = Array(upn.utf8)
    guard chars.count > 33 else { return upn }
    let prefix = chars.prefix(32)
    guard prefix.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return upn }
    if let objectId {
      let bare = objectId.lowercased().replacingOccurrences("-", "")
      if String(decoding: prefix, as: UTF8.self) != bare { return upn }
    }
    return String(decoding: chars.dropFirst(32), as: UTF8.self)
  }

  /// A value as exported inside audit modified properties: `"\"x\""` → `x`.
  package static func auditValue(_ v: String?) -> String? {
    guard let v else { return nil }
    let parsed = JSONValue.string(v).unwrapped
    if case .string(let s) = (try? JSONValue.parse(v)) ?? parsed { return s }
    if case .array(let items) = parsed, let first = items.first?.text { return first }
    return v.trimmingCharacters(in: ["\"", "[", "]"])
  }

  static func isGUID(_ v: String) -> Bool {
    let c = Array(v.utf8)
    guard c.count == 36 else { return false }
    for (i, b) in c.enumerated() {
      if [8, 13, 18, 23].contains(i) {
        if b != UInt8(ascii: "-") { return false }
      } else if !((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)) {
        return false
      }
    }
    return true
  }

  static func rebuild(_ db: Database) throws {
    try db.execute(
      sql:
        "DELETE FROM user_records; DELETE FROM user_keys; DELETE FROM users; DELETE FROM probe_requests; DELETE FROM cycles"
    )
    try storeCycles(db)
    var graph = Graph()
    var records: [Linked] = []
    var displayNames: [String: String] = [:]

    // Provisioning events about users.
    let steps = try Row.fetchAll(
      db,
      sql: """
        SELECT e.id, s.step_type, s.details, s.reportable_identifier FROM provisioning_steps s
        JOIN provisioning_events e ON e.seq = s.event_seq
        WHERE s.details IS NOT NULL OR s.reportable_identifier IS NOT NULL
        """)
    var stepKeys: [String: [String]] = [:]
    for row in steps {
      let eventId: String = row[0]
      let type: String? = row[1]
      var keys: [String] = []
      if let text: String = row[2], let d = try? JSONValue.parse(text) {
        if type == "import" {
          keys += [
            oid(d["objectId"]?.nonEmptyText), name(d["userPrincipalName"]?.nonEmptyText),
            name(d["mailNickname"]?.nonEmptyText), name(d["mail"]?.nonEmptyText),
          ].compactMap { $0 }
        } else if type == "matching" {
          keys += [
            scim(d["id"]?.nonEmptyText), name(d["userName"]?.nonEmptyText), name(d["externalId"]?.nonEmptyText),
          ].compactMap { $0 }
        }
      }
      if let r: String = row[3] { keys += [name(r)].compactMap { $0 } }
      stepKeys[eventId, default: []] += keys
    }
    // Identity-bearing modified properties (the values a create or update sent).
    for row in try Row.fetchAll(
      db,
      sql: """
        SELECT e.id, coalesce(p.new_value, p.old_value) FROM provisioning_modified_properties p
        JOIN provisioning_events e ON e.seq = p.event_seq
        WHERE lower(p.name) IN ('userprincipalname', 'username', 'externalid', 'mail', 'mailnickname',
          'emails[type eq "work"].value')
        """)
    {
      let eventId: String = row[0]
      stepKeys[eventId, default: []] += [name(row[1] as String?)].compactMap { $0 }
    }
    for row in try Row.fetchAll(
      db,
      sql: """
        SELECT id, source_identity_id, source_upn, target_identity_id, source_identity_type, target_identity_type,
          source_identity_name FROM provisioning_events
        """)
    {
      let id: String = row[0]
      let sourceType = (row[4] as String?)?.lowercased() ?? ""
      let targetType = (row[5] as String?)?.lowercased() ?? ""
      if sourceType == "group" || targetType.hasSuffix(":group") || targetType == "group" { continue }
      let objectId: String? = row[1]
      var keys = [oid(objectId), name(row[2] as String?), scim(row[3] as String?)].compactMap { $0 }
      keys += stepKeys[id] ?? []
      guard !keys.isEmpty else { continue }
      if let n: String = row[6], let o = objectId { displayNames[o.lowercased()] = n }
      records.append(Linked(source: "provisioning", recordId: id, keys: keys))
    }

    // Audit events about users: User targets, and the user inside app-role-assignment events.
    var auditKeys: [String: [String]] = [:]
    for row in try Row.fetchAll(
      db,
      sql: "SELECT event_id, id, type, user_principal_name, display_name FROM audit_targets WHERE lower(type) = 'user'")
    {
      let eventId: String = row[0]
      let objectId: String? = row[1]
      let upn = (row[3] as String?).map { stripSoftDeletePrefix($0, objectId: objectId) }
      auditKeys[eventId, default: []] += [oid(objectId), name(upn)].compactMap { $0 }
      if let n: String = row[4], let o = objectId { displayNames[o.lowercased()] = n }
    }
    for row in try Row.fetchAll(
      db,
      sql: """
        SELECT event_id, name, coalesce(new_value, old_value) FROM audit_modified_properties
        WHERE name IN ('User.ObjectID', 'User.UPN')
        """)
    {
      let eventId: String = row[0]
      let key: String = row[1]
      let value = auditValue(row[2] as String?)
      auditKeys[eventId, default: []] += [key == "User.ObjectID" ? oid(value) : name(value)].compactMap { $0 }
    }
    for (eventId, keys) in auditKeys.sorted(by: { $0.key < $1.key }) where !keys.isEmpty {
      records.append(Linked(source: "audit", recordId: eventId, keys: keys))
    }

    // SCIM requests about users, and the resources responses returned.
    var guidFilters: Set<String> = []
    for row in try Row.fetchAll(
      db,
      sql: """
        SELECT key, resource_type, resource_id, filter_attribute, filter_value, body_id, body_user_name,
          body_external_id FROM scim_requests WHERE resource_type = 'Users' OR resource_type IS NULL
        """)
    {
      let key: String = row[0]
      var keys: [String] = []
      if let type: String = row[1], type == "Users" { keys += [scim(row[2] as String?)].compactMap { $0 } }
      if let value: String = row[4] {
        keys += [name(value)].compactMap { $0 }
        if isGUID(value) { guidFilters.insert(key) }
      }
      keys += [scim(row[5] as String?), name(row[6] as String?), name(row[7] as String?)].compactMap { $0 }
      if !keys.isEmpty { records.append(Linked(source: "scim", recordId: key, keys: keys)) }
    }
    for row in try Row.fetchAll(
      db,
      sql:
        "SELECT id, user_name, external_id FROM scim_returned_resources WHERE id IS NOT NULL OR user_name IS NOT NULL")
    {
      graph.union([scim(row[0] as String?), name(row[1] as String?), name(row[2] as String?)].compactMap { $0 })
    }
    for r in records { graph.union(r.keys) }

    // Clusters: Entra-known clusters are users; a cluster that only holds GUID-filter requests is a probe.
    var clusters: [Int: [Int]] = [:]
    for (i, r) in records.enumerated() { clusters[graph.find(graph.node(r.keys[0])), default: []].append(i) }
    var keysByRoot: [Int: [String]] = [:]
    for (key, i) in graph.index { keysByRoot[graph.find(i), default: []].append(key) }

    let insertUser = try db.makeStatement(
      sql: "INSERT INTO users(id, label, object_id, upn, display_name, scim_id) VALUES (?, ?, ?, ?, ?, ?)")
    let insertKey = try db.makeStatement(sql: "INSERT OR IGNORE INTO user_keys(user_id, kind, value) VALUES (?, ?, ?)")
    let insertRecord = try db.makeStatement(
      sql: "INSERT OR IGNORE INTO user_records(user_id, source, record_id, via) VALUES (?, ?, ?, ?)")
    let insertProbe = try db.makeStatement(sql: "INSERT OR IGNORE INTO probe_requests(request_key) VALUES (?)")

    // Deterministic user ids: clusters ordered by their label.
    var prepared: [(label: String, root: Int, members: [Int])] = []
    for (root, members) in clusters {
      let keys = keysByRoot[root] ?? []
      let onlyProbes = members.allSatisfy { records[$0].source == "scim" && guidFilters.contains(records[$0].recordId) }
      if onlyProbes && !keys.contains(where: { $0.hasPrefix("oid:") || $0.hasPrefix("scim:") }) {
        for m in members { try insertProbe.execute(arguments: [records[m].recordId]) }
        continue
      }
      prepared.append((label(keys), root, members))
    }
    try db.execute(
      sql: "UPDATE probe_requests SET time = (SELECT r.time FROM scim_requests r WHERE r.key = request_key)")
    prepared.sort { ($0.label, $0.root) < ($1.label, $1.root) }
    for (n, cluster) in prepared.enumerated() {
      let userId = n + 1
      let keys = (keysByRoot[cluster.root] ?? []).sorted()
      let objectId = keys.first { $0.hasPrefix("oid:") }.map { String($0.dropFirst(4)) }
      let upn = keys.first { $0.hasPrefix("name:") && $0.contains("@") }.map { String($0.dropFirst(5)) }
      let scimId = keys.first { $0.hasPrefix("scim:") }.map { String($0.dropFirst(5)) }
      try insertUser.execute(arguments: [
        userId, cluster.label, objectId, upn, objectId.flatMap { displayNames[$0] }, scimId,
      ])
      for key in keys {
        let parts = key.split(separator: ":", maxSplits: 1).map(String.init)
        try insertKey.execute(arguments: [userId, parts[0], parts[1]])
      }
      if let o = objectId, let d = displayNames[o] {
        try insertKey.execute(arguments: [userId, "display", d.lowercased()])
      }
      for m in cluster.members {
        let r = records[m]
        try insertRecord.execute(arguments: [userId, r.source, r.recordId, describe(r.keys)])
      }
    }
  }

  /// Infers the cycles (see `CycleInference`) and keeps them for the rules and the report.
  static func storeCycles(_ db: Database) throws {
    let provisioning = try Row.fetchAll(db, sql: "SELECT cycle_id, activity_time FROM provisioning_events").map {
      (cycleId: $0[0] as String?, time: $0[1] as String)
    }
    let scim = try String.fetchAll(db, sql: "SELECT time FROM scim_requests")
    let insert = try db.makeStatement(
      sql: """
        INSERT INTO cycles(cycle_id, start_time, end_time, provisioning_events, scim_requests, minutes_since_previous)
        VALUES (?, ?, ?, ?, ?, ?)
        """)
    for c in CycleInference.infer(provisioning: provisioning, scimTimes: scim) {
      try insert.execute(arguments: [
        c.cycleId, c.start, c.end, c.provisioningEvents, c.scimRequests, c.minutesSincePrevious,
      ])
    }
  }

  /// The most readable name for a cluster: a UPN, another name, an object id, a SCIM id.
  static func label(_ keys: [String]) -> String {
    let sorted = keys.sorted()
    if let upn = sorted.first(where: { $0.hasPrefix("name:") && $0.contains("@") }) { return String(upn.dropFirst(5)) }
    if let n = sorted.first(where: { $0.hasPrefix("name:") }) { return String(n.dropFirst(5)) }
    if let o = sorted.first(where: { $0.hasPrefix("oid:") }) { return String(o.dropFirst(4)) }
    return sorted.first.map { String($0.split(separator: ":", maxSplits: 1).last ?? "") } ?? "?"
  }

  /// "object id 1234…, userName alice@…" for the keys that tied a record to its user.
  static func describe(_ keys: [String]) -> String {
    var seen: Set<String> = []
    return keys.compactMap { key -> String? in
      guard seen.insert(key).inserted else { return nil }
      let parts = key.split(separator: ":", maxSplits: 1).map(String.init)
      let kind = ["oid": "object id", "scim": "SCIM id", "name": "name"][parts[0]] ?? parts[0]
      return "\(kind) \(parts.count > 1 ? parts[1] : "")"
    }.joined(separator: ", ")
  }
}

import ScimDiagParsing

/// Links records of the three sources into users, and finds Entra's connectivity probes.
///
/// Keys (reference §6.1): Entra object id (`sourceIdentity.id`, import-step `objectId`, audit
/// User targets, `User.ObjectID` in assignment events); SCIM resource id (`targetIdentity.id`,
/// matching-step `id`, `/Users/{id}`, ids in responses); names (UPN from identities, details,
/// modified properties, `ReportableIdentifier`, audit `userPrincipalName` with the soft-delete
/// prefix stripped, `User.UPN`; SCIM `userName`/`externalId` from filters, bodies and
/// responses). A list response links each returned resource's own id and names, never the
/// filter value to a resource that does not carry it, so a server that ignores filters
/// cannot merge two people.
///
/// The graph is built a record at a time (`IdentityGraphBuilder`), so the store can feed it
/// from cursors: what it holds grows with the number of distinct keys, not with the records.
package enum IdentityGraph {
  /// The users (in label order, which gives them their ids) and the probe requests' keys.
  package struct Result: Sendable, Equatable {
    package var users: [LinkedUser]
    package var probes: [String]
  }

  /// A record the builder took: its source and id, the graph node of its first key (which
  /// cluster it joins is known only at the end) and the keys that tied it, in words.
  package struct Draft: Sendable, Equatable {
    package var source: EvidenceSource
    package var recordId: String
    package var node: Int
    package var via: String
  }

  /// For each node, the user its cluster became (`probe` for a probe cluster, nil for a
  /// cluster that holds no record), once every record is in.
  package enum Owner: Sendable, Equatable {
    case user(Int)
    case probe
  }

  /// Each node's owner, 4 bytes a node: the user's id, -1 for a probe, 0 for none.
  package struct Owners: Sendable {
    var codes: [Int32]
    package var count: Int { codes.count }
    package subscript(node: Int) -> Owner? {
      let c = codes[node]
      return c > 0 ? .user(Int(c)) : c < 0 ? .probe : nil
    }
  }

  /// The whole graph from rows in memory (tests, small stores).
  package static func build(_ input: IdentityInput) -> Result {
    // The records' keys in the order the store reads them (`Store.link`).
    var read = input.returnedResources.compactMap(RecordKeys.of(resource:))
    let steps = Dictionary(grouping: input.provisioningSteps, by: \.eventId)
    let properties = Dictionary(grouping: input.provisioningProperties, by: \.eventId)
    read += input.provisioningEvents.compactMap {
      RecordKeys.of(provisioning: $0, steps: steps[$0.id] ?? [], properties: properties[$0.id] ?? [])
    }
    let targets = Dictionary(grouping: input.auditUserTargets, by: \.eventId)
    let assignments = Dictionary(grouping: input.auditAssignmentProperties, by: \.eventId)
    read += Set(targets.keys).union(assignments.keys).sorted().compactMap {
      RecordKeys.of(auditEvent: $0, targets: targets[$0] ?? [], properties: assignments[$0] ?? [])
    }
    read += input.scimRequests.compactMap(RecordKeys.of(scim:))
    var builder = IdentityGraphBuilder()
    let drafts = read.compactMap { builder.add($0) }
    var users: [UserIdentity] = []
    let owners = builder.finish { users.append($0) }
    var records: [Int: [LinkedRecord]] = [:]
    var probes: [String] = []
    for d in drafts {
      switch owners[d.node] {
      case .user(let id):
        records[id, default: []].append(LinkedRecord(source: d.source, recordId: d.recordId, via: d.via))
      case .probe: probes.append(d.recordId)
      case nil: break
      }
    }
    return Result(users: users.map { LinkedUser(identity: $0, records: records[$0.id] ?? []) }, probes: probes.sorted())
  }

  /// A user from its cluster's keys, sorted, and the latest display name of its first object
  /// id; the display name is also a key, for finding the user by it.
  static func identity(id: Int, label: String, sortedKeys: [UserKey], displayName: String?) -> UserIdentity {
    var keys = sortedKeys
    let objectId = keys.lazy.compactMap { if case .objectId(let v) = $0 { v } else { nil } }.first
    let upn = keys.lazy.compactMap { if case .name(let v) = $0, v.contains("@") { v } else { nil } }.first
    let scimId = keys.lazy.compactMap { if case .scimId(let v) = $0 { v } else { nil } }.first
    if let d = displayName { keys.append(.displayName(d.lowercased())) }
    return UserIdentity(
      id: id, label: label, objectId: objectId, upn: upn, displayName: displayName, scimId: scimId, keys: keys)
  }

  /// The key whose value is the cluster's label, its most readable name: a UPN, another name,
  /// an object id, a SCIM id.
  static func labelKey(_ keys: [UserKey]) -> UserKey? {
    let sorted = keys.sorted()
    let names = sorted.filter { if case .name = $0 { true } else { false } }
    if let upn = names.first(where: { $0.value.contains("@") }) { return upn }
    if let n = names.first { return n }
    if let o = sorted.first(where: { if case .objectId = $0 { true } else { false } }) { return o }
    return sorted.first
  }
}

/// What one record (or one resource a list response returned) says about identity: the keys
/// that tie it to a user, in the order they were found, and the display names it gives
/// object ids. The same for linking in memory (`IdentityGraphBuilder`) and on disk.
package struct RecordKeys: Sendable {
  /// The record's source and id; nil for a returned resource, which only ties its keys.
  package var record: (source: EvidenceSource, id: String)?
  package var keys: [UserKey]
  /// A filter on a GUID alone, which may be Entra's connectivity probe.
  package var probe: Bool
  package var displayNames: [(objectId: UserKey, name: String)]

  /// A resource a list response returned: its own id and names are one person.
  package static func of(resource r: ReturnedResourceRow) -> RecordKeys? {
    let keys = [UserKey.from(scimId: r.id), UserKey.from(name: r.userName), UserKey.from(name: r.externalId)]
      .compactMap { $0 }
    return keys.isEmpty ? nil : RecordKeys(record: nil, keys: keys, probe: false, displayNames: [])
  }

  /// A provisioning event with its steps and identity-bearing modified properties; nil when
  /// it is about a group or carries no key.
  package static func of(
    provisioning row: ProvisioningIdentityRow, steps: [ProvisioningStepIdentityRow], properties: [EventValueRow]
  ) -> RecordKeys? {
    let sourceType = row.sourceIdentityType?.lowercased() ?? ""
    let targetType = row.targetIdentityType?.lowercased() ?? ""
    if sourceType == "group" || targetType.hasSuffix(":group") || targetType == "group" { return nil }
    var keys = [
      UserKey.from(objectId: row.sourceIdentityId), .from(name: row.sourceUPN), .from(scimId: row.targetIdentityId),
    ].compactMap { $0 }
    for step in steps { keys += Self.keys(of: step) }
    keys += properties.compactMap { UserKey.from(name: $0.value) }
    guard !keys.isEmpty else { return nil }
    var names: [(UserKey, String)] = []
    if let n = row.sourceIdentityName, let o = UserKey.from(objectId: row.sourceIdentityId) { names.append((o, n)) }
    return RecordKeys(record: (.provisioning, row.id), keys: keys, probe: false, displayNames: names)
  }

  private static func keys(of step: ProvisioningStepIdentityRow) -> [UserKey] {
    var keys: [UserKey?] = []
    if let text = step.details, let d = try? JSONValue.parse(text) {
      if step.stepType == "import" {
        keys += [
          .from(objectId: d["objectId"]?.nonEmptyText), .from(name: d["userPrincipalName"]?.nonEmptyText),
          .from(name: d["mailNickname"]?.nonEmptyText), .from(name: d["mail"]?.nonEmptyText),
        ]
      } else if step.stepType == "matching" {
        keys += [
          .from(scimId: d["id"]?.nonEmptyText), .from(name: d["userName"]?.nonEmptyText),
          .from(name: d["externalId"]?.nonEmptyText),
        ]
      }
    }
    keys.append(.from(name: step.reportableIdentifier))
    return keys.compactMap { $0 }
  }

  /// An audit event's User targets and the user inside an app-role-assignment event.
  package static func of(auditEvent id: String, targets: [AuditUserTargetRow], properties: [EventValueRow])
    -> RecordKeys?
  {
    var keys: [UserKey] = []
    var names: [(UserKey, String)] = []
    for row in targets {
      let upn = row.userPrincipalName.map { IdentityValues.stripSoftDeletePrefix($0, objectId: row.objectId) }
      keys += [UserKey.from(objectId: row.objectId), .from(name: upn)].compactMap { $0 }
      if let n = row.displayName, let o = UserKey.from(objectId: row.objectId) { names.append((o, n)) }
    }
    for row in properties {
      let value = IdentityValues.auditValue(row.value)
      keys += [row.name == "User.ObjectID" ? UserKey.from(objectId: value) : .from(name: value)].compactMap { $0 }
    }
    guard !keys.isEmpty else { return nil }
    return RecordKeys(record: (.audit, id), keys: keys, probe: false, displayNames: names)
  }

  /// A SCIM request about a user; a filter on a GUID alone may be Entra's probe.
  package static func of(scim row: ScimIdentityRow) -> RecordKeys? {
    var keys: [UserKey?] = []
    var probe = false
    if row.resourceType == "Users" { keys.append(.from(scimId: row.resourceId)) }
    if let value = row.filterValue {
      keys.append(.from(name: value))
      probe = IdentityValues.isGUID(value)
    }
    keys += [.from(scimId: row.bodyId), .from(name: row.bodyUserName), .from(name: row.bodyExternalId)]
    let found = keys.compactMap { $0 }
    return found.isEmpty ? nil : RecordKeys(record: (.scim, row.key), keys: found, probe: probe, displayNames: [])
  }
}

/// Builds the identity graph a record at a time. Records must be added in the same order
/// every time (resources, provisioning events, audit events by id, SCIM requests): the order
/// decides which node is a cluster's root, and so the order of users whose labels are equal.
package struct IdentityGraphBuilder {
  private var graph = UnionFind()
  /// Display names, by the node of their object id (the key is already in the graph): where
  /// the name is in `names`.
  private var displayNames: [Int32: Int32] = [:]
  private var names = KeyArena()
  /// By node: 1 when a record's first key is this node, 2 when such a record cannot be a
  /// probe (not a GUID-filter request). `finish` adds the same bits for the whole cluster,
  /// shifted by 2, on its root, and 16 on a probe cluster's root.
  private var flags: [UInt8] = []

  package init() {}

  /// The graph's nodes (distinct keys) so far: what its memory grows with.
  package var nodeCount: Int { graph.count }

  /// Ties the keys together; a record (not a returned resource) becomes a draft.
  package mutating func add(_ r: RecordKeys) -> IdentityGraph.Draft? {
    graph.union(r.keys)
    guard let (source, id) = r.record else { return nil }
    let node = graph.node(r.keys[0])
    while flags.count < graph.count { flags.append(0) }
    flags[node] |= r.probe ? 1 : 3
    for (o, n) in r.displayNames { setDisplayName(n, of: o) }
    return IdentityGraph.Draft(source: source, recordId: id, node: node, via: IdentityValues.describe(r.keys))
  }

  /// The latest display name seen for an object id; a name is stored again only when it
  /// changes, so the names take room by user, not by record.
  private mutating func setDisplayName(_ name: String, of objectId: UserKey) {
    let node = Int32(graph.node(objectId))
    let kind = KeyArena.code(.displayName(name))
    var name = name
    name.withUTF8 { utf8 in
      if let i = displayNames[node], names.equals(Int(i), kind, utf8) { return }
      displayNames[node] = Int32(names.count)
      names.append(kind, utf8)
    }
  }

  /// Entra-known clusters are users; a cluster that holds only GUID-filter requests, and no
  /// object id or SCIM id, is a connectivity probe. Users are numbered in label order and
  /// handed to `user` one at a time (never all held); returns each node's owner.
  package mutating func finish(_ user: (UserIdentity) throws -> Void) rethrows -> IdentityGraph.Owners {
    let count = graph.count
    while flags.count < count { flags.append(0) }
    // Each node's root; this array becomes the owners' codes at the end.
    var roots = graph.takeRoots()
    for node in 0..<count where flags[node] & 3 != 0 {
      flags[Int(roots[node])] |= (flags[node] & 3) << 2
    }
    // The nodes grouped by root, each group in node order.
    var order = Array(0..<Int32(count))
    order.sort { (roots[Int($0)], $0) < (roots[Int($1)], $1) }
    func group(at start: Int) -> ArraySlice<Int32> {
      var end = start + 1
      while end < count, roots[Int(order[end])] == roots[Int(order[start])] { end += 1 }
      return order[start..<end]
    }
    // The clusters that become users: the node of their label and where their group starts.
    var clusters: [(label: Int32, start: Int32)] = []
    var start = 0
    while start < count {
      let nodes = group(at: start)
      let root = Int(roots[Int(nodes.first!)])
      let records = flags[root] >> 2 & 3
      if records != 0 {
        let keys = nodes.map { graph.keys[Int($0)] }
        let identified = keys.contains { if case .name = $0 { false } else { true } }
        if records & 2 == 0 && !identified {
          flags[root] |= 16
        } else if let label = IdentityGraph.labelKey(keys), let i = keys.firstIndex(of: label) {
          clusters.append((nodes[nodes.startIndex + i], Int32(start)))
        }
      }
      start = nodes.endIndex
    }
    clusters.sort { a, b in
      if graph.keys.valueLess(Int(a.label), Int(b.label)) { return true }
      if graph.keys.valueLess(Int(b.label), Int(a.label)) { return false }
      return roots[Int(order[Int(a.start)])] < roots[Int(order[Int(b.start)])]
    }
    for (n, cluster) in clusters.enumerated() {
      let nodes = group(at: Int(cluster.start))
      let pairs = nodes.map { (key: graph.keys[Int($0)], node: $0) }.sorted { $0.key < $1.key }
      let objectIdNode = pairs.first {
        if case .objectId = $0.key { return true }
        return false
      }?.node
      let displayName = objectIdNode.flatMap { displayNames[$0] }.map { names[Int($0)].value }
      try user(
        IdentityGraph.identity(
          id: n + 1, label: graph.keys[Int(cluster.label)].value, sortedKeys: pairs.map(\.key),
          displayName: displayName))
    }
    // The codes, in place: a root's entry becomes -(code + 3), below every node number, then
    // every other node takes its root's; the user's id, -1 for a probe, 0 for none.
    for (n, cluster) in clusters.enumerated() {
      let root = Int(roots[Int(order[Int(cluster.start)])])
      roots[root] = -Int32(n + 1 + 3)
    }
    clusters = []
    order = []
    for node in 0..<count where Int(roots[node]) == node {
      roots[node] = flags[node] & 16 != 0 ? -(-1 + 3) : -3
    }
    for node in 0..<count where roots[node] >= 0 { roots[node] = roots[Int(roots[node])] }
    for node in 0..<count { roots[node] = -roots[node] - 3 }
    return IdentityGraph.Owners(codes: roots)
  }
}

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
    var builder = IdentityGraphBuilder()
    for r in input.returnedResources { builder.add(resource: r) }
    var drafts: [Draft] = []
    let steps = Dictionary(grouping: input.provisioningSteps, by: \.eventId)
    let properties = Dictionary(grouping: input.provisioningProperties, by: \.eventId)
    for e in input.provisioningEvents {
      if let d = builder.add(provisioning: e, steps: steps[e.id] ?? [], properties: properties[e.id] ?? []) {
        drafts.append(d)
      }
    }
    let targets = Dictionary(grouping: input.auditUserTargets, by: \.eventId)
    let assignments = Dictionary(grouping: input.auditAssignmentProperties, by: \.eventId)
    for id in Set(targets.keys).union(assignments.keys).sorted() {
      if let d = builder.add(auditEvent: id, targets: targets[id] ?? [], properties: assignments[id] ?? []) {
        drafts.append(d)
      }
    }
    for r in input.scimRequests {
      if let d = builder.add(scim: r) { drafts.append(d) }
    }
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

  /// The most readable name for a cluster: a UPN, another name, an object id, a SCIM id.
  static func label(_ keys: [UserKey]) -> String {
    let sorted = keys.sorted()
    let names = sorted.compactMap { if case .name(let v) = $0 { v } else { nil } }
    if let upn = names.first(where: { $0.contains("@") }) { return upn }
    if let n = names.first { return n }
    if let o = sorted.lazy.compactMap({ if case .objectId(let v) = $0 { v } else { nil } }).first { return o }
    return sorted.first?.value ?? "?"
  }
}

/// Builds the identity graph a record at a time. Records must be added in the same order
/// every time (resources, provisioning events, audit events by id, SCIM requests): the order
/// decides which node is a cluster's root, and so the order of users whose labels are equal.
package struct IdentityGraphBuilder {
  private var graph = UnionFind<UserKey>()
  /// Display names by the node of their object id (the key is already in the graph).
  private var displayNames: [Int32: String] = [:]
  /// By node: a record's first key is this node.
  private var holdsRecord: [Bool] = []
  /// By node: a record that cannot be a probe (not a GUID-filter request) starts here.
  private var holdsNonProbe: [Bool] = []

  package init() {}

  /// A resource a list response returned: its own id and names are one person.
  package mutating func add(resource r: ReturnedResourceRow) {
    graph.union(
      [UserKey.from(scimId: r.id), UserKey.from(name: r.userName), UserKey.from(name: r.externalId)].compactMap { $0 })
  }

  /// A provisioning event with its steps and identity-bearing modified properties; nil when
  /// it is about a group or carries no key.
  package mutating func add(
    provisioning row: ProvisioningIdentityRow, steps: [ProvisioningStepIdentityRow], properties: [EventValueRow]
  ) -> IdentityGraph.Draft? {
    let sourceType = row.sourceIdentityType?.lowercased() ?? ""
    let targetType = row.targetIdentityType?.lowercased() ?? ""
    if sourceType == "group" || targetType.hasSuffix(":group") || targetType == "group" { return nil }
    var keys = [
      UserKey.from(objectId: row.sourceIdentityId), .from(name: row.sourceUPN), .from(scimId: row.targetIdentityId),
    ].compactMap { $0 }
    for step in steps { keys += Self.keys(of: step) }
    keys += properties.compactMap { UserKey.from(name: $0.value) }
    guard !keys.isEmpty else { return nil }
    let draft = record(.provisioning, id: row.id, keys: keys, probe: false)
    if let n = row.sourceIdentityName, let o = UserKey.from(objectId: row.sourceIdentityId) {
      displayNames[Int32(graph.node(o))] = n
    }
    return draft
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
  package mutating func add(auditEvent id: String, targets: [AuditUserTargetRow], properties: [EventValueRow])
    -> IdentityGraph.Draft?
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
    let draft = record(.audit, id: id, keys: keys, probe: false)
    for (o, n) in names { displayNames[Int32(graph.node(o))] = n }
    return draft
  }

  /// A SCIM request about a user; a filter on a GUID alone may be Entra's probe.
  package mutating func add(scim row: ScimIdentityRow) -> IdentityGraph.Draft? {
    var keys: [UserKey?] = []
    var probe = false
    if row.resourceType == "Users" { keys.append(.from(scimId: row.resourceId)) }
    if let value = row.filterValue {
      keys.append(.from(name: value))
      probe = IdentityValues.isGUID(value)
    }
    keys += [.from(scimId: row.bodyId), .from(name: row.bodyUserName), .from(name: row.bodyExternalId)]
    let found = keys.compactMap { $0 }
    return found.isEmpty ? nil : record(.scim, id: row.key, keys: found, probe: probe)
  }

  private mutating func record(_ source: EvidenceSource, id: String, keys: [UserKey], probe: Bool)
    -> IdentityGraph.Draft
  {
    graph.union(keys)
    let node = graph.node(keys[0])
    while holdsRecord.count < graph.count {
      holdsRecord.append(false)
      holdsNonProbe.append(false)
    }
    holdsRecord[node] = true
    if !probe { holdsNonProbe[node] = true }
    return IdentityGraph.Draft(source: source, recordId: id, node: node, via: IdentityValues.describe(keys))
  }

  /// Entra-known clusters are users; a cluster that holds only GUID-filter requests, and no
  /// object id or SCIM id, is a connectivity probe. Users are numbered in label order and
  /// handed to `user` one at a time (never all held); returns each node's owner.
  package mutating func finish(_ user: (UserIdentity) throws -> Void) rethrows -> IdentityGraph.Owners {
    let count = graph.count
    var roots = [Int32](repeating: 0, count: count)
    for node in 0..<count { roots[node] = Int32(graph.find(node)) }
    // The nodes grouped by root (sorted), and where each root's group starts.
    let order = (0..<Int32(count)).sorted { (roots[Int($0)], $0) < (roots[Int($1)], $1) }
    var groupStart: [Int32: Int32] = [:]
    for (i, node) in order.enumerated() where i == 0 || roots[Int(order[i - 1])] != roots[Int(node)] {
      groupStart[roots[Int(node)]] = Int32(i)
    }
    func keys(_ root: Int32) -> [UserKey] {
      var out: [UserKey] = []
      var i = Int(groupStart[root] ?? Int32(count))
      while i < count, roots[Int(order[i])] == root {
        out.append(graph.elements[Int(order[i])])
        i += 1
      }
      return out
    }
    var records: Set<Int32> = []
    var nonProbe: Set<Int32> = []
    for node in holdsRecord.indices where holdsRecord[node] {
      records.insert(roots[node])
      if holdsNonProbe[node] { nonProbe.insert(roots[node]) }
    }
    var probeRoots: Set<Int32> = []
    var prepared: [(label: String, root: Int32)] = []
    for root in records {
      let keys = keys(root)
      let identified = keys.contains {
        if case .name = $0 { return false }
        return true
      }
      if !nonProbe.contains(root) && !identified {
        probeRoots.insert(root)
      } else {
        prepared.append((IdentityGraph.label(keys), root))
      }
    }
    prepared.sort { ($0.label, $0.root) < ($1.label, $1.root) }
    var userOfRoot: [Int32: Int32] = [:]
    for (n, cluster) in prepared.enumerated() {
      userOfRoot[cluster.root] = Int32(n + 1)
      var keys = keys(cluster.root).sorted()
      let objectIdKey = keys.first {
        if case .objectId = $0 { return true }
        return false
      }
      let objectId = objectIdKey?.value
      let upn = keys.lazy.compactMap { if case .name(let v) = $0, v.contains("@") { v } else { nil } }.first
      let scimId = keys.lazy.compactMap { if case .scimId(let v) = $0 { v } else { nil } }.first
      let displayName = objectIdKey.flatMap { displayNames[Int32(graph.node($0))] }
      if let d = displayName { keys.append(.displayName(d.lowercased())) }
      try user(
        UserIdentity(
          id: n + 1, label: cluster.label, objectId: objectId, upn: upn, displayName: displayName, scimId: scimId,
          keys: keys))
    }
    return IdentityGraph.Owners(
      codes: roots.map { root in userOfRoot[root] ?? (probeRoots.contains(root) ? -1 : 0) })
  }
}

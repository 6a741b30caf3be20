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
package enum IdentityGraph {
  /// The users (in label order, which gives them their ids) and the probe requests' keys.
  package struct Result: Sendable, Equatable {
    package var users: [LinkedUser]
    package var probes: [String]
  }

  private struct Linked {
    var source: EvidenceSource
    var recordId: String
    var keys: [UserKey]
  }

  package static func build(_ input: IdentityInput) -> Result {
    var displayNames: [String: String] = [:]
    var records = provisioningRecords(input, displayNames: &displayNames)
    records += auditRecords(input, displayNames: &displayNames)
    let (scim, guidFilters) = scimRecords(input)
    records += scim
    var graph = UnionFind<UserKey>()
    for r in input.returnedResources {
      graph.union(
        [UserKey.from(scimId: r.id), UserKey.from(name: r.userName), UserKey.from(name: r.externalId)]
          .compactMap { $0 })
    }
    for r in records { graph.union(r.keys) }
    return clusters(records, graph: &graph, guidFilters: guidFilters, displayNames: displayNames)
  }

  /// Provisioning events about users, with the keys of their steps and modified properties.
  private static func provisioningRecords(_ input: IdentityInput, displayNames: inout [String: String]) -> [Linked] {
    var stepKeys: [String: [UserKey]] = [:]
    for row in input.provisioningSteps {
      var keys: [UserKey?] = []
      if let text = row.details, let d = try? JSONValue.parse(text) {
        if row.stepType == "import" {
          keys += [
            .from(objectId: d["objectId"]?.nonEmptyText), .from(name: d["userPrincipalName"]?.nonEmptyText),
            .from(name: d["mailNickname"]?.nonEmptyText), .from(name: d["mail"]?.nonEmptyText),
          ]
        } else if row.stepType == "matching" {
          keys += [
            .from(scimId: d["id"]?.nonEmptyText), .from(name: d["userName"]?.nonEmptyText),
            .from(name: d["externalId"]?.nonEmptyText),
          ]
        }
      }
      keys.append(.from(name: row.reportableIdentifier))
      stepKeys[row.eventId, default: []] += keys.compactMap { $0 }
    }
    for row in input.provisioningProperties {
      stepKeys[row.eventId, default: []] += [UserKey.from(name: row.value)].compactMap { $0 }
    }
    var records: [Linked] = []
    for row in input.provisioningEvents {
      let sourceType = row.sourceIdentityType?.lowercased() ?? ""
      let targetType = row.targetIdentityType?.lowercased() ?? ""
      if sourceType == "group" || targetType.hasSuffix(":group") || targetType == "group" { continue }
      var keys = [
        UserKey.from(objectId: row.sourceIdentityId), .from(name: row.sourceUPN), .from(scimId: row.targetIdentityId),
      ].compactMap { $0 }
      keys += stepKeys[row.id] ?? []
      guard !keys.isEmpty else { continue }
      if let n = row.sourceIdentityName, let o = row.sourceIdentityId { displayNames[o.lowercased()] = n }
      records.append(Linked(source: .provisioning, recordId: row.id, keys: keys))
    }
    return records
  }

  /// Audit events about users: User targets, and the user inside app-role-assignment events.
  private static func auditRecords(_ input: IdentityInput, displayNames: inout [String: String]) -> [Linked] {
    var auditKeys: [String: [UserKey]] = [:]
    for row in input.auditUserTargets {
      let upn = row.userPrincipalName.map { IdentityValues.stripSoftDeletePrefix($0, objectId: row.objectId) }
      auditKeys[row.eventId, default: []] += [UserKey.from(objectId: row.objectId), .from(name: upn)].compactMap { $0 }
      if let n = row.displayName, let o = row.objectId { displayNames[o.lowercased()] = n }
    }
    for row in input.auditAssignmentProperties {
      let value = IdentityValues.auditValue(row.value)
      let key = row.name == "User.ObjectID" ? UserKey.from(objectId: value) : .from(name: value)
      auditKeys[row.eventId, default: []] += [key].compactMap { $0 }
    }
    return auditKeys.sorted(by: { $0.key < $1.key }).compactMap { eventId, keys in
      keys.isEmpty ? nil : Linked(source: .audit, recordId: eventId, keys: keys)
    }
  }

  /// SCIM requests about users, and which of them filter on a GUID (a probe candidate).
  private static func scimRecords(_ input: IdentityInput) -> ([Linked], Set<String>) {
    var records: [Linked] = []
    var guidFilters: Set<String> = []
    for row in input.scimRequests {
      var keys: [UserKey?] = []
      if row.resourceType == "Users" { keys.append(.from(scimId: row.resourceId)) }
      if let value = row.filterValue {
        keys.append(.from(name: value))
        if IdentityValues.isGUID(value) { guidFilters.insert(row.key) }
      }
      keys += [.from(scimId: row.bodyId), .from(name: row.bodyUserName), .from(name: row.bodyExternalId)]
      let found = keys.compactMap { $0 }
      if !found.isEmpty { records.append(Linked(source: .scim, recordId: row.key, keys: found)) }
    }
    return (records, guidFilters)
  }

  /// Entra-known clusters are users; a cluster that holds only GUID-filter requests, and no
  /// object id or SCIM id, is a connectivity probe. Users are numbered in label order.
  private static func clusters(
    _ records: [Linked], graph: inout UnionFind<UserKey>, guidFilters: Set<String>, displayNames: [String: String]
  ) -> Result {
    var members: [Int: [Int]] = [:]
    for (i, r) in records.enumerated() { members[graph.find(graph.node(r.keys[0])), default: []].append(i) }
    var keysByRoot: [Int: [UserKey]] = [:]
    for (key, i) in graph.index { keysByRoot[graph.find(i), default: []].append(key) }
    var probes: [String] = []
    var prepared: [(label: String, root: Int, members: [Int])] = []
    for (root, cluster) in members {
      let keys = keysByRoot[root] ?? []
      let onlyProbes = cluster.allSatisfy { records[$0].source == .scim && guidFilters.contains(records[$0].recordId) }
      let identified = keys.contains {
        if case .name = $0 { return false }
        return true
      }
      if onlyProbes && !identified {
        probes += cluster.map { records[$0].recordId }
        continue
      }
      prepared.append((label(keys), root, cluster))
    }
    prepared.sort { ($0.label, $0.root) < ($1.label, $1.root) }
    let users = prepared.enumerated().map { n, cluster -> LinkedUser in
      var keys = (keysByRoot[cluster.root] ?? []).sorted()
      let objectId = keys.lazy.compactMap { if case .objectId(let v) = $0 { v } else { nil } }.first
      let upn = keys.lazy.compactMap { if case .name(let v) = $0, v.contains("@") { v } else { nil } }.first
      let scimId = keys.lazy.compactMap { if case .scimId(let v) = $0 { v } else { nil } }.first
      let displayName = objectId.flatMap { displayNames[$0] }
      if let d = displayName { keys.append(.displayName(d.lowercased())) }
      let linked = cluster.members.map {
        LinkedRecord(
          source: records[$0].source, recordId: records[$0].recordId, via: IdentityValues.describe(records[$0].keys))
      }
      let identity = UserIdentity(
        id: n + 1, label: cluster.label, objectId: objectId, upn: upn, displayName: displayName, scimId: scimId,
        keys: keys)
      return LinkedUser(identity: identity, records: linked)
    }
    return Result(users: users, probes: probes.sorted())
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

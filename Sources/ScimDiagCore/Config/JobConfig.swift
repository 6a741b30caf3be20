import ScimDiagParsing

/// A provisioning job's configuration as it matters for deprovisioning, read from the
/// synchronization schema (`GET /servicePrincipals/{id}/synchronization/jobs/{jobId}/schema`)
/// and the job's settings (secrets list `[{"key","value"}]`).
package struct JobConfig: Sendable, Equatable, Encodable {
  /// One object mapping (usually "Provision Azure Active Directory Users").
  package struct ObjectMapping: Sendable, Equatable, Encodable {
    package var name: String
    package var sourceObject: String
    package var targetObject: String
    package var enabled: Bool
    package var flowTypes: [String]
    package var scopeFilters: Int
    package var active: ActiveMapping?
    /// `target ← source` of the attributes used for matching, by priority.
    package var matching: [String]
  }

  /// How `active` is computed, and what it gives for a soft-deleted and an active user.
  package struct ActiveMapping: Sendable, Equatable, Encodable {
    package var expression: String
    package var forSoftDeleted: String?
    package var forActive: String?
    package var error: String?
    /// True when a soft-deleted user gets active False and an active user True.
    package var deprovisions: Bool
  }

  /// When the snapshot holds: exports carry no time of their own, so this is the file's
  /// modification time (or the time of `config --set`).
  package var exportedAt: String
  package var source: String

  /// When the snapshot holds and where that time comes from, for explanations.
  package var asOf: String {
    let time = exportedAt.prefix(16)
    return source == "(command line)" ? "set with config --set at \(time)" : "as of its file's date, \(time)"
  }
  package var mappings: [ObjectMapping]
  package var settings: [String: String]

  /// The user mapping that drives the app's users.
  package var userMapping: ObjectMapping? {
    mappings.first { $0.enabled && $0.sourceObject.lowercased() == "user" }
      ?? mappings.first {
        $0.sourceObject.lowercased() == "user"
      }
  }

  package var skipOutOfScopeDeletions: Bool? { setting("SkipOutOfScopeDeletions") }

  /// The job's status, when a job object was ingested.
  package var jobStatus: JobStatus? {
    settings.first { $0.key == "JobStatus" }.flatMap { JobStatus(setting: $0.value) }
  }

  /// Whether the accidental-deletion threshold is on: the `DeleteThresholdEnabled` setting, or
  /// the same inside the secrets list's `SyncNotificationSettings` (JSON in a string).
  package var deleteThresholdEnabled: Bool? {
    if let direct = setting("DeleteThresholdEnabled") { return direct }
    guard let text = settings.first(where: { $0.key.lowercased() == "syncnotificationsettings" })?.value,
      let v = try? JSONValue.parse(text), let flag = v["DeleteThresholdEnabled"]?.text
    else { return nil }
    return MappingExpression.bool(flag)
  }
  package var syncAll: Bool? { setting("SyncAll") }

  func setting(_ key: String) -> Bool? {
    settings.first { $0.key.lowercased() == key.lowercased() }.flatMap { MappingExpression.bool($0.value) }
  }

  /// Reads the user/group object mappings of a schema document (or of a job that embeds one).
  package static func mappings(fromSchema schema: JSONValue) -> [ObjectMapping] {
    let root = schema["synchronizationRules"] != nil ? schema : schema["schema"] ?? schema
    var out: [ObjectMapping] = []
    for rule in root["synchronizationRules"]?.arrayValue ?? [] {
      for m in rule["objectMappings"]?.arrayValue ?? [] {
        var mapping = ObjectMapping(
          name: m["name"]?.text ?? "", sourceObject: m["sourceObjectName"]?.text ?? "",
          targetObject: m["targetObjectName"]?.text ?? "", enabled: m["enabled"].map { $0 != .bool(false) } ?? true,
          flowTypes: (m["flowTypes"]?.text ?? "Add, Update, Delete").split(separator: ",").map {
            String($0).trimmingSpaces
          }.filter { !$0.isEmpty },
          scopeFilters: m["scope"]?["categoryFilterGroups"]?.arrayValue?.count ?? m["scope"]?["inputFilterGroups"]?
            .arrayValue?.count ?? 0,
          active: nil, matching: [])
        var matching: [(Int, String)] = []
        // Gallery connectors disable through their own attribute (IsActive ← Not([IsSoftDeleted]),
        // accountEnabled): a target driven by IsSoftDeleted is the disable mapping when no
        // `active` is mapped.
        var softDeleteDriven: ActiveMapping?
        for a in m["attributeMappings"]?.arrayValue ?? [] {
          let target = a["targetAttributeName"]?.text ?? ""
          let expression = sourceExpression(a["source"])
          if let p = a["matchingPriority"]?.text.flatMap({ Int($0) }), p > 0 {
            matching.append((p, "\(target) ← \(expression)" + JobConfig.matchingExample(target, expression)))
          }
          if target.lowercased() == "active" {
            mapping.active = evaluateActive(expression, defaultValue: a["defaultValue"]?.text)
          } else if softDeleteDriven == nil, expression.lowercased().contains("[issoftdeleted]") {
            softDeleteDriven = evaluateActive(expression, defaultValue: a["defaultValue"]?.text)
          }
        }
        if mapping.active == nil { mapping.active = softDeleteDriven }
        mapping.matching = matching.sorted { $0.0 < $1.0 }.map(\.1)
        out.append(mapping)
      }
    }
    return out
  }

  /// The source of an attribute mapping as expression text.
  static func sourceExpression(_ source: JSONValue?) -> String {
    guard let source else { return "" }
    if let e = source["expression"]?.nonEmptyText { return e }
    let name = source["name"]?.text ?? ""
    switch source["type"]?.text?.lowercased() {
    case "constant"?: return "\"" + name + "\""
    case "attribute"?: return "[" + name + "]"
    case "function"?:
      let params = (source["parameters"]?.arrayValue ?? []).map { sourceExpression($0["value"]) }
      return name + "(" + params.joined(separator: ", ") + ")"
    default: return name
    }
  }

  static func evaluateActive(_ expression: String, defaultValue: String?) -> ActiveMapping {
    do {
      let parsed = try MappingExpression.parse(expression)
      let deleted = try parsed.evaluate(["IsSoftDeleted": "True", "accountEnabled": "True"]) ?? defaultValue
      let active = try parsed.evaluate(["IsSoftDeleted": "False", "accountEnabled": "True"]) ?? defaultValue
      let works = MappingExpression.bool(deleted) == false && MappingExpression.bool(active) == true
      return ActiveMapping(
        expression: expression, forSoftDeleted: deleted, forActive: active, error: nil, deprovisions: works)
    } catch let e as MappingExpression.ParseError {
      return ActiveMapping(expression: expression, error: "cannot parse: \(e)", deprovisions: false)
    } catch let e as MappingExpression.EvaluationError {
      return ActiveMapping(expression: expression, error: "cannot evaluate: \(e)", deprovisions: false)
    } catch {
      return ActiveMapping(expression: expression, error: "\(error)", deprovisions: false)
    }
  }

  /// An example user the matching mapping is evaluated for.
  static let exampleUser = [
    "userPrincipalName": "Alice.Smith@contoso.com", "mailNickname": "alice.smith", "mail": "Alice.Smith@contoso.com",
    "objectId": "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9", "displayName": "Alice Smith", "givenName": "Alice",
    "surname": "Smith", "IsSoftDeleted": "False", "accountEnabled": "True",
  ]

  /// `: a user with userPrincipalName Alice.Smith@contoso.com is looked up as userName eq "…"`,
  /// or why the mapping cannot be evaluated.
  static func matchingExample(_ target: String, _ expression: String) -> String {
    do {
      let e = try MappingExpression.parse(expression)
      guard let value = try e.evaluate(exampleUser) else {
        return " (gives no value for a typical user: matching cannot find anyone)"
      }
      let inputs = e.attributes.compactMap { a in exampleUser[a].map { "\(a) \($0)" } }.joined(separator: ", ")
      return " (a user with \(inputs.isEmpty ? "any attributes" : inputs) is looked up as \(target) eq \"\(value)\")"
    } catch {
      return " (cannot be evaluated: \(error))"
    }
  }

  /// What the configuration means for deprovisioning, in plain words; flagged lines start with "!".
  package var consequences: [String] {
    var out: [String] = []
    guard let m = userMapping else {
      if !mappings.isEmpty || !settings.isEmpty {
        out.append(
          mappings.isEmpty ? "the schema of this snapshot is not known (settings only)" : "! no user object mapping")
      }
      return out + settingConsequences
    }
    if !m.enabled { out.append("! the user mapping '\(m.name)' is disabled: users are not provisioned at all") }
    let flows = Set(m.flowTypes.map { $0.lowercased() })
    if let a = m.active {
      if let e = a.error {
        out.append("! active ← \(a.expression): \(e)")
      } else if a.deprovisions {
        out.append("a soft-deleted user is sent active=\(a.forSoftDeleted ?? "null") (active ← \(a.expression))")
      } else {
        out.append(
          "! active ← \(a.expression) gives \(a.forSoftDeleted ?? "null") for a soft-deleted user and \(a.forActive ?? "null") for an active one: disables compute no change (RedundantExport)"
        )
      }
    } else {
      out.append("! active is not mapped: soft deletes, blocks and unassignments compute no change (RedundantExport)")
    }
    if !flows.contains("update") {
      out.append("! Update is not among the target object actions: no disable is ever sent")
    }
    if flows.contains("delete") {
      out.append("hard deletes of managed users are sent as DELETE")
    } else {
      out.append("! hard deletes are never sent: Delete is not among the target object actions")
    }
    for match in m.matching { out.append("users are matched on \(match)") }
    if m.scopeFilters > 0 { out.append("\(m.scopeFilters) scoping filter group(s) decide who is in scope") }
    return out + settingConsequences
  }

  var settingConsequences: [String] {
    var out: [String] = []
    if skipOutOfScopeDeletions == true {
      out.append(
        "! SkipOutOfScopeDeletions is True: users leaving scope (unassigned, removed from the group) are not disabled")
    }
    if syncAll == true {
      out.append("! scope is 'Sync all users and groups': unassigning a user does not take them out of scope")
    } else if syncAll == false {
      out.append("scope is 'Sync only assigned users and groups'")
    }
    return out
  }
}

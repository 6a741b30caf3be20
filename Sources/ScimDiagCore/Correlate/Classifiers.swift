/// Reads an audit activity as a change to the user's access.
package enum AuditClassifier {
  package static func kind(activity: String, accountEnabledChange: String?) -> AuditKind {
    switch activity.lowercased() {
    case "delete user": return .softDelete
    case "hard delete user": return .hardDelete
    case "remove app role assignment from user": return .unassign
    case "remove member from group": return .groupRemoval
    case "disable account": return .disable
    case "enable account": return .enable
    case "restore user": return .restore
    case "add app role assignment grant to user", "add app role assignment to user": return .assign
    case "add member to group": return .groupAdd
    case "update user":
      guard let change = accountEnabledChange?.lowercased(), let arrow = change.range(of: "→") else { return .other }
      let old = change[..<arrow.lowerBound]
      let new = change[arrow.upperBound...]
      if old.contains("true") && new.contains("false") { return .disable }
      if old.contains("false") && new.contains("true") { return .enable }
      return .other
    default: return .other
    }
  }
}

/// Reads what a SCIM write did to `active`.
package enum ScimClassifier {
  /// The op and value of the first operation that sets `active` (by path, or in a pathless
  /// value object), or the `active` of a PUT body.
  package static func activeChange(ops: [(String?, String?, String?)], bodyActive: String?) -> (String?, String)? {
    for (op, path, value) in ops {
      if path?.lowercased() == "active", let value { return (op, value) }
      if path == nil, let value, let object = try? JSONValue.parse(value), let active = object["active"] {
        return (op, active.jsonText)
      }
    }
    if let bodyActive { return (nil, bodyActive) }
    return nil
  }

  /// `false`, `"False"`, `"false"`.
  package static func isFalse(_ json: String?) -> Bool {
    guard let json else { return false }
    return json.lowercased() == "false" || json.lowercased() == "\"false\""
  }

  package static func isTrue(_ json: String?) -> Bool {
    guard let json else { return false }
    return json.lowercased() == "true" || json.lowercased() == "\"true\""
  }
}

/// A provisioning-job state change from the audit log.
package struct JobEvent: Sendable, Equatable {
  package var time: String
  package var activity: String
  package var ref: String
}

/// Facts about the whole tenant that findings depend on.
package struct TenantFacts: Sendable {
  package var hasAudit = false
  package var hasProvisioning = false
  package var hasScim = false
  package var logEnd: String?
  package var scimStart: String?
  package var scimEnd: String?
  package var appServicePrincipals: Set<String> = []
  package var jobEvents: [JobEvent] = []
  /// The job configuration snapshots, in export order.
  package var configs: [JobConfig] = []

  /// The configuration in force at `time`: the latest snapshot exported before it, else the
  /// earliest one (flagged `afterwards`, since it was exported after the event).
  package func config(at time: String) -> (config: JobConfig, afterwards: Bool)? {
    if let c = configs.last(where: { $0.exportedAt <= time }) { return (c, false) }
    return configs.first.map { ($0, true) }
  }

  /// Start times of the cycles the logs show (`CycleInference`), sorted.
  package var cycleStarts: [String] = []

  package init() {}

  /// The first cycle that started strictly after `time` (and before `limit`).
  package func firstCycle(after time: String, before limit: String? = nil) -> String? {
    var lo = 0
    var hi = cycleStarts.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if cycleStarts[mid] <= time { lo = mid + 1 } else { hi = mid }
    }
    guard lo < cycleStarts.count else { return nil }
    let t = cycleStarts[lo]
    if let limit, t >= limit { return nil }
    return t
  }

  /// The job state at `time`: the last pause/quarantine/resume event before it.
  package func jobState(at time: String) -> JobEvent? {
    jobEvents.last { $0.time <= time }
  }
}

extension String {
  /// Minutes from `self` (a normalised time) to `other`.
  package func minutes(to other: String) -> Double {
    guard let a = Timestamp.epochSeconds(self), let b = Timestamp.epochSeconds(other) else { return 0 }
    return (b - a) / 60
  }
}

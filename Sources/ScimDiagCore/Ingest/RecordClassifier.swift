import ScimDiagParsing

/// Decides, from its content alone, what one JSON record is and normalises it.
///
/// Order of checks: a diagnostic-settings wrapper (`category` + `properties`) is unwrapped
/// first; then provisioning (steps, action, cycle and change ids), a `provisionOnDemand`
/// response, audit (activity name, target resources), a HAR entry, a request-log line.
enum RecordClassifier {
  enum Outcome {
    case record(IngestRecord, shape: InputShape)
    case problem(String)
  }

  static func classify(_ value: JSONValue, container: String, forced: RecordKind?) -> Outcome {
    guard value.isObject else {
      return .problem("expected a JSON object for one record, found \(describe(value))")
    }
    var record = value
    var envelope: JSONValue?
    var categoryHint: String?
    if let props = value["properties"], props.isObject, let category = value["category"]?.text {
      envelope = value
      record = props
      categoryHint = category.lowercased()
    }
    let kind: RecordKind?
    let shape: InputShape
    if let forced {
      kind = forced
      shape = forced.shape
    } else if categoryHint == "provisioninglogs" || (categoryHint == nil && ProvisioningLogParser.matches(record)) {
      kind = .provisioning
      shape =
        envelope != nil
        ? .provisioningDiagnostic : laShape(record) ? .provisioningLogAnalytics : .provisioningGraph
    } else if categoryHint == "auditlogs" || (categoryHint == nil && AuditLogParser.matches(record)) {
      kind = .audit
      shape = envelope != nil ? .auditDiagnostic : laShape(record) ? .auditLogAnalytics : .auditGraph
    } else if let categoryHint {
      return .problem(
        "diagnostic-settings category '\(categoryHint)' is not read by scimdiag (expected ProvisioningLogs or AuditLogs)"
      )
    } else if forced == nil, let config = JobConfigParser.parse(record) {
      return .record(.jobConfig(config.record), shape: config.shape)
    } else if let onDemand = ProvisioningLogParser.onDemandRecord(record) {
      record = onDemand
      kind = .provisioning
      shape = .provisioningOnDemand
    } else if ScimRequestParser.matchesHAR(record) {
      kind = .har
      shape = .scimHAR
    } else if ScimRequestParser.matches(record) {
      kind = .scimJSON
      shape = .scimJSON
    } else {
      kind = nil
      shape = .provisioningGraph
    }
    do {
      switch kind {
      case .provisioning?:
        if let onDemand = ProvisioningLogParser.onDemandRecord(record) { record = onDemand }
        return .record(.provisioning(try ProvisioningLogParser.parse(record, envelope: envelope)), shape: shape)
      case .audit?:
        return .record(.audit(try AuditLogParser.parse(record, envelope: envelope)), shape: shape)
      case .har?:
        return .record(.scim(try ScimRequestParser.parse(harEntry: record)), shape: shape)
      case .scimJSON?:
        return .record(.scim(try ScimRequestParser.parse(jsonLine: record)), shape: shape)
      case .ncsa?, .csv?:
        return .problem("--format \(kind!.rawValue) reads text lines, but this record is JSON")
      case nil:
        let keys = record.objectKeys.prefix(6).joined(separator: ", ")
        return .problem(
          "an object that is not a provisioning, audit or SCIM request record (keys: \(keys)\(record.objectKeys.count > 6 ? ", …" : ""))"
        )
      }
    } catch let problem {
      let what = kind.map { $0 == .har || $0 == .scimJSON ? "SCIM request" : "\($0.rawValue) record" } ?? "record"
      switch problem {
      case .missing(let field): return .problem("\(what) without \(field)")
      case .invalid(let text): return .problem("\(what): \(text)")
      }
    }
  }

  /// Log Analytics rows carry `TimeGenerated` or nested values as JSON strings.
  private static func laShape(_ r: JSONValue) -> Bool {
    if r["TimeGenerated"] != nil { return true }
    if case .string? = r["provisioningSteps"] { return true }
    if case .string? = r["targetResources"] { return true }
    return false
  }

  static func describe(_ v: JSONValue) -> String {
    switch v {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}

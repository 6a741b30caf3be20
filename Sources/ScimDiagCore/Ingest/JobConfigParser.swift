import ScimDiagParsing

/// Recognises a provisioning job's configuration: the synchronization schema document
/// (`synchronizationRules`, also inside a job's `schema`), and job settings in the secrets-list
/// shape (`{"key": "SkipOutOfScopeDeletions", "value": "True"}`, alone, in an array or under
/// `value`), and a job object (`GET …/synchronization/jobs/{id}`: its status and
/// `synchronizationJobSettings`, kept as the `JobStatus` setting). Only settings scimdiag uses
/// keep their value (of `SyncNotificationSettings`, JSON in a string, only the threshold flags:
/// it also lists notification recipients); any other secret (tokens, passwords, the tenant
/// URL) is stored as REDACTED so nothing is dropped and nothing leaks.
package enum JobConfigParser {
  package static let knownSettings = [
    "SkipOutOfScopeDeletions", "SyncAll", "DeleteThresholdEnabled", "DeleteThresholdValue",
    "QuarantineTooManyDeletesThreshold", "SyncNotificationSettings",
  ]

  package static func parse(_ r: JSONValue) -> (record: JobConfigRecord, shape: InputShape)? {
    if r["synchronizationRules"]?.arrayValue != nil || r["schema"]?["synchronizationRules"]?.arrayValue != nil {
      // Keep the parts that matter and drop directory definitions (large, no deprovisioning facts).
      let schema = r["synchronizationRules"] != nil ? r : r["schema"]!
      let kept = JSONValue.object([
        ("synchronizationRules", schema["synchronizationRules"] ?? .array([])),
        ("version", schema["version"] ?? .null),
      ])
      return (JobConfigRecord(kind: .schema, name: "", value: kept.canonicalText), .jobSchema)
    }
    if let status = JobStatus(job: r) {
      return (JobConfigRecord(kind: .setting, name: "JobStatus", value: status.settingValue), .jobObject)
    }
    let keys = r.objectKeys.map { $0.lowercased() }
    if keys.count == 2, keys.contains("key"), keys.contains("value"), let key = r["key"]?.nonEmptyText,
      case .string(let value)? = r["value"]
    {
      if ProvisioningLogParser.onDemandRecord(r) != nil { return nil }
      let known = knownSettings.first { $0.lowercased() == key.lowercased() }
      var kept = known == nil ? Credentials.redacted : value
      if known == "SyncNotificationSettings" {
        var flags: [(String, JSONValue)] = []
        if case .object(let object)? = try? JSONValue.parse(value) {
          flags = object.pairs.filter { $0.0.lowercased().hasPrefix("deletethreshold") }
        }
        kept = JSONValue.object(JSONObject(flags)).canonicalText
      }
      return (JobConfigRecord(kind: .setting, name: known ?? key, value: kept), .jobSettings)
    }
    return nil
  }
}

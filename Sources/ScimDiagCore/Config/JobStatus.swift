import ScimDiagParsing

/// A synchronization job's state as Graph returns it (`GET …/synchronization/jobs/{id}`:
/// `status.code`, `status.quarantine`, `status.lastSuccessfulExecution`), kept as the
/// `JobStatus` setting of a configuration snapshot.
package struct JobStatus: Sendable, Equatable {
  /// `Active`, `Paused`, `Quarantine`, `NotRun`, `NotConfigured`, or what Graph adds later.
  package var code: String
  /// `TooManyDeletes`, `EncounteredQuarantineException`, … (reference §5.4).
  package var quarantineReason: String?
  package var quarantineSince: String?
  /// When the job last completed a cycle without error (normalised time).
  package var lastSuccess: String?
  /// The job's id (`scim.…`): the provisioning events' `jobId` tell whose app it is.
  package var jobId: String?

  /// True unless the job runs its cycles on schedule.
  package var notRunning: Bool { code.lowercased() != "active" }

  /// The setting's value: canonical JSON of the fields above.
  package var settingValue: String {
    var pairs: [(String, JSONValue)] = [("code", .string(code))]
    if let quarantineReason { pairs.append(("quarantineReason", .string(quarantineReason))) }
    if let quarantineSince { pairs.append(("quarantineSince", .string(quarantineSince))) }
    if let lastSuccess { pairs.append(("lastSuccess", .string(lastSuccess))) }
    if let jobId { pairs.append(("jobId", .string(jobId))) }
    return JSONValue.object(JSONObject(pairs)).canonicalText
  }

  package init(
    code: String, quarantineReason: String? = nil, quarantineSince: String? = nil, lastSuccess: String? = nil
  ) {
    self.code = code
    self.quarantineReason = quarantineReason
    self.quarantineSince = quarantineSince
    self.lastSuccess = lastSuccess
  }

  /// From a job object: nil when `r` is not one (no `status.code`).
  package init?(job r: JSONValue) {
    guard let status = r["status"], status.isObject, let code = status["code"]?.nonEmptyText,
      r["templateId"] != nil || r["schedule"] != nil || r["synchronizationJobSettings"] != nil
    else { return nil }
    self.code = code
    quarantineReason = status["quarantine"]?["reason"]?.nonEmptyText
    quarantineSince = status["quarantine"]?["currentBegan"]?.nonEmptyText.flatMap(Timestamp.normalize)
    let last = status["lastSuccessfulExecution"]?["timeEnded"] ?? status["lastSuccessfulExecution"]?["timeBegan"]
    lastSuccess = last?.nonEmptyText.flatMap(Timestamp.normalize)
    jobId = r["id"]?.nonEmptyText
  }

  /// From the `JobStatus` setting's value.
  package init?(setting value: String) {
    guard let v = try? JSONValue.parse(value), let code = v["code"]?.nonEmptyText else { return nil }
    self.init(
      code: code, quarantineReason: v["quarantineReason"]?.nonEmptyText,
      quarantineSince: v["quarantineSince"]?.nonEmptyText, lastSuccess: v["lastSuccess"]?.nonEmptyText)
    jobId = v["jobId"]?.nonEmptyText
  }
}

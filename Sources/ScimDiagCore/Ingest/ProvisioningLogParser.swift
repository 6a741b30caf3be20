import ScimDiagParsing

/// Turns one Entra provisioning record (`provisioningObjectSummary`) into a `ProvisioningEvent`.
///
/// Shapes read (keys matched case-insensitively, ignoring `_`, `-` and spaces):
/// - Graph v1.0 and beta (`GET /auditLogs/provisioning`, portal JSON download): `id`,
///   `activityDateTime`, `tenantId`, `jobId`, `cycleId`, `changeId`, `provisioningAction` or
///   beta `action`, `provisioningStatusInfo{status, errorInformation{errorCode, reason,
///   errorCategory}}` or beta `statusInfo`, `durationInMilliseconds`, `servicePrincipal`,
///   `sourceSystem`, `targetSystem`, `initiatedBy`, `sourceIdentity`, `targetIdentity`,
///   `provisioningSteps[]{name, provisioningStepType, status, description, details}`,
///   `modifiedProperties[]{displayName, oldValue, newValue}`.
/// - Diagnostic settings (Event Hub, storage): the same inside `properties`, with `Id`/`Name`/
///   `Type`, numeric step types and statuses, `time`, `resultType` and `durationMs` outside.
/// - Log Analytics `AADProvisioningLogs` rows (JSON or CSV): PascalCase columns whose nested
///   values are JSON inside strings; `TimeGenerated`, `ResultType`, `ResultSignature`,
///   `ResultDescription`, `DurationMs`, `AADTenantId`.
/// - `provisionOnDemand` responses: `key` and `value` holding JSON strings.
package enum ProvisioningLogParser {
  /// Reasons a record cannot be read.
  package enum Problem: Error, Equatable {
    case missing(String)
    case invalid(String)
  }

  // Field names tried in order (see docs/formats.md).
  private static let timeKeys: KeyPaths = ["activityDateTime", "TimeGenerated", "endTime", "startTime", "time"]
  private static let typeKeys: KeyPaths = ["identityType", "type"]
  private static let nameKeys: KeyPaths = ["displayName", "name"]

  /// True when the object looks like a provisioning record of any known shape.
  package static func matches(_ record: JSONValue) -> Bool {
    record["provisioningSteps"] != nil || record["provisioningAction"] != nil
      || (record["cycleId"] != nil && record["changeId"] != nil) || record["provisioningStatusInfo"] != nil
  }

  /// A `provisionOnDemand` response (`{"key": "<json>", "value": "<json>"}`) unwrapped into a
  /// record, or nil when the object is not one.
  package static func onDemandRecord(_ record: JSONValue) -> JSONValue? {
    guard case .string = record["value"], case .string = record["key"] else { return nil }
    let value = record["value"]!.unwrapped
    guard value.isObject, matches(value) else { return nil }
    guard case .object(var object) = value else { return nil }
    object.append(("@scimdiag.onDemandKey", record["key"]!.unwrapped))
    return .object(object)
  }

  /// Normalises one record (already unwrapped from any diagnostic-settings envelope, whose
  /// outer object is passed as `envelope`).
  package static func parse(_ r: JSONValue, envelope: JSONValue? = nil) throws(Problem) -> ProvisioningEvent {
    let onDemandKey = r["@scimdiag.onDemandKey"]
    guard
      let id = r["id"]?.nonEmptyText ?? envelope?["identity"]?.nonEmptyText
        ?? (onDemandKey != nil ? r["changeId"]?.nonEmptyText : nil)
    else { throw .missing("id") }
    let timeValue =
      r.first(timeKeys) ?? envelope?["time"]
    guard let timeText = timeValue?.nonEmptyText else { throw .missing("activityDateTime") }
    guard let time = Timestamp.normalize(timeText) else {
      throw .invalid("activityDateTime '\(timeText.prefix(40))' is not a timestamp")
    }

    let statusInfo = (r["provisioningStatusInfo"] ?? r["statusInfo"])?.unwrapped
    let legacyStatus = r["statusInfo"]?.unwrapped
    let errorInfo = statusInfo?["errorInformation"]?.unwrapped
    let keyDetails = onDemandKey?["details"]
    let statusValue =
      statusInfo?["status"] ?? legacyStatus?["status"] ?? envelope?["resultType"] ?? r["ResultType"]
      ?? onDemandKey?["result"]
    let actionValue = r["provisioningAction"] ?? r["action"]

    var event = ProvisioningEvent(
      id: id, activityTime: time,
      tenantId: r["AADTenantId"]?.nonEmptyText ?? r["tenantId"]?.nonEmptyText ?? envelope?["tenantId"]?.nonEmptyText,
      jobId: r["jobId"]?.nonEmptyText, cycleId: r["cycleId"]?.nonEmptyText,
      changeId: r["changeId"]?.nonEmptyText ?? envelope?["correlationId"]?.nonEmptyText,
      action: EnumNormalizer.normalize(actionValue) ?? "unknown",
      actionRaw: actionValue?.text,
      status: EnumNormalizer.normalize(statusValue, codes: EnumNormalizer.results) ?? "unknown",
      statusRaw: statusValue?.text)
    event.errorCode =
      errorInfo?["errorCode"]?.nonEmptyText ?? legacyStatus?["errorCode"]?.nonEmptyText
      ?? r["ResultSignature"]?.nonEmptyText.flatMap { $0 == "None" ? nil : $0 }
      ?? keyDetails?["errorCode"]?.nonEmptyText
    event.errorReason =
      errorInfo?["reason"]?.nonEmptyText ?? legacyStatus?["reason"]?.nonEmptyText
      ?? r["ResultDescription"]?.nonEmptyText ?? keyDetails?["errorMessage"]?.nonEmptyText
    event.errorCategory = errorInfo?["errorCategory"]?.nonEmptyText ?? legacyStatus?["errorCategory"]?.nonEmptyText
    let duration = r["durationInMilliseconds"] ?? r["DurationMs"] ?? envelope?["durationMs"]
    event.durationMs = duration?.text.flatMap { Double($0) }.map { Int64($0) }

    readIdentities(r, into: &event)
    readSteps(r, into: &event)
    event.sourceUPN = userPrincipalName(
      of: event, source: r["sourceIdentity"]?.unwrapped, record: r, steps: r["provisioningSteps"]?.unwrapped)
    return event
  }

  /// The service principal, source and target systems, initiator, and the source and target
  /// identities.
  private static func readIdentities(_ r: JSONValue, into event: inout ProvisioningEvent) {
    let sp = r["servicePrincipal"]?.unwrapped
    event.servicePrincipalId = sp.flatMap(identityID)
    event.servicePrincipalName = sp.flatMap(identityName)
    event.sourceSystem = (r["sourceSystem"]?.unwrapped).flatMap(systemName)
    event.targetSystem = (r["targetSystem"]?.unwrapped).flatMap(systemName)
    if event.servicePrincipalId == nil {
      event.servicePrincipalId = r["targetSystem"]?.unwrapped["details"]?["ServicePrincipalId"]?.nonEmptyText
    }
    event.initiatedBy = (r["initiatedBy"]?.unwrapped).flatMap(identityName)

    let source = r["sourceIdentity"]?.unwrapped
    event.sourceId = source.flatMap(identityID)
    event.sourceName = source.flatMap(identityName)
    event.sourceType = source?.first(typeKeys)?.nonEmptyText
    let target = r["targetIdentity"]?.unwrapped
    event.targetId = target.flatMap(identityID)
    event.targetName = target.flatMap(identityName)
    event.targetType = target?.first(typeKeys)?.nonEmptyText
  }

  /// The provisioning steps and modified properties.
  private static func readSteps(_ r: JSONValue, into event: inout ProvisioningEvent) {
    for step in r["provisioningSteps"]?.unwrapped.arrayValue ?? [] {
      let details = step["details"]?.unwrapped
      let detailsText: String?
      if case .object(let pairs)? = details, !pairs.isEmpty {
        detailsText = details!.canonicalText
      } else {
        detailsText = nil
      }
      let typeValue = step["provisioningStepType"] ?? step["type"] ?? step["stepType"]
      event.steps.append(
        ProvisioningStep(
          name: step["name"]?.nonEmptyText,
          type: EnumNormalizer.normalize(typeValue, codes: EnumNormalizer.stepTypes), typeRaw: typeValue?.text,
          status: EnumNormalizer.normalize(step["status"], codes: EnumNormalizer.results),
          statusRaw: step["status"]?.text, description: step["description"]?.nonEmptyText,
          details: detailsText, skipReason: details?["SkipReason"]?.nonEmptyText,
          reportableIdentifier: details?["ReportableIdentifier"]?.nonEmptyText))
    }
    for prop in r["modifiedProperties"]?.unwrapped.arrayValue ?? [] {
      guard let name = prop.first(nameKeys)?.nonEmptyText else { continue }
      event.modifiedProperties.append(
        ModifiedProperty(name: name, oldValue: prop["oldValue"]?.text, newValue: prop["newValue"]?.text))
    }
  }

  private static func identityID(_ v: JSONValue) -> String? { v["id"]?.nonEmptyText }

  private static func identityName(_ v: JSONValue) -> String? {
    if case .string(let s) = v { return s.isEmpty ? nil : s }
    return v.first(nameKeys)?.nonEmptyText
  }

  private static func systemName(_ v: JSONValue) -> String? { identityName(v) }

  /// The source user's UPN from identity details, import-step details, modified properties or
  /// the reportable identifier, in that order.
  private static func userPrincipalName(
    of e: ProvisioningEvent, source: JSONValue?, record: JSONValue, steps: JSONValue?
  )
    -> String?
  {
    if let upn = source?["details"]?["UserPrincipalName"]?.nonEmptyText { return upn }
    for (i, step) in e.steps.enumerated() where step.type == "import" {
      if let upn = steps?.arrayValue?[i]["details"]?.unwrapped["userPrincipalName"]?.nonEmptyText { return upn }
    }
    if let p = e.modifiedProperties.first(where: { $0.name.lowercased() == "userprincipalname" }) {
      return p.newValue ?? p.oldValue
    }
    return record["reportableIdentifier"]?.nonEmptyText
  }
}

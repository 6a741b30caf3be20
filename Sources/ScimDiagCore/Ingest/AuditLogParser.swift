import ScimDiagParsing

/// Turns one Entra directory audit record (`directoryAudit`) into an `AuditEvent`.
///
/// Shapes read (keys matched case-insensitively): Graph `GET /auditLogs/directoryAudits`
/// pages and portal JSON (`id`, `activityDateTime`, `activityDisplayName`, `category`,
/// `operationType`, `result`, `resultReason`, `loggedByService`, `correlationId`,
/// `initiatedBy{user, app}`, `additionalDetails[]`, `targetResources[]{id, displayName, type,
/// userPrincipalName, groupType, modifiedProperties[]}`); diagnostic-settings records (the same
/// inside `properties`); Log Analytics `AuditLogs` rows (`TimeGenerated`, `OperationName`,
/// `AADOperationType`, and `InitiatedBy`/`TargetResources`/`AdditionalDetails` as JSON strings).
/// Modified-property values are kept exactly as exported (JSON inside strings).
package enum AuditLogParser {
  // Field names tried in order (see docs/formats.md).
  private static let timeKeys: KeyPaths = ["activityDateTime", "TimeGenerated", "time"]

  /// True when the object looks like an audit record.
  package static func matches(_ record: JSONValue) -> Bool {
    record["activityDisplayName"] != nil || record["targetResources"] != nil
      || (record["OperationName"] != nil && record["AADOperationType"] != nil)
  }

  package static func parse(_ r: JSONValue, envelope: JSONValue? = nil) throws(ProvisioningLogParser.Problem)
    -> AuditEvent
  {
    guard let id = r["id"]?.nonEmptyText else { throw .missing("id") }
    let timeValue = r.first(timeKeys) ?? envelope?["time"]
    guard let timeText = timeValue?.nonEmptyText else { throw .missing("activityDateTime") }
    guard let time = Timestamp.normalize(timeText) else {
      throw .invalid("activityDateTime '\(timeText.prefix(40))' is not a timestamp")
    }
    guard
      let activity = r["activityDisplayName"]?.nonEmptyText ?? r["OperationName"]?.nonEmptyText
        ?? envelope?["operationName"]?.nonEmptyText
    else { throw .missing("activityDisplayName") }
    var event = AuditEvent(id: id, activityTime: time, activity: activity)
    event.category = r["category"]?.nonEmptyText
    event.operationType = (r["operationType"] ?? r["AADOperationType"])?.nonEmptyText
    event.result = EnumNormalizer.normalize(r["result"] ?? r["ResultType"])
    event.resultReason = (r["resultReason"] ?? r["ResultDescription"])?.nonEmptyText
    event.loggedByService = r["loggedByService"]?.nonEmptyText
    event.correlationId = r["correlationId"]?.nonEmptyText ?? envelope?["correlationId"]?.nonEmptyText
    if let initiator = r["initiatedBy"]?.unwrapped, initiator.isObject {
      event.initiatedBy = initiator.canonicalText
      event.initiatedByUserId = initiator["user"]?["id"]?.nonEmptyText
      event.initiatedByUPN = initiator["user"]?["userPrincipalName"]?.nonEmptyText
      event.initiatedByApp = initiator["app"]?["displayName"]?.nonEmptyText
    }
    if let details = r["additionalDetails"]?.unwrapped, details.arrayValue?.isEmpty == false {
      event.additionalDetails = details.canonicalText
    }
    for target in r["targetResources"]?.unwrapped.arrayValue ?? [] {
      var t = AuditTarget(
        id: target["id"]?.nonEmptyText, displayName: target["displayName"]?.nonEmptyText,
        type: target["type"]?.nonEmptyText, userPrincipalName: target["userPrincipalName"]?.nonEmptyText,
        groupType: target["groupType"]?.nonEmptyText)
      for prop in target["modifiedProperties"]?.unwrapped.arrayValue ?? [] {
        guard let name = prop["displayName"]?.nonEmptyText else { continue }
        t.modifiedProperties.append(
          ModifiedProperty(name: name, oldValue: prop["oldValue"]?.text, newValue: prop["newValue"]?.text))
      }
      event.targets.append(t)
    }
    return event
  }
}

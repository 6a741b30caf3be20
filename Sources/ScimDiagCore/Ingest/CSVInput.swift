import Foundation
import ScimDiagParsing

/// Reads CSV exports: Log Analytics `AADProvisioningLogs` and `AuditLogs` (PascalCase columns,
/// nested values as JSON inside cells) and the Entra portal's three provisioning CSV files
/// (logs, steps, modified properties, joined on change ID).
///
/// Headers are matched by name, ignoring case, spaces, punctuation and a bracketed suffix such
/// as ` [UTC]` or ` (ms)`; each kind has a list of synonyms (docs/formats.md). A header that no
/// list knows is an error naming it: scimdiag does not drop columns silently.
struct CSVInput {
  let reader: JSONReader
  let sink: RecordSink
  let header: String

  enum Kind: String {
    case logAnalyticsProvisioning = "provisioning-log-analytics"
    case logAnalyticsAudit = "audit-log-analytics"
    case portalLogs = "provisioning-portal-csv"
    case portalSteps = "provisioning-portal-csv-steps"
    case portalProperties = "provisioning-portal-csv-modified-properties"

    var shape: InputShape {
      switch self {
      case .logAnalyticsProvisioning: return .provisioningLogAnalytics
      case .logAnalyticsAudit: return .auditLogAnalytics
      case .portalLogs: return .provisioningPortalCSV
      case .portalSteps: return .provisioningPortalCSVSteps
      case .portalProperties: return .provisioningPortalCSVModifiedProperties
      }
    }
  }

  /// Folds a header: drops `[...]`/`(...)` parts, keeps lowercase letters and digits.
  static func fold(_ header: String) -> String {
    String(strip(header).lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
  }

  /// A header without a bracketed suffix: `TimeGenerated [UTC]` → `TimeGenerated`.
  static func strip(_ header: String) -> String {
    var out = ""
    var depth = 0
    for ch in header {
      if ch == "[" || ch == "(" {
        depth += 1
      } else if ch == "]" || ch == ")" {
        depth = max(0, depth - 1)
      } else if depth == 0 {
        out.append(ch)
      }
    }
    return out.trimmingSpaces
  }

  /// Log Analytics columns (documented table schemas plus workspace metadata).
  static let logAnalyticsProvisioningColumns: Set<String> = Set(
    [
      "AADTenantId", "_BilledSize", "Category", "ChangeId", "CorrelationId", "CycleId", "DurationMs", "Id",
      "InitiatedBy", "_IsBillable", "JobId", "ModifiedProperties", "OperationName", "OperationVersion",
      "ProvisioningAction", "Action", "ProvisioningStatusInfo", "ProvisioningSteps", "ResultDescription",
      "ResultSignature", "ResultType", "ServicePrincipal", "SourceIdentity", "SourceSystem", "TargetIdentity",
      "TargetSystem", "TenantId", "TimeGenerated", "Type", "ActivityDateTime", "_ResourceId", "_SubscriptionId",
      "_ItemId", "_TimeReceived", "_Internal_WorkspaceResourceId",
    ].map(fold))
  static let logAnalyticsAuditColumns: Set<String> = Set(
    [
      "AADOperationType", "AADTenantId", "ActivityDateTime", "ActivityDisplayName", "AdditionalDetails", "Category",
      "CorrelationId", "DurationMs", "Id", "Identity", "InitiatedBy", "Level", "Location", "LoggedByService",
      "OperationName", "OperationVersion", "Resource", "ResourceGroup", "ResourceId", "ResourceProvider", "Result",
      "ResultDescription", "ResultReason", "ResultSignature", "ResultType", "SourceSystem", "TargetResources",
      "TenantId", "TimeGenerated", "Type", "_BilledSize", "_IsBillable", "_ResourceId", "_SubscriptionId",
      "_ItemId", "_TimeReceived", "_Internal_WorkspaceResourceId",
    ].map(fold))

  /// Portal logs file: folded header → path in a Graph-shaped record.
  static let portalLogColumns: [String: String] = [
    "id": "id", "requestid": "id", "activityid": "id", "provisioningid": "id",
    "date": "activityDateTime", "datetime": "activityDateTime", "activitydatetime": "activityDateTime",
    "time": "activityDateTime", "timestamp": "activityDateTime",
    "jobid": "jobId", "cycleid": "cycleId", "changeid": "changeId", "tenantid": "tenantId",
    "action": "provisioningAction", "provisioningaction": "provisioningAction",
    "status": "provisioningStatusInfo.status", "provisioningstatus": "provisioningStatusInfo.status",
    "result": "provisioningStatusInfo.status",
    "errorcode": "provisioningStatusInfo.errorInformation.errorCode",
    "statusreason": "provisioningStatusInfo.errorInformation.reason",
    "reason": "provisioningStatusInfo.errorInformation.reason",
    "errorreason": "provisioningStatusInfo.errorInformation.reason",
    "errordescription": "provisioningStatusInfo.errorInformation.reason",
    "errorcategory": "provisioningStatusInfo.errorInformation.errorCategory",
    "recommendedaction": "provisioningStatusInfo.errorInformation.recommendedAction",
    "duration": "durationInMilliseconds", "durationms": "durationInMilliseconds",
    "durationinmilliseconds": "durationInMilliseconds",
    "sourcesystem": "sourceSystem.displayName", "source": "sourceSystem.displayName",
    "sourcesystemid": "sourceSystem.id",
    "targetsystem": "targetSystem.displayName", "target": "targetSystem.displayName",
    "targetsystemid": "targetSystem.id",
    "serviceprincipalid": "servicePrincipal.id", "serviceprincipalname": "servicePrincipal.displayName",
    "serviceprincipal": "servicePrincipal.displayName", "application": "servicePrincipal.displayName",
    "initiatedby": "initiatedBy.displayName",
    "sourceid": "sourceIdentity.id", "sourceidentityid": "sourceIdentity.id",
    "sourcename": "sourceIdentity.displayName", "sourcedisplayname": "sourceIdentity.displayName",
    "sourceidentityname": "sourceIdentity.displayName", "identity": "sourceIdentity.displayName",
    "displayname": "sourceIdentity.displayName",
    "sourceidentitytype": "sourceIdentity.identityType", "sourcetype": "sourceIdentity.identityType",
    "identitytype": "sourceIdentity.identityType", "type": "sourceIdentity.identityType",
    "userprincipalname": "sourceIdentity.details.UserPrincipalName", "upn": "sourceIdentity.details.UserPrincipalName",
    "targetid": "targetIdentity.id", "targetidentityid": "targetIdentity.id",
    "targetname": "targetIdentity.displayName", "targetdisplayname": "targetIdentity.displayName",
    "targetidentityname": "targetIdentity.displayName",
    "targetidentitytype": "targetIdentity.identityType", "targettype": "targetIdentity.identityType",
  ]
  static let portalStepColumns: [String: String] = [
    "changeid": "changeId", "step": "index", "stepnumber": "index", "stepindex": "index", "order": "index",
    "name": "name", "stepname": "name", "type": "type", "steptype": "type", "provisioningsteptype": "type",
    "status": "status", "stepstatus": "status", "result": "status", "description": "description",
    "stepdescription": "description", "details": "details", "stepdetails": "details", "timestamp": "timestamp",
    "date": "timestamp", "id": "eventId", "requestid": "eventId",
  ]
  static let portalPropertyColumns: [String: String] = [
    "changeid": "changeId", "name": "name", "displayname": "name", "propertyname": "name", "property": "name",
    "attribute": "name", "attributename": "name", "oldvalue": "oldValue", "newvalue": "newValue",
    "id": "eventId", "requestid": "eventId",
  ]

  static func kind(of folded: [String]) -> Kind? {
    let set = Set(folded)
    if set.contains("provisioningsteps") || (set.contains("timegenerated") && set.contains("cycleid")) {
      return .logAnalyticsProvisioning
    }
    if set.contains("targetresources") || (set.contains("operationname") && set.contains("aadoperationtype")) {
      return .logAnalyticsAudit
    }
    guard set.contains("changeid") else { return nil }
    if set.contains("oldvalue") || set.contains("newvalue") { return .portalProperties }
    if !set.isDisjoint(with: ["stepname", "steptype", "provisioningsteptype", "stepnumber", "stepindex"])
      || (set.contains("description") && !set.contains("action") && !set.contains("provisioningaction"))
    {
      return .portalSteps
    }
    return .portalLogs
  }

  static func looksLikeHeader(_ line: String) -> Bool {
    kind(of: splitFields(line).map(fold)) != nil
  }

  /// True for a portal steps or modified-properties CSV (ingested after the logs file).
  static func sniffIsPortalChild(path: String) -> Bool {
    guard let source = try? ByteSource(path: path) else { return false }
    let reader = JSONReader(source: source, path: path)
    guard let bytes = try? reader.readLineBytes(limit: 1 << 16) else { return false }
    let k = kind(of: splitFields(String(decoding: bytes, as: UTF8.self)).map(fold))
    return k == .portalSteps || k == .portalProperties
  }

  /// Splits one CSV record (RFC 4180: quotes, doubled quotes, embedded line ends).
  static func splitFields(_ record: String) -> [String] {
    var fields: [String] = []
    var current: [UInt8] = []
    var inQuotes = false
    let bytes = Array(record.utf8)
    var i = 0
    let separator: UInt8 = bytes.contains(UInt8(ascii: ",")) || !bytes.contains(0x09) ? UInt8(ascii: ",") : 0x09
    while i < bytes.count {
      let b = bytes[i]
      if inQuotes {
        if b == UInt8(ascii: "\"") {
          if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
            current.append(b)
            i += 1
          } else {
            inQuotes = false
          }
        } else {
          current.append(b)
        }
      } else if b == UInt8(ascii: "\"") && current.isEmpty {
        inQuotes = true
      } else if b == separator {
        fields.append(String(decoding: current, as: UTF8.self))
        current.removeAll(keepingCapacity: true)
      } else {
        current.append(b)
      }
      i += 1
    }
    fields.append(String(decoding: current, as: UTF8.self))
    return fields
  }

  /// Reads the next CSV record, joining physical lines while a quoted field is open.
  private func nextRecord() throws -> (text: String, line: Int)? {
    guard let first = try reader.readNumberedLine() else { return nil }
    var bytes = first.bytes
    let line = first.line
    var quotes = bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\"") ? 1 : 0) }
    while quotes % 2 == 1, let more = try reader.readLineBytes() {
      bytes.append(0x0A)
      bytes += more
      quotes += more.reduce(0) { $0 + ($1 == UInt8(ascii: "\"") ? 1 : 0) }
    }
    if let nul = bytes.firstIndex(of: 0) {
      throw ScimDiagError.notText(path: sink.path, location: FilePosition(line: line, column: nul + 1))
    }
    return (String(decoding: bytes, as: UTF8.self), line)
  }

  func run() throws {
    let names = CSVInput.splitFields(header)
    let folded = names.map(CSVInput.fold)
    guard let kind = CSVInput.kind(of: folded) else {
      throw ScimDiagError.unknownShape(
        path: sink.path, location: FilePosition(line: 1, column: 1), found: "a CSV header that names no known export")
    }
    sink.setContainer("csv")
    let known: (String) -> Bool
    switch kind {
    case .logAnalyticsProvisioning: known = { CSVInput.logAnalyticsProvisioningColumns.contains($0) }
    case .logAnalyticsAudit: known = { CSVInput.logAnalyticsAuditColumns.contains($0) }
    case .portalLogs: known = { CSVInput.portalLogColumns[$0] != nil }
    case .portalSteps: known = { CSVInput.portalStepColumns[$0] != nil }
    case .portalProperties: known = { CSVInput.portalPropertyColumns[$0] != nil }
    }
    // Exports gain columns over time: an unknown one is said once and never refuses the file.
    // Their values are kept with each row's place (`record_extras`).
    let unknownColumns = zip(names, folded).enumerated().filter { !$0.element.1.isEmpty && !known($0.element.1) }
      .map { (index: $0.offset, name: CSVInput.strip($0.element.0)) }
    let unknown = unknownColumns.map(\.name)
    if !unknown.isEmpty {
      sink.summary.warnings.append(
        "\(unknown.count == 1 ? "column" : "columns") \(unknown.map { "'\($0)'" }.joined(separator: ", ")) of this \(kind.rawValue) export \(unknown.count == 1 ? "is" : "are") not one scimdiag reads; \(unknown.count == 1 ? "its values are" : "their values are") kept in the store with each row's line (table record_extras)"
      )
    }
    var childCounts: [String: Int] = [:]
    while let (text, line) = try nextRecord() {
      if text.trimmingSpaces.isEmpty { continue }
      let location = FilePosition(line: line, column: 1)
      // Log Analytics writes `(blank)` for an empty cell.
      let fields = CSVInput.splitFields(text).map { $0 == "(blank)" ? "" : $0 }
      guard fields.count == names.count else {
        try sink.reject(
          location: location, reason: "expected \(names.count) CSV fields as in the header, found \(fields.count)",
          excerpt: text)
        continue
      }
      for column in unknownColumns where !fields[column.index].isEmpty {
        try sink.writer.extra(sourceId: sink.sourceId, line: line, name: column.name, value: fields[column.index])
      }
      switch kind {
      case .logAnalyticsProvisioning, .logAnalyticsAudit:
        let row = JSONValue.object(
          JSONObject(zip(names, fields).map { (CSVInput.strip($0), $1.isEmpty ? .null : .string($1)) }))
        let outcome = RecordClassifier.classify(
          row, container: "csv", forced: kind == .logAnalyticsAudit ? .audit : .provisioning)
        try deliver(outcome, shape: kind.shape, location: location, text: text)
      case .portalLogs:
        var row = JSONValue.object([])
        for (f, value) in zip(folded, fields) where !value.isEmpty {
          if let path = CSVInput.portalLogColumns[f] { row = row.setting(path, .string(value)) }
        }
        let outcome = RecordClassifier.classify(row, container: "csv", forced: .provisioning)
        try deliver(outcome, shape: kind.shape, location: location, text: text)
      case .portalSteps, .portalProperties:
        let columns = kind == .portalSteps ? CSVInput.portalStepColumns : CSVInput.portalPropertyColumns
        var values: [String: String] = [:]
        for (f, value) in zip(folded, fields) where !value.isEmpty {
          if let key = columns[f] { values[key] = value }
        }
        try child(kind: kind, values: values, counts: &childCounts, location: location, text: text)
      }
    }
  }

  private func deliver(_ outcome: RecordClassifier.Outcome, shape: InputShape, location: FilePosition, text: String)
    throws
  {
    switch outcome {
    case .record(let record, _): try sink.accept(record, shape: shape, location: location)
    case .problem(let reason): try sink.reject(location: location, reason: reason, excerpt: text)
    }
  }

  /// A step or modified-property row, attached to the event with its change ID.
  private func child(
    kind: Kind, values: [String: String], counts: inout [String: Int], location: FilePosition, text: String
  )
    throws
  {
    guard let changeId = values["changeId"] else {
      try sink.reject(location: location, reason: "row without a change ID", excerpt: text)
      return
    }
    let eventId = values["eventId"]
    let events = try sink.writer.eventSeqs(id: eventId, changeId: changeId)
    guard events.count == 1 else {
      let missing = eventId.map { "ID \($0)" } ?? "change ID \(changeId)"
      try sink.reject(
        location: location,
        reason: events.isEmpty
          ? "no provisioning event with \(missing) in the store; ingest the portal's ProvisioningLogs CSV with this file"
          : "change ID \(changeId) belongs to \(events.count) provisioning events; add an ID column to tell them apart",
        excerpt: text)
      return
    }
    let index = counts[changeId, default: 0]
    counts[changeId] = index + 1
    let isNew: Bool
    if kind == .portalSteps {
      let details = values["details"].map(CSVInput.detailsObject)
      let step = ProvisioningStep(
        name: values["name"],
        type: values["type"].map { EnumNormalizer.normalize(.string($0), codes: EnumNormalizer.stepTypes)! },
        typeRaw: values["type"],
        status: values["status"].map { EnumNormalizer.normalize(.string($0), codes: EnumNormalizer.results)! },
        statusRaw: values["status"], description: values["description"], details: details?.canonicalText,
        skipReason: details?["SkipReason"]?.nonEmptyText,
        reportableIdentifier: details?["ReportableIdentifier"]?.nonEmptyText)
      isNew = try sink.writer.insertStep(step, eventSeq: events[0], index: index)
    } else {
      guard let name = values["name"] else {
        try sink.reject(location: location, reason: "modified-property row without a property name", excerpt: text)
        return
      }
      isNew = try sink.writer.insertProperty(
        ModifiedProperty(name: name, oldValue: values["oldValue"], newValue: values["newValue"]), eventSeq: events[0],
        index: index)
    }
    try sink.acceptChild(isNew: isNew, shape: kind.shape)
  }

  /// Step details from a cell: a JSON object, or `Key: value` / `Key = value` pairs separated
  /// by line ends, semicolons or commas.
  static func detailsObject(_ cell: String) -> JSONValue {
    let parsed = JSONValue.string(cell).unwrapped
    if parsed.isObject { return parsed }
    var pairs: [(String, JSONValue)] = []
    for part in cell.split(whereSeparator: { $0 == "\n" || $0 == ";" || $0 == "," }) {
      let piece = String(part)
      guard let sep = piece.firstIndex(where: { $0 == ":" || $0 == "=" }) else { continue }
      let key = String(piece[..<sep]).trimmingSpaces
      let value = String(piece[piece.index(after: sep)...]).trimmingSpaces
      if !key.isEmpty { pairs.append((key, .string(value))) }
    }
    return pairs.isEmpty ? .object([("Details", .string(cell))]) : .object(JSONObject(pairs))
  }
}

extension JSONValue {
  /// A copy with `value` set at a dotted path, creating objects on the way.
  func setting(_ path: String, _ value: JSONValue) -> JSONValue {
    let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
    guard case .object(let object) = self else { return self }
    var pairs = object.pairs
    if parts.count == 1 {
      pairs.removeAll { $0.0 == parts[0] }
      pairs.append((parts[0], value))
      return .object(JSONObject(pairs))
    }
    let existing = pairs.first { $0.0 == parts[0] }?.1 ?? .object([])
    pairs.removeAll { $0.0 == parts[0] }
    pairs.append((parts[0], existing.setting(parts[1], value)))
    return .object(JSONObject(pairs))
  }
}

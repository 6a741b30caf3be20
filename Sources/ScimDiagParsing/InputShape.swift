/// Every input shape scimdiag reads: the registry from which detection reports a record's
/// shape (the `format` in `sources`), and from which `ingest --help`, the "not a known export
/// shape" error and docs/formats.md's list are written. The raw values are stable: they are
/// stored in `sources.format`.
package enum InputShape: String, CaseIterable, Sendable {
  case provisioningGraph = "provisioning-graph"
  case provisioningDiagnostic = "provisioning-diagnostic"
  case provisioningLogAnalytics = "provisioning-log-analytics"
  case provisioningOnDemand = "provisioning-on-demand"
  case provisioningPortalCSV = "provisioning-portal-csv"
  case provisioningPortalCSVSteps = "provisioning-portal-csv-steps"
  case provisioningPortalCSVModifiedProperties = "provisioning-portal-csv-modified-properties"
  case auditGraph = "audit-graph"
  case auditDiagnostic = "audit-diagnostic"
  case auditLogAnalytics = "audit-log-analytics"
  case scimJSON = "scim-json"
  case scimNCSA = "scim-ncsa"
  case scimHAR = "scim-har"
  case jobSchema = "job-schema"
  case jobSettings = "job-settings"
  case jobObject = "job-object"

  /// The source a shape belongs to.
  package enum Source: String, CaseIterable, Sendable {
    case provisioning = "Entra provisioning logs"
    case audit = "Entra audit logs"
    case scim = "SCIM request log"
    case configuration = "provisioning job configuration"
  }

  package var source: Source {
    switch self {
    case .provisioningGraph, .provisioningDiagnostic, .provisioningLogAnalytics, .provisioningOnDemand,
      .provisioningPortalCSV, .provisioningPortalCSVSteps, .provisioningPortalCSVModifiedProperties:
      return .provisioning
    case .auditGraph, .auditDiagnostic, .auditLogAnalytics: return .audit
    case .scimJSON, .scimNCSA, .scimHAR: return .scim
    case .jobSchema, .jobSettings, .jobObject: return .configuration
    }
  }

  /// What a user exported to get this shape.
  package var title: String {
    switch self {
    case .provisioningGraph: return "Graph /auditLogs/provisioning pages (v1.0, beta), portal JSON"
    case .provisioningDiagnostic: return "diagnostic-settings export: Event Hub lines, storage {\"records\": […]}"
    case .provisioningLogAnalytics: return "Log Analytics AADProvisioningLogs, JSON or CSV"
    case .provisioningOnDemand: return "provisionOnDemand responses"
    case .provisioningPortalCSV: return "portal CSV download: the provisioning logs file"
    case .provisioningPortalCSVSteps: return "portal CSV download: the steps file"
    case .provisioningPortalCSVModifiedProperties: return "portal CSV download: the modified properties file"
    case .auditGraph: return "Graph /auditLogs/directoryAudits pages, portal JSON"
    case .auditDiagnostic: return "diagnostic-settings export: Event Hub lines, storage {\"records\": […]}"
    case .auditLogAnalytics: return "Log Analytics AuditLogs, JSON or CSV"
    case .scimJSON: return "JSON Lines from common HTTP loggers"
    case .scimNCSA: return "NCSA common or combined access log (nginx, Apache)"
    case .scimHAR: return "HAR 1.2 capture"
    case .jobSchema: return "synchronization schema (…/synchronization/jobs/{id}/schema)"
    case .jobSettings: return "job settings: the secrets list [{\"key\",\"value\"}]"
    case .jobObject: return "the job object (…/synchronization/jobs/{id}): status, quarantine"
    }
  }

  /// How it is recognised, from content alone.
  package var recognisedBy: String {
    switch self {
    case .provisioningGraph:
      return "`provisioningSteps`, `provisioningAction`, `provisioningStatusInfo`, or `cycleId` and `changeId`"
    case .provisioningDiagnostic: return "`category` ProvisioningLogs with a `properties` object"
    case .provisioningLogAnalytics:
      return
        "a provisioning record with `TimeGenerated` or nested JSON strings; CSV: a `ProvisioningSteps` column, or `TimeGenerated` and `CycleId`"
    case .provisioningOnDemand: return "`key` and `value` strings whose value is a provisioning record"
    case .provisioningPortalCSV: return "CSV with a change-ID column, without step or property columns"
    case .provisioningPortalCSVSteps:
      return "CSV with a change-ID column and a step column (`Step Name`, `Step Type`, …)"
    case .provisioningPortalCSVModifiedProperties: return "CSV with a change-ID column and `Old Value`/`New Value`"
    case .auditGraph: return "`activityDisplayName` or `targetResources`"
    case .auditDiagnostic: return "`category` AuditLogs with a `properties` object"
    case .auditLogAnalytics:
      return
        "an audit record with `TimeGenerated` or nested JSON strings (or `OperationName` with `AADOperationType`); CSV: a `TargetResources` column, or `OperationName` and `AADOperationType`"
    case .scimJSON: return "a method and a URL field (docs/formats.md lists the spellings)"
    case .scimNCSA: return "text lines `client - user [time] \"METHOD path HTTP/x\" status size …`"
    case .scimHAR: return "`log.entries`, each with `request.method`, `request.url`, `startedDateTime`"
    case .jobSchema: return "a `synchronizationRules` array"
    case .jobSettings: return "objects with exactly `key` and `value`"
    case .jobObject: return "`status.code` with `templateId`, `schedule` or `synchronizationJobSettings`"
    }
  }

  /// The shapes of each source, a line each under the source's name, for `ingest --help` and
  /// error messages.
  package static func summary(indent: String = "") -> String {
    Source.allCases.map { source in
      let titles = allCases.filter { $0.source == source }.map { indent + "  " + $0.title }
      return ([indent + source.rawValue] + titles).joined(separator: "\n")
    }.joined(separator: "\n")
  }

  /// docs/formats.md's list of shapes, as Markdown.
  package static func markdownTable() -> String {
    var out = ["| shape (`sources.format`) | source | what it is | recognised by |", "|---|---|---|---|"]
    for shape in allCases {
      out.append("| `\(shape.rawValue)` | \(shape.source.rawValue) | \(shape.title) | \(shape.recognisedBy) |")
    }
    return out.joined(separator: "\n")
  }
}

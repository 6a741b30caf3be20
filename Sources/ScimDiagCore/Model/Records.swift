import ScimDiagParsing

/// One Entra provisioning event (`provisioningObjectSummary`), whatever export shape it came in.
package struct ProvisioningEvent: Sendable, Equatable {
  package var id: String
  package var activityTime: String
  package var tenantId: String?
  package var jobId: String?
  package var cycleId: String?
  package var changeId: String?
  /// Normalised `provisioningAction`: other, create, delete, disable, update, stageddelete, …
  package var action: String
  package var actionRaw: String?
  /// Normalised status: success, failure, skipped, warning, …
  package var status: String
  package var statusRaw: String?
  package var errorCode: String?
  package var errorReason: String?
  package var errorCategory: String?
  package var durationMs: Int64?
  package var servicePrincipalId: String?
  package var servicePrincipalName: String?
  package var sourceSystem: String?
  package var targetSystem: String?
  package var initiatedBy: String?
  package var sourceId: String?
  package var sourceName: String?
  package var sourceType: String?
  package var sourceUPN: String?
  package var targetId: String?
  package var targetName: String?
  package var targetType: String?
  package var steps: [ProvisioningStep] = []
  package var modifiedProperties: [ModifiedProperty] = []
}

/// One step of a provisioning event (import, scoping, matching, processing, export).
package struct ProvisioningStep: Sendable, Equatable {
  package var name: String?
  package var type: String?
  package var typeRaw: String?
  package var status: String?
  package var statusRaw: String?
  package var description: String?
  /// The step's `details` map as canonical JSON (sorted keys).
  package var details: String?
  package var skipReason: String?
  package var reportableIdentifier: String?
}

/// An attribute change named by a provisioning or audit event.
package struct ModifiedProperty: Sendable, Equatable {
  package var name: String
  package var oldValue: String?
  package var newValue: String?
}

/// One Entra directory audit event (`directoryAudit`).
package struct AuditEvent: Sendable, Equatable {
  package var id: String
  package var activityTime: String
  package var activity: String
  package var category: String?
  package var operationType: String?
  package var result: String?
  package var resultReason: String?
  package var loggedByService: String?
  package var correlationId: String?
  package var initiatedByUserId: String?
  package var initiatedByUPN: String?
  package var initiatedByApp: String?
  /// The whole `initiatedBy` object as canonical JSON.
  package var initiatedBy: String?
  /// `additionalDetails` as canonical JSON (`[{"key","value"}]`).
  package var additionalDetails: String?
  package var targets: [AuditTarget] = []
}

/// A target resource of an audit event.
package struct AuditTarget: Sendable, Equatable {
  package var id: String?
  package var displayName: String?
  package var type: String?
  package var userPrincipalName: String?
  package var groupType: String?
  package var modifiedProperties: [ModifiedProperty] = []
}

/// One HTTP request received by the app's SCIM endpoint, with the facts the diagnosis needs
/// already extracted.
package struct ScimRequest: Sendable, Equatable {
  /// Natural key: a digest of time, method, path, status and bodies, plus an occurrence
  /// number for identical requests within one file.
  package var key: String = ""
  package var time: String
  package var method: String
  /// The path with its query string, credentials removed.
  package var path: String
  package var resourceType: String?
  package var resourceId: String?
  package var filter: String?
  package var filterAttribute: String?
  package var filterOperator: String?
  package var filterValue: String?
  package var status: Int?
  package var durationMs: Double?
  package var userAgent: String?
  package var client: String?
  package var requestBody: String?
  package var responseBody: String?
  package var bodyId: String?
  package var bodyUserName: String?
  package var bodyExternalId: String?
  package var bodyActive: String?
  package var listTotalResults: Int?
  package var patchOperations: [PatchOperation] = []
  package var listResources: [ListResource] = []
}

/// A PATCH operation as sent: `op` and `value` exactly as written (so `"Replace"` and
/// `"False"` stay visible).
package struct PatchOperation: Sendable, Equatable {
  package var op: String
  package var path: String?
  /// The value as compact JSON text (`"False"` with quotes is a string, `false` a boolean).
  package var value: String?
  package var valueType: String?
}

/// A resource returned in a SCIM list response or a single-resource response.
package struct ListResource: Sendable, Equatable {
  package var id: String?
  package var userName: String?
  package var externalId: String?
  /// `active` as JSON text (`true`, `false`, `"False"`), nil when absent.
  package var active: String?
}

/// A piece of a provisioning job's configuration: the synchronization schema document, or
/// one job setting (`SkipOutOfScopeDeletions`, `SyncAll`, …). `exportedAt` is the file's time.
package struct JobConfigRecord: Sendable, Equatable {
  package enum Kind: String, Sendable { case schema, setting }
  package var kind: Kind
  /// The setting's key; empty for a schema.
  package var name: String
  /// The schema as canonical JSON, or the setting's value (REDACTED for credentials).
  package var value: String
  package var exportedAt: String = ""
}

/// A normalised record produced by a parser.
package enum IngestRecord: Sendable {
  case provisioning(ProvisioningEvent)
  case audit(AuditEvent)
  case scim(ScimRequest)
  case jobConfig(JobConfigRecord)

  package var time: String {
    switch self {
    case .provisioning(let e): return e.activityTime
    case .audit(let e): return e.activityTime
    case .scim(let r): return r.time
    case .jobConfig(let c): return c.exportedAt
    }
  }
}

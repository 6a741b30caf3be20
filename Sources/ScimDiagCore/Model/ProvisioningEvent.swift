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

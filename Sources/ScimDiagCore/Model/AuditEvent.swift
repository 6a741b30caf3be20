import ScimDiagParsing

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

import ScimDiagParsing

/// Everything the identity graph reads, as rows from the store (or built in memory by tests).
package struct IdentityInput: Sendable {
  package var provisioningEvents: [ProvisioningIdentityRow] = []
  /// Import and matching steps with details, and steps with a reportable identifier.
  package var provisioningSteps: [ProvisioningStepIdentityRow] = []
  /// Identity-bearing modified properties of provisioning events (UPN, userName, mail, …).
  package var provisioningProperties: [EventValueRow] = []
  package var auditUserTargets: [AuditUserTargetRow] = []
  /// `User.ObjectID` and `User.UPN` of app-role-assignment events.
  package var auditAssignmentProperties: [EventValueRow] = []
  /// SCIM requests about users (resource type Users, or none).
  package var scimRequests: [ScimIdentityRow] = []
  package var returnedResources: [ReturnedResourceRow] = []

  package init() {}
}

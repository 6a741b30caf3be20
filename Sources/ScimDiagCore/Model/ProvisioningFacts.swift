import ScimDiagParsing

/// What a provisioning event says about a user.
package struct ProvisioningFacts: Sendable, Equatable {
  package var action: ProvisioningAction
  package var status: ProvisioningStatus
  /// The first step's skip reason; for a skipped event without one, its error code.
  package var skipReason: String?
  package var errorCode: String?
  package var cycleId: String?
  /// The app's id for the user (`targetIdentity.id`), when Entra knew it.
  package var targetId: String?
  /// `active` of the app's user as Entra read it in the matching step (`true`/`false`), nil
  /// when the event has no matching step with it.
  package var targetActive: Bool?
  /// The source user as Entra read it in the import step: `IsSoftDeleted` and `accountEnabled`.
  package var sourceSoftDeleted: Bool?
  package var sourceEnabled: Bool?
  /// The app (service principal) whose job logged the event.
  package var servicePrincipalId: String?

  package init(
    action: ProvisioningAction, status: ProvisioningStatus, skipReason: String? = nil, errorCode: String? = nil,
    cycleId: String? = nil, targetId: String? = nil
  ) {
    self.action = action
    self.status = status
    self.skipReason = skipReason
    self.errorCode = errorCode
    self.cycleId = cycleId
    self.targetId = targetId
  }
}

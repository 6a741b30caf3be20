import ScimDiagParsing

/// A provisioning step that names the user: its `details` (import: the source object, matching:
/// the target object as Entra read it) and its reportable identifier.
package struct ProvisioningStepIdentityRow: Sendable, Equatable {
  package var eventId: String
  package var stepType: String?
  /// The step's `details` as canonical JSON.
  package var details: String?
  package var reportableIdentifier: String?

  package init(eventId: String, stepType: String?, details: String?, reportableIdentifier: String? = nil) {
    self.eventId = eventId
    self.stepType = stepType
    self.details = details
    self.reportableIdentifier = reportableIdentifier
  }
}

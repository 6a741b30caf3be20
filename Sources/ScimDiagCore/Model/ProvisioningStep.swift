import ScimDiagParsing

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

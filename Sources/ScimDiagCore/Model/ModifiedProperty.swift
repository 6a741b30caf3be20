import ScimDiagParsing

/// An attribute change named by a provisioning or audit event.
package struct ModifiedProperty: Sendable, Equatable {
  package var name: String
  package var oldValue: String?
  package var newValue: String?
}

import ScimDiagParsing

/// A target resource of an audit event.
package struct AuditTarget: Sendable, Equatable {
  package var id: String?
  package var displayName: String?
  package var type: String?
  package var userPrincipalName: String?
  package var groupType: String?
  package var modifiedProperties: [ModifiedProperty] = []
}

import ScimDiagParsing

/// A User target of an audit event.
package struct AuditUserTargetRow: Sendable, Equatable {
  package var eventId: String
  package var objectId: String?
  /// As exported: a soft-deleted user's UPN carries its object id as a 32-hex prefix.
  package var userPrincipalName: String?
  package var displayName: String?

  package init(eventId: String, objectId: String?, userPrincipalName: String?, displayName: String? = nil) {
    self.eventId = eventId
    self.objectId = objectId
    self.userPrincipalName = userPrincipalName
    self.displayName = displayName
  }
}

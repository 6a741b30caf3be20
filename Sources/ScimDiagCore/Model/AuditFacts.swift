import ScimDiagParsing

/// What an audit event says about a user's access to the app.
package struct AuditFacts: Sendable, Equatable {
  package var kind: AuditKind
  package var activity: String
  /// The service principal the event names (an app-role assignment's app).
  package var servicePrincipalId: String?
  /// The group of a membership change.
  package var groupId: String?

  package init(kind: AuditKind, activity: String, servicePrincipalId: String? = nil, groupId: String? = nil) {
    self.kind = kind
    self.activity = activity
    self.servicePrincipalId = servicePrincipalId
    self.groupId = groupId
  }
}

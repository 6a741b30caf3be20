import ScimDiagParsing

/// An audit event linked to a user, as the timeline needs it.
package struct AuditTimelineRow: Sendable, Equatable {
  package var place: RecordPlace
  package var id: String
  package var time: String
  package var activity: String
  package var initiatedByUPN: String?
  package var initiatedByApp: String?
  /// The first service principal target (an app-role assignment's app).
  package var servicePrincipalId: String?
  /// The first group target (a group membership change's group).
  package var groupId: String?
  /// `AccountEnabled` old and new values, as `old→new`, when the event changed it.
  package var accountEnabledChange: String?

  package init(
    place: RecordPlace, id: String, time: String, activity: String, initiatedByUPN: String? = nil,
    initiatedByApp: String? = nil, servicePrincipalId: String? = nil, accountEnabledChange: String? = nil,
    groupId: String? = nil
  ) {
    self.place = place
    self.id = id
    self.time = time
    self.activity = activity
    self.initiatedByUPN = initiatedByUPN
    self.initiatedByApp = initiatedByApp
    self.servicePrincipalId = servicePrincipalId
    self.accountEnabledChange = accountEnabledChange
    self.groupId = groupId
  }
}

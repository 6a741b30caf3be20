import ScimDiagParsing

/// A provisioning event linked to a user, as the timeline needs it.
package struct ProvisioningTimelineRow: Sendable, Equatable {
  package var place: RecordPlace
  package var id: String
  package var time: String
  /// Normalised action and status (`provisioning_events.action`, `.status`).
  package var action: String
  package var status: String
  package var errorCode: String?
  package var cycleId: String?
  package var targetId: String?
  /// The skip reason of its first step that has one.
  package var skipReason: String?
  /// The `details` of its first import step (the source object as Entra read it) and of its
  /// first matching step (the target object as Entra read it from the app), canonical JSON.
  package var importDetails: String?
  package var matchingDetails: String?
  /// The app (service principal) whose job logged the event.
  package var servicePrincipalId: String?

  package init(
    place: RecordPlace, id: String, time: String, action: String, status: String, errorCode: String? = nil,
    cycleId: String? = nil, targetId: String? = nil, skipReason: String? = nil, importDetails: String? = nil,
    matchingDetails: String? = nil, servicePrincipalId: String? = nil
  ) {
    self.place = place
    self.id = id
    self.time = time
    self.action = action
    self.status = status
    self.errorCode = errorCode
    self.cycleId = cycleId
    self.targetId = targetId
    self.skipReason = skipReason
    self.importDetails = importDetails
    self.matchingDetails = matchingDetails
    self.servicePrincipalId = servicePrincipalId
  }
}

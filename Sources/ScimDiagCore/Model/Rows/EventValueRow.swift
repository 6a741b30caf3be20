import ScimDiagParsing

/// One named value of an event (a modified property that carries an identity: a UPN, a
/// `userName`, `User.ObjectID` of an app-role assignment).
package struct EventValueRow: Sendable, Equatable {
  package var eventId: String
  package var name: String
  package var value: String?

  package init(eventId: String, name: String, value: String?) {
    self.eventId = eventId
    self.name = name
    self.value = value
  }
}

import ScimDiagParsing

/// A provisioning cycle as seen in the logs.
package struct Cycle: Sendable, Encodable, Equatable {
  /// The provisioning log's `cycleId`, or nil for a burst of SCIM activity without one.
  package var cycleId: String?
  package var start: String
  package var end: String
  package var provisioningEvents: Int
  package var scimRequests: Int
  /// Minutes since the previous cycle started, nil for the first.
  package var minutesSincePrevious: Double?
}

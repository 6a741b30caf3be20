import ScimDiagParsing

/// A provisioning-job state change from the audit log.
package struct JobEvent: Sendable, Equatable {
  package var time: String
  package var activity: String
  package var ref: String
}

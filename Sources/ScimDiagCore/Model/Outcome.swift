import ScimDiagParsing

/// What the app's SCIM endpoint saw after a trigger.
package enum Outcome: String, Sendable, Codable, CaseIterable {
  case delivered
  case skipped
  case getOnly = "get-only"
  case nothing
  case failed
  case pending
}

import Foundation
import ScimDiagParsing

/// One row of `scimdiag users`: a user's latest trigger, per app when the store holds several.
package struct UserSummary: Sendable, Encodable, Equatable {
  package var user: String
  /// The app's name (or service principal id) when the store holds several apps.
  package var app: String?
  package var triggers: Int
  package var latestTrigger: Trigger?
  package var outcome: Outcome?
  package var cause: String?
  package var confidence: Confidence?
}

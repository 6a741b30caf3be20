import Foundation
import ScimDiagParsing

/// One row of `scimdiag users`.
package struct UserSummary: Sendable, Encodable, Equatable {
  package var user: String
  package var triggers: Int
  package var latestTrigger: Trigger?
  package var outcome: Outcome?
  package var cause: String?
  package var confidence: Confidence?
}

import Foundation
import ScimDiagParsing

/// One row of `scimdiag users`: a user's latest trigger, per app when the store holds several.
package struct UserSummary: Sendable, Encodable, Equatable {
  /// The user's number in the store (`UserIdentity.id`), to find their full report.
  package var userId: Int?
  package var user: String
  /// The app's name (or service principal id) when the store holds several apps.
  package var app: String?
  package var triggers: Int
  package var latestTrigger: Trigger?
  package var outcome: Outcome?
  package var cause: String?
  package var confidence: Confidence?
  /// What the latest finding means for the admin.
  package var attention: Attention? { cause.map(RuleCatalog.attention) }

  private enum CodingKeys: String, CodingKey {
    case user, app, triggers, latestTrigger, outcome, cause, confidence, attention
  }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(user, forKey: .user)
    try c.encodeIfPresent(app, forKey: .app)
    try c.encode(triggers, forKey: .triggers)
    try c.encodeIfPresent(latestTrigger, forKey: .latestTrigger)
    try c.encodeIfPresent(outcome, forKey: .outcome)
    try c.encodeIfPresent(cause, forKey: .cause)
    try c.encodeIfPresent(confidence, forKey: .confidence)
    try c.encodeIfPresent(attention, forKey: .attention)
  }
}

import ScimDiagParsing

/// The diagnosis of one trigger.
package struct Finding: Sendable, Codable, Equatable {
  package var trigger: Trigger
  package var outcome: Outcome
  package var cause: String
  package var confidence: Confidence
  package var summary: String
  package var explanation: String
  package var remediation: [String]
  package var alternatives: [Alternative]
  package var evidence: [Evidence]
  /// What would settle the question, when a source is missing.
  package var missing: [String]
  /// The app the finding is about, when the store holds several apps' jobs.
  package var app: AppRef?

  /// What the finding means for the admin (from its cause).
  package var attention: Attention { RuleCatalog.attention(of: cause) }
}

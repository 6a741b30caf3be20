import ScimDiagParsing

/// A rule's verdict for one trigger.
package struct RuleMatch: Sendable {
  package var confidence: Confidence
  /// Why, in plain words, naming the records.
  package var explanation: String
  package var evidence: [TimelineEvent]
  /// Sources or records that would settle the question.
  package var missing: [String] = []
  /// When the rule knows better than the evidence-only outcome (a PATCH whose effect failed).
  package var outcome: Outcome?
  /// Steps that fit this evidence better than the catalog's (advice about the string "False"
  /// only when the PATCH sent a string); nil for the catalog's.
  package var remediation: [String]?

  package init(
    _ confidence: Confidence, _ explanation: String, evidence: [TimelineEvent], missing: [String] = [],
    outcome: Outcome? = nil
  ) {
    self.confidence = confidence
    self.explanation = explanation
    self.evidence = evidence
    self.missing = missing
    self.outcome = outcome
  }
}

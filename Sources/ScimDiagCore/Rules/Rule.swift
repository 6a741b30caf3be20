import ScimDiagParsing

/// The catalog entry of a cause: what it means, why Entra behaves so, and what to do.
package struct RuleDescription: Sendable, Encodable, Equatable {
  /// Stable kebab-case identifier used in JSON, HTML anchors and docs; never renamed.
  package var id: String
  package var title: String
  /// One sentence: what the cause means.
  package var summary: String
  /// What Entra does and the reference's evidence for it.
  package var rationale: String
  package var remediation: [String]
  package var links: [String]
}

/// A compact event timeline that shows a rule firing (or not), in the example language of
/// `ExampleTenant`. The examples are the rule's tests.
package struct RuleExample: Sendable {
  package var lines: [String]
  /// For a triggering example, the outcome the finding must have.
  package var outcome: Outcome?
  /// True when the rule's cause must be the finding's cause; false when it must not be.
  package var triggers: Bool
  /// Which trigger's finding to check (0-based); the last one when nil.
  package var triggerIndex: Int?
  package var file: String
  package var line: Int

  package init(
    _ lines: [String], outcome: Outcome? = nil, triggers: Bool = true, trigger: Int? = nil,
    file: String = #filePath, line: Int = #line
  ) {
    self.lines = lines
    self.outcome = outcome
    self.triggers = triggers
    self.triggerIndex = trigger
    self.file = file
    self.line = line
  }
}

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

/// A cause of a deprovisioning outcome: its catalog entry, its examples, and its test.
package protocol CauseRule: Sendable {
  var description: RuleDescription { get }
  var examples: [RuleExample] { get }
  func evaluate(_ context: TriggerContext) -> RuleMatch?
}

import ScimDiagParsing

/// A cause of a deprovisioning outcome: its catalog entry, its examples, and its test.
package protocol CauseRule: Sendable {
  var description: RuleDescription { get }
  var examples: [RuleExample] { get }
  func evaluate(_ context: TriggerContext) -> RuleMatch?
}

import ScimDiagParsing

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
  /// With two apps in the example (`app=hr` lines), the app whose findings are checked:
  /// `Contoso SCIM`, the app of the SCIM log, unless said.
  package var app: String
  package var file: String
  package var line: Int

  package init(
    _ lines: [String], outcome: Outcome? = nil, triggers: Bool = true, trigger: Int? = nil,
    app: String = "Contoso SCIM", file: String = #filePath, line: Int = #line
  ) {
    self.lines = lines
    self.outcome = outcome
    self.triggers = triggers
    self.triggerIndex = trigger
    self.app = app
    self.file = file
    self.line = line
  }
}

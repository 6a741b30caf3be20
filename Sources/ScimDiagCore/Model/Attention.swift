import ScimDiagParsing

/// What a finding means for the admin reading it: the four groups the report leads with and
/// colours by. Each cause declares one (`RuleDescription.attention`).
package enum Attention: String, Sendable, Codable, CaseIterable {
  /// The user may still be active in the app: something must be fixed or checked.
  case needsAction = "needs-action"
  /// Nothing to do: by design the app has nothing to disable (restored, never created,
  /// already inactive, unassigned before it was created).
  case nothingToDo = "nothing-to-do"
  /// No cycle has run since the trigger yet; look again after the next one.
  case pending
  /// The app received the disable or delete.
  case delivered

  /// The words the report and `explain` use.
  package var phrase: String {
    switch self {
    case .needsAction: return "needs action"
    case .nothingToDo: return "nothing to do"
    case .pending: return "pending"
    case .delivered: return "delivered"
    }
  }
}

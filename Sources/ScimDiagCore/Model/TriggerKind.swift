import ScimDiagParsing

/// What kind of deprovisioning trigger a finding is about. The raw values are stable: they
/// appear in JSON output, the triage table and the report.
package enum TriggerKind: String, Sendable, Codable, CaseIterable {
  case softDelete = "soft-delete"
  case hardDelete = "hard-delete"
  case unassign
  case groupRemoval = "group-removal"
  case disable

  /// An unassignment or a group removal: the user leaves the app's scope but stays in the
  /// directory.
  package var leavesScope: Bool { self == .unassign || self == .groupRemoval }
}

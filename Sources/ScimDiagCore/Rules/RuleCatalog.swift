import ScimDiagParsing

/// Every cause, in the order ties are broken (a more specific cause first). `inconclusive`
/// is last and always fits.
package enum RuleCatalog {
  package static let rules: [any CauseRule] = [
    DeletionThresholdRule(),
    PatchNotAppliedRule(),
    RequestFailedRule(),
    NoneRule(),
    HardDeleteUnmanagedRule(),
    DeletedWithinCycleRule(),
    RestoredBeforeCycleRule(),
    UnassignedBeforeCycleRule(),
    UpdateActionDisabledRule(),
    DeleteActionDisabledRule(),
    ScopeSyncAllRule(),
    TargetNotFoundRule(),
    FilterNotHonoredRule(),
    TargetAlreadyInactiveRule(),
    SkipOutOfScopeDeletionsRule(),
    ActiveNotMappedRule(),
    ServerLogGapRule(),
    JobNotRunningRule(),
    CyclePendingRule(),
    NeverProvisionedRule(),
    InconclusiveRule(),
  ]

  package static func rule(_ id: String) -> (any CauseRule)? { rules.first { $0.description.id == id } }

  /// What a cause means for the admin; a cause this build does not know needs a look.
  package static func attention(of cause: String) -> Attention {
    rule(cause)?.description.attention ?? .needsAction
  }
}

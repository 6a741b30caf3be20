import ScimDiagParsing

/// The report model of `scimdiag report`: what was ingested, the answer (who needs action),
/// the counts, the cycles and the cause catalog. The users table and the per-user detail are
/// not held here: `ReportContent` hands them to the renderer a row at a time.
package struct TenantReport: Sendable, Encodable, Equatable {
  package struct Count: Sendable, Encodable, Equatable {
    package var name: String
    package var count: Int
    package var meaning: String?
  }

  package struct Ingested: Sendable, Encodable, Equatable {
    package var sources: [SourceRow]
    package var provisioningEvents: Int
    package var auditEvents: Int
    package var scimRequests: Int
    package var rejected: Int
    package var firstTime: String?
    package var lastTime: String?
  }

  /// Triggers counted into one stretch of the cycle chart's time axis.
  package struct TriggerBin: Sendable, Encodable, Equatable {
    package var first: String
    package var last: String
    package var count: Int
  }

  /// Which users get their full timeline and findings in the report.
  package struct Details: Sendable, Encodable, Equatable {
    package var mode: DetailMode
    /// The most users given in full.
    package var limit: Int
    /// Users whose latest finding needs action.
    package var needAction: Int
    /// Users given in full.
    package var shown: Int
    /// Users the mode chose, before the limit.
    package var chosen: Int
  }

  /// When the report was made (UTC); `SOURCE_DATE_EPOCH` fixes it for reproducible output.
  package var generatedAt: String
  /// The scimdiag version that made it.
  package var scimdiag = ScimDiagVersion.current
  /// The one user the report is about (`report --user`), nil for the tenant.
  package var focus: String?
  /// The app the report is limited to (`--app`).
  package var app: String?
  package var ingested: Ingested
  /// Which sources and configuration the store holds, for which period.
  package var coverage: SourceCoverage
  /// Rows of the users table: one per user, or per user and app with several apps.
  package var rows: Int
  package var users: Int
  /// Rows without a deprovisioning trigger (users seen in the logs but never deprovisioned).
  package var withoutTrigger: Int
  /// Every deprovisioning trigger of those users.
  package var triggers: Int
  /// The rows by what their latest finding means for the admin, by outcome and by cause.
  package var byAttention: [Count]
  package var byOutcome: [Count]
  package var byCause: [Count]
  package var cycles: [Cycle]
  /// The latest triggers, counted along the chart's time axis.
  package var triggerBins: [TriggerBin]
  package var details: Details
  /// The causes the report names (every cause for the tenant; those it uses for one user).
  package var catalog: [RuleDescription]
}

/// `report --details`: which users get their full timeline and findings.
package enum DetailMode: String, Sendable, Codable, CaseIterable {
  /// Every user.
  case all
  /// The users whose latest finding needs action.
  case action
  /// Nobody: the summary and the users table only.
  case none

  /// Up to this many users the default is `all`; above it, `action`.
  package static let allUpTo = 1_000
  /// The default for the most users given in full.
  package static let defaultLimit = 500
}

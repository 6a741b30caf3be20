import ScimDiagParsing

/// The report model of `scimdiag report`: what was ingested, the summary, cycles, users and
/// the cause catalog. Every renderer (HTML, Markdown, JSON) is fed this.
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

  /// When the report was made (UTC); `SOURCE_DATE_EPOCH` fixes it for reproducible output.
  package var generatedAt: String
  /// The scimdiag version that made it.
  package var scimdiag = ScimDiagVersion.current
  package var ingested: Ingested
  /// Which sources and configuration the store holds, for which period.
  package var coverage: SourceCoverage
  package var triggers: Int
  package var byOutcome: [Count]
  package var byCause: [Count]
  package var cycles: [Cycle]
  /// Trigger times, for the chart.
  package var triggerTimes: [String]
  package var users: [UserReport]
  /// Every cause scimdiag can name (the rules' own descriptions).
  package var catalog: [RuleDescription]
}

extension Explainer {
  /// Builds the tenant report, or one user's when `only` is given.
  package func tenantReport(only: UserIdentity? = nil, app: AppRef? = nil, generatedAt: String) throws -> TenantReport {
    let reports = try (only.map { [try report(for: $0)] } ?? allReports()).map { $0.only(app) }
    let findings = reports.flatMap(\.findings)
    var outcomes: [String: Int] = [:]
    var causes: [String: Int] = [:]
    for f in findings {
      outcomes[f.outcome.rawValue, default: 0] += 1
      causes[f.cause, default: 0] += 1
    }
    let counts = try store.counts()
    let sources = try store.sources()
    let times = sources.compactMap(\.firstTime) + sources.compactMap(\.lastTime)
    let catalog = RuleCatalog.rules.map(\.description)
    return TenantReport(
      generatedAt: generatedAt,
      ingested: .init(
        sources: sources, provisioningEvents: counts["provisioning_events"] ?? 0,
        auditEvents: counts["audit_events"] ?? 0,
        scimRequests: counts["scim_requests"] ?? 0, rejected: counts["rejects"] ?? 0, firstTime: times.min(),
        lastTime: times.max()),
      coverage: coverage, triggers: findings.count,
      byOutcome: Outcome.allCases.compactMap { o in outcomes[o.rawValue].map { .init(name: o.rawValue, count: $0) } },
      byCause: RuleCatalog.rules.compactMap { r in
        causes[r.description.id].map { .init(name: r.description.id, count: $0, meaning: r.description.summary) }
      },
      cycles: try store.cycles(), triggerTimes: findings.map(\.trigger.time).sorted(), users: reports,
      catalog: catalog)
  }
}

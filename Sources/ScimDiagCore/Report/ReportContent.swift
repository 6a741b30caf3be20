import ScimDiagParsing

/// What `scimdiag report` renders: the report model, then the users table's rows and the
/// users given in full, each handed over one at a time so that no renderer holds the tenant.
package struct ReportContent {
  package var report: TenantReport
  /// The users given in full, by user id (the users table links to them).
  package var detailed: Set<Int>
  /// Calls its argument with each row of the users table, in order.
  package var eachRow: ((UserSummary) throws -> Void) throws -> Void
  /// Calls its argument with each user given in full, in order.
  package var eachDetail: ((UserReport) throws -> Void) throws -> Void
}

/// The choices of `scimdiag report`.
package struct ReportRequest: Sendable {
  package var only: UserIdentity?
  package var app: AppRef?
  /// Nil for the default: `all` up to `DetailMode.allUpTo` users, `action` above.
  package var details: DetailMode?
  package var limit = DetailMode.defaultLimit
  package var generatedAt: String

  package init(
    only: UserIdentity? = nil, app: AppRef? = nil, details: DetailMode? = nil, limit: Int = DetailMode.defaultLimit,
    generatedAt: String
  ) {
    self.only = only
    self.app = app
    self.details = details
    self.limit = limit
    self.generatedAt = generatedAt
  }
}

extension Explainer {
  /// The report's content: read from the kept triage for the tenant (diagnosing every user
  /// first when it is stale), or from one user's report for `only`.
  package func reportContent(_ request: ReportRequest) throws -> ReportContent {
    if let user = request.only { return try focusContent(user, request) }
    try keepTriage()
    let app = triageApp(request.app)
    let totals = try store.triageTotals(app: app)
    let mode = request.details ?? (totals.users <= DetailMode.allUpTo ? .all : .action)
    let ids: [Int]
    switch mode {
    case .all: ids = try store.triageUserIds(app: app, attention: nil, limit: request.limit)
    case .action: ids = try store.triageUserIds(app: app, attention: [.needsAction], limit: request.limit)
    case .none: ids = []
    }
    let chosen = mode == .all ? totals.users : mode == .action ? totals.usersNeedingAction : 0
    var report = try reportModel(
      request, totals: totals,
      details: .init(
        mode: mode, limit: request.limit, needAction: totals.usersNeedingAction, shown: ids.count, chosen: chosen))
    report.triggerBins = try triggerBins(app: app, totals: totals, cycles: report.cycles)
    report.catalog = RuleCatalog.rules.map(\.description)
    let probes = try store.probeTimes()
    return ReportContent(
      report: report, detailed: Set(ids),
      eachRow: { body in try store.eachTriageRow(app: app, body) },
      eachDetail: { body in
        try self.eachReportBatch(of: try store.recordCounts(ids: ids), probes: probes) { reports in
          for r in reports { try body(r.only(request.app)) }
        }
      })
  }

  /// How the kept triage names `app`: only when the store has several apps, else nil (every row).
  package func triageApp(_ app: AppRef?) -> String? {
    app.flatMap { facts.apps.count > 1 ? ($0.name ?? $0.id) : nil }
  }

  /// One user's report: their rows, their findings in full, and only the causes they name.
  private func focusContent(_ user: UserIdentity, _ request: ReportRequest) throws -> ReportContent {
    let full = try report(for: user).only(request.app)
    let rows = Explainer.summaries(full)
    var totals = TriageTotals()
    for row in rows {
      totals.rows += 1
      totals.triggers += row.triggers
      totals.byAttention[row.attention?.rawValue ?? "", default: 0] += 1
      totals.byOutcome[row.outcome?.rawValue ?? "", default: 0] += 1
      totals.byCause[row.cause ?? "", default: 0] += 1
    }
    totals.users = 1
    totals.usersNeedingAction = rows.contains { $0.attention == .needsAction } ? 1 : 0
    var report = try reportModel(
      request, totals: totals,
      details: .init(mode: .all, limit: 1, needAction: totals.usersNeedingAction, shown: 1, chosen: 1))
    report.focus = user.label
    report.cycles = []
    let times = full.findings.map(\.trigger.time).sorted()
    report.triggerBins = times.map { .init(first: $0, last: $0, count: 1) }
    let used = Set(full.findings.flatMap { [$0.cause] + $0.alternatives.map(\.cause) })
    report.catalog = RuleCatalog.rules.map(\.description).filter { used.contains($0.id) }
    return ReportContent(
      report: report, detailed: [user.id], eachRow: { body in for r in rows { try body(r) } },
      eachDetail: { body in try body(full) })
  }

  private func reportModel(_ request: ReportRequest, totals: TriageTotals, details: TenantReport.Details) throws
    -> TenantReport
  {
    let counts = try store.counts()
    let sources = try store.sources()
    let logs = sources.filter { !$0.isConfiguration }
    let times = logs.compactMap(\.firstTime) + logs.compactMap(\.lastTime)
    return TenantReport(
      generatedAt: request.generatedAt, app: request.app.map { $0.name ?? $0.id },
      ingested: .init(
        sources: sources, provisioningEvents: counts["provisioning_events"] ?? 0,
        auditEvents: counts["audit_events"] ?? 0, scimRequests: counts["scim_requests"] ?? 0,
        rejected: counts["rejects"] ?? 0, firstTime: times.min(), lastTime: times.max()),
      coverage: coverage, rows: totals.rows, users: totals.users, withoutTrigger: totals.byCause[""] ?? 0,
      triggers: totals.triggers,
      byAttention: Attention.allCases.compactMap { a in
        totals.byAttention[a.rawValue].map { .init(name: a.rawValue, count: $0, meaning: a.phrase) }
      },
      byOutcome: Outcome.allCases.compactMap { o in
        totals.byOutcome[o.rawValue].map { .init(name: o.rawValue, count: $0) }
      },
      byCause: RuleCatalog.rules.compactMap { r in
        totals.byCause[r.description.id].map {
          .init(name: r.description.id, count: $0, meaning: r.description.summary)
        }
      },
      cycles: try store.cycles(), triggerBins: [], details: details, catalog: [])
  }

  /// The latest triggers counted into 200 stretches of the chart's time span.
  private func triggerBins(app: String?, totals: TriageTotals, cycles: [Cycle]) throws -> [TenantReport.TriggerBin] {
    let ends = cycles.flatMap { [$0.start, $0.end] } + [totals.firstTrigger, totals.lastTrigger].compactMap { $0 }
    guard let first = ends.min(), let last = ends.max(), let t0 = Timestamp.epochSeconds(first),
      let t1 = Timestamp.epochSeconds(last)
    else { return [] }
    let width = max(t1 - t0, 1) / 200
    var bins: [TenantReport.TriggerBin] = []
    var binIndex = -1
    try store.eachTriageTriggerTime(app: app) { time in
      let i = Int(((Timestamp.epochSeconds(time) ?? t0) - t0) / width)
      if i == binIndex, var bin = bins.popLast() {
        bin.last = time
        bin.count += 1
        bins.append(bin)
      } else {
        bins.append(.init(first: time, last: time, count: 1))
        binIndex = i
      }
    }
    return bins
  }
}

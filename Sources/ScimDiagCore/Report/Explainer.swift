import Foundation
import ScimDiagParsing

/// Builds report models from the store (the correlate and rules stages, wired).
package struct Explainer {
  let store: Store
  let facts: TenantFacts

  /// What the store holds, for which period.
  package var coverage: SourceCoverage { SourceCoverage(facts: facts) }

  package init(store: Store) throws {
    self.store = store
    try store.refreshDerivedData()
    var facts = try store.tenantFacts()
    facts.configs = try store.jobConfigs()
    // Only the checks of a configuration snapshot use them, and reading them scans every
    // provisioning event.
    if !facts.configs.isEmpty {
      facts.disableEpochs = try store.successEpochs(.disable)
      facts.deleteEpochs = try store.successEpochs(.delete)
    }
    if facts.apps.count > 1 {
      let stated = try store.statedConfigApps()
      facts.configStatedApps = Set(facts.apps.filter { app in stated.contains { app.matches($0) } }.map(\.id))
      for app in facts.apps {
        let others = Set(facts.jobIdsByApp.filter { $0.key != app.id }.values.joined())
        facts.configsByApp[app.id] = try store.jobConfigs(app: app, otherJobs: others)
      }
    }
    self.facts = facts
  }

  package func report(for user: UserIdentity) throws -> UserReport {
    let rows = try store.timelineRows(for: [user], all: false)
    let timeline = TimelineBuilder.timelines(rows, users: [user.id: user])[user.id] ?? []
    var folded = 0
    if let first = timeline.first?.time, let last = timeline.last?.time {
      folded = try store.probeCount(from: first, to: last)
    }
    return report(for: user, timeline: timeline, probesFolded: folded)
  }

  func report(for user: UserIdentity, timeline: [TimelineEvent], probes: [String]) -> UserReport {
    var folded = 0
    if let first = timeline.first?.time, let last = timeline.last?.time {
      folded = Explainer.count(probes, from: first, to: last)
    }
    return report(for: user, timeline: timeline, probesFolded: folded)
  }

  private func report(for user: UserIdentity, timeline: [TimelineEvent], probesFolded: Int) -> UserReport {
    let findings = Diagnoser.findings(user: user, timeline: timeline, facts: facts)
    return UserReport(
      user: user, timeline: timeline, findings: findings, probesFolded: probesFolded,
      sources: SourceCoverage(facts: facts))
  }

  /// Reports for every user, with all timelines read in bulk.
  package func allReports() throws -> [UserReport] {
    let users = try store.allUsers()
    let byId = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0) })
    let timelines = TimelineBuilder.timelines(try store.timelineRows(for: users, all: true), users: byId)
    let probes = try store.probeTimes()
    return users.map { report(for: $0, timeline: timelines[$0.id] ?? [], probes: probes) }
  }

  /// Most users per batch in `eachReportBatch`.
  static let batchSize = 2_000
  /// Most linked records per batch in `eachReportBatch`, so that a tenant whose users each
  /// have many records is diagnosed in smaller batches (a single user with more is one batch).
  static let batchRecords = 20_000

  /// `body` over every user's report, built a batch of users at a time: only one batch's
  /// identities, timelines and findings are in memory, whatever the number of users or records.
  func eachReportBatch(progress: (@Sendable (Int, Int) -> Void)? = nil, _ body: ([UserReport]) throws -> Void) throws {
    try eachReportBatch(
      of: try store.allUserIdsWithRecordCounts(), probes: try store.probeTimes(), progress: progress, body)
  }

  /// `body` over the reports of `users` (ids with their linked records' count), in batches
  /// of at most `batchSize` users and `batchRecords` records.
  func eachReportBatch(
    of users: [(id: Int, records: Int)], probes: [String], progress: (@Sendable (Int, Int) -> Void)? = nil,
    _ body: ([UserReport]) throws -> Void
  ) throws {
    for range in Explainer.batches(records: users.map(\.records)) {
      let batch = try store.users(ids: users[range].map(\.id))
      let byId = Dictionary(uniqueKeysWithValues: batch.map { ($0.id, $0) })
      let timelines = TimelineBuilder.timelines(try store.timelineRows(for: batch, all: false), users: byId)
      try body(batch.map { report(for: $0, timeline: timelines[$0.id] ?? [], probes: probes) })
      progress?(range.upperBound, users.count)
    }
  }

  /// Consecutive batches of users, given each one's linked records: at most `maxUsers` users
  /// and `maxRecords` records a batch, except that a user with more records is a batch alone.
  static func batches(records: [Int], maxUsers: Int = batchSize, maxRecords: Int = batchRecords) -> [Range<Int>] {
    var out: [Range<Int>] = []
    var start = 0
    while start < records.count {
      var end = start + 1
      var total = records[start]
      while end < records.count, end - start < maxUsers, total + records[end] <= maxRecords {
        total += records[end]
        end += 1
      }
      out.append(start..<end)
      start = end
    }
    return out
  }

  /// Number of sorted times within [from, to].
  static func count(_ sorted: [String], from: String, to: String) -> Int {
    func lowerBound(_ t: String, inclusive: Bool) -> Int {
      var lo = 0
      var hi = sorted.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if inclusive ? sorted[mid] < t : sorted[mid] <= t { lo = mid + 1 } else { hi = mid }
      }
      return lo
    }
    return max(0, lowerBound(to, inclusive: false) - lowerBound(from, inclusive: true))
  }

  /// The `users` triage: kept in the store and reused until records, configuration or the
  /// scimdiag build change.
  package func summaries() throws -> [UserSummary] {
    try keepTriage()
    return try store.cachedTriage(fingerprint: try store.triageFingerprint()) ?? []
  }

  /// Diagnoses every user and keeps the triage, unless the kept one is current.
  package func keepTriage() throws {
    let fingerprint = try store.triageFingerprint()
    if try store.triageIsKept(fingerprint: fingerprint) { return }
    if store.readOnly { throw ScimDiagError.database(path: store.path, reason: Store.readOnlyStale) }
    // Written a batch at a time; the fingerprint is kept last, so an interrupted triage is
    // made again next time.
    try store.beginTriage()
    var position = 0
    try eachReportBatch(progress: store.triageProgress) { reports in
      let rows = reports.flatMap(Explainer.summaries)
      try store.appendTriage(rows, from: position)
      position += rows.count
    }
    try store.finishTriage(fingerprint: fingerprint)
  }

  /// A user's rows: one per app the findings name (in the order they first appear), or one.
  static func summaries(_ r: UserReport) -> [UserSummary] {
    let apps = r.findingApps
    return (apps.isEmpty ? [nil] : apps).map { app in
      let findings = r.findings.filter { $0.app == app }
      let last = findings.last
      return UserSummary(
        userId: r.user.id, user: r.user.label, app: app.map { $0.name ?? $0.id }, triggers: findings.count,
        latestTrigger: last?.trigger,
        outcome: last?.outcome, cause: last?.cause, confidence: last?.confidence)
    }
  }

  /// The apps with what the store holds of each, and the configuration snapshots that may be
  /// each app's.
  package func appSummaries() throws -> [AppSummary] {
    try keepTriage()
    return try store.apps(facts: facts).map { summary in
      var s = summary
      s.configurations = (facts.configsByApp[summary.app.id] ?? facts.configs).map(\.exportedAt)
      s.triggers = try store.triageTotals(app: triageApp(summary.app)).triggers
      return s
    }
  }

  /// The configuration snapshots that may be `app`'s (every snapshot without one).
  package func configs(for app: AppRef?) -> [JobConfig] {
    app.flatMap { facts.configsByApp[$0.id] } ?? facts.configs
  }

  /// The apps in the store (with their service principals), for `--app`.
  package var apps: [AppRef] { facts.apps }
}

import Foundation
import GRDB
import ScimDiagParsing

/// The `users` triage kept in the store. Diagnosing every user of a large tenant is slow; the
/// rows only change when the store's records, its configuration snapshots or the code that
/// derives them (`DerivedData.version`) change, so they are kept with a fingerprint of all three
/// and reused while it still matches. The report reads its counts and its users table from
/// here, a row at a time.
extension Store {
  /// What the triage depends on: the ingested sources, the configuration rows and the version
  /// of the code that derives it.
  package func triageFingerprint() throws -> String {
    try read { db in
      try String.fetchOne(
        db,
        sql: """
          SELECT \(Store.derivedFingerprint)
            || '/' || (SELECT count(*) || ':' || coalesce(max(id), 0) FROM job_configs)
          """) ?? ""
    }
  }

  /// Whether the kept triage was made for `fingerprint`.
  package func triageIsKept(fingerprint: String) throws -> Bool {
    try read { db in
      try String.fetchOne(db, sql: "SELECT fingerprint FROM triage_state WHERE id = 1") == fingerprint
    }
  }

  private static let triageColumns =
    "user_id, label, app, triggers, trigger_kind, trigger_time, trigger_ref, trigger_source, outcome, cause, confidence"

  private static func summary(_ row: Row) -> UserSummary {
    var trigger: Trigger?
    if let kind = TriggerKind(rawValue: row["trigger_kind"] ?? ""),
      let source = EvidenceSource(rawValue: row["trigger_source"] ?? "")
    {
      trigger = Trigger(kind: kind, time: row["trigger_time"] ?? "", ref: row["trigger_ref"] ?? "", source: source)
    }
    return UserSummary(
      userId: row["user_id"], user: row["label"], app: row["app"], triggers: row["triggers"], latestTrigger: trigger,
      outcome: (row["outcome"] as String?).flatMap(Outcome.init), cause: row["cause"],
      confidence: (row["confidence"] as String?).flatMap(Confidence.init))
  }

  /// The kept triage, when it was made for `fingerprint`.
  package func cachedTriage(fingerprint: String) throws -> [UserSummary]? {
    guard try triageIsKept(fingerprint: fingerprint) else { return nil }
    var rows: [UserSummary] = []
    try eachTriageRow(app: nil) { rows.append($0) }
    return rows
  }

  /// The kept triage's rows in order (only `app`'s when given), one at a time.
  package func eachTriageRow(app: String?, _ body: (UserSummary) throws -> Void) throws {
    try read { db in
      let rows = try Row.fetchCursor(
        db, sql: "SELECT \(Store.triageColumns) FROM triage \(app == nil ? "" : "WHERE app = ?") ORDER BY position",
        arguments: StatementArguments(app.map { [$0] } ?? []))
      while let row = try rows.next() { try body(Store.summary(row)) }
    }
  }

  /// The kept triage's users (in order, each once) whose latest finding has one of
  /// `attention`s (any when nil), at most `limit`.
  package func triageUserIds(app: String?, attention: [Attention]?, limit: Int) throws -> [Int] {
    try read { db in
      var conditions = ["user_id IS NOT NULL"]
      var arguments: [(any DatabaseValueConvertible)?] = []
      if let app {
        conditions.append("app = ?")
        arguments.append(app)
      }
      if let attention {
        conditions.append("attention IN (\(attention.map { _ in "?" }.joined(separator: ",")))")
        arguments += attention.map(\.rawValue)
      }
      return try Int.fetchAll(
        db,
        sql: """
          SELECT user_id FROM triage WHERE \(conditions.joined(separator: " AND "))
          GROUP BY user_id ORDER BY min(position) LIMIT ?
          """, arguments: StatementArguments(arguments + [limit]))
    }
  }

  /// The kept triage's counts: rows, distinct users and triggers, and the rows by attention,
  /// outcome and cause (`""` for a row without a finding).
  package func triageTotals(app: String?) throws -> TriageTotals {
    try read { db in
      var totals = TriageTotals()
      let filter = app == nil ? "" : "WHERE app = ?"
      let arguments = StatementArguments(app.map { [$0] } ?? [])
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT coalesce(attention, '') AS attention, coalesce(outcome, '') AS outcome, coalesce(cause, '') AS cause,
            count(*) AS n, sum(triggers) AS triggers, count(DISTINCT user_id) AS users
          FROM triage \(filter) GROUP BY 1, 2, 3
          """, arguments: arguments)
      while let row = try rows.next() {
        let n: Int = row["n"]
        totals.rows += n
        totals.triggers += row["triggers"] ?? 0
        totals.byAttention[row["attention"], default: 0] += n
        totals.byOutcome[row["outcome"], default: 0] += n
        totals.byCause[row["cause"], default: 0] += n
      }
      let users = try Row.fetchOne(
        db,
        sql: """
          SELECT count(DISTINCT user_id) AS users,
            count(DISTINCT CASE WHEN attention = '\(Attention.needsAction.rawValue)' THEN user_id END) AS action,
            min(trigger_time) AS first, max(trigger_time) AS last
          FROM triage \(filter)
          """, arguments: arguments)
      totals.users = users?["users"] ?? 0
      totals.usersNeedingAction = users?["action"] ?? 0
      totals.firstTrigger = users?["first"]
      totals.lastTrigger = users?["last"]
      return totals
    }
  }

  /// The latest trigger times of the kept triage, in order, one at a time.
  package func eachTriageTriggerTime(app: String?, _ body: (String) throws -> Void) throws {
    try read { db in
      let times = try String.fetchCursor(
        db,
        sql: """
          SELECT trigger_time FROM triage WHERE trigger_time IS NOT NULL \(app == nil ? "" : "AND app = ?")
          ORDER BY trigger_time
          """, arguments: StatementArguments(app.map { [$0] } ?? []))
      while let t = try times.next() { try body(t) }
    }
  }

  /// Starts a new triage. Its rows gather in a temporary table of this connection (in a file)
  /// and replace the kept ones only in `finishTriage`, in one transaction: two scimdiag
  /// processes making the triage at once each keep a whole one, and the last one stays.
  package func beginTriage() throws {
    if readOnly { throw ScimDiagError.database(path: path, reason: Store.readOnlyStale) }
    try queue.write { db in
      try db.execute(sql: "DROP TABLE IF EXISTS temp.triage_build")
      try db.execute(
        sql: Tables.triage.createSQL.replacingOccurrences("CREATE TABLE triage", "CREATE TEMP TABLE triage_build"))
    }
  }

  /// Adds rows to the triage being made, numbered from `position`.
  package func appendTriage(_ rows: [UserSummary], from position: Int) throws {
    try queue.write { db in
      let insert = try db.makeStatement(
        sql: Tables.triage.namedInsertSQL().replacingOccurrences("INSERT INTO triage", "INSERT INTO temp.triage_build"))
      for (i, r) in rows.enumerated() {
        let t = r.latestTrigger
        try insert.execute(arguments: [
          "position": position + i, "user_id": r.userId, "label": r.user, "app": r.app, "triggers": r.triggers,
          "trigger_kind": t?.kind.rawValue, "trigger_time": t?.time, "trigger_ref": t?.ref,
          "trigger_source": t?.source.rawValue, "outcome": r.outcome?.rawValue, "cause": r.cause,
          "confidence": r.confidence?.rawValue, "attention": r.attention?.rawValue,
        ])
      }
    }
  }

  /// Replaces the kept triage with the one just made, as the one for `fingerprint`. The
  /// table is made anew: it is a cache, and its columns may differ in a store an older build
  /// wrote.
  package func finishTriage(fingerprint: String) throws {
    try queue.write { db in
      try db.execute(sql: "DROP TABLE IF EXISTS triage")
      try db.execute(sql: Tables.triage.createSQL)
      try db.execute(sql: "INSERT INTO triage SELECT * FROM temp.triage_build ORDER BY position")
      try db.execute(sql: "DROP TABLE temp.triage_build")
      try db.execute(
        sql: "INSERT OR REPLACE INTO triage_state(id, fingerprint) VALUES (1, ?)", arguments: [fingerprint])
    }
  }
}

/// Counts over the kept triage (one row per user, or per user and app).
package struct TriageTotals: Sendable, Equatable {
  package var rows = 0
  package var users = 0
  package var triggers = 0
  package var byAttention: [String: Int] = [:]
  package var byOutcome: [String: Int] = [:]
  package var byCause: [String: Int] = [:]
  /// Distinct users with a row whose latest finding needs action.
  package var usersNeedingAction = 0
  package var firstTrigger: String?
  package var lastTrigger: String?
}

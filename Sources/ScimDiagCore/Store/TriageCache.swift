import Foundation
import GRDB

/// The `users` triage kept in the store. Diagnosing every user of a large tenant is slow; the
/// rows only change when the store's records, its configuration snapshots or the code that
/// derives them (`DerivedData.version`) change, so they are kept with a fingerprint of all three
/// and reused while it still matches.
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

  /// The kept triage, when it was made for `fingerprint`.
  package func cachedTriage(fingerprint: String) throws -> [UserSummary]? {
    try read { db -> [UserSummary]? in
      guard try String.fetchOne(db, sql: "SELECT fingerprint FROM triage_state WHERE id = 1") == fingerprint else {
        return nil
      }
      return try Array(
        Row.fetchCursor(
          db,
          sql: """
            SELECT label, triggers, trigger_kind, trigger_time, trigger_ref, trigger_source, outcome, cause, confidence
            FROM triage ORDER BY position
            """
        ).map { row in
          var trigger: Trigger?
          if let kind = TriggerKind(rawValue: row[2] ?? ""), let source = EvidenceSource(rawValue: row[5] ?? "") {
            trigger = Trigger(kind: kind, time: row[3] ?? "", ref: row[4] ?? "", source: source)
          }
          return UserSummary(
            user: row[0], triggers: row[1], latestTrigger: trigger, outcome: (row[6] as String?).flatMap(Outcome.init),
            cause: row[7], confidence: (row[8] as String?).flatMap(Confidence.init))
        })
    }
  }

  /// Keeps `rows` as the triage for `fingerprint`, replacing what was kept.
  package func keepTriage(_ rows: [UserSummary], fingerprint: String) throws {
    try queue.write { db in
      try db.execute(sql: "DELETE FROM triage")
      let insert = try db.makeStatement(
        sql: """
          INSERT INTO triage(position, label, triggers, trigger_kind, trigger_time, trigger_ref, trigger_source,
            outcome, cause, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """)
      for (i, r) in rows.enumerated() {
        let t = r.latestTrigger
        try insert.execute(arguments: [
          i, r.user, r.triggers, t?.kind.rawValue, t?.time, t?.ref, t?.source.rawValue, r.outcome?.rawValue, r.cause,
          r.confidence?.rawValue,
        ])
      }
      try db.execute(
        sql: "INSERT OR REPLACE INTO triage_state(id, fingerprint) VALUES (1, ?)", arguments: [fingerprint])
    }
  }
}

import Foundation
import GRDB
import ScimDiagParsing

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
            SELECT label, app, triggers, trigger_kind, trigger_time, trigger_ref, trigger_source, outcome, cause, confidence
            FROM triage ORDER BY position
            """
        ).map { row in
          var trigger: Trigger?
          if let kind = TriggerKind(rawValue: row["trigger_kind"] ?? ""),
            let source = EvidenceSource(rawValue: row["trigger_source"] ?? "")
          {
            trigger = Trigger(
              kind: kind, time: row["trigger_time"] ?? "", ref: row["trigger_ref"] ?? "", source: source)
          }
          return UserSummary(
            user: row["label"], app: row["app"], triggers: row["triggers"], latestTrigger: trigger,
            outcome: (row["outcome"] as String?).flatMap(Outcome.init), cause: row["cause"],
            confidence: (row["confidence"] as String?).flatMap(Confidence.init))
        })
    }
  }

  /// Keeps `rows` as the triage for `fingerprint`, replacing what was kept.
  package func keepTriage(_ rows: [UserSummary], fingerprint: String) throws {
    try queue.write { db in
      try db.execute(sql: "DELETE FROM triage")
      let insert = try db.makeStatement(sql: Tables.triage.namedInsertSQL())
      for (i, r) in rows.enumerated() {
        let t = r.latestTrigger
        try insert.execute(arguments: [
          "position": i, "label": r.user, "app": r.app, "triggers": r.triggers, "trigger_kind": t?.kind.rawValue,
          "trigger_time": t?.time, "trigger_ref": t?.ref, "trigger_source": t?.source.rawValue,
          "outcome": r.outcome?.rawValue, "cause": r.cause, "confidence": r.confidence?.rawValue,
        ])
      }
      try db.execute(
        sql: "INSERT OR REPLACE INTO triage_state(id, fingerprint) VALUES (1, ?)", arguments: [fingerprint])
    }
  }
}

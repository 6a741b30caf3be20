import GRDB
import ScimDiagParsing

extension Store {
  /// The apps whose jobs the provisioning log holds, with what the store holds of each.
  package func apps(facts: TenantFacts) throws -> [AppSummary] {
    try read { db in
      try facts.apps.map { app in
        let row = try Row.fetchOne(
          db,
          sql: """
            SELECT count(*) AS events, min(activity_time) AS first, max(activity_time) AS last,
              count(DISTINCT cycle_id) AS cycles
            FROM provisioning_events WHERE service_principal_id = ?
            """, arguments: [app.id])
        let jobs = try facts.jobIdsByApp[app.id] ?? Store.jobIds(db, app: app.id)
        return AppSummary(
          app: app, jobIds: jobs, firstEvent: row?["first"], lastEvent: row?["last"], events: row?["events"] ?? 0,
          cycles: row?["cycles"] ?? 0, scimLog: facts.apps.count == 1 ? facts.hasScim : facts.scimApp == app.id,
          scimLogBasis: facts.scimAppBasis, configurations: [])
      }
    }
  }

  /// The job ids an app's provisioning events name (one, unless the job was recreated).
  static func jobIds(_ db: Database, app: String) throws -> [String] {
    try String.fetchAll(
      db,
      sql: """
        SELECT DISTINCT job_id FROM provisioning_events WHERE service_principal_id = ? AND job_id IS NOT NULL
        ORDER BY job_id
        """, arguments: [app])
  }
}

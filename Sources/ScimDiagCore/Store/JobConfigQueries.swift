import GRDB
import ScimDiagParsing

extension Store {
  /// The job configuration over time: one snapshot per export time, each with the latest
  /// schema and settings known at that time. With `app`, only the configuration that may be
  /// that app's: files stated to be its own (`ingest --app`) or stated to be no app's, and no
  /// job object of another app's job.
  package func jobConfigs(app: AppRef? = nil, otherJobs: Set<String> = []) throws -> [JobConfig] {
    try read { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT c.exported_at, c.kind, c.name, c.value, s.path AS file, s.app FROM job_configs c
          JOIN sources s ON s.id = c.source_id ORDER BY c.exported_at, c.kind, c.name, c.id
          """
      ).filter { row in
        guard let app else { return true }
        if let stated: String = row["app"], !app.matches(stated) { return false }
        if (row["name"] as String) == "JobStatus", let job = JobStatus(setting: row["value"])?.jobId {
          return !otherJobs.contains(job)
        }
        return true
      }
      var snapshots: [JobConfig] = []
      var schema: [JobConfig.ObjectMapping] = []
      var settings: [String: String] = [:]
      for row in rows {
        let time: String = row["exported_at"]
        let kind: String = row["kind"]
        if kind == "schema" {
          schema = JobConfig.mappings(fromSchema: (try? JSONValue.parse(row["value"] as String)) ?? .null)
        } else {
          settings[row["name"]] = row["value"]
        }
        let snapshot = JobConfig(exportedAt: time, source: row["file"], mappings: schema, settings: settings)
        if snapshots.last?.exportedAt == time {
          snapshots[snapshots.count - 1] = snapshot
        } else {
          snapshots.append(snapshot)
        }
      }
      return snapshots
    }
  }

  /// The apps configuration files were stated to belong to (`ingest --app`), as stated.
  package func statedConfigApps() throws -> [String] {
    try read { db in
      try String.fetchAll(
        db, sql: "SELECT DISTINCT s.app FROM sources s JOIN job_configs c ON c.source_id = s.id WHERE s.app IS NOT NULL"
      )
    }
  }

  /// Records job settings given on the command line, as a source of their own.
  package func setJobSettings(_ settings: [(String, String)], at time: String, app: String? = nil) throws {
    try write { w in
      let id = try w.beginSource(path: "(command line)", ingestedAt: time, app: app)
      var summary = FileSummary(path: "(command line)")
      summary.format = "job-settings"
      summary.container = "command-line"
      summary.encoding = "utf-8"
      summary.sha256 = SHA256.hex(settings.map { "\($0)=\($1)" }.joined(separator: "\n") + time)
      for (key, value) in settings {
        let known = JobConfigParser.knownSettings.first { $0.lowercased() == key.lowercased() } ?? key
        if try w.insert(
          .jobConfig(JobConfigRecord(kind: .setting, name: known, value: value, exportedAt: time)), sourceId: id,
          line: 0)
        {
          summary.new += 1
        }
        summary.read += 1
      }
      summary.firstTime = time
      summary.lastTime = time
      try w.finishSource(id: id, summary: summary)
    }
  }
}

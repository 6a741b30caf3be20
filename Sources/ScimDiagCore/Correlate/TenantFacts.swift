import ScimDiagParsing

/// Facts about the whole tenant that findings depend on.
package struct TenantFacts: Sendable {
  package var hasAudit = false
  package var hasProvisioning = false
  package var hasScim = false
  package var logEnd: String?
  package var scimStart: String?
  package var scimEnd: String?
  /// The span of the provisioning log and of the audit log (nil when none was ingested).
  package var provisioningStart: String?
  package var provisioningEnd: String?
  package var auditStart: String?
  package var auditEnd: String?
  package var appServicePrincipals: Set<String> = []
  /// The apps whose jobs the provisioning log holds, by service principal id.
  package var apps: [AppRef] = []
  /// The app the SCIM request log belongs to: the one whose provisioning events name the SCIM
  /// ids the log's requests use; nil when there is one app, no SCIM log, or it is ambiguous.
  package var scimApp: String?
  /// How the SCIM log was attributed (`stated at ingest …`, `N SCIM ids …`), or why not.
  package var scimAppBasis: String?
  /// With several apps: the start times of each app's own cycles (its job's cycle ids, and the
  /// SCIM log's bursts for the app it belongs to), sorted. Each job runs its own cycles.
  package var cycleStartsByApp: [String: [String]] = [:]
  /// With several apps: the job ids each app's provisioning events name.
  package var jobIdsByApp: [String: [String]] = [:]
  /// The apps each group is assigned to, from the audit log's app-role assignments to groups:
  /// a removal from such a group concerns only those apps.
  package var groupApps: [String: Set<String>] = [:]
  /// With several apps: the configuration snapshots that may be each app's (`Store.jobConfigs`).
  package var configsByApp: [String: [JobConfig]] = [:]
  /// False when the store holds several apps and no configuration file was stated to be this
  /// app's: a snapshot then may be another app's job, and configuration causes stay `possible`.
  package var configAttributed = true
  /// The apps configuration files were stated to belong to.
  package var configStatedApps: Set<String> = []
  package var jobEvents: [JobEvent] = []
  /// The job configuration snapshots, in export order.
  package var configs: [JobConfig] = []
  /// Provisioning-service audit events that may change the job's configuration (mappings,
  /// settings, pause, restart; reference §3.4), in time order.
  package var configChanges: [JobEvent] = []
  /// Epoch seconds of every user's successful provisioning disables and deletes, sorted: what
  /// the job did tenant-wide, against which a configuration snapshot is checked. Read only when
  /// the store holds a configuration snapshot (`Explainer.init`): empty otherwise.
  package var disableEpochs: [Double] = []
  package var deleteEpochs: [Double] = []

  /// A configuration change between two times (in either order).
  package func configChange(between a: String, and b: String) -> JobEvent? {
    let (from, to) = a < b ? (a, b) : (b, a)
    return configChanges.first { $0.time > from && $0.time < to }
  }

  /// An epoch in `sorted` within `seconds` of `time`, nearest first.
  package static func nearest(_ sorted: [Double], to time: Double, within seconds: Double) -> Double? {
    var lo = 0
    var hi = sorted.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if sorted[mid] < time { lo = mid + 1 } else { hi = mid }
    }
    let candidates = [lo - 1, lo].filter { sorted.indices.contains($0) }.map { sorted[$0] }
    return candidates.filter { abs($0 - time) <= seconds }.min { abs($0 - time) < abs($1 - time) }
  }

  /// The configuration in force at `time`: the latest snapshot exported before it, else the
  /// earliest one (flagged `afterwards`, since it was exported after the event).
  package func config(at time: String) -> (config: JobConfig, afterwards: Bool)? {
    if let c = configs.last(where: { $0.exportedAt <= time }) { return (c, false) }
    return configs.first.map { ($0, true) }
  }

  /// Start times of the cycles the logs show (`CycleInference`), sorted.
  package var cycleStarts: [String] = []

  package init() {}

  /// The first cycle that started strictly after `time` (and before `limit`).
  package func firstCycle(after time: String, before limit: String? = nil) -> String? {
    firstCycle(from: time, inclusive: false, before: limit)
  }

  /// The first cycle that started at `time` or later (and before `limit`): the cycle a
  /// provisioning event of that time belongs to counts.
  package func firstCycle(atOrAfter time: String, before limit: String? = nil) -> String? {
    firstCycle(from: time, inclusive: true, before: limit)
  }

  private func firstCycle(from time: String, inclusive: Bool, before limit: String?) -> String? {
    var lo = 0
    var hi = cycleStarts.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if inclusive ? cycleStarts[mid] < time : cycleStarts[mid] <= time { lo = mid + 1 } else { hi = mid }
    }
    guard lo < cycleStarts.count else { return nil }
    let t = cycleStarts[lo]
    if let limit, t >= limit { return nil }
    return t
  }

  /// The job state at `time`: the last pause/quarantine/resume event before it.
  package func jobState(at time: String) -> JobEvent? {
    jobEvents.last { $0.time <= time }
  }
}

/// A provisioning cycle as seen in the logs.
package struct Cycle: Sendable, Encodable, Equatable {
  /// The provisioning log's `cycleId`, or nil for a burst of SCIM activity without one.
  package var cycleId: String?
  package var start: String
  package var end: String
  package var provisioningEvents: Int
  package var scimRequests: Int
  /// Minutes since the previous cycle started, nil for the first.
  package var minutesSincePrevious: Double?
}

/// Infers cycles: provisioning events grouped by `cycleId`; SCIM requests outside those are
/// grouped into bursts (a pause of more than 10 minutes starts a new burst). A gap much longer
/// than Entra's 20–40 minutes suggests a paused, stopped or quarantined job.
package enum CycleInference {
  /// Gaps longer than this are flagged (Entra runs a cycle every 20–40 minutes).
  package static let gapMinutes = 60.0

  package static func infer(
    provisioning: [(cycleId: String?, time: String)], scimTimes: [String]
  ) -> [Cycle] {
    var byId: [String: Cycle] = [:]
    var loose: [String] = []
    for (id, time) in provisioning {
      guard let id else {
        loose.append(time)
        continue
      }
      if var c = byId[id] {
        c.start = min(c.start, time)
        c.end = max(c.end, time)
        c.provisioningEvents += 1
        byId[id] = c
      } else {
        byId[id] = Cycle(cycleId: id, start: time, end: time, provisioningEvents: 1, scimRequests: 0)
      }
    }
    var cycles = Array(byId.values)
    // SCIM requests inside a known cycle's span (plus a minute either side) belong to it.
    cycles.sort { ($0.start, $0.cycleId ?? "") < ($1.start, $1.cycleId ?? "") }
    var bursts: [Cycle] = []
    for time in (scimTimes + loose).sorted() {
      if let i = cycles.firstIndex(where: { $0.start.minutes(to: time) >= -1 && time.minutes(to: $0.end) >= -1 }) {
        cycles[i].scimRequests += 1
        continue
      }
      // A burst ends after a 10-minute pause, or when it would outlast a cycle (40 minutes).
      if var last = bursts.last, last.end.minutes(to: time) <= 10, last.start.minutes(to: time) <= 40 {
        last.end = time
        last.scimRequests += 1
        bursts[bursts.count - 1] = last
      } else {
        bursts.append(Cycle(cycleId: nil, start: time, end: time, provisioningEvents: 0, scimRequests: 1))
      }
    }
    var all = (cycles + bursts).sorted { ($0.start, $0.cycleId ?? "") < ($1.start, $1.cycleId ?? "") }
    for i in all.indices.dropFirst() { all[i].minutesSincePrevious = all[i - 1].start.minutes(to: all[i].start) }
    return all
  }
}

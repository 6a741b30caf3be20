import ScimDiagParsing

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
    var times = (scimTimes + loose).sorted().makeIterator()
    return infer(cycles: Array(byId.values)) { times.next() }
  }

  /// The same from cycles already grouped by id (start, end and event count) and the other
  /// times (SCIM requests, provisioning events without a cycle id) in ascending order, one
  /// at a time from `nextTime`: what is held grows with the cycles, not with the requests.
  package static func infer(cycles grouped: [Cycle], nextTime: () throws -> String?) rethrows -> [Cycle] {
    var cycles = grouped
    // SCIM requests inside a known cycle's span (plus a minute either side) belong to it.
    cycles.sort { ($0.start, $0.cycleId ?? "") < ($1.start, $1.cycleId ?? "") }
    let starts = cycles.map { Timestamp.epochSeconds($0.start) ?? 0 }
    let ends = cycles.map { Timestamp.epochSeconds($0.end) ?? 0 }
    let longest = zip(starts, ends).map { $1 - $0 }.max() ?? 0
    var bursts: [Cycle] = []
    var burstStart = 0.0
    var burstEnd = 0.0
    while let time = try nextTime() {
      let t = Timestamp.epochSeconds(time) ?? 0
      // The first cycle (by start) whose span ±60 s holds t: only cycles that start at most
      // the longest cycle's length before t can.
      var hi = starts.count
      var lo = 0
      while lo < hi {
        let mid = (lo + hi) / 2
        if starts[mid] - 60 <= t { lo = mid + 1 } else { hi = mid }
      }
      var found: Int?
      var i = lo - 1
      while i >= 0, starts[i] >= t - longest - 60 {
        if ends[i] + 60 >= t { found = i }
        i -= 1
      }
      if let found {
        cycles[found].scimRequests += 1
        continue
      }
      // A burst ends after a 10-minute pause, or when it would outlast a cycle (40 minutes).
      if var last = bursts.last, t - burstEnd <= 600, t - burstStart <= 2400 {
        last.end = time
        last.scimRequests += 1
        bursts[bursts.count - 1] = last
        burstEnd = t
      } else {
        bursts.append(Cycle(cycleId: nil, start: time, end: time, provisioningEvents: 0, scimRequests: 1))
        burstStart = t
        burstEnd = t
      }
    }
    var all = (cycles + bursts).sorted { ($0.start, $0.cycleId ?? "") < ($1.start, $1.cycleId ?? "") }
    for i in all.indices.dropFirst() { all[i].minutesSincePrevious = all[i - 1].start.minutes(to: all[i].start) }
    return all
  }
}

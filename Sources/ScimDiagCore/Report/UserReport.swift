import Foundation
import ScimDiagParsing

/// The report model of `explain`: one user, their timeline and a finding per trigger.
package struct UserReport: Sendable, Encodable, Equatable {
  package var user: UserIdentity
  package var timeline: [TimelineEvent]
  package var findings: [Finding]
  /// Entra connectivity probes during the user's timeline (not evidence about the user).
  package var probesFolded: Int
  /// What the store holds, for which period.
  package var sources: SourceCoverage
  /// The scimdiag version that made the report.
  package var scimdiag = ScimDiagVersion.current

  /// The apps the findings name, in the order they first appear (nil for a finding without one).
  package var findingApps: [AppRef?] {
    var apps: [AppRef?] = []
    for f in findings where !apps.contains(f.app) { apps.append(f.app) }
    return apps
  }

  /// The report with only the findings about `app` (all of them when the store has one app).
  package func only(_ app: AppRef?) -> UserReport {
    guard let app else { return self }
    var r = self
    r.findings = findings.filter { $0.app == nil || $0.app?.id == app.id }
    return r
  }
}

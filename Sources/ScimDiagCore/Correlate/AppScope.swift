/// Which apps a user's timeline concerns, and the part of it each app may use: another app's
/// provisioning events and assignments are never evidence about this one.
package enum AppScope {
  /// The apps the user is in the scope of: those whose jobs logged the user, whose assignments
  /// name the user, and the app the SCIM request log belongs to when it has the user.
  package static func apps(of timeline: [TimelineEvent], facts: TenantFacts) -> [AppRef] {
    var ids: Set<String> = []
    for e in timeline {
      if let sp = e.provisioning?.servicePrincipalId { ids.insert(sp) }
      if let a = e.audit, [.assign, .unassign].contains(a.kind), let sp = a.servicePrincipalId { ids.insert(sp) }
      if e.scim != nil, let app = facts.scimApp { ids.insert(app) }
    }
    return facts.apps.filter { ids.contains($0.id) }
  }

  /// The events `app` may use: its own provisioning events, audit events that are not another
  /// app's assignments, and the SCIM requests when the log is this app's or not attributed.
  package static func timeline(_ timeline: [TimelineEvent], for app: AppRef, facts: TenantFacts) -> [TimelineEvent] {
    timeline.filter { e in
      switch e.payload {
      case .provisioning(let p): return p.servicePrincipalId == nil || p.servicePrincipalId == app.id
      case .audit(let a):
        // A membership change of a group assigned to other apps only is not about this one.
        if [.groupRemoval, .groupAdd].contains(a.kind), let group = a.groupId, let apps = facts.groupApps[group] {
          return apps.contains(app.id)
        }
        guard [.assign, .unassign].contains(a.kind), let sp = a.servicePrincipalId else { return true }
        return sp == app.id
      case .scim: return facts.scimApp == nil || facts.scimApp == app.id
      }
    }
  }

  /// The tenant facts as `app` sees them: its own cycles, its configuration, and no SCIM log
  /// when the log is another app's.
  package static func facts(_ facts: TenantFacts, for app: AppRef) -> TenantFacts {
    var scoped = facts
    scoped.appServicePrincipals = [app.id]
    if let starts = facts.cycleStartsByApp[app.id] { scoped.cycleStarts = starts }
    if let configs = facts.configsByApp[app.id] { scoped.configs = configs }
    scoped.configAttributed = facts.configStatedApps.contains(app.id)
    if let scimApp = facts.scimApp, scimApp != app.id {
      scoped.hasScim = false
      scoped.scimStart = nil
      scoped.scimEnd = nil
    }
    return scoped
  }
}

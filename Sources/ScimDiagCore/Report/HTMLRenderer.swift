import ScimDiagParsing

/// Renders a `TenantReport` as one self-contained HTML file: no external resources, a
/// Content-Security-Policy that admits only the report's own inline style and script (by
/// hash), every value from the logs escaped, per-user detail collapsed, charts as inline SVG.
/// Readable without JavaScript; the script only sorts and filters the users table.
package enum HTMLRenderer {
  /// Escapes text for HTML content and double-quoted attributes.
  package static func h(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for u in s.unicodeScalars {
      switch u {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default:
        if u.value < 0x20 && u != "\n" && u != "\t" {
          out += "&#xFFFD;"
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    return out
  }

  static let style = """
    :root{--fg:#1d2330;--muted:#5b6475;--line:#d8dde6;--bg:#fff;--ok:#1b7f3b;--bad:#b42318;--warn:#9a6700;--accent:#2f5bd3}
    *{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1180px;padding:24px}
    h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:16px 0 6px}
    p.meta{color:var(--muted);margin:0}table{border-collapse:collapse;width:100%;margin:6px 0 12px}th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
    th{background:#f4f6fa;font-weight:600}th.sortable{cursor:pointer}td.num,th.num{text-align:right}code{font:12px ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
    .o-delivered{color:var(--ok);font-weight:600}.o-failed,.o-nothing,.o-get-only,.o-skipped{color:var(--bad);font-weight:600}.o-pending{color:var(--warn);font-weight:600}
    .c-certain{font-weight:600}.c-possible{color:var(--muted)}details.user{content-visibility:auto;contain-intrinsic-size:auto 44px;border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:6px 10px}
    details.user>summary{cursor:pointer;font-weight:600}details.user[open]>summary{margin-bottom:8px}.finding{border-left:3px solid var(--accent);padding:2px 10px;margin:10px 0}
    .finding dl{display:grid;grid-template-columns:110px 1fr;gap:2px 10px;margin:4px 0}.finding dt{color:var(--muted)}.finding dd{margin:0}
    .filters{display:flex;gap:12px;flex-wrap:wrap;align-items:center;margin:8px 0}.filters label{color:var(--muted)}
    svg{display:block;max-width:100%;height:auto}svg text{font:11px system-ui,sans-serif;fill:var(--muted)}
    .lane{fill:#f4f6fa}.ev-audit{fill:#7a4cc2}.ev-provisioning{fill:#2f5bd3}.ev-scim{fill:#1b7f3b}.ev-bad{fill:#b42318}
    .cycle{fill:#2f5bd3}.burst{fill:#8fa6e8}.gap{fill:#fde7e5}.trigger{stroke:#b42318;stroke-width:1.5}.axis{stroke:#d8dde6}
    article.cause{border-top:1px solid var(--line);padding-top:6px}article.cause:target{background:#fff8d6}
    .hidden{display:none}.small{font-size:12px;color:var(--muted)}
    @media print{body{max-width:none;padding:0}.filters{display:none}details.user{break-inside:avoid}}
    """

  static let script = """
    (function(){
    var t=document.getElementById('users-table');if(!t)return;var body=t.tBodies[0];
    var rows=Array.prototype.slice.call(body.rows);
    var fo=document.getElementById('f-outcome'),fc=document.getElementById('f-cause'),fu=document.getElementById('f-user');
    function apply(){var o=fo.value,c=fc.value,u=fu.value.toLowerCase(),n=0;
    rows.forEach(function(r){var show=(!o||r.dataset.outcome===o)&&(!c||r.dataset.cause===c)&&(!u||r.dataset.user.indexOf(u)>=0);
    r.classList.toggle('hidden',!show);if(show)n++;});document.getElementById('f-count').textContent=n+' shown';}
    [fo,fc].forEach(function(e){e.addEventListener('change',apply);});fu.addEventListener('input',apply);
    var ths=t.tHead.rows[0].cells;
    Array.prototype.forEach.call(ths,function(th,i){th.classList.add('sortable');th.addEventListener('click',function(){
    var dir=th.dataset.dir==='asc'?'desc':'asc';Array.prototype.forEach.call(ths,function(x){delete x.dataset.dir;});th.dataset.dir=dir;
    rows.sort(function(a,b){var x=a.cells[i].dataset.sort||a.cells[i].textContent,y=b.cells[i].dataset.sort||b.cells[i].textContent;
    return (x<y?-1:x>y?1:0)*(dir==='asc'?1:-1);});rows.forEach(function(r){body.appendChild(r);});});});
    window.addEventListener('beforeprint',function(){Array.prototype.forEach.call(document.querySelectorAll('details'),function(d){d.open=true;});});
    apply();})();
    """

  static func hash(_ text: String) -> String {
    var hasher = SHA256()
    hasher.update(Array(text.utf8))
    return "'sha256-" + hasher.base64Digest() + "'"
  }

  /// The Content-Security-Policy: nothing but this file's own style and script.
  static var csp: String {
    "default-src 'none'; style-src \(hash(style)); script-src \(hash(script)); img-src 'none'; base-uri 'none'; form-action 'none'"
  }

  static func time(_ t: String) -> String { ExplainRenderer.time(t) }

  package static func render(_ r: TenantReport) -> String {
    var o = ""
    o.reserveCapacity(64 * 1024 + r.users.count * 4096)
    o += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    o += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(csp)\">\n"
    o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    o += "<meta name=\"generator\" content=\"scimdiag\">\n"
    o += "<title>scimdiag: deprovisioning report</title>\n<style>\(style)</style>\n</head>\n<body>\n"
    o += "<header><h1>Why deprovisioning did not reach the app</h1>"
    o +=
      "<p class=\"meta\">Report made \(h(time(r.generatedAt))) UTC by scimdiag \(ScimDiagVersion.current) from the logs listed below.</p>"
      + "<p class=\"meta\">Sources: \(h(r.coverage.line))</p></header>\n"
    ingested(r, into: &o)
    summary(r, into: &o)
    usersTable(r, into: &o)
    o += "<section id=\"details\"><h2>Per user</h2>\n"
    for (i, u) in r.users.enumerated() { user(u, index: i, open: r.users.count == 1, into: &o) }
    if r.users.isEmpty { o += "<p>No users.</p>\n" }
    o += "</section>\n"
    catalog(r, into: &o)
    o += "<script>\(script)</script>\n</body>\n</html>\n"
    return o
  }

  static func ingested(_ r: TenantReport, into o: inout String) {
    let i = r.ingested
    o += "<section id=\"ingested\"><h2>What was ingested</h2>\n"
    o +=
      "<p>\(i.provisioningEvents) provisioning events, \(i.auditEvents) audit events, \(i.scimRequests) SCIM requests"
    if let a = i.firstTime, let b = i.lastTime { o += " from \(h(time(a))) to \(h(time(b))) UTC" }
    o += "; <strong>\(i.rejected)</strong> rejected record\(i.rejected == 1 ? "" : "s")"
    o += i.rejected > 0 ? " (run <code>scimdiag rejects</code>)." : "."
    o +=
      "</p>\n<table><thead><tr><th>file</th><th>format</th><th>encoding</th><th class=\"num\">records</th><th class=\"num\">new</th><th class=\"num\">rejected</th><th>time span (UTC)</th></tr></thead><tbody>\n"
    for s in i.sources {
      o +=
        "<tr><td><code>\(h(s.path))</code></td><td>\(h(s.format)) <span class=\"small\">(\(h(s.container)))</span></td>"
      o += "<td>\(h(s.encoding))</td><td class=\"num\">\(s.recordsRead)</td><td class=\"num\">\(s.recordsNew)</td>"
      o +=
        "<td class=\"num\">\(s.recordsRejected)</td><td>\(h(s.firstTime.map(time) ?? "-")) – \(h(s.lastTime.map(time) ?? "-"))</td></tr>\n"
    }
    o += "</tbody></table></section>\n"
  }

  static func summary(_ r: TenantReport, into o: inout String) {
    o += "<section id=\"summary\"><h2>Summary</h2>\n"
    o +=
      "<p>\(r.triggers) deprovisioning trigger\(r.triggers == 1 ? "" : "s") for \(r.users.count) user\(r.users.count == 1 ? "" : "s").</p>\n"
    o +=
      "<h3>By outcome: what the app's SCIM endpoint saw</h3>\n<table id=\"by-outcome\"><thead><tr><th>outcome</th><th class=\"num\">triggers</th></tr></thead><tbody>\n"
    for c in r.byOutcome {
      o += "<tr><td class=\"o-\(h(c.name))\">\(h(c.name))</td><td class=\"num\">\(c.count)</td></tr>\n"
    }
    o +=
      "</tbody></table>\n<h3>By cause</h3>\n<table id=\"by-cause\"><thead><tr><th>cause</th><th class=\"num\">triggers</th><th>meaning</th></tr></thead><tbody>\n"
    for c in r.byCause {
      o +=
        "<tr><td><a href=\"#cause-\(h(c.name))\"><code>\(h(c.name))</code></a></td><td class=\"num\">\(c.count)</td><td>\(h(c.meaning ?? ""))</td></tr>\n"
    }
    o += "</tbody></table>\n<h3>Provisioning cycles</h3>\n"
    cycleChart(r, into: &o)
    o += "</section>\n"
  }

  /// Cycles as ticks on a time axis, gaps over an hour shaded, triggers as red lines.
  static func cycleChart(_ r: TenantReport, into o: inout String) {
    let times = r.cycles.map(\.start) + r.cycles.map(\.end) + r.triggerTimes
    guard let first = times.min(), let last = times.max(), let t0 = Timestamp.epochSeconds(first),
      let t1 = Timestamp.epochSeconds(last)
    else {
      o += "<p>No provisioning activity in the logs.</p>\n"
      return
    }
    let width = 1100.0
    let left = 10.0
    let plot = width - 20
    let span = max(t1 - t0, 3600)
    func x(_ t: String) -> Double { left + ((Timestamp.epochSeconds(t) ?? t0) - t0) / span * plot }
    var gaps = 0
    o +=
      "<svg id=\"cycle-chart\" viewBox=\"0 0 \(Int(width)) 96\" role=\"img\" aria-label=\"provisioning cycles over time\">\n"
    o +=
      "<title>Provisioning cycles (blue), SCIM activity without cycle id (light blue), gaps over an hour (shaded), triggers (red)</title>\n"
    o += "<line class=\"axis\" x1=\"\(left)\" y1=\"60\" x2=\"\(left + plot)\" y2=\"60\"/>\n"
    for (i, c) in r.cycles.enumerated() {
      if let m = c.minutesSincePrevious, m > CycleInference.gapMinutes, i > 0 {
        gaps += 1
        let a = x(r.cycles[i - 1].start)
        let b = x(c.start)
        o +=
          "<rect class=\"gap\" x=\"\(fmt(a))\" y=\"14\" width=\"\(fmt(max(1, b - a)))\" height=\"46\"><title>gap of \(Int(m.rounded())) minutes before \(h(time(c.start)))</title></rect>\n"
      }
    }
    for c in r.cycles {
      let a = x(c.start)
      o +=
        "<rect class=\"\(c.cycleId == nil ? "burst" : "cycle")\" x=\"\(fmt(a))\" y=\"30\" width=\"\(fmt(max(2, x(c.end) - a)))\" height=\"24\"><title>\(h(time(c.start))): \(c.provisioningEvents) provisioning events, \(c.scimRequests) SCIM requests</title></rect>\n"
    }
    for t in r.triggerTimes {
      o +=
        "<line class=\"trigger\" x1=\"\(fmt(x(t)))\" y1=\"18\" x2=\"\(fmt(x(t)))\" y2=\"60\"><title>trigger at \(h(time(t)))</title></line>\n"
    }
    for (label, at) in ticks(t0, t1) {
      let px = left + (at - t0) / span * plot
      o +=
        "<line class=\"axis\" x1=\"\(fmt(px))\" y1=\"60\" x2=\"\(fmt(px))\" y2=\"65\"/><text x=\"\(fmt(px))\" y=\"78\" text-anchor=\"middle\">\(h(label))</text>\n"
    }
    o +=
      "</svg>\n<p class=\"small\">\(r.cycles.count) cycles or bursts of activity; \(gaps) gap\(gaps == 1 ? "" : "s") longer than an hour (Entra runs a cycle every 20–40 minutes, once a day in quarantine).</p>\n"
  }

  static func ticks(_ t0: Double, _ t1: Double) -> [(String, Double)] {
    let steps: [Double] = [3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400, 30 * 86400]
    let step = steps.first { (t1 - t0) / $0 <= 12 } ?? 30 * 86400
    var out: [(String, Double)] = []
    var t = (t0 / step).rounded(.up) * step
    while t <= t1 {
      let iso = Timestamp.render(epochSeconds: Int64(t), fraction7: 0)
      out.append((step >= 86400 ? String(iso.prefix(10)) : String(iso.dropFirst(11).prefix(5)), t))
      t += step
    }
    return out
  }

  static func fmt(_ v: Double) -> String {
    let r = (v * 10).rounded() / 10
    return r == r.rounded() ? String(Int(r)) : String(r)
  }

  static func usersTable(_ r: TenantReport, into o: inout String) {
    o += "<section id=\"users\"><h2>Users</h2>\n<div class=\"filters\">"
    o += "<label for=\"f-outcome\">outcome</label><select id=\"f-outcome\"><option value=\"\">any</option>"
    for c in r.byOutcome { o += "<option>\(h(c.name))</option>" }
    o += "</select><label for=\"f-cause\">cause</label><select id=\"f-cause\"><option value=\"\">any</option>"
    for c in r.byCause { o += "<option>\(h(c.name))</option>" }
    o +=
      "</select><label for=\"f-user\">user</label><input id=\"f-user\" type=\"search\"><span id=\"f-count\" class=\"small\"></span></div>\n"
    o +=
      "<table id=\"users-table\"><thead><tr><th>user</th><th>latest trigger</th><th>time (UTC)</th><th>outcome</th><th>cause</th><th>confidence</th><th class=\"num\">triggers</th></tr></thead><tbody>\n"
    for (i, u) in r.users.enumerated() {
      let f = u.findings.last
      let outcome = f?.outcome.rawValue ?? ""
      o +=
        "<tr data-outcome=\"\(h(outcome))\" data-cause=\"\(h(f?.cause ?? ""))\" data-user=\"\(h(u.user.label.lowercased()))\">"
      o += "<td><a href=\"#user-\(i + 1)\">\(h(u.user.label))</a></td><td>\(h(f?.trigger.kind.rawValue ?? "-"))</td>"
      o += "<td data-sort=\"\(h(f?.trigger.time ?? ""))\">\(h(f.map { time($0.trigger.time) } ?? "-"))</td>"
      o += "<td class=\"o-\(h(outcome))\">\(h(outcome.isEmpty ? "-" : outcome))</td>"
      o += "<td>" + (f.map { "<a href=\"#cause-\(h($0.cause))\"><code>\(h($0.cause))</code></a>" } ?? "-") + "</td>"
      o += "<td class=\"c-\(h(f?.confidence.rawValue ?? ""))\">\(h(f?.confidence.rawValue ?? "-"))</td>"
      o += "<td class=\"num\" data-sort=\"\(sixDigits(u.findings.count))\">\(u.findings.count)</td></tr>\n"
    }
    o += "</tbody></table></section>\n"
  }

  static func user(_ u: UserReport, index: Int, open: Bool, into o: inout String) {
    let f = u.findings.last
    o += "<details class=\"user\" id=\"user-\(index + 1)\"\(open ? " open" : "")><summary>\(h(u.user.label))"
    if let f {
      o += " — <span class=\"o-\(h(f.outcome.rawValue))\">\(h(f.outcome.rawValue))</span>, <code>\(h(f.cause))</code>"
    }
    o += "</summary>\n<table class=\"identities\"><tbody>"
    for (k, v) in [
      ("display name", u.user.displayName), ("object id", u.user.objectId), ("UPN", u.user.upn),
      ("SCIM id", u.user.scimId),
    ] {
      if let v { o += "<tr><th>\(k)</th><td><code>\(h(v))</code></td></tr>" }
    }
    o +=
      "<tr><th>linked by</th><td>\(h(u.user.keys.map(\.description).joined(separator: ", ")))</td></tr></tbody></table>\n"
    lanes(u, into: &o)
    for (n, f) in u.findings.enumerated() {
      o +=
        "<div class=\"finding\"><h3>\(n + 1). \(h(f.trigger.kind.rawValue)) at \(h(time(f.trigger.time))) UTC</h3><dl>"
      if let app = f.app { o += "<dt>app</dt><dd>\(h(app.label))</dd>" }
      o += "<dt>outcome</dt><dd class=\"o-\(h(f.outcome.rawValue))\">\(h(f.outcome.rawValue))</dd>"
      o +=
        "<dt>cause</dt><dd><a href=\"#cause-\(h(f.cause))\"><code>\(h(f.cause))</code></a> <span class=\"c-\(h(f.confidence.rawValue))\">(\(h(f.confidence.rawValue)))</span>: \(h(f.summary))</dd>"
      o += "<dt>why</dt><dd>\(h(f.explanation))</dd>"
      o += "<dt>what to do</dt><dd><ol>" + f.remediation.map { "<li>\(h($0))</li>" }.joined() + "</ol></dd>"
      if !f.alternatives.isEmpty {
        o +=
          "<dt>also fits</dt><dd>"
          + f.alternatives.map { "<code>\(h($0.cause))</code> (\(h($0.confidence.rawValue))): \(h($0.summary))" }
          .joined(separator: "<br>") + "</dd>"
      }
      if !f.missing.isEmpty { o += "<dt>would help</dt><dd>" + f.missing.map(h).joined(separator: "<br>") + "</dd>" }
      o += "<dt>evidence</dt><dd><table><tbody>"
      for e in f.evidence {
        o +=
          "<tr><td>\(h(time(e.time)))</td><td>\(h(e.source.rawValue))</td><td>\(h(e.text))</td><td><code>\(h(e.location))</code></td></tr>"
      }
      o += "</tbody></table></dd></dl></div>\n"
    }
    if u.findings.isEmpty { o += "<p>No deprovisioning trigger for this user.</p>\n" }
    o += "</details>\n"
  }

  /// The user's timeline as three lanes (audit, provisioning, SCIM) with events placed in time.
  static func lanes(_ u: UserReport, into o: inout String) {
    guard let first = u.timeline.first?.time, let last = u.timeline.last?.time,
      let t0 = Timestamp.epochSeconds(first), let t1 = Timestamp.epochSeconds(last)
    else { return }
    let width = 1100.0
    let left = 100.0
    let plot = width - left - 20
    let span = max(t1 - t0, 60)
    func x(_ t: String) -> Double { left + ((Timestamp.epochSeconds(t) ?? t0) - t0) / span * plot }
    o +=
      "<svg class=\"lanes\" viewBox=\"0 0 \(Int(width)) 110\" role=\"img\" aria-label=\"timeline of \(h(u.user.label))\">\n"
    for (i, lane) in ["audit", "provisioning", "scim"].enumerated() {
      let y = 8 + i * 28
      o +=
        "<rect class=\"lane\" x=\"\(Int(left))\" y=\"\(y)\" width=\"\(Int(plot))\" height=\"22\"/><text x=\"4\" y=\"\(y + 15)\">\(lane)</text>\n"
    }
    for f in u.findings {
      o +=
        "<line class=\"trigger\" x1=\"\(fmt(x(f.trigger.time)))\" y1=\"4\" x2=\"\(fmt(x(f.trigger.time)))\" y2=\"92\"><title>\(h(f.trigger.kind.rawValue)) at \(h(time(f.trigger.time)))</title></line>\n"
    }
    for e in u.timeline {
      let lane = e.source == .audit ? 0 : e.source == .provisioning ? 1 : 2
      let bad = e.status == .failure || (e.httpStatus.map { $0 >= 400 } ?? false)
      o +=
        "<circle class=\"ev-\(bad ? "bad" : e.source.rawValue)\" cx=\"\(fmt(x(e.time)))\" cy=\"\(19 + lane * 28)\" r=\"5\"><title>\(h(time(e.time))) \(h(String(e.text.prefix(120))))</title></circle>\n"
    }
    o +=
      "<text x=\"\(Int(left))\" y=\"106\">\(h(time(first)))</text><text x=\"\(Int(left + plot))\" y=\"106\" text-anchor=\"end\">\(h(time(last)))</text>\n</svg>\n"
  }

  static func catalog(_ r: TenantReport, into o: inout String) {
    o += "<section id=\"catalog\"><h2>Causes</h2>\n"
    for c in r.catalog {
      o +=
        "<article class=\"cause\" id=\"cause-\(h(c.id))\"><h3><code>\(h(c.id))</code>: \(h(c.title))</h3><p>\(h(c.summary))</p>"
      o +=
        "<p><strong>Why.</strong> \(h(c.rationale))</p><p><strong>What to do.</strong></p><ol>"
        + c.remediation.map { "<li>\(h($0))</li>" }.joined() + "</ol>"
      o += "<p class=\"small\">" + c.links.map { "\(h($0))" }.joined(separator: " · ") + "</p></article>\n"
    }
    o += "</section>\n"
  }
}

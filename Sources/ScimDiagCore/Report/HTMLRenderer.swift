import ScimDiagParsing

/// Renders a report as one self-contained HTML file: no external resources, a
/// Content-Security-Policy that admits only the report's own inline style and script (by
/// hash), every value from the logs escaped, per-user detail collapsed, charts as inline SVG.
/// Readable without JavaScript; the script only sorts and filters the users table. It opens
/// with the answer (who needs action and what to do) and is written a piece at a time: the
/// users table and the per-user detail go out row by row.
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
    h1{font-size:24px;margin:0 0 4px;overflow-wrap:anywhere}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:16px 0 6px}
    p.meta{color:var(--muted);margin:0}table{border-collapse:collapse;width:100%;margin:6px 0 12px}th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
    th{background:#f4f6fa;font-weight:600}th.sortable{cursor:pointer}td.num,th.num{text-align:right}code{font:12px ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}
    .a-needs-action,td.n{color:var(--bad);font-weight:600}.a-nothing-to-do,td.z{color:var(--muted)}.a-pending,td.p{color:var(--warn);font-weight:600}.a-delivered,td.d{color:var(--ok);font-weight:600}
    p.answer{font-size:17px;margin:8px 0}ul.tally{list-style:none;padding:0;display:flex;gap:10px;flex-wrap:wrap}ul.tally li{border:1px solid var(--line);border-radius:6px;padding:6px 12px}
    ul.tally li strong{font-size:20px;display:block}.c-certain{font-weight:600}.c-possible{color:var(--muted)}
    details.user{content-visibility:auto;contain-intrinsic-size:auto 44px;border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:6px 10px}
    details.user>summary{cursor:pointer;font-weight:600;overflow-wrap:anywhere}details.user[open]>summary{margin-bottom:8px}.finding{border-left:3px solid var(--accent);padding:2px 10px;margin:10px 0}
    .finding.a-needs-action{border-left-color:var(--bad);color:inherit;font-weight:normal}.finding.a-pending{border-left-color:var(--warn);color:inherit;font-weight:normal}
    .finding.a-delivered{border-left-color:var(--ok);color:inherit;font-weight:normal}.finding.a-nothing-to-do{border-left-color:var(--line);color:inherit}
    .finding dl{display:grid;grid-template-columns:110px 1fr;gap:2px 10px;margin:4px 0}.finding dt{color:var(--muted)}.finding dd{margin:0}
    .filters{display:flex;gap:12px;flex-wrap:wrap;align-items:center;margin:8px 0}.filters label{color:var(--muted)}
    svg{display:block;max-width:100%;height:auto}svg text{font:11px system-ui,sans-serif;fill:var(--muted)}svg.sw{display:inline-block;vertical-align:middle;margin-right:4px}
    ul.legend{list-style:none;padding:0;margin:4px 0 12px;display:flex;gap:16px;flex-wrap:wrap;font-size:12px;color:var(--muted)}
    .lane{fill:#f4f6fa}.ev-audit{fill:#7a4cc2}.ev-provisioning{fill:#2f5bd3}.ev-scim{fill:#1b7f3b}.ev-bad{fill:#b42318}
    .cycle{fill:#2f5bd3}.burst{fill:#8fa6e8}.gap{fill:#fde7e5}.trigger{stroke:#b42318;stroke-width:1.5}.axis{stroke:#d8dde6}
    article.cause{border-top:1px solid var(--line);padding-top:6px}article.cause:target{background:#fff8d6}
    .hidden{display:none}.small{font-size:12px;color:var(--muted)}td.path{overflow-wrap:anywhere}
    #users{overflow-x:auto}.uc{content-visibility:auto;contain-intrinsic-size:auto 29000px}.ut{table-layout:fixed;min-width:1100px;margin:0}.ut td{overflow-wrap:anywhere}
    .w-app{width:8em}.w-trigger{width:8.5em}.w-time{width:12em}.w-attention{width:8.5em}.w-outcome{width:6.5em}.w-cause{width:13em}.w-confidence{width:7em}.w-triggers{width:5.5em}
    @media print{body{max-width:none;padding:0}.filters{display:none}details.user{break-inside:avoid}}
    """

  static let script = """
    (function(){
    var t=document.getElementById('users-table');if(!t)return;
    var bodies=Array.prototype.slice.call(document.querySelectorAll('#users tbody'));
    var rows=[],sizes=bodies.map(function(b){rows.push.apply(rows,b.rows);return b.rows.length;});
    var ths=t.tHead.rows[0].cells,col={};
    Array.prototype.forEach.call(ths,function(th,i){col[th.dataset.col]=i;});
    var fa=document.getElementById('f-attention'),fc=document.getElementById('f-cause'),fu=document.getElementById('f-user');
    function cell(r,k){var c=r.cells[col[k]];return c?c.textContent:'';}
    function fit(){bodies.forEach(function(b){var n=0;Array.prototype.forEach.call(b.rows,function(r){if(!r.hidden)n++;});
    var box=b.parentNode.parentNode;box.hidden=n===0&&b!==t.tBodies[0];box.style.containIntrinsicSize='auto '+(n*29+1)+'px';});}
    function apply(){var a=fa.value,c=fc.value,u=fu.value.toLowerCase(),n=0;
    rows.forEach(function(r){var show=(!a||cell(r,'attention')===a)&&(!c||cell(r,'cause')===c)&&(!u||cell(r,'user').toLowerCase().indexOf(u)>=0);
    if(r.hidden===show)r.hidden=!show;if(show)n++;});fit();document.getElementById('f-count').textContent=n+' shown';}
    [fa,fc].forEach(function(e){e.addEventListener('change',apply);});fu.addEventListener('input',apply);
    Array.prototype.forEach.call(ths,function(th,i){th.classList.add('sortable');th.addEventListener('click',function(){
    var dir=th.dataset.dir==='asc'?'desc':'asc';Array.prototype.forEach.call(ths,function(x){delete x.dataset.dir;});th.dataset.dir=dir;
    var num=th.classList.contains('num');
    rows.sort(function(a,b){var x=a.cells[i]?a.cells[i].textContent:'',y=b.cells[i]?b.cells[i].textContent:'';if(num){x=+x;y=+y;}
    return (x<y?-1:x>y?1:0)*(dir==='asc'?1:-1);});
    var k=0;bodies.forEach(function(b,j){var f=document.createDocumentFragment();for(var e=k+sizes[j];k<e;k++)f.appendChild(rows[k]);b.appendChild(f);});fit();});});
    window.addEventListener('beforeprint',function(){Array.prototype.forEach.call(document.querySelectorAll('details'),function(d){d.open=true;});});
    document.getElementById('f-count').textContent=rows.length+' shown';})();
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

  /// The report as one string (tests and small stores; the CLI streams with `write(_:to:)`).
  package static func render(_ c: ReportContent) throws -> String {
    var o = ""
    try write(c) { o += $0 }
    return o
  }

  /// Writes the report a piece at a time through `emit`.
  package static func write(_ c: ReportContent, to emit: (String) throws -> Void) throws {
    let r = c.report
    var o = ""
    let title = r.focus.map { "scimdiag: \(h($0))" } ?? "scimdiag: deprovisioning report"
    o += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    o += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(csp)\">\n"
    o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    o += "<meta name=\"generator\" content=\"scimdiag \(ScimDiagVersion.current)\">\n"
    o += "<title>\(title)</title>\n<style>\(style)</style>\n</head>\n<body>\n"
    o += "<header><h1>Why deprovisioning did not reach the app"
    if let focus = r.focus { o += ": \(h(focus))" }
    o += "</h1><p class=\"meta\">Report made \(h(time(r.generatedAt))) UTC by scimdiag \(ScimDiagVersion.current)"
    if let app = r.app { o += " for the app \(h(app))" }
    o += ".</p><p class=\"meta\">Sources: \(h(r.coverage.line))</p></header>\n"
    if r.focus == nil {
      answer(r, into: &o)
      summary(r, into: &o)
      try emit(o)
      o = ""
      try usersTable(c, emit: emit)
    } else {
      o += "<section id=\"answer\"><h2>The answer</h2>\n"
      try emit(o)
      o = ""
      try c.eachDetail { u in
        var a = ""
        latestFindings(u, into: &a)
        try emit(a)
      }
      o += "</section>\n"
    }
    try details(c, prefix: o, emit: emit)
    o = ""
    ingested(r, into: &o)
    catalog(r, into: &o)
    o += "<footer><p class=\"small\">scimdiag \(ScimDiagVersion.current)</p></footer>\n"
    o += "<script>\(script)</script>\n</body>\n</html>\n"
    try emit(o)
  }

  static func plural(_ n: Int, _ word: String, _ plural: String? = nil) -> String {
    "\(n) " + (n == 1 ? word : plural ?? word + "s")
  }

  /// The answer first: how many users need action, the tally by what it means, and what to
  /// do for each cause that needs action.
  static func answer(_ r: TenantReport, into o: inout String) {
    let action = r.details.needAction
    o += "<section id=\"answer\"><h2>The answer</h2>\n<p class=\"answer\">"
    if action > 0 {
      o +=
        "<strong class=\"a-needs-action\">\(plural(action, "user")) need\(action == 1 ? "s" : "") action</strong>: "
        + "the logs do not show the latest deprovisioning trigger taking effect in the app, which may still have "
        + (action == 1 ? "that user" : "them") + " active."
    } else if r.rows == 0 {
      o += "No deprovisioning trigger in the logs."
    } else {
      o += "<strong>No user needs action.</strong>"
    }
    o +=
      " \(plural(r.triggers, "deprovisioning trigger")) for \(plural(r.users, "user")) in all.</p>\n<ul class=\"tally\">"
    for c in r.byAttention {
      o += "<li class=\"a-\(h(c.name))\"><strong>\(c.count)</strong>\(h(c.meaning ?? c.name))</li>"
    }
    if r.withoutTrigger > 0 {
      o += "<li><strong>\(r.withoutTrigger)</strong>no deprovisioning trigger</li>"
    }
    o += "</ul>\n"
    if r.rows != r.users {
      o += "<p class=\"small\">Counted per user and app: \(r.rows) rows for \(r.users) users.</p>\n"
    }
    let causes = r.byCause.filter { RuleCatalog.attention(of: $0.name) == .needsAction }
    if !causes.isEmpty {
      o +=
        "<h3>What to do</h3>\n<table id=\"to-do\"><thead><tr><th>cause</th><th class=\"num\">users</th><th>first step</th><th>read more</th></tr></thead><tbody>\n"
      for c in causes {
        let d = RuleCatalog.rule(c.name)?.description
        o +=
          "<tr><td><a href=\"#cause-\(h(c.name))\"><code>\(h(c.name))</code></a></td><td class=\"num\">\(c.count)</td>"
        o += "<td>\(h(d?.remediation.first ?? ""))</td><td>\(docLinks(d?.links ?? []))</td></tr>\n"
      }
      o += "</tbody></table>\n"
    }
    o += "</section>\n"
  }

  /// Documentation links, clickable (they open Microsoft Learn; nothing is loaded by the report).
  static func docLinks(_ links: [String]) -> String {
    links.map { link in
      let name = link.split(separator: "/").last.map(String.init) ?? link
      return "<a href=\"\(h(link))\" rel=\"noopener noreferrer\">\(h(name))</a>"
    }.joined(separator: " · ")
  }

  static func ingested(_ r: TenantReport, into o: inout String) {
    let i = r.ingested
    o += "<section id=\"ingested\"><h2>What was ingested</h2>\n"
    o +=
      "<p>\(plural(i.provisioningEvents, "provisioning event")), \(plural(i.auditEvents, "audit event")), \(plural(i.scimRequests, "SCIM request"))"
    if let a = i.firstTime, let b = i.lastTime { o += " from \(h(time(a))) to \(h(time(b))) UTC" }
    o += "; <strong>\(i.rejected)</strong> rejected record\(i.rejected == 1 ? "" : "s")"
    o += i.rejected > 0 ? " (run <code>scimdiag rejects</code>)." : "."
    o +=
      "</p>\n<table><thead><tr><th>file</th><th>format</th><th>encoding</th><th class=\"num\">records</th><th class=\"num\">new</th><th class=\"num\">rejected</th><th>time span (UTC)</th></tr></thead><tbody>\n"
    for s in i.sources {
      o += "<tr><td class=\"path\"><code>\(wrappable(s.path))</code></td>"
      o += "<td>\(h(s.format)) <span class=\"small\">(\(h(s.container)))</span></td>"
      o += "<td>\(h(s.encoding))</td><td class=\"num\">\(s.recordsRead)</td><td class=\"num\">\(s.recordsNew)</td>"
      let span =
        s.isConfiguration
        ? "exported \(h(s.firstTime.map(time) ?? "-"))"
        : "\(h(s.firstTime.map(time) ?? "-")) – \(h(s.lastTime.map(time) ?? "-"))"
      o += "<td class=\"num\">\(s.recordsRejected)</td><td>\(span)</td></tr>\n"
    }
    o += "</tbody></table></section>\n"
  }

  /// A path escaped, with a break opportunity after each `/`.
  static func wrappable(_ path: String) -> String {
    h(path).replacingOccurrences("/", "/<wbr>")
  }

  static func summary(_ r: TenantReport, into o: inout String) {
    o += "<section id=\"summary\"><h2>Summary</h2>\n"
    o +=
      "<h3>By outcome: what the app's SCIM endpoint saw after each user's latest trigger</h3>\n<table id=\"by-outcome\"><thead><tr><th>outcome</th><th class=\"num\">users</th></tr></thead><tbody>\n"
    for c in r.byOutcome {
      o += "<tr><td>\(h(c.name))</td><td class=\"num\">\(c.count)</td></tr>\n"
    }
    o +=
      "</tbody></table>\n<h3>By cause</h3>\n<table id=\"by-cause\"><thead><tr><th>cause</th><th>for you</th><th class=\"num\">users</th><th>meaning</th></tr></thead><tbody>\n"
    for c in r.byCause {
      let a = RuleCatalog.attention(of: c.name)
      o += "<tr><td><a href=\"#cause-\(h(c.name))\"><code>\(h(c.name))</code></a></td>"
      o +=
        "<td class=\"a-\(a.rawValue)\">\(a.phrase)</td><td class=\"num\">\(c.count)</td><td>\(h(c.meaning ?? ""))</td></tr>\n"
    }
    o += "</tbody></table>\n<h3>Provisioning cycles</h3>\n"
    cycleChart(r, into: &o)
    o += "</section>\n"
  }

  static func swatch(_ cls: String, line: Bool = false) -> String {
    line
      ? "<svg class=\"sw\" width=\"12\" height=\"12\" aria-hidden=\"true\"><line class=\"\(cls)\" x1=\"6\" y1=\"0\" x2=\"6\" y2=\"12\"/></svg>"
      : "<svg class=\"sw\" width=\"12\" height=\"12\" aria-hidden=\"true\"><rect class=\"\(cls)\" width=\"12\" height=\"12\"/></svg>"
  }

  /// Cycles as ticks on a time axis, gaps over an hour shaded, users' latest triggers as red
  /// lines (one line per stretch of the axis, its count in the tooltip).
  static func cycleChart(_ r: TenantReport, into o: inout String) {
    let times = r.cycles.map(\.start) + r.cycles.map(\.end) + r.triggerBins.flatMap { [$0.first, $0.last] }
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
      "<svg id=\"cycle-chart\" viewBox=\"0 0 \(Int(width)) 96\" role=\"img\" aria-label=\"provisioning cycles and triggers over time (UTC)\">\n"
    o +=
      "<title>Provisioning cycles (blue), SCIM activity without cycle id (light blue), gaps over an hour (shaded), users' latest triggers (red)</title>\n"
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
    for b in r.triggerBins {
      let label =
        b.count == 1
        ? "trigger at \(h(time(b.first)))" : "\(b.count) triggers from \(h(time(b.first))) to \(h(time(b.last)))"
      o +=
        "<line class=\"trigger\" x1=\"\(fmt(x(b.first)))\" y1=\"18\" x2=\"\(fmt(x(b.first)))\" y2=\"60\"><title>\(label)</title></line>\n"
    }
    for (label, at) in ticks(t0, t1) {
      let px = left + (at - t0) / span * plot
      o +=
        "<line class=\"axis\" x1=\"\(fmt(px))\" y1=\"60\" x2=\"\(fmt(px))\" y2=\"65\"/><text x=\"\(fmt(px))\" y=\"78\" text-anchor=\"middle\">\(h(label))</text>\n"
    }
    o += "<text x=\"\(fmt(left + plot))\" y=\"92\" text-anchor=\"end\">time (UTC)</text>\n"
    o += "</svg>\n<ul class=\"legend\">"
    o += "<li>\(swatch("cycle"))provisioning cycle</li><li>\(swatch("burst"))SCIM activity without a cycle id</li>"
    o +=
      "<li>\(swatch("gap"))gap over an hour</li><li>\(swatch("trigger", line: true))users' latest triggers</li></ul>\n"
    o +=
      "<p class=\"small\">\(plural(r.cycles.count, "cycle or burst", "cycles or bursts")) of activity; \(plural(gaps, "gap")) longer than an hour (Entra runs a cycle every 20–40 minutes, once a day in quarantine).</p>\n"
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

  /// How many users-table rows share one table. Chromium lays out one big table as a whole
  /// before it shows anything; separate tables in `content-visibility:auto` blocks are laid
  /// out as they scroll into view (docs/performance.md has the measurements).
  package static let usersPerTable = 1000

  /// The users table, one compact row per user (per user and app with several apps),
  /// written as the rows come. Classes n/z/p/d colour the row's meaning for the admin. The
  /// rows go into tables of `perTable` rows, each in its own `uc` block; the first holds the
  /// header, and fixed column widths (`colgroup`) keep the columns aligned across tables.
  static func usersTable(
    _ c: ReportContent, perTable: Int = usersPerTable, emit: (String) throws -> Void
  ) throws {
    let r = c.report
    var o = "<section id=\"users\"><h2>Users</h2>\n<div class=\"filters\">"
    o += "<label for=\"f-attention\">for you</label><select id=\"f-attention\"><option value=\"\">any</option>"
    for a in r.byAttention { o += "<option>\(h(a.meaning ?? a.name))</option>" }
    o += "</select><label for=\"f-cause\">cause</label><select id=\"f-cause\"><option value=\"\">any</option>"
    for a in r.byCause { o += "<option>\(h(a.name))</option>" }
    o +=
      "</select><label for=\"f-user\">user</label><input id=\"f-user\" type=\"search\"><span id=\"f-count\" class=\"small\"></span></div>\n"
    let byApp = r.rows != r.users || r.app != nil
    let columns =
      "<colgroup><col>\(byApp ? "<col class=\"w-app\">" : "")<col class=\"w-trigger\"><col class=\"w-time\"><col class=\"w-attention\"><col class=\"w-outcome\"><col class=\"w-cause\"><col class=\"w-confidence\"><col class=\"w-triggers\"></colgroup>"
    o += "<div class=\"uc\"><table id=\"users-table\" class=\"ut\">\(columns)<thead><tr><th data-col=\"user\">user</th>"
    if byApp { o += "<th data-col=\"app\">app</th>" }
    o +=
      "<th data-col=\"trigger\">latest trigger</th><th data-col=\"time\">time (UTC)</th><th data-col=\"attention\">for you</th><th data-col=\"outcome\">outcome</th><th data-col=\"cause\">cause</th><th data-col=\"confidence\">confidence</th><th class=\"num\" data-col=\"triggers\">triggers</th></tr></thead><tbody>\n"
    try emit(o)
    o = ""
    o.reserveCapacity(70_000)
    var inTable = 0
    try c.eachRow { row in
      if inTable == perTable {
        o += "</tbody></table></div>\n<div class=\"uc\"><table class=\"ut\">\(columns)<tbody>\n"
        inTable = 0
      }
      inTable += 1
      let attention = row.attention
      let cls: String
      switch attention {
      case .needsAction: cls = "n"
      case .nothingToDo: cls = "z"
      case .pending: cls = "p"
      case .delivered: cls = "d"
      case nil: cls = "z"
      }
      let label = h(row.user)
      if let id = row.userId, c.detailed.contains(id) {
        o += "<tr><td><a href=\"#user-\(id)\">\(label)</a>"
      } else {
        o += "<tr><td>\(label)"
      }
      if byApp { o += "<td>\(h(row.app ?? "-"))" }
      o += "<td>\(row.latestTrigger?.kind.rawValue ?? "-")<td>\(row.latestTrigger.map { time($0.time) } ?? "-")"
      o += "<td class=\(cls)>\(attention?.phrase ?? "-")<td>\(row.outcome?.rawValue ?? "-")<td>\(h(row.cause ?? "-"))"
      o += "<td>\(row.confidence?.rawValue ?? "-")<td class=num>\(row.triggers)\n"
      if o.utf8.count > 64_000 {
        try emit(o)
        o = ""
      }
    }
    o += "</tbody></table></div></section>\n"
    try emit(o)
  }

  /// The per-user section: who is given in full and why, the lanes' legend, then each user.
  static func details(_ c: ReportContent, prefix: String, emit: (String) throws -> Void) throws {
    let r = c.report
    let d = r.details
    var o = prefix + "<section id=\"details\"><h2>\(r.focus == nil ? "Per user" : "Timeline and every finding")</h2>\n"
    if r.focus == nil {
      switch d.mode {
      case .all: o += "<p>Every user in full"
      case .action: o += "<p>In full: the users whose latest trigger needs action"
      case .none: o += "<p>No user in full (<code>--details none</code>)"
      }
      if d.shown < d.chosen {
        o +=
          ": the first \(d.shown) of \(d.chosen) (the limit, <code>--details-limit \(d.limit)</code>). <code>scimdiag report --user NAME</code> gives anyone else in full"
      } else if d.mode != .all {
        o += ". <code>scimdiag report --user NAME</code> gives anyone in full, <code>--details all</code> everyone"
      }
      o += ".</p>\n"
    }
    if d.shown > 0 {
      o +=
        "<ul class=\"legend\"><li>\(swatch("ev-audit"))audit event</li><li>\(swatch("ev-provisioning"))provisioning event</li>"
      o += "<li>\(swatch("ev-scim"))SCIM request</li><li>\(swatch("ev-bad"))failed, or an HTTP error</li>"
      o +=
        "<li>\(swatch("trigger", line: true))deprovisioning trigger</li><li>time runs left to right (UTC)</li></ul>\n"
    }
    try emit(o)
    var any = false
    try c.eachDetail { u in
      any = true
      var s = ""
      user(u, open: r.focus != nil, into: &s)
      try emit(s)
    }
    try emit(any || d.shown == 0 ? "</section>\n" : "<p>No users.</p>\n</section>\n")
  }

  /// A user's latest finding per app, in full: the answer of a single-user report.
  static func latestFindings(_ u: UserReport, into o: inout String) {
    let apps = u.findingApps
    if apps.isEmpty { o += "<p>No deprovisioning trigger for this user in the logs.</p>\n" }
    for app in apps {
      guard let f = u.findings.last(where: { $0.app == app }) else { continue }
      o += "<p class=\"answer\"><strong class=\"a-\(f.attention.rawValue)\">\(f.attention.phrase)</strong>"
      o += app.map { " in \(h($0.label))" } ?? ""
      o += ": \(h(f.summary))</p>\n"
      finding(f, number: nil, into: &o)
    }
  }

  static func finding(_ f: Finding, number: Int?, into o: inout String) {
    o += "<div class=\"finding a-\(f.attention.rawValue)\"><h3>"
    if let number { o += "\(number). " }
    o += "\(h(f.trigger.kind.rawValue)) at \(h(time(f.trigger.time))) UTC</h3><dl>"
    if let app = f.app { o += "<dt>app</dt><dd>\(h(app.label))</dd>" }
    o += "<dt>for you</dt><dd class=\"a-\(f.attention.rawValue)\">\(f.attention.phrase)</dd>"
    o += "<dt>outcome</dt><dd>\(h(f.outcome.rawValue))</dd>"
    o +=
      "<dt>cause</dt><dd><a href=\"#cause-\(h(f.cause))\"><code>\(h(f.cause))</code></a> <span class=\"c-\(h(f.confidence.rawValue))\">(\(h(f.confidence.rawValue)))</span>: \(h(f.summary))</dd>"
    o += "<dt>why</dt><dd>\(h(f.explanation))</dd>"
    o += "<dt>what to do</dt><dd><ol>" + f.remediation.map { "<li>\(h($0))</li>" }.joined() + "</ol></dd>"
    if let links = RuleCatalog.rule(f.cause)?.description.links, !links.isEmpty {
      o += "<dt>read more</dt><dd>\(docLinks(links))</dd>"
    }
    if !f.alternatives.isEmpty {
      o +=
        "<dt>also fits</dt><dd>"
        + f.alternatives.map { "<code>\(h($0.cause))</code> (\(h($0.confidence.rawValue))): \(h($0.summary))" }
        .joined(separator: "<br>") + "</dd>"
    }
    if !f.missing.isEmpty {
      o += "<dt>would help</dt><dd>" + f.missing.map(h).joined(separator: "<br>")
      o += "<br><span class=\"small\">How to export each source: docs/collect.md in scimdiag's repository.</span></dd>"
    }
    o += "<dt>evidence</dt><dd><table><tbody>"
    for e in f.evidence {
      o +=
        "<tr><td>\(h(time(e.time)))</td><td>\(h(e.source.rawValue))</td><td>\(h(e.text))</td><td><code>\(h(e.location))</code></td></tr>"
    }
    o += "</tbody></table></dd></dl></div>\n"
  }

  static func user(_ u: UserReport, open: Bool, into o: inout String) {
    let f = u.findings.last
    o += "<details class=\"user\" id=\"user-\(u.user.id)\"\(open ? " open" : "")><summary>\(h(u.user.label))"
    if let f {
      o +=
        " — <span class=\"a-\(f.attention.rawValue)\">\(f.attention.phrase)</span>: \(h(f.outcome.rawValue)), <code>\(h(f.cause))</code>"
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
    for (n, f) in u.findings.enumerated() { finding(f, number: n + 1, into: &o) }
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
    o += "<section id=\"catalog\"><h2>\(r.focus == nil ? "Causes" : "The causes named above")</h2>\n"
    for c in r.catalog {
      o +=
        "<article class=\"cause\" id=\"cause-\(h(c.id))\"><h3><code>\(h(c.id))</code>: \(h(c.title))</h3><p>\(h(c.summary))</p>"
      o += "<p><strong>For you:</strong> <span class=\"a-\(c.attention.rawValue)\">\(c.attention.phrase)</span>.</p>"
      o +=
        "<p><strong>Why.</strong> \(h(c.rationale))</p><p><strong>What to do.</strong></p><ol>"
        + c.remediation.map { "<li>\(h($0))</li>" }.joined() + "</ol>"
      o += "<p class=\"small\">Read more: \(docLinks(c.links))</p></article>\n"
    }
    o += "</section>\n"
  }
}

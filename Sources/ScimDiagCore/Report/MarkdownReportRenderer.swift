import ScimDiagParsing

/// Renders a report as Markdown (the same content as the HTML report, in the same order:
/// the answer first), written a piece at a time.
package enum MarkdownReportRenderer {
  /// The report as one string (tests and small stores).
  package static func render(_ c: ReportContent) throws -> String {
    var o = ""
    try write(c) { o += $0 }
    return o
  }

  package static func write(_ c: ReportContent, to emit: (String) throws -> Void) throws {
    let md = ExplainRenderer.md
    let r = c.report
    var o: [String] = ["# Why deprovisioning did not reach the app" + (r.focus.map { ": " + md($0) } ?? ""), ""]
    o.append(
      "Report made \(ExplainRenderer.time(r.generatedAt)) UTC by scimdiag \(ScimDiagVersion.current)"
        + (r.app.map { " for the app " + md($0) } ?? "") + ".")
    o.append("")
    o.append("Sources: " + md(r.coverage.line))
    o.append("")
    o.append("## The answer")
    o.append("")
    if r.focus == nil {
      let action = r.details.needAction
      o.append(
        (action > 0
          ? "**\(HTMLRenderer.plural(action, "user")) need\(action == 1 ? "s" : "") action**: the logs do not show the latest deprovisioning trigger taking effect in the app."
          : "**No user needs action.**")
          + " \(HTMLRenderer.plural(r.triggers, "deprovisioning trigger")) for \(HTMLRenderer.plural(r.users, "user")) in all."
      )
      o.append("")
      for a in r.byAttention { o.append("- \(a.meaning ?? a.name): \(a.count)") }
      if r.withoutTrigger > 0 { o.append("- no deprovisioning trigger: \(r.withoutTrigger)") }
      let causes = r.byCause.filter { RuleCatalog.attention(of: $0.name) == .needsAction }
      if !causes.isEmpty {
        o += ["", "| cause | users | first step |", "|---|---:|---|"]
        for c in causes {
          o.append(
            "| `\(c.name)` | \(c.count) | \(md(RuleCatalog.rule(c.name)?.description.remediation.first ?? "")) |")
        }
      }
      o += ["", "## Summary", "", "| outcome | users |", "|---|---:|"]
      for c in r.byOutcome { o.append("| \(c.name) | \(c.count) |") }
      o += ["", "| cause | for you | users | meaning |", "|---|---|---:|---|"]
      for c in r.byCause {
        o.append("| `\(c.name)` | \(RuleCatalog.attention(of: c.name).phrase) | \(c.count) | \(md(c.meaning ?? "")) |")
      }
      let gaps = r.cycles.filter { ($0.minutesSincePrevious ?? 0) > CycleInference.gapMinutes }
      o.append("")
      o.append(
        "\(HTMLRenderer.plural(r.cycles.count, "provisioning cycle or burst", "provisioning cycles or bursts")) of activity; \(HTMLRenderer.plural(gaps.count, "gap")) longer than an hour."
      )
      for g in gaps {
        o.append(
          "- gap of \(Int((g.minutesSincePrevious ?? 0).rounded())) minutes before \(ExplainRenderer.time(g.start))")
      }
      o += ["", "## Users", ""]
      let byApp = r.rows != r.users || r.app != nil
      o.append(
        "| user |" + (byApp ? " app |" : "") + " latest trigger | time (UTC) | for you | outcome | cause | confidence |"
      )
      o.append("|---|" + (byApp ? "---|" : "") + "---|---|---|---|---|---|")
      try emit(o.joined(separator: "\n") + "\n")
      o = []
      try c.eachRow { row in
        try emit(
          "| \(md(row.user)) |" + (byApp ? " \(md(row.app ?? "-")) |" : "")
            + " \(row.latestTrigger?.kind.rawValue ?? "-") | \(row.latestTrigger.map { ExplainRenderer.time($0.time) } ?? "-") | \(row.attention?.phrase ?? "-") | \(row.outcome?.rawValue ?? "-") | \(row.cause.map { "`\(md($0))`" } ?? "-") | \(row.confidence?.rawValue ?? "-") |\n"
        )
      }
      o.append("")
    }
    try emit(o.joined(separator: "\n") + (o.isEmpty ? "" : "\n"))
    try c.eachDetail { u in
      guard !u.findings.isEmpty || r.focus != nil else { return }
      try emit(
        "\n"
          + ExplainRenderer.markdown(u).replacingOccurrences("\n#", "\n##").replacingOccurrences(
            "# ", "## ", once: true)
          + "\n")
    }
    o = ["", "## What was ingested", ""]
    let i = r.ingested
    o.append(
      "\(HTMLRenderer.plural(i.provisioningEvents, "provisioning event")), \(HTMLRenderer.plural(i.auditEvents, "audit event")), \(HTMLRenderer.plural(i.scimRequests, "SCIM request"))"
        + (i.firstTime.map { " from \(ExplainRenderer.time($0))" } ?? "")
        + (i.lastTime.map { " to \(ExplainRenderer.time($0)) UTC" } ?? "") + "; \(i.rejected) rejected.")
    o += ["", "| file | format | encoding | records | new | rejected |", "|---|---|---|---:|---:|---:|"]
    for s in i.sources {
      o.append(
        "| `\(md(s.path))` | \(md(s.format)) (\(md(s.container))) | \(s.encoding) | \(s.recordsRead) | \(s.recordsNew) | \(s.recordsRejected) |"
      )
    }
    o.append("")
    o.append(r.focus == nil ? "## Causes" : "## The causes named above")
    for c in r.catalog {
      o += ["", "### `\(c.id)`: \(c.title)", "", md(c.summary) + " For you: \(c.attention.phrase).", ""]
      o.append("Read more: " + c.links.map { "<\($0)>" }.joined(separator: " · "))
    }
    try emit(o.joined(separator: "\n") + "\n")
  }
}

extension String {
  /// Replaces the first occurrence only when `once` is true.
  func replacingOccurrences(_ target: String, _ replacement: String, once: Bool) -> String {
    guard once, let r = range(of: target) else { return replacingOccurrences(target, replacement) }
    return replacingCharacters(in: r, with: replacement)
  }
}

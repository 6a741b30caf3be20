import ScimDiagParsing

/// Renders a `TenantReport` as Markdown (the same content as the HTML report).
package enum MarkdownReportRenderer {
  package static func render(_ r: TenantReport) -> String {
    let md = ExplainRenderer.md
    var o: [String] = ["# Why deprovisioning did not reach the app", ""]
    o.append("Report made \(ExplainRenderer.time(r.generatedAt)) UTC by scimdiag \(ScimDiagVersion.current).")
    o.append("")
    o.append("Sources: " + md(r.coverage.line))
    o.append("")
    o.append("## What was ingested")
    o.append("")
    let i = r.ingested
    o.append(
      "\(i.provisioningEvents) provisioning events, \(i.auditEvents) audit events, \(i.scimRequests) SCIM requests"
        + (i.firstTime.map { " from \(ExplainRenderer.time($0))" } ?? "")
        + (i.lastTime.map { " to \(ExplainRenderer.time($0)) UTC" } ?? "") + "; \(i.rejected) rejected.")
    o.append("")
    o.append("| file | format | encoding | records | new | rejected |")
    o.append("|---|---|---|---:|---:|---:|")
    for s in i.sources {
      o.append(
        "| `\(md(s.path))` | \(md(s.format)) (\(md(s.container))) | \(s.encoding) | \(s.recordsRead) | \(s.recordsNew) | \(s.recordsRejected) |"
      )
    }
    o.append("")
    o.append("## Summary")
    o.append("")
    o.append("\(r.triggers) deprovisioning triggers for \(r.users.count) users.")
    o.append("")
    o.append("| outcome | triggers |")
    o.append("|---|---:|")
    for c in r.byOutcome { o.append("| \(c.name) | \(c.count) |") }
    o.append("")
    o.append("| cause | triggers | meaning |")
    o.append("|---|---:|---|")
    for c in r.byCause { o.append("| `\(c.name)` | \(c.count) | \(md(c.meaning ?? "")) |") }
    let gaps = r.cycles.filter { ($0.minutesSincePrevious ?? 0) > CycleInference.gapMinutes }
    o.append("")
    o.append("\(r.cycles.count) provisioning cycles or bursts of activity; \(gaps.count) gaps longer than an hour.")
    for g in gaps {
      o.append(
        "- gap of \(Int((g.minutesSincePrevious ?? 0).rounded())) minutes before \(ExplainRenderer.time(g.start))")
    }
    o.append("")
    o.append("## Users")
    o.append("")
    o.append(ExplainRenderer.usersMarkdown(r.users))
    for u in r.users where !u.findings.isEmpty {
      o.append("")
      o.append(
        ExplainRenderer.markdown(u).replacingOccurrences("\n#", "\n##").replacingOccurrences("# ", "## ", once: true))
    }
    o.append("")
    o.append("## Causes")
    for c in r.catalog {
      o.append("")
      o.append("### `\(c.id)`: \(c.title)")
      o.append("")
      o.append(md(c.summary))
    }
    return o.joined(separator: "\n") + "\n"
  }
}

extension String {
  /// Replaces the first occurrence only when `once` is true.
  func replacingOccurrences(_ target: String, _ replacement: String, once: Bool) -> String {
    guard once, let r = range(of: target) else { return replacingOccurrences(target, replacement) }
    return replacingCharacters(in: r, with: replacement)
  }
}

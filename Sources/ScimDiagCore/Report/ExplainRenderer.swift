import Foundation
import ScimDiagParsing

/// Text, Markdown and JSON renderings of `explain`, `users` and `rules`.
package enum ExplainRenderer {
  package struct Style: Sendable {
    package var color: Bool
    /// Also show how each record was linked to the user (`linked by`, `via`).
    package var verbose: Bool
    /// Wrap lines to this many columns (a terminal's width); nil leaves lines whole.
    package var width: Int?
    package init(color: Bool, verbose: Bool = false, width: Int? = nil) {
      self.color = color
      self.verbose = verbose
      self.width = width
    }
    /// `s` in the terminal's SGR style `code` when colour is on.
    private func paint(_ code: String, _ s: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func bold(_ s: String) -> String { paint("1", s) }
    func dim(_ s: String) -> String { paint("2", s) }
    func outcome(_ o: Outcome) -> String {
      paint(o == .delivered ? "32" : o == .pending ? "33" : "31", o.rawValue)
    }
    func attention(_ a: Attention) -> String {
      paint(a == .delivered ? "32" : a == .pending ? "33" : a == .nothingToDo ? "2" : "1;31", a.phrase)
    }

    /// `label` then `text`, wrapped at spaces to `width` with the text's lines aligned after
    /// the label (`indent` columns). Escape sequences are not counted: only plain text is wrapped.
    func field(_ label: String, _ text: String, indent: Int = 15) -> [String] {
      let prefix = label.padding(toLength: indent, withPad: " ", startingAt: 0)
      guard let width, width > indent + 20, prefix.count + text.count > width else { return [prefix + text] }
      var lines: [String] = []
      var line = ""
      for word in text.split(separator: " ", omittingEmptySubsequences: false) {
        if !line.isEmpty && indent + line.count + 1 + word.count > width {
          lines.append(line)
          line = String(word)
        } else {
          line += (line.isEmpty ? "" : " ") + word
        }
      }
      lines.append(line)
      return lines.enumerated().map { i, l in (i == 0 ? prefix : String(repeating: " ", count: indent)) + l }
    }
  }

  /// `2026-03-02T12:02:00.0000000Z` → `2026-03-02 12:02:00`.
  static func time(_ t: String) -> String {
    String(decoding: t.utf8.prefix(19).map { $0 == UInt8(ascii: "T") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
  }

  /// Text for a terminal or a file: the findings first (what it means for you, outcome, cause,
  /// why, what to do), then the user's identities and timeline. Logs are hostile data, so
  /// control characters are escaped.
  package static func text(_ r: UserReport, style: Style) -> String {
    var out: [String] = []
    let u = r.user
    out.append(style.bold(clean(u.label)))
    out += style.field("  sources", r.sources.line, indent: 16).map(style.dim)
    out.append("")
    if r.findings.isEmpty {
      out.append("No deprovisioning trigger (delete, unassignment, group removal, disable) for this user.")
      out.append("")
    }
    for (i, f) in r.findings.enumerated() {
      out.append(
        style.bold("\(i + 1). \(f.trigger.kind.rawValue) at \(time(f.trigger.time))")
          + style.dim("  (\(f.trigger.source.rawValue) \(clean(f.trigger.ref)))"))
      if let app = f.app { out += style.field("   app", clean(app.label)) }
      out.append("   for you     \(style.attention(f.attention))")
      out.append("   outcome     \(style.outcome(f.outcome))")
      out += style.field("   cause", "\(f.cause) (\(f.confidence.rawValue)): \(f.summary)")
      out += style.field("   why", clean(f.explanation))
      for (n, step) in f.remediation.enumerated() {
        out += style.field(n == 0 ? "   what to do" : "", "- " + step)
      }
      if let links = RuleCatalog.rule(f.cause)?.description.links, !links.isEmpty {
        for (n, link) in links.enumerated() { out.append((n == 0 ? "   read more   " : "               ") + link) }
      }
      for a in f.alternatives {
        out += style.field("   also fits", "\(a.cause) (\(a.confidence.rawValue)): \(clean(a.summary))")
      }
      for m in f.missing { out += style.field("   would help", clean(m)) }
      if !f.missing.isEmpty { out.append("               (how to export each source: docs/collect.md)") }
      out.append("   evidence")
      for e in f.evidence {
        out.append("     \(time(e.time))  \(e.source.rawValue)  \(clean(e.text))" + style.dim("  \(clean(e.location))"))
      }
      out.append("")
    }
    out.append(style.bold("Identity"))
    if let d = u.displayName { out.append("  display name  \(clean(d))") }
    if let o = u.objectId { out.append("  object id     \(clean(o))") }
    if let p = u.upn { out.append("  UPN           \(clean(p))") }
    if let s = u.scimId { out.append("  SCIM id       \(clean(s))") }
    if style.verbose {
      out += style.field("  linked by", clean(u.keys.map(\.description).joined(separator: ", ")), indent: 16)
    }
    out.append("")
    out.append(style.bold("Timeline") + style.dim("  (audit · provisioning · scim)"))
    if r.timeline.isEmpty { out.append("  (no records)") }
    for e in r.timeline {
      let lane = e.source == .audit ? "audit       " : e.source == .provisioning ? "provisioning" : "scim        "
      out.append("  \(time(e.time))  \(lane)  \(clean(e.text))")
      out.append(style.dim("      \(clean(e.location))" + (style.verbose ? " · via \(clean(e.via))" : "")))
    }
    if r.probesFolded > 0 {
      out.append(
        style.dim(
          "  (\(r.probesFolded) connectivity probe\(r.probesFolded == 1 ? "" : "s") in this period folded away)"))
    }
    if !style.verbose { out.append(style.dim("  (--verbose shows how each record was linked to this user)")) }
    return out.joined(separator: "\n")
  }

  /// Markdown for a support ticket.
  package static func markdown(_ r: UserReport) -> String {
    var out: [String] = []
    let u = r.user
    out.append("# \(md(u.label))")
    out.append("")
    out.append("Sources: " + md(r.sources.line))
    out.append("")
    out.append("| identity | value |")
    out.append("|---|---|")
    for (k, v) in [("display name", u.displayName), ("object id", u.objectId), ("UPN", u.upn), ("SCIM id", u.scimId)] {
      if let v { out.append("| \(k) | `\(md(v))` |") }
    }
    out.append("| linked by | \(md(u.keys.map(\.description).joined(separator: ", "))) |")
    out.append("")
    out.append("## Timeline")
    out.append("")
    out.append("| time (UTC) | source | event | record |")
    out.append("|---|---|---|---|")
    for e in r.timeline {
      out.append("| \(time(e.time)) | \(e.source.rawValue) | \(md(e.text)) | `\(md(e.location))` |")
    }
    if r.probesFolded > 0 { out.append("\n\(r.probesFolded) connectivity probes in this period are not shown.") }
    out.append("")
    out.append("## Findings")
    for (i, f) in r.findings.enumerated() {
      out.append("")
      out.append("### \(i + 1). \(f.trigger.kind.rawValue) at \(time(f.trigger.time)) UTC")
      out.append("")
      if let app = f.app { out.append("- **App:** \(md(app.label))") }
      out.append("- **Outcome:** \(f.outcome.rawValue)")
      out.append("- **Cause:** `\(f.cause)` (\(f.confidence.rawValue)): \(md(f.summary))")
      out.append("- **Why:** \(md(f.explanation))")
      if !f.alternatives.isEmpty {
        out.append(
          "- **Also fits:** "
            + f.alternatives.map { "`\($0.cause)` (\($0.confidence.rawValue))" }.joined(separator: ", "))
      }
      for m in f.missing { out.append("- **Would help:** \(md(m))") }
      if !f.missing.isEmpty { out.append("- How to export each source: docs/collect.md in scimdiag's repository.") }
      out.append("")
      out.append("What to do:")
      out.append("")
      for step in f.remediation { out.append("1. \(md(step))") }
      out.append("")
      out.append("Evidence:")
      out.append("")
      for e in f.evidence {
        out.append("- \(time(e.time)) · \(e.source.rawValue) · \(md(e.text)) (`\(md(e.location))`)")
      }
    }
    if r.findings.isEmpty { out.append("\nNo deprovisioning trigger for this user.") }
    return out.joined(separator: "\n") + "\n"
  }

  /// The users table in Markdown.
  package static func usersMarkdown(_ users: [UserReport]) -> String {
    var out = ["| user | latest trigger | time (UTC) | outcome | cause | confidence |", "|---|---|---|---|---|---|"]
    for u in users {
      let f = u.findings.last
      out.append(
        "| \(md(u.user.label)) | \(f?.trigger.kind.rawValue ?? "-") | \(f.map { time($0.trigger.time) } ?? "-") | \(f?.outcome.rawValue ?? "-") | \(f.map { "`\($0.cause)`" } ?? "-") | \(f?.confidence.rawValue ?? "-") |"
      )
    }
    return out.joined(separator: "\n")
  }

  /// The `users` triage table.
  package static func usersText(_ rows: [UserSummary]) -> String {
    var table = UsersTable()
    for r in rows { table.measure(r) }
    return ([table.header] + rows.map(table.line)).joined(separator: "\n")
  }

  /// The cause catalog as Markdown: docs/rules.md is this text.
  package static func rulesMarkdown() -> String {
    var out = [
      "# Causes",
      "",
      "Generated by `scimdiag rules --format markdown` from the rule catalog; a test fails when this file is stale.",
      "Each finding of `scimdiag explain` names one of these causes. The identifiers are stable.",
      "",
      "| cause | for you | meaning |",
      "|---|---|---|",
    ]
    for r in RuleCatalog.rules {
      let d = r.description
      out.append("| [`\(d.id)`](#cause-\(d.id)) | \(d.attention.phrase) | \(d.summary) |")
    }
    for r in RuleCatalog.rules {
      let d = r.description
      out.append("")
      out.append("<a id=\"cause-\(d.id)\"></a>")
      out.append("## `\(d.id)`: \(d.title)")
      out.append("")
      out.append(d.summary)
      out.append("")
      out.append("**For you:** \(d.attention.phrase).")
      out.append("")
      out.append("**Why.** \(d.rationale)")
      out.append("")
      out.append("**What to do.**")
      out.append("")
      for step in d.remediation { out.append("1. \(step)") }
      out.append("")
      out.append("**Links.** " + d.links.map { "<\($0)>" }.joined(separator: " · "))
      out.append("")
      out.append("**Examples** (the rule's tests; `scimdiag` example language, see `docs/rules-examples.md`):")
      for ex in r.examples {
        out.append("")
        let verdict =
          ex.triggers
          ? "names `\(d.id)`" + (ex.outcome.map { ", outcome `\($0.rawValue)`" } ?? "")
          : "does not name `\(d.id)`"
        let forApp = ex.app == "Contoso SCIM" ? "" : " for the app \(ex.app)"
        out.append("- \(verdict)\(forApp):")
        out.append("")
        out.append("  ```")
        for line in ex.lines { out.append("  " + line) }
        out.append("  ```")
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// The `apps` listing.
  package static func appsText(_ apps: [AppSummary]) -> String {
    if apps.isEmpty { return "no provisioning events: no app is known" }
    var out: [String] = []
    for a in apps {
      out.append(clean(a.app.name ?? "(no name)") + "  service principal " + clean(a.app.id))
      out.append("  job            " + (a.jobIds.isEmpty ? "-" : clean(a.jobIds.joined(separator: ", "))))
      let span = "\(a.firstEvent.map(time) ?? "-") .. \(a.lastEvent.map(time) ?? "-")"
      out.append("  events         \(a.events) in \(a.cycles) cycle\(a.cycles == 1 ? "" : "s"), \(span)")
      out.append("  triggers       \(a.triggers) diagnosed (scimdiag users --app shows them)")
      out.append("  SCIM log       " + (a.scimLog ? "attributed to this app" : "not this app's (or not attributed)"))
      if let basis = a.scimLogBasis { out.append("                 " + clean(basis)) }
      out.append(
        "  configuration  "
          + (a.configurations.isEmpty
            ? "none"
            : "\(a.configurations.count) snapshot\(a.configurations.count == 1 ? "" : "s") that may be this app's ("
              + a.configurations.map { String(time($0).prefix(16)) }.joined(separator: ", ")
              + "; files stated with ingest --app to be another app's are left out)"))
    }
    return out.joined(separator: "\n")
  }

  /// The `cycles` table, gaps marked.
  package static func cyclesText(_ cycles: [Cycle]) -> String {
    var out = ["START (UTC)          END (UTC)            PROV  SCIM  SINCE PREVIOUS  CYCLE"]
    for c in cycles {
      let since =
        c.minutesSincePrevious.map { m -> String in
          let text = m >= 120 ? "\(Int(m / 60))h\(Int(m) % 60)m" : "\(Int(m.rounded()))m"
          return m > CycleInference.gapMinutes ? text + " gap" : text
        } ?? "-"
      let cells = [
        time(c.start), time(c.end), String(c.provisioningEvents), String(c.scimRequests), since,
        c.cycleId.map(clean) ?? "(SCIM activity, no cycle id)",
      ]
      let widths = [19, 19, 4, 4, 14]
      out.append(
        cells.enumerated().map { i, v in
          i < widths.count ? v.padding(toLength: max(widths[i], v.count), withPad: " ", startingAt: 0) : v
        }
        .joined(separator: "  "))
    }
    if cycles.isEmpty { out.append("(no provisioning events or SCIM requests)") }
    return out.joined(separator: "\n")
  }

  package static func rulesText() -> String {
    RuleCatalog.rules.map { "\($0.description.id)\n  \($0.description.summary)" }.joined(separator: "\n")
  }

  /// Control characters (terminal escapes in hostile log values) shown as `\u{…}`.
  package static func clean(_ s: String) -> String {
    if !s.utf8.contains(where: { $0 < 0x20 || $0 >= 0x7F }) { return s }
    var out = ""
    for u in s.unicodeScalars {
      if u.value < 0x20 || (u.value >= 0x7F && u.value < 0xA0) {
        out += "\\u{\(String(u.value, radix: 16))}"
      } else {
        out.unicodeScalars.append(u)
      }
    }
    return out
  }

  /// Markdown-safe text: escapes table pipes, backticks, angle brackets and control characters.
  package static func md(_ s: String) -> String {
    clean(s).replacingOccurrences("\\", "\\\\").replacingOccurrences("|", "\\|").replacingOccurrences("`", "\\`")
      .replacingOccurrences("<", "&lt;").replacingOccurrences(">", "&gt;")
  }
}

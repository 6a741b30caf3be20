import Foundation
import ScimDiagParsing

/// `scimdiag test-server`'s output: text for a terminal, Markdown for a ticket or a pull
/// request, and the JSON-lines request log that `scimdiag ingest` reads.
package enum ServerTestRenderer {
  static func mark(_ passed: Bool?) -> String { passed == true ? "PASS" : passed == false ? "FAIL" : "----" }

  static func line(_ e: TestExchange) -> String {
    var s = "#\(e.number) \(e.request.method) \(e.request.path)"
    if let body = e.request.body, e.request.method == "PATCH" {
      // The operations are what the check is about; the schemas line is always the same.
      let ops = (try? JSONValue.parse(body))?["Operations"]?.jsonText ?? body
      s += " " + ops
    }
    if let r = e.response {
      s += " → \(r.status)"
      if !r.body.isEmpty { s += " " + (r.body.count > 200 ? String(r.body.prefix(200)) + "…" : r.body) }
    } else if let f = e.failure {
      s += " → \(f)"
    }
    return ExplainRenderer.clean(s)
  }

  package static func text(_ r: ServerTestReport) -> String {
    var out: [String] = []
    out.append(
      "scimdiag test-server \(ExplainRenderer.clean(r.baseURL))"
        + (r.dryRun ? "  (dry run: nothing was sent; the answers are a compliant server's)" : ""))
    out.append("\(r.exchanges.count) requests from \(ExplainRenderer.time(r.startedAt)) UTC")
    out.append("")
    if r.dryRun {
      out.append("The requests, in order ({id-1} and {id-2} stand for the ids the server gives the test users):")
      for e in r.exchanges {
        out.append("  \(e.request.method) \(ExplainRenderer.clean(e.request.path))")
        if let body = e.request.body { out.append("      \(ExplainRenderer.clean(body))") }
      }
      out.append("")
      out.append("The checks they serve:")
      for c in r.checks { out.append("  \(c.id.padding(toLength: 20, withPad: " ", startingAt: 0))\(c.title)") }
      return out.joined(separator: "\n") + "\n"
    }
    for c in r.checks {
      out.append("\(mark(c.passed))  \(c.id.padding(toLength: 20, withPad: " ", startingAt: 0))\(c.title)")
      if c.passed != true { out.append("      found          \(ExplainRenderer.clean(c.detail))") }
      if c.passed == false {
        let summary = RuleCatalog.rule(c.cause)?.description.summary ?? ""
        out.append("      in production  \(c.cause): \(summary) (\(c.causeLink))")
        out.append("      fix            \(c.fix)")
        for n in c.evidence where n >= 1 && n <= r.exchanges.count {
          out.append("      evidence       " + line(r.exchanges[n - 1]))
        }
      }
    }
    out.append("")
    if let stopped = r.stopped { out.append("stopped: \(ExplainRenderer.clean(stopped))") }
    out.append(verdict(r))
    return out.joined(separator: "\n") + "\n"
  }

  static func verdict(_ r: ServerTestReport) -> String {
    let passed = r.checks.filter { $0.passed == true }.count
    let failed = r.failed.count
    let notRun = r.checks.count - passed - failed
    return "\(passed) of \(r.checks.count) checks passed, \(failed) failed"
      + (notRun > 0 ? ", \(notRun) not run or not judged" : "") + "."
  }

  package static func markdown(_ r: ServerTestReport) -> String {
    let md = ExplainRenderer.md
    var out = ["# SCIM deprovisioning checks: \(md(r.baseURL))", ""]
    out.append(
      "scimdiag \(ScimDiagVersion.current), \(r.exchanges.count) requests from \(ExplainRenderer.time(r.startedAt)) UTC"
        + (r.dryRun ? " (dry run: nothing was sent)" : "") + ". " + verdict(r))
    if let stopped = r.stopped { out += ["", "**Stopped:** " + md(stopped)] }
    out += ["", "| check | result | found | cause in production |", "|---|---|---|---|"]
    for c in r.checks {
      out.append(
        "| `\(c.id)` \(md(c.title)) | \(mark(c.passed)) | \(md(c.detail)) | \(c.passed == false ? "[`\(c.cause)`](\(c.causeLink))" : "") |"
      )
    }
    for c in r.failed {
      out += ["", "## `\(c.id)`", "", md(c.detail), "", "**Fix.** " + md(c.fix), ""]
      for n in c.evidence where n >= 1 && n <= r.exchanges.count {
        out.append("- `" + line(r.exchanges[n - 1]).replacingOccurrences("`", "'") + "`")
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// The exchanges as JSON lines in the shape `ingest` reads (`scim-json`): time, method, URL
  /// (the base URL's path and the request's), status, bodies and duration. No header is
  /// written, so no credential can be.
  package static func requestLog(_ r: ServerTestReport) -> String {
    let basePath = pathOf(r.baseURL)
    var lines: [String] = []
    for e in r.exchanges {
      guard let response = e.response else { continue }
      var fields: [(String, JSONValue)] = [
        ("timestamp", .string(e.time)), ("method", .string(e.request.method)),
        ("url", .string(basePath + e.request.path)), ("status", .number(String(response.status))),
        ("durationMs", .number(String(response.milliseconds))), ("userAgent", .string("scimdiag test-server")),
      ]
      if let body = e.request.body { fields.append(("requestBody", (try? JSONValue.parse(body)) ?? .string(body))) }
      if !response.body.isEmpty {
        fields.append(("responseBody", (try? JSONValue.parse(response.body)) ?? .string(response.body)))
      }
      lines.append(JSONValue.object(JSONObject(fields)).jsonText)
    }
    return lines.map { $0 + "\n" }.joined()
  }

  /// `https://host/scim/v2` → `/scim/v2`.
  static func pathOf(_ url: String) -> String {
    var path = URLComponents(string: url)?.percentEncodedPath ?? ""
    while path.hasSuffix("/") { path.removeLast() }
    return path
  }
}

import ScimDiagParsing

/// Which of the three sources, and which configuration, the store holds, and for which period:
/// said at the top of `explain`, `users` and the report, so a reader knows what a finding could
/// and could not see.
package struct SourceCoverage: Sendable, Encodable, Equatable {
  /// The first and last record of one source; nil when none was ingested.
  package struct Span: Sendable, Encodable, Equatable {
    package var first: String
    package var last: String
  }

  package var audit: Span?
  package var provisioning: Span?
  package var scim: Span?
  /// The times of the configuration snapshots (their files' dates), in order.
  package var configurations: [String]

  package init(facts: TenantFacts) {
    func span(_ a: String?, _ b: String?) -> Span? {
      guard let a, let b else { return nil }
      return Span(first: a, last: b)
    }
    audit = span(facts.auditStart, facts.auditEnd)
    provisioning = span(facts.provisioningStart, facts.provisioningEnd)
    scim = span(facts.scimStart, facts.scimEnd)
    configurations = facts.configs.map(\.exportedAt)
  }

  /// One line: each source with its span, or that none was ingested.
  package var line: String {
    func part(_ name: String, _ span: Span?) -> String {
      guard let span else { return "\(name): none ingested" }
      return "\(name) \(ExplainRenderer.time(span.first).prefix(16))–\(ExplainRenderer.time(span.last).prefix(16))"
    }
    let config =
      configurations.isEmpty
      ? "configuration: none ingested"
      : "configuration: \(configurations.count) snapshot\(configurations.count == 1 ? "" : "s") ("
        + configurations.map { String(ExplainRenderer.time($0).prefix(16)) }.joined(separator: ", ") + ")"
    return [
      part("audit log", audit), part("provisioning log", provisioning), part("SCIM request log", scim), config,
    ].joined(separator: " · ")
  }
}

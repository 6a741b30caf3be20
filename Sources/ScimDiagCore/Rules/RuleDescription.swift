import ScimDiagParsing

/// The catalog entry of a cause: what it means, why Entra behaves so, and what to do.
package struct RuleDescription: Sendable, Encodable, Equatable {
  /// Stable kebab-case identifier used in JSON, HTML anchors and docs; never renamed.
  package var id: String
  package var title: String
  /// What a finding of this cause means for the admin: act, nothing to do, wait, or done.
  package var attention: Attention
  /// One sentence: what the cause means.
  package var summary: String
  /// What Entra does and the reference's evidence for it.
  package var rationale: String
  package var remediation: [String]
  package var links: [String]
}

import ScimDiagParsing

/// How sure a finding is.
package enum Confidence: String, Sendable, Codable, Comparable, CaseIterable {
  case certain
  case likely
  case possible

  private var rank: Int { self == .certain ? 2 : self == .likely ? 1 : 0 }
  package static func < (a: Confidence, b: Confidence) -> Bool { a.rank < b.rank }
}

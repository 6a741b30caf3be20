import ScimDiagParsing

/// Which of the three sources a record comes from.
package enum EvidenceSource: String, Sendable, Codable, Comparable {
  case audit
  case provisioning
  case scim

  package static func < (a: EvidenceSource, b: EvidenceSource) -> Bool { a.rawValue < b.rawValue }
}

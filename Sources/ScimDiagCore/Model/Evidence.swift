import ScimDiagParsing

/// A record a finding rests on.
package struct Evidence: Sendable, Codable, Equatable {
  package var source: EvidenceSource
  package var ref: String
  package var location: String
  package var time: String
  package var text: String
}

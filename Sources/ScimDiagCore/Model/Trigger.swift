import ScimDiagParsing

/// The deprovisioning trigger a finding is about.
package struct Trigger: Sendable, Codable, Equatable {
  package var kind: TriggerKind
  package var time: String
  package var ref: String
  package var source: EvidenceSource
}

import ScimDiagParsing

/// A record tied to a user, and the keys that tied it (in words).
package struct LinkedRecord: Sendable, Equatable {
  package var source: EvidenceSource
  package var recordId: String
  package var via: String
}

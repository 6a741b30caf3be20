import ScimDiagParsing

/// Another cause that also fits, with its confidence.
package struct Alternative: Sendable, Codable, Equatable {
  package var cause: String
  package var confidence: Confidence
  package var summary: String
}

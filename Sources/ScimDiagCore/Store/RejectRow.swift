import GRDB
import ScimDiagParsing

/// A record that could not be read, as `scimdiag rejects` lists it.
package struct RejectRow: Sendable, Equatable, Encodable {
  package var path: String
  package var line: Int
  package var column: Int
  package var reason: String
  package var excerpt: String
}

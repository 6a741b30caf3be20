import GRDB
import ScimDiagParsing

/// What one input file contributed, as shown in the ingest summary and kept in `sources`.
package struct FileSummary: Sendable, Equatable {
  package var path: String
  package var sha256 = ""
  package var format = ""
  package var container = ""
  package var encoding = ""
  package var bytes: Int64 = 0
  package var read = 0
  package var new = 0
  package var present = 0
  package var rejected = 0
  package var firstTime: String?
  package var lastTime: String?
  /// Set when identical content was ingested before (from this path).
  package var duplicateOf: String?
  /// What the reader noticed without refusing anything (an unknown CSV column), said once.
  package var warnings: [String] = []

  package init(path: String) {
    self.path = path
  }
}

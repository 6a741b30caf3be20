import GRDB
import ScimDiagParsing

/// An ingested file, as `scimdiag sources` lists it.
package struct SourceRow: Sendable, Equatable, Encodable {
  package var path: String
  package var sha256: String
  package var format: String
  package var container: String
  package var encoding: String
  package var bytes: Int64
  package var recordsRead: Int
  package var recordsNew: Int
  package var recordsPresent: Int
  package var recordsRejected: Int
  package var firstTime: String?
  package var lastTime: String?

  /// A job configuration file: its time is when it was exported, not a span of logs.
  package var isConfiguration: Bool {
    !format.isEmpty
      && format.split(separator: "+").allSatisfy { InputShape(rawValue: String($0))?.source == .configuration }
  }
}

import Foundation
import ScimDiagParsing

/// The outcome for one input file: a summary when it landed, an error when it did not.
package enum FileOutcome: Sendable {
  case landed(FileSummary)
  case failed(path: String, error: ScimDiagError)

  package var landed: Bool {
    if case .landed = self { return true }
    return false
  }
}

import ArgumentParser
import Foundation
import ScimDiagCore
import ScimDiagParsing

struct Sources: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the ingested files with their detected format, counts and time span.")

  @OptionGroup var store: StoreOptions

  @OptionGroup var output: TextOrJSON

  func run() throws {
    try StoreSession.run {
      let rows = try StoreSession(store, needsRecords: false).store.sources()
      switch output.format {
      case .text, .markdown, .html:
        for s in rows {
          print(
            "\(s.path)  \(s.format) (\(s.container), \(s.encoding))  \(s.recordsRead) read, \(s.recordsNew) new, \(s.recordsRejected) rejected  \(s.firstTime ?? "-") .. \(s.lastTime ?? "-")"
          )
        }
      case .json:
        print(try JSONOutput.encode(rows))
      }
    }
  }
}

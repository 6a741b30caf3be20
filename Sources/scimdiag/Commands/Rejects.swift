import ArgumentParser
import Foundation
import ScimDiagCore
import ScimDiagParsing

struct Rejects: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the records that could not be read, with file, line, column and reason.")

  @OptionGroup var store: StoreOptions

  @OptionGroup var output: TextOrJSON

  func run() throws {
    try StoreSession.run {
      let rows = try StoreSession(store, needsRecords: false).store.rejects()
      switch output.format {
      case .text, .markdown, .html:
        if rows.isEmpty { print("no rejected records") }
        for r in rows {
          print("\(r.path):\(r.line):\(r.column): \(r.reason)")
          if !r.excerpt.isEmpty { print("  " + r.excerpt.replacingOccurrences(of: "\n", with: " ")) }
        }
      case .json:
        print(try JSONOutput.encode(rows))
      }
    }
  }
}

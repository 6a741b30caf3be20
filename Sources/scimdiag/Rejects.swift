import ArgumentParser
import Foundation
import ScimDiagCore

struct Rejects: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the records that could not be read, with file, line, column and reason.")

  @OptionGroup var store: StoreOptions

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  func run() throws {
    do {
      let rows = try Store(path: store.path, create: false).rejects()
      switch format {
      case .text:
        if rows.isEmpty { print("no rejected records") }
        for r in rows {
          print("\(r.path):\(r.line):\(r.column): \(r.reason)")
          if !r.excerpt.isEmpty { print("  " + r.excerpt.replacingOccurrences(of: "\n", with: " ")) }
        }
      case .json:
        print(try JSONOutput.encode(rows))
      }
    } catch let e as ExitCode {
      throw e
    } catch {
      throw fail(error)
    }
  }
}

struct Sources: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the ingested files with their detected format, counts and time span.")

  @OptionGroup var store: StoreOptions

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  func run() throws {
    do {
      let rows = try Store(path: store.path, create: false).sources()
      switch format {
      case .text:
        for s in rows {
          print(
            "\(s.path)  \(s.format) (\(s.container), \(s.encoding))  \(s.recordsRead) read, \(s.recordsNew) new, \(s.recordsRejected) rejected  \(s.firstTime ?? "-") .. \(s.lastTime ?? "-")"
          )
        }
      case .json:
        print(try JSONOutput.encode(rows))
      }
    } catch {
      throw fail(error)
    }
  }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text
  case json
}

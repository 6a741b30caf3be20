import ArgumentParser
import Foundation
import ScimDiagCore
import ScimDiagParsing

struct Rules: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the causes scimdiag can name, with why and what to do.",
    discussion: "docs/rules.md is `scimdiag rules --format markdown`.")

  static let formats: [OutputFormat] = [.text, .markdown, .json]

  @Option(help: OutputFormat.help(formats))
  var format: OutputFormat = .text

  func validate() throws { try format.check(Self.formats) }

  func run() throws {
    switch format {
    case .markdown: print(ExplainRenderer.rulesMarkdown(), terminator: "")
    case .json: print(try JSONOutput.encode(RuleCatalog.rules.map(\.description)))
    case .text, .html: print(ExplainRenderer.rulesText())
    }
  }
}

import ArgumentParser
import Foundation
import ScimDiagCore
import ScimDiagParsing

struct Users: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List every correlated user with the outcome and cause of their latest trigger.",
    discussion: "The triage view of a whole tenant. Filter with --outcome and --cause; see `scimdiag rules` for causes."
  )

  @OptionGroup var store: StoreOptions

  @Option(help: "Only users whose latest outcome is this.")
  var outcome: Outcome?

  @Option(help: ArgumentHelp("Only users whose latest cause is this (see `scimdiag rules`).", valueName: "cause"))
  var cause: CauseArgument?

  @Flag(help: "Also list users without a deprovisioning trigger.")
  var all = false

  @OptionGroup var scope: AppOption

  static let formats: [OutputFormat] = [.text, .json]

  @Option(help: OutputFormat.help(formats))
  var format: OutputFormat = .text

  @Flag(help: "Replace UPNs, names, mail addresses and ids with stable pseudonyms.")
  var redact = false

  func validate() throws { try format.check(Self.formats) }

  func run() throws {
    try StoreSession.run {
      let session = try StoreSession(store)
      let redactor = redact ? try session.store.redactor() : nil
      let explainer = try Explainer(store: session.store)
      let chosen = try session.app(scope.app, among: explainer.apps)
      try explainer.keepTriage()
      // The kept triage is read twice (column widths, then the rows), never held whole.
      func each(_ body: (UserSummary) throws -> Void) throws {
        try session.store.eachTriageRow(app: explainer.triageApp(chosen)) { row in
          guard
            (all || row.triggers > 0) && (outcome == nil || row.outcome == outcome)
              && (cause == nil || row.cause == cause?.id)
          else { return }
          var row = row
          if let redactor { row.user = redactor.apply(row.user) }
          try body(row)
        }
      }
      let out = try ReportOutput(path: nil)
      func emit(_ text: String) throws { try out.write(redactor?.apply(text) ?? text) }
      if format == .json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var first = true
        try emit("[")
        try each { row in
          let json = String(decoding: try encoder.encode(row), as: UTF8.self)
          try emit(
            (first ? "\n" : ",\n")
              + json.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
          first = false
        }
        try emit(first ? "\n\n]\n" : "\n]\n")
      } else {
        var table = UsersTable()
        try each { table.measure($0) }
        try emit("Sources: \(explainer.coverage.line)\n\n" + table.header + "\n")
        try each { try emit(table.line($0) + "\n") }
      }
      _ = try out.finish()
    }
  }
}

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
      let rows = try explainer.summaries(app: chosen).map { row -> UserSummary in
        var row = row
        if let redactor { row.user = redactor.apply(row.user) }
        return row
      }.filter { row in
        (all || row.triggers > 0) && (outcome == nil || row.outcome == outcome)
          && (cause == nil || row.cause == cause?.id)
      }
      let text =
        format == .json
        ? try JSONOutput.encode(rows) : "Sources: \(explainer.coverage.line)\n\n" + ExplainRenderer.usersText(rows)
      print(redactor?.apply(text) ?? text)
    }
  }
}

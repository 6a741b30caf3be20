import ArgumentParser
import Foundation
import ScimDiagCore
import ScimDiagParsing

struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show what happened to one user across the three sources, and why.",
    discussion: """
      USER may be a UPN (also the soft-deleted form with the 32-hex object-id prefix), an Entra \
      object id, a SCIM id, a SCIM userName or externalId, a mail address or a display name; \
      case does not matter.

      For every deprovisioning trigger (soft delete, hard delete, unassignment, group removal, \
      disable) the output gives the outcome (what the app's SCIM endpoint saw: delivered, \
      skipped, get-only, nothing, failed, pending), the cause (see `scimdiag rules`), how sure \
      scimdiag is (certain, likely, possible), the records it rests on, and what to do.

      Exit status: 0 when the user was found, 1 when not (the closest known users are listed) \
      or when several users match.
      """)

  @OptionGroup var store: StoreOptions

  @Argument(help: "The user to explain.", completion: UserCompletion.kind)
  var user: String

  @OptionGroup var scope: AppOption

  static let formats: [OutputFormat] = [.text, .json, .markdown]

  @Option(help: OutputFormat.help(formats))
  var format: OutputFormat = .text

  @Flag(help: "Replace UPNs, names, mail addresses and ids with stable pseudonyms (to send to an app vendor).")
  var redact = false

  @Flag(name: [.short, .long], help: "Also show how each record was linked to the user (the keys, per record).")
  var verbose = false

  @Option(help: "Colour the text: auto (a terminal, unless NO_COLOR is set), always or never.")
  var color: ColorChoice = .auto

  func validate() throws { try format.check(Self.formats) }

  func run() throws {
    try StoreSession.run {
      let session = try StoreSession(store)
      let explainer = try Explainer(store: session.store)
      let chosen = try session.app(scope.app, among: explainer.apps)
      let report = try explainer.report(for: try session.user(user)).only(chosen)
      let text: String
      switch format {
      case .markdown: text = ExplainRenderer.markdown(report)
      case .json: text = try JSONOutput.encode(report) + "\n"
      case .text, .html:
        let style = ExplainRenderer.Style(color: color.enabled && !redact, verbose: verbose, width: terminalWidth())
        text = ExplainRenderer.text(report, style: style) + "\n"
      }
      print(redact ? try session.store.redactor().apply(text) : text, terminator: "")
    }
  }
}

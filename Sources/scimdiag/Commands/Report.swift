import ArgumentParser
import Foundation
import ScimDiagCore
import ScimDiagParsing

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write a self-contained report of the whole tenant, or one user.",
    discussion: """
      The HTML report is one file with no external resources, readable offline and printable: \
      what was ingested, outcomes and causes, a chart of provisioning cycles, a sortable users \
      table, each user's timeline and findings, and the cause catalog. Everything taken from the \
      logs is escaped. Set SOURCE_DATE_EPOCH to fix the "report made" time for reproducible files.

      Examples:
        scimdiag report --html --output report.html
        scimdiag report --format markdown --user alice@contoso.com
      """)

  @OptionGroup var store: StoreOptions

  @Flag(help: "Write HTML (the same as --format html).")
  var html = false

  @OptionGroup var scope: AppOption

  static let formats: [OutputFormat] = [.html, .markdown, .json]

  @Option(help: OutputFormat.help(formats))
  var format: OutputFormat?

  @Option(
    name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
  var output: String?

  @Option(help: "Report on this user only (any key explain accepts).")
  var user: String?

  @Flag(help: "Replace UPNs, names, mail addresses and ids with stable pseudonyms (to send to an app vendor).")
  var redact = false

  func validate() throws {
    try format?.check(Self.formats)
    if html, let format, format != .html {
      throw ValidationError("--html and --format \(format.rawValue) contradict each other; give one")
    }
  }

  func run() throws {
    try StoreSession.run {
      let session = try StoreSession(store)
      let s = session.store
      let only = try user.map { try session.user($0) }
      let explainer = try Explainer(store: s)
      let chosen = try session.app(scope.app, among: explainer.apps)
      let report = try explainer.tenantReport(only: only, app: chosen, generatedAt: reportTime())
      var text: String
      switch format ?? .html {
      case .html: text = HTMLRenderer.render(report)
      case .markdown: text = MarkdownReportRenderer.render(report)
      case .json: text = try JSONOutput.encode(report) + "\n"
      case .text: text = MarkdownReportRenderer.render(report)
      }
      if redact { text = try s.redactor().apply(text) }
      if let output {
        do {
          try text.write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
          throw ScimDiagError.cannotWrite(path: output, reason: error.localizedDescription)
        }
        printError("wrote \(output) (\(text.utf8.count) bytes, \(report.users.count) users)")
      } else {
        print(text, terminator: "")
      }
    }
  }

  /// `SOURCE_DATE_EPOCH` when set (reproducible builds' convention), else now.
  func reportTime() -> String {
    if let env = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let t = Timestamp.fromEpoch(env) { return t }
    return Timestamp.fromEpoch(String(Int(Date().timeIntervalSince1970))) ?? ""
  }
}

import ArgumentParser
import Foundation
import ScimDiagCore
import ScimDiagParsing

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write a self-contained report of the whole tenant, or one user.",
    discussion: """
      The HTML report is one file with no external resources, readable offline and printable. It \
      opens with the answer (how many users need action, and what to do for each cause), then \
      outcomes and causes, a chart of provisioning cycles, a users table with every user on one \
      row, each chosen user's timeline and findings, what was ingested, and the cause catalog. \
      Everything taken from the logs is escaped. Set SOURCE_DATE_EPOCH to fix the "report made" \
      time for reproducible files.

      Which users are given in full (--details): all of them up to \(DetailMode.allUpTo) users, \
      above that only those that need action; at most --details-limit users either way, and the \
      report says when it stopped. --user gives one user in full, with only the causes they name.

      Examples:
        scimdiag report --html --output report.html
        scimdiag report --html --details none --output summary.html
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

  @Option(help: "Report on this user only (any key explain accepts).", completion: UserCompletion.kind)
  var user: String?

  @Option(
    help: ArgumentHelp(
      "Users given in full: all, action (those that need action) or none. Default: all up to \(DetailMode.allUpTo) users, action above."
    ))
  var details: DetailMode?

  @Option(help: "The most users given in full.")
  var detailsLimit = DetailMode.defaultLimit

  @Flag(help: "Replace UPNs, names, mail addresses and ids with stable pseudonyms (to send to an app vendor).")
  var redact = false

  func validate() throws {
    try format?.check(Self.formats)
    if html, let format, format != .html {
      throw ValidationError("--html and --format \(format.rawValue) contradict each other; give one")
    }
    if detailsLimit < 0 { throw ValidationError("--details-limit must be 0 or more") }
    if let output {
      var folder: ObjCBool = false
      if FileManager.default.fileExists(atPath: output, isDirectory: &folder), folder.boolValue {
        throw ValidationError(
          "\(output) is a folder; give the report a file name, such as \((output as NSString).appendingPathComponent("report.html"))"
        )
      }
    }
  }

  func run() throws {
    try StoreSession.run {
      let session = try StoreSession(store)
      let s = session.store
      let only = try user.map { try session.user($0) }
      let explainer = try Explainer(store: s)
      let chosen = try session.app(scope.app, among: explainer.apps)
      let content = try explainer.reportContent(
        ReportRequest(only: only, app: chosen, details: details, limit: detailsLimit, generatedAt: reportTime()))
      let redactor = redact ? try s.redactor() : nil
      let out = try ReportOutput(path: output)
      // Each piece is a whole row or section: a redacted value never straddles two.
      let emit: (String) throws -> Void = { try out.write(redactor?.apply($0) ?? $0) }
      switch format ?? .html {
      case .html: try HTMLRenderer.write(content, to: emit)
      case .markdown, .text: try MarkdownReportRenderer.write(content, to: emit)
      case .json: try JSONReportWriter.write(content, to: emit)
      }
      let bytes = try out.finish()
      if let output {
        let r = content.report
        printError(
          "wrote \(output) (\(bytes) bytes; \(r.users) user\(r.users == 1 ? "" : "s"), \(r.details.shown) in full)")
      }
    }
  }

  /// `SOURCE_DATE_EPOCH` when set (reproducible builds' convention), else now.
  func reportTime() -> String {
    if let env = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let t = Timestamp.fromEpoch(env) { return t }
    return Timestamp.fromEpoch(String(Int(Date().timeIntervalSince1970))) ?? ""
  }
}

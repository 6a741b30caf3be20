import ArgumentParser
import Foundation
import ScimDiagCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case text
  case json
  case markdown
}

/// Colour only on a terminal, and never with NO_COLOR set.
func useColor() -> Bool {
  isatty(1) == 1 && getenv("NO_COLOR") == nil
}

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

  @Argument(help: "The user to explain.")
  var user: String

  @Option(help: "Output format: text, json or markdown.")
  var format: ReportFormat = .text

  @Flag(help: "Replace UPNs, names, mail addresses and ids with stable pseudonyms (to send to an app vendor).")
  var redact = false

  func run() throws {
    do {
      let s = try Store(path: store.path, create: false)
      let matches = try s.findUsers(user)
      if matches.isEmpty {
        let suggestions = try s.suggestions(for: user)
        printError("error: no user matches '\(user)'" + (suggestions.isEmpty ? "" : "; closest known users:"))
        for name in suggestions { printError("  \(name)") }
        printError("run `scimdiag users` to list every known user")
        throw ExitCode(1)
      }
      if matches.count > 1 {
        printError("error: '\(user)' matches \(matches.count) users; give one of:")
        for m in matches {
          printError("  \(m.label)" + (m.objectId.map { "  (object id \($0))" } ?? ""))
        }
        throw ExitCode(1)
      }
      let report = try Explainer(store: s).report(for: matches[0])
      let text: String
      switch format {
      case .text: text = ExplainRenderer.text(report, style: .init(color: useColor() && !redact)) + "\n"
      case .markdown: text = ExplainRenderer.markdown(report)
      case .json: text = try JSONOutput.encode(report) + "\n"
      }
      print(redact ? try s.redactor().apply(text) : text, terminator: "")
    } catch let e as ExitCode {
      throw e
    } catch {
      throw fail(error)
    }
  }
}

struct Users: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List every correlated user with the outcome and cause of their latest trigger.",
    discussion: "The triage view of a whole tenant. Filter with --outcome and --cause; see `scimdiag rules` for causes."
  )

  @OptionGroup var store: StoreOptions

  @Option(help: "Only users whose latest outcome is this (delivered, skipped, get-only, nothing, failed, pending).")
  var outcome: String?

  @Option(help: "Only users whose latest cause is this (see `scimdiag rules`).")
  var cause: String?

  @Flag(help: "Also list users without a deprovisioning trigger.")
  var all = false

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Flag(help: "Replace UPNs, names, mail addresses and ids with stable pseudonyms.")
  var redact = false

  func validate() throws {
    if let outcome, Outcome(rawValue: outcome) == nil {
      throw ValidationError(
        "unknown outcome '\(outcome)'; use one of \(Outcome.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    if let cause, RuleCatalog.rule(cause) == nil {
      throw ValidationError("unknown cause '\(cause)'; run `scimdiag rules` to list them")
    }
  }

  func run() throws {
    do {
      let s = try Store(path: store.path, create: false)
      let redactor = redact ? try s.redactor() : nil
      let rows = try Explainer(store: s).summaries().map { row -> UserSummary in
        var row = row
        if let redactor { row.user = redactor.apply(row.user) }
        return row
      }.filter { row in
        (all || row.triggers > 0) && (outcome == nil || row.outcome?.rawValue == outcome)
          && (cause == nil || row.cause == cause)
      }
      let text: String
      switch format {
      case .text: text = ExplainRenderer.usersText(rows)
      case .json: text = try JSONOutput.encode(rows)
      }
      print(redactor?.apply(text) ?? text)
    } catch {
      throw fail(error)
    }
  }
}

struct Rules: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the causes scimdiag can name, with why and what to do.",
    discussion: "docs/rules.md is `scimdiag rules --format markdown`.")

  @Option(help: "Output format: text or markdown.")
  var format: ReportFormat = .text

  func run() throws {
    switch format {
    case .markdown: print(ExplainRenderer.rulesMarkdown(), terminator: "")
    case .json: print(try JSONOutput.encode(RuleCatalog.rules.map(\.description)))
    case .text: print(ExplainRenderer.rulesText())
    }
  }
}

struct Cycles: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the provisioning cycles the logs show, and the gaps between them.",
    discussion: """
      Cycles come from the provisioning log's cycleId; SCIM requests outside them are grouped \
      into bursts of activity. Entra runs a cycle every 20–40 minutes, once a day in quarantine: \
      a gap of more than an hour is marked.
      """)

  @OptionGroup var store: StoreOptions

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  func run() throws {
    do {
      let cycles = try Store(path: store.path, create: false).cycles()
      switch format {
      case .json: print(try JSONOutput.encode(cycles))
      case .text:
        print(ExplainRenderer.cyclesText(cycles))
      }
    } catch {
      throw fail(error)
    }
  }
}

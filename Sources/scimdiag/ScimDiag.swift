import ArgumentParser
import ScimDiagCore
import ScimDiagParsing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@main
struct ScimDiag: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scimdiag",
    abstract: "Explain why a user's deprovisioning never reached a SCIM app.",
    discussion: """
      scimdiag joins three sources that each tell part of the story: Entra ID's provisioning \
      logs, Entra's audit logs, and the SCIM server's own request log. Ingest them into one \
      SQLite store, then ask about a user or the whole tenant.

      Start with:
        scimdiag ingest exports/          # every file in the folder, formats detected
        scimdiag rejects                  # anything that could not be read
        scimdiag users                    # every user: latest trigger, outcome, cause
        scimdiag explain alice@contoso.com
      """,
    version: ScimDiagVersion.current,
    subcommands: [
      Ingest.self, Explain.self, Users.self, Report.self, Apps.self, Config.self, Cycles.self, Rules.self, Rejects.self,
      Sources.self, TestServer.self,
    ]
  )

  /// Runs the command line, after saying "did you mean" for a mistyped command or cause.
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let message = suggestion(for: arguments) {
      printError("error: " + message)
      Self.exit(withError: ExitCode(64))
    }
    main(arguments)
  }

  /// A message for a mistyped subcommand or `--cause` value, with the closest valid ones.
  static func suggestion(for arguments: [String]) -> String? {
    let commands = configuration.subcommands.map { $0._commandName } + ["help"]
    if let first = arguments.first, !first.hasPrefix("-"), !commands.contains(first) {
      let near = closest(first, among: commands)
      return "'\(first)' is not a scimdiag command"
        + (near.isEmpty ? "" : "; did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?")
        + " (scimdiag --help lists them)"
    }
    let causes = RuleCatalog.rules.map(\.description.id)
    for (i, a) in arguments.enumerated() {
      let value: String?
      if a == "--cause" {
        value = i + 1 < arguments.count ? arguments[i + 1] : nil
      } else if a.hasPrefix("--cause=") {
        value = String(a.dropFirst("--cause=".count))
      } else {
        value = nil
      }
      if let value, !causes.contains(value) {
        let near = closest(value, among: causes)
        return "'\(value)' is not a cause scimdiag names"
          + (near.isEmpty ? "" : "; did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?")
          + " (scimdiag rules lists them)"
      }
    }
    return nil
  }

  /// The candidates within a few edits of `word`, nearest first.
  static func closest(_ word: String, among candidates: [String]) -> [String] {
    let scored = candidates.map { ($0, EditDistance.between(word.lowercased(), $0)) }
      .filter { $0.1 <= max(2, word.count / 3) }
    guard let best = scored.map(\.1).min() else { return [] }
    return scored.filter { $0.1 == best }.map(\.0)
  }
}

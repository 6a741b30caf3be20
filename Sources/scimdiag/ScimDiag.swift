import ArgumentParser
import ScimDiagCore

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
    subcommands: [
      Ingest.self, Explain.self, Users.self, Report.self, Config.self, Cycles.self, Rules.self, Rejects.self,
      Sources.self,
    ]
  )
}

/// Options every command that uses the store shares.
struct StoreOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "The SQLite store to use.", discussion: "Defaults to $SCIMDIAG_DB, or ./scimdiag.db when that is not set.",
      valueName: "path"))
  var db: String?

  var path: String {
    if let db { return db }
    if let env = getenv("SCIMDIAG_DB"), let value = String(validatingCString: env), !value.isEmpty { return value }
    return "scimdiag.db"
  }
}

/// Writes a line to standard error.
func printError(_ text: String) {
  var line = text
  line += "\n"
  writeStderr(line)
}

/// Writes text to standard error unbuffered.
func writeStderr(_ text: String) {
  var bytes = Array(text.utf8)
  bytes.withUnsafeMutableBytes { buffer in
    var offset = 0
    while offset < buffer.count {
      let n = write(2, buffer.baseAddress! + offset, buffer.count - offset)
      if n <= 0 { return }
      offset += n
    }
  }
}

/// Turns a core error into a message on stderr and an exit code.
func fail(_ error: Error) -> ExitCode {
  let e = error as? ScimDiagError ?? Store.describe(error, path: "the store")
  printError("error: " + (e.errorDescription ?? "\(e)"))
  return ExitCode(1)
}

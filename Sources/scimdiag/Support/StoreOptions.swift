import ArgumentParser
import ScimDiagParsing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Options every command that uses the store shares.
struct StoreOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "The SQLite store to use.", discussion: "Defaults to $SCIMDIAG_DB, or ./scimdiag.db when that is not set.",
      valueName: "path"), completion: .file(extensions: ["db", "sqlite"]))
  var db: String?

  var path: String {
    if let db { return db }
    if let env = getenv("SCIMDIAG_DB"), let value = String(validatingCString: env), !value.isEmpty { return value }
    return "scimdiag.db"
  }
}

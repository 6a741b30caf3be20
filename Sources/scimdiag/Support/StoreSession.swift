import ArgumentParser
import ScimDiagCore
import ScimDiagParsing

/// What the commands that read a store share: opening it (slow first steps reported on
/// stderr), finding one user with the same lookup and messages everywhere, and turning
/// failures into a message and an exit code.
struct StoreSession {
  let store: Store

  /// Opens the store `options` name; `create` makes a new one when there is none. A command
  /// that answers from the logs (`needsRecords`) refuses a store that holds none, in words.
  init(_ options: StoreOptions, create: Bool = false, needsRecords: Bool = true) throws {
    store = try Store(path: options.path, create: create)
    store.progress = { printError($0) }
    store.triageProgress = triageProgressLine()
    if needsRecords, try store.holdsNoRecords() {
      printError(
        "error: the store \(options.path) holds no records; run `scimdiag ingest <files or folders>` first (docs/collect.md says what to export)"
      )
      throw ExitCode(1)
    }
  }

  /// The one user `query` names; otherwise says who is closest (or which users match) and
  /// exits 1.
  func user(_ query: String) throws -> UserIdentity {
    let matches = try store.findUsers(query)
    if matches.isEmpty {
      let suggestions = try store.suggestions(for: query)
      printError("error: no user matches '\(query)'" + (suggestions.isEmpty ? "" : "; closest known users:"))
      for name in suggestions { printError("  \(name)") }
      printError("run `scimdiag users` to list every known user")
      throw ExitCode(1)
    }
    if matches.count > 1 {
      printError("error: '\(query)' matches \(matches.count) users; give one of:")
      for m in matches {
        printError("  \(m.label)" + (m.objectId.map { "  (object id \($0))" } ?? ""))
      }
      throw ExitCode(1)
    }
    return matches[0]
  }

  /// The one app `query` names (a prefix of its name or service principal id, any case);
  /// otherwise lists the known apps and exits 1.
  func app(_ query: String?, among apps: [AppRef]) throws -> AppRef? {
    guard let query else { return nil }
    let matches = apps.filter { $0.matches(query) }
    if matches.count == 1 { return matches[0] }
    printError(
      matches.isEmpty
        ? "error: no app matches '\(query)'"
          + (apps.isEmpty ? "; the store holds no provisioning events" : "; the apps are:")
        : "error: '\(query)' matches \(matches.count) apps; give one of:")
    for a in matches.isEmpty ? apps : matches { printError("  \(a.label)") }
    throw ExitCode(1)
  }

  /// Runs a command's body: an exit code passes through, any other error is reported.
  static func run(_ body: () throws -> Void) throws {
    do {
      try body()
    } catch let e as ExitCode {
      throw e
    } catch let e as ValidationError {
      throw e
    } catch {
      throw fail(error)
    }
  }
}

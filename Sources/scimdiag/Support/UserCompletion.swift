import ArgumentParser
import Foundation
import ScimDiagCore
import ScimDiagParsing

/// Shell completion of user names from the store the command line names (`--db`, else
/// SCIMDIAG_DB, else ./scimdiag.db). Any failure completes nothing: a completion never prints
/// an error into the shell.
enum UserCompletion {
  static let kind = CompletionKind.custom { words, _, prefix in labels(words: words, prefix: prefix) }

  static func labels(words: [String], prefix: String) -> [String] {
    var path = ProcessInfo.processInfo.environment["SCIMDIAG_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "scimdiag.db"
    if let i = words.firstIndex(of: "--db"), i + 1 < words.count { path = words[i + 1] }
    for w in words where w.hasPrefix("--db=") { path = String(w.dropFirst("--db=".count)) }
    guard FileManager.default.fileExists(atPath: path), let store = try? Store(path: path, create: false) else {
      return []
    }
    return (try? store.userLabels(prefix: prefix, limit: 200)) ?? []
  }
}

import ArgumentParser
import Foundation
import ScimDiagCore
import ScimDiagParsing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

struct Ingest: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Read Entra provisioning logs, audit logs and SCIM request logs into the store.",
    discussion: """
      Give files, folders (read recursively, hidden entries skipped) or - for standard input. \
      The format of each file is detected from its content:

      \(InputShape.summary(indent: "  "))

      UTF-8 (with or without BOM) and UTF-16 with BOM are read; CRLF line ends are fine. \
      Re-ingesting a file, or an export that overlaps an earlier one, adds nothing.

      A file lands completely or not at all. A record that cannot be read is kept in the store \
      as a reject (see `scimdiag rejects`) unless --strict is given. Credentials (Authorization \
      headers, bearer tokens, token query parameters) are never stored.

      Exit status: 0 every file landed (rejected records and unknown CSV columns are warnings on \
      standard error); 1 at least one file was not ingested, a folder held nothing to ingest, or \
      --strict met a bad record.
      """)

  @OptionGroup var store: StoreOptions

  @Argument(
    help: ArgumentHelp("Files or folders to read; - reads standard input.", valueName: "path"), completion: .file())
  var paths: [String]

  @Option(
    help: ArgumentHelp(
      "Read every record as this kind instead of detecting it.",
      discussion: "One of: \(RecordKind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"))
  var format: RecordKind?

  @Option(
    help: ArgumentHelp(
      "The app these files' SCIM requests belong to (a prefix of its name or service principal id).",
      discussion:
        "Needed only when the store holds several apps and the request log cannot be attributed by the SCIM ids it shares with one app's provisioning events (scimdiag apps says how it was attributed).",
      valueName: "app"))
  var app: String?

  @Flag(help: "Fail a whole file (and the exit status) on its first unreadable record instead of recording a reject.")
  var strict = false

  @Flag(
    help: ArgumentHelp(
      "Do not link and diagnose after the files land.",
      discussion:
        "By default ingest ends by linking records to users and diagnosing every user, so that the first users, explain or report answers at once. Give this when several ingests follow one another; the first command after the last one does it."
    ))
  var noAnalyze = false

  @Flag(name: [.short, .long], help: "Do not show the progress bar.")
  var quiet = false

  func run() throws {
    let existed = FileManager.default.fileExists(atPath: store.path)
    let storeHandle: Store
    do { storeHandle = try Store(path: store.path) } catch { throw fail(error) }
    var options = IngestOptions(forced: format, strict: strict)
    options.app = app
    let ingestor = Ingestor(store: storeHandle, options: options)
    if !quiet && isatty(2) == 1 { ingestor.progress = ProgressBar().update }
    let (files, missing) = Ingestor.expand(paths)
    var outcomes = missing
    Interrupt.install()
    for file in files {
      Interrupt.reading(
        file,
        kept: outcomes.filter(\.landed).count)
      let outcome = ingestor.ingest(path: file)
      if !quiet && isatty(2) == 1 { writeStderr("\r\u{1B}[K") }
      switch outcome {
      case .landed: print(IngestSummary.line(for: outcome))
      case .failed: printError(IngestSummary.line(for: outcome))
      }
      outcomes.append(outcome)
    }
    for outcome in missing { printError(IngestSummary.line(for: outcome)) }
    print(IngestSummary.total(outcomes))
    for warning in IngestSummary.warnings(outcomes) { printError(warning) }
    let landed = outcomes.contains(where: \.landed)
    if !noAnalyze, landed {
      Interrupt.analysing(
        kept: outcomes.filter(\.landed).count)
      // The linking and triage the first users, explain or report would do, done now.
      do {
        if !quiet { printError("linking records to users and diagnosing every user…") }
        // The reading threads' freed memory goes back to the system before the analysis, so
        // the two phases' peaks do not add up.
        #if canImport(Glibc)
          _ = glibcMallocTrim(0)
        #endif
        if !quiet { storeHandle.triageProgress = triageProgressLine() }
        try Explainer(store: storeHandle).keepTriage()
      } catch {
        throw fail(error)
      }
    }
    if !landed && !existed {
      // Nothing was stored: the store this run created goes again.
      for suffix in ["", "-wal", "-shm", "-journal"] {
        try? FileManager.default.removeItem(atPath: store.path + suffix)
      }
    }
    let code = IngestSummary.exitCode(outcomes)
    if code != 0 { throw ExitCode(code) }
  }
}

#if canImport(Glibc)
  /// glibc's `malloc_trim` (declared in malloc.h, which the Glibc module leaves out).
  @_silgen_name("malloc_trim") private func glibcMallocTrim(_ pad: Int) -> Int32
#endif

import Foundation
import Testing

@testable import ScimDiagCore
@testable import ScimDiagParsing

/// Paths and helpers shared by the tests.
enum TestPaths {
  /// Tests/ScimDiagCoreTests
  static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static let packageRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()
  static let fixtures = testsDir.appendingPathComponent("Fixtures/ingest")
  static let snapshots = testsDir.appendingPathComponent("Snapshots")
  /// A copy of samples/ made once per test run: the tests read it, and pin its configuration
  /// files' modification times, without touching the tracked files.
  static let samplesCopyRoot: URL = copyOfSamples()
  static let samples = samplesCopyRoot.appendingPathComponent("samples")
  /// The shared reference samples, beside the clone (absent outside the project's machines).
  static let referenceSamples = packageRoot.deletingLastPathComponent().appendingPathComponent(
    "shared/reference/samples")

  static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }
}

/// A scratch folder removed when the value is released.
final class TempDir {
  let url: URL

  init() {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("scimdiag-test-" + UUID().uuidString)
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  func write(_ name: String, _ bytes: [UInt8]) -> String {
    let p = path(name)
    _ = FileManager.default.createFile(atPath: p, contents: Data(bytes))
    return p
  }
}

/// Ingests paths into a fresh (or given) store and returns the outcomes.
@discardableResult
func ingest(_ paths: [String], store: Store, strict: Bool = false, forced: RecordKind? = nil) -> [FileOutcome] {
  ingest(paths, store: store, options: IngestOptions(forced: forced, strict: strict))
}

func ingest(_ paths: [String], store: Store, options: IngestOptions) -> [FileOutcome] {
  let ingestor = Ingestor(store: store, options: options)
  let (files, errors) = Ingestor.expand(paths)
  return errors + files.map { ingestor.ingest(path: $0) }
}

extension FileOutcome {
  var summary: FileSummary? {
    if case .landed(let s) = self { return s }
    return nil
  }

  var error: ScimDiagError? {
    if case .failed(_, let e) = self { return e }
    return nil
  }

  /// `read/new/present/rejected` or the error text, for compact assertions.
  var counts: String {
    switch self {
    case .landed(let s): return "\(s.read)/\(s.new)/\(s.present)/\(s.rejected)"
    case .failed(_, let e): return "error: " + (e.errorDescription ?? "")
    }
  }
}

/// Compares `actual` with the snapshot file `name`; `SCIMDIAG_RECORD=1` rewrites it.
func assertSnapshot(_ actual: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
  let url = TestPaths.snapshots.appendingPathComponent(name)
  if ProcessInfo.processInfo.environment["SCIMDIAG_RECORD"] == "1" {
    try? FileManager.default.createDirectory(at: TestPaths.snapshots, withIntermediateDirectories: true)
    try? actual.write(to: url, atomically: true, encoding: .utf8)
    return
  }
  guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
    Issue.record(
      "missing snapshot \(name); run the tests with SCIMDIAG_RECORD=1 to create it", sourceLocation: sourceLocation)
    return
  }
  #expect(
    actual == expected, "snapshot \(name) differs; rerun with SCIMDIAG_RECORD=1 if the change is intended",
    sourceLocation: sourceLocation)
}

/// A copy of samples/ in a scratch folder, its job-configuration files' modification times
/// pinned (2026-03-02T16:30:00Z): they carry no export time, so scimdiag takes the file's.
func copyOfSamples() -> URL {
  let fm = FileManager.default
  let root = fm.temporaryDirectory.appendingPathComponent("scimdiag-samples-" + UUID().uuidString)
  let copy = root.appendingPathComponent("samples")
  // Made once per test process (`TestPaths.samplesCopyRoot`) and removed when it exits.
  atexit { try? FileManager.default.removeItem(at: TestPaths.samplesCopyRoot) }
  do {
    try fm.createDirectory(at: root, withIntermediateDirectories: true)
    try fm.copyItem(at: TestPaths.packageRoot.appendingPathComponent("samples"), to: copy)
    let config = copy.appendingPathComponent("job-config")
    for name in try fm.contentsOfDirectory(atPath: config.path) {
      try fm.setAttributes(
        [.modificationDate: Date(timeIntervalSince1970: 1_772_469_000)],
        ofItemAtPath: config.appendingPathComponent(name).path)
    }
  } catch {
    Issue.record("cannot copy samples/: \(error)")
  }
  return root
}

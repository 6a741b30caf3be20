import Foundation

/// One scratch folder for the whole test process, under the system's temporary folder: every
/// store, copy of samples/ and log these tests make goes in it, and it is removed when the
/// process exits, so test runs leave nothing behind.
enum Scratch {
  static let root: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("scimdiag-cli-tests-" + UUID().uuidString)
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: Scratch.root) }
    return url
  }()
}

import Foundation
import ScimDiagParsing

/// Where `report` writes: standard output, or a file that appears only once the report is
/// whole (it is written beside it under a temporary name, then renamed), so a failed report
/// never leaves half a file.
final class ReportOutput {
  private let path: String?
  private let temporary: String?
  private let handle: FileHandle
  private var buffer = Data()
  private var bytes = 0

  init(path: String?) throws {
    self.path = path
    guard let path else {
      temporary = nil
      handle = .standardOutput
      return
    }
    let url = URL(fileURLWithPath: path)
    let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial").path
    guard FileManager.default.createFile(atPath: temp, contents: nil), let h = FileHandle(forWritingAtPath: temp)
    else {
      throw ScimDiagError.cannotWrite(path: path, reason: "the file cannot be created")
    }
    temporary = temp
    handle = h
  }

  deinit {
    // A report that did not finish leaves nothing behind.
    if let temporary, FileManager.default.fileExists(atPath: temporary) {
      try? handle.close()
      try? FileManager.default.removeItem(atPath: temporary)
    }
  }

  func write(_ text: String) throws {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 16 { try flush() }
  }

  private func flush() throws {
    do {
      try handle.write(contentsOf: buffer)
    } catch {
      throw ScimDiagError.cannotWrite(path: path ?? "standard output", reason: error.localizedDescription)
    }
    bytes += buffer.count
    buffer.removeAll(keepingCapacity: true)
  }

  /// Writes what is left and puts the file in place; returns the bytes written.
  func finish() throws -> Int {
    try flush()
    guard let path, let temporary else { return bytes }
    do {
      try handle.close()
      if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
      try FileManager.default.moveItem(atPath: temporary, toPath: path)
    } catch {
      throw ScimDiagError.cannotWrite(path: path, reason: error.localizedDescription)
    }
    return bytes
  }
}

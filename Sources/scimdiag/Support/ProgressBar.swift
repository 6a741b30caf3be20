import Foundation
import ScimDiagParsing

#if canImport(Glibc)
  import Glibc
#endif

/// A byte-based progress line on standard error, redrawn at most once per percent.
final class ProgressBar {
  private var last = -1
  private var lastPath = ""

  func update(path: String, bytes: Int64, total: Int64?) {
    let percent = total.map { $0 > 0 ? Int(bytes * 100 / $0) : 100 } ?? Int(bytes >> 20)
    if percent == last && path == lastPath { return }
    last = percent
    lastPath = path
    let mb = Double(bytes) / 1_048_576
    let text: String
    if let total {
      let width = 30
      let filled = min(width, Int(Double(width) * Double(bytes) / Double(max(total, 1))))
      text =
        "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] "
        + "\(percent)% \(String(format1: mb)) / \(String(format1: Double(total) / 1_048_576)) MB  \(path)"
    } else {
      text = "\(String(format1: mb)) MB  \(path)"
    }
    writeStderr("\r\u{1B}[K" + text)
  }
}

/// "diagnosing users: 12000 of 50000" on standard error, when it is a terminal.
func triageProgressLine() -> (@Sendable (Int, Int) -> Void)? {
  guard isatty(2) == 1 else { return nil }
  return { done, total in
    writeStderr("\r\u{1B}[K" + (done < total ? "diagnosing users: \(done) of \(total)" : ""))
  }
}

extension String {
  init(format1 value: Double) {
    let tenths = Int((value * 10).rounded())
    self = "\(tenths / 10).\(tenths % 10)"
  }
}

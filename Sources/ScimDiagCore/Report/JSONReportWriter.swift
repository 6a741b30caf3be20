import Foundation
import ScimDiagParsing

/// Writes a report as one JSON object: the report model's fields, then `rows` (the users
/// table) and `users` (the users given in full), each element encoded as it comes.
package enum JSONReportWriter {
  package static func write(_ c: ReportContent, to emit: (String) throws -> Void) throws {
    let head = try JSONOutput.encode(c.report)
    // The model's object, left open for the two streamed arrays.
    guard let close = head.lastIndex(of: "}") else { return }
    try emit(String(head[..<close]).trimmingTrailingWhitespace + ",\n  \"rows\" : [")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var first = true
    try c.eachRow { row in
      try emit((first ? "\n    " : ",\n    ") + String(decoding: try encoder.encode(row), as: UTF8.self))
      first = false
    }
    try emit("\n  ],\n  \"users\" : [")
    first = true
    try c.eachDetail { user in
      try emit((first ? "\n    " : ",\n    ") + String(decoding: try encoder.encode(user), as: UTF8.self))
      first = false
    }
    try emit("\n  ]\n}\n")
  }
}

extension String {
  fileprivate var trimmingTrailingWhitespace: String {
    var s = Substring(self)
    while let last = s.last, last.isWhitespace { s = s.dropLast() }
    return String(s)
  }
}

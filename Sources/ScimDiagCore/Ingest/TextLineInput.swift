import Foundation
import ScimDiagParsing

/// Reads line-oriented text: NCSA common/combined access logs, or CSV exports.
struct TextLineInput {
  let reader: JSONReader
  let sink: RecordSink
  let forced: RecordKind?

  func run() throws {
    guard let firstBytes = try reader.readLineBytes() else { throw ScimDiagError.emptyInput(path: sink.path) }
    if firstBytes.contains(0) {
      throw ScimDiagError.notText(
        path: sink.path, location: FilePosition(line: 1, column: firstBytes.firstIndex(of: 0)! + 1))
    }
    let first = String(decoding: firstBytes, as: UTF8.self)
    if forced == .csv || (forced == nil && CSVInput.looksLikeHeader(first)) {
      try CSVInput(reader: reader, sink: sink, header: first).run()
      return
    }
    if forced == .ncsa || (forced == nil && ScimRequestParser.parse(ncsaLine: first) != nil) {
      sink.setContainer("text-lines")
      try ncsa(line: first, number: 1)
      while let (bytes, number) = try reader.readNumberedLine() {
        if bytes.contains(0) {
          throw ScimDiagError.notText(
            path: sink.path, location: FilePosition(line: number, column: bytes.firstIndex(of: 0)! + 1))
        }
        let line = String(decoding: bytes, as: UTF8.self)
        if line.trimmingSpaces.isEmpty { continue }
        try ncsa(line: line, number: number)
      }
      return
    }
    let shown = first.count > 60 ? String(first.prefix(60)) + "…" : first
    throw ScimDiagError.unknownShape(
      path: sink.path, location: FilePosition(line: 1, column: 1), found: "text '\(shown)'")
  }

  private func ncsa(line: String, number: Int) throws {
    let location = FilePosition(line: number, column: 1)
    if let request = ScimRequestParser.parse(ncsaLine: line) {
      try sink.accept(.scim(request), shape: .scimNCSA, location: location)
    } else {
      try sink.reject(
        location: location,
        reason: "not an NCSA access-log line (expected: host ident user [time] \"METHOD path HTTP/x\" status bytes)",
        excerpt: line)
    }
  }
}

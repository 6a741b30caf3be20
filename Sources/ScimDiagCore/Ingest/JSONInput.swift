import Foundation
import ScimDiagParsing

/// Reads JSON input: a top-level array, an envelope object (`value`, `records`, HAR
/// `log.entries`), a single record, or a sequence of values (JSON Lines or concatenated pages).
/// Elements of envelope arrays are read one at a time, so memory does not grow with the file.
struct JSONInput {
  let reader: JSONReader
  let stream: ReadStream

  func run() throws {
    let start = reader.location
    try readTopLevel(start: start, isFirst: true)
    let firstEndLine = reader.currentLine
    guard try !reader.isAtEnd() else { return }
    stream.container = stream.container == "json-document" ? "json-lines" : stream.container
    if firstEndLine == start.line {
      // One value per line (JSON Lines): each later line is parsed on its own, so a bad line
      // becomes a located reject and the lines after it are still read.
      while let (bytes, number) = try reader.readNumberedLine() {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
        if let nul = bytes.firstIndex(of: 0) {
          throw ScimDiagError.notText(path: stream.path, location: FilePosition(line: number, column: nul + 1))
        }
        let lineReader = JSONReader(bytes: bytes, path: stream.path, firstLine: number)
        let location = lineReader.location
        do {
          let value = try lineReader.readValue()
          try lineReader.expectEnd()
          try dispatch(value, location: location)
        } catch let error as ScimDiagError {
          guard case .syntax(_, let loc, let expected, let found, _) = error else { throw error }
          try stream.reject(
            location: loc, reason: "invalid JSON: expected \(expected), found \(found)",
            excerpt: String(decoding: bytes.prefix(200), as: UTF8.self))
        }
      }
    } else {
      // Several pretty-printed documents one after another (concatenated Graph pages).
      while try !reader.isAtEnd() {
        try readTopLevel(start: reader.location, isFirst: false)
      }
    }
  }

  /// Handles a value read whole: an envelope's records one by one, or the value as a record.
  private func dispatch(_ value: JSONValue, location: FilePosition) throws {
    if case .array(let items) = value {
      for item in items { try handle(item, location: location) }
      return
    }
    let log = value["log"]
    for key in ["value", "records"] {
      if let items = value[key]?.arrayValue {
        for item in items { try handle(item, location: location) }
        return
      }
    }
    if let items = log?["entries"]?.arrayValue {
      for item in items { try handle(item, location: location) }
      return
    }
    try handle(value, location: location)
  }

  private func readTopLevel(start: FilePosition, isFirst: Bool) throws {
    let first = try reader.peek()
    if first == UInt8(ascii: "[") {
      if isFirst { stream.setContainer("json-array") }
      try streamArray(container: "json-array")
    } else if first == UInt8(ascii: "{") {
      try readObject(start: start, isFirst: isFirst)
    } else {
      let value = try reader.readValue()
      try stream.reject(
        location: start, reason: "expected a JSON object or array, found \(RecordClassifier.describe(value))",
        excerpt: String(value.jsonText.prefix(80)))
    }
  }

  /// Reads an object member by member; arrays under `value`, `records` and `entries` (and
  /// `log.entries` in HAR) are streamed as records. Without such a member the object itself
  /// is the record.
  private func readObject(start: FilePosition, isFirst: Bool, depth: Int = 0) throws {
    try reader.expect(UInt8(ascii: "{"), "'{'")
    var pairs: [(String, JSONValue)] = []
    var streamed = false
    if try !reader.consume(UInt8(ascii: "}")) {
      repeat {
        let key = try reader.readKey()
        try reader.skipWhitespace()
        let folded = JSONValue.foldKey(key)
        let next = try reader.peek()
        if next == UInt8(ascii: "["), ["value", "records", "entries"].contains(folded) {
          let container = folded == "value" ? "graph-page" : folded == "records" ? "records" : "har"
          if isFirst || stream.container == "json-lines" { stream.container = container }
          try streamArray(container: container)
          streamed = true
        } else if next == UInt8(ascii: "{"), folded == "log", depth == 0 {
          try readObject(start: reader.location, isFirst: isFirst, depth: 1)
          streamed = true
        } else {
          pairs.append((key, try reader.readValue(depth: depth + 1)))
        }
      } while try reader.consumeSeparator(close: UInt8(ascii: "}"), what: "',' or '}' after an object member")
    }
    if !streamed {
      if isFirst { stream.setContainer("json-document") }
      try handle(.object(JSONObject(pairs)), location: start)
    }
  }

  private func streamArray(container: String) throws {
    try reader.expect(UInt8(ascii: "["), "'['")
    if try reader.consume(UInt8(ascii: "]")) { return }
    repeat {
      try reader.skipWhitespace()
      let location = reader.location
      let value = try reader.readValue(depth: 1)
      try handle(value, location: location)
    } while try reader.consumeSeparator(close: UInt8(ascii: "]"), what: "',' or ']' after an array element")
  }

  private func handle(_ value: JSONValue, location: FilePosition) throws {
    try stream.emit(value, location: location)
  }
}

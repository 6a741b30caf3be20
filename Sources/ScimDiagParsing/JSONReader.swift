/// A streaming JSON reader over a `ByteSource` or bytes in memory. It reads one value at a
/// time (so a top-level array of 100,000 records is never held whole), tracks line and column
/// for errors, and bounds nesting depth and string length so hostile input cannot exhaust the
/// stack or memory.
package final class JSONReader {
  package static let maxDepth = 512
  package static let maxStringBytes = 64 << 20

  private var buf: [UInt8]
  private var pos = 0
  private let source: ByteSource?
  package let path: String
  private var atEnd = false
  /// Absolute offset (in UTF-8 bytes) of `buf[0]`.
  private var bufferBase: Int64 = 0
  private var line = 1
  private var lineStart: Int64 = 0
  private let lineOffset: Int
  private var scratch: [UInt8] = []

  /// Reads from a file source.
  package init(source: ByteSource, path: String) {
    self.source = source
    self.path = path
    self.buf = []
    self.lineOffset = 0
    buf.reserveCapacity(ByteSource.chunkSize * 2)
  }

  /// Reads bytes held in memory; `firstLine` numbers the first line (for one line of a file).
  package init(bytes: [UInt8], path: String, firstLine: Int = 1) {
    self.source = nil
    self.path = path
    self.buf = bytes
    self.lineOffset = firstLine - 1
    self.atEnd = true
  }

  /// The current position as a 1-based line and column.
  package var location: FilePosition {
    FilePosition(line: line + lineOffset, column: Int(bufferBase + Int64(pos) - lineStart) + 1)
  }

  /// The absolute byte offset of the read position in the UTF-8 text.
  package var offset: Int64 { bufferBase + Int64(pos) }

  private func refill() throws(ScimDiagError) -> Bool {
    guard let source, !atEnd else { return false }
    if pos > 0 {
      bufferBase += Int64(pos)
      buf.removeSubrange(0..<pos)
      pos = 0
    }
    let before = buf.count
    while buf.count == before {
      if try !source.readUTF8(into: &buf, path: path) {
        atEnd = true
        return buf.count > before
      }
    }
    return true
  }

  /// The next byte without consuming it, or nil at the end of input.
  @inline(__always)
  package func peek() throws(ScimDiagError) -> UInt8? {
    if pos < buf.count { return buf[pos] }
    if try refill() { return buf[pos] }
    return nil
  }

  /// Skips spaces, tabs and line ends, counting lines.
  package func skipWhitespace() throws(ScimDiagError) {
    while true {
      while pos < buf.count {
        let b = buf[pos]
        if b == 0x0A {
          line += 1
          pos += 1
          lineStart = bufferBase + Int64(pos)
        } else if b == 0x20 || b == 0x09 || b == 0x0D {
          pos += 1
        } else {
          return
        }
      }
      if try !refill() { return }
    }
  }

  /// True when only whitespace remains.
  package func isAtEnd() throws(ScimDiagError) -> Bool {
    try skipWhitespace()
    return try peek() == nil
  }

  /// Fails unless only whitespace remains.
  package func expectEnd() throws(ScimDiagError) {
    try skipWhitespace()
    if let b = try peek() { throw syntaxError(expected: "the end of the input", found: b) }
  }

  /// Skips the rest of the current line (for recovery in JSON Lines input).
  package func skipLine() throws(ScimDiagError) {
    while let b = try peek() {
      pos += 1
      if b == 0x0A {
        line += 1
        lineStart = bufferBase + Int64(pos)
        return
      }
    }
  }

  /// Current line number (1-based).
  package var currentLine: Int { line + lineOffset }

  package func syntaxError(expected: String, found: UInt8?) -> ScimDiagError {
    let foundText: String
    if let found {
      if found == 0 {
        return .notText(path: path, location: location)
      }
      foundText = found < 0x20 || found >= 0x7F ? String(format0x: found) : "'\(Character(Unicode.Scalar(found)))'"
    } else {
      foundText = "the end of the input (the file may be truncated)"
    }
    return .syntax(path: path, location: location, expected: expected, found: foundText, excerpt: excerpt())
  }

  /// The current line around the error position, with a caret under it.
  private func excerpt() -> String {
    guard pos <= buf.count else { return "" }
    let lineBegin = max(0, Int(lineStart - bufferBase))
    let from = max(lineBegin, pos - 60)
    var to = pos
    while to < buf.count && to < pos + 20 && buf[to] != 0x0A && buf[to] != 0x0D { to += 1 }
    guard from <= pos, from < to || from == pos else { return "" }
    let text = String(decoding: buf[from..<max(from, to)], as: UTF8.self)
      .map { $0.isASCII && ($0.asciiValue! < 0x20) ? " " : String($0) }.joined()
    let caretColumn = String(decoding: buf[from..<pos], as: UTF8.self).count
    return "\n  " + text + "\n  " + String(repeating: " ", count: caretColumn) + "^"
  }

  /// Consumes `byte` after optional whitespace or fails naming what was expected.
  package func expect(_ byte: UInt8, _ what: String) throws(ScimDiagError) {
    try skipWhitespace()
    let b = try peek()
    guard b == byte else { throw syntaxError(expected: what, found: b) }
    pos += 1
  }

  /// Consumes the next byte if it is `byte`.
  package func consume(_ byte: UInt8) throws(ScimDiagError) -> Bool {
    try skipWhitespace()
    if try peek() == byte {
      pos += 1
      return true
    }
    return false
  }

  /// Most input the fast path may hold in the buffer for one value before it leaves the value
  /// to the byte-by-byte path, which does not need the whole value in memory at once.
  package static let fastPathLookahead = 8 << 20

  /// Reads one complete JSON value: by `FastJSONParser` when the value is valid JSON held in
  /// the buffer (reading more input until it is, up to `fastPathLookahead`), otherwise byte by
  /// byte, which reports where and why the input is not valid JSON.
  package func readValue(depth: Int = 0) throws(ScimDiagError) -> JSONValue {
    try skipWhitespace()
    while pos < buf.count {
      let isFinal = atEnd || source == nil
      let start = pos
      let outcome = buf.withUnsafeBufferPointer { bytes in
        Result { () throws(FastJSONParser.GiveUp) in
          try FastJSONParser.parse(bytes, from: start, depth: depth, isFinal: isFinal)
        }
      }
      switch outcome {
      case .success(let parsed):
        pos = parsed.end
        if parsed.newlines > 0 {
          line += parsed.newlines
          lineStart = bufferBase + Int64(parsed.lastLineStart)
        }
        return parsed.value
      case .failure(.invalid):
        return try readValueByteByByte(depth: depth)
      case .failure(.incomplete):
        let ahead = buf.count - pos
        if isFinal || ahead >= JSONReader.fastPathLookahead { return try readValueByteByByte(depth: depth) }
        // Read until twice as much is buffered, so a long value is parsed a bounded number of times.
        while buf.count - pos < 2 * ahead {
          if try !refill() { break }
        }
      }
    }
    return try readValueByteByByte(depth: depth)
  }

  /// `readValue` without the fast path.
  package func readValueByteByByte(depth: Int = 0) throws(ScimDiagError) -> JSONValue {
    try skipWhitespace()
    guard let b = try peek() else { throw syntaxError(expected: "a JSON value", found: nil) }
    switch b {
    case UInt8(ascii: "{"):
      if depth >= JSONReader.maxDepth { throw .tooDeep(path: path, location: location, limit: JSONReader.maxDepth) }
      pos += 1
      var pairs: [(String, JSONValue)] = []
      if try consume(UInt8(ascii: "}")) { return .object(JSONObject(pairs)) }
      repeat {
        let key = try readKey()
        let value = try readValueByteByByte(depth: depth + 1)
        pairs.append((key, value))
      } while try consumeSeparator(close: UInt8(ascii: "}"), what: "',' or '}' after an object member")
      return .object(JSONObject(pairs))
    case UInt8(ascii: "["):
      if depth >= JSONReader.maxDepth { throw .tooDeep(path: path, location: location, limit: JSONReader.maxDepth) }
      pos += 1
      var items: [JSONValue] = []
      if try consume(UInt8(ascii: "]")) { return .array(items) }
      repeat {
        items.append(try readValueByteByByte(depth: depth + 1))
      } while try consumeSeparator(close: UInt8(ascii: "]"), what: "',' or ']' after an array element")
      return .array(items)
    case UInt8(ascii: "\""):
      return .string(try readString())
    case UInt8(ascii: "t"):
      try readLiteral("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try readLiteral("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try readLiteral("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return .number(try readNumber())
    default:
      throw syntaxError(expected: "a JSON value", found: b)
    }
  }

  /// Reads `"key"` and the colon after it.
  package func readKey() throws(ScimDiagError) -> String {
    try skipWhitespace()
    let b = try peek()
    guard b == UInt8(ascii: "\"") else { throw syntaxError(expected: "a member name in double quotes", found: b) }
    let key = try readString()
    try expect(UInt8(ascii: ":"), "':' after a member name")
    return key
  }

  /// After an element: true when a comma follows, false when `close` ends the container.
  package func consumeSeparator(close: UInt8, what: String) throws(ScimDiagError) -> Bool {
    try skipWhitespace()
    let b = try peek()
    if b == UInt8(ascii: ",") {
      pos += 1
      return true
    }
    if b == close {
      pos += 1
      return false
    }
    throw syntaxError(expected: what, found: b)
  }

  private func readLiteral(_ word: StaticString) throws(ScimDiagError) {
    let bytes = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
    for expected in bytes {
      let b = try peek()
      guard b == expected else { throw syntaxError(expected: "'\(word)'", found: b) }
      pos += 1
    }
  }

  private func readNumber() throws(ScimDiagError) -> String {
    scratch.removeAll(keepingCapacity: true)
    while let b = try peek() {
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
        UInt8(ascii: "e"), UInt8(ascii: "E"):
        scratch.append(b)
        pos += 1
        if scratch.count > 400 { throw .tooLarge(path: path, location: location, what: "a number", limit: 400) }
      default:
        return try validNumber()
      }
    }
    return try validNumber()
  }

  private func validNumber() throws(ScimDiagError) -> String {
    // JSON grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
    var i = 0
    let s = scratch
    func digits() -> Int {
      let start = i
      while i < s.count, s[i] >= 0x30, s[i] <= 0x39 { i += 1 }
      return i - start
    }
    if i < s.count, s[i] == UInt8(ascii: "-") { i += 1 }
    var ok = i < s.count
    if ok {
      if s[i] == UInt8(ascii: "0") { i += 1 } else { ok = digits() > 0 }
    }
    if ok, i < s.count, s[i] == UInt8(ascii: ".") {
      i += 1
      ok = digits() > 0
    }
    if ok, i < s.count, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
      i += 1
      if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
      ok = digits() > 0
    }
    guard ok, i == s.count else {
      throw .syntax(
        path: path, location: location, expected: "a valid number",
        found: "'\(String(decoding: s, as: UTF8.self))'", excerpt: excerpt())
    }
    return String(decoding: s, as: UTF8.self)
  }

  /// Reads a string literal starting at the opening quote.
  package func readString() throws(ScimDiagError) -> String {
    pos += 1
    scratch.removeAll(keepingCapacity: true)
    while true {
      // Fast path: copy a run of plain bytes.
      var end = pos
      while end < buf.count {
        let b = buf[end]
        if b == 0x22 || b == 0x5C || b < 0x20 { break }
        end += 1
      }
      if end > pos {
        if scratch.isEmpty, end < buf.count, buf[end] == 0x22 {
          let s = String(decoding: buf[pos..<end], as: UTF8.self)
          pos = end + 1
          return s
        }
        scratch.append(contentsOf: buf[pos..<end])
        pos = end
        if scratch.count > JSONReader.maxStringBytes {
          throw .tooLarge(path: path, location: location, what: "a string", limit: JSONReader.maxStringBytes)
        }
      }
      guard let b = try peek() else {
        throw syntaxError(expected: "'\"' to close a string", found: nil)
      }
      if b == 0x22 {
        pos += 1
        return String(decoding: scratch, as: UTF8.self)
      } else if b == 0x5C {
        pos += 1
        try readEscape()
      } else if b < 0x20 {
        if b == 0x0A || b == 0x0D {
          throw syntaxError(expected: "'\"' to close the string before the line ends", found: b)
        }
        throw syntaxError(expected: "an escaped control character in a string", found: b)
      }
    }
  }

  private func readEscape() throws(ScimDiagError) {
    guard let e = try peek() else { throw syntaxError(expected: "an escape sequence", found: nil) }
    pos += 1
    if let byte = JSONEscape.byte(for: e) {
      scratch.append(byte)
      return
    }
    switch e {
    case UInt8(ascii: "u"):
      var scalar = try readHex4()
      if scalar >= 0xD800 && scalar < 0xDC00 {
        if try peek() == 0x5C {
          pos += 1
          if try peek() == UInt8(ascii: "u") {
            pos += 1
            let low = try readHex4()
            if low >= 0xDC00 && low < 0xE000 {
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else {
              appendUTF8(0xFFFD, to: &scratch)
              scalar = low
            }
          } else {
            appendUTF8(0xFFFD, to: &scratch)
            try readEscape()
            return
          }
        } else {
          scalar = 0xFFFD
        }
      } else if scalar >= 0xDC00 && scalar < 0xE000 {
        scalar = 0xFFFD
      }
      appendUTF8(scalar, to: &scratch)
    default:
      pos -= 1
      throw syntaxError(expected: "a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", found: e)
    }
  }

  private func readHex4() throws(ScimDiagError) -> UInt32 {
    var v: UInt32 = 0
    for _ in 0..<4 {
      guard let h = try peek() else { throw syntaxError(expected: "four hex digits after \\u", found: nil) }
      guard let d = JSONEscape.hexValue(h) else { throw syntaxError(expected: "four hex digits after \\u", found: h) }
      v = v << 4 | d
      pos += 1
    }
    return v
  }

  /// Like `readLineBytes`, with the 1-based number of the line read.
  package func readNumberedLine(limit: Int = 64 << 20) throws(ScimDiagError) -> (bytes: [UInt8], line: Int)? {
    let line = currentLine
    guard let bytes = try readLineBytes(limit: limit) else { return nil }
    return (bytes, line)
  }

  /// Reads the raw bytes of the rest of the current line (without its line end), for
  /// line-oriented formats. Returns nil at the end of input.
  package func readLineBytes(limit: Int = 64 << 20) throws(ScimDiagError) -> [UInt8]? {
    guard try peek() != nil else { return nil }
    var out: [UInt8] = []
    while true {
      var end = pos
      while end < buf.count && buf[end] != 0x0A { end += 1 }
      out.append(contentsOf: buf[pos..<end])
      pos = end
      if out.count > limit { throw .tooLarge(path: path, location: location, what: "a line", limit: limit) }
      if pos < buf.count {
        pos += 1
        line += 1
        lineStart = bufferBase + Int64(pos)
        break
      }
      if try !refill() { break }
    }
    if out.last == 0x0D { out.removeLast() }
    return out
  }
}

extension String {
  package init(format0x byte: UInt8) {
    let hex = String(byte, radix: 16, uppercase: true)
    self = "byte 0x" + (hex.count == 1 ? "0" : "") + hex
  }
}

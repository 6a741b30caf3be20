/// The fast path of `JSONReader.readValue`: parses one complete JSON value held in a buffer
/// through a raw pointer, without the reader's per-byte refill checks and property accesses.
///
/// It produces exactly the value the reader's byte-by-byte path produces, and gives up instead
/// of reporting anything: on input that is not valid JSON, that exceeds a limit, or that
/// continues past the buffer, it throws and the reader runs its own path from the same
/// position, which reads more input or reports the located error. It leaves `\u` surrogate
/// escapes to that path too; `FastJSONParserTests` checks the two agree.
package struct FastJSONParser {
  package enum GiveUp: Error {
    /// The value continues past the end of the buffer.
    case incomplete
    /// Not valid JSON, over a limit, or a surrogate escape: the reader's own path reads it.
    case invalid
  }

  /// A parsed value and where the parse ended.
  package struct Parsed {
    var value: JSONValue
    /// Index just past the value.
    var end: Int
    /// Line ends crossed, and the index just after the last one.
    var newlines: Int
    var lastLineStart: Int
  }

  private let base: UnsafePointer<UInt8>
  private let count: Int
  /// Whether the buffer's end is the end of the input (a number may end there).
  private let isFinal: Bool
  private var i: Int
  private var newlines = 0
  private var lastLineStart = 0
  private var scratch: [UInt8] = []

  private init(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, isFinal: Bool) {
    base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
    count = buffer.baseAddress == nil ? 0 : buffer.count
    self.isFinal = isFinal
    i = start
  }

  /// Parses the value starting at `start` (after any whitespace) at nesting `depth`.
  package static func parse(
    _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, depth: Int, isFinal: Bool
  ) throws(GiveUp) -> Parsed {
    var parser = FastJSONParser(buffer, from: start, isFinal: isFinal)
    let value = try parser.value(depth: depth)
    return Parsed(value: value, end: parser.i, newlines: parser.newlines, lastLineStart: parser.lastLineStart)
  }

  @inline(__always)
  private mutating func skipWhitespace() {
    while i < count {
      let b = base[i]
      if b == 0x20 || b == 0x09 || b == 0x0D {
        i += 1
      } else if b == 0x0A {
        i += 1
        newlines += 1
        lastLineStart = i
      } else {
        return
      }
    }
  }

  /// The next byte after whitespace, not consumed.
  @inline(__always)
  private mutating func next() throws(GiveUp) -> UInt8 {
    skipWhitespace()
    guard i < count else { throw .incomplete }
    return base[i]
  }

  private mutating func value(depth: Int) throws(GiveUp) -> JSONValue {
    let b = try next()
    switch b {
    case UInt8(ascii: "{"):
      guard depth < JSONReader.maxDepth else { throw .invalid }
      i += 1
      var members: [JSONObject.Member] = []
      var initials: UInt64 = 0
      if try next() == UInt8(ascii: "}") {
        i += 1
        return .object(JSONObject(members: members, initials: initials))
      }
      members.reserveCapacity(8)
      while true {
        guard try next() == UInt8(ascii: "\"") else { throw .invalid }
        let (key, print, initial) = try keyString()
        initials |= JSONObject.bit(initial)
        guard try next() == UInt8(ascii: ":") else { throw .invalid }
        i += 1
        members.append(JSONObject.Member(key: key, value: try value(depth: depth + 1), print: print))
        let separator = try next()
        i += 1
        if separator == UInt8(ascii: ",") { continue }
        if separator == UInt8(ascii: "}") { return .object(JSONObject(members: members, initials: initials)) }
        throw .invalid
      }
    case UInt8(ascii: "["):
      guard depth < JSONReader.maxDepth else { throw .invalid }
      i += 1
      var items: [JSONValue] = []
      if try next() == UInt8(ascii: "]") {
        i += 1
        return .array(items)
      }
      while true {
        items.append(try value(depth: depth + 1))
        let separator = try next()
        i += 1
        if separator == UInt8(ascii: ",") { continue }
        if separator == UInt8(ascii: "]") { return .array(items) }
        throw .invalid
      }
    case UInt8(ascii: "\""):
      return .string(try string())
    case UInt8(ascii: "t"):
      try literal("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try literal("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try literal("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return .number(try number())
    default:
      throw .invalid
    }
  }

  private mutating func literal(_ word: StaticString) throws(GiveUp) {
    for expected in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
      guard i < count else { throw .incomplete }
      guard base[i] == expected else { throw .invalid }
      i += 1
    }
  }

  /// A number as written, checked against the JSON grammar like `JSONReader.validNumber`.
  private mutating func number() throws(GiveUp) -> String {
    let start = i
    while i < count {
      switch base[i] {
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
        UInt8(ascii: "e"), UInt8(ascii: "E"):
        i += 1
      default:
        return try validNumber(from: start)
      }
    }
    // The buffer ended inside the number: it may go on unless this is the end of the input.
    guard isFinal else { throw .incomplete }
    return try validNumber(from: start)
  }

  private func validNumber(from start: Int) throws(GiveUp) -> String {
    guard i - start <= 400 else { throw .invalid }
    // -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
    var j = start
    func digits() -> Int {
      let from = j
      while j < i, base[j] >= 0x30, base[j] <= 0x39 { j += 1 }
      return j - from
    }
    if base[j] == UInt8(ascii: "-") { j += 1 }
    guard j < i else { throw .invalid }
    if base[j] == UInt8(ascii: "0") {
      j += 1
    } else if digits() == 0 {
      throw .invalid
    }
    if j < i, base[j] == UInt8(ascii: ".") {
      j += 1
      guard digits() > 0 else { throw .invalid }
    }
    if j < i, base[j] == UInt8(ascii: "e") || base[j] == UInt8(ascii: "E") {
      j += 1
      if j < i, base[j] == UInt8(ascii: "+") || base[j] == UInt8(ascii: "-") { j += 1 }
      guard digits() > 0 else { throw .invalid }
    }
    guard j == i else { throw .invalid }
    return String(decoding: UnsafeBufferPointer(start: base + start, count: i - start), as: UTF8.self)
  }

  /// A member name with its `JSONObject.fingerprint` and `JSONValue.foldedInitial`, both
  /// computed from the bytes when the name is plain ASCII.
  private mutating func keyString() throws(GiveUp) -> (String, UInt32, UInt8?) {
    let start = i + 1
    var j = start
    var print = JSONObject.Fingerprint()
    var initial: UInt8?
    while j < count {
      let c = base[j]
      if c == 0x22 || c == 0x5C || c < 0x20 || c >= 0x80 { break }
      if initial == nil && c != 0x20 && c != 0x5F && c != 0x2D { initial = c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
      print.add(c)
      j += 1
    }
    guard j < count else { throw .incomplete }
    if base[j] == 0x22 {
      i = j + 1
      let key = String(decoding: UnsafeBufferPointer(start: base + start, count: j - start), as: UTF8.self)
      return (key, print.value, initial)
    }
    let key = try string()
    return (key, JSONObject.fingerprint(key), JSONValue.foldedInitial(key))
  }

  /// A string literal starting at its opening quote.
  private mutating func string() throws(GiveUp) -> String {
    i += 1
    var start = i
    while i < count {
      let b = base[i]
      if b == 0x22 || b == 0x5C || b < 0x20 { break }
      i += 1
    }
    guard i < count else { throw .incomplete }
    if base[i] == 0x22 {
      let s = String(decoding: UnsafeBufferPointer(start: base + start, count: i - start), as: UTF8.self)
      i += 1
      return s
    }
    // Escapes (or a control character, which the reader reports): decode into scratch.
    scratch.removeAll(keepingCapacity: true)
    while true {
      scratch.append(contentsOf: UnsafeBufferPointer(start: base + start, count: i - start))
      guard i < count else { throw .incomplete }
      let b = base[i]
      if b == 0x22 {
        i += 1
        guard scratch.count <= JSONReader.maxStringBytes else { throw .invalid }
        return String(decoding: scratch, as: UTF8.self)
      }
      guard b == 0x5C else { throw .invalid }
      i += 1
      try escape()
      start = i
      while i < count {
        let c = base[i]
        if c == 0x22 || c == 0x5C || c < 0x20 { break }
        i += 1
      }
    }
  }

  /// One escape after its backslash, decoded as `JSONReader.readEscape` does (surrogates excepted).
  private mutating func escape() throws(GiveUp) {
    guard i < count else { throw .incomplete }
    let e = base[i]
    i += 1
    if let byte = JSONEscape.byte(for: e) {
      scratch.append(byte)
      return
    }
    switch e {
    case UInt8(ascii: "u"):
      let scalar = try hex4()
      // Surrogates (a pair for one character, or a broken one) are rare: the reader's own
      // path decodes them, so their repair rules are written once.
      guard scalar < 0xD800 || scalar >= 0xE000 else { throw .invalid }
      appendUTF8(scalar, to: &scratch)
    default:
      throw .invalid
    }
  }

  private mutating func hex4() throws(GiveUp) -> UInt32 {
    var v: UInt32 = 0
    for _ in 0..<4 {
      guard i < count else { throw .incomplete }
      guard let d = JSONEscape.hexValue(base[i]) else { throw .invalid }
      v = v << 4 | d
      i += 1
    }
    return v
  }
}

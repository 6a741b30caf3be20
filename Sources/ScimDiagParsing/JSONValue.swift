/// A parsed JSON value. Objects keep their key order; numbers keep their source text so that
/// nothing is lost or reformatted.
package enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(String)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)

  package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// Member lookup ignoring case and the characters ` `, `_`, `-` (so `statusCode`,
  /// `status_code` and `StatusCode` are one key). Exact matches win.
  package subscript(key: String) -> JSONValue? {
    member(key, print: JSONObject.fingerprint(key), initial: JSONValue.foldedInitial(key))
  }

  /// `subscript` with the key's `JSONObject.fingerprint` and `foldedInitial` computed beforehand.
  package func member(_ key: String, print: UInt32, initial: UInt8?) -> JSONValue? {
    guard case .object(let object) = self else { return nil }
    return object.member(key, print: print, initial: initial)
  }

  /// The first byte of `foldKey(key)` when it is ASCII; nil when there is none or it is not.
  package static func foldedInitial(_ key: String) -> UInt8? {
    for c in key.utf8 where c != 0x20 && c != 0x5F && c != 0x2D {
      if c >= 0x80 { return nil }
      return c >= 0x41 && c <= 0x5A ? c | 0x20 : c
    }
    return nil
  }

  /// `foldKey(a) == foldKey(b)` without allocating, for ASCII keys (others fall back).
  @inline(__always)
  package static func foldedEqual(_ a: String, _ b: String) -> Bool {
    var a = a
    var b = b
    let equal = a.withUTF8 { x in b.withUTF8 { y in foldedEqualASCII(x, y) } }
    return equal ?? (foldKey(a) == foldKey(b))
  }

  /// True or false for ASCII keys; nil when a non-ASCII byte needs Unicode case folding.
  private static func foldedEqualASCII(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool? {
    var i = 0
    var j = 0
    while true {
      while i < x.count, x[i] == 0x20 || x[i] == 0x5F || x[i] == 0x2D { i += 1 }
      while j < y.count, y[j] == 0x20 || y[j] == 0x5F || y[j] == 0x2D { j += 1 }
      guard i < x.count, j < y.count else { return i == x.count && j == y.count }
      let c = x[i]
      let d = y[j]
      if c >= 0x80 || d >= 0x80 { return nil }
      if c | 0x20 != d | 0x20 { return false }
      // Only letters fold; `@` (0x40) and backquote (0x60) must not equal each other.
      if c != d && !(c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) { return false }
      i += 1
      j += 1
    }
  }

  /// Follows a dotted path of keys (`req.headers.user-agent`), each looked up like `subscript`.
  package func at(_ path: String) -> JSONValue? {
    var current: JSONValue? = self
    for part in path.split(separator: ".") {
      current = current?[String(part)]
      if current == nil { return nil }
    }
    return current
  }

  /// The value at the `index`th of `paths`.
  private func value(at index: Int, of paths: KeyPaths) -> JSONValue? {
    var current = self
    let parts = paths.parts[index]
    for k in parts.indices {
      guard let next = current.member(parts[k], print: paths.prints[index][k], initial: paths.initials[index][k])
      else { return nil }
      current = next
    }
    return current
  }

  /// The first of several pre-split paths that holds a non-null value.
  package func first(_ paths: KeyPaths) -> JSONValue? {
    for i in paths.parts.indices {
      if let v = value(at: i, of: paths), v != .null { return v }
    }
    return nil
  }

  /// The first of several pre-split paths that holds a scalar.
  package func firstScalar(_ paths: KeyPaths) -> JSONValue? {
    for i in paths.parts.indices {
      switch value(at: i, of: paths) {
      case .string(let v)?: return .string(v)
      case .number(let v)?: return .number(v)
      case .bool(let v)?: return .bool(v)
      default: continue
      }
    }
    return nil
  }

  /// The first of several paths that holds a non-null value.
  package func first(_ paths: [String]) -> JSONValue? {
    for p in paths {
      if let v = at(p), v != .null { return v }
    }
    return nil
  }

  /// The first of several paths that holds a scalar (string, number or boolean).
  package func firstScalar(_ paths: [String]) -> JSONValue? {
    for p in paths {
      switch at(p) {
      case .string(let v)?: return .string(v)
      case .number(let v)?: return .number(v)
      case .bool(let v)?: return .bool(v)
      default: continue
      }
    }
    return nil
  }

  package static func foldKey(_ key: String) -> String {
    let utf8 = key.utf8
    if utf8.allSatisfy({ $0 < 0x80 }) {
      // ASCII: fold bytes directly (Unicode case mapping is the slow path).
      return String(unsafeUninitializedCapacity: utf8.count) { out in
        var n = 0
        for c in utf8 where c != 0x20 && c != 0x5F && c != 0x2D {
          out[n] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
          n += 1
        }
        return n
      }
    }
    var out = ""
    out.reserveCapacity(key.utf8.count)
    for u in key.unicodeScalars where u != " " && u != "_" && u != "-" {
      out.unicodeScalars.append(u.properties.lowercaseMapping.unicodeScalars.first ?? u)
    }
    return out
  }

  /// The value as text: strings as they are, numbers and booleans as written, null as nil,
  /// arrays and objects as compact JSON.
  package var text: String? {
    switch self {
    case .null: return nil
    case .string(let s): return s
    case .number(let n): return n
    case .bool(let b): return b ? "true" : "false"
    case .array, .object: return jsonText
    }
  }

  /// Non-empty text, trimmed; nil for empty strings.
  package var nonEmptyText: String? {
    guard let t = text else { return nil }
    let trimmed = t.trimmingSpaces
    return trimmed.isEmpty ? nil : trimmed
  }

  package var arrayValue: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }

  package var isObject: Bool {
    if case .object = self { return true }
    return false
  }

  package var objectKeys: [String] {
    if case .object(let pairs) = self { return pairs.map(\.0) }
    return []
  }

  /// Values that are JSON inside a string (Log Analytics, CSV cells, audit modified
  /// properties) parsed once more; other values unchanged.
  package var unwrapped: JSONValue {
    guard case .string(let s) = self else { return self }
    guard let first = s.utf8.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }),
      first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    else { return self }
    return (try? JSONValue.parse(s)) ?? self
  }

  /// Compact JSON text with keys in their original order.
  package var jsonText: String {
    var out: [UInt8] = []
    out.reserveCapacity(128)
    write(to: &out, sortKeys: false)
    return String(decoding: out, as: UTF8.self)
  }

  /// Compact JSON with object keys sorted, so equal content gives equal text.
  package var canonicalText: String {
    var out: [UInt8] = []
    out.reserveCapacity(128)
    write(to: &out, sortKeys: true)
    return String(decoding: out, as: UTF8.self)
  }

  // Written as bytes and decoded once: appending to a String piece by piece cost twice as much.
  private func write(to out: inout [UInt8], sortKeys: Bool) {
    switch self {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
    case .number(let n): out.append(contentsOf: n.utf8)
    case .string(let s): JSONValue.writeString(s, to: &out)
    case .array(let items):
      out.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        item.write(to: &out, sortKeys: sortKeys)
      }
      out.append(UInt8(ascii: "]"))
    case .object(let object):
      out.append(UInt8(ascii: "{"))
      let ordered = sortKeys ? object.members.sorted { $0.key < $1.key } : object.members
      for (i, m) in ordered.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        JSONValue.writeString(m.key, to: &out)
        out.append(UInt8(ascii: ":"))
        m.value.write(to: &out, sortKeys: sortKeys)
      }
      out.append(UInt8(ascii: "}"))
    }
  }

  /// A JSON string literal: `"`, `\`, and control characters escaped.
  package static func writeString(_ s: String, to out: inout [UInt8]) {
    var s = s
    // Through the string's contiguous bytes: its UTF8View's iterator cost most of the time.
    s.withUTF8 { bytes in writeString(bytes, to: &out) }
  }

  private static func writeString(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    if !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
      out.append(contentsOf: bytes)
      out.append(UInt8(ascii: "\""))
      return
    }
    for c in bytes {
      switch c {
      case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
      case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
      case 0x0A: out.append(contentsOf: #"\n"#.utf8)
      case 0x0D: out.append(contentsOf: #"\r"#.utf8)
      case 0x09: out.append(contentsOf: #"\t"#.utf8)
      case 0..<0x20:
        let hex = Array("0123456789abcdef".utf8)
        out.append(contentsOf: #"\u00"#.utf8)
        out.append(hex[Int(c >> 4)])
        out.append(hex[Int(c & 0xF)])
      default: out.append(c)
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  /// Parses a complete JSON text held in memory.
  package static func parse(_ text: String) throws(ScimDiagError) -> JSONValue {
    let reader = JSONReader(bytes: Array(text.utf8), path: "<string>")
    let value = try reader.readValue()
    try reader.expectEnd()
    return value
  }
}

extension String {
  /// The string without leading and trailing spaces, tabs and line ends.
  package var trimmingSpaces: String {
    let bytes = utf8
    if let first = bytes.first, let last = bytes.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
      return self
    }
    let scalars = unicodeScalars
    guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
    return String(scalars[start...end])
  }
}

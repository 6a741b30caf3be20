/// An object's members in their order, each with a fingerprint of its folded key, and a
/// summary of the keys' first letters: a lookup compares fingerprints instead of names, and a
/// lookup of a name no member begins with (most lookups of alternative field names) returns
/// without looking at the members.
package struct JSONObject: Sendable, RandomAccessCollection, ExpressibleByArrayLiteral {
  package struct Member: Sendable {
    package var key: String
    package var value: JSONValue
    /// `JSONObject.fingerprint(key)`.
    package var print: UInt32

    package init(key: String, value: JSONValue, print: UInt32) {
      self.key = key
      self.value = value
      self.print = print
    }
  }

  package private(set) var members: [Member]
  /// `bit(c)` for each member whose key's `JSONValue.foldedInitial` is `c`; every bit when a
  /// key has none (empty, only separators, or a non-ASCII first letter, which Unicode case
  /// folding may map to any letter).
  private(set) var initials: UInt64

  package init(_ pairs: [(String, JSONValue)]) {
    members = []
    members.reserveCapacity(pairs.count)
    initials = 0
    for pair in pairs { append(pair) }
  }

  package init(arrayLiteral elements: (String, JSONValue)...) {
    self.init(elements)
  }

  /// Members already fingerprinted and summarised (by the JSON parser, which sees the keys' bytes).
  package init(members: [Member], initials: UInt64) {
    self.members = members
    self.initials = initials
  }

  package var pairs: [(String, JSONValue)] { members.map { ($0.key, $0.value) } }

  @inline(__always)
  package static func bit(_ initial: UInt8?) -> UInt64 {
    guard let initial else { return ~0 }
    return 1 << UInt64(initial & 63)
  }

  /// FNV-1a of `JSONValue.foldKey(key)` for ASCII keys, so keys that match ignoring case and
  /// separators have equal fingerprints; 0 (compare the names) for keys with other bytes.
  package static func fingerprint(_ key: String) -> UInt32 {
    var key = key
    return key.withUTF8 { bytes in
      var h = Fingerprint()
      for c in bytes {
        if c >= 0x80 { return 0 }
        h.add(c)
      }
      return h.value
    }
  }

  /// The fingerprint computed byte by byte.
  package struct Fingerprint {
    private var h: UInt32 = 2_166_136_261

    package init() {}

    @inline(__always)
    package mutating func add(_ c: UInt8) {
      if c == 0x20 || c == 0x5F || c == 0x2D { return }
      h = (h ^ UInt32(c >= 0x41 && c <= 0x5A ? c | 0x20 : c)) &* 16_777_619
    }

    package var value: UInt32 { h == 0 ? 1 : h }
  }

  package var startIndex: Int { 0 }
  package var endIndex: Int { members.count }
  package subscript(position: Int) -> (String, JSONValue) { (members[position].key, members[position].value) }

  package mutating func append(_ member: (String, JSONValue)) {
    members.append(Member(key: member.0, value: member.1, print: JSONObject.fingerprint(member.0)))
    initials |= JSONObject.bit(JSONValue.foldedInitial(member.0))
  }

  /// The member named `key` (an exact match, else the first that matches ignoring case and
  /// separators); `print` and `initial` are the key's fingerprint and folded initial.
  package func member(_ key: String, print: UInt32, initial: UInt8?) -> JSONValue? {
    if let initial, initials & JSONObject.bit(initial) == 0 { return nil }
    return members.withUnsafeBufferPointer { members -> JSONValue? in
      var folded: Int?
      for index in members.indices {
        let p = members[index].print
        guard p == print || p == 0 || print == 0 else { continue }
        if members[index].key == key { return members[index].value }
        if folded == nil && JSONValue.foldedEqual(members[index].key, key) { folded = index }
      }
      return folded.map { members[$0].value }
    }
  }
}

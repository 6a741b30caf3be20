import ScimDiagParsing

/// Replaces personal identifiers in rendered output with stable pseudonyms, so a report can be
/// sent to an app vendor: UPNs and other mail addresses, names, display names, Entra object ids
/// (with or without dashes, as in soft-deleted UPNs) and SCIM ids. The same value always gets
/// the same pseudonym within one store: pseudonyms are keyed by a secret kept in the store.
package struct Redactor: Sendable {
  private let secret: String
  /// Every form a known identifier may take in output, in memory (`learn`)...
  private var known: KnownIdentifiers
  /// ...or wherever a big store keeps them (`init(secret:forms:)`).
  private var elsewhere: (any IdentifierForms)?

  /// A redactor that knows no identifier yet (`learn` adds them; `expectedKeys` sizes its
  /// table); mail addresses, GUIDs and 32-hex runs are replaced whether known or not.
  package init(secret: String, expectedKeys: Int = 0) {
    self.secret = secret
    known = KnownIdentifiers(expected: KnownIdentifiers.expectedForms(keys: expectedKeys))
  }

  /// Learns a user's key (`kind` and `value` as in `user_keys`). What the redactor holds is
  /// a few bytes per form of each identifier, never the values, so the store's keys can be
  /// read from a cursor.
  package mutating func learn(kind: String, value: String) {
    for (v, k) in Redactor.identifiers(kind: kind, value: value) { known.add(v, k) }
  }

  /// A redactor whose known identifiers' forms are looked up in `forms`.
  package init(secret: String, forms: any IdentifierForms) {
    self.secret = secret
    known = KnownIdentifiers()
    elsewhere = forms
  }

  /// The identifiers a user's key stands for in output: an object id also without its dashes.
  package static func identifiers(kind: String, value: String) -> [(String, KnownIdentifiers.Kind)] {
    guard let key = UserKey(kind: kind, value: value) else { return [] }
    switch key {
    case .objectId(let v): return [(v, .objectId), (v.replacingOccurrences("-", ""), .bareObjectId)]
    case .scimId(let v): return [(v, .scimId)]
    case .name(let v): return [(v, v.contains("@") ? .mail : .name)]
    case .displayName(let v): return [(v, .displayName)]
    }
  }

  /// The pseudonym of a known identifier of `kind`, from its plain value.
  private func pseudonym(_ value: String, _ kind: KnownIdentifiers.Kind) -> String {
    switch kind {
    case .objectId: return Redactor.guidPseudonym(secret)(value)
    case .bareObjectId: return Redactor.guidPseudonym(secret)(value).replacingOccurrences("-", "")
    case .scimId: return "scim-" + Redactor.hash(secret, value)
    case .mail: return Redactor.mailPseudonym(secret)(value)
    case .name: return "name-" + Redactor.hash(secret, value)
    case .displayName: return "User " + Redactor.hash(secret, value)
    }
  }

  static func hash(_ secret: String, _ value: String) -> String {
    String(SHA256.hmacHex(key: secret, value.lowercased()).prefix(8))
  }

  static func mailPseudonym(_ secret: String) -> (String) -> String {
    { "user-" + hash(secret, $0) + "@redacted.invalid" }
  }

  static func guidPseudonym(_ secret: String) -> (String) -> String {
    { value in
      let h = SHA256.hmacHex(key: secret, value.lowercased().replacingOccurrences("-", ""))
      let c = Array(h)
      return String(c[0..<8]) + "-0000-4000-8000-" + String(c[8..<20])
    }
  }

  /// The text with every known identifier, and any other mail address, GUID or 32-hex run,
  /// replaced.
  package func apply(_ text: String) -> String {
    var out = replaceKnown(text)
    out = replaceMails(out)
    out = replaceHexIds(out)
    return out
  }

  /// Replaces the known identifiers found as whole words: starting at the text's start, after
  /// a character that is not a letter or digit or after a `%xx` escape, and ending before one
  /// that is not; the longest first.
  /// Case is ignored: the text is matched lowercased.
  private func replaceKnown(_ text: String) -> String {
    let known: any IdentifierForms = elsewhere ?? self.known
    guard !known.isEmpty else { return text }
    // Positions are taken from the lowercased text; where lowercasing changed the text's length
    // (a few non-ASCII letters), the lowercased text is what is redacted.
    let lower = text.lowercased()
    let t = Array(lower.utf8)
    let original = lower.utf8.count == text.utf8.count ? Array(text.utf8) : t
    func isHex(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) }
    var out: [UInt8] = []
    var copied = 0
    var i = 0
    while i < t.count {
      let boundary =
        i == 0 || !KnownIdentifiers.isWord(t[i - 1])
        || (i >= 3 && t[i - 3] == UInt8(ascii: "%") && isHex(t[i - 2]) && isHex(t[i - 1]))
      if boundary, let (length, tag) = known.longestMatch(in: t, at: i) {
        let matched = String(decoding: original[i..<(i + length)], as: UTF8.self)
        out.append(contentsOf: original[copied..<i])
        out.append(contentsOf: pseudonym(KnownIdentifiers.plain(matched, tag.form), tag.kind).utf8)
        i += length
        copied = i
      } else {
        i += 1
      }
    }
    guard copied > 0 else { return text }
    out.append(contentsOf: original[copied...])
    return String(decoding: out, as: UTF8.self)
  }

  private func replaceMails(_ text: String) -> String {
    guard text.contains("@") else { return text }
    var chars = Array(text.unicodeScalars)
    var i = 0
    func isLocal(_ c: Unicode.Scalar) -> Bool {
      c.properties.isAlphabetic || c.properties.numericType != nil || "._%+-#".unicodeScalars.contains(c)
    }
    func isDomain(_ c: Unicode.Scalar) -> Bool {
      c.properties.isAlphabetic || c.properties.numericType != nil || c == "." || c == "-"
    }
    while i < chars.count {
      if chars[i] == "@" {
        var s = i
        while s > 0, isLocal(chars[s - 1]) { s -= 1 }
        var e = i + 1
        while e < chars.count, isDomain(chars[e]) { e += 1 }
        while e > i + 1, chars[e - 1] == "." { e -= 1 }
        let domain = String(String.UnicodeScalarView(chars[(i + 1)..<e]))
        if s < i, domain.contains("."), domain != "redacted.invalid" {
          let mail = String(String.UnicodeScalarView(chars[s..<e]))
          let p = Array(Redactor.mailPseudonym(secret)(mail).unicodeScalars)
          chars.replaceSubrange(s..<e, with: p)
          i = s + p.count
          continue
        }
      }
      i += 1
    }
    return String(String.UnicodeScalarView(chars))
  }

  private func replaceHexIds(_ text: String) -> String {
    var chars = Array(text.unicodeScalars)
    func hex(_ c: Unicode.Scalar) -> Bool {
      ("0"..."9").contains(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c)
    }
    func isWord(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c.properties.numericType != nil }
    var i = 0
    while i < chars.count {
      guard hex(chars[i]), i == 0 || !isWord(chars[i - 1]) else {
        i += 1
        continue
      }
      var e = i
      var dashes: [Int] = []
      while e < chars.count, hex(chars[e]) || chars[e] == "-" {
        if chars[e] == "-" { dashes.append(e - i) }
        e += 1
      }
      let length = e - i
      let token = String(String.UnicodeScalarView(chars[i..<e]))
      let isGUID = length == 36 && dashes == [8, 13, 18, 23]
      let isBare = length == 32 && dashes.isEmpty
      if (isGUID || isBare) && (e == chars.count || !isWord(chars[e])) && !token.contains("-0000-4000-8000-") {
        var p = Redactor.guidPseudonym(secret)(token)
        if isBare { p = p.replacingOccurrences("-", "") }
        chars.replaceSubrange(i..<e, with: Array(p.unicodeScalars))
        i += p.unicodeScalars.count
        continue
      }
      i = max(e, i + 1)
    }
    return String(String.UnicodeScalarView(chars))
  }
}

/// The forms of the known identifiers, as 64-bit hashes of their lowercased UTF-8 in an
/// open-addressing table, each with what it is: a few bytes per form, whatever the values'
/// length. Two forms with the same hash would have the second redacted as the first: text is
/// only ever redacted more, never less.
package struct KnownIdentifiers: IdentifierForms {
  package enum Kind: UInt8, Sendable { case objectId, bareObjectId, scimId, mail, name, displayName }
  /// How a value appears in output: plain, with `@` URL-encoded, HTML-escaped, JSON-escaped.
  package enum Form: UInt8, Sendable { case plain, urlEncoded, html, json }
  package struct Tag: Sendable, Equatable {
    var kind: Kind
    var form: Form

    /// The tag as one byte: `kind << 2 | form`.
    package init(byte: UInt8) {
      kind = Kind(rawValue: byte >> 2) ?? .name
      form = Form(rawValue: byte & 3) ?? .plain
    }
  }

  /// Each form's hash with its low 6 bits replaced: bit 5 set (so no entry is 0, an empty
  /// slot), then its kind and form (`kind << 2 | form`).
  private var entries: [UInt64]
  private var count = 0
  private var lengths = FormLengths()

  /// A table sized for about `expected` forms, so that it need not grow. Any size will do
  /// (slots are found by multiplying, not masking): a power of two would take up to twice the
  /// room the forms need.
  init(expected: Int = 0) {
    entries = [UInt64](repeating: 0, count: max(1024, expected * 4 / 3 + 1))
  }

  /// The slot where the search for an entry with hash `h` (or the entry itself) starts.
  private func slot(_ h: UInt64) -> Int {
    Int(truncatingIfNeeded: (h & Self.identity).multipliedFullWidth(by: UInt64(entries.count)).high)
  }

  package var isEmpty: Bool { count == 0 }

  /// About how many forms `keys` user keys take: most one, object ids and mail addresses two.
  package static func expectedForms(keys: Int) -> Int { keys * 3 / 2 }

  private static let identity: UInt64 = ~0x3F

  /// Adds a value (of at least 3 characters) in each form it may take.
  mutating func add(_ value: String, _ kind: Kind) {
    for (bytes, tag) in Self.forms(value, kind) { insert(bytes, tag: UInt64(tag)) }
  }

  /// The forms a value (of at least 3 characters) may take in output, lowercased, each with
  /// its tag byte (`kind << 2 | form`); forms of 256 bytes or more are never matched.
  package static func forms(_ value: String, _ kind: Kind) -> [(bytes: [UInt8], tag: UInt8)] {
    guard value.count >= 3 else { return [] }
    let v = value.lowercased()
    let forms: [(Form, String)] = [
      (.plain, v), (.urlEncoded, v.replacingOccurrences("@", "%40")), (.html, HTMLRenderer.h(v)),
      (.json, String(JSONValue.string(v).jsonText.dropFirst().dropLast())),
    ]
    return forms.enumerated().compactMap { i, f in
      guard i == 0 || f.1 != v, f.1.utf8.count < 256 else { return nil }
      return (Array(f.1.utf8), kind.rawValue << 2 | f.0.rawValue)
    }
  }

  /// FNV-1a of a form's bytes.
  static func hash(_ bytes: [UInt8]) -> UInt64 {
    var h = KnownIdentifiers.offset
    for b in bytes { h = (h ^ UInt64(b)) &* KnownIdentifiers.prime }
    return h
  }

  private mutating func insert(_ bytes: [UInt8], tag: UInt64) {
    let h = Self.hash(bytes)
    if (count + 1) * 4 > entries.count * 3 { grow() }
    var i = slot(h)
    while entries[i] != 0 {
      if entries[i] & Self.identity == h & Self.identity { return }
      i = i + 1 == entries.count ? 0 : i + 1
    }
    entries[i] = h & Self.identity | 0x20 | tag
    count += 1
    lengths.add(bytes.count)
  }

  /// Half as big again, when more forms came than the table was sized for.
  private mutating func grow() {
    let old = entries
    entries = [UInt64](repeating: 0, count: old.count + old.count / 2)
    for e in old where e != 0 {
      var i = slot(e)
      while entries[i] != 0 { i = i + 1 == entries.count ? 0 : i + 1 }
      entries[i] = e
    }
  }

  /// The kind and form of the form whose hash is `h`.
  private func lookup(_ h: UInt64) -> UInt8? {
    var i = slot(h)
    while entries[i] != 0 {
      if entries[i] & Self.identity == h & Self.identity { return UInt8(entries[i] & 0x1F) }
      i = i + 1 == entries.count ? 0 : i + 1
    }
    return nil
  }

  /// A lowercased byte that may continue a word: an ASCII letter or digit, or part of a
  /// non-ASCII character.
  static func isWord(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A) || c >= 0x80 }

  /// The longest known form that starts at `start` in the lowercased bytes `t` and ends where
  /// a word may end.
  package func longestMatch(in t: [UInt8], at start: Int) -> (length: Int, tag: Tag)? {
    var best: (length: Int, tag: UInt8)?
    lengths.eachEnd(in: t, at: start) { length, h in
      if let tag = lookup(h) { best = (length, tag) }
    }
    guard let best else { return nil }
    return (best.length, Tag(byte: best.tag))
  }

  /// The plain value of a form as it was found in text.
  static func plain(_ text: String, _ form: Form) -> String {
    switch form {
    case .plain: return text
    case .urlEncoded: return text.replacingOccurrences("%40", "@")
    case .html:
      return text.replacingOccurrences("&lt;", "<").replacingOccurrences("&gt;", ">")
        .replacingOccurrences("&quot;", "\"").replacingOccurrences("&#39;", "'").replacingOccurrences("&amp;", "&")
    case .json: return (try? JSONValue.parse("\"" + text + "\""))?.text ?? text
    }
  }

  /// FNV-1a, 64 bits: computed a byte at a time as a match grows.
  static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
  static let prime: UInt64 = 0x0000_0100_0000_01b3
}

/// Where a redactor finds the known identifiers' forms: `KnownIdentifiers`, a table in memory,
/// or for a store with more of them than `Store.defaultRedactionFormBudget`, a `FormFilter`
/// whose hits are looked up where the store keeps the forms.
package protocol IdentifierForms: Sendable {
  var isEmpty: Bool { get }
  /// The longest known form that starts at `start` in the lowercased bytes `t` and ends where
  /// a word may end.
  func longestMatch(in t: [UInt8], at start: Int) -> (length: Int, tag: KnownIdentifiers.Tag)?
}

/// A Bloom filter over the known identifiers' forms, of a size fixed when it is made: it says
/// which spans of output may be a known form, never missing one, and a lookup decides. Its
/// size does not grow with the forms; more forms only make it say "may be" more often.
package struct FormFilter: Sendable {
  private var bits: [UInt64]
  private var lengths = FormLengths()
  private(set) package var count = 0

  /// 16 bits a form for `expected` forms, between 8 KB and 32 MB.
  package init(expected: Int) {
    bits = [UInt64](repeating: 0, count: min(max(expected / 4, 1024), 1 << 22))
  }

  private static let probes = 5

  /// Where a form's bits are: `probes` positions from two hashes derived from its FNV hash
  /// (SplitMix64's finaliser spreads FNV's weak low bits).
  private func position(_ h: UInt64, _ i: Int) -> Int {
    var z = h &+ 0x9e37_79b9_7f4a_7c15
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    z ^= z >> 31
    let step = (z >> 32 | z << 32) | 1
    return Int(truncatingIfNeeded: (z &+ UInt64(i) &* step).multipliedFullWidth(by: UInt64(bits.count * 64)).high)
  }

  package mutating func add(_ bytes: [UInt8]) {
    let h = KnownIdentifiers.hash(bytes)
    for i in 0..<Self.probes {
      let p = position(h, i)
      bits[p >> 6] |= 1 << UInt64(p & 63)
    }
    lengths.add(bytes.count)
    count += 1
  }

  private func mayContain(_ h: UInt64) -> Bool {
    for i in 0..<Self.probes {
      let p = position(h, i)
      if bits[p >> 6] & (1 << UInt64(p & 63)) == 0 { return false }
    }
    return true
  }

  /// As `IdentifierForms.longestMatch`, with `lookup` deciding each span the filter lets
  /// through (longest first): the tag byte of the form it is, or nil.
  package func longestMatch(in t: [UInt8], at start: Int, lookup: (ArraySlice<UInt8>) -> UInt8?)
    -> (length: Int, tag: KnownIdentifiers.Tag)?
  {
    var candidates: [Int] = []
    lengths.eachEnd(in: t, at: start) { length, h in
      if mayContain(h) { candidates.append(length) }
    }
    for length in candidates.reversed() {
      if let tag = lookup(t[start..<(start + length)]) { return (length, KnownIdentifiers.Tag(byte: tag)) }
    }
    return nil
  }
}

/// The lengths the known forms have (forms of up to 255 bytes are matched), and the places
/// in text where one of them may end.
struct FormLengths: Sendable {
  /// Bit n set when some form is n bytes long.
  private var bits = [UInt64](repeating: 0, count: 4)
  private var maxLength = 0

  mutating func add(_ length: Int) {
    bits[length >> 6] |= 1 << UInt64(length & 63)
    maxLength = max(maxLength, length)
  }

  /// Calls `body`, shortest first, with each length from `start` in the lowercased bytes `t`
  /// where a known form could end (some form has that length and a word may end there), and
  /// the FNV hash of those bytes, extended a byte at a time.
  func eachEnd(in t: [UInt8], at start: Int, _ body: (Int, UInt64) -> Void) {
    var h = KnownIdentifiers.offset
    var length = 0
    while length < maxLength, start + length < t.count {
      h = (h ^ UInt64(t[start + length])) &* KnownIdentifiers.prime
      length += 1
      let end = start + length
      if bits[length >> 6] & (1 << UInt64(length & 63)) != 0, end == t.count || !KnownIdentifiers.isWord(t[end]) {
        body(length, h)
      }
    }
  }
}

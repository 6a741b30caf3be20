import ScimDiagParsing

/// Replaces personal identifiers in rendered output with stable pseudonyms, so a report can be
/// sent to an app vendor: UPNs and other mail addresses, names, display names, Entra object ids
/// (with or without dashes, as in soft-deleted UPNs) and SCIM ids. The same value always gets
/// the same pseudonym within one store: pseudonyms are keyed by a secret kept in the store.
package struct Redactor: Sendable {
  private let secret: String
  /// Known identifiers and their pseudonyms, longest first.
  private let table: [(String, String)]

  package init(secret: String, users: [UserIdentity]) {
    self.secret = secret
    var pairs: [String: String] = [:]
    func add(_ value: String?, _ pseudonym: (String) -> String) {
      guard let value, value.count >= 3 else { return }
      let p = pseudonym(value)
      for variant in Redactor.variants(value) { pairs[variant.lowercased()] = p }
    }
    for u in users {
      for key in u.keys {
        switch key {
        case .objectId(let v):
          add(v, Redactor.guidPseudonym(secret))
          add(v.replacingOccurrences("-", ""), { Redactor.guidPseudonym(secret)($0).replacingOccurrences("-", "") })
        case .scimId(let v): add(v, { "scim-" + Redactor.hash(secret, $0) })
        case .name(let v):
          add(v, v.contains("@") ? Redactor.mailPseudonym(secret) : { "name-" + Redactor.hash(secret, $0) })
        case .displayName(let v): add(v, { "User " + Redactor.hash(secret, $0) })
        }
      }
      add(u.displayName, { "User " + Redactor.hash(secret, $0.lowercased()) })
    }
    table = pairs.sorted { ($0.key.count, $0.key) > ($1.key.count, $1.key) }
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

  /// A value as it may appear in output: plain, URL-encoded, HTML- and JSON-escaped.
  static func variants(_ v: String) -> [String] {
    [
      v, v.replacingOccurrences("@", "%40"), HTMLRenderer.h(v),
      String(JSONValue.string(v).jsonText.dropFirst().dropLast()),
    ]
  }

  /// The text with every known identifier, and any other mail address, GUID or 32-hex run,
  /// replaced.
  package func apply(_ text: String) -> String {
    var out = replaceKnown(text)
    out = replaceMails(out)
    out = replaceHexIds(out)
    return out
  }

  private func replaceKnown(_ text: String) -> String {
    guard !table.isEmpty else { return text }
    let lower = text.lowercased()
    // Fast path: nothing to do when no identifier occurs.
    guard table.contains(where: { lower.contains($0.0) }) else { return text }
    var result = text
    for (value, pseudonym) in table where result.lowercased().contains(value) {
      result = Redactor.replaceCaseInsensitive(result, value, pseudonym)
    }
    return result
  }

  static func replaceCaseInsensitive(_ text: String, _ needle: String, _ replacement: String) -> String {
    let t = Array(text.unicodeScalars)
    let n = Array(needle.unicodeScalars)
    guard !n.isEmpty, t.count >= n.count else { return text }
    func lower(_ s: Unicode.Scalar) -> Unicode.Scalar { s.properties.lowercaseMapping.unicodeScalars.first ?? s }
    var out = String.UnicodeScalarView()
    var i = 0
    while i < t.count {
      if i + n.count <= t.count, lower(t[i]) == n[0] {
        var match = true
        for k in 1..<n.count where lower(t[i + k]) != n[k] {
          match = false
          break
        }
        if match {
          out.append(contentsOf: replacement.unicodeScalars)
          i += n.count
          continue
        }
      }
      out.append(t[i])
      i += 1
    }
    return String(out)
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

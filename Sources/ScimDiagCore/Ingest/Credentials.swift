import ScimDiagParsing

/// Removes credentials before anything is stored: token-like query parameters, bearer tokens
/// and JWTs inside text, and values of credential-named JSON members.
package enum Credentials {
  package static let redacted = "REDACTED"

  static let sensitiveNames: Set<String> = [
    "accesstoken", "token", "idtoken", "refreshtoken", "code", "apikey", "key", "secret",
    "clientsecret", "password", "pwd", "passwd", "sig", "signature", "auth", "authorization",
    "bearer", "session", "sessionid", "cookie", "setcookie", "xapikey", "proxyauthorization",
    "secrettoken", "credentials", "credential",
  ]

  /// True for a header, query parameter or JSON member name that carries a credential.
  package static func isSensitive(name: String) -> Bool {
    sensitiveNames.contains(JSONValue.foldKey(name))
  }

  /// `JSONObject.fingerprint` of each sensitive name: a name whose fingerprint is not among
  /// them (and not 0, which stands for non-ASCII names) is not sensitive.
  private static let sensitivePrints = sensitiveNames.map(JSONObject.fingerprint)

  @inline(__always)
  private static func mayBeSensitive(print: UInt32) -> Bool {
    print == 0 || sensitivePrints.contains(print)
  }

  /// The path with the values of credential query parameters replaced.
  package static func scrubPath(_ path: String) -> String {
    guard let q = path.utf8.firstIndex(of: UInt8(ascii: "?")) else { return scrubText(path) }
    if !mayHoldToken(path) && !hasSensitiveParameter(path.utf8[path.utf8.index(after: q)...]) { return path }
    let base = path[..<q]
    let query = path.utf8[path.utf8.index(after: q)...]
    let parts = query.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false).map { part -> String in
      let text = String(Substring(part))
      guard let eq = part.firstIndex(of: UInt8(ascii: "=")) else { return text }
      let name = URLDecoding.decode(bytes: part[..<eq])
      return isSensitive(name: name) ? String(Substring(part[..<eq])) + "=" + redacted : scrubText(text)
    }
    return String(base) + "?" + parts.joined(separator: "&")
  }

  /// Whether a query string may have a parameter with a sensitive name, judged by the names'
  /// fingerprints without decoding them (true for any name with `%` or `+`, which decode).
  private static func hasSensitiveParameter(_ query: Substring.UTF8View) -> Bool {
    var print = JSONObject.Fingerprint()
    var inName = true
    for c in query {
      if c == UInt8(ascii: "&") {
        if inName && mayBeSensitive(print: print.value) { return true }
        print = JSONObject.Fingerprint()
        inName = true
      } else if inName {
        if c == UInt8(ascii: "=") {
          if mayBeSensitive(print: print.value) { return true }
          inName = false
        } else if c == UInt8(ascii: "%") || c == UInt8(ascii: "+") || c >= 0x80 {
          return true
        } else {
          print.add(c)
        }
      }
    }
    return inName && mayBeSensitive(print: print.value)
  }

  /// A JSON value with credential-named members replaced and tokens inside strings removed.
  package static func scrub(_ value: JSONValue) -> JSONValue {
    holdsCredential(value) ? rebuiltWithoutCredentials(value) : value
  }

  /// True when `scrub` would change the value (checked without building anything).
  package static func holdsCredential(_ value: JSONValue) -> Bool {
    switch value {
    case .string(let s): return mayHoldToken(s)
    case .array(let items): return items.contains(where: holdsCredential)
    case .object(let object):
      return object.members.contains { m in
        mayBeSensitive(print: m.print) && isSensitive(name: m.key) && m.value != .null || holdsCredential(m.value)
      }
    default: return false
    }
  }

  private static func rebuiltWithoutCredentials(_ value: JSONValue) -> JSONValue {
    switch value {
    case .string(let s): return .string(scrubText(s))
    case .array(let items): return .array(items.map(rebuiltWithoutCredentials))
    case .object(let pairs):
      return .object(
        JSONObject(
          pairs.map { k, v in
            isSensitive(name: k) && v != .null ? (k, .string(redacted)) : (k, rebuiltWithoutCredentials(v))
          }))
    default: return value
    }
  }

  /// Text with `Bearer <token>`, `Basic <token>` and JWT-shaped runs replaced.
  package static func scrubText(_ text: String) -> String {
    guard mayHoldToken(text) else { return text }
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    func isTokenByte(_ b: UInt8) -> Bool {
      (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
        || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".") || b == UInt8(ascii: "=")
        || b == UInt8(ascii: "+") || b == UInt8(ascii: "/") || b == UInt8(ascii: "~")
    }
    func hasPrefixCI(_ word: String, at j: Int) -> Bool {
      let w = Array(word.utf8)
      guard j + w.count <= bytes.count else { return false }
      for k in 0..<w.count where bytes[j + k] | 0x20 != w[k] | 0x20 { return false }
      return true
    }
    while i < bytes.count {
      let atWordStart = i == 0 || !isTokenByte(bytes[i - 1])
      if atWordStart, hasPrefixCI("bearer ", at: i) || hasPrefixCI("basic ", at: i) {
        let wordLength = hasPrefixCI("bearer ", at: i) ? 7 : 6
        var j = i + wordLength
        while j < bytes.count, bytes[j] == 0x20 { j += 1 }
        let start = j
        while j < bytes.count, isTokenByte(bytes[j]) { j += 1 }
        if j - start >= 8 {
          out.append(contentsOf: bytes[i..<(i + wordLength)])
          out.append(contentsOf: redacted.utf8)
          i = j
          continue
        }
      }
      if atWordStart, hasPrefixCI("eyj", at: i) {
        var j = i
        var dots = 0
        while j < bytes.count, isTokenByte(bytes[j]) {
          if bytes[j] == UInt8(ascii: ".") { dots += 1 }
          j += 1
        }
        if dots >= 2 && j - i >= 20 {
          out.append(contentsOf: redacted.utf8)
          i = j
          continue
        }
      }
      out.append(bytes[i])
      i += 1
    }
    return String(decoding: out, as: UTF8.self)
  }
}

extension Credentials {
  /// False when `scrubText` cannot change the text: it holds none of `bearer `, `basic `
  /// (any case) or `eyJ`, the starts of everything `scrubText` replaces.
  package static func mayHoldToken(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { b in
      let n = b.count
      var i = 0
      while i + 2 < n {
        switch b[i] | 0x20 {
        case 0x62:  // b
          if i + 6 <= n && matches(b, at: i, "basic ") || i + 7 <= n && matches(b, at: i, "bearer ") { return true }
        case 0x65:  // e
          if b[i + 1] | 0x20 == 0x79 && b[i + 2] | 0x20 == 0x6A { return true }
        default: break
        }
        i += 1
      }
      return false
    }
  }

  private static func matches(_ b: UnsafeBufferPointer<UInt8>, at i: Int, _ word: StaticString) -> Bool {
    let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
    for k in 0..<w.count where b[i + k] | 0x20 != w[k] | 0x20 { return false }
    return true
  }
}

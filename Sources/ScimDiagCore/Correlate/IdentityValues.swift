import ScimDiagParsing

/// How identity values are written in the exports, and how to read them as keys.
package enum IdentityValues {
  /// The UPN without the 32-hex object-id prefix a soft-deleted user's UPN carries.
  package static func stripSoftDeletePrefix(_ upn: String, objectId: String?) -> String {
    let chars = Array(upn.utf8)
    guard chars.count > 33 else { return upn }
    let prefix = chars.prefix(32)
    guard prefix.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return upn }
    if let objectId {
      let bare = objectId.lowercased().replacingOccurrences("-", "")
      if String(decoding: prefix, as: UTF8.self) != bare { return upn }
    }
    return String(decoding: chars.dropFirst(32), as: UTF8.self)
  }

  /// A value as exported inside audit modified properties: `"\"x\""` → `x`.
  package static func auditValue(_ v: String?) -> String? {
    guard let v else { return nil }
    let parsed = JSONValue.string(v).unwrapped
    if case .string(let s) = (try? JSONValue.parse(v)) ?? parsed { return s }
    if case .array(let items) = parsed, let first = items.first?.text { return first }
    return v.trimmingCharacters(in: ["\"", "[", "]"])
  }

  /// A GUID in its 36-character form (Entra's connectivity probe filters on a random one).
  package static func isGUID(_ v: String) -> Bool {
    let c = Array(v.utf8)
    guard c.count == 36 else { return false }
    for (i, b) in c.enumerated() {
      if [8, 13, 18, 23].contains(i) {
        if b != UInt8(ascii: "-") { return false }
      } else if !((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)) {
        return false
      }
    }
    return true
  }

  /// "object id 1234…, name alice@…" for the keys that tied a record to its user.
  package static func describe(_ keys: [UserKey]) -> String {
    var seen: Set<UserKey> = []
    return keys.compactMap { key -> String? in
      guard seen.insert(key).inserted else { return nil }
      return "\(key.label) \(key.value)"
    }.joined(separator: ", ")
  }
}

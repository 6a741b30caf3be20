/// Dotted key paths split once (`req.headers.user-agent` → three keys), for lookups done on
/// every record.
package struct KeyPaths: Sendable, ExpressibleByArrayLiteral {
  package let parts: [[String]]
  package let names: [String]
  /// Each key's `JSONValue.foldedInitial`.
  package let initials: [[UInt8?]]
  /// Each key's `JSONObject.fingerprint`.
  package let prints: [[UInt32]]
  package init(arrayLiteral elements: String...) {
    names = elements
    parts = elements.map { $0.split(separator: ".").map(String.init) }
    initials = parts.map { $0.map(JSONValue.foldedInitial) }
    prints = parts.map { $0.map(JSONObject.fingerprint) }
  }
}

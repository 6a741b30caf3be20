import ScimDiagParsing

/// Reads what a SCIM write did to `active`.
package enum ScimClassifier {
  /// The op and value of the first operation that sets `active` (by path, or in a pathless
  /// value object), or the `active` of a PUT body.
  package static func activeChange(ops: [(String?, String?, String?)], bodyActive: String?) -> (String?, String)? {
    for (op, path, value) in ops {
      if path?.lowercased() == "active", let value { return (op, value) }
      if path == nil, let value, let object = try? JSONValue.parse(value), let active = object["active"] {
        return (op, active.jsonText)
      }
    }
    if let bodyActive { return (nil, bodyActive) }
    return nil
  }

  /// `false`, `"False"`, `"false"`.
  package static func isFalse(_ json: String?) -> Bool {
    guard let json else { return false }
    return json.lowercased() == "false" || json.lowercased() == "\"false\""
  }

  package static func isTrue(_ json: String?) -> Bool {
    guard let json else { return false }
    return json.lowercased() == "true" || json.lowercased() == "\"true\""
  }
}

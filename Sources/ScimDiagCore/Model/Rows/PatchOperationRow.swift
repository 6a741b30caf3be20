import ScimDiagParsing

/// A PATCH operation of a SCIM request, as sent.
package struct PatchOperationRow: Sendable, Equatable {
  package var requestKey: String
  package var op: String?
  package var path: String?
  /// The value as compact JSON text (`"False"` with quotes is a string, `false` a boolean).
  package var value: String?

  package init(requestKey: String, op: String?, path: String?, value: String?) {
    self.requestKey = requestKey
    self.op = op
    self.path = path
    self.value = value
  }
}

import ScimDiagParsing

/// A PATCH operation as sent: `op` and `value` exactly as written (so `"Replace"` and
/// `"False"` stay visible).
package struct PatchOperation: Sendable, Equatable {
  package var op: String
  package var path: String?
  /// The value as compact JSON text (`"False"` with quotes is a string, `false` a boolean).
  package var value: String?
  package var valueType: String?
}

import ScimDiagParsing

/// A user: one cluster of the identity graph.
package struct UserIdentity: Sendable, Codable, Equatable {
  package var id: Int
  package var label: String
  package var objectId: String?
  package var upn: String?
  package var displayName: String?
  package var scimId: String?
  /// Every key that tied records to this user.
  package var keys: [UserKey]
}

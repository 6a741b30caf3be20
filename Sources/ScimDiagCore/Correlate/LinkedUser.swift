import ScimDiagParsing

/// A user found by the identity graph: its identity and the records tied to it.
package struct LinkedUser: Sendable, Equatable {
  package var label: String
  package var objectId: String?
  package var upn: String?
  package var displayName: String?
  package var scimId: String?
  /// Every key of the cluster, sorted, and the display name as a key for finding the user.
  package var keys: [UserKey]
  package var records: [LinkedRecord]
}

import ScimDiagParsing

/// A resource returned in a SCIM list response or a single-resource response.
package struct ListResource: Sendable, Equatable {
  package var id: String?
  package var userName: String?
  package var externalId: String?
  /// `active` as JSON text (`true`, `false`, `"False"`), nil when absent.
  package var active: String?
}

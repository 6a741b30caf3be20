import ScimDiagParsing

/// A resource a SCIM response returned (one element of a ListResponse, or the resource itself).
package struct ReturnedResourceRow: Sendable, Equatable {
  /// The request that returned it.
  package var requestKey: String
  package var id: String?
  package var userName: String?
  package var externalId: String?
  /// `active` as JSON text (`true`, `false`, `"False"`), nil when absent.
  package var active: String?

  package init(requestKey: String, id: String?, userName: String?, externalId: String? = nil, active: String? = nil) {
    self.requestKey = requestKey
    self.id = id
    self.userName = userName
    self.externalId = externalId
    self.active = active
  }
}

import ScimDiagParsing

/// The identity columns of a SCIM request about users.
package struct ScimIdentityRow: Sendable, Equatable {
  package var key: String
  package var resourceType: String?
  package var resourceId: String?
  package var filterValue: String?
  package var bodyId: String?
  package var bodyUserName: String?
  package var bodyExternalId: String?

  package init(
    key: String, resourceType: String? = nil, resourceId: String? = nil, filterValue: String? = nil,
    bodyId: String? = nil, bodyUserName: String? = nil, bodyExternalId: String? = nil
  ) {
    self.key = key
    self.resourceType = resourceType
    self.resourceId = resourceId
    self.filterValue = filterValue
    self.bodyId = bodyId
    self.bodyUserName = bodyUserName
    self.bodyExternalId = bodyExternalId
  }
}

import ScimDiagParsing

/// Every record linked to some users, as rows: what the timeline is built from.
package struct TimelineRows: Sendable {
  package var audit: [AuditTimelineRow] = []
  package var provisioning: [ProvisioningTimelineRow] = []
  package var scim: [ScimTimelineRow] = []
  /// The SCIM requests' PATCH operations and returned resources, by request key, in order.
  package var operations: [String: [PatchOperationRow]] = [:]
  package var resources: [String: [ReturnedResourceRow]] = [:]

  package init() {}
}

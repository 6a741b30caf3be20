import ScimDiagParsing

/// One HTTP request received by the app's SCIM endpoint, with the facts the diagnosis needs
/// already extracted.
package struct ScimRequest: Sendable, Equatable {
  /// Natural key: a digest of time, method, path, status and bodies, plus an occurrence
  /// number for identical requests within one file.
  package var key: String = ""
  package var time: String
  package var method: String
  /// The path with its query string, credentials removed.
  package var path: String
  package var resourceType: String?
  package var resourceId: String?
  package var filter: String?
  package var filterAttribute: String?
  package var filterOperator: String?
  package var filterValue: String?
  package var status: Int?
  package var durationMs: Double?
  package var userAgent: String?
  package var client: String?
  package var requestBody: String?
  package var responseBody: String?
  package var bodyId: String?
  package var bodyUserName: String?
  package var bodyExternalId: String?
  package var bodyActive: String?
  package var listTotalResults: Int?
  package var patchOperations: [PatchOperation] = []
  package var listResources: [ListResource] = []
}

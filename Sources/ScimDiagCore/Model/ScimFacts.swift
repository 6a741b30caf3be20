import ScimDiagParsing

/// What a SCIM request did to a user, as far as deprovisioning is concerned.
package struct ScimFacts: Sendable, Equatable {
  package var kind: ScimKind
  package var method: String
  package var httpStatus: Int?
  package var totalResults: Int?
  /// `active` of the resource the response returned for this user (`true`, `false`, `"False"`).
  package var returnedActive: String?
  /// Number of returned resources that are not this user (a filter that was not honoured).
  package var foreignResults: Int?
  /// The PATCH value that set `active`, as JSON text (`false`, `"False"`).
  package var patchValue: String?
  package var patchOp: String?
  /// False when the log did not keep the request's body: what a PATCH or PUT set is unknown.
  package var bodyLogged = true

  package init(kind: ScimKind, method: String, httpStatus: Int?) {
    self.kind = kind
    self.method = method
    self.httpStatus = httpStatus
  }
}

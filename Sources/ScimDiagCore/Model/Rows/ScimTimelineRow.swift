import ScimDiagParsing

/// A SCIM request linked to a user, as the timeline needs it.
package struct ScimTimelineRow: Sendable, Equatable {
  package var place: RecordPlace
  package var key: String
  package var time: String
  package var method: String
  /// The path with its query string, credentials removed.
  package var path: String
  package var status: Int?
  package var listTotalResults: Int?
  package var filter: String?
  /// `active` of a PUT or POST body, as JSON text.
  package var bodyActive: String?
  /// Whether the log kept the request's body (NCSA logs and many JSON loggers do not).
  package var hasRequestBody: Bool

  package init(
    place: RecordPlace, key: String, time: String, method: String, path: String, status: Int?,
    listTotalResults: Int? = nil, filter: String? = nil, bodyActive: String? = nil, hasRequestBody: Bool = true
  ) {
    self.place = place
    self.key = key
    self.time = time
    self.method = method
    self.path = path
    self.status = status
    self.listTotalResults = listTotalResults
    self.filter = filter
    self.bodyActive = bodyActive
    self.hasRequestBody = hasRequestBody
  }
}

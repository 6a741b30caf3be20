/// One row of `scimdiag apps`: a provisioning app of the store and what the store holds of it.
package struct AppSummary: Sendable, Encodable, Equatable {
  package var app: AppRef
  /// The job ids its events name (one, unless the job was recreated).
  package var jobIds: [String]
  package var firstEvent: String?
  package var lastEvent: String?
  package var events: Int
  package var cycles: Int
  /// Whether the SCIM request log is attributed to this app (by the SCIM ids both name).
  package var scimLog: Bool
  /// How the SCIM request log was attributed (or why it was not).
  package var scimLogBasis: String?
  /// The times of the configuration snapshots that may be this app's.
  package var configurations: [String] = []
  /// Deprovisioning triggers diagnosed for this app (`users`' rows of the app, or all with one app).
  package var triggers = 0
}

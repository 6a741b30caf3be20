import ScimDiagParsing

/// A piece of a provisioning job's configuration: the synchronization schema document, or
/// one job setting (`SkipOutOfScopeDeletions`, `SyncAll`, …). `exportedAt` is the file's time.
package struct JobConfigRecord: Sendable, Equatable {
  package enum Kind: String, Sendable { case schema, setting }
  package var kind: Kind
  /// The setting's key; empty for a schema.
  package var name: String
  /// The schema as canonical JSON, or the setting's value (REDACTED for credentials).
  package var value: String
  package var exportedAt: String = ""
}

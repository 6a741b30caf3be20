import Foundation
import ScimDiagParsing

/// Options for one `ingest` run.
package struct IngestOptions: Sendable {
  /// Forces a record kind instead of detecting it.
  package var forced: RecordKind?
  /// Fails a whole file on the first record that cannot be read.
  package var strict = false
  /// Every this many new records of one file, whether to stop maintaining its tables'
  /// indexes until the file ends (see `StoreWriter.deferIndexes`).
  package var indexDeferralStep = 5_000
  /// Files at least this large are written with a rollback journal when no other process has
  /// the store open (see `Store.writeOnce`): each page is written once instead of twice.
  package var rollbackJournalBytes: Int64 = 16 << 20
  /// The app the files' SCIM requests belong to, as the user stated it (`ingest --app`): a
  /// prefix of its name or service principal id, resolved when the store is read.
  package var app: String?
  /// The time written to `sources.ingested_at`.
  package var now: String = Timestamp.fromEpoch(String(Date().timeIntervalSince1970)) ?? ""

  package init(forced: RecordKind? = nil, strict: Bool = false) {
    self.forced = forced
    self.strict = strict
  }
}

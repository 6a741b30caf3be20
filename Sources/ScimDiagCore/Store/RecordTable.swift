import GRDB
import ScimDiagParsing

/// The tables a record's main row goes to.
package enum RecordTable: String, Sendable {
  case provisioning = "provisioning_events"
  case audit = "audit_events"
  case scim = "scim_requests"
  case jobConfig = "job_configs"

  /// Tables whose indexes a large file's ingest may rebuild at its end, and whether their
  /// unique indexes are included (not where a foreign key refers to one).
  var deferrable: [(table: String, includingUnique: Bool)] {
    switch self {
    case .provisioning:
      // Child tables are keyed by their parent's arrival number, which only grows: their keys
      // are appended to their indexes as they come (Schema v11 and v12).
      return [(rawValue, false)]
    case .audit: return [(rawValue, false), ("audit_targets", false), ("audit_modified_properties", true)]
    case .scim: return [(rawValue, false)]
    case .jobConfig: return []
    }
  }

  init(_ record: IngestRecord) {
    switch record {
    case .provisioning: self = .provisioning
    case .audit: self = .audit
    case .scim: self = .scim
    case .jobConfig: self = .jobConfig
    }
  }
}

import ScimDiagParsing

/// The record kinds `--format` can force, and what detection reports for each record.
package enum RecordKind: String, CaseIterable, Sendable {
  case provisioning
  case audit
  case scimJSON = "scim-jsonl"
  case har
  case ncsa
  case csv

  /// The shape a record read as this kind is reported as.
  var shape: InputShape {
    switch self {
    case .provisioning: return .provisioningGraph
    case .audit: return .auditGraph
    case .scimJSON: return .scimJSON
    case .har: return .scimHAR
    case .ncsa: return .scimNCSA
    case .csv: return .provisioningPortalCSV
    }
  }
}

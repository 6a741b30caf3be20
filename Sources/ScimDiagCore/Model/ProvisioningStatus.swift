import ScimDiagParsing

/// Entra's provisioning `status`, normalised at ingest. Values Entra adds later are kept as
/// `unknown`, never dropped.
package enum ProvisioningStatus: Sendable, Equatable, Hashable {
  case success
  case failure
  case skipped
  case warning
  case unknown(String)

  /// The normalised spelling the store keeps (`provisioning_events.status`).
  package init(_ normalised: String) {
    switch normalised {
    case "success": self = .success
    case "failure": self = .failure
    case "skipped": self = .skipped
    case "warning": self = .warning
    default: self = .unknown(normalised)
    }
  }

  package var name: String {
    switch self {
    case .success: return "success"
    case .failure: return "failure"
    case .skipped: return "skipped"
    case .warning: return "warning"
    case .unknown(let s): return s
    }
  }
}

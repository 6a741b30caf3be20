import ScimDiagParsing

/// Entra's `provisioningAction`, normalised at ingest (reference §1.3). Values Entra adds later
/// are kept as `unknown`, never dropped.
package enum ProvisioningAction: Sendable, Equatable, Hashable {
  case other
  case create
  case delete
  case disable
  case update
  case stagedDelete
  case stagedAction
  case unknown(String)

  /// The normalised spelling the store keeps (`provisioning_events.action`).
  package init(_ normalised: String) {
    switch normalised {
    case "other": self = .other
    case "create": self = .create
    case "delete": self = .delete
    case "disable": self = .disable
    case "update": self = .update
    case "stageddelete": self = .stagedDelete
    case "stagedaction": self = .stagedAction
    default: self = .unknown(normalised)
    }
  }

  package var name: String {
    switch self {
    case .other: return "other"
    case .create: return "create"
    case .delete: return "delete"
    case .disable: return "disable"
    case .update: return "update"
    case .stagedDelete: return "stageddelete"
    case .stagedAction: return "stagedaction"
    case .unknown(let s): return s
    }
  }

  /// A disable, a delete or an update: what a deprovisioning cycle logs when it acts.
  package var deprovisions: Bool { self == .disable || self == .delete || self == .update }
}

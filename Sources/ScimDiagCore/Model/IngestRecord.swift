import ScimDiagParsing

/// A normalised record produced by a parser.
package enum IngestRecord: Sendable {
  case provisioning(ProvisioningEvent)
  case audit(AuditEvent)
  case scim(ScimRequest)
  case jobConfig(JobConfigRecord)

  package var time: String {
    switch self {
    case .provisioning(let e): return e.activityTime
    case .audit(let e): return e.activityTime
    case .scim(let r): return r.time
    case .jobConfig(let c): return c.exportedAt
    }
  }
}

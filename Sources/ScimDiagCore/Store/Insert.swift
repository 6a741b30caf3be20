import GRDB
import ScimDiagParsing

/// The ingest's inserts, each prepared on first use and finalised with the writer.
enum Insert: Int, CaseIterable {
  case jobConfig, provisioningEvent, step, stepIgnoringPresent, property, propertyIgnoringPresent, auditEvent,
    auditTarget, auditProperty, scimRequest, patchOperation, returnedResource

  var sql: String {
    switch self {
    case .jobConfig: return Tables.jobConfigs.insertSQL(orIgnore: true)
    case .provisioningEvent: return Tables.provisioningEvents.insertSQL(orIgnore: true)
    case .step: return Tables.provisioningSteps.insertSQL(orIgnore: false)
    case .stepIgnoringPresent: return Tables.provisioningSteps.insertSQL(orIgnore: true)
    case .property: return Tables.provisioningModifiedProperties.insertSQL(orIgnore: false)
    case .propertyIgnoringPresent: return Tables.provisioningModifiedProperties.insertSQL(orIgnore: true)
    case .auditEvent: return Tables.auditEvents.insertSQL(orIgnore: true)
    case .auditTarget: return Tables.auditTargets.insertSQL(orIgnore: false)
    case .auditProperty: return Tables.auditModifiedProperties.insertSQL(orIgnore: false)
    case .scimRequest: return Tables.scimRequests.insertSQL(orIgnore: true)
    case .patchOperation: return Tables.scimPatchOperations.insertSQL(orIgnore: false)
    case .returnedResource: return Tables.scimReturnedResources.insertSQL(orIgnore: false)
    }
  }
}

import GRDB
import ScimDiagParsing

// The correlate stage's input rows, read from the store by column name. Each query names its
// columns (with `AS` where a join or expression needs it) as these initialisers read them.

extension ProvisioningIdentityRow: FetchableRecord {
  package init(row: Row) {
    self.init(
      id: row["id"], sourceIdentityId: row["source_identity_id"], sourceUPN: row["source_upn"],
      sourceIdentityName: row["source_identity_name"], sourceIdentityType: row["source_identity_type"],
      targetIdentityId: row["target_identity_id"], targetIdentityType: row["target_identity_type"])
  }
}

extension ProvisioningStepIdentityRow: FetchableRecord {
  package init(row: Row) {
    self.init(
      eventId: row["event_id"], stepType: row["step_type"], details: row["details"],
      reportableIdentifier: row["reportable_identifier"])
  }
}

extension EventValueRow: FetchableRecord {
  package init(row: Row) {
    self.init(eventId: row["event_id"], name: row["name"], value: row["value"])
  }
}

extension AuditUserTargetRow: FetchableRecord {
  package init(row: Row) {
    self.init(
      eventId: row["event_id"], objectId: row["id"], userPrincipalName: row["user_principal_name"],
      displayName: row["display_name"])
  }
}

extension ScimIdentityRow: FetchableRecord {
  package init(row: Row) {
    self.init(
      key: row["key"], resourceType: row["resource_type"], resourceId: row["resource_id"],
      filterValue: row["filter_value"], bodyId: row["body_id"], bodyUserName: row["body_user_name"],
      bodyExternalId: row["body_external_id"])
  }
}

extension ReturnedResourceRow: FetchableRecord {
  package init(row: Row) {
    self.init(
      requestKey: row["request_key"], id: row["id"], userName: row["user_name"], externalId: row["external_id"],
      active: row["active"])
  }
}

extension PatchOperationRow: FetchableRecord {
  package init(row: Row) {
    self.init(requestKey: row["request_key"], op: row["op"], path: row["path"], value: row["value"])
  }
}

extension RecordPlace {
  /// `user_id`, `via`, and the source file's `file` and `line`.
  init(row: Row) {
    self.init(userId: row["user_id"], via: row["via"], file: row["file"], line: row["line"])
  }
}

extension AuditTimelineRow: FetchableRecord {
  package init(row: Row) {
    self.init(
      place: RecordPlace(row: row), id: row["id"], time: row["activity_time"], activity: row["activity"],
      initiatedByUPN: row["initiated_by_upn"], initiatedByApp: row["initiated_by_app"],
      servicePrincipalId: row["service_principal_id"], accountEnabledChange: row["account_enabled_change"],
      groupId: row["group_id"])
  }
}

extension ProvisioningTimelineRow: FetchableRecord {
  package init(row: Row) {
    self.init(
      place: RecordPlace(row: row), id: row["id"], time: row["activity_time"], action: row["action"],
      status: row["status"], errorCode: row["error_code"], cycleId: row["cycle_id"],
      targetId: row["target_identity_id"], skipReason: row["skip_reason"], importDetails: row["import_details"],
      matchingDetails: row["matching_details"], servicePrincipalId: row["service_principal_id"])
  }
}

extension ScimTimelineRow: FetchableRecord {
  package init(row: Row) {
    self.init(
      place: RecordPlace(row: row), key: row["key"], time: row["time"], method: row["method"], path: row["path"],
      status: row["status"], listTotalResults: row["list_total_results"], filter: row["filter"],
      bodyActive: row["body_active"], hasRequestBody: row["has_request_body"])
  }
}

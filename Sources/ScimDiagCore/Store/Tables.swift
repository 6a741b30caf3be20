import ScimDiagParsing

/// Every table of the store, declared once (`TableDeclaration`): the schema creates them from
/// these declarations, and the ingest's inserts and the order they bind values come from the
/// same lists. docs/schema.md documents each column; `SchemaTests` snapshots the result.
enum Tables {
  static let storeInfo = TableDeclaration<Void>(
    "store_info",
    columns: [
      .init("key", "TEXT PRIMARY KEY NOT NULL"),
      .init("value", "TEXT NOT NULL"),
    ]
  )

  static let sources = TableDeclaration<Void>(
    "sources",
    columns: [
      .init("id", "INTEGER PRIMARY KEY"),
      .init("path", "TEXT NOT NULL"),
      .init("sha256", "TEXT NOT NULL"),
      .init("format", "TEXT NOT NULL"),
      .init("container", "TEXT NOT NULL"),
      .init("encoding", "TEXT NOT NULL"),
      .init("bytes", "INTEGER NOT NULL"),
      .init("records_read", "INTEGER NOT NULL DEFAULT 0"),
      .init("records_new", "INTEGER NOT NULL DEFAULT 0"),
      .init("records_present", "INTEGER NOT NULL DEFAULT 0"),
      .init("records_rejected", "INTEGER NOT NULL DEFAULT 0"),
      .init("first_time", "TEXT"),
      .init("last_time", "TEXT"),
      .init("ingested_at", "TEXT NOT NULL"),
      .init("app", "TEXT"),
    ],
    indexes: [
      "CREATE INDEX sources_sha256 ON sources(sha256)"
    ]
  )

  static let provisioningEvents = TableDeclaration<Written<ProvisioningEvent>>(
    "provisioning_events",
    columns: [
      .init("id", "TEXT NOT NULL UNIQUE") { $1.bind($0.key) },
      .init("source_id", "INTEGER NOT NULL REFERENCES sources(id)") { $1.bind($0.sourceId) },
      .init("source_line", "INTEGER NOT NULL") { $1.bind($0.line) },
      .init("activity_time", "TEXT NOT NULL") { $1.bind($0.record.activityTime) },
      .init("tenant_id", "TEXT") { $1.bind($0.record.tenantId) },
      .init("job_id", "TEXT") { $1.bind($0.record.jobId) },
      .init("cycle_id", "TEXT") { $1.bind($0.record.cycleId) },
      .init("change_id", "TEXT") { $1.bind($0.record.changeId) },
      .init("action", "TEXT NOT NULL") { $1.bind($0.record.action) },
      .init("action_raw", "TEXT") { $1.bind($0.record.actionRaw) },
      .init("status", "TEXT NOT NULL") { $1.bind($0.record.status) },
      .init("status_raw", "TEXT") { $1.bind($0.record.statusRaw) },
      .init("error_code", "TEXT") { $1.bind($0.record.errorCode) },
      .init("error_reason", "TEXT") { $1.bind($0.record.errorReason) },
      .init("error_category", "TEXT") { $1.bind($0.record.errorCategory) },
      .init("duration_ms", "INTEGER") { $1.bind($0.record.durationMs) },
      .init("service_principal_id", "TEXT") { $1.bind($0.record.servicePrincipalId) },
      .init("service_principal_name", "TEXT") { $1.bind($0.record.servicePrincipalName) },
      .init("source_system", "TEXT") { $1.bind($0.record.sourceSystem) },
      .init("target_system", "TEXT") { $1.bind($0.record.targetSystem) },
      .init("initiated_by", "TEXT") { $1.bind($0.record.initiatedBy) },
      .init("source_identity_id", "TEXT") { $1.bind($0.record.sourceId) },
      .init("source_identity_name", "TEXT") { $1.bind($0.record.sourceName) },
      .init("source_identity_type", "TEXT") { $1.bind($0.record.sourceType) },
      .init("source_upn", "TEXT") { $1.bind($0.record.sourceUPN) },
      .init("target_identity_id", "TEXT") { $1.bind($0.record.targetId) },
      .init("target_identity_name", "TEXT") { $1.bind($0.record.targetName) },
      .init("target_identity_type", "TEXT") { $1.bind($0.record.targetType) },
      .init("seq", "INTEGER PRIMARY KEY"),
    ],
    indexes: [
      "CREATE INDEX provisioning_events_change ON provisioning_events(change_id)",
      "CREATE INDEX provisioning_events_service_principal ON provisioning_events(service_principal_id)",
      "CREATE INDEX provisioning_events_source_identity ON provisioning_events(source_identity_id)",
      "CREATE INDEX provisioning_events_target_identity ON provisioning_events(target_identity_id)",
      "CREATE INDEX provisioning_events_time ON provisioning_events(activity_time)",
    ]
  )

  static let provisioningSteps = TableDeclaration<Child<ProvisioningStep, Int64>>(
    "provisioning_steps",
    columns: [
      .init("event_seq", "INTEGER NOT NULL REFERENCES provisioning_events(seq) ON DELETE CASCADE") {
        $1.bind($0.parent)
      },
      .init("step_index", "INTEGER NOT NULL") { $1.bind($0.index) },
      .init("name", "TEXT") { $1.bind($0.record.name) },
      .init("step_type", "TEXT") { $1.bind($0.record.type) },
      .init("step_type_raw", "TEXT") { $1.bind($0.record.typeRaw) },
      .init("status", "TEXT") { $1.bind($0.record.status) },
      .init("status_raw", "TEXT") { $1.bind($0.record.statusRaw) },
      .init("description", "TEXT") { $1.bind($0.record.description) },
      .init("details", "TEXT") { $1.bind($0.record.details) },
      .init("skip_reason", "TEXT") { $1.bind($0.record.skipReason) },
      .init("reportable_identifier", "TEXT") { $1.bind($0.record.reportableIdentifier) },
    ],
    indexes: [
      "CREATE UNIQUE INDEX provisioning_steps_key ON provisioning_steps(event_seq, step_index)"
    ]
  )

  static let provisioningModifiedProperties = TableDeclaration<Child<ModifiedProperty, Int64>>(
    "provisioning_modified_properties",
    columns: [
      .init("event_seq", "INTEGER NOT NULL REFERENCES provisioning_events(seq) ON DELETE CASCADE") {
        $1.bind($0.parent)
      },
      .init("property_index", "INTEGER NOT NULL") { $1.bind($0.index) },
      .init("name", "TEXT NOT NULL") { $1.bind($0.record.name) },
      .init("old_value", "TEXT") { $1.bind($0.record.oldValue) },
      .init("new_value", "TEXT") { $1.bind($0.record.newValue) },
    ],
    indexes: [
      "CREATE UNIQUE INDEX provisioning_modified_properties_key ON provisioning_modified_properties(event_seq, property_index)"
    ]
  )

  static let auditEvents = TableDeclaration<Written<AuditEvent>>(
    "audit_events",
    columns: [
      .init("id", "TEXT PRIMARY KEY NOT NULL") { $1.bind($0.key) },
      .init("source_id", "INTEGER NOT NULL REFERENCES sources(id)") { $1.bind($0.sourceId) },
      .init("source_line", "INTEGER NOT NULL") { $1.bind($0.line) },
      .init("activity_time", "TEXT NOT NULL") { $1.bind($0.record.activityTime) },
      .init("activity", "TEXT NOT NULL") { $1.bind($0.record.activity) },
      .init("category", "TEXT") { $1.bind($0.record.category) },
      .init("operation_type", "TEXT") { $1.bind($0.record.operationType) },
      .init("result", "TEXT") { $1.bind($0.record.result) },
      .init("result_reason", "TEXT") { $1.bind($0.record.resultReason) },
      .init("logged_by_service", "TEXT") { $1.bind($0.record.loggedByService) },
      .init("correlation_id", "TEXT") { $1.bind($0.record.correlationId) },
      .init("initiated_by_user_id", "TEXT") { $1.bind($0.record.initiatedByUserId) },
      .init("initiated_by_upn", "TEXT") { $1.bind($0.record.initiatedByUPN) },
      .init("initiated_by_app", "TEXT") { $1.bind($0.record.initiatedByApp) },
      .init("initiated_by", "TEXT") { $1.bind($0.record.initiatedBy) },
      .init("additional_details", "TEXT") { $1.bind($0.record.additionalDetails) },
    ],
    withoutRowID: true,
    indexes: [
      "CREATE INDEX audit_events_activity ON audit_events(activity COLLATE NOCASE)",
      "CREATE INDEX audit_events_time ON audit_events(activity_time)",
    ]
  )

  static let auditTargets = TableDeclaration<Child<AuditTarget, String>>(
    "audit_targets",
    columns: [
      .init("event_id", "TEXT NOT NULL REFERENCES audit_events(id) ON DELETE CASCADE") { $1.bind($0.parent) },
      .init("target_index", "INTEGER NOT NULL") { $1.bind($0.index) },
      .init("id", "TEXT") { $1.bind($0.record.id) },
      .init("display_name", "TEXT") { $1.bind($0.record.displayName) },
      .init("type", "TEXT") { $1.bind($0.record.type) },
      .init("user_principal_name", "TEXT") { $1.bind($0.record.userPrincipalName) },
      .init("group_type", "TEXT") { $1.bind($0.record.groupType) },
    ],
    indexes: [
      "CREATE INDEX audit_targets_id ON audit_targets(id)",
      "CREATE UNIQUE INDEX audit_targets_key ON audit_targets(event_id, target_index)",
    ]
  )

  static let auditModifiedProperties = TableDeclaration<Child<ModifiedProperty, String>>(
    "audit_modified_properties",
    columns: [
      .init("event_id", "TEXT NOT NULL") { $1.bind($0.parent) },
      .init("target_index", "INTEGER NOT NULL") { $1.bind($0.parentIndex) },
      .init("property_index", "INTEGER NOT NULL") { $1.bind($0.index) },
      .init("name", "TEXT NOT NULL") { $1.bind($0.record.name) },
      .init("old_value", "TEXT") { $1.bind($0.record.oldValue) },
      .init("new_value", "TEXT") { $1.bind($0.record.newValue) },
    ],
    constraints: [
      "FOREIGN KEY (event_id, target_index) REFERENCES audit_targets(event_id, target_index) ON DELETE CASCADE"
    ],
    indexes: [
      "CREATE UNIQUE INDEX audit_modified_properties_key ON audit_modified_properties(event_id, target_index, property_index)"
    ]
  )

  static let scimRequests = TableDeclaration<Written<ScimRequest>>(
    "scim_requests",
    columns: [
      .init("key", "TEXT NOT NULL UNIQUE") { $1.bind($0.key) },
      .init("source_id", "INTEGER NOT NULL REFERENCES sources(id)") { $1.bind($0.sourceId) },
      .init("source_line", "INTEGER NOT NULL") { $1.bind($0.line) },
      .init("time", "TEXT NOT NULL") { $1.bind($0.record.time) },
      .init("method", "TEXT NOT NULL") { $1.bind($0.record.method) },
      .init("path", "TEXT NOT NULL") { $1.bind($0.record.path) },
      .init("resource_type", "TEXT") { $1.bind($0.record.resourceType) },
      .init("resource_id", "TEXT") { $1.bind($0.record.resourceId) },
      .init("filter", "TEXT") { $1.bind($0.record.filter) },
      .init("filter_attribute", "TEXT") { $1.bind($0.record.filterAttribute) },
      .init("filter_operator", "TEXT") { $1.bind($0.record.filterOperator) },
      .init("filter_value", "TEXT") { $1.bind($0.record.filterValue) },
      .init("status", "INTEGER") { $1.bind($0.record.status) },
      .init("duration_ms", "REAL") { $1.bind($0.record.durationMs) },
      .init("user_agent", "TEXT") { $1.bind($0.record.userAgent) },
      .init("client", "TEXT") { $1.bind($0.record.client) },
      .init("request_body", "TEXT") { $1.bind($0.record.requestBody) },
      .init("response_body", "TEXT") { $1.bind($0.record.responseBody) },
      .init("body_id", "TEXT") { $1.bind($0.record.bodyId) },
      .init("body_user_name", "TEXT") { $1.bind($0.record.bodyUserName) },
      .init("body_external_id", "TEXT") { $1.bind($0.record.bodyExternalId) },
      .init("body_active", "TEXT") { $1.bind($0.record.bodyActive) },
      .init("list_total_results", "INTEGER") { $1.bind($0.record.listTotalResults) },
      .init("seq", "INTEGER PRIMARY KEY"),
    ],
    indexes: [
      "CREATE INDEX scim_requests_filter_value ON scim_requests(filter_value)",
      "CREATE INDEX scim_requests_resource ON scim_requests(resource_id)",
      "CREATE INDEX scim_requests_time ON scim_requests(time)",
    ]
  )

  static let scimPatchOperations = TableDeclaration<Child<PatchOperation, Int64>>(
    "scim_patch_operations",
    columns: [
      .init("request_seq", "INTEGER NOT NULL REFERENCES scim_requests(seq) ON DELETE CASCADE") { $1.bind($0.parent) },
      .init("op_index", "INTEGER NOT NULL") { $1.bind($0.index) },
      .init("op", "TEXT NOT NULL") { $1.bind($0.record.op) },
      .init("path", "TEXT") { $1.bind($0.record.path) },
      .init("value", "TEXT") { $1.bind($0.record.value) },
      .init("value_type", "TEXT") { $1.bind($0.record.valueType) },
    ],
    indexes: [
      "CREATE UNIQUE INDEX scim_patch_operations_key ON scim_patch_operations(request_seq, op_index)"
    ]
  )

  static let scimReturnedResources = TableDeclaration<Child<ListResource, Int64>>(
    "scim_returned_resources",
    columns: [
      .init("request_seq", "INTEGER NOT NULL REFERENCES scim_requests(seq) ON DELETE CASCADE") { $1.bind($0.parent) },
      .init("resource_index", "INTEGER NOT NULL") { $1.bind($0.index) },
      .init("id", "TEXT") { $1.bind($0.record.id) },
      .init("user_name", "TEXT") { $1.bind($0.record.userName) },
      .init("external_id", "TEXT") { $1.bind($0.record.externalId) },
      .init("active", "TEXT") { $1.bind($0.record.active) },
    ],
    indexes: [
      "CREATE UNIQUE INDEX scim_returned_resources_key ON scim_returned_resources(request_seq, resource_index)"
    ]
  )

  static let rejects = TableDeclaration<Void>(
    "rejects",
    columns: [
      .init("id", "INTEGER PRIMARY KEY"),
      .init("source_id", "INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE"),
      .init("line", "INTEGER NOT NULL"),
      .init("column", "INTEGER NOT NULL"),
      .init("reason", "TEXT NOT NULL"),
      .init("excerpt", "TEXT NOT NULL"),
    ]
  )

  /// Values of CSV columns scimdiag does not read, kept with their row's place: exports gain
  /// columns over time, and nothing a user gave is dropped.
  static let recordExtras = TableDeclaration<Void>(
    "record_extras",
    columns: [
      .init("source_id", "INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE"),
      .init("line", "INTEGER NOT NULL"),
      .init("name", "TEXT NOT NULL"),
      .init("value", "TEXT NOT NULL"),
    ],
    indexes: ["CREATE INDEX record_extras_place ON record_extras(source_id, line)"]
  )

  static let jobConfigs = TableDeclaration<Written<JobConfigRecord>>(
    "job_configs",
    columns: [
      .init("id", "INTEGER PRIMARY KEY"),
      .init("source_id", "INTEGER NOT NULL REFERENCES sources(id)") { $1.bind($0.sourceId) },
      .init("exported_at", "TEXT NOT NULL") { $1.bind($0.record.exportedAt) },
      .init("kind", "TEXT NOT NULL CHECK (kind IN ('schema', 'setting'))") { $1.bind($0.record.kind.rawValue) },
      .init("name", "TEXT NOT NULL") { $1.bind($0.record.name) },
      .init("value", "TEXT NOT NULL") { $1.bind($0.record.value) },
    ],
    constraints: ["UNIQUE (kind, name, value, exported_at)"]
  )

  static let correlationState = TableDeclaration<Void>(
    "correlation_state",
    columns: [
      .init("id", "INTEGER PRIMARY KEY CHECK (id = 1)"),
      .init("fingerprint", "TEXT NOT NULL"),
    ]
  )

  static let users = TableDeclaration<Void>(
    "users",
    columns: [
      .init("id", "INTEGER PRIMARY KEY"),
      .init("label", "TEXT NOT NULL"),
      .init("object_id", "TEXT"),
      .init("upn", "TEXT"),
      .init("display_name", "TEXT"),
      .init("scim_id", "TEXT"),
    ],
    indexes: [
      "CREATE INDEX users_label_folded ON users(lower(label))"
    ]
  )

  static let userKeys = TableDeclaration<Void>(
    "user_keys",
    columns: [
      .init("user_id", "INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE"),
      .init("kind", "TEXT NOT NULL"),
      .init("value", "TEXT NOT NULL"),
    ],
    constraints: ["PRIMARY KEY (user_id, kind, value)"],
    withoutRowID: true,
    indexes: [
      "CREATE INDEX user_keys_value ON user_keys(value)"
    ]
  )

  static let userRecords = TableDeclaration<Void>(
    "user_records",
    columns: [
      .init("user_id", "INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE"),
      .init("source", "TEXT NOT NULL"),
      .init("record_id", "TEXT NOT NULL"),
      .init("via", "TEXT NOT NULL"),
    ],
    constraints: ["PRIMARY KEY (user_id, source, record_id)"],
    withoutRowID: true
  )

  static let cycles = TableDeclaration<Void>(
    "cycles",
    columns: [
      .init("id", "INTEGER PRIMARY KEY"),
      .init("cycle_id", "TEXT"),
      .init("start_time", "TEXT NOT NULL"),
      .init("end_time", "TEXT NOT NULL"),
      .init("provisioning_events", "INTEGER NOT NULL"),
      .init("scim_requests", "INTEGER NOT NULL"),
      .init("minutes_since_previous", "REAL"),
    ],
    indexes: [
      "CREATE INDEX cycles_start ON cycles(start_time)"
    ]
  )

  static let probeRequests = TableDeclaration<Void>(
    "probe_requests",
    columns: [
      .init("request_key", "TEXT PRIMARY KEY NOT NULL REFERENCES scim_requests(key) ON DELETE CASCADE"),
      .init("time", "TEXT"),
    ],
    withoutRowID: true,
    indexes: [
      "CREATE INDEX probe_requests_time ON probe_requests(time)"
    ]
  )

  static let triage = TableDeclaration<Void>(
    "triage",
    columns: [
      .init("position", "INTEGER PRIMARY KEY"),
      .init("user_id", "INTEGER"),
      .init("label", "TEXT NOT NULL"),
      .init("app", "TEXT"),
      .init("triggers", "INTEGER NOT NULL"),
      .init("trigger_kind", "TEXT"),
      .init("trigger_time", "TEXT"),
      .init("trigger_ref", "TEXT"),
      .init("trigger_source", "TEXT"),
      .init("outcome", "TEXT"),
      .init("cause", "TEXT"),
      .init("confidence", "TEXT"),
      .init("attention", "TEXT"),
    ]
  )

  static let triageState = TableDeclaration<Void>(
    "triage_state",
    columns: [
      .init("id", "INTEGER PRIMARY KEY CHECK (id = 1)"),
      .init("fingerprint", "TEXT NOT NULL"),
    ]
  )

  /// Every table, in the order the schema creates them (parents before children).
  static let createSQL: [String] = [
    storeInfo.createSQL,
    sources.createSQL,
    provisioningEvents.createSQL,
    provisioningSteps.createSQL,
    provisioningModifiedProperties.createSQL,
    auditEvents.createSQL,
    auditTargets.createSQL,
    auditModifiedProperties.createSQL,
    scimRequests.createSQL,
    scimPatchOperations.createSQL,
    scimReturnedResources.createSQL,
    rejects.createSQL,
    recordExtras.createSQL,
    jobConfigs.createSQL,
    correlationState.createSQL,
    users.createSQL,
    userKeys.createSQL,
    userRecords.createSQL,
    cycles.createSQL,
    probeRequests.createSQL,
    triage.createSQL,
    triageState.createSQL,
  ]
}

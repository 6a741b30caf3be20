CREATE TABLE audit_events (
  id TEXT PRIMARY KEY NOT NULL,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  source_line INTEGER NOT NULL,
  activity_time TEXT NOT NULL,
  activity TEXT NOT NULL,
  category TEXT,
  operation_type TEXT,
  result TEXT,
  result_reason TEXT,
  logged_by_service TEXT,
  correlation_id TEXT,
  initiated_by_user_id TEXT,
  initiated_by_upn TEXT,
  initiated_by_app TEXT,
  initiated_by TEXT,
  additional_details TEXT
) WITHOUT ROWID;

CREATE INDEX audit_events_activity ON audit_events(activity COLLATE NOCASE);

CREATE INDEX audit_events_time ON audit_events(activity_time);

CREATE TABLE audit_modified_properties (
  event_id TEXT NOT NULL,
  target_index INTEGER NOT NULL,
  property_index INTEGER NOT NULL,
  name TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  FOREIGN KEY (event_id, target_index) REFERENCES audit_targets(event_id, target_index) ON DELETE CASCADE
);

CREATE UNIQUE INDEX audit_modified_properties_key ON audit_modified_properties(event_id, target_index, property_index);

CREATE TABLE audit_targets (
  event_id TEXT NOT NULL REFERENCES audit_events(id) ON DELETE CASCADE,
  target_index INTEGER NOT NULL,
  id TEXT,
  display_name TEXT,
  type TEXT,
  user_principal_name TEXT,
  group_type TEXT
);

CREATE INDEX audit_targets_id ON audit_targets(id);

CREATE UNIQUE INDEX audit_targets_key ON audit_targets(event_id, target_index);

CREATE TABLE correlation_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  fingerprint TEXT NOT NULL
);

CREATE TABLE cycles (
  id INTEGER PRIMARY KEY,
  cycle_id TEXT,
  start_time TEXT NOT NULL,
  end_time TEXT NOT NULL,
  provisioning_events INTEGER NOT NULL,
  scim_requests INTEGER NOT NULL,
  minutes_since_previous REAL
);

CREATE INDEX cycles_start ON cycles(start_time);

CREATE TABLE job_configs (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  exported_at TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('schema', 'setting')),
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  UNIQUE (kind, name, value, exported_at)
);

CREATE TABLE probe_requests (
  request_key TEXT PRIMARY KEY NOT NULL REFERENCES scim_requests(key) ON DELETE CASCADE,
  time TEXT
) WITHOUT ROWID;

CREATE INDEX probe_requests_time ON probe_requests(time);

CREATE TABLE provisioning_events (
  id TEXT NOT NULL UNIQUE,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  source_line INTEGER NOT NULL,
  activity_time TEXT NOT NULL,
  tenant_id TEXT,
  job_id TEXT,
  cycle_id TEXT,
  change_id TEXT,
  action TEXT NOT NULL,
  action_raw TEXT,
  status TEXT NOT NULL,
  status_raw TEXT,
  error_code TEXT,
  error_reason TEXT,
  error_category TEXT,
  duration_ms INTEGER,
  service_principal_id TEXT,
  service_principal_name TEXT,
  source_system TEXT,
  target_system TEXT,
  initiated_by TEXT,
  source_identity_id TEXT,
  source_identity_name TEXT,
  source_identity_type TEXT,
  source_upn TEXT,
  target_identity_id TEXT,
  target_identity_name TEXT,
  target_identity_type TEXT,
  seq INTEGER PRIMARY KEY
);

CREATE INDEX provisioning_events_change ON provisioning_events(change_id);

CREATE INDEX provisioning_events_service_principal ON provisioning_events(service_principal_id);

CREATE INDEX provisioning_events_source_identity ON provisioning_events(source_identity_id);

CREATE INDEX provisioning_events_target_identity ON provisioning_events(target_identity_id);

CREATE INDEX provisioning_events_time ON provisioning_events(activity_time);

CREATE TABLE provisioning_modified_properties (
  event_seq INTEGER NOT NULL REFERENCES provisioning_events(seq) ON DELETE CASCADE,
  property_index INTEGER NOT NULL,
  name TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT
);

CREATE UNIQUE INDEX provisioning_modified_properties_key ON provisioning_modified_properties(event_seq, property_index);

CREATE TABLE provisioning_steps (
  event_seq INTEGER NOT NULL REFERENCES provisioning_events(seq) ON DELETE CASCADE,
  step_index INTEGER NOT NULL,
  name TEXT,
  step_type TEXT,
  step_type_raw TEXT,
  status TEXT,
  status_raw TEXT,
  description TEXT,
  details TEXT,
  skip_reason TEXT,
  reportable_identifier TEXT
);

CREATE UNIQUE INDEX provisioning_steps_key ON provisioning_steps(event_seq, step_index);

CREATE TABLE record_extras (
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL
);

CREATE INDEX record_extras_place ON record_extras(source_id, line);

CREATE TABLE rejects (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  column INTEGER NOT NULL,
  reason TEXT NOT NULL,
  excerpt TEXT NOT NULL
);

CREATE TABLE scim_patch_operations (
  request_seq INTEGER NOT NULL REFERENCES scim_requests(seq) ON DELETE CASCADE,
  op_index INTEGER NOT NULL,
  op TEXT NOT NULL,
  path TEXT,
  value TEXT,
  value_type TEXT
);

CREATE UNIQUE INDEX scim_patch_operations_key ON scim_patch_operations(request_seq, op_index);

CREATE TABLE scim_requests (
  key TEXT NOT NULL UNIQUE,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  source_line INTEGER NOT NULL,
  time TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  resource_type TEXT,
  resource_id TEXT,
  filter TEXT,
  filter_attribute TEXT,
  filter_operator TEXT,
  filter_value TEXT,
  status INTEGER,
  duration_ms REAL,
  user_agent TEXT,
  client TEXT,
  request_body TEXT,
  response_body TEXT,
  body_id TEXT,
  body_user_name TEXT,
  body_external_id TEXT,
  body_active TEXT,
  list_total_results INTEGER,
  seq INTEGER PRIMARY KEY
);

CREATE INDEX scim_requests_filter_value ON scim_requests(filter_value);

CREATE INDEX scim_requests_resource ON scim_requests(resource_id);

CREATE INDEX scim_requests_time ON scim_requests(time);

CREATE TABLE scim_returned_resources (
  request_seq INTEGER NOT NULL REFERENCES scim_requests(seq) ON DELETE CASCADE,
  resource_index INTEGER NOT NULL,
  id TEXT,
  user_name TEXT,
  external_id TEXT,
  active TEXT
);

CREATE UNIQUE INDEX scim_returned_resources_key ON scim_returned_resources(request_seq, resource_index);

CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  format TEXT NOT NULL,
  container TEXT NOT NULL,
  encoding TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  records_read INTEGER NOT NULL DEFAULT 0,
  records_new INTEGER NOT NULL DEFAULT 0,
  records_present INTEGER NOT NULL DEFAULT 0,
  records_rejected INTEGER NOT NULL DEFAULT 0,
  first_time TEXT,
  last_time TEXT,
  ingested_at TEXT NOT NULL,
  app TEXT
);

CREATE INDEX sources_sha256 ON sources(sha256);

CREATE TABLE store_info (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);

CREATE TABLE triage (
  position INTEGER PRIMARY KEY,
  user_id INTEGER,
  label TEXT NOT NULL,
  app TEXT,
  triggers INTEGER NOT NULL,
  trigger_kind TEXT,
  trigger_time TEXT,
  trigger_ref TEXT,
  trigger_source TEXT,
  outcome TEXT,
  cause TEXT,
  confidence TEXT,
  attention TEXT
);

CREATE TABLE triage_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  fingerprint TEXT NOT NULL
);

CREATE TABLE user_keys (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (user_id, kind, value)
) WITHOUT ROWID;

CREATE INDEX user_keys_value ON user_keys(value);

CREATE TABLE user_records (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  source TEXT NOT NULL,
  record_id TEXT NOT NULL,
  via TEXT NOT NULL,
  PRIMARY KEY (user_id, source, record_id)
) WITHOUT ROWID;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL,
  object_id TEXT,
  upn TEXT,
  display_name TEXT,
  scim_id TEXT
);

CREATE INDEX users_label_folded ON users(lower(label));

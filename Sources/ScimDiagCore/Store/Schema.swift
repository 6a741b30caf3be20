import Foundation
import GRDB

/// The store's schema: named migrations, never edited once released. Documented column by
/// column in docs/schema.md; `SchemaSnapshotTests` notices any change.
enum Schema {
  static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    m.registerMigration("v1 create sources, events, requests and rejects") { db in
      try db.execute(
        sql: """
          CREATE TABLE store_info (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
          );
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
            ingested_at TEXT NOT NULL
          );
          CREATE INDEX sources_sha256 ON sources(sha256);
          CREATE TABLE provisioning_events (
            id TEXT PRIMARY KEY NOT NULL,
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
            target_identity_type TEXT
          ) WITHOUT ROWID;
          CREATE INDEX provisioning_events_time ON provisioning_events(activity_time);
          CREATE INDEX provisioning_events_source_identity ON provisioning_events(source_identity_id);
          CREATE INDEX provisioning_events_target_identity ON provisioning_events(target_identity_id);
          CREATE INDEX provisioning_events_change ON provisioning_events(change_id);
          CREATE TABLE provisioning_steps (
            event_id TEXT NOT NULL REFERENCES provisioning_events(id) ON DELETE CASCADE,
            step_index INTEGER NOT NULL,
            name TEXT,
            step_type TEXT,
            step_type_raw TEXT,
            status TEXT,
            status_raw TEXT,
            description TEXT,
            details TEXT,
            skip_reason TEXT,
            reportable_identifier TEXT,
            PRIMARY KEY (event_id, step_index)
          ) WITHOUT ROWID;
          CREATE TABLE provisioning_modified_properties (
            event_id TEXT NOT NULL REFERENCES provisioning_events(id) ON DELETE CASCADE,
            property_index INTEGER NOT NULL,
            name TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            PRIMARY KEY (event_id, property_index)
          ) WITHOUT ROWID;
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
          CREATE INDEX audit_events_time ON audit_events(activity_time);
          CREATE TABLE audit_targets (
            event_id TEXT NOT NULL REFERENCES audit_events(id) ON DELETE CASCADE,
            target_index INTEGER NOT NULL,
            id TEXT,
            display_name TEXT,
            type TEXT,
            user_principal_name TEXT,
            group_type TEXT,
            PRIMARY KEY (event_id, target_index)
          ) WITHOUT ROWID;
          CREATE INDEX audit_targets_id ON audit_targets(id);
          CREATE TABLE audit_modified_properties (
            event_id TEXT NOT NULL,
            target_index INTEGER NOT NULL,
            property_index INTEGER NOT NULL,
            name TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            PRIMARY KEY (event_id, target_index, property_index),
            FOREIGN KEY (event_id, target_index) REFERENCES audit_targets(event_id, target_index) ON DELETE CASCADE
          ) WITHOUT ROWID;
          CREATE TABLE scim_requests (
            key TEXT PRIMARY KEY NOT NULL,
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
            list_total_results INTEGER
          ) WITHOUT ROWID;
          CREATE INDEX scim_requests_time ON scim_requests(time);
          CREATE INDEX scim_requests_resource ON scim_requests(resource_id);
          CREATE INDEX scim_requests_filter_value ON scim_requests(filter_value);
          CREATE TABLE scim_patch_operations (
            request_key TEXT NOT NULL REFERENCES scim_requests(key) ON DELETE CASCADE,
            op_index INTEGER NOT NULL,
            op TEXT NOT NULL,
            path TEXT,
            value TEXT,
            value_type TEXT,
            PRIMARY KEY (request_key, op_index)
          ) WITHOUT ROWID;
          CREATE TABLE scim_returned_resources (
            request_key TEXT NOT NULL REFERENCES scim_requests(key) ON DELETE CASCADE,
            resource_index INTEGER NOT NULL,
            id TEXT,
            user_name TEXT,
            external_id TEXT,
            active TEXT,
            PRIMARY KEY (request_key, resource_index)
          ) WITHOUT ROWID;
          CREATE TABLE rejects (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            line INTEGER NOT NULL,
            column INTEGER NOT NULL,
            reason TEXT NOT NULL,
            excerpt TEXT NOT NULL
          );
          """)
      // In the same transaction as the tables, so another process never sees a store without them.
      try db.execute(
        sql: "INSERT INTO store_info(key, value) VALUES ('format', ?), ('secret', ?)",
        arguments: [formatVersion, UUID().uuidString.lowercased()])
    }
    m.registerMigration("v2 create identity links") { db in
      try db.execute(
        sql: """
          CREATE TABLE correlation_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            fingerprint TEXT NOT NULL
          );
          CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL,
            object_id TEXT,
            upn TEXT,
            display_name TEXT,
            scim_id TEXT
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
          CREATE TABLE probe_requests (
            request_key TEXT PRIMARY KEY NOT NULL REFERENCES scim_requests(key) ON DELETE CASCADE
          ) WITHOUT ROWID;
          """)
    }
    m.registerMigration("v3 create job configuration") { db in
      try db.execute(
        sql: """
          CREATE TABLE job_configs (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            exported_at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('schema', 'setting')),
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            UNIQUE (kind, name, value, exported_at)
          );
          """)
    }
    m.registerMigration("v4 index the tenant-wide lookups of explain") { db in
      // explain reads the app's service principals and the job's state changes on every run;
      // without these indexes both scan whole tables (about a second on 650,000 events).
      try db.execute(
        sql: """
          CREATE INDEX provisioning_events_service_principal ON provisioning_events(service_principal_id);
          CREATE INDEX audit_events_activity ON audit_events(activity COLLATE NOCASE);
          """)
    }
    m.registerMigration("v5 keep child rows in arrival order and lead SCIM request keys with their time") { db in
      // Child rows were stored in their parent's key order (WITHOUT ROWID): each insert of a
      // big file landed at a random place in a table larger than the page cache. As rowid
      // tables they are appended; their (parent, index) key is a separate unique index, which
      // an ingest of a large file can drop and rebuild in one sort (StoreWriter.deferIndexes).
      // SCIM request keys lead with the request's time for the same reason; derived links,
      // which name request keys, are rebuilt on next use.
      try db.execute(
        sql: """
          DELETE FROM probe_requests;
          DELETE FROM user_records;
          DELETE FROM user_keys;
          DELETE FROM users;
          DELETE FROM cycles;
          DELETE FROM correlation_state;
          CREATE TABLE provisioning_steps_v5 (
            event_id TEXT NOT NULL REFERENCES provisioning_events(id) ON DELETE CASCADE,
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
          INSERT INTO provisioning_steps_v5 SELECT * FROM provisioning_steps;
          DROP TABLE provisioning_steps;
          ALTER TABLE provisioning_steps_v5 RENAME TO provisioning_steps;
          CREATE UNIQUE INDEX provisioning_steps_key ON provisioning_steps(event_id, step_index);
          CREATE TABLE provisioning_modified_properties_v5 (
            event_id TEXT NOT NULL REFERENCES provisioning_events(id) ON DELETE CASCADE,
            property_index INTEGER NOT NULL,
            name TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT
          );
          INSERT INTO provisioning_modified_properties_v5 SELECT * FROM provisioning_modified_properties;
          DROP TABLE provisioning_modified_properties;
          ALTER TABLE provisioning_modified_properties_v5 RENAME TO provisioning_modified_properties;
          CREATE UNIQUE INDEX provisioning_modified_properties_key
            ON provisioning_modified_properties(event_id, property_index);
          CREATE TABLE audit_targets_v5 (
            event_id TEXT NOT NULL REFERENCES audit_events(id) ON DELETE CASCADE,
            target_index INTEGER NOT NULL,
            id TEXT,
            display_name TEXT,
            type TEXT,
            user_principal_name TEXT,
            group_type TEXT
          );
          INSERT INTO audit_targets_v5 SELECT * FROM audit_targets;
          DROP TABLE audit_targets;
          ALTER TABLE audit_targets_v5 RENAME TO audit_targets;
          CREATE UNIQUE INDEX audit_targets_key ON audit_targets(event_id, target_index);
          CREATE INDEX audit_targets_id ON audit_targets(id);
          CREATE TABLE audit_modified_properties_v5 (
            event_id TEXT NOT NULL,
            target_index INTEGER NOT NULL,
            property_index INTEGER NOT NULL,
            name TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            FOREIGN KEY (event_id, target_index) REFERENCES audit_targets(event_id, target_index) ON DELETE CASCADE
          );
          INSERT INTO audit_modified_properties_v5 SELECT * FROM audit_modified_properties;
          DROP TABLE audit_modified_properties;
          ALTER TABLE audit_modified_properties_v5 RENAME TO audit_modified_properties;
          CREATE UNIQUE INDEX audit_modified_properties_key ON audit_modified_properties(event_id, target_index, property_index);
          CREATE TABLE scim_patch_operations_v5 (
            request_key TEXT NOT NULL REFERENCES scim_requests(key) ON DELETE CASCADE,
            op_index INTEGER NOT NULL,
            op TEXT NOT NULL,
            path TEXT,
            value TEXT,
            value_type TEXT
          );
          INSERT INTO scim_patch_operations_v5 SELECT * FROM scim_patch_operations;
          DROP TABLE scim_patch_operations;
          ALTER TABLE scim_patch_operations_v5 RENAME TO scim_patch_operations;
          CREATE UNIQUE INDEX scim_patch_operations_key ON scim_patch_operations(request_key, op_index);
          CREATE TABLE scim_returned_resources_v5 (
            request_key TEXT NOT NULL REFERENCES scim_requests(key) ON DELETE CASCADE,
            resource_index INTEGER NOT NULL,
            id TEXT,
            user_name TEXT,
            external_id TEXT,
            active TEXT
          );
          INSERT INTO scim_returned_resources_v5 SELECT * FROM scim_returned_resources;
          DROP TABLE scim_returned_resources;
          ALTER TABLE scim_returned_resources_v5 RENAME TO scim_returned_resources;
          CREATE UNIQUE INDEX scim_returned_resources_key ON scim_returned_resources(request_key, resource_index);
          UPDATE scim_patch_operations SET request_key = (
            SELECT \(Schema.scimKeySQL("r.time", "r.key")) FROM scim_requests r WHERE r.key = request_key);
          UPDATE scim_returned_resources SET request_key = (
            SELECT \(Schema.scimKeySQL("r.time", "r.key")) FROM scim_requests r WHERE r.key = request_key);
          UPDATE scim_requests SET key = \(Schema.scimKeySQL("time", "key"));
          """)
    }
    m.registerMigration("v6 keep the users triage") { db in
      try db.execute(
        sql: """
          CREATE TABLE triage_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            fingerprint TEXT NOT NULL
          );
          CREATE TABLE triage (
            position INTEGER PRIMARY KEY,
            label TEXT NOT NULL,
            triggers INTEGER NOT NULL,
            trigger_kind TEXT,
            trigger_time TEXT,
            trigger_ref TEXT,
            trigger_source TEXT,
            outcome TEXT,
            cause TEXT,
            confidence TEXT
          );
          """)
    }
    m.registerMigration("v7 keep the time of each probe") { db in
      // So explain counts the probes in a user's span from an index instead of looking each
      // probe's request up (2,000 random reads on a large log); links are rebuilt on next use.
      try db.execute(
        sql: """
          ALTER TABLE probe_requests ADD COLUMN time TEXT;
          CREATE INDEX probe_requests_time ON probe_requests(time);
          DELETE FROM correlation_state;
          """)
    }
    m.registerMigration("v8 append SCIM requests in arrival order") { db in
      // Request rows (hundreds of bytes each, with their bodies) were stored in key order
      // (WITHOUT ROWID): a log not in time order put each insert at a random place in a table
      // larger than the page cache. As a rowid table it is appended, and only its key's index
      // (about 60 bytes per request) takes random inserts: 300,000 unordered lines needed
      // 93,000 pwrite and 61,000 pread calls instead of 424,000 and 494,000.
      try db.execute(
        sql: """
          CREATE TABLE scim_requests_v8 (
            key TEXT PRIMARY KEY NOT NULL,
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
            list_total_results INTEGER
          );
          INSERT INTO scim_requests_v8 SELECT * FROM scim_requests ORDER BY key;
          DROP TABLE scim_requests;
          ALTER TABLE scim_requests_v8 RENAME TO scim_requests;
          CREATE INDEX scim_requests_time ON scim_requests(time);
          CREATE INDEX scim_requests_resource ON scim_requests(resource_id);
          CREATE INDEX scim_requests_filter_value ON scim_requests(filter_value);
          """)
    }
    m.registerMigration("v9 find users by their label in any case") { db in
      // `explain <user>` also matches the label case-insensitively; without this index that
      // lookup reads every user (docs/performance.md, "Measurements behind the code").
      try db.execute(sql: "CREATE INDEX users_label_folded ON users(lower(label))")
    }
    m.registerMigration("v10 append provisioning events in arrival order") { db in
      // As v8 did for SCIM requests: events were stored in the order of their ids (WITHOUT
      // ROWID), random GUIDs, so each insert went to a random page of a table far larger than
      // the page cache. As a rowid table they are appended, and only the small index on `id`
      // takes random inserts (docs/performance.md, "Measurements behind the code").
      try db.execute(
        sql: """
          CREATE TABLE provisioning_events_v10 (
            id TEXT PRIMARY KEY NOT NULL,
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
            target_identity_type TEXT
          );
          INSERT INTO provisioning_events_v10 SELECT * FROM provisioning_events ORDER BY source_id, source_line, id;
          DROP TABLE provisioning_events;
          ALTER TABLE provisioning_events_v10 RENAME TO provisioning_events;
          CREATE INDEX provisioning_events_time ON provisioning_events(activity_time);
          CREATE INDEX provisioning_events_source_identity ON provisioning_events(source_identity_id);
          CREATE INDEX provisioning_events_target_identity ON provisioning_events(target_identity_id);
          CREATE INDEX provisioning_events_change ON provisioning_events(change_id);
          CREATE INDEX provisioning_events_service_principal ON provisioning_events(service_principal_id);
          """)
    }
    m.registerMigration("v11 key provisioning steps and properties by their event's arrival number") { db in
      // Steps and modified properties named their event by its id, a random GUID, so their
      // (event, index) keys arrived in random order: a large file's ingest dropped those
      // indexes and built them again by a sort at its end, on one core. An event now has an
      // arrival number (`seq`, its rowid, kept by VACUUM), and its children name that: an
      // ingest writes them right after their event, so their keys arrive in ascending order,
      // are appended to the index as they come, need no rebuild and take a third of the space
      // (docs/performance.md, "Measurements behind the code").
      // Children whose event is not in the store (possible only from a portal steps CSV with an
      // ID column naming an event never ingested, which no query showed) are not kept.
      try db.execute(
        sql: """
          CREATE TABLE provisioning_events_v11 (
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
          INSERT INTO provisioning_events_v11 SELECT *, rowid FROM provisioning_events ORDER BY rowid;
          DROP TABLE provisioning_events;
          ALTER TABLE provisioning_events_v11 RENAME TO provisioning_events;
          CREATE INDEX provisioning_events_time ON provisioning_events(activity_time);
          CREATE INDEX provisioning_events_source_identity ON provisioning_events(source_identity_id);
          CREATE INDEX provisioning_events_target_identity ON provisioning_events(target_identity_id);
          CREATE INDEX provisioning_events_change ON provisioning_events(change_id);
          CREATE INDEX provisioning_events_service_principal ON provisioning_events(service_principal_id);
          CREATE TABLE provisioning_steps_v11 (
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
          INSERT INTO provisioning_steps_v11
            SELECT e.seq, s.step_index, s.name, s.step_type, s.step_type_raw, s.status, s.status_raw, s.description,
              s.details, s.skip_reason, s.reportable_identifier
            FROM provisioning_steps s JOIN provisioning_events e ON e.id = s.event_id ORDER BY e.seq, s.step_index;
          DROP TABLE provisioning_steps;
          ALTER TABLE provisioning_steps_v11 RENAME TO provisioning_steps;
          CREATE UNIQUE INDEX provisioning_steps_key ON provisioning_steps(event_seq, step_index);
          CREATE TABLE provisioning_modified_properties_v11 (
            event_seq INTEGER NOT NULL REFERENCES provisioning_events(seq) ON DELETE CASCADE,
            property_index INTEGER NOT NULL,
            name TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT
          );
          INSERT INTO provisioning_modified_properties_v11
            SELECT e.seq, p.property_index, p.name, p.old_value, p.new_value
            FROM provisioning_modified_properties p JOIN provisioning_events e ON e.id = p.event_id
            ORDER BY e.seq, p.property_index;
          DROP TABLE provisioning_modified_properties;
          ALTER TABLE provisioning_modified_properties_v11 RENAME TO provisioning_modified_properties;
          CREATE UNIQUE INDEX provisioning_modified_properties_key
            ON provisioning_modified_properties(event_seq, property_index);
          """)
    }
    m.registerMigration("v12 key SCIM patch operations and returned resources by their request's arrival number") {
      db in
      // As v11 did for provisioning events: a request's children named it by its key (37
      // characters), so a large log's ingest dropped their key indexes and sorted them again at
      // its end. They now name the request's arrival number (`seq`), which only grows, so their
      // keys are appended as they come, whatever the log's order.
      try db.execute(
        sql: """
          CREATE TABLE scim_requests_v12 (
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
          INSERT INTO scim_requests_v12 SELECT *, rowid FROM scim_requests ORDER BY rowid;
          DROP TABLE scim_requests;
          ALTER TABLE scim_requests_v12 RENAME TO scim_requests;
          CREATE INDEX scim_requests_time ON scim_requests(time);
          CREATE INDEX scim_requests_resource ON scim_requests(resource_id);
          CREATE INDEX scim_requests_filter_value ON scim_requests(filter_value);
          CREATE TABLE scim_patch_operations_v12 (
            request_seq INTEGER NOT NULL REFERENCES scim_requests(seq) ON DELETE CASCADE,
            op_index INTEGER NOT NULL,
            op TEXT NOT NULL,
            path TEXT,
            value TEXT,
            value_type TEXT
          );
          INSERT INTO scim_patch_operations_v12
            SELECT r.seq, o.op_index, o.op, o.path, o.value, o.value_type
            FROM scim_patch_operations o JOIN scim_requests r ON r.key = o.request_key ORDER BY r.seq, o.op_index;
          DROP TABLE scim_patch_operations;
          ALTER TABLE scim_patch_operations_v12 RENAME TO scim_patch_operations;
          CREATE UNIQUE INDEX scim_patch_operations_key ON scim_patch_operations(request_seq, op_index);
          CREATE TABLE scim_returned_resources_v12 (
            request_seq INTEGER NOT NULL REFERENCES scim_requests(seq) ON DELETE CASCADE,
            resource_index INTEGER NOT NULL,
            id TEXT,
            user_name TEXT,
            external_id TEXT,
            active TEXT
          );
          INSERT INTO scim_returned_resources_v12
            SELECT r.seq, x.resource_index, x.id, x.user_name, x.external_id, x.active
            FROM scim_returned_resources x JOIN scim_requests r ON r.key = x.request_key
            ORDER BY r.seq, x.resource_index;
          DROP TABLE scim_returned_resources;
          ALTER TABLE scim_returned_resources_v12 RENAME TO scim_returned_resources;
          CREATE UNIQUE INDEX scim_returned_resources_key ON scim_returned_resources(request_seq, resource_index);
          """)
    }
    return m
  }

  /// The v5 SCIM request key from a v4 one, in SQL: the time's digits, then the first 16 hex
  /// digits of the content digest, then any `#n` occurrence number (see `RecordSink`).
  static func scimKeySQL(_ time: String, _ key: String) -> String {
    let digits = [(1, 4), (6, 2), (9, 2), (12, 2), (15, 2), (18, 2), (21, 7)].map {
      "substr(\(time), \($0.0), \($0.1))"
    }
    return (digits + ["substr(\(key), 1, 16)", "substr(\(key), 33)"]).joined(separator: " || ")
  }

  /// The store format written by this version; a store with another value is refused.
  static let formatVersion = "1"
}

#!/usr/bin/env python3
"""Baseline (a): what a user would write instead of scimdiag: the Python standard library
(json + sqlite3) loading provisioning records into equivalent tables (events, steps, modified
properties). A top-level array is read with json.load (the standard library cannot stream
one); JSON lines are read line by line, and a Graph page (one object whose "value" holds the
records, on one line as Graph returns it or pretty-printed) is read whole; SCIM request logs are loaded into one table."""
import json, sqlite3, sys

kind, path, db = sys.argv[1], sys.argv[2], sys.argv[3]
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA synchronous=NORMAL")
if kind == "provisioning":
    con.executescript("""
      CREATE TABLE IF NOT EXISTS events(id TEXT PRIMARY KEY, time TEXT, job TEXT, cycle TEXT, change TEXT, action TEXT,
        status TEXT, error TEXT, source_id TEXT, source_name TEXT, target_id TEXT);
      CREATE TABLE IF NOT EXISTS steps(event_id TEXT, idx INTEGER, name TEXT, type TEXT, status TEXT, description TEXT, details TEXT,
        PRIMARY KEY(event_id, idx));
      CREATE TABLE IF NOT EXISTS props(event_id TEXT, idx INTEGER, name TEXT, old TEXT, new TEXT, PRIMARY KEY(event_id, idx));
    """)

    def records():
        with open(path, encoding="utf-8-sig") as f:
            first = f.read(1)
            while first.isspace():
                first = f.read(1)
            f.seek(0)
            if first == "[":
                yield from json.load(f)
            elif first == "{":
                def one(r):
                    if isinstance(r.get("value"), list):  # a Graph page: its records are in "value"
                        return r["value"]
                    return [r.get("properties", r) if isinstance(r.get("properties"), dict) else r]
                try:
                    head = json.loads(f.readline())
                except json.JSONDecodeError:  # one pretty-printed object: a Graph page as PowerShell writes it
                    f.seek(0)
                    yield from one(json.load(f))
                    return
                yield from one(head)
                for line in f:
                    if line.strip():
                        yield from one(json.loads(line))

    n = 0
    with con:
        for r in records():
            st = r.get("provisioningStatusInfo") or {}
            err = (st.get("errorInformation") or {}).get("errorCode")
            con.execute("INSERT OR IGNORE INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?)", (
                r.get("id"), r.get("activityDateTime"), r.get("jobId"), r.get("cycleId"), r.get("changeId"),
                r.get("provisioningAction") or r.get("action"), st.get("status") or st.get("Status"), err,
                (r.get("sourceIdentity") or {}).get("id"), (r.get("sourceIdentity") or {}).get("displayName"),
                (r.get("targetIdentity") or {}).get("id")))
            con.executemany("INSERT OR IGNORE INTO steps VALUES (?,?,?,?,?,?,?)", [
                (r.get("id"), i, s.get("name"), str(s.get("provisioningStepType")), str(s.get("status")), s.get("description"),
                 json.dumps(s.get("details"), sort_keys=True)) for i, s in enumerate(r.get("provisioningSteps") or [])])
            con.executemany("INSERT OR IGNORE INTO props VALUES (?,?,?,?,?)", [
                (r.get("id"), i, p.get("displayName"), p.get("oldValue"), p.get("newValue"))
                for i, p in enumerate(r.get("modifiedProperties") or [])])
            n += 1
    print(n)
else:
    con.execute("CREATE TABLE IF NOT EXISTS requests(time INTEGER, method TEXT, url TEXT, status INTEGER, req_body TEXT, res_body TEXT)")
    n = 0
    with con, open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            req, res = r.get("req") or {}, r.get("res") or {}
            con.execute("INSERT INTO requests VALUES (?,?,?,?,?,?)", (
                r.get("time"), req.get("method"), req.get("url"), res.get("statusCode"),
                json.dumps(req.get("body")) if "body" in req else None, json.dumps(res.get("body")) if "body" in res else None))
            n += 1
    print(n)

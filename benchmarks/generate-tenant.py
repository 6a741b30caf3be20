#!/usr/bin/env python3
"""Writes a synthetic tenant of a chosen size in the real export shapes, for benchmarks.

Deterministic for a given --seed. Every user is created in a cycle, then follows one of the
demo tenant's scenarios (delivered, unmanaged hard delete, active not mapped, …); cycles run
every 40 minutes with Entra's GUID probe. Shapes: provisioning logs as Graph pages, a portal
JSON array or diagnostic-settings lines (--provisioning-shape), audit logs as Graph pages,
the SCIM request log as JSON lines, in time order as a server appends them (the scenarios
are generated user by user, so the log's lines are held and sorted by time before writing).

  python3 benchmarks/generate-tenant.py --users 1000 --out /tmp/tenant-1k
  python3 benchmarks/generate-tenant.py --users 60000 --provisioning-shape portal --out /tmp/tenant-big
  python3 benchmarks/generate-tenant.py --scim-lines 1000000 --users 20000 --out /tmp/scim-1m
"""
import argparse, json, os, random, uuid

ap = argparse.ArgumentParser()
ap.add_argument("--users", type=int, default=1000)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--out", required=True)
ap.add_argument("--provisioning-shape", choices=["graph", "portal", "diagnostic"], default="graph")
ap.add_argument("--page-size", type=int, default=1000, help="records per Graph page file")
ap.add_argument("--scim-lines", type=int, default=0, help="pad the SCIM log with lookups up to this many lines")
args = ap.parse_args()
rnd = random.Random(args.seed)
os.makedirs(args.out, exist_ok=True)

TENANT = "6a3f2e1d-4c5b-4a69-8877-665544332211"
SP = "3c1b7e2a-9d4f-4e8a-b6c5-0f1e2d3c4b5a"
APP = "Contoso SCIM"
JOB = "scim.6a3f2e1d4c5b4a698877665544332211.0d9e8f7a"
BASE = 1772409600  # 2026-03-02T00:00:00Z
CYCLE = 2400

def gid(*p): return str(uuid.uuid5(uuid.NAMESPACE_URL, "scimdiag-bench/%d/" % args.seed + "/".join(map(str, p))))
def iso(t, frac=0):
    import datetime
    d = datetime.datetime.utcfromtimestamp(t)
    return d.strftime("%Y-%m-%dT%H:%M:%S") + ".%07dZ" % frac

SCENARIOS = ["delivered", "delivered", "delivered", "unmanaged", "within-cycle", "not-mapped", "not-found",
             "inactive", "string-false", "failed", "log-gap", "restored", "filter", "skip-oos", "staged", "hard-ok"]

class Out:
    def __init__(self):
        self.prov_n = 0
        self.page = []
        self.pages = 0
        self.portal = None
        self.diag = None
        self.audit_page = []
        self.audit_pages = 0
        self.scim_lines = []  # (time in ms, sequence, line): sorted by time when written
        self.scim_n = 0
        if args.provisioning_shape == "portal":
            self.portal = open(os.path.join(args.out, "provisioning-portal.json"), "w")
            self.portal.write("[")
        elif args.provisioning_shape == "diagnostic":
            self.diag = open(os.path.join(args.out, "provisioning-eventhub.jsonl"), "w")

    def prov(self, e):
        self.prov_n += 1
        if self.portal:
            if self.prov_n > 1: self.portal.write(",")
            self.portal.write(json.dumps(e, separators=(",", ":")))
        elif self.diag:
            rec = {"time": e["activityDateTime"], "category": "ProvisioningLogs", "operationName": "Provisioning activity", "tenantId": TENANT,
                   "resultType": e["provisioningStatusInfo"]["status"].capitalize(), "durationMs": str(e["durationInMilliseconds"]),
                   "correlationId": e["changeId"], "identity": e["id"], "Level": 4, "properties": e}
            self.diag.write(json.dumps(rec, separators=(",", ":")) + "\n")
        else:
            self.page.append(e)
            if len(self.page) >= args.page_size: self.flush_page()

    def flush_page(self):
        if not self.page: return
        self.pages += 1
        with open(os.path.join(args.out, "provisioning-page-%05d.json" % self.pages), "w") as f:
            json.dump({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/provisioning", "value": self.page,
                       "@odata.nextLink": "https://graph.microsoft.com/v1.0/auditLogs/provisioning?$skiptoken=%d" % self.pages}, f)
        self.page = []

    def audit(self, e):
        self.audit_n = getattr(self, "audit_n", 0) + 1
        self.audit_page.append(e)
        if len(self.audit_page) >= 5000: self.flush_audit()

    def flush_audit(self):
        if not self.audit_page: return
        self.audit_pages += 1
        with open(os.path.join(args.out, "audit-page-%04d.json" % self.audit_pages), "w") as f:
            json.dump({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits", "value": self.audit_page}, f)
        self.audit_page = []

    def request(self, t, method, path, status, req=None, res=None):
        self.scim_n += 1
        line = {"time": int(t * 1000), "level": 30, "req": {"method": method, "url": path,
                "headers": {"user-agent": "Microsoft.Identity.Provisioning", "authorization": "Bearer redacted-in-bench"}},
                "res": {"statusCode": status}, "responseTime": rnd.randint(3, 40)}
        if req is not None: line["req"]["body"] = req
        if res is not None: line["res"]["body"] = res
        self.scim_lines.append((line["time"], self.scim_n, json.dumps(line, separators=(",", ":")) + "\n"))

    def close(self):
        self.flush_page()
        self.flush_audit()
        if self.portal: self.portal.write("]"); self.portal.close()
        if self.diag: self.diag.close()
        self.scim_lines.sort()
        with open(os.path.join(args.out, "scim-requests.jsonl"), "w") as f:
            f.writelines(line for _, _, line in self.scim_lines)

out = Out()

def prov_event(u, t, action, status, reason=None, target=True):
    n = out.prov_n
    steps = [{"name": "EntryImport", "provisioningStepType": "import", "status": "success",
              "description": "Retrieved User '%s' from Azure Active Directory" % u["upn"],
              "details": {"objectId": u["oid"], "accountEnabled": "True", "displayName": u["name"], "mailNickname": u["nick"],
                          "userPrincipalName": u["upn"], "IsSoftDeleted": "True" if action in ("disable", "delete") else "False", "appRoleAssignments": "User"}},
             {"name": "EntrySynchronizationScoping", "provisioningStepType": "scoping", "status": "success",
              "description": "Determine if User in scope by evaluating against each scoping filter",
              "details": {"Active in the source system": "True", "Assigned to the application": "True", "User has the required role": "True",
                          "Scoping filter evaluation passed": "True", "ScopeEvaluationResult": "{}"}}]
    if target:
        steps.append({"name": "EntryImportByMatchingProperty", "provisioningStepType": "matching", "status": "success",
                      "description": "Retrieved '%s' from %s" % (u["upn"], APP), "details": {"id": u["scim"], "userName": u["upn"], "active": "True"}})
    if status == "skipped":
        steps.append({"name": "EntrySynchronizationSkip", "provisioningStepType": "processing", "status": "skipped",
                      "description": "The state of the user in both the source and target systems already match.", "details": {"SkipReason": reason, "ReportableIdentifier": u["upn"]}})
    else:
        steps.append({"name": "EntryExport", "provisioningStepType": "export", "status": status,
                      "description": "User '%s' was exported to %s" % (u["upn"], APP), "details": {"ReportableIdentifier": u["upn"]}})
    out.prov({"id": gid("p", n), "activityDateTime": iso(t), "tenantId": TENANT, "jobId": JOB, "cycleId": gid("c", int((t - BASE) // CYCLE)),
              "changeId": gid("ch", n), "provisioningAction": action, "durationInMilliseconds": rnd.randint(100, 3000),
              "servicePrincipal": {"id": SP, "displayName": APP},
              "sourceSystem": {"id": gid("s"), "displayName": "Azure Active Directory", "details": {}},
              "targetSystem": {"id": gid("t"), "displayName": APP, "details": {"ApplicationId": gid("a"), "ServicePrincipalId": SP, "ServicePrincipalDisplayName": APP}},
              "initiatedBy": {"id": "", "displayName": "Azure AD Provisioning Service", "initiatorType": "system"},
              "sourceIdentity": {"id": u["oid"], "displayName": u["name"], "identityType": "User", "details": {}},
              "targetIdentity": {"id": u["scim"] if target else "", "displayName": "", "identityType": "urn:ietf:params:scim:schemas:core:2.0:User", "details": {}},
              "provisioningStatusInfo": {"status": status, "errorInformation": {"errorCode": reason, "reason": "HTTP 500", "errorCategory": "nonServiceFailure"} if status == "failure" else None},
              "provisioningSteps": steps,
              "modifiedProperties": [{"displayName": "active", "oldValue": "True", "newValue": "False"}] if action == "disable" else []})

def audit_event(u, t, activity):
    n = getattr(out, "audit_n", 0)
    target = {"id": u["oid"], "displayName": None, "type": "User", "userPrincipalName": u["upn"], "modifiedProperties": []}
    if activity == "Delete user": target["userPrincipalName"] = u["oid"].replace("-", "") + u["upn"]
    if activity.startswith("Remove app role"):
        target = {"id": SP, "displayName": APP, "type": "ServicePrincipal", "modifiedProperties": [
            {"displayName": "User.ObjectID", "oldValue": "\"%s\"" % u["oid"], "newValue": None},
            {"displayName": "User.UPN", "oldValue": "\"%s\"" % u["upn"], "newValue": None}]}
    out.audit({"id": "Directory_%s_B3NCH_%d" % (gid("a", n), n), "category": "UserManagement", "correlationId": gid("corr", n), "result": "success",
               "activityDisplayName": activity, "activityDateTime": iso(t), "loggedByService": "Core Directory", "operationType": "Delete",
               "initiatedBy": {"user": {"id": gid("admin"), "userPrincipalName": "it.admin@contoso.com"}}, "targetResources": [target], "additionalDetails": []})

def lookup(u, t, results):
    out.request(t, "GET", "/scim/v2/Users?filter=userName+eq+%22" + u["upn"].replace("@", "%40") + "%22", 200,
                res={"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": len(results), "Resources": results})

def res(u, active=True): return {"id": u["scim"], "userName": u["upn"], "externalId": u["nick"], "active": active}
def patch(u, t, value, status=204):
    out.request(t, "PATCH", "/scim/v2/Users/" + u["scim"], status,
                req={"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "Replace", "path": "active", "value": value}]})

days = max(1, args.users // 2000)
span_cycles = days * 36
for c in range(span_cycles):
    out.request(BASE + c * CYCLE + 5, "GET", "/scim/v2/Users?filter=userName+eq+%22" + gid("probe", c) + "%22", 200,
                res={"totalResults": 0, "Resources": []})
for i in range(args.users):
    nick = "user%06d" % i
    u = {"nick": nick, "upn": nick + "@contoso.com", "oid": gid("u", i), "scim": gid("s", i).replace("-", "")[:20], "name": "User %d" % i}
    c0 = rnd.randrange(0, span_cycles - 8)
    t = BASE + c0 * CYCLE + 60 + rnd.randint(0, 600)
    lookup(u, t, [])
    out.request(t + 1, "POST", "/scim/v2/Users", 201, req={"userName": u["upn"], "externalId": nick, "active": True}, res=res(u))
    prov_event(u, t + 1, "create", "success")
    kind = SCENARIOS[rnd.randrange(len(SCENARIOS))]
    trig = BASE + (c0 + 2) * CYCLE + rnd.randint(60, 1500)
    nxt = BASE + (c0 + 3) * CYCLE + rnd.randint(60, 300)
    if kind == "unmanaged":
        audit_event(u, trig, "Remove app role assignment from user"); prov_event(u, nxt, "disable", "success"); patch(u, nxt, False)
        audit_event(u, nxt + 3 * CYCLE, "Delete user"); audit_event(u, nxt + 6 * CYCLE, "Hard Delete user")
    elif kind == "within-cycle":
        audit_event(u, trig, "Delete user"); audit_event(u, trig + 1, "Hard Delete user")
    elif kind == "not-mapped":
        audit_event(u, trig, "Delete user"); lookup(u, nxt, [res(u, True)]); prov_event(u, nxt, "other", "skipped", "RedundantExport")
    elif kind == "not-found":
        audit_event(u, trig, "Delete user"); lookup(u, nxt, [])
    elif kind == "inactive":
        audit_event(u, trig, "Disable account"); lookup(u, nxt, [res(u, False)]); prov_event(u, nxt, "other", "skipped", "RedundantExport")
    elif kind == "string-false":
        audit_event(u, trig, "Delete user"); prov_event(u, nxt, "disable", "success"); patch(u, nxt, "False")
        out.request(nxt + CYCLE, "GET", "/scim/v2/Users/" + u["scim"], 200, res=res(u, True))
    elif kind == "failed":
        audit_event(u, trig, "Delete user"); patch(u, nxt, False, 500); prov_event(u, nxt, "disable", "failure", "SystemForCrossDomainIdentityManagementBadResponse")
    elif kind == "log-gap":
        audit_event(u, trig, "Delete user"); prov_event(u, nxt, "disable", "success")
    elif kind == "restored":
        audit_event(u, trig, "Delete user"); audit_event(u, trig + 2, "Restore user")
    elif kind == "filter":
        audit_event(u, trig, "Delete user"); lookup(u, nxt, [{"id": "x%d" % k, "userName": "other%d@contoso.com" % k, "active": True} for k in range(3)])
    elif kind == "skip-oos":
        audit_event(u, trig, "Remove app role assignment from user"); prov_event(u, nxt, "other", "skipped", "NotEffectivelyEntitled")
    elif kind == "staged":
        audit_event(u, trig, "Delete user"); prov_event(u, nxt, "stagedDelete", "skipped")
    elif kind == "hard-ok":
        audit_event(u, trig, "Delete user"); prov_event(u, nxt, "disable", "success"); patch(u, nxt, False)
        audit_event(u, nxt + 60, "Hard Delete user"); prov_event(u, nxt + CYCLE, "delete", "success")
        out.request(nxt + CYCLE, "DELETE", "/scim/v2/Users/" + u["scim"], 204)
    else:
        audit_event(u, trig, "Delete user"); prov_event(u, nxt, "disable", "success"); patch(u, nxt, False)
# Pad the SCIM log with the lookups a busy endpoint also serves.
i = 0
while out.scim_n < args.scim_lines:
    k = rnd.randrange(args.users)
    nick = "user%06d" % k
    u = {"nick": nick, "upn": nick + "@contoso.com", "scim": gid("s", k).replace("-", "")[:20]}
    out.request(BASE + rnd.randrange(span_cycles * CYCLE), "GET", "/scim/v2/Users/" + u["scim"], 200, res=res(u, True))
    i += 1
out.close()
print(json.dumps({"users": args.users, "provisioning_records": out.prov_n, "scim_lines": out.scim_n,
                  "audit_records": getattr(out, "audit_n", 0)}))

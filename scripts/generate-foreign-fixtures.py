#!/usr/bin/env python3
"""Writes Tests/ScimDiagCoreTests/Fixtures/foreign/: a tenant exported unlike samples/.

Shapes: the provisioning log as a portal JSON array, newest record first; the audit log as a
Log Analytics portal CSV (US-locale times with milliseconds, `(blank)` cells, extra columns);
the app's requests as an nginx combined log with no bodies, in local time (+01:00) from a
clock 90 seconds fast. Every user was created before the logs begin (no create in them).
Each user is one scenario; `foreign-expected.tsv` beside it lists the verdict Entra's documented behaviour gives.
Deterministic: run from the repository root to rewrite the files.
"""
import csv, io, json, os, uuid, datetime

OUT = "Tests/ScimDiagCoreTests/Fixtures/foreign"
SP = "7d2c9e10-1b2a-4c3d-8e9f-0a1b2c3d4e5f"
APP = "Fabrikam Wiki"
JOB = "scim.fabrikam.0001"
# A second app in the same tenant's exports, with no SCIM log of its own here.
HR_SP, HR_APP, HR_JOB = "4b5a6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d", "Fabrikam HR", "scim.fabrikam.0002"
BASE = datetime.datetime(2026, 6, 15, tzinfo=datetime.timezone.utc)
SKEW = datetime.timedelta(seconds=90)   # the app's clock is fast
LOCAL = datetime.timezone(datetime.timedelta(hours=1))

def gid(*p): return str(uuid.uuid5(uuid.NAMESPACE_URL, "scimdiag-foreign/" + "/".join(p)))
def at(hm, s=0): h, m = map(int, hm.split(":")); return BASE + datetime.timedelta(hours=h, minutes=m, seconds=s)
def iso(t): return t.strftime("%Y-%m-%dT%H:%M:%S.0000000Z")

class U:
    def __init__(self, nick):
        self.nick, self.upn, self.oid = nick, nick + "@fabrikam.com", gid("user", nick)
        self.scim = gid("scim", nick).replace("-", "")[:24]

prov, audit, nginx, expected = [], [], [], []

def p(u, t, action, status, reason=None, target_active=None, soft=True, app=(SP, APP, JOB)):
    steps = [{"name": "EntryImport", "provisioningStepType": "import", "status": "success",
              "description": "Retrieved User '%s' from Azure Active Directory" % u.upn,
              "details": {"objectId": u.oid, "userPrincipalName": u.upn, "IsSoftDeleted": "True" if soft else "False",
                          "accountEnabled": "True"}}]
    if target_active is not None:
        steps.append({"name": "EntryImportByMatchingProperty", "provisioningStepType": "matching", "status": "success",
                      "description": "Retrieved '%s' from %s" % (u.upn, APP),
                      "details": {"id": u.scim, "userName": u.upn, "active": "True" if target_active else "False"}})
    if status == "skipped":
        steps.append({"name": "EntrySynchronizationSkip", "provisioningStepType": "processing", "status": "skipped",
                      "description": "Skipped", "details": {"SkipReason": reason, "ReportableIdentifier": u.upn}})
    else:
        steps.append({"name": "EntryExportUpdateSoftDelete" if action == "disable" else "EntryExportUpdate",
                      "provisioningStepType": "export", "status": status, "description": "Export", "details": {}})
    e = {"id": gid("prov", app[0], u.nick, iso(t)), "activityDateTime": iso(t), "tenantId": gid("tenant"), "jobId": app[2],
         "cycleId": gid("cycle", app[0], t.strftime("%H") + str(t.minute // 40)), "changeId": gid("change", u.nick, iso(t)),
         "provisioningAction": action, "servicePrincipal": {"id": app[0], "displayName": app[1]},
         "sourceIdentity": {"id": u.oid, "displayName": u.nick, "identityType": "User", "details": {}},
         "targetIdentity": {"id": u.scim, "displayName": u.upn, "identityType": "urn:ietf:params:scim:schemas:core:2.0:User", "details": {}},
         "provisioningStatusInfo": {"status": status, "errorInformation": {"errorCode": reason, "reason": "failed"} if status == "failure" else None},
         "provisioningSteps": steps, "modifiedProperties": []}
    prov.append(e)

def a(u, t, activity, props=None, sp=False, app=(SP, APP)):
    target = {"id": u.oid, "displayName": None, "type": "User", "userPrincipalName": u.upn, "modifiedProperties": props or []}
    targets = [target]
    if sp:
        targets = [{"id": app[0], "displayName": app[1], "type": "ServicePrincipal", "modifiedProperties": [
            {"displayName": "User.ObjectID", "oldValue": json.dumps(u.oid), "newValue": None},
            {"displayName": "User.UPN", "oldValue": json.dumps(u.upn), "newValue": None}]}]
    audit.append((t, gid("audit", u.nick, activity, iso(t)), activity, targets))

def n(t, method, path, status):
    local = (t + SKEW).astimezone(LOCAL)
    nginx.append((t, '40.126.1.%d - - [%s] "%s %s HTTP/1.1" %d %d "-" "Microsoft.Identity.Provisioning"' % (
        len(nginx) % 200 + 1, local.strftime("%d/%b/%Y:%H:%M:%S %z"), method, path, status, 0 if status == 204 else 431)))

def lookup(u, t): n(t, "GET", "/scim/v2/Users?filter=userName+eq+%%22%s%%22" % u.upn.replace("@", "%40"), 200)

# Cycles every 40 minutes with Entra's GUID probe.
for c in ["08:00", "08:40", "09:20", "10:00", "10:40", "11:20", "12:00", "12:40", "13:20", "14:00"]:
    n(at(c, 2), "GET", "/scim/v2/Users?filter=userName+eq+%%22%s%%22" % gid("probe", c), 200)

u = U("amber")   # soft delete, disabled; the log has the PATCH without its body
a(u, at("09:01", 7), "Delete user")
p(u, at("09:21", 30), "disable", "success", target_active=True)
n(at("09:21", 29), "PATCH", "/scim/v2/Users/" + u.scim, 204)
expected.append((u.upn, "soft-delete", "none", "delivered", APP))
# amber is in the HR app too, whose job failed to disable her: HR's own finding, not evidence
# for the wiki's.
p(u, at("09:22", 40), "disable", "failure", "SystemForCrossDomainIdentityManagementBadResponse", target_active=True,
  app=(HR_SP, HR_APP, HR_JOB))
expected.append((u.upn, "soft-delete", "request-failed", "failed", HR_APP))

u = U("basil")   # unassigned; the app fails the PATCH
a(u, at("09:10", 0), "Remove app role assignment from user", sp=True)
n(at("09:21", 40), "PATCH", "/scim/v2/Users/" + u.scim, 500)
p(u, at("09:21", 41), "disable", "failure", "SystemForCrossDomainIdentityManagementBadResponse", target_active=True)
expected.append((u.upn, "unassign", "request-failed", "failed", APP))

u = U("cedar")   # sign-in blocked: two audit events, one change; disabled
a(u, at("09:30", 0), "Update user", props=[{"displayName": "AccountEnabled", "oldValue": "[true]", "newValue": "[false]"}])
a(u, at("09:30", 0), "Disable account")
p(u, at("10:01", 10), "disable", "success", target_active=True, soft=False)
n(at("10:01", 9), "PATCH", "/scim/v2/Users/" + u.scim, 204)
expected.append((u.upn, "disable", "none", "delivered", APP))

u = U("delta")   # deleted; Entra reads the app's user active and computes no change
a(u, at("10:05", 0), "Delete user")
lookup(u, at("10:41", 0))
p(u, at("10:41", 1), "other", "skipped", "RedundantExport", target_active=True)
expected.append((u.upn, "soft-delete", "active-not-mapped", "get-only", APP))

u = U("ember")   # deleted; the app already had the user inactive
a(u, at("10:06", 0), "Delete user")
lookup(u, at("10:41", 5))
p(u, at("10:41", 6), "other", "skipped", "RedundantExport", target_active=False)
expected.append((u.upn, "soft-delete", "target-already-inactive", "get-only", APP))

u = U("fjord")   # deleted, disabled, but the next cycle still reads the user active
a(u, at("11:00", 0), "Delete user")
p(u, at("11:21", 20), "disable", "success", target_active=True)
n(at("11:21", 19), "PATCH", "/scim/v2/Users/" + u.scim, 204)
p(u, at("12:01", 20), "update", "success", target_active=True)
n(at("12:01", 19), "PATCH", "/scim/v2/Users/" + u.scim, 204)
expected.append((u.upn, "soft-delete", "patch-not-applied", "failed", APP))

u = U("grove")   # deleted minutes before the logs end: the next cycle had not run
a(u, at("14:05", 0), "Delete user")
# No record of grove in either app: which apps the delete concerns is unknown ("-").
expected.append((u.upn, "soft-delete", "cycle-pending", "pending", "-"))

u = U("hazel")   # in both apps; unassigned from HR only: no finding for the wiki
p(u, at("08:01", 0), "update", "success", target_active=True, soft=False)
p(u, at("08:01", 30), "update", "success", target_active=True, soft=False, app=(HR_SP, HR_APP, HR_JOB))
a(u, at("11:05", 0), "Remove app role assignment from user", sp=True, app=(HR_SP, HR_APP))
p(u, at("11:21", 45), "disable", "success", target_active=True, app=(HR_SP, HR_APP, HR_JOB))
expected.append((u.upn, "unassign", "none", "delivered", HR_APP))

# An unrelated change closes the audit log at 14:10.
a(U("zed"), at("14:10", 0), "Update user", props=[{"displayName": "JobTitle", "oldValue": "[]", "newValue": "[\"x\"]"}])

os.makedirs(OUT, exist_ok=True)
prov.sort(key=lambda e: e["activityDateTime"], reverse=True)   # the portal lists newest first
with open(os.path.join(OUT, "ProvisioningLogs-newest-first.json"), "w") as f: json.dump(prov, f, indent=2)
out = io.StringIO()
w = csv.writer(out, lineterminator="\r\n")
w.writerow(["TimeGenerated [UTC]", "Id", "OperationName", "Category", "AADOperationType", "Result", "ResultReason",
            "LoggedByService", "CorrelationId", "InitiatedBy", "TargetResources", "AdditionalDetails", "TenantId", "Type"])
for i, (t, id_, act, targets) in enumerate(sorted(audit, key=lambda x: (x[0], x[2]))):
    us = t.strftime("%-m/%-d/%Y, %-I:%M:%S") + ".%03d " % (i * 7 % 1000) + t.strftime("%p")
    w.writerow([us, id_, act, "UserManagement", "Update", "success", "(blank)", "Core Directory", gid("corr", id_),
                json.dumps({"user": {"id": gid("admin"), "userPrincipalName": "admin@fabrikam.com"}}),
                json.dumps(targets), "(blank)", gid("tenant"), "AuditLogs"])
with open(os.path.join(OUT, "AuditLogs.csv"), "w", newline="") as f: f.write(out.getvalue())
with open(os.path.join(OUT, "access.log"), "w") as f:
    f.write("\n".join(line for _, line in sorted(nginx)) + "\n")
with open(OUT + "-expected.tsv", "w") as f:
    f.write("user\ttrigger\tcause\toutcome\tapp\n")
    for row in expected: f.write("\t".join(row) + "\n")
print("wrote", len(prov), "provisioning events,", len(audit), "audit events,", len(nginx), "requests")

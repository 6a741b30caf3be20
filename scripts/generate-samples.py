#!/usr/bin/env python3
"""Writes the demo tenant in samples/: Contoso's "Contoso SCIM" app on 2026-03-02.

Deterministic (no randomness, no clock): run `python3 scripts/generate-samples.py` from the
repository root to rewrite the files. Each user is a scenario; docs/samples.md lists them.
"""
import csv, io, json, os, uuid

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "samples")
TENANT = "6a3f2e1d-4c5b-4a69-8877-665544332211"
SP = "3c1b7e2a-9d4f-4e8a-b6c5-0f1e2d3c4b5a"
APP = "Contoso SCIM"
JOB = "scim.6a3f2e1d4c5b4a698877665544332211.0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a"
# A second app in the same tenant, Contoso HR: its own job and cycles (10 minutes later), no
# SCIM log here. Its events are in the same exports, as they are in a real tenant's.
HR = ("5d2e8f3a-1c4b-4d6e-9f0a-7b8c9d0e1f2a", "Contoso HR", "scim.6a3f2e1d4c5b4a698877665544332211.4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8")
MAIN = (SP, APP, JOB)
DAY = "2026-03-02"
ADMIN = {"id": "ad000000-0000-4000-8000-00000000ad01", "displayName": None, "userPrincipalName": "it.admin@contoso.com", "ipAddress": "203.0.113.7"}
TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiI4YWRmOGU2ZSIsInNhbXBsZSI6InNlY3JldCJ9.c2FtcGxlLXNpZ25hdHVyZQ"

def gid(*parts):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "scimdiag-demo/" + "/".join(parts)))

def t(hm, sec=0, frac="0000000"):
    h, m = hm.split(":")
    total = int(h) * 3600 + int(m) * 60 + sec
    return "%sT%02d:%02d:%02d.%sZ" % (DAY, total // 3600, total // 60 % 60, total % 60, frac)

class User:
    def __init__(self, nick, name):
        self.nick, self.name = nick, name
        self.upn = nick + "@contoso.com"
        self.oid = gid("user", nick)
        self.scim = gid("scim", nick).replace("-", "")[:20]
        # The user's `active` in the app, as Entra's matching step reads it in a later cycle.
        self.app_active = True
        self.hr_active = True

USERS = {n: User(n, d) for n, d in [
    ("alice", "Alice Andersen"), ("bob", "Bob Baker"), ("carol", "Carol Chen"), ("dave", "Dave Dubois"),
    ("erin", "Erin Evans"), ("frank", "Frank Fischer"), ("grace", "Grace Gomez"), ("heidi", "Heidi Hansen"),
    ("ivan", "Ivan Ivanov"), ("judy", "Judy Jones"), ("mallory", "Mallory Moore"), ("niaj", "Niaj Nakamura"),
    ("oscar", "Oscar Olsen"), ("peggy", "Peggy Park"), ("trent", "Trent Turner"), ("victor", "Victor Vega"),
    ("wendy", "Wendy Wu"), ("xavier", "Xavier Xu"), ("yvonne", "Yvonne Yates")]}

prov, audit, scim = [], [], []
CYCLES = ["08:00", "08:40", "09:20", "10:00", "10:40", "11:20", "12:00", "12:40", "13:20", "14:00", "14:40", "15:20"]

def cycle_of(time, app=None):
    offset = 10 if app == HR[0] else 0
    best = None
    for c in CYCLES:
        if t(c) <= time: best = c
    if app == HR[0]:
        return gid("cycle", "hr", best or CYCLES[0])
    return gid("cycle", best or CYCLES[0])

# ---------------------------------------------------------------- provisioning events
def p(u, time, action, status, reason=None, target=True, steps=None, props=None, app=MAIN):
    SP, APP, JOB = app
    # Each app keeps its own id for the user, and its own view of the user's state.
    tid = u.scim if app == MAIN else "hr-" + u.nick
    active = u.app_active if app == MAIN else u.hr_active
    n = len(prov)
    e = {"id": gid("prov", str(n)), "activityDateTime": time, "tenantId": TENANT, "jobId": JOB,
         "cycleId": cycle_of(time, SP), "changeId": gid("change", str(n)), "provisioningAction": action,
         "durationInMilliseconds": 180 + n * 7 % 900,
         "servicePrincipal": {"id": SP, "displayName": APP},
         "sourceSystem": {"id": gid("sys", "aad"), "displayName": "Azure Active Directory", "details": {}},
         "targetSystem": {"id": gid("sys", "app"), "displayName": APP, "details": {"ApplicationId": gid("appid"), "ServicePrincipalId": SP, "ServicePrincipalDisplayName": APP}},
         "initiatedBy": {"id": "", "displayName": "Azure AD Provisioning Service", "initiatorType": "system"},
         "sourceIdentity": {"id": u.oid, "displayName": u.name, "identityType": "User", "details": {}},
         "targetIdentity": {"id": tid if target else "", "displayName": u.upn if target else "", "identityType": "urn:ietf:params:scim:schemas:core:2.0:User", "details": {}},
         "provisioningStatusInfo": {"status": status, "errorInformation": None},
         "provisioningSteps": [], "modifiedProperties": []}
    imp = {"objectId": u.oid, "accountEnabled": "True", "displayName": u.name, "mailNickname": u.nick,
           "userPrincipalName": u.upn, "IsSoftDeleted": "True" if action in ("disable", "delete") else "False", "appRoleAssignments": "User"}
    st = [{"name": "EntryImport", "provisioningStepType": "import", "status": "success",
           "description": "Retrieved User '%s' from Azure Active Directory" % u.upn, "details": imp}]
    if target:
        st.append({"name": "EntryImportByMatchingProperty", "provisioningStepType": "matching", "status": "success",
                   "description": "Retrieved '%s' from %s" % (u.upn, APP), "details": {"id": tid, "userName": u.upn, "active": "True" if active else "False"}})
    st.append({"name": "EntrySynchronizationScoping", "provisioningStepType": "scoping", "status": "success",
               "description": "Determine if User in scope by evaluating against each scoping filter",
               "details": {"Active in the source system": "True", "Assigned to the application": "False" if reason == "NotEffectivelyEntitled" else "True",
                           "User has the required role": "True", "Scoping filter evaluation passed": "True", "ScopeEvaluationResult": "{}"}})
    if status == "skipped":
        desc = {"RedundantExport": "The state of the user in both the source and target systems already match. No change to the User '%s' currently needs to be made." % u.upn,
                "NotEffectivelyEntitled": "The user '%s' was skipped for the following reasons: This object is not assigned to the application." % u.upn,
                "AttributeValidationFailed": "urn:ietf:params:scim:schemas:core:2.0:User '%s' will be skipped because the value of the property emails[type eq \"work\"].value is missing or invalid." % u.upn}.get(reason, "Skipped")
        det = {"SkipReason": reason, "ReportableIdentifier": u.upn}
        if reason == "AttributeValidationFailed": det["PropertyName"] = "emails[type eq \"work\"].value"
        st.append({"name": "EntrySynchronizationSkip", "provisioningStepType": "processing", "status": "skipped", "description": desc, "details": det})
    else:
        name = {"create": "EntryExportAdd", "disable": "EntryExportUpdateSoftDelete", "delete": "EntryExportDelete", "update": "EntryExportUpdate"}.get(action, "EntryExport")
        verb = {"create": "created in", "disable": "disabled in", "delete": "deleted from", "update": "updated in"}.get(action, "exported to")
        st.append({"name": name, "provisioningStepType": "export", "status": status,
                   "description": ("User '%s' was %s %s" % (u.upn, verb, APP)) if status == "success" else "Failed to update User '%s' in %s" % (u.upn, APP),
                   "details": {"ReportableIdentifier": u.upn}})
    if status == "failure":
        e["provisioningStatusInfo"]["errorInformation"] = {"errorCode": reason, "reason": "Message: %s returned an error response with the HTTP status code %s." % (APP, "500" if "BadResponse" in reason else "200"),
                                                          "additionalDetails": None, "errorCategory": "nonServiceFailure", "recommendedAction": None}
    e["provisioningSteps"] = steps or st
    if action == "create" and status == "success":
        e["modifiedProperties"] = [{"displayName": k, "oldValue": None, "newValue": v} for k, v in
                                   [("userName", u.upn), ("externalId", u.nick), ("active", "True"), ("displayName", u.name)]]
    if action == "disable":
        e["modifiedProperties"] = [{"displayName": "active", "oldValue": "True", "newValue": "False"}]
    prov.append(e)

def group_update(time):
    n = len(prov)
    prov.append({"id": gid("prov", str(n)), "activityDateTime": time, "tenantId": TENANT, "jobId": JOB, "cycleId": cycle_of(time),
                 "changeId": gid("change", str(n)), "provisioningAction": "other", "durationInMilliseconds": 95,
                 "servicePrincipal": {"id": SP, "displayName": APP},
                 "sourceSystem": {"id": gid("sys", "aad"), "displayName": "Azure Active Directory", "details": {}},
                 "targetSystem": {"id": gid("sys", "app"), "displayName": APP, "details": {"ServicePrincipalId": SP}},
                 "initiatedBy": {"id": "", "displayName": "Azure AD Provisioning Service", "initiatorType": "system"},
                 "sourceIdentity": {"id": gid("group", "app-users"), "displayName": "Contoso SCIM users", "identityType": "Group", "details": {}},
                 "targetIdentity": {"id": "grp-app-users", "displayName": "Contoso SCIM users", "identityType": "urn:ietf:params:scim:schemas:core:2.0:Group", "details": {}},
                 "provisioningStatusInfo": {"status": "skipped", "errorInformation": None},
                 "provisioningSteps": [{"name": "EntrySynchronizationSkip", "provisioningStepType": "processing", "status": "skipped",
                                        "description": "The state of the group in both the source and target systems already match.", "details": {"SkipReason": "RedundantExport"}}],
                 "modifiedProperties": []})

# ---------------------------------------------------------------- audit events
def a(u, time, activity, extra=None, app=MAIN, group=("app-users", "Contoso SCIM users")):
    SP, APP, _ = app
    gkey, gname = group
    n = len(audit)
    target = {"id": u.oid, "displayName": None, "type": "User", "userPrincipalName": u.upn, "groupType": None, "modifiedProperties": []}
    category, optype = "UserManagement", "Update"
    if activity == "Delete user":
        target["userPrincipalName"] = u.oid.replace("-", "") + u.upn
        target["modifiedProperties"] = [{"displayName": "Included Updated Properties", "oldValue": None, "newValue": "\"\""}]
        optype = "Delete"
    elif activity == "Hard Delete user":
        optype = "Delete"
    elif activity == "Restore user":
        optype = "Restore"
    elif activity == "Update user":
        target["modifiedProperties"] = [{"displayName": "AccountEnabled", "oldValue": "[true]", "newValue": "[false]"},
                                        {"displayName": "Included Updated Properties", "oldValue": None, "newValue": "\"AccountEnabled\""}]
    elif activity in ("Add app role assignment grant to user", "Remove app role assignment from user"):
        remove = activity.startswith("Remove")
        def v(x): return ("\"%s\"" % x)
        props = [("AppRole.Id", "00000000-0000-0000-0000-000000000000"), ("AppRole.Value", ""), ("User.ObjectID", u.oid), ("User.UPN", u.upn)]
        target = {"id": SP, "displayName": APP, "type": "ServicePrincipal", "userPrincipalName": None, "groupType": None,
                  "modifiedProperties": [{"displayName": k, "oldValue": v(x) if remove else None, "newValue": None if remove else v(x)} for k, x in props]}
        optype = "Unassign" if remove else "Assign"
    elif activity == "Remove member from group":
        category = "GroupManagement"
        target["modifiedProperties"] = [{"displayName": "Group.ObjectID", "oldValue": "\"%s\"" % gid("group", gkey), "newValue": None},
                                        {"displayName": "Group.DisplayName", "oldValue": "\"%s\"" % gname, "newValue": None}]
        optype = "Delete"
    targets = [target]
    if activity == "Remove member from group":
        targets.append({"id": gid("group", gkey), "displayName": gname, "type": "Group", "userPrincipalName": None, "groupType": "azureAD", "modifiedProperties": []})
    if activity == "Add app role assignment to group":
        # The app's service principal and the group it is assigned to.
        category, optype = "ApplicationManagement", "Assign"
        targets = [{"id": SP, "displayName": APP, "type": "ServicePrincipal", "userPrincipalName": None, "groupType": None, "modifiedProperties": []},
                   {"id": gid("group", gkey), "displayName": gname, "type": "Group", "userPrincipalName": None, "groupType": "azureAD", "modifiedProperties": []}]
    audit.append({"id": "Directory_%s_%s_%d" % (gid("corr", str(n)), "X2Q9A", 40000000 + n), "category": category,
                  "correlationId": gid("corr", str(n)), "result": "success", "resultReason": "", "activityDisplayName": activity,
                  "activityDateTime": time, "loggedByService": "Core Directory", "operationType": optype,
                  "initiatedBy": {"app": None, "user": ADMIN}, "targetResources": targets,
                  "additionalDetails": [{"key": "UserType", "value": "Member"}]})

# ---------------------------------------------------------------- SCIM request log
def s(time_iso, method, path, status, req=None, res=None, ms=12):
    from datetime import datetime, timezone
    dt = datetime.strptime(time_iso[:26], "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=timezone.utc)
    epoch_ms = int(dt.timestamp() * 1000)
    line = {"level": 30, "time": epoch_ms, "pid": 4242, "hostname": "scim-app-1",
            "req": {"id": len(scim) + 1, "method": method, "url": path,
                    "headers": {"host": "scim.contoso-app.example", "user-agent": "Microsoft.Identity.Provisioning",
                                "authorization": "Bearer " + TOKEN, "content-type": "application/scim+json"}},
            "res": {"statusCode": status}, "responseTime": ms, "msg": "request completed"}
    if req is not None: line["req"]["body"] = req
    if res is not None: line["res"]["body"] = res
    scim.append(line)

def user_res(u, active=True):
    return {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": u.scim, "externalId": u.nick, "userName": u.upn,
            "name": {"formatted": u.name}, "active": active, "meta": {"resourceType": "User"}}

def lookup(u, time, results):
    q = "/scim/v2/Users?filter=userName+eq+%22" + u.upn.replace("@", "%40") + "%22"
    s(time, "GET", q, 200, res={"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": len(results),
                                "Resources": results, "startIndex": 1, "itemsPerPage": 20})

def create(u, time):
    lookup(u, time, [])
    body = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
            "externalId": u.nick, "userName": u.upn, "active": True, "displayName": u.name,
            "emails": [{"primary": True, "type": "work", "value": u.upn}], "meta": {"resourceType": "User"}, "name": {"formatted": u.name}}
    s(time, "POST", "/scim/v2/Users", 201, req=body, res=user_res(u))
    p(u, time, "create", "success")

def patch(u, time, value, status=204, op="Replace"):
    # The app applies a boolean; it ignores the string "False" (heidi's defect).
    if status < 300 and isinstance(value, bool):
        u.app_active = value
    s(time, "PATCH", "/scim/v2/Users/" + u.scim, status,
      req={"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": op, "path": "active", "value": value}]},
      res=None if status < 300 else {"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": str(status), "detail": "database unavailable"})

# Cycles: Entra's probe and a group check at the start of each.
for c in CYCLES:
    s(t(c, 5, "1230000"), "GET", "/scim/v2/Users?filter=userName+eq+%22" + gid("probe", c) + "%22", 200,
      res={"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 0, "Resources": [], "startIndex": 1, "itemsPerPage": 20})
    group_update(t(c, 30))

U = USERS
# The first cycle after the assignments creates everyone (victor fails validation).
for i, n in enumerate(["alice", "bob", "carol", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj", "oscar", "peggy", "trent", "wendy", "yvonne"]):
    create(U[n], t("08:40", 40 + i * 5))
p(U["victor"], t("08:41", 55), "create", "skipped", "AttributeValidationFailed", target=False)

# alice: soft delete, delivered.
a(U["alice"], t("09:05", 12, "4410000"), "Delete user")
p(U["alice"], t("09:21", 10), "disable", "success")
patch(U["alice"], t("09:21", 10, "5000000"), False)

# bob: unassigned, disabled; later soft and hard deleted: the hard delete sends nothing.
a(U["bob"], t("09:30", 2), "Remove app role assignment from user")
p(U["bob"], t("10:01", 0), "disable", "success")
patch(U["bob"], t("10:01", 0, "3000000"), False)
a(U["bob"], t("10:30", 44), "Delete user")
p(U["bob"], t("10:41", 20), "other", "skipped", "NotEffectivelyEntitled")
a(U["bob"], t("13:35", 9), "Hard Delete user")

# carol: soft and hard deleted between two cycles.
a(U["carol"], t("10:45", 1), "Delete user")
a(U["carol"], t("10:55", 30), "Hard Delete user")

# dave: assigned and unassigned before a cycle created him.
a(U["dave"], t("09:22", 0), "Add app role assignment grant to user")
a(U["dave"], t("09:35", 0), "Remove app role assignment from user")
p(U["dave"], t("10:01", 30), "other", "skipped", "NotEffectivelyEntitled", target=False)

# erin: deleted; Entra computes no change because active is not mapped.
a(U["erin"], t("11:03", 0), "Delete user")
lookup(U["erin"], t("11:21", 0), [user_res(U["erin"], True)])
p(U["erin"], t("11:21", 1), "other", "skipped", "RedundantExport")

# frank: deleted; the app no longer finds him by userName.
a(U["frank"], t("11:05", 0), "Delete user")
lookup(U["frank"], t("11:21", 30), [])

# grace: sign-in blocked; the app already had her inactive.
U["grace"].app_active = False
a(U["grace"], t("13:05", 0), "Update user")
lookup(U["grace"], t("13:21", 0), [user_res(U["grace"], False)])
p(U["grace"], t("13:21", 1), "other", "skipped", "RedundantExport")

# heidi: the PATCH with "False" is accepted but ignored by the app.
a(U["heidi"], t("09:50", 0), "Delete user")
p(U["heidi"], t("10:02", 0), "disable", "success")
patch(U["heidi"], t("10:02", 0, "2000000"), "False")
s(t("12:01", 0), "GET", "/scim/v2/Users/" + U["heidi"].scim, 200, res=user_res(U["heidi"], True))

# ivan: the app fails the PATCH.
a(U["ivan"], t("13:30", 0), "Delete user")
patch(U["ivan"], t("14:01", 0), False, status=500)
p(U["ivan"], t("14:01", 1), "disable", "failure", "SystemForCrossDomainIdentityManagementBadResponse")

# judy: Entra exported the disable; the app's log has nothing.
a(U["judy"], t("14:10", 0), "Delete user")
p(U["judy"], t("14:41", 0), "disable", "success")

# mallory: deleted and restored before the next cycle.
a(U["mallory"], t("14:05", 0), "Delete user")
a(U["mallory"], t("14:12", 0), "Restore user")

# niaj: deleted ten minutes before the logs end.
a(U["niaj"], t("15:45", 0), "Delete user")

# oscar: removed from the assigned group; the app ignores the filter.
a(U["oscar"], t("11:30", 0), "Remove member from group")
others = [user_res(U[n]) for n in ("alice", "bob", "carol")]
lookup(U["oscar"], t("12:02", 0), others)
p(U["oscar"], t("12:02", 1), "disable", "failure", "SystemForCrossDomainIdentityManagementMultipleEntriesInResponse")

# peggy: unassigned; SkipOutOfScopeDeletions keeps her active.
a(U["peggy"], t("12:30", 0), "Remove app role assignment from user")
p(U["peggy"], t("12:41", 0), "other", "skipped", "NotEffectivelyEntitled")

# trent: held by the accidental-deletion threshold.
a(U["trent"], t("15:00", 0), "Delete user")
p(U["trent"], t("15:21", 0), "stagedDelete", "skipped")

# victor: never created (validation), then deleted.
a(U["victor"], t("10:10", 0), "Delete user")

# wendy: soft delete then hard delete, both delivered.
a(U["wendy"], t("11:40", 0), "Delete user")
p(U["wendy"], t("12:01", 30), "disable", "success")
patch(U["wendy"], t("12:01", 30, "5000000"), False)
a(U["wendy"], t("12:20", 0), "Hard Delete user")
p(U["wendy"], t("12:41", 30), "delete", "success")
s(t("12:41", 30, "6000000"), "DELETE", "/scim/v2/Users/" + U["wendy"].scim, 204)

# Contoso HR, the second app: a few users are in both apps.
for i, n in enumerate(["alice", "ivan", "wendy", "xavier"]):
    p(U[n], t("08:50", 10 + i * 5), "create", "success", app=HR)
# alice's soft delete concerns both apps; HR disables her too.
p(U["alice"], t("09:31", 10), "disable", "success", app=HR)
# wendy: HR failed to disable her while Contoso SCIM delivered: HR's failure is HR's finding.
p(U["wendy"], t("12:11", 30), "disable", "failure", "SystemForCrossDomainIdentityManagementBadResponse", app=HR)
# HR disables ivan (whose Contoso SCIM PATCH failed) and deletes wendy after her hard delete.
p(U["ivan"], t("14:11", 5), "disable", "success", app=HR)
p(U["wendy"], t("12:51", 30), "delete", "success", app=HR)
# xavier: unassigned from HR only: no finding for Contoso SCIM, whose SCIM log we have.
a(U["xavier"], t("13:40", 0), "Remove app role assignment from user", app=HR)
p(U["xavier"], t("14:11", 0), "disable", "success", app=HR)

# yvonne: in both apps; removed from "Contoso HR users", a group assigned to HR only: one
# finding, for HR. The assignment of the group to HR is in the audit log.
HR_GROUP = ("hr-users", "Contoso HR users")
a(USERS["yvonne"], t("08:30", 0), "Add app role assignment to group", app=HR, group=HR_GROUP)
p(U["yvonne"], t("08:50", 40), "create", "success", app=HR)
a(U["yvonne"], t("13:45", 0), "Remove member from group", group=HR_GROUP)
p(U["yvonne"], t("14:11", 10), "disable", "success", app=HR)

# The audit log's last record: an unrelated admin change at 15:55.
a(User("zed", "Zed Zimmer"), t("15:55", 0), "Update user")
audit[-1]["targetResources"][0]["modifiedProperties"] = [{"displayName": "Included Updated Properties", "oldValue": None, "newValue": "\"JobTitle\""}]

# ---------------------------------------------------------------- write the files
prov.sort(key=lambda e: (e["activityDateTime"], e["id"]))
audit.sort(key=lambda e: (e["activityDateTime"], e["id"]))
scim.sort(key=lambda e: (e["time"], e["req"]["id"]))
os.makedirs(os.path.join(OUT, "entra"), exist_ok=True)
os.makedirs(os.path.join(OUT, "app"), exist_ok=True)

morning = [e for e in prov if e["activityDateTime"] < t("12:00")]
midday = [e for e in prov if t("12:00") <= e["activityDateTime"] < t("14:00")]
afternoon = [e for e in prov if e["activityDateTime"] >= t("14:00")]
# Graph v1.0 page with a nextLink, pretty-printed as Graph Explorer saves it.
with open(os.path.join(OUT, "entra", "provisioning-graph-page1.json"), "w") as f:
    json.dump({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/provisioning", "value": morning,
               "@odata.nextLink": "https://graph.microsoft.com/v1.0/auditLogs/provisioning?$skiptoken=demo"}, f, indent=2)
# The portal's JSON download: one minified array, beta field names too; overlaps page 1 by one record.
portal = []
for e in [morning[-1]] + midday:
    e = dict(e)
    e["action"] = e["provisioningAction"].capitalize() if e["provisioningAction"] != "stagedDelete" else "StagedDelete"
    e["statusInfo"] = {"@odata.type": "#microsoft.graph.statusDetails", "status": e["provisioningStatusInfo"]["status"]}
    portal.append(e)
with open(os.path.join(OUT, "entra", "ProvisioningLogs-portal-download.json"), "w") as f:
    json.dump(portal, f, separators=(",", ":"))
# Diagnostic settings (Event Hub) lines for the afternoon: PascalCase, numeric enums.
STEP = {"import": 0, "scoping": 1, "matching": 2, "processing": 3, "export": 5}
RES = {"success": 0, "failure": 1, "skipped": 2}
with open(os.path.join(OUT, "entra", "provisioning-eventhub.jsonl"), "w") as f:
    for e in afternoon:
        props = dict(e)
        props["action"] = e["provisioningAction"].capitalize()
        props["servicePrincipal"] = {"Id": e["servicePrincipal"]["id"], "Name": e["servicePrincipal"]["displayName"]}
        props["initiatedBy"] = {"Type": "system", "Id": "", "Name": "Azure AD Provisioning Service"}
        si = e["sourceIdentity"]
        props["sourceIdentity"] = {"identityType": si["identityType"], "details": {"id": si["id"], "odatatype": "User", "DisplayName": si["displayName"]}, "Id": si["id"], "Name": si["displayName"]}
        ti = e["targetIdentity"]
        props["targetIdentity"] = {"identityType": ti["identityType"], "details": {}, "Id": ti["id"], "Name": ti["displayName"]}
        props["provisioningStatusInfo"] = {"Status": e["provisioningStatusInfo"]["status"], "errorInformation": e["provisioningStatusInfo"]["errorInformation"]}
        props["statusInfo"] = {"Status": RES[e["provisioningStatusInfo"]["status"]]}
        props["provisioningSteps"] = [dict(st, provisioningStepType=STEP[st["provisioningStepType"]], status=RES[st["status"]]) for st in e["provisioningSteps"]]
        rec = {"time": e["activityDateTime"], "resourceId": "/tenants/%s/providers/Microsoft.aadiam" % TENANT, "operationName": "Provisioning activity",
               "operationVersion": "1.0", "category": "ProvisioningLogs", "tenantId": TENANT,
               "resultType": e["provisioningStatusInfo"]["status"].capitalize(), "durationMs": str(e["durationInMilliseconds"]),
               "correlationId": e["changeId"], "identity": e["id"], "Level": 4, "properties": props}
        f.write(json.dumps(rec, separators=(",", ":")) + "\r\n")

# Audit: Graph page for the morning; Log Analytics CSV export for the rest.
am = [e for e in audit if e["activityDateTime"] < t("12:00")]
pm = [e for e in audit if e["activityDateTime"] >= t("12:00")]
with open(os.path.join(OUT, "entra", "audit-graph-page.json"), "w") as f:
    json.dump({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits", "value": am}, f, indent=2)
buf = io.StringIO()
w = csv.writer(buf, lineterminator="\r\n")
w.writerow(["TenantId", "TimeGenerated [UTC]", "ResourceId", "OperationName", "OperationVersion", "Category", "ResultType", "ResultSignature",
            "ResultDescription", "DurationMs", "CorrelationId", "Resource", "ResourceGroup", "ResourceProvider", "Identity", "Level", "Location",
            "AdditionalDetails", "Id", "InitiatedBy", "LoggedByService", "Result", "ResultReason", "TargetResources", "AADTenantId",
            "ActivityDisplayName", "ActivityDateTime", "AADOperationType", "Type"])
for e in pm:
    w.writerow(["8f1c2d3e-0000-4000-8000-0000000000aa", e["activityDateTime"].replace("T", " ")[:23], "/tenants/%s/providers/Microsoft.aadiam" % TENANT,
                e["activityDisplayName"], "1.0", e["category"], "Success", "None", "", "0", e["correlationId"], "Microsoft.aadiam",
                "Microsoft.aadiam", "Microsoft.aadiam", "it.admin@contoso.com", "4", "", json.dumps(e["additionalDetails"]), e["id"],
                json.dumps(e["initiatedBy"]), e["loggedByService"], "success", "", json.dumps(e["targetResources"]), TENANT,
                e["activityDisplayName"], e["activityDateTime"], e["operationType"], "AuditLogs"])
with open(os.path.join(OUT, "entra", "AuditLogs-log-analytics.csv"), "w", newline="") as f:
    f.write(buf.getvalue())

with open(os.path.join(OUT, "app", "scim-requests.jsonl"), "w") as f:
    for line in scim:
        f.write(json.dumps(line, separators=(",", ":")) + "\n")
print("wrote %d provisioning events, %d audit events, %d SCIM requests" % (len(prov), len(audit), len(scim)))

#!/usr/bin/env python3
"""A small SCIM 2.0 Users endpoint on loopback for scimdiag's test-server tests.

It behaves like a compliant server unless --defect names one of the defects below, each of
which a real server has shipped with and each of which one check of `scimdiag test-server`
must catch. It prints the port it listens on, then serves until stdin closes or it is killed.

    python3 scim_test_server.py [--defect NAME] [--token TOKEN]

Only the standard library; binds 127.0.0.1 only.
"""
import argparse
import json
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote_plus, urlsplit, parse_qs

DEFECTS = {
    "probe-404": "answers a filter that matches nobody with 404 instead of an empty ListResponse",
    "ignore-filter": "ignores the filter and lists every user",
    "case-sensitive": "matches userName case-sensitively",
    "apostrophe-400": "answers 400 to a filter value with an apostrophe",
    "plus-as-space": "decodes the filter twice, so a plus sign becomes a space",
    "string-false-ignored": 'accepts {"value":"False"} with 204 and leaves the user active',
    "boolean-false-ignored": "accepts {\"value\":false} with 204 and leaves the user active",
    "inactive-hidden": "leaves inactive users out of filter results",
    "unknown-id-200": "answers GET and PATCH of an unknown id with 200 instead of 404",
    "delete-noop": "answers DELETE with 204 and keeps the user",
    "no-schemas": "leaves schemas out of its answers",
}

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def make_handler(defect, token, users, lock):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body leave in one write (flushed after each request): written apart,
        # Nagle's algorithm and the client's delayed ACK hold every answer back.
        wbufsize = 1 << 16

        def log_message(self, *args):
            pass

        def send(self, status, body=None):
            data = b"" if body is None else json.dumps(body).encode()
            if body is not None and defect == "no-schemas" and isinstance(body, dict):
                body.pop("schemas", None)
                for r in body.get("Resources", []):
                    r.pop("schemas", None)
                data = json.dumps(body).encode()
            self.send_response(status)
            if data:
                self.send_header("Content-Type", "application/scim+json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def error(self, status, detail):
            self.send(status, {"schemas": [ERROR], "status": str(status), "detail": detail})

        def authorised(self):
            if self.headers.get("Authorization") != "Bearer " + token:
                self.error(401, "missing or wrong bearer token")
                return False
            return True

        def body(self):
            n = int(self.headers.get("Content-Length") or 0)
            return json.loads(self.rfile.read(n) or b"{}")

        def route(self):
            parts = urlsplit(self.path)
            path = parts.path.rstrip("/")
            base = "/scim/v2/Users"
            if path == base:
                return None, parts.query
            if path.startswith(base + "/"):
                return path[len(base) + 1 :], parts.query
            return False, parts.query

        def do_GET(self):
            if not self.authorised():
                return
            rid, query = self.route()
            if rid is False:
                return self.discovery()
            if rid is None:
                return self.list(query)
            with lock:
                user = users.get(rid)
            if user is None:
                if defect == "unknown-id-200":
                    return self.send(200, {"schemas": [USER], "id": rid, "userName": "", "active": True})
                return self.error(404, "user %s not found" % rid)
            self.send(200, user)

        def discovery(self):
            """The discovery endpoints, minimal, so that general SCIM probes can run."""
            path = urlsplit(self.path).path.rstrip("/")
            if path.endswith("/ServiceProviderConfig"):
                return self.send(200, {
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
                    "patch": {"supported": True}, "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
                    "filter": {"supported": True, "maxResults": 200}, "changePassword": {"supported": False},
                    "sort": {"supported": False}, "etag": {"supported": False},
                    "authenticationSchemes": [{"type": "oauthbearertoken", "name": "Bearer", "description": "token"}],
                    "meta": {"resourceType": "ServiceProviderConfig"}})
            if path.endswith("/ResourceTypes"):
                return self.send(200, {"schemas": [LIST], "totalResults": 1, "Resources": [{
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": "User", "name": "User",
                    "endpoint": "/Users", "schema": USER, "meta": {"resourceType": "ResourceType"}}]})
            if path.endswith("/Schemas"):
                return self.send(200, {"schemas": [LIST], "totalResults": 1, "Resources": [{
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"], "id": USER, "name": "User",
                    "attributes": [], "meta": {"resourceType": "Schema"}}]})
            return self.error(404, "no such endpoint (this server has Users only)")

        def do_PUT(self):
            body = self.body()
            if not self.authorised():
                return
            rid, _ = self.route()
            with lock:
                if not rid or rid not in users:
                    return self.error(404, "user %s not found" % rid)
                user = dict(body)
                user.update({"schemas": [USER], "id": rid, "meta": {"resourceType": "User"}})
                user["active"] = body.get("active", True) is True
                users[rid] = user
            self.send(200, user)

        def list(self, query):
            raw = parse_qs(query).get("filter", [""])[0]
            if defect == "plus-as-space":
                raw = unquote_plus(raw)
            with lock:
                found = list(users.values())
            if raw and defect != "ignore-filter":
                attr, op, value = (raw.split(" ", 2) + ["", ""])[:3]
                if op.lower() != "eq" or not (value.startswith('"') and value.endswith('"')):
                    return self.error(400, "only eq filters are supported")
                value = value[1:-1]
                if defect == "apostrophe-400" and "'" in value:
                    return self.error(400, "invalid filter")
                if defect == "case-sensitive":
                    found = [u for u in found if u.get(attr) == value]
                else:
                    found = [u for u in found if str(u.get(attr, "")).lower() == value.lower()]
                if defect == "inactive-hidden":
                    found = [u for u in found if u.get("active")]
                if not found and defect == "probe-404":
                    return self.error(404, "no user")
            self.send(
                200,
                {"schemas": [LIST], "totalResults": len(found), "Resources": found, "startIndex": 1,
                 "itemsPerPage": len(found)},
            )

        def do_POST(self):
            # The body is read first: on a kept-alive connection an unread body would be taken
            # for the next request.
            body = self.body()
            if not self.authorised():
                return
            rid, _ = self.route()
            if rid is not None:
                return self.error(404, "no such endpoint")
            if not body.get("userName"):
                return self.error(400, "userName is required")
            with lock:
                if any(str(u.get("userName", "")).lower() == str(body["userName"]).lower() for u in users.values()):
                    return self.error(409, "userName exists")
                user = dict(body)
                user["schemas"] = [USER]
                user["id"] = uuid.uuid4().hex
                user["active"] = body.get("active", True) is True
                user["meta"] = {"resourceType": "User"}
                users[user["id"]] = user
            self.send(201, user)

        def do_PATCH(self):
            body = self.body()
            if not self.authorised():
                return
            rid, _ = self.route()
            with lock:
                user = users.get(rid) if rid else None
            if user is None:
                if defect == "unknown-id-200":
                    return self.send(204)
                return self.error(404, "user %s not found" % rid)
            for op in body.get("Operations", []):
                if str(op.get("op", "")).lower() != "replace" or str(op.get("path", "")).lower() != "active":
                    continue
                value = op.get("value")
                if isinstance(value, str):
                    if defect == "string-false-ignored":
                        continue
                    value = value.lower() == "true"
                elif defect == "boolean-false-ignored":
                    continue
                with lock:
                    user["active"] = bool(value)
            self.send(204)

        def do_DELETE(self):
            if not self.authorised():
                return
            rid, _ = self.route()
            with lock:
                if rid not in users:
                    return self.error(404, "user %s not found" % rid)
                if defect != "delete-noop":
                    del users[rid]
            self.send(204)

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--defect", choices=sorted(DEFECTS), help="; ".join("%s: %s" % kv for kv in DEFECTS.items()))
    parser.add_argument("--token", default="test-token")
    args = parser.parse_args()
    users, lock = {}, threading.Lock()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(args.defect, args.token, users, lock))
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # Stops when the test closes stdin (or kills the process).
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()

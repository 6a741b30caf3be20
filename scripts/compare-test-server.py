#!/usr/bin/env python3
"""scimdiag test-server side by side with scim-sanity (PyPI), the peer a developer would pick.

For the compliant test server and for each of its defects (Tests/ScimDiagCLITests/Helpers/
scim_test_server.py, on loopback), runs both tools and prints a Markdown table: which tool
notices each defect (a check or test that fails against the defective server and passes
against the compliant one), with what words, in how many requests and how long.

    python3 -m venv .build/ss && .build/ss/bin/pip install scim-sanity
    python3 scripts/compare-test-server.py --scimdiag .build/debug/scimdiag --scim-sanity .build/ss/bin/scim-sanity
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HELPER = os.path.join(HERE, "..", "Tests", "ScimDiagCLITests", "Helpers", "scim_test_server.py")
TOKEN = "compare-token"


def start(defect):
    args = [sys.executable, HELPER, "--token", TOKEN] + (["--defect", defect] if defect else [])
    p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    port = int(p.stdout.readline())
    return p, "http://127.0.0.1:%d/scim/v2" % port


def stop(p):
    p.stdin.close()
    p.wait(timeout=10)


def scimdiag(binary, url):
    env = dict(os.environ, COMPARE_TOKEN=TOKEN)
    t = time.monotonic()
    out = subprocess.run([binary, "test-server", url, "--token-env", "COMPARE_TOKEN", "--format", "json"],
                         capture_output=True, text=True, env=env)
    took = time.monotonic() - t
    report = json.loads(out.stdout)
    failed = {c["id"]: c["detail"] for c in report["checks"] if c.get("passed") is False}
    return failed, len(report["exchanges"]), took


def scim_sanity(binary, url):
    t = time.monotonic()
    # scim-sanity takes the token on the command line (visible in the process list).
    out = subprocess.run([binary, "probe", url, "--token", TOKEN, "--i-accept-side-effects", "--compat",
                          "--json-output"], capture_output=True, text=True)
    took = time.monotonic() - t
    try:
        report = json.loads(out.stdout)
    except ValueError:
        return {"(crashed)": (out.stderr.strip().splitlines() or ["no output"])[-1]}, 0, took
    failed = {r["name"]: r.get("message", r.get("status")) for r in report["results"]
              if r.get("status") in ("fail", "error")}
    return failed, report["summary"]["total"], took


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--scimdiag", required=True)
    a.add_argument("--scim-sanity", required=True)
    args = a.parse_args()
    sys.path.insert(0, os.path.dirname(HELPER))
    from scim_test_server import DEFECTS

    rows = []
    base = {}
    for defect in [None] + sorted(DEFECTS):
        p, url = start(defect)
        try:
            ours = scimdiag(args.scimdiag, url)
        finally:
            stop(p)
        p, url = start(defect)
        try:
            theirs = scim_sanity(args.scim_sanity, url)
        finally:
            stop(p)
        if defect is None:
            base = {"ours": set(ours[0]), "theirs": set(theirs[0])}
        rows.append((defect, ours, theirs))

    print("| server | scimdiag test-server: checks failed | requests, seconds | scim-sanity probe: tests failed beyond the compliant server's | tests, seconds |")
    print("|---|---|---|---|---|")
    for defect, ours, theirs in rows:
        name = "compliant" if defect is None else "`%s`: %s" % (defect, DEFECTS[defect])
        if defect is None:
            o = ", ".join(sorted(ours[0])) or "none"
            t = "%d failed on the compliant server: %s" % (len(theirs[0]), "; ".join(sorted(theirs[0])))
        else:
            new_ours = sorted(set(ours[0]) - base["ours"])
            new_theirs = sorted(set(theirs[0]) - base["theirs"])
            o = ", ".join("`%s`" % c for c in new_ours) or "**not detected**"
            t = "; ".join("%s (%s)" % (n, str(theirs[0][n])[:80]) for n in new_theirs) or "**not detected**"
        print("| %s | %s | %d, %.2f | %s | %d, %.2f |" % (name, o, ours[1], ours[2], t, theirs[1], theirs[2]))


if __name__ == "__main__":
    main()

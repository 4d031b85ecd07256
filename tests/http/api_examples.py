#!/usr/bin/env python3
"""Writes the generated part of docs/api.md: the routes table (from GET /api) and one real
request and response per route, taken from a `plenum serve` on the fixture's database
(tests/http/fixture.c). Long responses are cut. The hand-written part before "## Routes" is
kept. usage: api_examples.py PLENUM HTTP_FIXTURE docs/api.md"""
import contextlib
import io
import json
import re
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_api  # noqa: E402  (the same client and server start-up)


def cut(doc, depth=0):
    """Shortens arrays to two items and long strings, so that examples stay readable."""
    if isinstance(doc, list):
        out = [cut(x, depth + 1) for x in doc[:2]]
        if len(doc) > 2:
            out.append("… %d more" % (len(doc) - 2))
        return out
    if isinstance(doc, dict):
        return {k: cut(v, depth + 1) for k, v in doc.items()}
    if isinstance(doc, str) and len(doc) > 90:
        return doc[:88] + "…"
    return doc


def show(title, cl, method, path, body=None, note=None):
    st, doc, r = cl.call(method, path, body)
    print("### `%s %s`\n" % (method, title))
    if note:
        print(note + "\n")
    print("```")
    print("%s %s" % (method, path))
    if body is not None:
        print(json.dumps(body, ensure_ascii=False))
    print("```\n")
    print("```")
    print("HTTP %d" % st)
    if r.getheader("Set-Cookie"):
        print("Set-Cookie: " + re.sub(r"=[0-9a-f]{64}", "=…", r.getheader("Set-Cookie")))
    print(json.dumps(cut(doc), ensure_ascii=False, indent=1))
    print("```\n")
    return doc


def routes_table(anon):
    routes = anon.call("GET", "/api")[1]["routes"]
    print("## Routes\n")
    print("| method | path | session | csrf | what |\n|---|---|:-:|:-:|---|")
    for r in routes:
        print("| %s | `%s` | %s | %s | %s |" % (r["method"], r["path"],
                                             "yes" if r["session"] else "",
                                             "yes" if r["csrf"] else "", r["summary"]))
    print("\n## Examples\n")
    print("Real requests and responses from a server on the test fixture's database, written by")
    print("`python3 tests/http/api_examples.py build/plenum build/tests/http_fixture docs/api.md`")
    print("(arrays cut to two items). Cookies and the CSRF header are sent as described above and")
    print("not repeated.\n")


def main():
    plenum, fixture, doc_path = sys.argv[1], sys.argv[2], sys.argv[3]
    head = open(doc_path, encoding="utf-8").read().split("## Routes\n")[0]
    out = io.StringIO()
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(out):
        db = os.path.join(tmp, "doc.db")
        ids = json.loads(subprocess.check_output([fixture, db], text=True))
        p, port = test_api.start(plenum, db, ["--economy", os.path.join(test_api.HERE,
                                                                          "economy")])
        try:
            anon, bob, alice = (test_api.Client(port) for _ in range(3))
            alice.login("alice@example.org", "alice-pass-1")
            routes_table(anon)
            examples(anon, bob, alice, ids)
        finally:
            p.terminate()
            p.wait()
    tmp_path = doc_path + ".tmp"
    with open(tmp_path, "w", encoding="utf-8") as f:
        f.write(head + out.getvalue().rstrip("\n") + "\n")
    os.replace(tmp_path, doc_path)


def examples(anon, bob, alice, ids):
    r, f = ids["riverside"], ids["federation"]
    doc = anon.call("GET", "/api")[1]
    print("### `GET /api`\n\n```\nGET /api\n```\n\n```\nHTTP 200")
    print(json.dumps(cut(doc), ensure_ascii=False, indent=1))
    print("```\n")
    show("/api/login", bob, "POST", "/api/login",
         {"email": "bob@example.org", "password": "bob-pass-1"})
    bob.login("bob@example.org", "bob-pass-1")
    show("/api/me", bob, "GET", "/api/me")
    show("/api/councils", anon, "GET", "/api/councils")
    show("/api/councils/{id}", anon, "GET", "/api/councils/%d" % f)
    show("/api/councils/{id}/members", bob, "GET", "/api/councils/%d/members" % r)
    show("/api/councils/{id}/delegates", bob, "GET", "/api/councils/%d/delegates" % r)
    show("/api/councils/{id}/motions", bob, "GET", "/api/councils/%d/motions?state=all&limit=2"
         % r)
    show("/api/councils/{id}/motions", alice, "POST", "/api/councils/%d/motions" % r,
         {"title": "Repair the footbridge", "text": "Before winter.", "kind": "general",
          "method": "approval", "options": ["In wood", "In steel"], "seats": 1},
         "Opens a motion. Fields: title (required), text, kind (general, priority, cap, "
         "plan-adoption, election, recall), method (yes-no, approval, schulze, stv), options, "
         "seats, closes_at (unix seconds), status_quo (1 adds the status quo option), binds, "
         "mandate.")
    show("/api/councils/{id}/needs", bob, "GET", "/api/councils/%d/needs" % r)
    show("/api/councils/{id}/notices", bob, "GET", "/api/councils/%d/notices" % r)
    show("/api/councils/{id}/join-requests", alice, "GET",
         "/api/councils/%d/join-requests?pending=1" % r)
    show("/api/motions/{id}", bob, "GET", "/api/motions/%d" % ids["schulze"],
         note="`rules` are the counting rules the motion was opened under (docs/councils.md, "
              "Counting rules): 2 for motions opened now, where a motion without ballots "
              "decides nothing; 1 for motions opened before schema 5.")
    doc = show("/api/motions/{id}/ballot", bob, "POST", "/api/motions/%d/ballot" % ids["yes_no"],
               {"choice": "yes"},
               "yes-no: {\"choice\": \"yes\"|\"no\"|\"abstain\"}; other methods: "
               "{\"marks\": [...]} with one integer per option (approval 1/0; schulze ranks "
               "1, 2, … with ties, 0 unranked; stv ranks 1..k without ties). To replace a "
               "ballot before close, send the receipt of the first one as \"receipt\".")
    show("/api/motions/{id}/ballot", bob, "POST", "/api/motions/%d/ballot" % ids["schulze"],
         {"marks": [2, 1, 3, 0]})
    show("/api/motions/{id}/check", bob, "POST", "/api/motions/%d/check" % ids["yes_no"],
         {"receipt": doc["receipt"]})
    m = alice.call("POST", "/api/councils/%d/motions" % r, {"title": "Longer opening hours"})[1]
    alice.call("POST", "/api/motions/%d/ballot" % m["motion"], {"choice": "yes"})
    show("/api/motions/{id}/close", alice, "POST", "/api/motions/%d/close" % m["motion"], {})
    show("/api/motions/{id}/result", anon, "GET", "/api/motions/%d/result" % ids["closed"])
    show("/api/motions/{id}/ballots", bob, "GET",
         "/api/motions/%d/ballots" % ids["federation_motion"])
    show("/api/results", anon, "GET", "/api/results?limit=2",
         note="Every closed motion of every council, newest first; each one's tally is at "
              "GET /api/motions/{id}/result.")
    show("/api/delegates/{id}", bob, "GET", "/api/delegates/%d" % ids["seat"])
    show("/api/delegates/{id}/ballots", bob, "GET", "/api/delegates/%d/ballots" % ids["seat"])
    show("/api/delegates/{id}/recall", bob, "POST", "/api/delegates/%d/recall" % ids["seat"],
         {"text": "She ignored our mandate on housing."})
    show("/api/needs", bob, "POST", "/api/needs",
         {"council": r, "product": "energy", "quantity": 250, "priority": 2})
    show("/api/needs", bob, "GET", "/api/needs")
    show("/api/abilities", bob, "POST", "/api/abilities",
         {"council": r, "hours": 20, "skills": "baking, driving"})
    show("/api/abilities", bob, "GET", "/api/abilities")
    job = anon.call("GET", "/api/plan")[1]["computed"]["id"]
    test_api.wait_job(anon, job)
    show("/api/plan", anon, "GET", "/api/plan")
    show("/api/plan/variants", anon, "GET", "/api/plan/variants")
    doc = show("/api/plan/compute", bob, "POST", "/api/plan/compute", {})
    test_api.wait_job(anon, doc["job"])
    show("/api/jobs/{id}", anon, "GET", "/api/jobs/%d?brief=1" % doc["job"],
         note="?brief=1 leaves the result out (poll with it, then GET /api/plan).")
    show("/api/products", anon, "GET", "/api/products?q=bre&limit=5")
    doc = show("/api/join", anon, "POST", "/api/join",
               {"council": r, "name": "Gunnar Ås", "email": "gunnar@example.org",
                "place": "Tromsø", "heard": "social-media", "message": "Hei!"},
               "heard: search, friend, social-media or other. An optional password is kept "
               "(as an Argon2id hash) for the member the request makes. A member asks for "
               "themselves signed in (session and X-CSRF-Token; a session without the "
               "token, 403 ECSRF): name, email and password are then theirs and left out "
               "(given, 400 EFIELD). A request naming a "
               "member's email otherwise is answered as any (the answer does not tell who "
               "is a member) but its acceptance is refused with 409 ECONFLICT: anyone can "
               "type an email; such a pending request is listed with `others_email` true. "
               "A member's request carries their id in `member` from the start.")
    show("/api/join-requests/{id}/accept", alice, "POST",
         "/api/join-requests/%d/accept" % doc["request"], {})
    show("/api/join-requests/{id}/decline", alice, "POST",
         "/api/join-requests/%d/decline" % ids["join_request"], {})
    show("/api/audit", anon, "GET", "/api/audit?after=0&limit=2")
    show("/api/audit/verify", anon, "GET", "/api/audit/verify")
    show("/api/password", bob, "POST", "/api/password",
         {"current": "bob-pass-1", "new": "bob-pass-2"},
         "The current password is checked (wrong: 403 EDENIED, and counted against the "
         "account and the address as a failed sign-in is, 429 ELIMIT beyond); the new one "
         "needs 8 to 1024 characters (else 400); the member's other sessions end, this one "
         "stays.")
    show("/api/logout", bob, "POST", "/api/logout", {})
    print("## Refusals\n")
    show("no session", test_api.Client(anon.port), "GET", "/api/me")
    alice.csrf, saved = "", alice.csrf
    show("missing CSRF token", alice, "POST", "/api/needs",
         {"council": r, "product": "bread", "quantity": 1})
    alice.csrf = saved
    show("wrong council", alice, "GET", "/api/councils/%d/members" % ids["hilltop"])
    st, doc, _ = anon.call("POST", "/api/login", raw=b'{"email": ', headers={
        "Content-Type": "application/json"})
    print("### `POST` malformed JSON\n\n```\nPOST /api/login\n{\"email\": \n```\n\n```\n"
          "HTTP %d\n%s\n```\n" % (st, json.dumps(doc, indent=1)))
    st, doc, _ = anon.call("POST", "/api/join", raw=b"x" * 70000, headers={
        "Content-Type": "application/json"})
    print("### `POST` oversized body\n\n```\nPOST /api/join\n(70000 bytes)\n```\n\n```\n"
          "HTTP %d\n%s\n```\n" % (st, json.dumps(doc, indent=1)))
    for _ in range(3):
        anon.login("dave@example.org", "wrong")
    show("login rate limit", anon, "POST", "/api/login",
         {"email": "dave@example.org", "password": "dave-pass-1"},
         "After --login-limit failures (default 5; 3 here) for an account, or four times as "
         "many from one address, within 15 minutes: 429 with Retry-After.")


if __name__ == "__main__":
    main()

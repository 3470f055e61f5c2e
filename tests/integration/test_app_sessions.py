# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""Applications with their own cookie session whose login form POSTs into the
enforced location (issue 13 items 2 and 3): SessionTimeoutLoginRequest lets
a request without a session through only when its form fields say it is a
login, and then as an anonymous request (our cookie and the application's
session cookies removed); SessionTimeoutStartOnCookie starts our session
when a response sets the application's cookie (user from a response header,
REMOTE_USER or the environment, or none) and ends it when a response
expires it.

The application is wiki.cgi, shaped like DokuWiki: one script, the action
in the field "do" (query or POST body, the body winning, as PHP's
$_REQUEST), do=login shows the form or, with u and p, signs in by setting
its cookie "appsid" (and the header X-App-User); every anonymous request
expires that cookie (DokuWiki's auth_logoff); do=logout expires it;
do=renew sets it again (the application renewing its cookie); do=save and
pages need its own session. It answers JSON saying what it saw."""
import hashlib
import json
import os
import re

import pytest

import mst_harness as H
from mst_harness import KEY1, mint, now

WIKI_CGI = r"""#!/usr/bin/python3
import base64, hashlib, hmac, json, os, sys, urllib.parse

KEY = b"wiki-test-key"
def sign(user):
    u = base64.urlsafe_b64encode(user.encode()).decode().rstrip("=")
    return u + "." + hmac.new(KEY, u.encode(), hashlib.sha256).hexdigest()[:16]
def user_of(cookie):
    for part in cookie.split(";"):
        k, _, v = part.strip().partition("=")
        if k == "appsid" and "." in v:
            u, _, mac = v.partition(".")
            if hmac.compare_digest(sign_u(u), mac):
                return base64.urlsafe_b64decode(u + "=" * (-len(u) % 4)).decode()
    return None
def sign_u(u):
    return hmac.new(KEY, u.encode(), hashlib.sha256).hexdigest()[:16]

n = int(os.environ.get("CONTENT_LENGTH") or 0)
body = sys.stdin.buffer.read(n) if n else b""
req = dict(urllib.parse.parse_qsl(os.environ.get("QUERY_STRING", ""), keep_blank_values=True))
if os.environ.get("REQUEST_METHOD") == "POST":
    req.update(urllib.parse.parse_qsl(body.decode("latin-1"), keep_blank_values=True))
cookies = os.environ.get("HTTP_COOKIE", "")
user = user_of(cookies)
act = req.get("do", "show")
status, headers, saw = "200 OK", [], {}
EXPIRE = "appsid=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT; Max-Age=0; path=/"
if act == "login" and req.get("u"):
    if req.get("p") == "pw-" + req["u"]:
        user = req["u"]
        headers.append("Set-Cookie: appsid=%s; path=/; HttpOnly" % sign(user))
        headers.append("X-App-User: " + user)
        status = "303 See Other"
        headers.append("Location: /wiki/wiki.cgi?id=start")
    else:
        user = None
        headers.append("Set-Cookie: " + EXPIRE)
        status = "403 Forbidden"
elif act == "logout":
    headers.append("Set-Cookie: " + EXPIRE)
    user = None
elif act == "renew" and user:
    headers.append("Set-Cookie: appsid=%s; path=/; HttpOnly" % sign(user))
    headers.append("X-App-User: " + user)
elif act in ("save", "show") and not user:
    status = "403 Forbidden"
if user is None and act != "login" and act != "logout":
    headers.append("Set-Cookie: " + EXPIRE)
elif user is None and act == "login" and not req.get("u"):
    headers.append("Set-Cookie: " + EXPIRE)  # DokuWiki logs anonymous visitors off
out = {"app": "wiki", "action": act, "user": user, "status": status, "cookies": cookies,
       "method": os.environ.get("REQUEST_METHOD"), "body_len": len(body),
       "body_sha": hashlib.sha256(body).hexdigest(),
       "st_user": os.environ.get("SESSION_TIMEOUT_USER"),
       "st_reason": os.environ.get("SESSION_TIMEOUT_REASON"),
       "remote_user": os.environ.get("REMOTE_USER")}
sys.stdout.write("Status: %s\r\nContent-Type: application/json\r\n" % status)
for h in headers:
    sys.stdout.write(h + "\r\n")
sys.stdout.write("\r\n" + json.dumps(out))
"""

CONF = """
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLifetime 8h
SessionTimeoutInactivity 30m
SessionTimeoutRefreshInterval 1m
<Location /wiki/>
    SessionTimeout On
    SessionTimeoutLoginURL /wiki/wiki.cgi?do=login
    SessionTimeoutReturnParam Off
    SessionTimeoutClearCookie appsid other_sess Path=/wiki/
    SessionTimeoutStartOnCookie appsid user=header:X-App-User
</Location>
<Location /wiki/wiki.cgi>
    SessionTimeoutLoginRequest do=login
</Location>

# the same application without a user source: sessions without a name
<Location /anon/>
    SessionTimeout On
    SessionTimeoutLoginURL /anon/wiki.cgi?do=login
    SessionTimeoutReturnParam Off
    SessionTimeoutClearCookie appsid
    SessionTimeoutStartOnCookie appsid
</Location>
<Location /anon/wiki.cgi>
    SessionTimeoutLoginRequest do=login
</Location>

# httpd authenticates the login location (Basic): the user is REMOTE_USER
<Location /basic/>
    SessionTimeout On
    SessionTimeoutLoginURL /basic/wiki.cgi?do=login
    SessionTimeoutReturnParam Off
    SessionTimeoutClearCookie appsid
    SessionTimeoutStartOnCookie appsid user=REMOTE_USER
</Location>
<Location /basic/wiki.cgi>
    SessionTimeoutLoginRequest do=login
    AuthType Basic
    AuthName wiki
    AuthUserFile @ROOT@/conf/htpasswd
    Require valid-user
</Location>

# the user from the environment (what an authentication module exports)
<Location /envu/>
    SessionTimeout On
    SessionTimeoutLoginURL /envu/wiki.cgi?do=login
    SessionTimeoutReturnParam Off
    SessionTimeoutStartOnCookie appsid user=env:APP_LOGIN_USER
    SetEnv APP_LOGIN_USER from-env
</Location>
<Location /envu/wiki.cgi>
    SessionTimeoutLoginRequest do=login
</Location>

<Location /metrics>
    SetHandler session-timeout-metrics
</Location>

# a proxied application: the kept body goes to the backend
ProxyPass /pwiki/ http://@BACKEND@/
<Location /pwiki/>
    SessionTimeout On
    SessionTimeoutLoginURL /pwiki/doku.php?do=login
    SessionTimeoutReturnParam Off
    SessionTimeoutClearCookie appsid
    SessionTimeoutLoginRequest do=login
</Location>
"""

AUTH_MODULES = ("authn_core", "authn_file", "auth_basic", "authz_user")
FORM = [("Content-Type", "application/x-www-form-urlencoded")]


@pytest.fixture(scope="module")
def srv(httpd_factory):
    loads = "\n".join("LoadModule %s_module %s/mod_%s.so" % (m, H.MODULE_DIR, m)
                      for m in AUTH_MODULES if "mod_%s" % m not in H.builtin_modules())
    s = httpd_factory(loads + "\n" + CONF, start=False)
    for d in ("wiki", "anon", "basic", "envu"):
        os.makedirs(os.path.join(s.docroot, d), exist_ok=True)
        p = os.path.join(s.docroot, d, "wiki.cgi")
        with open(p, "w") as f:
            f.write(WIKI_CGI)
        os.chmod(p, 0o755)
        os.chmod(os.path.join(s.docroot, d), 0o755)
    # alice:pw-alice ({SHA}: base64 of SHA-1, which mod_authn_file reads)
    import base64
    with open(s.path("conf", "htpasswd"), "w") as f:
        f.write("alice:{SHA}%s\n" % base64.b64encode(hashlib.sha1(b"pw-alice").digest()).decode())
    os.chmod(s.path("conf", "htpasswd"), 0o644)
    s.start()
    return s


def app_cookie(user):
    """The application's own cookie for user, as wiki.cgi signs it."""
    import base64
    import hmac
    u = base64.urlsafe_b64encode(user.encode()).decode().rstrip("=")
    return "appsid=" + u + "." + hmac.new(b"wiki-test-key", u.encode(),
                                          hashlib.sha256).hexdigest()[:16]


def cookies(*parts):
    return ("Cookie", "; ".join(parts))


def app_json(resp):
    assert resp.header("Content-Type") == "application/json", resp
    out = json.loads(resp.text)
    assert out.get("app") in ("wiki", None), out
    return out


def login(srv, prefix="/wiki", user="alice", password=None, headers=(), extra=""):
    body = "sectok=&id=start&do=login&u=%s&p=%s&r=1%s" % (
        user, password if password is not None else "pw-" + user, extra)
    return srv.post(prefix + "/wiki.cgi?id=start", headers=H.NAV + FORM + list(headers),
                    body=body)


def session_of(resp):
    tok = resp.new_token()
    assert tok is not None, "no session cookie of ours in %r" % resp
    return tok


def test_anonymous_get_redirects_to_the_login_form(srv):
    r = srv.get("/wiki/wiki.cgi?id=start", headers=H.NAV)
    assert r.status == 302, r
    path, query, _ = H.location_parts(r, srv.port)
    # the login URL is the enforced script itself: no loop, since it is a login request
    assert (path, query) == ("/wiki/wiki.cgi", {"do": ["login"]}), r
    assert r.session_cookies() == [], r


def test_login_form_page_passes_as_an_anonymous_request(srv):
    t = now()
    stale = mint(user="bob", created=t - 4000, last=t - 3600)  # inactivity passed
    r = srv.get("/wiki/wiki.cgi?do=login", headers=H.NAV + [
        cookies("session_timeout=" + stale, app_cookie("bob"), "other_sess=s1", "lang=de")])
    assert r.status == 200, r
    saw = app_json(r)
    # the application never sees the stale session, neither ours nor its own
    assert saw["cookies"] == "lang=de", saw
    assert saw["user"] is None and saw["st_user"] is None, saw
    assert saw["st_reason"] == "inactivity", saw
    assert r.header("Cache-Control") is None or "private" in r.header("Cache-Control") \
        or "no-store" in r.header("Cache-Control"), r


def test_login_post_into_the_enforced_location_starts_our_session(srv):
    t0 = now()
    r = login(srv)
    assert r.status == 303, r
    assert not r.has_header("X-App-User"), r  # the user source never reaches the client
    tok = session_of(r)
    f = H.assert_valid_token(tok, KEY1, user="alice")
    assert t0 <= f["created"] == f["last"] <= now(), f
    assert "private" in r.header("Cache-Control"), r
    app = [c for c in r.set_cookies("appsid") if not c.expired]
    assert app, r
    # later requests carry both cookies and are valid
    r2 = srv.get("/wiki/wiki.cgi?id=start", headers=H.NAV + [
        cookies("session_timeout=" + tok, "appsid=" + app[0].value)])
    assert r2.status == 200, r2
    saw = app_json(r2)
    assert saw["user"] == "alice" and saw["st_user"] == "alice", saw
    assert saw["st_reason"] is None, saw


def test_login_body_reaches_the_application_byte_for_byte(srv):
    extra = "&note=" + "x%2B%26y+z" * 300  # about 3 KB, escapes kept as sent
    body = "sectok=&id=start&do=login&u=alice&p=pw-alice&r=1" + extra
    r = login(srv, extra=extra)
    assert r.status == 303, r
    saw = app_json(r)
    assert saw["body_len"] == len(body), saw
    assert saw["body_sha"] == hashlib.sha256(body.encode()).hexdigest(), saw
    assert saw["method"] == "POST" and saw["cookies"] == "", saw


def metric(srv, name, label=""):
    r = srv.get("/metrics")
    assert r.status == 200, r
    m = re.search(r"^%s\{[^}]*%s[^}]*\} (\d+)$" % (re.escape(name), re.escape(label)), r.text,
                  re.M)
    assert m, r.text
    return int(m.group(1))


def test_sessions_started_and_ended_by_the_cookie_are_counted(srv):
    started = metric(srv, "session_timeout_sessions_started_total")
    ended = metric(srv, "session_timeout_sessions_ended_total", 'how="end_header"')
    tok = session_of(login(srv))
    assert metric(srv, "session_timeout_sessions_started_total") == started + 1
    r = srv.get("/wiki/wiki.cgi?do=logout", headers=H.NAV + [
        cookies("session_timeout=" + tok, app_cookie("alice"))])
    assert r.session_cookies()[0].expired, r
    assert metric(srv, "session_timeout_sessions_ended_total", 'how="end_header"') == ended + 1


def test_logout_in_the_application_ends_our_session(srv):
    t = now()
    tok = mint(user="alice", created=t - 100, last=t - 10)
    r = srv.get("/wiki/wiki.cgi?do=logout", headers=H.NAV + [
        cookies("session_timeout=" + tok, app_cookie("alice"))])
    assert r.status == 200, r
    ours = r.session_cookies()
    assert len(ours) == 1 and ours[0].expired, r
    assert "private" in r.header("Cache-Control"), r
    # the application's own expiry stays the application's: we add none of ours for it
    assert [c.value for c in r.set_cookies("appsid")] == ["deleted"], r


def test_anonymous_post_without_the_login_field_is_rejected(srv):
    for target, body in (("/wiki/wiki.cgi?id=start", "id=start&do=save&wikitext=defaced"),
                         ("/wiki/wiki.cgi?do=login", "do=save&wikitext=defaced"),
                         ("/wiki/wiki.cgi?id=start", "do=login&do=save"),
                         ("/wiki/wiki.cgi?id=start", "do=login&do[]=save"),
                         ("/wiki/wiki.cgi?id=start", "")):
        r = srv.post(target, headers=H.NAV + FORM + [cookies(app_cookie("alice"))], body=body)
        assert r.status == 303, (target, body, r)
        path, query, _ = H.location_parts(r, srv.port)
        assert (path, query) == ("/wiki/wiki.cgi", {"do": ["login"]}), r
        assert r.header("Content-Type") != "application/json", r  # the application never ran


def test_a_forged_referer_does_not_help(srv):
    ref = "http://localhost:%d/wiki/wiki.cgi?do=login" % srv.port
    r = srv.post("/wiki/wiki.cgi?id=start", headers=H.NAV + FORM + [("Referer", ref)],
                 body="id=start&do=save&wikitext=defaced")
    assert r.status == 303, r
    assert r.header("Content-Type") != "application/json", r


def test_login_in_the_query_of_a_post_does_not_count(srv):
    # PHP lets the body win: a query that names the login proves nothing
    r = srv.post("/wiki/wiki.cgi?do=login", headers=H.NAV + FORM, body="do=save&wikitext=x")
    assert r.status == 303, r


def test_other_bodies_are_not_read_as_logins(srv):
    big = "do=login&u=alice&p=pw-alice&pad=" + "a" * 17000
    for hdrs, body in ((FORM, big),
                       ([("Content-Type", "multipart/form-data; boundary=b")],
                        "--b\r\nContent-Disposition: form-data; name=\"do\"\r\n\r\nlogin\r\n--b--\r\n"),
                       ([("Content-Type", "application/json")], '{"do": "login"}'),
                       ([], "do=login")):
        # (request(), not post(), which would add a form Content-Type)
        r = srv.request("POST", "/wiki/wiki.cgi?id=start", headers=H.NAV + hdrs, body=body)
        assert r.status == 303, (hdrs, r)
        assert r.session_cookies() == [], r


def test_put_is_never_a_login_request(srv):
    r = srv.request("PUT", "/wiki/wiki.cgi?do=login", headers=H.NAV + FORM, body="do=login")
    assert r.status == 303, r


def test_relogin_with_an_expired_session(srv):
    t = now()
    stale = mint(user="alice", created=t - 9 * 3600, last=t - 60)  # lifetime passed
    r = login(srv, headers=[cookies("session_timeout=" + stale, app_cookie("alice"))])
    assert r.status == 303, r
    saw = app_json(r)
    assert saw["cookies"] == "" and saw["st_reason"] == "lifetime", saw
    tok = session_of(r)
    assert H.parse_token(tok)["sid"] != H.parse_token(stale)["sid"]
    H.assert_valid_token(tok, KEY1, user="alice")


def test_failed_login_starts_nothing_and_drops_a_stale_session(srv):
    r = login(srv, password="wrong")
    assert r.status == 403, r
    assert r.session_cookies() == [], r  # no session of ours was sent, none is set or expired
    t = now()
    stale = mint(user="alice", created=t - 4000, last=t - 3600)
    r = login(srv, password="wrong", headers=[cookies("session_timeout=" + stale)])
    assert r.status == 403, r
    ours = r.session_cookies()
    assert len(ours) == 1 and ours[0].expired, r


def test_the_application_renewing_its_cookie_keeps_the_session(srv):
    t = now()
    tok = mint(user="alice", created=t - 1000, last=t - 10)
    r = srv.get("/wiki/wiki.cgi?do=renew", headers=H.NAV + [
        cookies("session_timeout=" + tok, app_cookie("alice"))])
    assert r.status == 200, r
    assert app_json(r)["user"] == "alice"
    assert r.new_token() is None, r  # not restarted (and no refresh due yet)
    assert not r.has_header("X-App-User"), r
    # once a refresh is due, it is a refresh: same session id and CREATED
    tok = mint(user="alice", created=t - 1000, last=t - 120)
    r = srv.get("/wiki/wiki.cgi?do=renew", headers=H.NAV + [
        cookies("session_timeout=" + tok, app_cookie("alice"))])
    new = session_of(r)
    assert H.parse_token(new)["sid"] == H.parse_token(tok)["sid"]
    assert H.parse_token(new)["created"] == t - 1000


def test_a_login_as_another_user_restarts_the_session(srv):
    t = now()
    tok = mint(user="bob", created=t - 1000, last=t - 10)
    r = login(srv, user="carol", headers=[cookies("session_timeout=" + tok, app_cookie("bob"))])
    assert r.status == 303, r
    new = session_of(r)
    f = H.assert_valid_token(new, KEY1, user="carol")
    assert f["sid"] != H.parse_token(tok)["sid"] and f["created"] >= t


def test_without_a_user_source_the_session_has_no_name(srv):
    r = login(srv, prefix="/anon")
    assert r.status == 303, r
    tok = session_of(r)
    H.assert_valid_token(tok, KEY1, user="")
    assert r.has_header("X-App-User")  # not a user source here: the application's business
    r = srv.get("/anon/wiki.cgi?id=start", headers=H.NAV + [
        cookies("session_timeout=" + tok, app_cookie("alice"))])
    assert r.status == 200 and app_json(r)["st_user"] == "", r


def test_remote_user_names_the_session(srv):
    import base64
    basic = ("Authorization", "Basic " + base64.b64encode(b"alice:pw-alice").decode())
    r = login(srv, prefix="/basic", headers=[basic])
    assert r.status == 303, r
    H.assert_valid_token(session_of(r), KEY1, user="alice")
    assert app_json(r)["remote_user"] == "alice"


def test_env_names_the_session(srv):
    r = login(srv, prefix="/envu")
    assert r.status == 303, r
    H.assert_valid_token(session_of(r), KEY1, user="from-env")


def test_proxied_login_request_gets_its_body_and_no_session_cookies(srv):
    body = "id=start&do=login&u=alice&p=x"
    r = srv.post("/pwiki/doku.php?id=start", headers=H.NAV + FORM + [
        cookies("session_timeout=junk", "appsid=abc", "lang=de")], body=body)
    assert r.status == 200, r
    saw = json.loads(r.text)
    assert saw["body"] == body, saw
    sent = [v for k, v in saw["headers"] if k.lower() == "cookie"]
    assert sent == ["lang=de"], saw
    # and a chunked body too
    raw = ("POST /pwiki/doku.php?id=start HTTP/1.1\r\nHost: localhost\r\n"
           "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n"
           "Connection: close\r\n\r\n"
           "8\r\nid=start\r\n15\r\n&do=login&u=alice&p=x\r\n0\r\n\r\n")
    r = H.parse_raw_response(H.send_raw(srv.port, raw.encode()))
    assert r.status == 200, r
    assert json.loads(r.body)["body"] == body, r


def test_proxied_post_without_the_login_field_never_reaches_the_backend(srv):
    r = srv.post("/pwiki/doku.php?id=start", headers=H.NAV + FORM, body="id=start&do=save")
    assert r.status == 303, r
    assert r.header("Content-Type") != "application/json", r
    r = srv.get("/pwiki/doku.php?do=login", headers=H.NAV)
    assert r.status == 200 and json.loads(r.text)["method"] == "GET", r


@pytest.mark.parametrize("line, says", [
    ("SessionTimeoutStartOnCookie appsid user=cookie:x", "is not a user source"),
    ("SessionTimeoutStartOnCookie appsid user=header:Set-Cookie", "is reserved"),
    ("SessionTimeoutStartOnCookie \"a b\"", "cookie name"),
    ("SessionTimeoutLoginRequest do=", "not a usable form field rule"),
])
def test_bad_values_fail_the_config_check(httpd_per_test, line, says):
    s = httpd_per_test("SessionTimeoutSecret file:@KEY1@\n<Location /x/>\n%s\n</Location>\n"
                       % line, start=False)
    rc, out = s.configtest()
    assert rc != 0 and says in out and line.split()[0] in out, out


@pytest.mark.parametrize("line", ["SessionTimeoutStartOnCookie appsid",
                                  "SessionTimeoutLoginRequest do=login"])
def test_server_wide_use_is_refused(httpd_per_test, line):
    s = httpd_per_test("SessionTimeoutSecret file:@KEY1@\n%s\n" % line, start=False)
    rc, out = s.configtest()
    assert rc != 0 and "not allowed here" in out, out


def test_start_on_cookie_needs_a_secret(httpd_per_test):
    s = httpd_per_test("<Location /x/>\nSessionTimeoutStartOnCookie appsid\n</Location>\n",
                       start=False)
    rc, out = s.configtest()
    assert rc != 0 and "MST00115" in out, out

# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""Valid sessions (SPEC section 4 step 3): they pass, the backend sees the
session in its environment (and a client cannot forge it), the cookie is
re-issued only after the refresh interval with the same SID and CREATED,
passive locations never refresh, and key rotation re-issues old-key tokens
with the first key."""
import re
import time

import pytest

import mst_harness as H
from mst_harness import KEY1, KEY2, mint, now

CONF = """
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutSecret file:@KEY2@
SessionTimeoutLifetime 8h
SessionTimeoutInactivity 30m
SessionTimeoutLoginURL /login/
<Location /login/>
    SessionTimeout Off
</Location>
<Location /poll/>
    SessionTimeoutActivity Off
</Location>
# an admin rule copying a request header into our variables: the module
# must still be the only source of them in enforced scopes
SetEnvIf X-Forged-User "(.+)" SESSION_TIMEOUT_USER=$1 SESSION_TIMEOUT_ID=$1 SESSION_TIMEOUT_REASON=$1
Alias /slow-refresh "@DOCROOT@/app"
<Location /slow-refresh>
    SessionTimeoutRefreshInterval 5m
</Location>
"""

UNSET = "<unset>"
ENV_NAMES = ["SESSION_TIMEOUT_USER", "SESSION_TIMEOUT_ID", "SESSION_TIMEOUT_EXPIRES_IN",
             "SESSION_TIMEOUT_LIMIT", "SESSION_TIMEOUT_REASON"]


@pytest.fixture(scope="module")
def srv(httpd_factory):
    return httpd_factory(CONF)


def test_valid_cookie_passes_static(srv):
    t = now()
    r = srv.get("/app/page.html", cookie=mint(created=t - 1000, last=t - 20))
    assert r.status == 200, r
    assert "page in /app" in r.text
    assert r.session_cookies() == []
    assert r.header("X-Test-Reason") is None


def test_valid_cookie_head(srv):
    t = now()
    r = srv.request("HEAD", "/app/page.html", cookie=mint(created=t - 100, last=t - 5))
    assert r.status == 200, r


def test_env_vars_for_cgi(srv):
    t = now()
    tok = mint(user="alice", created=t - 1000, last=t - 20)
    sid = H.parse_token(tok)["sid"]
    r = srv.get("/app/env.cgi", cookie=tok)
    assert r.status == 200, r
    env = r.env()
    assert env["SESSION_TIMEOUT_USER"] == "alice"
    assert env["SESSION_TIMEOUT_ID"] == sid
    assert env["SESSION_TIMEOUT_LIMIT"] == "inactivity"
    # 30m - 20s, minus the seconds the clock may have ticked
    assert 1780 - 3 <= int(env["SESSION_TIMEOUT_EXPIRES_IN"]) <= 1780, env
    assert env["SESSION_TIMEOUT_REASON"] == UNSET
    assert r.session_cookies() == []


def test_env_vars_lifetime_is_earliest(srv):
    t = now()
    tok = mint(created=t - 8 * 3600 + 600, last=t - 10)
    env = srv.get("/app/env.cgi", cookie=tok).env()
    assert env["SESSION_TIMEOUT_LIMIT"] == "lifetime"
    assert 600 - 3 <= int(env["SESSION_TIMEOUT_EXPIRES_IN"]) <= 600, env


def test_env_utf8_user(srv):
    t = now()
    r = srv.get("/app/env.cgi", cookie=mint(user="jörg@example.org", created=t - 10, last=t - 5))
    assert r.status == 200, r
    assert r.env()["SESSION_TIMEOUT_USER"] == "jörg@example.org"


def test_empty_user_is_a_valid_session(srv):
    t = now()
    tok = mint(user="", created=t - 10, last=t - 5)
    r = srv.get("/app/env.cgi", cookie=tok)
    assert r.status == 200, r
    assert r.env()["SESSION_TIMEOUT_ID"] == H.parse_token(tok)["sid"]


def test_env_visible_to_access_log(srv):
    t = now()
    tok = mint(user="logme", created=t - 10, last=t - 5)
    sid = H.parse_token(tok)["sid"]
    assert srv.get("/app/page.html?access-log-probe", cookie=tok).status == 200
    with open(srv.access_log) as f:
        lines = [l for l in f if "access-log-probe" in l]
    assert len(lines) == 1 and "user=logme" in lines[0] and "sid=%s" % sid in lines[0], lines


FORGED = [("SESSION_TIMEOUT_USER", "mallory"), ("Session-Timeout-User", "mallory"),
          ("SESSION_TIMEOUT_ID", "forged-sid"), ("Session-Timeout-Id", "forged-sid"),
          ("Session-Timeout-Expires-In", "999999"), ("SESSION_TIMEOUT_LIMIT", "forged"),
          ("Session-Timeout-Reason", "forged"), ("SESSION_TIMEOUT_REASON", "forged")]


def test_client_headers_do_not_set_env(srv):
    t = now()
    tok = mint(user="alice", created=t - 100, last=t - 10)
    r = srv.get("/app/env.cgi", FORGED, cookie=tok)
    assert r.status == 200, r
    env = r.env()
    assert env["SESSION_TIMEOUT_USER"] == "alice"
    assert env["SESSION_TIMEOUT_ID"] == H.parse_token(tok)["sid"]
    assert env["SESSION_TIMEOUT_LIMIT"] == "inactivity"
    assert int(env["SESSION_TIMEOUT_EXPIRES_IN"]) <= 1800
    assert env["SESSION_TIMEOUT_REASON"] == UNSET


def test_setenvif_from_client_header_is_overridden(srv):
    t = now()
    tok = mint(user="alice", created=t - 100, last=t - 10)
    r = srv.get("/app/env.cgi", [("X-Forged-User", "mallory")], cookie=tok)
    assert r.status == 200, r
    env = r.env()
    assert env["SESSION_TIMEOUT_USER"] == "alice", env
    assert env["SESSION_TIMEOUT_ID"] == H.parse_token(tok)["sid"], env
    assert env["SESSION_TIMEOUT_REASON"] == UNSET, env


def test_client_headers_do_not_set_env_where_off(srv):
    r = srv.get("/login/env.cgi", FORGED)
    assert r.status == 200, r
    env = r.env()
    for name in ENV_NAMES:
        assert env[name] == UNSET, env
    assert not any(k.startswith("OTHER_SESSION_TIMEOUT") for k in env), env


def test_client_headers_do_not_set_env_without_session(srv):
    # no cookie on a passive location: rejected; the forged headers change nothing
    r = srv.get("/poll/env.cgi", FORGED)
    assert r.status == 302, r
    assert r.header("X-Test-Reason") == "missing"


def test_no_refresh_before_interval(srv):
    # default interval: min(60s, 30m/10) = 60s
    t = now()
    r = srv.get("/app/page.html", cookie=mint(created=t - 500, last=t - 50))
    assert r.status == 200
    assert r.session_cookies() == [], r


def test_refresh_after_interval_keeps_sid_and_created(srv):
    t0 = now()
    created = t0 - 5000
    tok = mint(user="alice", created=created, last=t0 - 61)
    f0 = H.parse_token(tok)
    r = srv.get("/app/page.html", cookie=tok)
    t1 = now()
    assert r.status == 200, r
    new = H.assert_fresh_cookie(r)
    H.assert_valid_token(new, KEY1, user="alice", sid=f0["sid"], created=created,
                         last_between=(t0, t1))
    # the re-issued cookie is valid and not re-issued again at once
    r2 = srv.get("/app/page.html", cookie=new)
    assert r2.status == 200 and r2.session_cookies() == [], r2


def test_refresh_on_cgi_and_env_expires_in_from_new_last(srv):
    t0 = now()
    tok = mint(created=t0 - 5000, last=t0 - 600)
    r = srv.get("/app/env.cgi", cookie=tok)
    assert r.status == 200
    H.assert_fresh_cookie(r)
    assert 1800 - 3 <= int(r.env()["SESSION_TIMEOUT_EXPIRES_IN"]) <= 1800, r.env()


def test_refresh_on_plain_404(srv):
    # no ErrorDocument here: httpd generates the 404 page itself; the refresh
    # due on this request is still sent (SPEC: cookies in err_headers_out)
    t0 = now()
    tok = mint(created=t0 - 1000, last=t0 - 120)
    r = srv.get("/app/does-not-exist.html", cookie=tok)
    assert r.status == 404, r
    H.assert_valid_token(H.assert_fresh_cookie(r), sid=H.parse_token(tok)["sid"],
                         created=t0 - 1000, last_between=(t0, now()))


def test_explicit_refresh_interval(srv):
    t = now()
    r = srv.get("/slow-refresh/page.html", cookie=mint(created=t - 1000, last=t - 240))
    assert r.status == 200 and r.session_cookies() == [], r
    tok = mint(created=t - 1000, last=t - 301)
    r = srv.get("/slow-refresh/page.html", cookie=tok)
    assert r.status == 200
    H.assert_valid_token(H.assert_fresh_cookie(r), sid=H.parse_token(tok)["sid"],
                         created=t - 1000, last_between=(t, now()))


def test_refresh_on_post(srv):
    t = now()
    r = srv.post("/app/env.cgi", cookie=mint(created=t - 1000, last=t - 100))
    assert r.status == 200, r
    assert r.env()["REQUEST_METHOD"] == "POST"
    H.assert_fresh_cookie(r)


def test_passive_location_never_refreshes(srv):
    t = now()
    tok = mint(user="poller", created=t - 5000, last=t - 1500)
    for target in ("/poll/page.html", "/poll/env.cgi"):
        r = srv.get(target, cookie=tok)
        assert r.status == 200, r
        assert r.session_cookies() == [], r
    env = r.env()
    assert env["SESSION_TIMEOUT_USER"] == "poller"
    # LAST did not move: 300 s left
    assert 300 - 3 <= int(env["SESSION_TIMEOUT_EXPIRES_IN"]) <= 300, env
    # a POST there is not activity either
    r = srv.post("/poll/env.cgi", cookie=tok)
    assert r.status == 200 and r.session_cookies() == [], r


def test_passive_location_still_enforces(srv):
    t = now()
    tok = mint(created=t - 5000, last=t - 1801)
    r = srv.get("/poll/page.html", cookie=tok)
    H.assert_redirect(r, srv.port, "inactivity", "/poll/page.html")


def test_key_rotation_old_key_verifies_and_is_reissued(srv):
    t0 = now()
    tok = mint(KEY2, user="rotor", created=t0 - 300, last=t0 - 5)
    f0 = H.parse_token(tok)
    r = srv.get("/app/env.cgi", cookie=tok)
    t1 = now()
    assert r.status == 200, r
    assert r.env()["SESSION_TIMEOUT_USER"] == "rotor"
    new = H.assert_fresh_cookie(r)
    f = H.assert_valid_token(new, KEY1, user="rotor", sid=f0["sid"], created=t0 - 300)
    assert f["last"] == t0 - 5 or t0 <= f["last"] <= t1, f
    assert not H.verifies(new, KEY2)
    # the re-issued token is accepted without another re-issue
    r = srv.get("/app/page.html", cookie=new)
    assert r.status == 200 and r.session_cookies() == [], r


def test_first_key_token_not_reissued(srv):
    t = now()
    r = srv.get("/app/page.html", cookie=mint(KEY1, created=t - 300, last=t - 5))
    assert r.status == 200 and r.session_cookies() == [], r


def test_secret_file_trailing_newline_is_stripped(srv):
    # the key files end in "\n": a token keyed with the stripped secret verifies
    # (all tokens above rely on it); a token keyed with the newline does not
    t = now()
    r = srv.get("/app/page.html", cookie=mint(KEY1 + b"\n", created=t - 10, last=t - 5))
    assert r.status == 302, r
    assert r.header("X-Test-Reason") == "invalid"

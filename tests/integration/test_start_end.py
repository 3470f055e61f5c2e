# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""Starting and ending sessions from backend response headers (SPEC section 6
and section 3): a CGI or a proxied backend answering with the start header
starts a fresh session (new SID, CREATED = LAST = now), also where
SessionTimeout is Off; the end header expires it; neither header reaches the
client; invalid user names start nothing; a client cannot start a session by
sending the header itself."""
import pytest

import mst_harness as H
from mst_harness import KEY1, mint, now

CONF = """
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLifetime 8h
SessionTimeoutInactivity 30m
SessionTimeoutLoginURL /login/
SessionTimeoutClearCookie PHPSESSID
# the start and end headers are honoured only in the sections that set them
# (SPEC section 9, Trust; test_trust.py)
<Location /login/>
    SessionTimeout Off
    SessionTimeoutStartHeader X-Session-Start
    SessionTimeoutEndHeader X-Session-End
</Location>
<Location /app/>
    SessionTimeoutStartHeader X-Session-Start
    SessionTimeoutEndHeader X-Session-End
</Location>
ProxyPass /backend/ http://@BACKEND@/
ProxyPass /backend-login/ http://@BACKEND@/
<Location /backend/>
    SessionTimeoutStartHeader X-Session-Start
    SessionTimeoutEndHeader X-Session-End
</Location>
<Location /backend-login/>
    SessionTimeout Off
    SessionTimeoutStartHeader X-Session-Start
    SessionTimeoutEndHeader X-Session-End
</Location>
"""


@pytest.fixture(scope="module")
def srv(httpd_factory):
    return httpd_factory(CONF)


def assert_started(resp, user, t0, t1, old_sid=None):
    assert not resp.has_header("X-Session-Start"), resp
    tok = H.assert_fresh_cookie(resp)
    f = H.assert_valid_token(tok, KEY1, user=user)
    assert f["created"] == f["last"], f
    assert t0 <= f["created"] <= t1, (f, t0, t1)
    if old_sid is not None:
        assert f["sid"] != old_sid
    return tok


def assert_ended(resp):
    assert not resp.has_header("X-Session-End"), resp
    H.assert_cleared(resp, ("PHPSESSID",))


def test_cgi_start_on_login_location(srv):
    t0 = now()
    r = srv.get("/login/start.cgi?user=alice")
    t1 = now()
    assert r.status == 200, r
    assert r.text == "started\n"
    tok = assert_started(r, "alice", t0, t1)
    # the new session works where enforced
    r = srv.get("/app/env.cgi", cookie=tok)
    assert r.status == 200, r
    assert r.env()["SESSION_TIMEOUT_USER"] == "alice"
    assert r.env()["SESSION_TIMEOUT_ID"] == H.parse_token(tok)["sid"]


def test_cgi_start_on_redirect_response(srv):
    t0 = now()
    r = srv.get("/login/start.cgi?user=alice&status=303&location=/app/page.html")
    assert r.status == 303, r
    assert r.header("Location").endswith("/app/page.html")
    assert_started(r, "alice", t0, now())


def test_cgi_start_replaces_existing_session(srv):
    t0 = now()
    old = mint(user="bob", created=t0 - 1000, last=t0 - 120)  # refresh would be due
    old_sid = H.parse_token(old)["sid"]
    r = srv.get("/app/start.cgi?user=carol", cookie=old)
    assert r.status == 200, r
    assert_started(r, "carol", t0, now(), old_sid=old_sid)


def test_each_start_gets_a_new_sid(srv):
    sids = set()
    for _ in range(3):
        r = srv.get("/login/start.cgi?user=alice")
        sids.add(H.parse_token(H.assert_fresh_cookie(r))["sid"])
    assert len(sids) == 3


def test_cgi_start_utf8_and_255_byte_users(srv):
    t0 = now()
    r = srv.get("/login/start.cgi?user=j%C3%B6rg%40example.org")
    assert_started(r, "jörg@example.org", t0, now())
    r = srv.get("/login/start.cgi?user=" + "a" * 255)
    assert_started(r, "a" * 255, t0, now())


@pytest.mark.parametrize("user", ["", "a" * 256, "b" * 300])
def test_cgi_start_invalid_user_starts_nothing(srv, user, expect_log):
    expect_log("MST00010")  # start header ignored (logged at info)
    mark = srv.mark()
    r = srv.get("/login/start.cgi?user=" + user)
    assert r.status == 200, r
    assert not r.has_header("X-Session-Start"), r
    assert r.session_cookies() == [], r
    logged = [l for l in srv.log_lines(mark)
              if "[session_timeout:" in l and "[session_timeout:debug]" not in l
              and "[session_timeout:trace" not in l]
    assert logged, "the refused start header was not logged:\n" + srv.log_text(mark)


def test_cgi_start_invalid_user_keeps_existing_session(srv, expect_log):
    expect_log("MST00010")  # start header ignored (logged at info)
    t = now()
    tok = mint(user="dave", created=t - 100, last=t - 5)
    r = srv.get("/app/start.cgi?user=", cookie=tok)
    assert r.status == 200, r
    assert not r.has_header("X-Session-Start")
    assert r.new_token() is None, r


def test_proxy_start_on_login_location(srv):
    t0 = now()
    r = srv.get("/backend-login/start?user=erin")
    assert r.status == 200, r
    tok = assert_started(r, "erin", t0, now())
    assert srv.get("/backend/echo", cookie=tok).status == 200


def test_proxy_start_on_redirect(srv):
    t0 = now()
    r = srv.get("/backend-login/start?user=frank&status=302&location=/app/")
    assert r.status == 302, r
    assert_started(r, "frank", t0, now())


def test_proxy_start_where_enforced(srv):
    t0 = now()
    old = mint(user="gina", created=t0 - 100, last=t0 - 5)
    r = srv.get("/backend/start?user=gina2", cookie=old)
    assert r.status == 200, r
    assert_started(r, "gina2", t0, now(), old_sid=H.parse_token(old)["sid"])


def test_proxy_start_invalid_user(srv, expect_log):
    expect_log("MST00010")  # start header ignored (logged at info)
    r = srv.get("/backend-login/start?user=" + "z" * 256)
    assert r.status == 200
    assert not r.has_header("X-Session-Start")
    assert r.session_cookies() == [], r


def test_cgi_end_header_expires_session(srv):
    t = now()
    tok = mint(user="henry", created=t - 1000, last=t - 120)  # refresh would be due
    r = srv.get("/app/end.cgi", [H.cookie_hdr(tok, ("PHPSESSID", "abc"))])
    assert r.status == 200, r
    assert r.text == "bye\n"
    assert_ended(r)


def test_cgi_end_header_where_off(srv):
    t = now()
    r = srv.get("/login/end.cgi", cookie=mint(created=t - 100, last=t - 5))
    assert r.status == 200
    assert_ended(r)


def test_proxy_end_header(srv):
    t = now()
    r = srv.get("/backend/end", cookie=mint(created=t - 100, last=t - 5))
    assert r.status == 200, r
    assert_ended(r)


def test_client_sent_start_header_starts_nothing(srv):
    r = srv.get("/login/env.cgi", [("X-Session-Start", "mallory")])
    assert r.status == 200
    assert r.header_all("Set-Cookie") == [], r
    r = srv.get("/backend-login/echo", [("X-Session-Start", "mallory")])
    assert r.status == 200
    assert r.header_all("Set-Cookie") == [], r


def test_client_sent_start_header_on_enforced_location(srv):
    t = now()
    tok = mint(user="ivan", created=t - 100, last=t - 5)
    r = srv.get("/app/env.cgi", [("X-Session-Start", "mallory"), H.cookie_hdr(tok)])
    assert r.status == 200
    assert r.env()["SESSION_TIMEOUT_USER"] == "ivan"
    assert r.session_cookies() == [], r
    # without a session the request is still rejected
    r = srv.get("/app/env.cgi", [("X-Session-Start", "mallory")])
    H.assert_redirect(r, srv.port, "missing", "/app/env.cgi")


def test_client_sent_end_header_ends_nothing(srv):
    t = now()
    r = srv.get("/app/page.html", [("X-Session-End", "1")],
                cookie=mint(created=t - 100, last=t - 5))
    assert r.status == 200
    assert r.header_all("Set-Cookie") == [], r

# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""Expiry (SPEC section 4 steps 2 and 5): lifetime and inactivity each send a
navigation to the login URL with the right reason, the return path, cleared
cookies and no-store; a missing cookie is redirected without clearing; the
boundary second is expired. Runs under mpm_event and mpm_prefork."""
import time

import pytest

import mst_harness as H
from mst_harness import mint, now

CONF = """
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLifetime 8h
SessionTimeoutInactivity 30m
SessionTimeoutLoginURL /login/
SessionTimeoutClearCookie PHPSESSID app_session
<Location /login/>
    SessionTimeout Off
</Location>
Alias /lboundary "@DOCROOT@/app"
<Location /lboundary>
    SessionTimeoutLifetime 100
    SessionTimeoutInactivity Off
</Location>
Alias /iboundary "@DOCROOT@/app"
<Location /iboundary>
    SessionTimeoutInactivity 100
</Location>
<Location /short/>
    SessionTimeoutInactivity 2
</Location>
Alias /why "@DOCROOT@/app"
<Location /why>
    SessionTimeoutLoginURL "/login/?why=%{reqenv:SESSION_TIMEOUT_REASON}"
</Location>
"""

CLEAR = ("PHPSESSID", "app_session")
HOUR = 3600


@pytest.fixture(scope="module", params=["event", "prefork"])
def srv(request, backend):
    with H.running(CONF, mpm=request.param, name="expiry-" + request.param,
                   backend_port=backend.port) as s:
        yield s


def app_cookies(tok):
    return [H.cookie_hdr(("PHPSESSID", "app123"), tok, ("app_session", "xyz"))]


def test_lifetime_expiry_get(srv):
    t = now()
    tok = mint(user="alice", created=t - 8 * HOUR - 5, last=t - 10)
    sid = H.parse_token(tok)["sid"]
    mark = srv.mark()
    r = srv.get("/app/page.html?x=1&y=two", H.NAV + app_cookies(tok))
    H.assert_redirect(r, srv.port, "lifetime", "/app/page.html?x=1&y=two", clear=CLEAR)
    H.assert_reject_logged(srv, mark, "lifetime", sid=sid, user="alice")


def test_inactivity_expiry_get(srv):
    t = now()
    tok = mint(user="bob", created=t - HOUR, last=t - 31 * 60)
    sid = H.parse_token(tok)["sid"]
    mark = srv.mark()
    r = srv.get("/app/env.cgi", app_cookies(tok))
    H.assert_redirect(r, srv.port, "inactivity", "/app/env.cgi", clear=CLEAR)
    H.assert_reject_logged(srv, mark, "inactivity", sid=sid, user="bob")


def test_inactivity_expiry_post_is_303(srv):
    t = now()
    tok = mint(created=t - HOUR, last=t - 31 * 60)
    r = srv.post("/app/env.cgi", [H.cookie_hdr(tok),
                                  ("Referer", "http://localhost:%d/app/form.html" % srv.port)])
    H.assert_redirect(r, srv.port, "inactivity", "/app/form.html", status=303)


def test_lifetime_expiry_post_without_referer_returns_to_root(srv):
    t = now()
    tok = mint(created=t - 9 * HOUR, last=t - 60)
    r = srv.post("/app/env.cgi", [H.cookie_hdr(tok)])
    H.assert_redirect(r, srv.port, "lifetime", "/", status=303)


def test_head_is_302(srv):
    t = now()
    r = srv.request("HEAD", "/app/page.html", cookie=mint(created=t - 9 * HOUR, last=t - 60))
    H.assert_redirect(r, srv.port, "lifetime", "/app/page.html")


def test_both_passed_inactivity_first(srv):
    t = now()
    # inactivity passed at t-8h20m, lifetime at t-1h
    r = srv.get("/app/page.html", cookie=mint(created=t - 9 * HOUR, last=t - 8 * HOUR - 50 * 60))
    H.assert_redirect(r, srv.port, "inactivity", "/app/page.html")


def test_both_passed_lifetime_first(srv):
    t = now()
    # lifetime passed at t-40m, inactivity at t-5m
    r = srv.get("/app/page.html", cookie=mint(created=t - 8 * HOUR - 40 * 60, last=t - 35 * 60))
    H.assert_redirect(r, srv.port, "lifetime", "/app/page.html")


def test_missing_cookie_redirects_without_clearing(srv):
    mark = srv.mark()
    r = srv.get("/app/page.html?a=b", H.NAV + [H.cookie_hdr(("PHPSESSID", "app123"))])
    H.assert_redirect(r, srv.port, "missing", "/app/page.html?a=b", clear=CLEAR)
    assert r.header_all("Set-Cookie") == [], r
    H.assert_reject_logged(srv, mark, "missing")


def test_missing_cookie_no_cookie_header(srv):
    r = srv.get("/")
    H.assert_redirect(r, srv.port, "missing", "/")


def test_invalid_cookie_clears(srv):
    r = srv.get("/app/page.html", app_cookies("not-a-token"))
    H.assert_redirect(r, srv.port, "invalid", "/app/page.html", clear=CLEAR)


def test_login_location_is_not_enforced(srv):
    r = srv.get("/login/page.html")
    assert r.status == 200, r
    assert r.header_all("Set-Cookie") == []
    t = now()
    # an expired cookie on the login page is neither rejected nor cleared
    r = srv.get("/login/page.html", cookie=mint(created=t - 9 * HOUR, last=t - 60))
    assert r.status == 200, r
    assert r.header_all("Set-Cookie") == []


def test_lifetime_boundary_second(srv):
    t = now()
    # now >= CREATED + 100 whatever the clock did since t
    r = srv.get("/lboundary/page.html", cookie=mint(created=t - 100, last=t - 100))
    # still valid under the site's 8h: the session is kept for the rest
    H.assert_redirect(r, srv.port, "lifetime", "/lboundary/page.html", kept=True)
    r = srv.get("/lboundary/page.html", cookie=mint(created=t - 95, last=t - 95))
    assert r.status == 200, r


def test_inactivity_boundary_second(srv):
    t = now()
    r = srv.get("/iboundary/page.html", cookie=mint(created=t - 1000, last=t - 100))
    H.assert_redirect(r, srv.port, "inactivity", "/iboundary/page.html", kept=True)
    r = srv.get("/iboundary/page.html", cookie=mint(created=t - 1000, last=t - 95))
    assert r.status == 200, r


def _same_second(fn):
    """Runs fn(t) early in a second; returns its result if the second did not
    change meanwhile (a few tries, real time: at most ~3 s)."""
    for _ in range(4):
        frac = time.time() % 1
        if frac > 0.5:
            time.sleep(1.02 - frac)
        t = now()
        res = fn(t)
        if now() == t:
            return res
    pytest.fail("could not send a request within one wall-clock second")


def test_exact_boundary_one_second_before_is_valid(srv):
    # CREATED = now - 99: valid when served within the same second
    r = _same_second(lambda t: srv.get("/lboundary/page.html",
                                       cookie=mint(created=t - 99, last=t - 99)))
    assert r.status == 200, r


def test_real_time_inactivity(srv):
    # real-time check (2 s limit): fresh token passes, then expires by waiting
    t = now()
    tok = mint(created=t, last=t)
    r = srv.get("/short/page.html", cookie=tok)
    assert r.status == 200, r
    time.sleep(max(0.0, t + 2.05 - time.time()))
    r = srv.get("/short/page.html", cookie=tok)
    H.assert_redirect(r, srv.port, "inactivity", "/short/page.html", kept=True)


def test_login_url_expression_sees_reason(srv):
    t = now()
    r = srv.get("/why/page.html", cookie=mint(created=t - 9 * HOUR, last=t - 60))
    H.assert_redirect(r, srv.port, "lifetime", "/why/page.html", login="/login/?why=lifetime")
    r = srv.get("/why/page.html")
    H.assert_redirect(r, srv.port, "missing", "/why/page.html", login="/login/?why=missing")

# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""The warning header (SPEC section 4 step 4): `remaining=N, limit=...` only
when the earliest expiry, computed from the LAST the client holds after this
response, is within the window; on every status code (also 404 and proxied
responses); under a custom name where configured."""
import pytest

import mst_harness as H
from mst_harness import mint, now

CONF = """
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLifetime 1h
SessionTimeoutInactivity 10m
SessionTimeoutWarning 2m
SessionTimeoutLoginURL /login/
<Location /login/>
    SessionTimeout Off
</Location>
<Location /poll/>
    SessionTimeoutActivity Off
</Location>
<Location /custom-warn/>
    SessionTimeoutWarningHeader X-Expiry-Warning
</Location>
Alias /nowarn "@DOCROOT@/app"
<Location /nowarn>
    SessionTimeoutWarning Off
</Location>
Alias /errdoc "@DOCROOT@/app"
<Location /errdoc>
    ErrorDocument 404 /errors/404.html
</Location>
ProxyPass /backend/ http://@BACKEND@/
"""

HOUR = 3600
WARN = "Session-Timeout-Warning"


@pytest.fixture(scope="module")
def srv(httpd_factory):
    return httpd_factory(CONF)


def near_lifetime_end(left):
    t = now()
    return mint(created=t - HOUR + left, last=t - 5)


def test_no_warning_outside_window(srv):
    t = now()
    r = srv.get("/app/page.html", cookie=mint(created=t - 100, last=t - 5))
    assert r.status == 200
    assert H.warning_of(r) is None, r


def test_lifetime_warning(srv):
    r = srv.get("/app/page.html", cookie=near_lifetime_end(90))
    assert r.status == 200
    remaining, limit = H.warning_of(r)
    assert limit == "lifetime"
    assert 87 <= remaining <= 90, remaining


def test_lifetime_warning_window_edge(srv):
    # 125 s left: outside a 2m window; 120 s left: inside
    r = srv.get("/app/page.html", cookie=near_lifetime_end(125))
    assert H.warning_of(r) is None, r
    r = srv.get("/app/page.html", cookie=near_lifetime_end(120))
    w = H.warning_of(r)
    assert w is not None and w[1] == "lifetime" and w[0] <= 120, r


def test_inactivity_warning_on_passive_location(srv):
    t = now()
    r = srv.get("/poll/page.html", cookie=mint(created=t - 600, last=t - 540))
    assert r.status == 200 and r.session_cookies() == [], r
    remaining, limit = H.warning_of(r)
    assert limit == "inactivity"
    assert 57 <= remaining <= 60, remaining


def test_refresh_removes_inactivity_warning(srv):
    # the same token on an active location is refreshed: 10m left, no warning
    t = now()
    r = srv.get("/app/page.html", cookie=mint(created=t - 600, last=t - 540))
    assert r.status == 200
    H.assert_fresh_cookie(r)
    assert H.warning_of(r) is None, r


def test_refresh_keeps_lifetime_warning(srv):
    t = now()
    r = srv.get("/app/page.html", cookie=mint(created=t - HOUR + 100, last=t - 300))
    H.assert_fresh_cookie(r)
    remaining, limit = H.warning_of(r)
    assert limit == "lifetime" and 97 <= remaining <= 100, r


def test_warning_on_404(srv):
    r = srv.get("/app/does-not-exist.html", cookie=near_lifetime_end(60))
    assert r.status == 404, r
    w = H.warning_of(r)
    assert w is not None, r.headers
    remaining, limit = w
    assert limit == "lifetime" and remaining <= 60


def test_warning_on_404_error_document(srv):
    r = srv.get("/errdoc/does-not-exist.html", cookie=near_lifetime_end(60))
    assert r.status == 404, r
    assert "CUSTOM-404-PAGE" in r.text
    assert H.warning_of(r) is not None, r


def test_warning_on_cgi_and_head(srv):
    r = srv.get("/app/env.cgi", cookie=near_lifetime_end(60))
    assert r.status == 200
    remaining, _ = H.warning_of(r)
    assert abs(int(r.env()["SESSION_TIMEOUT_EXPIRES_IN"]) - remaining) <= 2
    r = srv.request("HEAD", "/app/page.html", cookie=near_lifetime_end(60))
    assert r.status == 200 and H.warning_of(r) is not None, r


def test_warning_on_proxied_response(srv):
    r = srv.get("/backend/echo", cookie=near_lifetime_end(60))
    assert r.status == 200, r
    assert H.warning_of(r) is not None, r


def test_warning_on_cgi_redirect_status(srv):
    r = srv.get("/app/start.cgi?status=302&header=X-Other", cookie=near_lifetime_end(60))
    assert r.status == 302, r
    assert H.warning_of(r) is not None, r


def test_custom_warning_header_name(srv):
    r = srv.get("/custom-warn/page.html", cookie=near_lifetime_end(60))
    assert r.status == 200
    assert not r.has_header(WARN), r
    remaining, limit = H.warning_of(r, "X-Expiry-Warning")
    assert limit == "lifetime" and remaining <= 60


def test_warning_off(srv):
    r = srv.get("/nowarn/page.html", cookie=near_lifetime_end(10))
    assert r.status == 200
    assert not r.has_header(WARN), r


def test_no_warning_on_rejection_or_unenforced(srv):
    t = now()
    r = srv.get("/app/page.html", cookie=mint(created=t - HOUR - 1, last=t - 5))
    assert r.status == 302 and not r.has_header(WARN), r
    r = srv.get("/login/page.html", cookie=near_lifetime_end(30))
    assert r.status == 200 and not r.has_header(WARN), r

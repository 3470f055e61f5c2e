# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""Per-vhost and per-directory configuration (SPEC section 3): name-based
vhosts inherit the main server and override single limits, the login URL or
the secret list; <Location> sections switch enforcement off, make a polling
path passive or tighten a limit, and defaults (the refresh interval) follow
the merged values. Subrequests and internal redirects (DirectoryIndex,
ErrorDocument, CGI Location) reuse the verdict: exactly one Set-Cookie."""
import pytest

import mst_harness as H
from mst_harness import KEY1, KEY3, mint, now

CONF = """
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLifetime 8h
SessionTimeoutInactivity 10m
SessionTimeoutLoginURL /login/
ErrorDocument 404 /errors/404.html
<Location /login/>
    SessionTimeout Off
</Location>
<Location /poll/>
    SessionTimeoutActivity Off
</Location>
<Location /admin/>
    SessionTimeoutInactivity 2m
</Location>

<VirtualHost 127.0.0.1:@PORT@>
    ServerName localhost
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName a.test
    SessionTimeoutLifetime 1h
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName b.test
    SessionTimeoutInactivity 5m
    SessionTimeoutLoginURL https://sso.b.test/login
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName c.test
    SessionTimeoutSecret file:@KEY3@
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName cookie.test
    SessionTimeoutCookie my_session "Path=/; HttpOnly; SameSite=Strict"
    SessionTimeoutClockSkew 5s
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName off.test
    SessionTimeout Off
    <Location /members/>
        SessionTimeout On
    </Location>
</VirtualHost>
"""

M = 60
H8 = 8 * 3600


@pytest.fixture(scope="module")
def srv(httpd_factory):
    return httpd_factory(CONF)


def get(srv, host, target, tok=None, headers=()):
    return srv.get(target, list(headers), host="%s:%d" % (host, srv.port), cookie=tok)


def tok(created_ago, last_ago, secret=KEY1, user="alice"):
    t = now()
    return mint(secret, user=user, created=t - created_ago, last=t - last_ago)


# -- main server (default vhost)


def test_main_server_limits(srv):
    assert get(srv, "localhost", "/app/page.html", tok(7 * 3600, 9 * M)).status == 200
    r = get(srv, "localhost", "/app/page.html", tok(3600, 11 * M))
    H.assert_redirect(r, srv.port, "inactivity", "/app/page.html")
    r = get(srv, "localhost", "/app/page.html", tok(H8 + 1, M))
    H.assert_redirect(r, srv.port, "lifetime", "/app/page.html")


# -- vhost a.test: stricter lifetime, inherits the rest


def test_vhost_overrides_lifetime(srv):
    r = get(srv, "a.test", "/app/page.html", tok(61 * M, M))
    assert r.status == 302 and r.header("X-Test-Reason") == "lifetime", r
    assert r.header("Location").endswith("/login/?return_to=/app/page.html"), r
    assert get(srv, "a.test", "/app/page.html", tok(59 * M, M)).status == 200


def test_vhost_inherits_inactivity_and_login(srv):
    r = get(srv, "a.test", "/app/page.html", tok(20 * M, 11 * M))
    assert r.status == 302 and r.header("X-Test-Reason") == "inactivity", r
    assert get(srv, "a.test", "/login/page.html").status == 200


# -- vhost b.test: own inactivity and login URL, inherits lifetime


def test_vhost_overrides_inactivity_and_login_url(srv):
    r = get(srv, "b.test", "/app/page.html?x=1", tok(3600, 6 * M))
    assert r.status == 302 and r.header("X-Test-Reason") == "inactivity", r
    assert r.header("Location") == "https://sso.b.test/login?return_to=/app/page.html%3Fx%3D1"
    assert get(srv, "b.test", "/app/page.html", tok(7 * 3600, 4 * M)).status == 200


def test_vhost_inherits_lifetime(srv):
    r = get(srv, "b.test", "/app/page.html", tok(H8 + 5, M))
    assert r.status == 302 and r.header("X-Test-Reason") == "lifetime", r


# -- vhost c.test: its own secret list replaces the inherited one


def test_vhost_secret_replaces_inherited(srv):
    r = get(srv, "c.test", "/app/page.html", tok(100, 5, KEY1))
    assert r.status == 302 and r.header("X-Test-Reason") == "invalid", r
    assert get(srv, "c.test", "/app/page.html", tok(100, 5, KEY3)).status == 200
    # and its tokens mean nothing on the main server
    r = get(srv, "localhost", "/app/page.html", tok(100, 5, KEY3))
    assert r.header("X-Test-Reason") == "invalid", r


def test_vhost_refresh_signs_with_its_key(srv):
    t0 = now()
    r = get(srv, "c.test", "/app/page.html", tok(1000, 120, KEY3))
    assert r.status == 200
    H.assert_valid_token(H.assert_fresh_cookie(r), KEY3, last_between=(t0, now()))


# -- vhost cookie.test: own cookie name and attributes, own clock skew


def test_vhost_cookie_name_and_attributes(srv):
    t0 = now()
    old = tok(1000, 120)
    r = srv.get("/app/page.html", [("Cookie", "my_session=" + old)], host="cookie.test")
    assert r.status == 200, r
    cs = r.set_cookies("my_session")
    assert len(cs) == 1 and r.session_cookies() == [], r
    assert cs[0].raw == "my_session=%s; Path=/; HttpOnly; SameSite=Strict" % cs[0].value
    H.assert_valid_token(cs[0].value, sid=H.parse_token(old)["sid"], last_between=(t0, now()))
    # our default name means nothing there
    r = srv.get("/app/page.html", host="cookie.test", cookie=tok(100, 5))
    assert r.status == 302 and r.header("X-Test-Reason") == "missing", r


def test_vhost_cookie_expiry_uses_its_name(srv):
    r = srv.get("/app/page.html", [("Cookie", "my_session=" + tok(3600, 11 * M))],
                host="cookie.test")
    assert r.status == 302 and r.header("X-Test-Reason") == "inactivity", r
    assert [c.raw for c in r.set_cookies("my_session")] == [
        "my_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; "
        "Expires=Thu, 01 Jan 1970 00:00:00 GMT"], r


def test_vhost_clock_skew(srv):
    t = now()
    future = mint(created=t + 20, last=t + 20)
    # 20 s ahead: within the default 30 s, beyond cookie.test's 5 s
    assert get(srv, "localhost", "/app/page.html", future).status == 200
    r = srv.get("/app/page.html", [("Cookie", "my_session=" + future)], host="cookie.test")
    assert r.status == 302 and r.header("X-Test-Reason") == "invalid", r


# -- vhost off.test: enforcement off, on again in one <Location>


def test_vhost_off_with_location_on(srv):
    r = get(srv, "off.test", "/app/page.html")
    assert r.status == 200 and r.header_all("Set-Cookie") == [], r
    r = get(srv, "off.test", "/members/page.html")
    H.assert_redirect(r, srv.port, "missing", "/members/page.html")
    assert get(srv, "off.test", "/members/page.html", tok(100, 5)).status == 200


# -- <Location> overrides


@pytest.mark.parametrize("host", ["localhost", "a.test"])
def test_login_location_off(srv, host):
    r = get(srv, host, "/login/page.html")
    assert r.status == 200 and r.header_all("Set-Cookie") == [], r
    r = get(srv, host, "/login/env.cgi", tok(100, 5))
    assert r.env()["SESSION_TIMEOUT_USER"] == "<unset>"


def test_poll_location_passive(srv):
    t = tok(1000, 5 * M)
    r = get(srv, "localhost", "/poll/page.html", t)
    assert r.status == 200 and r.session_cookies() == [], r
    # the same token on an active path is refreshed
    r = get(srv, "localhost", "/app/page.html", t)
    assert r.status == 200
    H.assert_fresh_cookie(r)


def test_poll_location_still_enforces(srv):
    r = get(srv, "localhost", "/poll/page.html", tok(1000, 11 * M))
    H.assert_redirect(r, srv.port, "inactivity", "/poll/page.html")
    # and with the vhost's stricter inactivity in b.test
    r = get(srv, "b.test", "/poll/page.html", tok(1000, 6 * M))
    assert r.status == 302 and r.header("X-Test-Reason") == "inactivity", r


def test_admin_location_stricter_inactivity(srv):
    r = get(srv, "localhost", "/admin/page.html", tok(1000, 150))
    # still valid for the rest of the site: sent to sign in, session kept
    H.assert_redirect(r, srv.port, "inactivity", "/admin/page.html", kept=True)
    assert get(srv, "localhost", "/admin/page.html", tok(1000, 60)).status == 200
    r = get(srv, "localhost", "/admin/page.html", tok(1000, 11 * M))
    H.assert_redirect(r, srv.port, "inactivity", "/admin/page.html")  # over everywhere
    # the same token is fine elsewhere
    assert get(srv, "localhost", "/app/page.html", tok(1000, 150)).status == 200


def test_admin_location_in_vhost_keeps_vhost_lifetime(srv):
    r = get(srv, "a.test", "/admin/page.html", tok(61 * M, 10))
    assert r.status == 302 and r.header("X-Test-Reason") == "lifetime", r
    r = get(srv, "a.test", "/admin/page.html", tok(30 * M, 150))
    assert r.status == 302 and r.header("X-Test-Reason") == "inactivity", r


def test_refresh_default_follows_merged_inactivity(srv):
    # /admin/: 2m inactivity, so the default interval is 12 s; /app/: 60 s
    r = get(srv, "localhost", "/admin/page.html", tok(1000, 30))
    assert r.status == 200
    H.assert_fresh_cookie(r)
    r = get(srv, "localhost", "/app/page.html", tok(1000, 30))
    assert r.status == 200 and r.session_cookies() == [], r


# -- subrequests and internal redirects: one verdict, one Set-Cookie


def test_directory_index_refresh_sets_one_cookie(srv):
    r = get(srv, "localhost", "/dir/", tok(1000, 120))
    assert r.status == 200, r
    assert "DIRECTORY-INDEX-PAGE" in r.text
    assert len(r.header_all("Set-Cookie")) == 1, r
    H.assert_fresh_cookie(r)


def test_directory_index_rejection_once(srv):
    r = get(srv, "localhost", "/dir/", tok(1000, 11 * M))
    H.assert_redirect(r, srv.port, "inactivity", "/dir/")
    assert len(r.header_all("Set-Cookie")) == 1, r
    assert len(r.header_all("Location")) == 1, r


def test_directory_slash_redirect_one_cookie(srv):
    r = get(srv, "localhost", "/dir", tok(1000, 120))
    assert r.status == 301, r
    assert len(r.header_all("Set-Cookie")) == 1, r
    H.assert_fresh_cookie(r)


def test_error_document_refresh_sets_one_cookie(srv):
    r = get(srv, "localhost", "/app/nope.html", tok(1000, 120))
    assert r.status == 404, r
    assert "CUSTOM-404-PAGE" in r.text
    assert len(r.header_all("Set-Cookie")) == 1, r
    H.assert_fresh_cookie(r)


def test_error_document_not_refreshed_when_not_due(srv):
    r = get(srv, "localhost", "/app/nope.html", tok(1000, 10))
    assert r.status == 404 and r.header_all("Set-Cookie") == [], r


def test_error_document_without_session_redirects_once(srv):
    r = get(srv, "localhost", "/app/nope.html")
    H.assert_redirect(r, srv.port, "missing", "/app/nope.html")
    assert r.header_all("Set-Cookie") == []


def test_cgi_internal_redirect_one_cookie(srv):
    r = get(srv, "localhost", "/app/redirect.cgi", tok(1000, 120))
    assert r.status == 200, r
    assert "page in /app" in r.text
    assert len(r.header_all("Set-Cookie")) == 1, r
    H.assert_fresh_cookie(r)


def test_internal_redirect_keeps_first_verdict(srv):
    # a 404 on the passive /poll/ path is served by /errors/404.html, an active
    # path: the verdict of the top-level request (passive: no refresh) stands
    r = get(srv, "localhost", "/poll/nope.html", tok(1000, 120))
    assert r.status == 404, r
    assert "CUSTOM-404-PAGE" in r.text
    assert r.header_all("Set-Cookie") == [], r


# -- several requests on one keep-alive connection (per-connection token cache)


def test_keepalive_refreshed_token_not_refreshed_again(srv):
    t0 = now()
    old = tok(1000, 120)
    with H.KeepAlive(srv.port) as ka:
        r = ka.get("/app/page.html", cookie=old)
        new = H.assert_fresh_cookie(r)
        r = ka.get("/app/page.html", cookie=new)
        assert r.status == 200 and r.session_cookies() == [], r
        r = ka.get("/app/env.cgi", cookie=new)
        assert r.env()["SESSION_TIMEOUT_ID"] == H.parse_token(old)["sid"]
    H.assert_valid_token(new, created=H.parse_token(old)["created"], last_between=(t0, now()))


def test_keepalive_token_of_one_vhost_is_not_trusted_by_another(srv):
    k3 = tok(100, 5, KEY3)
    with H.KeepAlive(srv.port) as ka:
        assert ka.get("/app/page.html", host="c.test", cookie=k3).status == 200
        r = ka.get("/app/page.html", host="localhost", cookie=k3)
        assert r.status == 302 and r.header("X-Test-Reason") == "invalid", r


def test_keepalive_limits_rechecked_per_request(srv):
    old = tok(1000, 150)
    with H.KeepAlive(srv.port) as ka:
        assert ka.get("/poll/page.html", cookie=old).status == 200
        r = ka.get("/admin/page.html", cookie=old)
        assert r.status == 302 and r.header("X-Test-Reason") == "inactivity", r


def test_keepalive_tampered_after_valid(srv):
    good = tok(100, 5)
    bad = good[:-1] + ("A" if good[-1] != "A" else "B")
    H.forbid_in_log(bad.rsplit(".", 1)[1])
    with H.KeepAlive(srv.port) as ka:
        assert ka.get("/app/page.html", cookie=good).status == 200
        r = ka.get("/app/page.html", cookie=bad)
        assert r.status == 302 and r.header("X-Test-Reason") == "invalid", r
        assert ka.get("/app/page.html", cookie=good).status == 200

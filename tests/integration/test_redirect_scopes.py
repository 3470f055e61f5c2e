# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""Internal redirects and subrequests are judged with the limits of the scope
they land in (SPEC section 9): the site allows 10h/1h, /admin 1h/10m (as
conf-examples/admin-stricter.conf). A session 3 hours old and idle 30
minutes may read the site but not /admin, whichever way a request reaches
it: a CGI's local Location (internal redirect), an SSI include virtual
(subrequest), an ErrorDocument, a DirectoryIndex naming an /admin page, a
per-directory RewriteRule, or a redirect from a scope that enforces
nothing. The verified token is reused and the cookie re-issued at most once
per request; a rejection in the stricter scope never carries a refreshed
cookie."""
import os

import pytest

import mst_harness as H
from mst_harness import mint, now

CONF = """
LoadModule include_module {moddir}/mod_include.so
LoadModule rewrite_module {moddir}/mod_rewrite.so
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLifetime 10h
SessionTimeoutInactivity 1h
SessionTimeoutWarning 5m
SessionTimeoutLoginURL /login/
<Location "/admin">
    SessionTimeoutLifetime 1h
    SessionTimeoutInactivity 10m
    SessionTimeoutWarning 2m
</Location>
<Location "/login/">
    SessionTimeout Off
</Location>
<Location "/members/">
    SessionTimeout Off
</Location>
<Directory "@DOCROOT@/app">
    Options +ExecCGI +Includes +FollowSymLinks
    AddOutputFilter INCLUDES .shtml
    RewriteEngine On
    RewriteRule ^rw\\.html$ /admin/page.html [PT]
</Directory>
<Directory "@DOCROOT@/reports">
    ErrorDocument 404 /admin/page.html
</Directory>
<Directory "@DOCROOT@/dir">
    DirectoryIndex /admin/page.html
</Directory>
""".format(moddir=H.MODULE_DIR)

TO_ADMIN_CGI = "#!/bin/sh\nprintf 'Location: /admin/page.html\\r\\n\\r\\n'\n"
INCLUDE = '<p>before</p><!--#include virtual="/admin/page.html" --><p>after</p>\n'
ADMIN_TEXT = "page in /admin"
SSI_ERROR = "an error occurred while processing this directive"


@pytest.fixture(scope="module")
def srv(httpd_factory):
    s = httpd_factory(CONF)
    for d in ("app", "members"):
        p = os.path.join(s.docroot, d, "toadmin.cgi")
        with open(p, "w") as f:
            f.write(TO_ADMIN_CGI)
        os.chmod(p, 0o755)
    with open(os.path.join(s.docroot, "app", "inc.shtml"), "w") as f:
        f.write(INCLUDE)
    return s


def old():
    """3 hours old, idle 30 minutes: fine for the site, too old for /admin."""
    t = now()
    return mint(created=t - 3 * 3600, last=t - 30 * 60)


def fresh():
    """10 minutes old, idle 2 minutes: fine everywhere, due for a refresh."""
    t = now()
    return mint(created=t - 600, last=t - 120)


def assert_login_redirect(r, port, target):
    """A redirect to the login page returning to target and no refreshed
    session cookie. The session (3 h old, idle 30 min) is still valid under
    the site's limits (10h/1h), so only /admin asks to sign in again: the
    cookie is kept, not expired (SPEC section 4, step 5)."""
    assert r.status == 302, r
    assert H.location_parts(r, port)[0] == "/login/", r
    assert H.return_to_of(r.header("Location"))[1] == target, r
    assert H.no_store(r), r
    H.assert_not_cleared(r)
    assert r.new_token() is None, r


ROUTES = [
    ("/app/toadmin.cgi", "cgi-location"),
    ("/app/rw.html", "rewrite-pt"),
    ("/reports/nope.html", "error-document"),
    ("/dir/", "directory-index"),
    ("/members/toadmin.cgi", "from-unenforced-scope"),
]


def test_direct_request_is_rejected(srv):
    r = srv.get("/admin/page.html", H.NAV, cookie=old())
    assert_login_redirect(r, srv.port, "/admin/page.html")
    # and the site itself accepts the same session
    r = srv.get("/app/page.html", H.NAV, cookie=old())
    assert r.status == 200, r


@pytest.mark.parametrize("target,how", ROUTES, ids=[h for _, h in ROUTES])
def test_redirect_into_stricter_scope_is_rejected(srv, target, how):
    r = srv.get(target, H.NAV, cookie=old())
    assert ADMIN_TEXT not in r.text, (how, r)
    if how == "error-document":
        # httpd never lets an ErrorDocument redirect: it answers the original
        # error, without the page; the session, still valid for the rest of
        # the site, is kept
        assert r.status == 404 and "Additionally" in r.text, r
        assert H.no_store(r), r
        H.assert_not_cleared(r)
        return
    assert_login_redirect(r, srv.port, target)


@pytest.mark.parametrize("target,how", ROUTES, ids=[h for _, h in ROUTES])
def test_redirect_into_stricter_scope_fresh_session(srv, target, how):
    t0 = now()
    r = srv.get(target, H.NAV, cookie=fresh())
    assert r.status == (404 if how == "error-document" else 200), (how, r)
    assert ADMIN_TEXT in r.text, (how, r)
    assert len(r.header_all("Set-Cookie")) == 1, r
    H.assert_valid_token(H.assert_fresh_cookie(r), last_between=(t0, now()))


def test_cgi_redirect_script_request_gets_json_401(srv):
    r = srv.get("/app/toadmin.cgi", H.XHR, cookie=old())
    assert r.status == 401, r
    assert r.json()["error"] == "session_expired", r
    assert r.json()["login_url"] == "/login/", r
    H.assert_not_cleared(r)  # still valid for the rest of the site


def test_ssi_include_of_stricter_scope_fails(srv, expect_log):
    expect_log(untagged=[r'unable to include "/admin/page\.html" .*subrequest setup returned 302'])
    r = srv.get("/app/inc.shtml", H.NAV, cookie=old())
    assert r.status == 200, r
    assert ADMIN_TEXT not in r.text and SSI_ERROR in r.text, r
    assert "before" in r.text and "after" in r.text, r
    # the page itself is in the site scope: its own verdict (valid, due for a
    # refresh) governs its cookie, once; the include's rejection expires nothing
    assert len(r.header_all("Set-Cookie")) == 1, r
    H.assert_fresh_cookie(r)


def test_ssi_include_fresh_session(srv):
    r = srv.get("/app/inc.shtml", H.NAV, cookie=fresh())
    assert r.status == 200 and ADMIN_TEXT in r.text and SSI_ERROR not in r.text, r
    assert len(r.header_all("Set-Cookie")) == 1, r
    H.assert_fresh_cookie(r)


def test_redirect_into_same_limits_keeps_first_verdict(srv):
    # an internal redirect within the site's limits: one verdict, one cookie
    r = srv.get("/app/redirect.cgi", H.NAV, cookie=old())
    assert r.status == 200 and "page in /app" in r.text, r
    assert len(r.header_all("Set-Cookie")) == 1, r
    H.assert_fresh_cookie(r)


def near_admin_lifetime():
    """59 minutes old: one minute left under /admin (inside its 2m warning
    window), hours left on the site."""
    t = now()
    return mint(created=t - 59 * 60, last=t - 120)


def test_internal_redirect_warns_with_the_final_scope(srv):
    # the response is /admin's: its decision (the warning) governs it
    r = srv.get("/app/toadmin.cgi", H.NAV, cookie=near_admin_lifetime())
    assert r.status == 200 and ADMIN_TEXT in r.text, r
    remaining, limit = H.warning_of(r)
    assert limit == "lifetime" and 0 < remaining <= 60, r
    assert len(r.header_all("Set-Cookie")) == 1, r


def test_subrequest_decision_does_not_change_the_page(srv):
    # the include is judged by /admin (valid, would warn); the page is the
    # site's: its own decision (no warning) governs its headers
    r = srv.get("/app/inc.shtml", H.NAV, cookie=near_admin_lifetime())
    assert r.status == 200 and ADMIN_TEXT in r.text, r
    assert H.warning_of(r) is None, r
    assert len(r.header_all("Set-Cookie")) == 1, r

# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""The warning dialog's server side where README puts its pieces (issue 12
items 3 to 6): the status handler judges with the limits of the page that
asks (?scope=PATH), wherever it is placed; its 401 for an ended session
expires our cookie and the page scope's SessionTimeoutClearCookie ones; the
script and status URLs of scopes with SessionTimeoutInjectScript On are
served without a SetHandler (also over a ProxyPass), and nowhere else; dialog
texts must be UTF-8, and `apache2 -t` says when a dialog cannot work."""
import json
import re

import pytest

import mst_harness as H
from mst_harness import mint, now

CONF = """
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLoginURL /login/
<Location /session/status>
    SetHandler session-timeout-status
</Location>
<Location /app/>
    SessionTimeout On
    SessionTimeoutLifetime 1h
    SessionTimeoutInactivity 10m
    SessionTimeoutClearCookie app_session
    SessionTimeoutInjectScript On
</Location>
Alias /solo "@DOCROOT@/app"
<Location /solo>
    SessionTimeout On
    SessionTimeoutInjectScript On
    SessionTimeoutScriptURL /solo/st.js
    SessionTimeoutStatusURL /solo/st-status?from=solo
</Location>
# polled in the background: checked, not activity
<Location /app/poll/>
    SessionTimeoutActivity Off
</Location>
ProxyPass /proxied/ http://@BACKEND@/
<Location /proxied/>
    SessionTimeout On
    SessionTimeoutInjectScript On
    SessionTimeoutScriptURL /proxied/st.js
    SessionTimeoutStatusURL /proxied/status
</Location>
"""

HOUR = 3600


@pytest.fixture(scope="module")
def srv(httpd_factory):
    return httpd_factory(CONF)


def status(srv, scope=None, token=None, method="GET"):
    target = "/session/status" + ("?scope=" + scope if scope is not None else "")
    if method == "POST":
        # a keep-alive from our own page's script (SPEC section 9, Trust)
        return srv.post(target, [("X-Requested-With", "XMLHttpRequest")], cookie=token)
    return srv.get(target, cookie=token)


# ---- item 4: the page's limits ---------------------------------------------------

@pytest.mark.parametrize("scope", [None, "%2Fsolo-not-enforced%2F", "%2Flogin%2F"])
def test_keepalive_without_an_enforced_scope_revives_nothing(srv, expect_log, scope):
    # /session/status sits at server level, where nothing is enforced and
    # inactivity is off: judged with those limits, a keep-alive took a
    # session idle past /app/'s 10 minutes for valid and gave it a new LAST
    # that /app/ then accepted.
    expect_log("MST00117")
    t = now()
    idle = mint(created=t - 900, last=t - 700)
    assert srv.get("/app/env.cgi", headers=H.XHR, cookie=idle).status == 401
    r = status(srv, scope, idle, method="POST")
    assert r.status == 400 and r.json() == {"error": "no_scope"}, r
    assert r.set_cookies() == [], r
    # a GET only reports (with the handler's own limits) and refreshes nothing
    r = status(srv, scope, idle)
    assert r.status == 200 and r.set_cookies() == [], r
    assert srv.get("/app/env.cgi", headers=H.XHR, cookie=idle).status == 401
    # with the page's scope the same session is over, and said so
    r = status(srv, "%2Fapp%2F", idle, method="POST")
    assert r.status == 401 and r.json()["reason"] == "inactivity", r


def test_keepalive_from_a_page_whose_requests_are_not_activity(srv):
    # The keep-alive is the user's own click ("Stay signed in"): it counts
    # there too, with that scope's limits (inherited from /app/), so a
    # session idle past them stays over.
    t = now()
    r = status(srv, "%2Fapp%2Fpoll%2Fpage.html", mint(created=t - 400, last=t - 300),
               method="POST")
    assert r.status == 200 and r.new_token() is not None, r
    assert 598 <= r.json()["inactivity_remaining"] <= 600, r
    r = status(srv, "%2Fapp%2Fpoll%2Fpage.html", mint(created=t - 900, last=t - 700),
               method="POST")
    assert r.status == 401 and r.json()["reason"] == "inactivity", r


def test_status_judges_with_the_page_scope(srv):
    t = now()
    tok = mint(created=t - 400, last=t - 300)
    own = status(srv, None, tok)
    assert own.status == 200, own
    assert own.json()["inactivity_remaining"] is None, own  # the handler's own scope
    assert own.json()["lifetime_remaining"] > 23 * HOUR, own
    page = status(srv, "%2Fapp%2Fpage.html", tok)
    j = page.json()
    assert page.status == 200 and j["limit"] == "inactivity", page
    assert 295 <= j["inactivity_remaining"] <= 300, j
    assert HOUR - 405 <= j["lifetime_remaining"] <= HOUR - 400, j
    assert page.session_cookies() == [], "a GET stays passive"


def test_status_of_a_directory_scope_stays_passive(srv):
    """A page scope that is a directory: looking it up makes mod_dir look up
    its DirectoryIndex in a subrequest of the lookup, which must not judge
    the session (it would count the passive poll as activity)."""
    t = now()
    tok = mint(created=t - 400, last=t - 300)
    page = status(srv, "%2Fapp%2F", tok)
    j = page.json()
    assert page.status == 200 and j["limit"] == "inactivity", page
    assert j["last_activity"] == t - 300, j
    assert 295 <= j["inactivity_remaining"] <= 300, j
    assert page.session_cookies() == [], "a GET stays passive"


def test_status_ignores_scopes_that_are_not_safe_local_enforced_paths(srv):
    t = now()
    tok = mint(created=t - 400, last=t - 300)
    for bad in ["%2F%2Fevil.example%2Fapp%2F", "http%3A%2F%2Fx%2Fapp%2F", "app%2F",
                "%2Flogin%2F", "%2Fapp%2F%0a", "%2Fapp%2F%3Fx", ""]:
        r = status(srv, bad, tok)
        assert r.status == 200, (bad, r)
        assert r.json()["inactivity_remaining"] is None, (bad, r)


def test_status_of_a_page_scope_that_expired_the_session(srv):
    t = now()
    r = status(srv, "%2Fapp%2F", mint(created=t - 700, last=t - 601))
    assert r.status == 401 and r.json()["reason"] == "inactivity", r


def test_keepalive_with_the_page_scope_moves_last(srv):
    t = now()
    r = status(srv, "%2Fapp%2F", mint(created=t - 400, last=t - 300), method="POST")
    assert r.status == 200, r
    assert 598 <= r.json()["inactivity_remaining"] <= 600, r
    assert r.new_token() is not None, r


# ---- item 6: the 401 signs the browser out of the application ----------------------

@pytest.mark.parametrize("reason,created,last", [
    ("lifetime", -25 * HOUR, -60),      # over in the handler's own scope too
    ("inactivity", -700, -601),
])
def test_status_401_expires_our_cookie_and_the_clear_cookies(srv, reason, created, last):
    t = now()
    r = status(srv, "%2Fapp%2F", mint(created=t + created, last=t + last))
    assert r.status == 401 and r.json()["reason"] == reason, r
    ours = r.session_cookies()
    assert len(ours) == 1 and ours[0].expired and ours[0].value == "", r
    app = r.set_cookies("app_session")
    assert len(app) == 1 and app[0].expired, r
    assert r.header("Cache-Control") == "no-store", r


def test_status_401_without_a_cookie_sets_none(srv):
    r = status(srv, "%2Fapp%2F", None)
    assert r.status == 401 and r.json()["reason"] == "missing", r
    assert r.set_cookies() == [], r


# ---- item 5: the dialog's URLs are served without a SetHandler -----------------------

@pytest.mark.parametrize("target", ["/session-timeout.js", "/solo/st.js", "/proxied/st.js",
                                    "/solo/st.js?v=1"])
def test_script_served_at_its_url(srv, target):
    r = srv.get(target)
    assert r.status == 200, r
    assert r.header("Content-Type").startswith("text/javascript"), r
    assert r.set_cookies() == [], r
    t = now()
    r = srv.get(target, cookie=mint(created=t - 400, last=t - 300))
    assert r.status == 200 and r.set_cookies() == [], "never a refreshed cookie: %r" % (r,)


@pytest.mark.parametrize("target", ["/solo/st-status", "/proxied/status"])
def test_status_served_at_its_url_even_inside_the_scope_or_a_proxy(srv, target):
    r = srv.get(target)
    assert r.status == 401, r  # not a login redirect, not the backend
    assert r.json() == {"active": False, "reason": "missing"}, r
    t = now()
    r = srv.get(target + "?scope=%2Fsolo%2F", cookie=mint(created=t - 400, last=t - 300))
    assert r.status == 200 and r.json()["active"] is True, r


def test_other_paths_are_not_taken(srv):
    # only the exact paths: a neighbour is the application's, here a login redirect
    r = srv.get("/solo/st.jsx")
    assert r.status == 302, r
    r = srv.get("/proxied/status/more")
    assert r.status in (302, 401), r


# Debian's apache2.conf denies / and grants only /var/www and /usr/share: a
# site whose only content is an application under Alias has a DocumentRoot
# nothing grants (the DokuWiki test of tests/app is one).
DENIED_DOCROOT = """
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLoginURL /login/
<Directory "@DOCROOT@">
    Require all denied
</Directory>
<Directory "@DOCROOT@/app">
    Require all granted
</Directory>
Alias /wiki "@DOCROOT@/app"
<Location /wiki/>
    SessionTimeout On
    SessionTimeoutInjectScript On
</Location>
Alias /granted "@DOCROOT@/app"
<Location /granted/>
    SessionTimeout On
    SessionTimeoutInjectScript On
    SessionTimeoutScriptURL /granted-st.js
    SessionTimeoutStatusURL /granted-status
</Location>
<Location /granted-st.js>
    Require all granted
</Location>
<Location /granted-status>
    Require all granted
</Location>
"""


def mst00116_lines(srv, mark):
    return [ln for ln in srv.log_text(mark).splitlines() if "MST00116" in ln]


def test_dialog_urls_follow_the_access_rules_and_a_page_with_the_dialog_says_so(
        httpd_factory, expect_log):
    # The admin's access rules stand for the dialog's URLs as for any
    # handler. A client that gets a page with the dialog while its URLs are
    # refused to it is told in the log why the dialog never comes.
    expect_log("AH01630", "MST00116")
    srv = httpd_factory(DENIED_DOCROOT)
    mark = srv.mark()
    assert srv.get("/session-timeout.js").status == 403
    t = now()
    assert srv.get("/session/status?scope=%2Fwiki%2F",
                   cookie=mint(created=t - 400, last=t - 300)).status == 403
    assert mst00116_lines(srv, mark) == [], "a refusal alone says nothing: it may be meant"
    for _ in range(6):
        assert srv.get("/wiki/page.html", cookie=mint(created=t - 400, last=t - 300)).status == 200
    lines = mst00116_lines(srv, mark)
    assert len(lines) >= 2, lines
    for kind, url in (("script", "/session-timeout.js"), ("status", "/session/status")):
        said = [ln for ln in lines if ("the dialog's %s URL %s is refused (403) by the access "
                                       "rules of where it maps" % (kind, url)) in ln]
        assert said and "to a client served /wiki/page.html with the dialog on" in said[0] and \
            "e.g. their Require in <Location %s>" % url in said[0], lines
    pids = [re.search(r"\[pid (\d+)", ln).group(1) for ln in lines]
    assert len(pids) == 2 * len(set(pids)), "each process checks once: %s" % lines


def test_dialog_urls_granted_by_their_location_work(httpd_factory, expect_log):
    expect_log("AH01630")  # the denied DocumentRoot itself
    srv = httpd_factory(DENIED_DOCROOT)
    mark = srv.mark()
    assert srv.get("/index.html").status == 403
    r = srv.get("/granted-st.js")
    assert r.status == 200 and r.header("Content-Type").startswith("text/javascript"), r
    t = now()
    for _ in range(4):
        assert srv.get("/granted/page.html", cookie=mint(created=t - 400, last=t - 300)).status == 200
    r = srv.get("/granted-status?scope=%2Fgranted%2F", cookie=mint(created=t - 400, last=t - 300))
    assert r.status == 200 and r.json()["active"] is True, r
    assert mst00116_lines(srv, mark) == []


NO_DIALOG = """
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLoginURL /login/
<Location /app/>
    SessionTimeout On
</Location>
"""


def test_nothing_is_served_where_no_scope_injects(httpd_factory):
    srv = httpd_factory(NO_DIALOG)
    assert srv.get("/session-timeout.js").status == 404
    assert srv.get("/session/status").status == 404


# ---- items 3 and 4/5: startup checks ---------------------------------------------------

BASE = """
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLoginURL /login/
<Location /app/>
    SessionTimeout On
    SessionTimeoutInjectScript On
%s
</Location>
"""


@pytest.fixture(scope="module")
def tree():
    s = H.Httpd(BASE % "", name="dialogtest")
    yield s
    s.cleanup()


def configtest(tree, body, latin1=False):
    tree.write_conf(body)
    if latin1:
        with open(tree.conf, "rb") as f:
            data = f.read()
        with open(tree.conf, "wb") as f:
            f.write(data.replace(b"@AE@", b"\xe4"))
    return tree.configtest()


def test_utf8_text_passes(tree):
    rc, out = configtest(tree, BASE % '    SessionTimeoutDialogText title "Sitzung läuft ab"')
    assert rc == 0, out
    assert "MST000" not in out, out


def test_latin1_text_fails(tree):
    rc, out = configtest(tree, BASE % '    SessionTimeoutDialogText title "Sitzung l@AE@uft ab"',
                         latin1=True)
    assert rc != 0, out
    assert "SessionTimeoutDialogText title: the text is not valid UTF-8" in out, out


def test_status_url_off_site_warns(tree):
    rc, out = configtest(tree, BASE % "    SessionTimeoutStatusURL https://other.example/status")
    assert rc == 0, out
    assert "MST00070" in out and "https://other.example/status" in out, out


def test_dialog_urls_that_collide_warn(tree):
    body = BASE % "" + """
<Location /other/>
    SessionTimeout On
    SessionTimeoutInjectScript On
    SessionTimeoutScriptURL /session/status
</Location>
"""
    rc, out = configtest(tree, body)
    assert rc == 0, out
    assert "MST00071" in out and "/session/status" in out, out


def test_a_working_dialog_says_nothing(tree):
    rc, out = configtest(tree, BASE % "    SessionTimeoutStatusURL /app/status?x=1")
    assert rc == 0, out
    assert "MST000" not in out, out

# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""The promises of the header comments of conf-examples/static-site.conf,
single-page-app.conf, key-rotation.conf, profile-dynamics365.conf and
reverse-proxy-app.conf, against the shipped file running in httpd (loaded as
tests/integration/mst_examples.py does: the keys, /var/www and the backend
addresses rewritten, nothing else), as a user sees them: statuses, Location,
Set-Cookie attributes, headers, JSON bodies. Time is expressed by backdating
tokens (H.mint), never by sleeping. cookie-session-app.conf has its own file
(test_example_cookie_app.py)."""
import os
import re
import subprocess

import pytest

import mst_examples as E
import mst_harness as H
from mst_harness import KEY1, KEY2, mint, now
from mst_examples import get, tok, write

M, HOUR = 60, 3600


def backend_headers(r):
    """The request headers the test backend received (it echoes them)."""
    return {k.lower(): v for k, v in r.json()["headers"]}


def assert_session_cookie(r, user="alice", secret=KEY1):
    """One live cookie of ours with the default attributes (no Secure on
    http), verifying with secret; returns its fields."""
    tokv = H.assert_fresh_cookie(r)
    return H.assert_valid_token(tokv, secret=secret, user=user)


# ---- static-site.conf ------------------------------------------------------

DOCS = "docs.example.org"


@pytest.fixture(scope="module")
def static(httpd_factory, backend):
    s = E.make_server(httpd_factory, "static-site.conf", "127.0.0.1:%d" % backend.port)
    write(s, "docs/index.html", "<p>docs index</p>\n")
    write(s, "docs/guide.html", "<p>the guide</p>\n")
    s.start()
    return s


def test_static_without_session_redirected_to_login_with_return_to(static):
    # "users without one are redirected to /login/?return_to=<the page they wanted>"
    r = get(static, DOCS, "/guide.html?part=2")
    H.assert_redirect(r, static.port, "missing", "/guide.html?part=2")
    assert r.header("Location") == "/login/?return_to=/guide.html%3Fpart%3D2", r


def test_static_login_start_header_becomes_signed_cookie_and_is_removed(static):
    # "answers with X-Session-Start: <user name>; the module turns that into
    # a signed session cookie and removes the header"
    r = get(static, DOCS, "/login/start?user=alice")
    assert r.status == 200, r
    assert not r.has_header("X-Session-Start"), r
    f = assert_session_cookie(r)
    assert f["created"] >= now() - 2 and f["last"] == f["created"], f
    # "(the module adds Secure to its cookie on https requests by itself)":
    # on http it does not
    assert "secure" not in r.session_cookies()[0].attrs, r
    # and the cookie opens the site
    r = get(static, DOCS, "/guide.html", H.assert_fresh_cookie(r))
    assert r.status == 200 and "the guide" in r.text, r


def test_static_login_application_needs_no_session(static):
    r = get(static, DOCS, "/login/")
    assert r.status == 200 and r.json()["path"] == "/login/", r


def test_static_limits_8h_lifetime_30m_inactivity(static):
    # "every page needs a session younger than 8 hours and used within the
    # last 30 minutes"
    r = get(static, DOCS, "/guide.html", tok(8 * HOUR - 10 * M, 29 * M))
    assert r.status == 200 and "the guide" in r.text, r
    r = get(static, DOCS, "/guide.html", tok(8 * HOUR, 1 * M))
    H.assert_redirect(r, static.port, "lifetime", "/guide.html")
    r = get(static, DOCS, "/guide.html", tok(1 * HOUR, 30 * M))
    H.assert_redirect(r, static.port, "inactivity", "/guide.html")


def test_static_warning_5m_before_the_end(static):
    # SessionTimeoutWarning 5m: 4 minutes of the 8h lifetime left (the
    # request refreshes LAST, so the inactivity limit is 30 minutes away):
    # the response warns; an hour into the session it does not
    r = get(static, DOCS, "/guide.html", tok(8 * HOUR - 4 * M, 1 * M))
    assert r.status == 200, r
    remaining, limit = H.warning_of(r)
    assert limit == "lifetime" and 230 <= remaining <= 240, r.headers
    r = get(static, DOCS, "/guide.html", tok(1 * HOUR, 1 * M))
    assert H.warning_of(r) is None, r.headers


def test_static_logout_expires_cookie_then_303_to_login(static):
    # "A sign-out link: expires the cookie, then 303 to the login page."
    r = get(static, DOCS, "/logout", tok(1 * HOUR, 1 * M))
    assert r.status == 303 and r.header("Location") == "/login/", r
    H.assert_cleared(r)


# ---- single-page-app.conf ---------------------------------------------------

SPA = "spa.example.org"


@pytest.fixture(scope="module")
def spa(httpd_factory, backend):
    s = E.make_server(httpd_factory, "single-page-app.conf", "127.0.0.1:%d" % backend.port)
    write(s, "spa/index.html", "<p>SPA-SHELL</p>\n")
    write(s, "spa/goodbye.html", "<p>goodbye</p>\n")
    s.start()
    return s


def test_spa_page_load_without_session_redirected(spa):
    # "Page loads that find no valid session are redirected to the login
    # page as usual"
    r = get(spa, SPA, "/orders/42")
    H.assert_redirect(r, spa.port, "missing", "/orders/42")


@pytest.mark.parametrize("headers", [H.FETCH, H.XHR, H.JSON_ACCEPT],
                         ids=["sec-fetch-mode", "x-requested-with", "accept-json"])
def test_spa_scripted_request_gets_401_json(spa, headers):
    # "scripted requests get 401 {"error":"session_expired","reason":
    # "inactivity","login_url":"/login/?return_to=..."}", told apart by
    # Sec-Fetch-Mode, X-Requested-With: XMLHttpRequest and Accept. The
    # return_to is the page that made the request (the browser's same-origin
    # Referer), never the API URL; without a Referer, the bare login URL.
    ref = [("Referer", "http://%s:%d/orders/42" % (SPA, spa.port))]
    r = get(spa, SPA, "/api/orders", tok(1 * HOUR, 21 * M), headers=headers, extra=ref)
    H.assert_rejected_json(r, "inactivity", "/login/?return_to=/orders/42", server=spa)
    r = get(spa, SPA, "/api/orders", headers=headers, extra=ref)
    H.assert_rejected_json(r, "missing", "/login/?return_to=/orders/42", server=spa)
    r = get(spa, SPA, "/api/orders", tok(1 * HOUR, 21 * M), headers=headers)
    H.assert_rejected_json(r, "inactivity", "/login/", server=spa)


def test_spa_api_reaches_backend_with_user_and_warning(spa):
    # the API is proxied with X-Remote-User from the session (a client's
    # own copy removed); the warning header is readable by the script:
    # "remaining=170, limit=inactivity"
    r = get(spa, SPA, "/api/orders", tok(1 * HOUR, 1 * M), headers=H.FETCH,
            extra=[("X-Remote-User", "admin")])
    assert r.status == 200, r
    assert backend_headers(r)["x-remote-user"] == "alice", r
    assert H.warning_of(r) is None, r.headers
    # 170 seconds left of the 10h lifetime: it warns (warning 3m)
    r = get(spa, SPA, "/api/orders", tok(10 * HOUR - 170, 1 * M), headers=H.FETCH)
    assert r.status == 200, r
    remaining, limit = H.warning_of(r)
    assert limit == "lifetime" and 160 <= remaining <= 170, r.headers


def test_spa_client_routes_served_by_the_shell(spa):
    # "client-side routes (/orders/42) are served by the shell"
    r = get(spa, SPA, "/orders/42", tok(1 * HOUR, 1 * M))
    assert r.status == 200 and "SPA-SHELL" in r.text, r


def test_spa_status_get_is_passive(spa):
    # "GET /session/status every 30 s is passive (never extends the
    # session) and returns user, lifetime_remaining, inactivity_remaining,
    # warning, ..."
    t = now()
    token = mint(KEY1, user="alice", created=t - HOUR, last=t - 10 * M)
    r = get(spa, SPA, "/session/status", token, headers=H.FETCH)
    assert r.status == 200, r
    assert r.session_cookies() == [], r
    assert H.no_store(r), r
    st = r.json()
    assert st["active"] is True and st["user"] == "alice", st
    assert st["last_activity"] == t - 10 * M, st
    assert abs(st["inactivity_remaining"] - 10 * M) <= 2, st
    assert abs(st["lifetime_remaining"] - 9 * HOUR) <= 2, st
    assert "warning" in st, st
    # polled again: still the same LAST, the session does not move
    r = get(spa, SPA, "/session/status", token, headers=H.FETCH)
    assert r.session_cookies() == [] and r.json()["last_activity"] == t - 10 * M, r


def test_spa_status_post_is_a_keep_alive(spa):
    # "a "Stay signed in" button sends POST /session/status with the
    # header X-Requested-With: XMLHttpRequest (without it, or from another
    # origin, the keep-alive is refused with 403)"
    t = now()
    token = mint(KEY1, user="alice", created=t - HOUR, last=t - 10 * M)
    origin = ("Origin", "http://%s:%d" % (SPA, spa.port))
    browser = H.FETCH + [("Sec-Fetch-Site", "same-origin"), origin]
    r = get(spa, SPA, "/session/status", token, headers=browser, method="POST",
            extra=[("X-Requested-With", "XMLHttpRequest")])
    assert r.status == 200, r
    f = assert_session_cookie(r)
    assert f["last"] >= t and f["created"] == t - HOUR, f
    # a plain fetch POST, or one from another origin: 403, nothing extended
    r = get(spa, SPA, "/session/status", token, headers=browser, method="POST")
    assert r.status == 403 and r.session_cookies() == [], r
    r = get(spa, SPA, "/session/status", token, method="POST",
            headers=H.FETCH + [("Origin", "http://evil.example"),
                               ("X-Requested-With", "XMLHttpRequest")])
    assert r.status == 403 and r.session_cookies() == [], r


def test_spa_status_without_session(spa):
    r = get(spa, SPA, "/session/status", headers=H.FETCH)
    assert r.status == 401 and r.json() == {"active": False, "reason": "missing"}, r


@pytest.mark.parametrize("path", ["/api/notifications", "/api/dashboard/refresh"])
def test_spa_polling_paths_checked_but_not_activity(spa, path):
    # "mark those API paths with SessionTimeoutActivity Off. Requests there
    # are still checked; they just do not count as activity."
    t = now()
    token = mint(KEY1, user="alice", created=t - HOUR, last=t - 10 * M)
    r = get(spa, SPA, path, token, headers=H.FETCH)
    assert r.status == 200 and r.json()["path"] == path, r
    assert r.session_cookies() == [], r
    # checked: idle past 20 minutes they answer 401 like the rest
    r = get(spa, SPA, path, tok(1 * HOUR, 20 * M), headers=H.FETCH)
    H.assert_rejected_json(r, "inactivity", "/login/")
    # control: an ordinary API path counts, the cookie moves
    r = get(spa, SPA, "/api/orders", token, headers=H.FETCH)
    assert assert_session_cookie(r)["last"] >= t, r


def test_spa_logout_return_to_or_login(spa):
    # "Sign-out: /logout?return_to=/goodbye.html or to the login page."
    r = get(spa, SPA, "/logout?return_to=/goodbye.html", tok(1 * HOUR, 1 * M))
    assert r.status == 303 and r.header("Location") == "/goodbye.html", r
    H.assert_cleared(r)
    r = get(spa, SPA, "/logout", tok(1 * HOUR, 1 * M))
    assert r.status == 303 and r.header("Location") == "/login/", r
    H.assert_cleared(r)


def test_spa_login_application_starts_the_session(spa):
    r = get(spa, SPA, "/login/start?user=alice")
    assert r.status == 200 and not r.has_header("X-Session-Start"), r
    assert_session_cookie(r)


# ---- key-rotation.conf -------------------------------------------------------

APP = "app.example.org"


def rotation_keys():
    """(new secret, old secret) as the example names them: the FIRST
    SessionTimeoutSecret line signs, the second verifies only."""
    text = E.read_example("key-rotation.conf")
    keys = E.key_map(text)
    lines = [l.split()[1][len("file:"):] for l in text.splitlines()
             if l.strip().startswith("SessionTimeoutSecret")]
    assert len(lines) == 2 and "2025-07" in lines[0] and "2025-01" in lines[1], lines
    return keys[lines[0]][1], keys[lines[1]][1]


@pytest.fixture(scope="module")
def rotation(httpd_factory, backend):
    s = E.make_server(httpd_factory, "key-rotation.conf", "127.0.0.1:%d" % backend.port)
    s.start()
    return s


def test_rotation_old_key_cookie_accepted_and_reissued_with_new_kid(rotation):
    # "A cookie signed with an older key is still accepted and is re-issued
    # with the first key on its next request"; "The KID in each cookie
    # names the key that signed it"
    new, old = rotation_keys()
    t = now()
    token = mint(old, user="alice", created=t - HOUR, last=t - 5)
    r = get(rotation, APP, "/secret", token)
    assert r.status == 200 and r.json()["path"] == "/secret", r
    f = H.parse_token(H.assert_fresh_cookie(r))
    assert f["kid"] == H.kid_of(new) != H.kid_of(old), f
    assert H.verifies(r.new_token(), new), f
    # same session: SID, CREATED and user kept
    old_f = H.parse_token(token)
    assert (f["sid"], f["created"], f["user"]) == (old_f["sid"], old_f["created"], "alice"), f
    # "(`session-timeout-token inspect` shows it)", given the example's keys
    # in its order
    reissued = r.new_token()
    keys = [rotation.keys[p.strip("@")] for p, _ in E.key_map(
        E.read_example("key-rotation.conf")).values()]
    for token_, kid, which in ((token, H.kid_of(old), "key 2 of 2"),
                               (reissued, H.kid_of(new), "key 1 of 2")):
        out = subprocess.run([os.path.join(H.TOP_BUILDDIR, "session-timeout-token"), "inspect",
                              "--key", keys[0], "--key", keys[1], token_],
                             capture_output=True, text=True, timeout=10).stdout
        assert re.search(r"^kid:\s+%s$" % kid, out, re.M), out
        assert "verifies with KID %s (%s" % (kid, which) in out, out
    # the re-issued cookie works on the next request, and is not re-issued again
    r = get(rotation, APP, "/secret", reissued)
    assert r.status == 200 and r.session_cookies() == [], r


def test_rotation_new_key_signs_new_sessions(rotation):
    new, _ = rotation_keys()
    r = get(rotation, APP, "/login/start?user=alice")
    assert r.status == 200, r
    assert_session_cookie(r, secret=new)


def test_rotation_old_key_cookie_still_bound_by_the_limits(rotation):
    _, old = rotation_keys()
    r = get(rotation, APP, "/secret", tok(12 * HOUR, 1 * M, secret=old))
    H.assert_redirect(r, rotation.port, "lifetime", "/secret", login="/login")


def test_rotation_removed_key_signs_out(httpd_factory, backend):
    # "In an emergency (the old key leaked) ... remove the old key at once;
    # everyone signed in with it has to sign in again."
    new, old = rotation_keys()
    s = E.make_server(httpd_factory, "key-rotation.conf", "127.0.0.1:%d" % backend.port)
    s.write_conf("\n".join(l for l in s.body.splitlines()
                           if not (l.strip().startswith("SessionTimeoutSecret")
                                   and "@KEY2@" in l)))
    s.start()
    r = get(s, APP, "/secret", tok(HOUR, 1 * M, secret=old))
    H.assert_redirect(r, s.port, "invalid", "/secret", login="/login")
    r = get(s, APP, "/secret", tok(HOUR, 1 * M, secret=new))
    assert r.status == 200, r


def test_rotation_step2_new_key_second_verifies_only(httpd_factory, backend):
    # step 2: "first add the new key as the SECOND line everywhere ... so
    # every server can verify it before any server signs with it"
    new, old = rotation_keys()
    s = E.make_server(httpd_factory, "key-rotation.conf", "127.0.0.1:%d" % backend.port)
    swapped = s.body.replace("file:@KEY1@", "file:@SWAP@").replace(
        "file:@KEY2@", "file:@KEY1@").replace("file:@SWAP@", "file:@KEY2@")
    s.write_conf(swapped)
    s.start()
    # a cookie another server already signs with the new key verifies here,
    # and is re-issued with this server's first key (still the old one)
    r = get(s, APP, "/secret", tok(HOUR, 1 * M, secret=new))
    assert r.status == 200, r
    assert H.parse_token(r.new_token())["kid"] == H.kid_of(old), r
    r = get(s, APP, "/login/start?user=bob")
    assert_session_cookie(r, user="bob", secret=old)


def test_rotation_up_to_16_keys(httpd_factory, backend):
    # "Up to 16 keys may be listed."
    s = E.make_server(httpd_factory, "key-rotation.conf", "127.0.0.1:%d" % backend.port)
    base = s.body
    files = []
    for i in range(15):
        fp = s.path("keys", "extra%d" % i)
        with open(fp, "wb") as f:
            f.write(b"extra-rotation-key-%02d-0123456789abcdefghijklmnop\n" % i)
        os.chmod(fp, 0o600)
        files.append(fp)
    for n, ok in ((16, True), (17, False)):
        extra = "\n".join("    SessionTimeoutSecret file:%s" % fp for fp in files[:n - 2])
        s.write_conf(base.replace("file:@KEY2@\n", "file:@KEY2@\n" + extra + "\n", 1))
        rc, out = s.configtest()
        assert (rc == 0) == ok, (n, out)
        if not ok:
            assert "SessionTimeoutSecret" in out and "16" in out, out


# ---- profile-dynamics365.conf -----------------------------------------------

PORTAL = "portal.example.org"


def dynamics_variant(s, old, new):
    assert old in s.body, old
    s.write_conf(s.body.replace(old, new, 1))


@pytest.fixture(scope="module")
def dynamics(httpd_factory, backend):
    s = E.make_server(httpd_factory, "profile-dynamics365.conf", "127.0.0.1:%d" % backend.port)
    s.start()
    return s


def test_dynamics_limits_in_effect(dynamics):
    # "Session timeout" 12 hours, "Inactivity timeout" 1 hour
    r = get(dynamics, PORTAL, "/x", tok(12 * HOUR - 30 * M, 59 * M))
    assert r.status == 200, r
    r = get(dynamics, PORTAL, "/x", tok(12 * HOUR, 1 * M))
    H.assert_redirect(r, dynamics.port, "lifetime", "/x", login="/login")
    r = get(dynamics, PORTAL, "/x", tok(2 * HOUR, 60 * M))
    H.assert_redirect(r, dynamics.port, "inactivity", "/x", login="/login")


def test_dynamics_profile_warning_20m_kept(dynamics):
    # "the profile's 20 minute warning is kept"
    r = get(dynamics, PORTAL, "/x", tok(12 * HOUR - 19 * M, 1 * M))
    assert r.status == 200, r
    remaining, limit = H.warning_of(r)
    assert limit == "lifetime" and 18 * M <= remaining <= 19 * M, r.headers
    r = get(dynamics, PORTAL, "/x", tok(12 * HOUR - 22 * M, 1 * M))
    assert H.warning_of(r) is None, r.headers


@pytest.mark.parametrize("old,new,directive", [
    ("SessionTimeoutLifetime 720m", "SessionTimeoutLifetime 2d", "SessionTimeoutLifetime"),
    ("SessionTimeoutInactivity 60m", "SessionTimeoutInactivity 2m", "SessionTimeoutInactivity"),
    # the ranges of the comment's text: "lifetime 60m to 1440m; inactivity
    # 5m to 1440m and below the lifetime"
    ("SessionTimeoutLifetime 720m", "SessionTimeoutLifetime 59m", "SessionTimeoutLifetime"),
    ("SessionTimeoutInactivity 60m", "SessionTimeoutInactivity 720m",
     "SessionTimeoutInactivity"),
], ids=["lifetime-2d", "inactivity-2m", "lifetime-59m", "inactivity-not-below-lifetime"])
def test_dynamics_values_outside_ranges_refused_by_configtest(httpd_factory, backend, old, new,
                                                              directive):
    # "makes `apachectl configtest` refuse values outside the ranges
    # Dynamics allows ... Both of these would fail here"
    s = E.make_server(httpd_factory, "profile-dynamics365.conf", "127.0.0.1:%d" % backend.port)
    rc, out = s.configtest()
    assert rc == 0, out
    dynamics_variant(s, old, new)
    rc, out = s.configtest()
    assert rc != 0, out
    assert directive in out and "dynamics365" in out, out


@pytest.mark.parametrize("old,new", [
    ("SessionTimeoutInactivity 60m", "SessionTimeoutLifetime 60m\n"
                                     "    SessionTimeoutInactivity 59m"),
    ("SessionTimeoutLifetime 720m", "SessionTimeoutLifetime 1440m"),
    ("SessionTimeoutInactivity 60m", "SessionTimeoutInactivity 5m"),
    ("SessionTimeoutInactivity 60m", "SessionTimeoutInactivity Off"),
], ids=["lifetime-60m-inactivity-59m", "lifetime-1440m", "inactivity-5m", "inactivity-off"])
def test_dynamics_values_inside_ranges_accepted(httpd_factory, backend, old, new):
    s = E.make_server(httpd_factory, "profile-dynamics365.conf", "127.0.0.1:%d" % backend.port)
    dynamics_variant(s, old, new)
    rc, out = s.configtest()
    assert rc == 0, out


def test_dynamics_profile_defaults(httpd_factory, backend):
    # "sets the defaults (lifetime 1440m, inactivity Off, warning 20m)":
    # the example without its own two limits
    s = E.make_server(httpd_factory, "profile-dynamics365.conf", "127.0.0.1:%d" % backend.port)
    s.write_conf(s.body.replace("    SessionTimeoutLifetime 720m\n", "").replace(
        "    SessionTimeoutInactivity 60m\n", ""))
    s.start()
    r = get(s, PORTAL, "/x", tok(24 * HOUR - 25 * M, 23 * HOUR))
    assert r.status == 200 and H.warning_of(r) is None, r
    r = get(s, PORTAL, "/x", tok(24 * HOUR - 19 * M, 23 * HOUR))
    assert r.status == 200, r
    assert H.warning_of(r)[1] == "lifetime", r.headers
    r = get(s, PORTAL, "/x", tok(24 * HOUR, 1 * M))
    H.assert_redirect(r, s.port, "lifetime", "/x", login="/login")


# ---- reverse-proxy-app.conf ---------------------------------------------------


@pytest.fixture(scope="module")
def rproxy(httpd_factory, backend):
    s = E.make_server(httpd_factory, "reverse-proxy-app.conf", "127.0.0.1:%d" % backend.port)
    s.start()
    return s


def test_rproxy_login_start_header_starts_session_and_is_removed(rproxy):
    # "on a successful login it adds one response header, X-Session-Start:
    # <user name>, which starts our session (the module removes the header
    # before the response leaves Apache)"
    r = get(rproxy, APP, "/login/start?user=alice")
    assert r.status == 200 and not r.has_header("X-Session-Start"), r
    assert_session_cookie(r)


def test_rproxy_start_header_elsewhere_starts_nothing(rproxy):
    # "a response of any other path (an upload, a proxied widget) cannot
    # start a session" (there it is an ordinary response header, README
    # "Only where you configure them")
    r = get(rproxy, APP, "/upload/start?user=mallory", tok(HOUR, 5))
    assert r.status == 200 and r.header("X-Session-Start") == "mallory", r
    assert r.session_cookies() == [], r
    r = get(rproxy, APP, "/upload/start?user=mallory")
    assert r.status == 302 and r.session_cookies() == [], r


def test_rproxy_logout_end_header_ends_session(rproxy):
    # "Its logout (/logout) adds X-Session-End: 1"
    r = get(rproxy, APP, "/logout/end", tok(HOUR, 1 * M))
    assert r.status == 200 and not r.has_header("X-Session-End"), r
    H.assert_cleared(r, clear=["JSESSIONID"])


def test_rproxy_expiry_expires_the_application_cookie(rproxy):
    # "When our session expires, the module also expires the application's
    # own session cookie (SessionTimeoutClearCookie) ... with Path=/"
    r = get(rproxy, APP, "/orders", headers=H.NAV + [
        H.cookie_hdr(("JSESSIONID", "abc"), tok(HOUR, 30 * M))])
    H.assert_redirect(r, rproxy.port, "inactivity", "/orders", login="/login",
                      clear=["JSESSIONID"])
    (c,) = r.set_cookies("JSESSIONID")
    assert c.attrs.get("path") == "/", c


def test_rproxy_remote_user_from_session_only(rproxy):
    # "the application learns the signed-in user from the X-Remote-User
    # request header"; a client's own copy, either spelling, never arrives
    forged = [("X-Remote-User", "admin"), ("X_Remote_User", "admin")]
    r = get(rproxy, APP, "/orders", tok(HOUR, 1 * M), extra=forged)
    assert r.status == 200, r
    h = backend_headers(r)
    assert h["x-remote-user"] == "alice" and "x_remote_user" not in h, h
    # the login page is not enforced: no session, no header at all
    r = get(rproxy, APP, "/login", extra=forged)
    assert r.status == 200, r
    h = backend_headers(r)
    assert "x-remote-user" not in h and "x_remote_user" not in h, h


def test_rproxy_static_needs_no_session(rproxy):
    r = get(rproxy, APP, "/static/app.css")
    assert r.status == 200 and r.json()["path"] == "/static/app.css", r
    r = get(rproxy, APP, "/orders")
    H.assert_redirect(r, rproxy.port, "missing", "/orders", login="/login")


def test_rproxy_limits_and_warning(rproxy):
    r = get(rproxy, APP, "/orders", tok(12 * HOUR - 4 * M, 1 * M))
    assert r.status == 200 and H.warning_of(r)[1] == "lifetime", r
    r = get(rproxy, APP, "/orders", tok(12 * HOUR, 1 * M))
    H.assert_redirect(r, rproxy.port, "lifetime", "/orders", login="/login",
                      clear=["JSESSIONID"])
    # ProxyPreserveHost On: the backend sees the client's Host
    r = get(rproxy, APP, "/orders", tok(HOUR, 1 * M))
    assert backend_headers(r)["host"] == "%s:%d" % (APP, rproxy.port), r


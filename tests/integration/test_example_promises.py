# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""The promise of the header comment of conf-examples/admin-stricter.conf
and conf-examples/multiple-vhosts.conf, against the shipped file running in
httpd (loaded as tests/integration/mst_examples.py does): a stricter scope
sends the user to re-authenticate there, and keeps the session that is still
valid under the limits of the rest of the site (SPEC section 4 step 5)."""
import os

import pytest

import mst_examples as E
import mst_harness as H
from mst_harness import KEY1, mint, now
from mst_examples import get, tok, write

M, HOUR = 60, 3600


def assert_kept(r):
    """No Set-Cookie of ours at all: the session elsewhere is kept."""
    assert r.session_cookies() == [], r


# ---- admin-stricter.conf


@pytest.fixture(scope="module")
def admin(httpd_factory, backend):
    s = E.make_server(httpd_factory, "admin-stricter.conf", "127.0.0.1:%d" % backend.port)
    os.makedirs(s.path("www", "intranet", "admin"), exist_ok=True)
    os.chmod(s.path("www", "intranet", "admin"), 0o755)
    write(s, "intranet/index.html", "<p>intranet</p>\n")
    write(s, "intranet/admin/index.html", "<p>admin</p>\n")
    s.start()
    return s


ADMIN = "intranet.example.org"


def test_admin_signed_in_3h_ago_reads_intranet_not_admin(admin):
    # "a user who signed in 3 hours ago can read the intranet but is sent to
    # the login page on /admin"; the session for the rest is kept
    t = tok(3 * HOUR, 1 * M)
    r = get(admin, ADMIN, "/", t)
    assert r.status == 200 and "intranet" in r.text, r
    r = get(admin, ADMIN, "/admin/", t)
    assert r.status == 302, r
    assert r.header("Location") == "/login/?return_to=/admin/", r
    assert_kept(r)
    r = get(admin, ADMIN, "/", t)
    assert r.status == 200 and "intranet" in r.text, r


def test_admin_inactivity_counts_from_anywhere(admin):
    # "inactivity counts from the last request ANYWHERE on the site": a
    # request to / moves LAST, so /admin then works
    t = tok(30 * M, 15 * M)
    r = get(admin, ADMIN, "/admin/", t)
    assert r.status == 302, r
    assert_kept(r)
    r = get(admin, ADMIN, "/", t)
    assert r.status == 200, r
    fresh = r.new_token()
    assert fresh, r
    r = get(admin, ADMIN, "/admin/", fresh)
    assert r.status == 200 and "admin" in r.text, r


def test_admin_signing_in_again_makes_admin_work_for_an_hour(admin):
    # "after signing in again (a new session) /admin works for an hour"
    r = get(admin, ADMIN, "/login/start?user=alice", tok(3 * HOUR, 1 * M))
    assert r.status == 200, r
    fresh = r.new_token()
    assert fresh and H.parse_token(fresh)["created"] >= now() - 1, r
    assert get(admin, ADMIN, "/admin/", fresh).status == 200
    late = mint(KEY1, user="alice", created=now() - HOUR - 1, last=now() - 60)
    assert get(admin, ADMIN, "/admin/", late).status == 302


def test_admin_session_over_everywhere_is_cleared(admin):
    # past the site's own limits (1h inactivity) the session ends: cleared
    r = get(admin, ADMIN, "/admin/", tok(3 * HOUR, 2 * HOUR))
    assert r.status == 302, r
    H.assert_cleared(r)


# ---- multiple-vhosts.conf


@pytest.fixture(scope="module")
def vhosts(httpd_factory, backend):
    s = E.make_server(httpd_factory, "multiple-vhosts.conf", "127.0.0.1:%d" % backend.port)
    write(s, "wiki/index.html", "<p>wiki</p>\n")
    s.start()
    return s


def test_vhosts_idle_20_minutes_fine_on_wiki_payroll_sends_to_login(vhosts):
    # "a session idle for 20 minutes is still fine on the wiki, but the
    # payroll site sends it to the login page", and it stays fine on the wiki
    t = tok(1 * HOUR, 20 * M)
    r = get(vhosts, "payroll.example.org", "/pay", t)
    assert r.status == 302, r
    loc = r.header("Location")
    assert loc.startswith("https://login.example.org/?site=payroll.example.org"), r
    assert loc.endswith("&return_to=/pay"), r
    assert_kept(r)
    r = get(vhosts, "wiki.example.org", "/", t)
    assert r.status == 200 and "wiki" in r.text, r


def test_vhosts_session_over_everywhere_is_cleared_for_the_domain(vhosts):
    # idle 2 hours: over on the wiki too, so payroll ends it for the domain
    r = get(vhosts, "payroll.example.org", "/pay", tok(3 * HOUR, 2 * HOUR))
    assert r.status == 302, r
    (c,) = r.session_cookies()
    assert c.expired and c.attrs.get("domain") == "example.org", r


def test_vhosts_partner_cookie_is_its_own(vhosts):
    # the partner portal shares neither secret nor cookie: an example.org
    # token is no session there
    t = tok(1 * HOUR, 1 * M)
    r = vhosts.get("/x", H.NAV + [("Cookie", "partner_session=" + t)],
                   host="partner.example.com:%d" % vhosts.port)
    assert r.status == 302 and r.header("Location").startswith("/login/?return_to="), r

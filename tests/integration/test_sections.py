# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""Sections as httpd merges them (SPEC section 9, "Sections"): what `httpd -t`
and the startup log say is enforced is what is enforced. A later section
that surely switches a scope off, or merged sections that surely break a
profile bound, fail the configuration check, naming both sections with
file:line; a <Files> or <If> that may do so is warned about; profile bounds
hold at request time whichever sections the values come from."""
import re

import pytest

import mst_harness as H
from mst_harness import now

# the nist-aal* profiles below require token v2 (SPEC section 9)
BASE = """
SessionTimeoutSecret file:@KEY1@
SessionTimeoutTokenFormat v2
SessionTimeoutLoginURL /login/
"""


@pytest.fixture(scope="module")
def tree():
    s = H.Httpd(BASE, name="sections-configtest")
    yield s
    s.cleanup()


def configtest(tree, body):
    tree.write_conf(body)
    return tree.configtest()


def line_of(server, text):
    """file:line of the first line of server's config containing text."""
    with open(server.conf) as f:
        for n, line in enumerate(f, 1):
            if text in line:
                return "%s:%d" % (server.conf, n)
    raise AssertionError("%r not in %s" % (text, server.conf))


# -- a later section that surely switches enforcement off


LATER_OFF = BASE + """
<Location /app/>
    SessionTimeout On
</Location>
<Location />
    SessionTimeout Off
</Location>
"""


def test_later_location_switching_off_fails_configtest(tree):
    rc, out = configtest(tree, LATER_OFF)
    assert rc != 0, out
    assert "MST00031" in out, out
    assert line_of(tree, "<Location /app/>") in out and line_of(tree, "<Location />") in out, out


def test_readme_example_fails_configtest(tree):
    from mst_examples import readme_block
    rc, out = configtest(tree, BASE + readme_block("later-section-off"))
    assert rc != 0 and "MST00031" in out, out


def test_location_catch_all_switching_off_a_directory_fails(tree):
    rc, out = configtest(tree, BASE + """
<Directory "@DOCROOT@/members">
    SessionTimeout On
</Directory>
<Location "/">
    SessionTimeout Off
</Location>
""")
    assert rc != 0 and "MST00031" in out, out
    assert line_of(tree, '/members">') in out and line_of(tree, '<Location "/">') in out, out


def test_exemption_inside_enforced_location_passes(tree):
    # the usual shape: on for the site, off for the login page below it
    rc, out = configtest(tree, BASE + """
<Location />
    SessionTimeout On
</Location>
<Location /login/>
    SessionTimeout Off
</Location>
""")
    assert rc == 0, out


# -- merged sections that surely break a profile bound


def test_profile_bound_broken_by_a_nested_location_fails(tree):
    rc, out = configtest(tree, BASE + """
SessionTimeout On
<Location /app>
    SessionTimeoutProfile nist-aal3
</Location>
<Location /app/admin>
    SessionTimeoutInactivity 1h
</Location>
""")
    assert rc != 0 and "MST00033" in out, out
    assert "SessionTimeoutInactivity 1h is outside the bounds of profile nist-aal3" in out, out
    assert line_of(tree, "<Location /app>") in out, out
    assert line_of(tree, "<Location /app/admin>") in out, out


def test_profile_bound_broken_by_an_anchored_location_match_fails(tree):
    # every URL "^/app/page" matches is under <Location /app>
    rc, out = configtest(tree, BASE + """
SessionTimeout On
<Location /app>
    SessionTimeoutProfile nist-aal3
</Location>
<LocationMatch "^/app/page">
    SessionTimeoutLifetime 20d
</LocationMatch>
""")
    assert rc != 0 and "MST00033" in out, out
    assert line_of(tree, '<LocationMatch "^/app/page">') in out, out


def test_profile_bound_broken_inside_files_fails(tree):
    # wrong in every reading: the <Files> alone breaks its profile
    rc, out = configtest(tree, BASE + """
SessionTimeout On
<Files "page.html">
    SessionTimeoutProfile nist-aal3
    SessionTimeoutLifetime 20d
</Files>
""")
    assert rc != 0 and "MST00003" in out, out
    assert "SessionTimeoutLifetime 20d is outside the bounds of profile nist-aal3" in out, out


# -- running servers: warnings, the startup log, bounds at request time


RUNNING = BASE + """
SessionTimeout On
<Location /app>
    SessionTimeoutProfile nist-aal3
</Location>
<LocationMatch "page\\.html$">
    SessionTimeoutInactivity 1h
    SessionTimeoutLifetime 20d
</LocationMatch>
<Location /admin>
    SessionTimeoutProfile nist-aal3
    <If "%{QUERY_STRING} =~ /relaxed/">
        SessionTimeoutInactivity 1h
    </If>
</Location>
<Directory "@DOCROOT@/reports">
    SessionTimeoutProfile nist-aal3
    <Files "page.html">
        SessionTimeoutInactivity 1h
    </Files>
</Directory>
<Directory "@DOCROOT@/members">
    SessionTimeout On
    <Files "env.cgi">
        SessionTimeout Off
    </Files>
</Directory>
<Location /poll/>
    SessionTimeoutLifetime 2h
    SessionTimeout Off
</Location>
"""


@pytest.fixture(scope="module")
def srv(httpd_factory):
    return httpd_factory(RUNNING, allowed=["MST00032", "MST00034"])


def tok(created_ago, last_ago):
    t = now()
    return H.mint_v2(created=t - created_ago, last=t - last_ago)


@pytest.mark.parametrize("target", ["/app/page.html", "/admin/page.html?relaxed",
                                    "/reports/page.html"])
def test_profile_inactivity_bound_holds_at_request_time(srv, target):
    # nist-aal3 allows 15 minutes idle, whatever another section says
    r = srv.get(target, H.NAV, cookie=tok(3600, 20 * 60))
    assert r.status == 302 and r.header("X-Test-Reason") == "inactivity", r
    r = srv.get(target, H.NAV, cookie=tok(3600, 10 * 60))
    assert r.status == 200, r


def test_profile_lifetime_bound_holds_at_request_time(srv):
    # nist-aal3 allows 12 hours, the <LocationMatch> says 20 days
    r = srv.get("/app/page.html", H.NAV, cookie=tok(13 * 3600, 60))
    assert r.status == 302 and r.header("X-Test-Reason") == "lifetime", r
    r = srv.get("/app/page.html", H.NAV, cookie=tok(11 * 3600, 60))
    assert r.status == 200, r


def startup_lines(srv, tag):
    return [l for l in srv.log_lines(0) if tag + ": " in l]


def test_startup_warns_of_files_and_if_breaking_a_bound(srv):
    lines = startup_lines(srv, "MST00034")
    assert any("<If" in l and "SessionTimeoutInactivity 1h" in l and "nist-aal3" in l
               for l in lines), lines
    assert any("<Files" in l and line_of(srv, '<Files "page.html">') in l for l in lines), lines


def test_startup_warns_of_files_switching_off_its_directory(srv):
    lines = startup_lines(srv, "MST00032")
    assert any(line_of(srv, '<Files "env.cgi">') in l and
               line_of(srv, '<Directory "' + srv.docroot + '/members">') in l
               for l in lines), lines
    # and it is what happens
    r = srv.get("/members/env.cgi", H.NAV)
    assert r.status == 200, r


def test_startup_log_says_what_is_enforced(srv):
    # the startup log shows the limits in force: the bound, not the 1h
    lines = [l for l in startup_lines(srv, "MST00035") if "<Location /admin>" in l]
    assert lines and all("inactivity=15m" in l for l in lines), lines
    # a section with our directives that enforces nothing says so
    lines = [l for l in startup_lines(srv, "MST00030") if "<Location /poll/>" in l]
    assert lines and "not enforced" in lines[0], startup_lines(srv, "MST00030")
    assert not [l for l in startup_lines(srv, "MST00035") if "<Location /poll/>" in l]


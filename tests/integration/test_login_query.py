# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""A login URL that is a query of the application's own script (DokuWiki's
doku.php?do=login), made public with an <If> on the query string: the loop
check judges the login URL as httpd serves it (path and query, every
section), so other queries of the same script are redirected to it, and a
login URL that is really enforced still gets 401 and MST00015."""
import pytest

import mst_harness as H
from mst_harness import mint, now

CONF = """
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutInactivity 30m
Alias /wiki "@DOCROOT@/app"
<Location /wiki>
    SessionTimeoutLoginURL "/wiki/page.html?do=login"
</Location>
<If "%{QUERY_STRING} =~ /(^|&)do=login(&|$)/">
    SessionTimeout Off
</If>
Alias /loop "@DOCROOT@/app"
<Location /loop>
    SessionTimeoutLoginURL "/loop/page.html?do=signin"
</Location>
"""


@pytest.fixture(scope="module")
def srv(httpd_factory):
    return httpd_factory(CONF)


def expired():
    t = now()
    return mint(created=t - 3600, last=t - 3599)


@pytest.mark.parametrize("cookie", [None, "expired"])
def test_other_query_of_the_login_script_is_redirected(srv, cookie):
    mark = srv.mark()
    r = srv.get("/wiki/page.html?id=start", H.NAV,
                cookie=expired() if cookie else None)
    assert r.status == 302, r
    assert r.header("Location").startswith("/wiki/page.html?do=login&return_to="), r
    assert H.return_to_of(r.header("Location"))[1] == "/wiki/page.html?id=start"
    assert not srv.mst_lines(mark, level="error"), srv.log_text(mark)


def test_the_public_login_query_is_served(srv):
    r = srv.get("/wiki/page.html?do=login&return_to=%2Fwiki%2Fpage.html", H.NAV)
    assert r.status == 200, r


def test_enforced_login_query_answers_401(srv, expect_log):
    # ?do=signin matches no <If>: the login URL really is enforced
    expect_log("MST00015: SessionTimeoutLoginURL /loop/page.html\\?do=signin is itself enforced")
    r = srv.get("/loop/page.html?id=x", H.NAV)
    assert r.status == 401, r
    assert r.header("Location") is None

# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""SessionTimeoutClearCookie NAME [Path=P] [Domain=D] ... (issue: DokuWiki's
cookies live on /dokuwiki/, an expiry with Path=/ leaves them in the
browser): each clear cookie is expired with the Path and Domain it was set
with; a name alone keeps Path=/; bad attributes fail `apache2 -t`."""
import pytest

import mst_harness as H
from mst_harness import mint, now

CONF = """
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutInactivity 30m
SessionTimeoutLoginURL /login/
<Location /login/>
    SessionTimeout Off
</Location>
SessionTimeoutClearCookie DokuWiki Path=/app/ PHPSESSID
SessionTimeoutClearCookie DW1234 Path=/app/ Domain=localhost sso
"""


@pytest.fixture(scope="module")
def srv(httpd_factory):
    return httpd_factory(CONF)


def test_clear_cookies_carry_their_path_and_domain(srv):
    t = now()
    r = srv.get("/app/page.html", H.NAV, cookie=mint(created=t - 3600, last=t - 3599))
    assert r.status == 302, r
    got = {c.name: c for c in r.set_cookies() if c.name != H.COOKIE}
    assert sorted(got) == ["DW1234", "DokuWiki", "PHPSESSID", "sso"], r
    for c in got.values():
        assert c.expired and c.value == "", c
    assert got["DokuWiki"].raw.startswith("DokuWiki=; Path=/app/; Max-Age=0"), got
    assert got["PHPSESSID"].raw.startswith("PHPSESSID=; Path=/; Max-Age=0"), got
    assert got["DW1234"].raw.startswith("DW1234=; Path=/app/; Domain=localhost; Max-Age=0"), got
    assert got["sso"].attrs.get("path") == "/" and "domain" not in got["sso"].attrs, got


@pytest.fixture(scope="module")
def tree():
    s = H.Httpd("", name="clear-cookie-configtest")
    yield s
    s.cleanup()


@pytest.mark.parametrize("args, says", [
    ("Path=/x/", "must follow a cookie name"),
    ("a Path=x/", "starts with '/'"),
    ("a Path=/x/ Path=/y/", "two Path attributes"),
    ("a Domain=bad_host", "not a usable cookie domain"),
    ("a SameSite=Lax", "only Path=... and Domain=..."),
    ("", "no cookie name"),
])
def test_bad_clear_cookie_fails_configtest(tree, args, says):
    tree.write_conf("SessionTimeoutClearCookie %s\n" % args)
    rc, out = tree.configtest()
    assert rc != 0, out
    assert "SessionTimeoutClearCookie" in out and says in out, out

"""test_trust.py: SPEC section 9 Trust and Cookies (issue 11 items 4, 6, 7, 8).

- Our header directives refuse Set-Cookie, Location, Content-* and the
  hop-by-hop names.
"""
import pytest

import mst_harness as H
from mst_harness import mint, now

BASE = """
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLoginURL /login/
<Location /login/>
    SessionTimeout Off
</Location>
"""


@pytest.fixture(scope="module")
def tree():
    """One private ServerRoot whose config each case rewrites."""
    s = H.Httpd(BASE, name="trust-configtest")
    yield s
    s.cleanup()


def configtest(tree, body):
    tree.write_conf(body)
    return tree.configtest()


# -- item 8: reserved header names -----------------------------------------------

@pytest.mark.parametrize("directive", ["SessionTimeoutWarningHeader", "SessionTimeoutStartHeader",
                                       "SessionTimeoutEndHeader"])
@pytest.mark.parametrize("name", ["Set-Cookie", "set-cookie2", "Location", "Content-Type",
                                  "Content-Length", "Connection", "Keep-Alive",
                                  "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection",
                                  "TE", "Trailer", "Transfer-Encoding", "Upgrade"])
def test_reserved_header_name_refused(tree, directive, name):
    rc, out = configtest(tree, BASE + "<Location /login/>\n    %s %s\n</Location>\n"
                         % (directive, name))
    assert rc != 0, out
    assert directive in out and name in out and "reserved" in out, out

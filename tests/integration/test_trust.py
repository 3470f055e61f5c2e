# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""test_trust.py: SPEC section 9 Trust and Cookies (issue 11 items 4, 6, 7, 8).

- Start and end headers are honoured only in the sections that set them:
  `httpd -t` refuses them server- or vhost-wide with a message that says
  where to put them; a start header on <Location /login/> starts nothing on
  /app/; one on <Location /> is accepted with a startup warning.
- Our header directives refuse Set-Cookie, Location, Content-* and the
  hop-by-hop names.
- SessionTimeoutCookie attributes are compared trimmed; __Host-/__Secure-
  names follow the browsers' rules; SessionTimeoutCookieSecure On|Off|Auto;
  Secure is never emitted twice; a prefixed cookie over plain http under
  Auto is logged.
- The status handler's keep-alive POST counts only from our own origin.
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


# -- item 4: start/end headers only in directory context ---------------------

@pytest.mark.parametrize("directive,where", [
    ("SessionTimeoutStartHeader", "login page"),
    ("SessionTimeoutEndHeader", "logout endpoint"),
])
def test_header_refused_server_wide(tree, directive, where):
    rc, out = configtest(tree, BASE + "%s X-Session-Hdr\n" % directive)
    assert rc != 0, out
    assert directive in out and "<Location" in out and where in out, out


@pytest.mark.parametrize("directive", ["SessionTimeoutStartHeader", "SessionTimeoutEndHeader"])
def test_header_refused_vhost_wide(tree, directive):
    rc, out = configtest(tree, BASE + """
<VirtualHost 127.0.0.1:@PORT@>
    ServerName other.test
    %s X-Session-Hdr
</VirtualHost>
""" % directive)
    assert rc != 0, out
    assert directive in out and "<Location" in out, out


@pytest.mark.parametrize("section", [
    "<Location /login/>\n    %s\n</Location>",
    "<LocationMatch \"^/login/\">\n    %s\n</LocationMatch>",
    "<Directory \"@DOCROOT@/login\">\n    %s\n</Directory>",
    "<Files \"start.cgi\">\n    %s\n</Files>",
    "<If \"%%{REQUEST_URI} =~ m#^/login/#\">\n    %s\n</If>",
    "<VirtualHost 127.0.0.1:@PORT@>\n    ServerName o.test\n    <Location /login/>\n"
    "        %s\n    </Location>\n</VirtualHost>",
])
def test_header_accepted_in_sections(tree, section):
    body = "SessionTimeoutStartHeader X-Session-Start\nSessionTimeoutEndHeader X-Session-End"
    rc, out = configtest(tree, BASE + section % body + "\n")
    assert rc == 0, out
    assert "MST00042" not in out, out


def test_off_accepted_server_wide(tree):
    rc, out = configtest(tree, BASE + "SessionTimeoutStartHeader Off\n"
                                      "SessionTimeoutEndHeader off\n")
    assert rc == 0, out


@pytest.mark.parametrize("section", [
    "<Location />\n    SessionTimeoutStartHeader X\n</Location>\n",
    "<Directory />\n    SessionTimeoutEndHeader X\n</Directory>\n",
    "DocumentRoot \"@DOCROOT@\"\n<Directory \"@DOCROOT@/\">\n    SessionTimeoutStartHeader X\n"
    "</Directory>\n",
])
def test_site_wide_section_warns_in_configtest(tree, section):
    rc, out = configtest(tree, BASE + section)
    assert rc == 0, out
    assert "MST00042" in out and "whole site" in out, out


SCOPED = BASE + """
SessionTimeoutClearCookie PHPSESSID
<Location /login/>
    SessionTimeoutStartHeader X-Session-Start
</Location>
<Location /admin/>
    SessionTimeoutEndHeader X-Session-End
</Location>
ProxyPass /backend/ http://@BACKEND@/
ProxyPass /backend-login/ http://@BACKEND@/
<Location /backend-login/>
    SessionTimeout Off
    SessionTimeoutStartHeader X-Session-Start
</Location>
"""


@pytest.fixture(scope="module")
def scoped(httpd_factory):
    return httpd_factory(SCOPED)


def test_start_header_honoured_where_configured(scoped):
    r = scoped.get("/login/start.cgi?user=alice")
    assert r.status == 200, r
    assert not r.has_header("X-Session-Start"), r
    tok = H.assert_fresh_cookie(r)
    H.assert_valid_token(tok, H.KEY1, user="alice")
    r = scoped.get("/backend-login/start?user=erin")
    H.assert_valid_token(H.assert_fresh_cookie(r), H.KEY1, user="erin")


@pytest.mark.parametrize("target", ["/app/start.cgi?user=admin", "/backend/start?user=admin",
                                    "/start.cgi?user=admin"])
def test_start_header_of_another_section_starts_nothing(scoped, target):
    """A response outside the login section (a proxied widget, a CGI) that
    answers with the start header mints nothing, for a visitor with or
    without a session."""
    t = now()
    tok = mint(user="bob", created=t - 100, last=t - 5)
    r = scoped.get(target, cookie=tok)
    assert r.status == 200, r
    assert r.new_token() is None, r
    r = scoped.get(target)
    assert r.header_all("Set-Cookie") == [], r


def test_end_header_of_another_section_ends_nothing(scoped):
    t = now()
    tok = mint(user="carol", created=t - 100, last=t - 5)
    r = scoped.get("/app/end.cgi", cookie=tok)
    assert r.status == 200, r
    assert r.session_cookies() == [], r
    r = scoped.get("/admin/end.cgi", cookie=tok)
    H.assert_cleared(r, ("PHPSESSID",))


def test_location_root_start_header_warns_at_startup(httpd_per_test, expect_log):
    expect_log("MST00042: SessionTimeoutStartHeader in <Location />")
    srv = httpd_per_test(BASE + "<Location />\n    SessionTimeoutStartHeader X-Session-Start\n"
                                "</Location>\n")
    r = srv.get("/login/start.cgi?user=dave")
    H.assert_valid_token(H.assert_fresh_cookie(r), H.KEY1, user="dave")


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


# -- item 6: cookie attributes, prefixes, SessionTimeoutCookieSecure -------------

@pytest.mark.parametrize("cookie,says", [
    ('session_timeout "Path=/; Max-Age =600"', "Max-Age"),
    ('session_timeout "Path=/; Expires =Thu, 01 Jan 2099"', "Expires"),
    ('session_timeout "Path=/; SameSite =Bogus"', "SameSite"),
    ('__Host-session "Path=/; Domain=example.org; HttpOnly"', "Domain"),
    ('__Host-session "Path=/app/; HttpOnly"', "Path=/"),
    ('__Host-session "HttpOnly"', "Path=/"),
])
def test_bad_cookie_refused(tree, cookie, says):
    rc, out = configtest(tree, BASE + "SessionTimeoutCookie %s\n" % cookie)
    assert rc != 0, out
    assert "SessionTimeoutCookie" in out and says in out, out


@pytest.mark.parametrize("body,says", [
    ("SessionTimeoutCookie __Host-session\nSessionTimeoutCookieSecure Off\n", "MST00040"),
    ("SessionTimeoutCookie __Secure-s \"Path=/app\"\nSessionTimeoutCookieSecure Off\n",
     "MST00040"),
    ("SessionTimeoutCookie s \"Path=/; Secure\"\nSessionTimeoutCookieSecure Off\n", "contradicts"),
    ("SessionTimeoutCookieSecure Maybe\n", "SessionTimeoutCookieSecure"),
    ("<Location /app/>\n    SessionTimeoutCookieSecure On\n</Location>\n",
     "SessionTimeoutCookieSecure"),
    ("SessionTimeoutCookie __Host-session\n<VirtualHost 127.0.0.1:@PORT@>\n"
     "    ServerName v.test\n    SessionTimeoutCookieSecure Off\n</VirtualHost>\n", "v.test"),
])
def test_impossible_cookie_secure_refused(tree, body, says):
    rc, out = configtest(tree, BASE + body)
    assert rc != 0, out
    assert says in out, out


@pytest.mark.parametrize("body", [
    "SessionTimeoutCookie __Host-session\n",
    "SessionTimeoutCookie __Host-session \" path = / ; HttpOnly\"\nSessionTimeoutCookieSecure On\n",
    "SessionTimeoutCookie __Secure-s \"Path=/app; Domain=example.org\"\n",
    "SessionTimeoutCookie s \"Path=/; SameSite = Strict\"\nSessionTimeoutCookieSecure Off\n",
    "SessionTimeoutCookieSecure auto\n",
])
def test_good_cookie_accepted(tree, body):
    rc, out = configtest(tree, BASE + body)
    assert rc == 0, out


SECURE = BASE + """
SessionTimeoutClearCookie PHPSESSID
SessionTimeoutInactivity 30m
SessionTimeoutRefreshInterval 0
<VirtualHost 127.0.0.1:@PORT@>
    ServerName auto.test
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName on.test
    SessionTimeoutCookieSecure On
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName attr.test
    SessionTimeoutCookie session_timeout "Path=/; Secure; HttpOnly"
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName https://tls.test
    SessionTimeoutCookie session_timeout "Path=/; secure ; HttpOnly"
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName host.test
    SessionTimeoutCookie __Host-st
</VirtualHost>
"""


@pytest.fixture(scope="module")
def secure(httpd_factory):
    return httpd_factory(SECURE)


def cookie_line(srv, host, name="session_timeout"):
    t = now()
    tok = mint(created=t - 100, last=t - 50)
    r = srv.get("/app/page.html", [("Host", host), ("Cookie", "%s=%s" % (name, tok))])
    assert r.status == 200, r
    cs = r.set_cookies(name)
    assert len(cs) == 1, r
    return cs[0].raw


def secure_count(raw):
    return [a.strip().lower() for a in raw.split(";")].count("secure")


@pytest.mark.parametrize("host,want", [("auto.test", 0), ("on.test", 1), ("attr.test", 1),
                                       ("tls.test", 1)])
def test_secure_once(secure, host, want):
    raw = cookie_line(secure, host)
    assert secure_count(raw) == want, raw


@pytest.mark.parametrize("host,want", [("auto.test", 0), ("on.test", 1), ("tls.test", 1)])
def test_expired_cookies_follow_cookie_secure(secure, host, want):
    """The expiring Set-Cookie lines (ours and SessionTimeoutClearCookie's)
    carry Secure as SessionTimeoutCookieSecure says, once."""
    t = now()
    r = secure.get("/app/page.html", [("Host", host),
                                      H.cookie_hdr(mint(created=t - 90000, last=t - 50))])
    assert r.status in (302, 401), r
    lines = r.header_all("Set-Cookie")
    assert lines, r
    for raw in lines:
        assert secure_count(raw) == want, raw


def test_prefixed_cookie_over_plain_http_logged(secure, expect_log):
    expect_log("MST00041: the cookie __Host-st needs Secure")
    mark = secure.mark()
    raw = cookie_line(secure, "host.test", "__Host-st")
    assert secure_count(raw) == 0, raw
    tok = raw.split(";")[0].split("=", 1)[1]
    assert tok not in secure.log_text(mark)


# -- item 7: the keep-alive POST is same-origin only -------------------------------

STATUS = BASE + """
SessionTimeoutInactivity 30m
<Location /session/status>
    SetHandler session-timeout-status
</Location>
"""

OFFLOAD = STATUS + """
<VirtualHost 127.0.0.1:@PORT@>
    ServerName localhost
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName offload.test
    SessionTimeoutCookieSecure On
</VirtualHost>
"""


@pytest.fixture(scope="module")
def status(httpd_factory):
    return httpd_factory(STATUS)


@pytest.fixture(scope="module")
def offload(httpd_factory):
    return httpd_factory(OFFLOAD)


def old_token():
    t = now()
    return mint(user="erin", created=t - 1000, last=t - 600)


def keepalive(srv, headers, content_type="application/x-www-form-urlencoded"):
    tok = old_token()
    return srv.post("/session/status", list(headers) + [("Content-Type", content_type),
                                                        H.cookie_hdr(tok)], body="")


XHR = ("X-Requested-With", "XMLHttpRequest")


def own(srv):
    return "http://localhost:%d" % srv.port


def test_same_origin_xhr_keepalive_reissues(status):
    r = keepalive(status, [XHR, ("Sec-Fetch-Site", "same-origin"), ("Origin", own(status))])
    assert r.status == 200, r
    tok = r.new_token()
    assert tok is not None, r
    assert H.parse_token(tok)["last"] >= now() - 2
    # without the optional headers (an older browser) too
    r = keepalive(status, [XHR])
    assert r.status == 200 and r.new_token() is not None, r


@pytest.mark.parametrize("headers,ctype", [
    # a cross-origin form or fetch with mode no-cors: text/plain, no XHR header
    ([("Origin", "http://evil.test"), ("Sec-Fetch-Site", "cross-site")], "text/plain"),
    ([], "text/plain"),
    ([("Origin", "http://localhost:1")], "application/x-www-form-urlencoded"),
    ([XHR, ("Sec-Fetch-Site", "cross-site")], "text/plain"),
    ([XHR, ("Sec-Fetch-Site", "same-site")], "text/plain"),
    ([XHR, ("Origin", "http://other.localhost")], "text/plain"),
    ([XHR, ("Origin", "https://localhost")], "text/plain"),
    ([XHR, ("Origin", "null")], "text/plain"),
])
def test_cross_origin_keepalive_refused(status, headers, ctype):
    r = keepalive(status, headers, ctype)
    assert r.status == 403, r
    assert r.header_all("Set-Cookie") == [], r
    assert r.json()["error"] == "forbidden", r
    assert "no-store" in r.header("Cache-Control"), r


def test_refused_keepalive_extends_nothing(status):
    tok = old_token()
    r = status.post("/session/status", [("Content-Type", "text/plain"), H.cookie_hdr(tok)],
                    body="")
    assert r.status == 403, r
    r = status.get("/session/status", [H.cookie_hdr(tok)])
    assert r.status == 200, r
    assert r.json()["inactivity_remaining"] <= 1200 + 1, r.json()
    assert r.header_all("Set-Cookie") == [], r


def test_offload_origin_is_https(offload):
    """Behind a TLS-terminating proxy (SessionTimeoutCookieSecure On) the
    page's origin is https: that one counts, the plain http one does not."""
    r = keepalive(offload, [XHR, ("Host", "offload.test"), ("Origin", "https://offload.test")])
    assert r.status == 200 and r.new_token() is not None, r
    assert secure_count(r.header_all("Set-Cookie")[0]) == 1, r
    r = keepalive(offload, [XHR, ("Host", "offload.test"), ("Origin", "http://offload.test")])
    assert r.status == 403, r
    r = keepalive(offload, [XHR, ("Origin", "http://localhost:%d" % offload.port)])
    assert r.status == 200, r


def test_https_page_behind_offload_without_cookie_secure_is_hinted(httpd_per_test, expect_log):
    """A TLS-terminating proxy without SessionTimeoutCookieSecure On: the
    page's Origin is the https twin of what httpd sees. Refused (the origin
    does not match), and the admin is told what to set."""
    expect_log("MST00044: keep-alive POST refused: the page's origin https://localhost:")
    srv = httpd_per_test(STATUS)
    r = keepalive(srv, [XHR, ("Origin", "https://localhost:%d" % srv.port)])
    assert r.status == 403 and r.header_all("Set-Cookie") == [], r

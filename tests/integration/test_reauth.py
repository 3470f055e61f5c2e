# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""Where a request without a valid session is sent (SPEC section 4 step 5):
navigations get 302/303 to the login URL with a percent-encoded local return
path; scripted requests (fetch, XHR, JSON) get 401 JSON; without a login URL
everything gets 401 and ErrorDocument 401 applies; the return parameter is
never an open redirect."""
import re
import urllib.parse

import pytest

import mst_harness as H
from mst_harness import mint, now

CONF = """
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLifetime 8h
SessionTimeoutInactivity 30m
SessionTimeoutLoginURL /login/
SessionTimeoutClearCookie PHPSESSID
<Location /login/>
    SessionTimeout Off
</Location>
Alias /sso "@DOCROOT@/app"
<Location /sso>
    SessionTimeoutLoginURL "https://sso.example.org/auth?app=demo"
</Location>
Alias /next "@DOCROOT@/app"
<Location /next>
    SessionTimeoutReturnParam next
</Location>
<Location /noret/>
    SessionTimeoutReturnParam Off
</Location>
Alias /loop "@DOCROOT@/app"
<Location /loop>
    SessionTimeoutLoginURL /loop/page.html
</Location>
"""

CONF_NO_LOGIN = """
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutInactivity 30m
ErrorDocument 401 "CUSTOM-401-TEXT for the login-less server"
"""


@pytest.fixture(scope="module")
def srv(httpd_factory):
    return httpd_factory(CONF, name="reauth")


@pytest.fixture(scope="module")
def nologin(httpd_factory):
    return httpd_factory(CONF_NO_LOGIN, name="reauth-nologin")


def expired():
    t = now()
    return mint(created=t - 3600, last=t - 31 * 60)


NAVIGATIONS = {
    "no-headers": [],
    "browser-navigate": H.NAV,
    "accept-html-only": [("Accept", "text/html")],
    "accept-star": [("Accept", "*/*")],
    "accept-xhtml": [("Accept", "application/xhtml+xml")],
    "navigate-with-star": [("Sec-Fetch-Mode", "navigate"), ("Accept", "*/*")],
}
SCRIPTED = {
    "fetch-cors": H.FETCH,
    "fetch-no-cors": [("Sec-Fetch-Mode", "no-cors"), ("Accept", "*/*")],
    "fetch-same-origin": [("Sec-Fetch-Mode", "same-origin"), ("Accept", "*/*")],
    "xhr": H.XHR,
    "xhr-accepting-html": [("X-Requested-With", "XMLHttpRequest"), ("Accept", "text/html")],
    "accept-json": H.JSON_ACCEPT,
    "cors-accepting-html": [("Sec-Fetch-Mode", "cors"), ("Accept", "text/html")],
}


@pytest.mark.parametrize("kind", sorted(NAVIGATIONS))
def test_navigation_is_redirected(srv, kind):
    r = srv.get("/app/page.html", NAVIGATIONS[kind], cookie=expired())
    H.assert_redirect(r, srv.port, "inactivity", "/app/page.html")
    r = srv.get("/app/page.html", NAVIGATIONS[kind])
    H.assert_redirect(r, srv.port, "missing", "/app/page.html")


@pytest.mark.parametrize("kind", sorted(SCRIPTED))
def test_scripted_gets_401_json(srv, kind):
    hdrs = SCRIPTED[kind]
    r = srv.get("/api/page.html", hdrs + [H.cookie_hdr(expired(), ("PHPSESSID", "x"))])
    H.assert_rejected_json(r, "inactivity", "/login/", clear=("PHPSESSID",), server=srv)
    r = srv.get("/api/page.html", hdrs)
    H.assert_rejected_json(r, "missing", "/login/", server=srv)


def test_scripted_json_reasons(srv):
    t = now()
    r = srv.get("/api/page.html", H.FETCH, cookie=mint(created=t - 9 * 3600, last=t - 60))
    H.assert_rejected_json(r, "lifetime", "/login/", server=srv)
    r = srv.get("/api/page.html", H.FETCH, cookie="nonsense")
    H.assert_rejected_json(r, "invalid", "/login/", server=srv)


def test_scripted_post_is_401_not_303(srv):
    r = srv.post("/api/page.html", H.XHR, cookie=expired())
    H.assert_rejected_json(r, "inactivity", "/login/", server=srv)


def test_scripted_login_url_carries_same_origin_referer(srv):
    ref = "http://localhost:%d/app/dashboard" % srv.port
    r = srv.get("/api/data.json", H.FETCH + [("Referer", ref)], cookie=expired())
    H.assert_rejected_json(r, "inactivity", "/login/?return_to=/app/dashboard", server=srv)
    r = srv.get("/api/data.json", H.FETCH + [("Referer", ref)])
    H.assert_rejected_json(r, "missing", "/login/?return_to=/app/dashboard", server=srv)


def test_scripted_login_url_ignores_foreign_referer(srv):
    for ref in ("http://evil.example/app/dashboard",
                "http://localhost:%d/app/x" % (srv.port + 1),
                "https://localhost:%d/app/x" % srv.port):
        r = srv.get("/api/data.json", H.FETCH + [("Referer", ref)], cookie=expired())
        H.assert_rejected_json(r, "inactivity", "/login/", server=srv)


def test_header_always_set_applies_to_json_401(srv):
    # An admin's `Header always set` (here X-Test-Reason; in real life CORS
    # headers such as Access-Control-Allow-Origin, without which a cross-origin
    # fetch() cannot read this JSON at all, or HSTS) applies to every
    # response, also to this 401: mod_headers documents "always" for exactly
    # that. The redirects get it; the JSON answer must too.
    r = srv.get("/api/page.html", H.FETCH, cookie=expired())
    assert r.status == 401, r
    assert r.header("X-Test-Reason") == "inactivity", r


def test_enforced_login_url_answers_401_not_a_loop(srv, expect_log):
    # README: a login URL that is itself enforced gets 401 and an error line
    expect_log("MST00015: SessionTimeoutLoginURL /loop/page.html is itself enforced")
    mark = srv.mark()
    r = srv.get("/loop/page.html")
    assert r.status == 401, r
    assert r.header("Location") is None
    assert srv.mst_lines(mark, level="error"), srv.log_text(mark)


# -- no login URL: 401 for all, ErrorDocument 401 applies


def test_no_login_url_navigation_gets_401_error_document(nologin):
    r = nologin.get("/app/page.html", H.NAV, cookie=expired())
    assert r.status == 401, r
    assert r.header("Location") is None
    assert "CUSTOM-401-TEXT" in r.text, r
    assert H.no_store(r), r
    H.assert_cleared(r)
    assert r.header("X-Test-Reason") == "inactivity"


def test_no_login_url_missing_gets_401(nologin):
    r = nologin.get("/app/page.html", H.NAV)
    assert r.status == 401, r
    assert r.header("Location") is None
    assert "CUSTOM-401-TEXT" in r.text, r
    assert r.header_all("Set-Cookie") == []
    assert r.header("X-Test-Reason") == "missing"


def test_no_login_url_post_and_scripted_get_401(nologin):
    r = nologin.post("/app/page.html", H.NAV, cookie=expired())
    assert r.status == 401 and r.header("Location") is None, r
    r = nologin.get("/app/page.html", H.XHR, cookie=expired())
    assert r.status == 401 and r.header("Location") is None, r
    H.assert_cleared(r)


def test_no_login_url_valid_session_passes(nologin):
    t = now()
    assert nologin.get("/app/page.html", cookie=mint(created=t - 60, last=t - 5)).status == 200


# -- the return parameter


@pytest.mark.parametrize("target", [
    "/app/page.html",
    "/app/page.html?x=1&y=2",
    "/app/a%20b.html?q=a+b&r=%2F&s=%26",
    "/app/~user/file-name_1.2.html",
    "/app/page.html?next=http://evil.example/",
    "/app/page.html?",
    "/",
    "/app/caf%C3%A9.html?x=%C3%A9",
    "/app/a%3Fb.html",
    "/app/a%23b.html?q=1",
])
def test_get_return_path_is_path_and_query(srv, target):
    r = srv.get(target)
    if target.endswith("?"):
        # an empty query may or may not keep its "?"
        raw, dec = H.return_to_of(r.header("Location") or "")
        assert dec in (target, target[:-1]), r
        target = dec
    H.assert_redirect(r, srv.port, "missing", target)


def test_return_value_encoding_is_exact(srv):
    r = srv.get("/app/x.html?a=1&b=%C3%A9!*'()@:,;$")
    assert r.status == 302
    raw, dec = H.return_to_of(r.header("Location"))
    assert dec == "/app/x.html?a=1&b=%C3%A9!*'()@:,;$"
    assert raw == "/app/x.html%3Fa%3D1%26b%3D%25C3%25A9%21%2A%27%28%29%40%3A%2C%3B%24", raw


def test_post_same_origin_referer(srv):
    ref = "http://localhost:%d/app/form.html" % srv.port
    r = srv.post("/app/submit.cgi", [("Referer", ref)], cookie=expired())
    H.assert_redirect(r, srv.port, "inactivity", "/app/form.html", status=303)


def test_post_same_origin_referer_with_query(srv):
    ref = "http://localhost:%d/app/form.html?step=2" % srv.port
    r = srv.post("/app/submit.cgi", [("Referer", ref)])
    assert r.status == 303, r
    raw, dec = H.return_to_of(r.header("Location"))
    assert dec in ("/app/form.html?step=2", "/app/form.html"), dec


@pytest.mark.parametrize("ref", [
    None,
    "http://evil.example/app/form.html",
    "http://localhost:1/app/form.html",
    "https://localhost:@PORT@/app/form.html",
    "http://localhost.evil.example:@PORT@/app/form.html",
    "http://evil.example/http://localhost:@PORT@/app/form.html",
    "//localhost:@PORT@/app/form.html",
    "/app/form.html",
    "not a url",
])
def test_post_foreign_or_no_referer_returns_to_root(srv, ref):
    hdrs = [] if ref is None else [("Referer", ref.replace("@PORT@", str(srv.port)))]
    r = srv.post("/app/submit.cgi", hdrs, cookie=expired())
    H.assert_redirect(r, srv.port, "inactivity", "/", status=303)


def test_put_and_delete_are_303(srv):
    for method in ("PUT", "DELETE"):
        r = srv.request(method, "/app/page.html", H.NAV, body="x", cookie=expired())
        H.assert_redirect(r, srv.port, "inactivity", "/", status=303)


def test_absolute_login_url_with_query(srv):
    r = srv.get("/sso/page.html?a=1", cookie=expired())
    assert r.status == 302
    assert r.header("Location") == \
        "https://sso.example.org/auth?app=demo&return_to=/sso/page.html%3Fa%3D1", r
    r = srv.get("/sso/page.html", H.FETCH)
    H.assert_rejected_json(r, "missing", "https://sso.example.org/auth?app=demo", server=srv)


def test_custom_return_param(srv):
    r = srv.get("/next/page.html?a=1")
    H.assert_redirect(r, srv.port, "missing", "/next/page.html?a=1", param="next")


def test_return_param_off(srv):
    r = srv.get("/noret/page.html?a=1", cookie=expired())
    assert r.status == 302
    loc = r.header("Location")
    assert urllib.parse.urlsplit(loc).path == "/login/" and "?" not in loc, loc
    H.assert_cleared(r)


# -- open redirects: the return value is always a single-slash local path


SAFE_RE = re.compile(r"^/(?![/\\])[\x21-\x7e]*$")


def assert_safe(resp, port):
    if resp.status not in (302, 303):
        assert resp.header("Location") is None or resp.status in (301,), resp
        return
    loc = resp.header("Location")
    u = urllib.parse.urlsplit(loc)
    assert u.netloc in ("", "localhost:%d" % port), loc
    assert u.path == "/login/", loc
    raw, dec = H.return_to_of(loc)
    assert dec is not None, loc
    assert SAFE_RE.match(dec), (loc, dec)
    assert "\\" not in dec
    assert re.fullmatch(r"[A-Za-z0-9\-._~/%]*", raw), raw
    assert len(urllib.parse.parse_qs(u.query).get("return_to", [])) == 1, loc


OPEN_REDIRECT_TARGETS = [
    "//evil.example/x",
    "///evil.example/x",
    "/\\evil.example/x",
    "/\\/evil.example/x",
    "/%2F%2Fevil.example/x",
    "/%5Cevil.example",
    "/%09/evil.example",
    "/app/..//evil.example",
    "/app/page.html?x=1&return_to=//evil.example",
    "/.//evil.example",
]


@pytest.mark.parametrize("target", OPEN_REDIRECT_TARGETS)
def test_get_open_redirect_attempts(srv, target):
    r = srv.get(target)
    assert_safe(r, srv.port)
    if r.status == 302:
        raw, dec = H.return_to_of(r.header("Location"))
        assert not dec.startswith("//")


def test_absolute_form_request_target(srv):
    raw = ("GET http://evil.example/steal?x=1 HTTP/1.1\r\nHost: localhost:%d\r\n"
           "Connection: close\r\n\r\n" % srv.port).encode()
    resp = H.parse_raw_response(H.send_raw(srv.port, raw))
    assert_safe(resp, srv.port)
    if resp.status == 302:
        raw_v, dec = H.return_to_of(resp.header("Location"))
        assert "evil.example" not in dec, dec


@pytest.mark.parametrize("ref_path", ["//evil.example/x", "/\\evil.example", "/%0d%0aX:y",
                                      "/\t/evil.example"])
def test_post_referer_open_redirect_attempts(srv, ref_path):
    ref = "http://localhost:%d%s" % (srv.port, ref_path)
    r = srv.post("/app/submit.cgi", [("Referer", ref)], cookie=expired())
    assert r.status == 303, r
    assert_safe(r, srv.port)
    raw, dec = H.return_to_of(r.header("Location"))
    assert not dec.startswith("//") and "\\" not in dec


def test_scripted_referer_open_redirect(srv):
    ref = "http://localhost:%d//evil.example/x" % srv.port
    r = srv.get("/api/x", H.FETCH + [("Referer", ref)])
    assert r.status == 401
    login_url = r.json()["login_url"]
    assert login_url == "/login/" or SAFE_RE.match(H.return_to_of(login_url)[1]), login_url

# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""The promises of the header comment of conf-examples/cookie-session-app.conf
(SessionTimeoutLoginRequest do=login, SessionTimeoutStartOnCookie DW...),
against the shipped file in httpd. mst_examples rewrites the key; this test
also points the Alias at a private directory and runs a stub doku.php as a
CGI instead of PHP-FPM (the one SetHandler line), everything else as
shipped. The stub behaves like DokuWiki's login as the module sees it: a
do=login POST with credentials sets the DW... login cookie (and the PHP
session cookie DokuWiki), do=logout expires it, do=renew sets it again; it
echoes the cookies, query and body it received. The real DokuWiki, in
chromium, is tests/app/."""
import hashlib
import os
import re

import pytest

import mst_examples as E
import mst_harness as H
from mst_harness import KEY1, mint, now

M, HOUR = 60, 3600
NAME = "cookie-session-app.conf"
HOST = "wiki.example.org"

STUB = r"""#!/usr/bin/python3
import os, sys, urllib.parse
n = int(os.environ.get("CONTENT_LENGTH") or 0)
body = sys.stdin.buffer.read(n).decode("latin-1") if n else ""
f = urllib.parse.parse_qs(os.environ.get("QUERY_STRING", ""))
if os.environ.get("REQUEST_METHOD") == "POST":
    f.update(urllib.parse.parse_qs(body))
do = f.get("do", [""])[0]
out = ["Content-Type: text/plain"]
if do == "login" and f.get("u"):
    out.append("Set-Cookie: DokuWiki=phpsess; path=/dokuwiki/; HttpOnly")
    out.append("Set-Cookie: @DW@=%s; path=/dokuwiki/; HttpOnly" % f["u"][0])
elif do == "renew":
    out.append("Set-Cookie: @DW@=renewed; path=/dokuwiki/; HttpOnly")
elif do == "logout":
    out.append("Set-Cookie: @DW@=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT; "
               "Max-Age=0; path=/dokuwiki/; HttpOnly")
out.append("")
out.append("STUB do=%s" % do)
out.append("COOKIE=%s" % os.environ.get("HTTP_COOKIE", ""))
out.append("QUERY=%s" % os.environ.get("QUERY_STRING", ""))
out.append("BODY=%s" % body)
sys.stdout.write("\r\n".join(out) + "\n")
"""


def dw_cookie_name(text):
    return re.search(r"^\s*SessionTimeoutStartOnCookie\s+(\S+)", text, re.M).group(1)


def shipped_for_test(text, root):
    """The example as E.make_server Includes it, with the DokuWiki paths in
    the test's tree and the stub run as a CGI (the only changes)."""
    php = 'SetHandler "proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost"'
    alias = "Alias /dokuwiki /usr/share/dokuwiki"
    directory = "<Directory /usr/share/dokuwiki>"
    for line in (php, alias, directory):
        assert text.count(line) == 1, line
    dw = os.path.join(root, "dokuwiki")
    text = text.replace(php, "SetHandler cgi-script")
    text = text.replace(alias, "Alias /dokuwiki %s" % dw)
    return text.replace(directory, "<Directory %s>\n        Options +ExecCGI" % dw)


@pytest.fixture(scope="module")
def wiki(httpd_factory, backend):
    s = E.make_server(httpd_factory, NAME, "127.0.0.1:%d" % backend.port)
    s.write_conf(shipped_for_test(s.body, s.root))
    dw = dw_cookie_name(E.read_example(NAME))
    files = {"doku.php": STUB.replace("@DW@", dw), "lib/exe/css.php": STUB.replace("@DW@", dw),
             "lib/exe/ajax.php": STUB.replace("@DW@", dw),
             "lib/exe/js.php": STUB.replace("@DW@", dw),
             "lib/exe/jquery.php": STUB.replace("@DW@", dw),
             "lib/tpl/dokuwiki/style.css": "body{}\n", "data/pages/secret.txt": "SECRET\n",
             "conf/users.auth.php": "SECRET\n"}
    for rel, content in files.items():
        p = os.path.join(s.root, "dokuwiki", rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(content)
        os.chmod(p, 0o755 if rel.endswith(".php") else 0o644)
    for d, _, _ in os.walk(os.path.join(s.root, "dokuwiki")):
        os.chmod(d, 0o755)
    s.start()
    s.dw = dw
    return s


def req(srv, method, target, cookies=(), body=None, headers=H.NAV):
    hdrs = list(headers)
    if cookies:
        hdrs.append(H.cookie_hdr(*cookies))
    kw = {}
    if body is not None:
        hdrs.append(("Content-Type", "application/x-www-form-urlencoded"))
        kw["body"] = body
    return srv.request(method, target, hdrs, host="%s:%d" % (HOST, srv.port), **kw)


def stub_saw(r):
    out = {}
    for line in r.text.splitlines():
        k, eq, v = line.partition("=")
        if eq and k in ("COOKIE", "QUERY", "BODY"):
            out[k] = v
    return out


def tok(created_ago, last_ago):
    t = now()
    return mint(KEY1, user="", created=t - created_ago, last=t - last_ago)


LOGIN = "/dokuwiki/doku.php?do=login"


def test_cookie_name_is_dw_md5_of_base_path():
    # "DokuWiki's cookie name: "DW" followed by the md5 of its base path
    # (DOKU_REL, /dokuwiki/ here) ... The name below is for securecookie off"
    text = E.read_example(NAME)
    assert dw_cookie_name(text) == "DW" + hashlib.md5(b"/dokuwiki/").hexdigest()
    assert "SessionTimeoutClearCookie %s Path=/dokuwiki/" % dw_cookie_name(text) in text


def test_page_without_session_sent_to_login_form(wiki):
    # "Everything else without a session is sent to the login form"; the
    # login URL knows no return parameter (SessionTimeoutReturnParam Off)
    r = req(wiki, "GET", "/dokuwiki/doku.php?id=start")
    assert r.status == 302 and r.header("Location") == LOGIN, r
    assert "STUB" not in r.text, r


def test_login_form_get_goes_on_anonymous(wiki):
    # the login URL is a login request (GET: the query): it goes on, "as an
    # ANONYMOUS request: our cookie and the application's session cookies
    # are removed from it, so a stale DokuWiki session cannot outlive ours"
    stale = [(wiki.dw, "alice"), ("DokuWiki", "oldsess"), tok(2 * HOUR, HOUR),
             ("lang", "en")]
    r = req(wiki, "GET", LOGIN, stale)
    assert r.status == 200 and r.text.startswith("STUB do=login"), r
    cookie = stub_saw(r)["COOKIE"]
    for name in (wiki.dw, "DokuWiki", H.COOKIE):
        assert name + "=" not in cookie, cookie
    # the redirect to the login URL does not loop: a page load reaches it
    assert req(wiki, "GET", LOGIN).status == 200


def test_login_post_goes_on_and_dw_cookie_starts_session(wiki):
    # "POST: the url-encoded body"; "a response that sets DokuWiki's login
    # cookie starts our session"
    body = "sectok=&id=start&do=login&u=alice&p=secret"
    r = req(wiki, "POST", "/dokuwiki/doku.php?id=start", [(wiki.dw, "stale")], body=body)
    assert r.status == 200 and r.text.startswith("STUB do=login"), r
    saw = stub_saw(r)
    assert saw["BODY"] == body and wiki.dw + "=" not in saw["COOKIE"], saw
    f = H.assert_valid_token(H.assert_fresh_cookie(r), user="")
    assert f["created"] >= now() - 2, f
    # the application's cookie reaches the browser as it set it
    assert r.set_cookies(wiki.dw)[0].value == "alice", r
    # and the new session opens the wiki, DokuWiki's cookie now passed on
    r = req(wiki, "GET", "/dokuwiki/doku.php?id=start", [H.assert_fresh_cookie(r),
                                                          (wiki.dw, "alice")])
    assert r.status == 200 and wiki.dw + "=alice" in stub_saw(r)["COOKIE"], r


@pytest.mark.parametrize("target,body,extra", [
    # a POST without the login field, whatever Referer it forges
    ("/dokuwiki/doku.php?id=start", "do=edit&id=start",
     [("Referer", "http://wiki.example.org/dokuwiki/doku.php?do=login")]),
    # do=login only in the query of a POST proves nothing
    ("/dokuwiki/doku.php?do=login", "do=save&id=start", []),
], ids=["forged-referer", "login-only-in-query-of-post"])
def test_other_requests_without_session_sent_to_login(wiki, target, body, extra):
    r = req(wiki, "POST", target, body=body, headers=H.NAV + extra)
    assert r.status == 303 and r.header("Location") == LOGIN, r
    assert "STUB" not in r.text, r


def test_login_requests_only_at_doku_php(wiki):
    # "Login requests only where DokuWiki's login is handled: doku.php"
    r = req(wiki, "GET", "/dokuwiki/lib/exe/ajax.php?do=login")
    assert r.status == 302 and r.header("Location") == LOGIN, r


def test_dw_cookie_expired_ends_session(wiki):
    # "one that expires it (DokuWiki's logout) ends it"
    r = req(wiki, "GET", "/dokuwiki/doku.php?do=logout", [tok(HOUR, M), (wiki.dw, "alice")])
    assert r.status == 200, r
    (c,) = r.session_cookies()
    assert c.expired, r


def test_dw_cookie_renewed_keeps_session_and_its_lifetime(wiki):
    # "DokuWiki renewing its cookie keeps the session, whose lifetime still
    # counts from the login"
    t = tok(7 * HOUR, 2 * M)
    old = H.parse_token(t)
    r = req(wiki, "GET", "/dokuwiki/doku.php?id=start&do=renew", [t, (wiki.dw, "alice")])
    assert r.status == 200, r
    new = r.new_token()
    if new is not None:
        f = H.parse_token(new)
        assert (f["sid"], f["created"]) == (old["sid"], old["created"]), (f, old)
    # one hour later (8h after the login) it is over
    r = req(wiki, "GET", "/dokuwiki/doku.php?id=start", [tok(8 * HOUR, M)])
    assert r.status == 302 and r.header("Location") == LOGIN, r


def test_expired_session_clears_dokuwiki_cookies(wiki):
    # "expired with our session: DokuWiki's login cookie and PHP session"
    r = req(wiki, "GET", "/dokuwiki/doku.php?id=start",
            [tok(HOUR, 30 * M), (wiki.dw, "alice"), ("DokuWiki", "sess")])
    assert r.status == 302 and r.header("Location") == LOGIN, r
    H.assert_cleared(r, clear=[wiki.dw, "DokuWiki"])
    for name in (wiki.dw, "DokuWiki"):
        assert r.set_cookies(name)[0].attrs.get("path") == "/dokuwiki/", r


@pytest.mark.parametrize("target", ["/dokuwiki/lib/tpl/dokuwiki/style.css",
                                    "/dokuwiki/lib/exe/css.php", "/dokuwiki/lib/exe/js.php",
                                    # jQuery, which DokuWiki's scripts need
                                    "/dokuwiki/lib/exe/jquery.php?tseed=1"])
def test_login_form_assets_need_no_session(wiki, target):
    # "What the login form itself loads: styles, scripts, template images."
    r = req(wiki, "GET", target)
    assert r.status == 200 and r.header("Location") is None, r


@pytest.mark.parametrize("target", ["/dokuwiki/data/pages/secret.txt",
                                    "/dokuwiki/conf/users.auth.php"])
def test_internal_files_never_served(wiki, target, expect_log):
    expect_log("AH01630")
    # "DokuWiki's internal files are never served", with a session too
    r = req(wiki, "GET", target, [tok(HOUR, M)])
    assert r.status == 403 and "SECRET" not in r.text, r

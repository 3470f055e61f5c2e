# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""SessionTimeoutTokenFormat and the honest profiles (SPEC section 9, README
"Token format"): a v2 vhost mints v2 cookies whose user name is encrypted
(decrypted here with the test key), accepts them and gives the backend the
decrypted name; it refuses v1 unless "accept-v1" says so, and then re-issues
a v1 cookie as v2 at once; the default stays v1 only; nist-aal* profiles
refuse `httpd -t` without v2 or with SameSite None, and warn about accept-v1
and a name without __Host- on what may be https."""
import re

import pytest

import mst_harness as H
from mst_harness import KEY1, mint, mint_v2, now

CONF = """
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLifetime 8h
SessionTimeoutInactivity 30m
SessionTimeoutLoginURL /login/
<Location /login/>
    SessionTimeout Off
    SessionTimeoutStartHeader X-Session-Start
</Location>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName v1.test
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName v2.test
    SessionTimeoutTokenFormat v2
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName migrate.test
    SessionTimeoutTokenFormat v2 accept-v1
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName rollback.test
    SessionTimeoutTokenFormat v1 accept-v2
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName aal2.test
    SessionTimeoutTokenFormat v2
    SessionTimeoutProfile nist-aal2
</VirtualHost>
"""


@pytest.fixture(scope="module")
def srv(httpd_factory):
    return httpd_factory(CONF)


def get(srv, host, target, token=None):
    return srv.get(target, host=host, cookie=token)


def assert_rejected_invalid(resp):
    assert resp.status == 302, resp
    assert resp.header("X-Test-Reason") == "invalid", resp


@pytest.mark.parametrize("host", ["v2.test", "migrate.test", "aal2.test"])
def test_v2_vhost_mints_v2(srv, host):
    t0 = now()
    r = get(srv, host, "/login/start.cgi?user=j%C3%B6rg%40example.org")
    t1 = now()
    assert r.status == 200, r
    tok = r.new_token()
    assert tok.startswith("v2."), tok
    # no cleartext user name in the cookie, not even base64url
    assert H.b64u("jörg@example.org".encode()) not in tok and "example" not in tok, tok
    f = H.parse_token_v2(tok, KEY1)
    assert f["user"] == "jörg@example.org" and t0 <= f["created"] == f["last"] <= t1, f
    # and the module accepts what it minted, giving the backend the name
    r = get(srv, host, "/app/env.cgi", tok)
    assert r.status == 200, r
    assert r.env()["SESSION_TIMEOUT_USER"] == "jörg@example.org", r.text
    assert r.env()["SESSION_TIMEOUT_ID"] == f["sid"], r.text


def test_two_mints_two_nonces(srv):
    a = get(srv, "v2.test", "/login/start.cgi?user=alice").new_token()
    b = get(srv, "v2.test", "/login/start.cgi?user=alice").new_token()
    ea, eb = H.parse_token_v2(a)["euser"], H.parse_token_v2(b)["euser"]
    assert H.b64u_decode(ea)[:12] != H.b64u_decode(eb)[:12], (a, b)


@pytest.mark.parametrize("host", ["v2.test", "migrate.test", "rollback.test", "aal2.test"])
def test_v2_cookie_accepted(srv, host):
    t = now()
    tok = mint_v2(user="alice", created=t - 100, last=t - 5)
    r = get(srv, host, "/app/env.cgi", tok)
    assert r.status == 200, r
    assert r.env()["SESSION_TIMEOUT_USER"] == "alice", r.text
    if host == "rollback.test":
        # minting v1 again: the v2 cookie is re-issued as v1 at once
        new = r.new_token()
        f = H.assert_valid_token(new, KEY1, user="alice", created=t - 100, last=t - 5)
        assert f["sid"] == H.parse_token_v2(tok)["sid"]
    else:
        assert r.session_cookies() == [], r


@pytest.mark.parametrize("host", ["v2.test", "aal2.test"])
def test_v2_vhost_refuses_v1(srv, host):
    t = now()
    r = get(srv, host, "/app/env.cgi", mint(user="alice", created=t - 100, last=t - 5))
    assert_rejected_invalid(r)


@pytest.mark.parametrize("host", ["localhost", "v1.test"])
def test_default_is_v1_only(srv, host):
    t = now()
    r = get(srv, host, "/login/start.cgi?user=alice")
    H.assert_valid_token(r.new_token(), KEY1, user="alice")
    r = get(srv, host, "/app/env.cgi", mint_v2(user="alice", created=t - 100, last=t - 5))
    assert_rejected_invalid(r)
    r = get(srv, host, "/app/env.cgi", mint(user="alice", created=t - 100, last=t - 5))
    assert r.status == 200 and r.env()["SESSION_TIMEOUT_USER"] == "alice", r


def test_migration_reissues_v1_as_v2_at_once(srv):
    t = now()
    old = mint(user="alice", created=t - 100, last=t - 5)
    r = get(srv, "migrate.test", "/app/env.cgi", old)
    assert r.status == 200, r
    assert r.env()["SESSION_TIMEOUT_USER"] == "alice", r.text
    new = r.new_token()
    assert new is not None and new.startswith("v2."), r
    f = H.parse_token_v2(new)
    # same session, same times (well inside the refresh interval): only the format changed
    assert (f["user"], f["sid"], f["created"], f["last"]) == \
        ("alice", H.parse_token(old)["sid"], t - 100, t - 5), f
    r = get(srv, "migrate.test", "/app/env.cgi", new)
    assert r.status == 200 and r.session_cookies() == [], r


def test_keepalive_reuses_verified_v2(srv):
    """The connection cache serves a v2 cookie's second request (same answer)."""
    t = now()
    tok = mint_v2(user="bob", created=t - 100, last=t - 5)
    with H.KeepAlive(srv.port) as ka:
        for _ in range(3):
            r = ka.get("/app/env.cgi", host="v2.test", cookie=tok)
            assert r.status == 200 and r.env()["SESSION_TIMEOUT_USER"] == "bob", r


# ---- httpd -t: the directive and the profile rules --------------------------------------

BASE = """
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLoginURL /login/
"""


@pytest.fixture(scope="module")
def tree():
    s = H.Httpd(BASE, name="tokenformat-configtest")
    yield s
    s.cleanup()


def configtest(tree, body):
    tree.write_conf(body)
    return tree.configtest()


@pytest.mark.parametrize("args, names", [
    ("v3", ["unknown token format 'v3'", "v1 or v2"]),
    ("v2 v1", ["'v1' after v2", "accept-v1"]),
    ("v2 accept-v2", ["'accept-v2' after v2", "accept-v1"]),
    ("v1 accept-v1", ["'accept-v1' after v1", "accept-v2"]),
    ("", ["SessionTimeoutTokenFormat takes"]),
    ("v2 accept-v1 x", ["SessionTimeoutTokenFormat takes"]),
])
def test_bad_directive(tree, args, names):
    rc, out = configtest(tree, BASE + "SessionTimeoutTokenFormat %s\n" % args)
    assert rc != 0, out
    assert "SessionTimeoutTokenFormat" in out, out
    for n in names:
        assert n in out, out


def test_directive_not_in_location(tree):
    rc, out = configtest(tree, BASE + "<Location /x>\nSessionTimeoutTokenFormat v2\n</Location>\n")
    assert rc != 0, out
    assert "SessionTimeoutTokenFormat" in out and "not allowed" in out, out


@pytest.mark.parametrize("args", ["v1", "V2", "v2 accept-v1", "v1 accept-v2", "v2 Accept-V1"])
def test_good_directive(tree, args):
    rc, out = configtest(tree, BASE + "SessionTimeoutTokenFormat %s\n" % args)
    assert rc == 0, out
    assert "MST000" not in out, out


@pytest.mark.parametrize("profile", ["nist-aal1", "nist-aal2", "nist-aal3"])
@pytest.mark.parametrize("fmt", [None, "v1", "v1 accept-v2"])
def test_nist_requires_v2(tree, profile, fmt):
    body = BASE + "SessionTimeoutProfile %s\n" % profile
    if fmt:
        body += "SessionTimeoutTokenFormat %s\n" % fmt
    rc, out = configtest(tree, body)
    assert rc != 0, out
    assert "MST00052" in out and profile in out, out
    assert '"SessionTimeoutTokenFormat v2"' in out, out


def test_nist_in_a_location_checks_its_vhost(tree):
    """The profile is per directory, the format per vhost: a <Location> under
    nist-aal2 in a vhost without v2 fails, naming the section and the vhost."""
    body = BASE + """SessionTimeoutTokenFormat v2
<VirtualHost 127.0.0.1:@PORT@>
    ServerName plain.test
    SessionTimeoutTokenFormat v1
    <Location /strict/>
        SessionTimeoutProfile nist-aal2
    </Location>
</VirtualHost>
"""
    rc, out = configtest(tree, body)
    assert rc != 0, out
    assert "MST00052" in out and "<Location /strict/>" in out and "plain.test" in out, out


@pytest.mark.parametrize("attrs", ["Path=/; HttpOnly; SameSite=None; Secure", "Path=/; HttpOnly"])
def test_nist_requires_samesite_lax_or_strict(tree, attrs):
    body = BASE + ("SessionTimeoutTokenFormat v2\nSessionTimeoutProfile nist-aal2\n"
                   "SessionTimeoutCookie session_timeout %s\n" % attrs)
    rc, out = configtest(tree, body)
    assert rc != 0, out
    assert "MST00053" in out and "SameSite=Lax or SameSite=Strict" in out, out


@pytest.mark.parametrize("attrs", ["Path=/; HttpOnly; SameSite=Strict", "Path=/; samesite=lax"])
def test_nist_passes_with_v2_and_samesite(tree, attrs):
    body = BASE + ("SessionTimeoutTokenFormat v2\nSessionTimeoutProfile nist-aal2\n"
                   "SessionTimeoutCookie session_timeout %s\n" % attrs)
    rc, out = configtest(tree, body)
    assert rc == 0, out
    assert "MST000" not in out, out


def test_nist_migration_warns(tree):
    rc, out = configtest(tree, BASE + "SessionTimeoutTokenFormat v2 accept-v1\n"
                                      "SessionTimeoutProfile nist-aal2\n")
    assert rc == 0, out
    assert re.search(r"warn.*MST00050.*accept-v1", out), out


@pytest.mark.parametrize("vhost, why", [
    ("<VirtualHost 127.0.0.1:@PORT@>\nServerName https://tls.test\n", "ServerName says https"),
    ("<VirtualHost 127.0.0.1:443>\nServerName tls.test\n", "port 443"),
    ("<VirtualHost 127.0.0.1:@PORT@>\nServerName tls.test\n<IfModule mod_ssl.c>\n"
     "SSLEngine on\n</IfModule>\n", "SSLEngine is on"),
])
def test_nist_https_without_host_prefix_warns(tree, vhost, why):
    body = BASE + "SessionTimeoutTokenFormat v2\n" + vhost + \
        "SessionTimeoutProfile nist-aal2\n</VirtualHost>\n"
    if "SSLEngine" in vhost:
        body = "LoadModule ssl_module %s/mod_ssl.so\n" % H.MODULE_DIR + body
    rc, out = configtest(tree, body)
    assert rc == 0, out
    assert re.search(r"warn.*MST00051.*tls\.test.*%s.*__Host-" % why, out), out
    # with the prefix (its rules: Path=/, no Domain, Secure), no warning
    body = body.replace("</VirtualHost>", "SessionTimeoutCookie __Host-session Path=/; HttpOnly; "
                                          "SameSite=Lax\n</VirtualHost>")
    rc, out = configtest(tree, body)
    assert rc == 0, out
    assert "MST000" not in out, out


def test_plain_http_nist_vhost_does_not_warn(tree):
    body = BASE + ("SessionTimeoutTokenFormat v2\n<VirtualHost 127.0.0.1:@PORT@>\n"
                   "ServerName plain.test\nSessionTimeoutProfile nist-aal2\n</VirtualHost>\n")
    rc, out = configtest(tree, body)
    assert rc == 0, out
    assert "MST000" not in out, out


def test_migration_warning_at_startup(httpd_per_test, expect_log):
    """The warning is logged once at startup, from the pass that serves."""
    expect_log("MST00050")
    s = httpd_per_test(BASE + "SessionTimeoutTokenFormat v2 accept-v1\n"
                              "SessionTimeoutProfile nist-aal2\n", allowed=("MST00050",))
    assert len(re.findall("MST00050", s.log_text())) == 1, s.log_text()


# ---- conf-examples/profile-nist-aal2.conf keeps the promises of its header ---------------

def test_nist_example_header_promises(tree):
    """Every "DIRECTIVE VALUE   (would fail: ...)" line of the example's
    header comment, added to its vhost, makes `apache2 -t` fail; the example
    as written passes without a warning, and says v2."""
    import mst_examples as E
    text = E.read_example("profile-nist-aal2.conf")
    promises = re.findall(r"^#\s+(SessionTimeout\S+ .*?)\s{2,}\(would fail: ([^)]*)\)", text, re.M)
    assert len(promises) >= 4, promises
    assert any(d.startswith("SessionTimeoutTokenFormat") for d, _ in promises), promises
    assert any("SameSite=None" in d for d, _ in promises), promises
    body = E.substituted(text, "127.0.0.1:9")
    assert E.vhosts(text)[0].setting("SessionTimeoutTokenFormat") == "v2"
    rc, out = configtest(tree, body)
    assert rc == 0 and "MST000" not in out, out
    for directive, why in promises:
        bad = body.replace("</VirtualHost>", "    %s\n</VirtualHost>" % directive)
        rc, out = configtest(tree, bad)
        assert rc != 0, (directive, why, out)
        assert re.search(r"MST0000[0-9]|MST0005[23]", out), (directive, out)


def test_startup_log_names_the_format(srv):
    lines = [l for l in srv.mst_lines(0, level="info") if "MST00004: " in l]
    for host, fmt in [("v1.test", "v1"), ("v2.test", "v2"), ("migrate.test", "v2,accept-v1"),
                      ("rollback.test", "v1,accept-v2"), ("aal2.test", "v2")]:
        mine = [l for l in lines if re.search(r"\b%s\b" % re.escape(host), l)]
        assert mine and all(re.search(r" token=%s(\s|$)" % re.escape(fmt), l) for l in mine), \
            (host, mine)

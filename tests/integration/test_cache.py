# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""Shared caches (SPEC section 9, Caches): with mod_cache on a protected
path, under CacheQuickHandler On and Off, with mod_cache_disk and
mod_cache_socache, no visitor ever receives a protected body or another
user's session cookie. Responses of valid sessions say `private`, and those
that carry our Set-Cookie or warning also say which fields no cache may
store, so a CDN in front of httpd is told the same."""
import os

import pytest

import mst_harness as H
from mst_harness import mint, now

PROVIDERS = {
    "disk": """
LoadModule cache_disk_module @MODDIR@/mod_cache_disk.so
CacheRoot "@ROOT@/cache"
CacheDirLevels 1
CacheDirLength 1
CacheEnable disk /app/
""",
    "socache": """
LoadModule socache_shmcb_module @MODDIR@/mod_socache_shmcb.so
LoadModule cache_socache_module @MODDIR@/mod_cache_socache.so
CacheSocache shmcb
CacheEnable socache /app/
""",
}

CONF = """
LoadModule cache_module @MODDIR@/mod_cache.so
@PROVIDER@
CacheQuickHandler @QUICK@
@CARELESS@
CacheDefaultExpire 600
CacheIgnoreNoLastMod On
CacheLock Off
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLifetime 8h
SessionTimeoutInactivity 30m
SessionTimeoutWarning 10m
SessionTimeoutLoginURL /login/
<Location /login/>
    SessionTimeout Off
</Location>
"""

# An application page that tells caches it may be shared, as many do.
CACHEABLE_CGI = r"""#!/bin/sh
printf 'Content-Type: text/html\r\nCache-Control: public, max-age=600\r\n\r\n'
printf '<!doctype html><title>private</title><p>PROTECTED-BODY of %s</p>\n' "$SESSION_TIMEOUT_USER"
"""


# Settings that make mod_cache ignore what a response says about caching:
# the module must keep responses of sessions out of the cache anyway.
CARELESS = "CacheStorePrivate On\nCacheIgnoreCacheControl On\nCacheIgnoreHeaders Set-Cookie"


def make_server(factory, provider, quick, careless=False):
    body = (CONF.replace("@PROVIDER@", PROVIDERS[provider]).replace("@QUICK@", quick)
            .replace("@CARELESS@", CARELESS if careless else "")
            .replace("@MODDIR@", H.MODULE_DIR))
    s = factory(body, start=False, name="cache-%s-%s%s" % (provider, quick, "-careless" * careless))
    os.makedirs(s.path("cache"), exist_ok=True)
    os.chown(s.path("cache"), *_www_data())
    fp = os.path.join(s.docroot, "app", "cacheable.cgi")
    with open(fp, "w") as f:
        f.write(CACHEABLE_CGI)
    os.chmod(fp, 0o755)
    return s.start()


def _www_data():
    import pwd
    pw = pwd.getpwnam(H.RUN_USER)
    return pw.pw_uid, pw.pw_gid


MATRIX = [(p, q, False) for p in ("disk", "socache") for q in ("On", "Off")]
MATRIX += [("disk", "On", True), ("socache", "Off", True)]


@pytest.mark.parametrize("provider,quick,careless", MATRIX)
@pytest.mark.parametrize("target", ["/app/cacheable.cgi", "/app/page.html"])
def test_cache_never_serves_protected_body_or_foreign_cookie(httpd_per_test, provider, quick,
                                                             careless, target):
    srv = make_server(httpd_per_test, provider, quick, careless)
    t = now()
    # alice's LAST is old enough to be refreshed and her session 5 minutes
    # from its lifetime, so she is warned: her responses carry our Set-Cookie and
    # the warning header, the two things a shared cache must never replay
    alice = mint(user="alice", created=t - 8 * 3600 + 300, last=t - 120)
    alice_sid = H.parse_token(alice)["sid"]
    for _ in range(3):
        r = srv.get(target, headers=H.NAV, cookie=alice)
        assert r.status == 200, r
        assert r.new_token() is not None, r
        assert r.has_header("Session-Timeout-Warning"), r
    foreign = 0
    leaked = 0
    for _ in range(3):
        anon = srv.get(target, headers=H.NAV)
        leaked += anon.status == 200 or b"PROTECTED-BODY" in anon.body
        foreign += any(H.parse_token(c.value)["sid"] == alice_sid
                       for c in anon.session_cookies() if not c.expired)
        assert anon.status == 302, anon
        bob = srv.get(target, headers=H.NAV,
                      cookie=mint(user="bob", created=t - 60, last=t - 5))
        assert bob.status == 200, bob
        assert b"of alice" not in bob.body, bob
        foreign += any(H.parse_token(c.value)["sid"] == alice_sid
                       for c in bob.session_cookies() if not c.expired)
    assert (leaked, foreign) == (0, 0), "protected bodies served: %d, foreign cookies: %d" % (
        leaked, foreign)


def cache_control(resp):
    return [d.strip().lower() for v in resp.header_all("Cache-Control") for d in v.split(",")]


@pytest.fixture(scope="module")
def srv(httpd_factory):
    return make_server(httpd_factory, "disk", "On")


def test_valid_session_response_is_private(srv):
    t = now()
    r = srv.get("/app/page.html", cookie=mint(created=t - 60, last=t - 5))
    assert r.status == 200, r
    assert r.session_cookies() == [] and not r.has_header("Session-Timeout-Warning"), r
    assert len(r.header_all("Cache-Control")) == 1, r
    assert cache_control(r) == ["private"], r


def test_application_public_becomes_private(srv):
    t = now()
    r = srv.get("/app/cacheable.cgi", cookie=mint(created=t - 60, last=t - 5))
    assert r.status == 200, r
    cc = cache_control(r)
    assert len(r.header_all("Cache-Control")) == 1, r
    assert "private" in cc and "public" not in cc, r
    assert "max-age=600" in cc, r


def test_reissued_cookie_and_warning_are_named_no_cache(srv):
    t = now()
    r = srv.get("/app/page.html", cookie=mint(created=t - 8 * 3600 + 300, last=t - 120))
    assert r.status == 200 and r.new_token() is not None, r
    assert r.has_header("Session-Timeout-Warning"), r
    cc = ", ".join(r.header_all("Cache-Control")).lower()
    assert "private" in cc, r
    assert 'no-cache="set-cookie, session-timeout-warning"' in cc, r


def test_rejection_stays_no_store(srv):
    r = srv.get("/app/page.html", headers=H.NAV)
    assert r.status == 302, r
    assert cache_control(r) == ["no-store"], r


def test_unprotected_location_untouched(srv):
    r = srv.get("/login/page.html")
    assert r.status == 200, r
    assert r.header("Cache-Control") is None, r

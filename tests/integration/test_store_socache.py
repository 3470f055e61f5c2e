# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""test_store_socache.py: the revocation store through httpd's socache
providers (SPEC section 10): socache:dbm keeps revocations across a graceful
restart and a stop (the module never destroys a persistent provider's data),
socache:shmcb works and says at startup, naming shmcb, that its revocations
do not survive a restart; the global mutex the providers ask for is used
under mpm_event and prefork; an unknown provider fails httpd -t."""
import os
import re
import signal
import time

import pytest

import mst_harness as H

BODY = """
LoadModule socache_dbm_module @MODDIR@/mod_socache_dbm.so
LoadModule socache_shmcb_module @MODDIR@/mod_socache_shmcb.so
SessionTimeoutSecret file:@KEY1@
SessionTimeoutStore %(store)s
SessionTimeoutRevocationDelay 0
<Location /app>
    SessionTimeout On
    SessionTimeoutLifetime 1h
    SessionTimeoutLoginURL /login/page.html
</Location>
<Location /logout>
    SetHandler session-timeout-logout
</Location>
<Location /login>
    SessionTimeoutRevokeUserHeader X-Revoke-User
</Location>
"""

REVOKE_CGI = r"""#!/bin/sh
printf 'Content-Type: text/plain\r\nX-Revoke-User: %s\r\n\r\nrevoked\n' "$QUERY_STRING"
"""


def server(factory, store, name, mpm="event", allowed=()):
    s = factory((BODY % {"store": store}).replace("@MODDIR@", H.MODULE_DIR), name=name,
                start=False, mpm=mpm, allowed=allowed)
    p = os.path.join(s.docroot, "login", "revoke.cgi")
    with open(p, "w") as f:
        f.write(REVOKE_CGI)
    os.chmod(p, 0o755)
    s.start()
    return s


def revoked(srv, tok):
    r = srv.get("/app/page.html", headers=H.XHR, cookie=tok)
    return r.status == 401 and r.json().get("reason") == "revoked"


def graceful(srv):
    mark = srv.mark()
    os.kill(srv.proc.pid, signal.SIGUSR1)
    t0 = time.monotonic()
    while time.monotonic() - t0 < 10 and not re.search("AH00489|AH00163", srv.log_text(mark)):
        time.sleep(0.05)
    assert re.search("AH00489|AH00163", srv.log_text(mark))


@pytest.mark.parametrize("mpm", ["event", "prefork"])
def test_dbm_keeps_revocations_across_graceful_and_stop(httpd_per_test, mpm):
    s = server(httpd_per_test, "socache:dbm:@ROOT@/run/mst-store", "socache-dbm-" + mpm, mpm=mpm)
    tok = H.mint(user="dina", created=H.now() - 5)
    other = H.mint(user="eve", created=H.now() - 5)
    assert s.get("/app/page.html", cookie=tok).status == 200
    s.get("/logout", cookie=tok)
    s.get("/login/revoke.cgi?eve")
    assert revoked(s, tok) and revoked(s, other)
    assert s.get("/app/page.html", cookie=H.mint(user="dina")).status == 200
    graceful(s)
    for _ in range(4):
        assert revoked(s, tok) and revoked(s, other)
    # a full stop and start: the files stay, and so do the revocations
    s.stop()
    files = [f for f in os.listdir(s.path("run")) if f.startswith("mst-store")]
    assert files, os.listdir(s.path("run"))
    s.start()
    assert revoked(s, tok) and revoked(s, other)


def test_shmcb_works_and_warns_at_startup(httpd_per_test):
    s = server(httpd_per_test, "socache:shmcb:@ROOT@/run/mst-shm(65536)", "socache-shmcb",
               allowed=["MST00093: .*shmcb"])
    assert any("MST00093" in l and "shmcb" in l for l in s.log_lines())
    tok = H.mint(user="fay")
    assert s.get("/app/page.html", cookie=tok).status == 200
    s.get("/logout", cookie=tok)
    for _ in range(4):
        assert revoked(s, tok)
    assert s.get("/app/page.html", cookie=H.mint(user="fay")).status == 200


def test_unknown_provider_fails_configtest(httpd_per_test):
    s = httpd_per_test("SessionTimeoutSecret file:@KEY1@\nSessionTimeoutStore socache:nosuch\n",
                       name="socache-unknown", start=False)
    rc, out = s.configtest()
    assert rc != 0 and "MST00109" in out and "socache_nosuch_module" in out, out

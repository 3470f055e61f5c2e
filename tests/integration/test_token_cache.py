# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""The token caches (README "Performance"): a cookie verified once is not
verified again by the same process, whether the next request comes on the
same keep-alive connection, on a new connection, or as another HTTP/2
stream (mod_http2 gives every stream its own connection record, so a cache
per connection never hits there). Observed through
session_timeout_token_checks_total{by}, which says what answered each
request's token check; the access log's %P says how many processes served.
A forged cookie must still be refused after its genuine twin was cached."""
import os
import shutil
import subprocess

import pytest

import mst_harness as H
from mst_harness import KEY1, mint, now

CONF = r"""
@H2@
LogFormat "%P \"%r\" %>s" pids
CustomLog "@ROOT@/logs/pid_log" pids
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLifetime 8h
SessionTimeoutInactivity 30m
SessionTimeoutRefreshInterval 10m
<Location /app/>
    SessionTimeout On
</Location>
<Location /metrics>
    SetHandler session-timeout-metrics
</Location>
"""

N = 12


def h2_lines():
    if "mod_http2" in H.builtin_modules():
        return "Protocols h2c http/1.1"
    return "LoadModule http2_module %s/mod_http2.so\nProtocols h2c http/1.1" % H.MODULE_DIR


@pytest.fixture
def srv(httpd_per_test):
    return httpd_per_test(CONF.replace("@H2@", h2_lines()))


def checks(srv):
    r = srv.get("/metrics")
    assert r.status == 200, r
    out = {}
    for line in r.text.splitlines():
        if line.startswith("session_timeout_token_checks_total{") and \
                'vhost="localhost:%d"' % srv.port in line:
            by = line.split('by="', 1)[1].split('"', 1)[0]
            out[by] = int(line.rsplit(" ", 1)[1])
    assert set(out) == {"connection_cache", "process_cache", "verification"}, r.text
    return out


def delta(after, before):
    return {k: after[k] - before[k] for k in after}


def processes(srv, target):
    with open(srv.path("logs", "pid_log")) as f:
        return {line.split(" ")[0] for line in f if target in line}


def fresh_token(user="alice"):
    t = now()
    return mint(KEY1, user=user, created=t - 60, last=t - 5)


def test_keep_alive_connection_verifies_once(srv):
    token = fresh_token()
    before = checks(srv)
    with H.KeepAlive(srv.port) as ka:
        for _ in range(N):
            r = ka.get("/app/index.html", cookie=token)
            assert r.status == 200, r
    assert delta(checks(srv), before) == {"verification": 1, "connection_cache": N - 1,
                                          "process_cache": 0}


def test_new_connections_verify_once_per_process(srv):
    token = fresh_token("bob")
    before = checks(srv)
    for _ in range(N):
        r = srv.get("/app/index.html?new", cookie=token)
        assert r.status == 200, r
    got = delta(checks(srv), before)
    served_by = len(processes(srv, "/app/index.html?new"))
    # each process that served verified the token once, then its cache answered
    assert got["verification"] <= served_by, (got, served_by)
    assert got["process_cache"] == N - got["verification"], got
    assert got["connection_cache"] == 0, got


def test_http2_streams_hit_the_process_cache(srv):
    h2load = shutil.which("h2load")
    if h2load is None:
        if os.environ.get("CI") == "true":
            pytest.fail("h2load (Debian's nghttp2-client) is missing; install-deps.sh installs it")
        pytest.skip("h2load (Debian's nghttp2-client) is not installed")
    token = fresh_token("carol")
    before = checks(srv)
    # one connection, N streams one after another (prior-knowledge h2c):
    # streams in flight together could all miss before the first is cached
    p = subprocess.run([h2load, "-n", str(N), "-c", "1", "-m", "1", "-H",
                        "Cookie: session_timeout=" + token,
                        "http://127.0.0.1:%d/app/index.html?h2" % srv.port],
                       capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "Application protocol: h2c" in p.stdout, p.stdout
    assert "%d succeeded" % N in p.stdout and "status codes: %d 2xx" % N in p.stdout, p.stdout
    got = delta(checks(srv), before)
    # every stream is a connection record of its own: the process cache answers
    assert got == {"verification": 1, "process_cache": N - 1, "connection_cache": 0}, got


def test_forged_twin_of_a_cached_token_is_refused(srv):
    token = fresh_token("dave")
    r = srv.get("/app/index.html", cookie=token)
    assert r.status == 200, r
    # the same token with its last MAC character changed, and with the user
    # changed under the same MAC: both land next to the cached one
    mac_changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    parts = token.split(".")
    parts[5] = H.b64u(b"mallory")
    user_changed = ".".join(parts)
    for forged in (mac_changed, user_changed):
        for _ in range(3):
            r = srv.get("/app/index.html", cookie=forged, headers=H.XHR)
            assert r.status == 401, (forged, r)

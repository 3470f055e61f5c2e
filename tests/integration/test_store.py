# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""test_store.py: revocation through a store shared by servers (SPEC section
10), against Debian's redis-server started by the test on a free loopback
port with persistence off, and two real apache2 instances sharing it.

- a logout on A rejects the copied cookie on A at once and on B within the
  revocation delay, with the verdict revoked (401 JSON, redirect, cookies
  expired); the end header revokes likewise;
- the revoke-user header ends every earlier session of that user on both
  servers, while the session the same response starts survives;
- a forged cookie causes no store traffic (INFO stats);
- entries carry the TTL of the longest limit + skew + delay, and vanish;
- a graceful restart keeps revocations;
- a stopped and a frozen (SIGSTOP) store, each in both failure modes, under
  concurrent load: every request bounded by the timeout, then skipped;
  open allows, closed answers 503 with Retry-After; the cookie is never
  cleared; startup succeeds with the store down;
- AUTH and database selection; httpd -t refusals.
Skipped, saying so, only when redis-server is not installed.
"""
import concurrent.futures
import os
import re
import shutil
import signal
import subprocess
import time

import pytest

import mst_harness as H
from mst_redis import REDIS_SERVER, Redis

pytestmark = pytest.mark.skipif(
    REDIS_SERVER is None,
    reason="redis-server is not installed (Debian package redis-server): store tests skipped")

LOGIN_CGI = r"""#!/bin/sh
# a login response: ends the user's earlier sessions and starts a new one
printf 'Content-Type: text/plain\r\nX-Revoke-User: %s\r\nX-Session-Start: %s\r\n\r\nin\n' \
    "$QUERY_STRING" "$QUERY_STRING"
"""

REVOKE_ONLY_CGI = r"""#!/bin/sh
printf 'Content-Type: text/plain\r\nX-Revoke-User: %s\r\n\r\nrevoked\n' "$QUERY_STRING"
"""


def body(redis_port, extra="", delay="1s", failure="open", timeout="250ms", retry="5s",
         lifetime="1h"):
    return """
SessionTimeoutSecret file:@KEY1@
SessionTimeoutStore redis://127.0.0.1:%(port)d
SessionTimeoutStoreFailure %(failure)s
SessionTimeoutStoreTimeout %(timeout)s
SessionTimeoutStoreRetry %(retry)s
SessionTimeoutRevocationDelay %(delay)s
%(extra)s
<Location /app>
    SessionTimeout On
    SessionTimeoutLifetime %(lifetime)s
    SessionTimeoutLoginURL /login/page.html
</Location>
<Location /logout>
    SetHandler session-timeout-logout
</Location>
<Location /session/status>
    SetHandler session-timeout-status
</Location>
<Location /login>
    SessionTimeoutStartHeader X-Session-Start
    SessionTimeoutEndHeader X-Session-End
    SessionTimeoutRevokeUserHeader X-Revoke-User
</Location>
""" % {"port": redis_port, "failure": failure, "timeout": timeout, "retry": retry,
       "delay": delay, "extra": extra, "lifetime": lifetime}


def add_cgis(srv):
    for name, text in (("login.cgi", LOGIN_CGI), ("revoke.cgi", REVOKE_ONLY_CGI)):
        p = os.path.join(srv.docroot, "login", name)
        with open(p, "w") as f:
            f.write(text)
        os.chmod(p, 0o755)


@pytest.fixture
def redis():
    r = Redis().start()
    yield r
    r.cleanup()


def make(factory, rds, name, **kw):
    s = factory(body(rds.port, **kw), name=name, start=False)
    add_cgis(s)
    s.start()
    return s


def until(pred, limit):
    """Polls pred (bounded by limit seconds); returns the seconds it took, or None."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        if pred():
            return time.monotonic() - t0
        time.sleep(0.02)
    return None


def is_revoked(srv, tok):
    r = srv.get("/app/env.cgi", headers=H.XHR, cookie=tok)
    return r.status == 401 and r.json().get("reason") == "revoked"


def test_logout_on_a_rejects_the_copied_cookie_on_b(httpd_per_test, redis):
    a = make(httpd_per_test, redis, "store-a")
    b = make(httpd_per_test, redis, "store-b")
    tok = H.mint(user="alice")
    other = H.mint(user="alice")
    # startup names the store, the failure mode and the revocation delay
    assert any("MST00092" in l and "redis://127.0.0.1:%d/0" % redis.port in l
               and "failure open" in l and "revocation delay 1000ms" in l
               for l in a.log_lines())
    for srv in (a, b):
        r = srv.get("/app/env.cgi", cookie=tok)
        assert r.status == 200 and r.env()["SESSION_TIMEOUT_USER"] == "alice"
    r = a.get("/logout", cookie=tok)
    t_logout = time.monotonic()
    assert r.status in (204, 303)
    sid = H.parse_token(tok)["sid"]
    assert redis.keys() == ["mst:v1:session_timeout:s:%s" % sid]
    # the server that wrote it enforces it at once, in every process
    for _ in range(6):
        assert is_revoked(a, tok)
    # the other server within the revocation delay (1s): once it has passed,
    # every process of B rejects the copy (the wait is the delay under test)
    time.sleep(max(0.0, t_logout + 1.05 - time.monotonic()))
    for _ in range(8):
        assert is_revoked(b, tok)
    # every place the verdict appears: JSON, redirect, cookies, env, log
    r = b.get("/app/page.html", headers=H.XHR, cookie=tok)
    assert r.status == 401
    j = r.json()
    assert j["error"] == "session_expired" and j["reason"] == "revoked"
    assert r.header("X-Test-Reason") == "revoked"
    assert any(c.expired for c in r.session_cookies())
    r = b.get("/app/page.html", headers=H.NAV, cookie=tok)
    assert r.status == 302 and r.header("Location").startswith("/login/page.html")
    st = b.get("/session/status", cookie=tok)
    assert st.status == 401 and st.json() == {"active": False, "reason": "revoked"}
    assert any("MST00006" in l and "reason=revoked" in l for l in b.mst_lines())
    # another session of the same user is untouched
    assert b.get("/app/env.cgi", cookie=other).status == 200


def test_end_header_revokes_the_session_everywhere(httpd_per_test, redis):
    a = make(httpd_per_test, redis, "store-end-a", delay="0")
    b = make(httpd_per_test, redis, "store-end-b", delay="0")
    tok = H.mint(user="erin")
    assert b.get("/app/env.cgi", cookie=tok).status == 200
    r = a.get("/login/end.cgi", cookie=tok)
    assert r.status == 200 and not r.has_header("X-Session-End")
    assert is_revoked(a, tok) and is_revoked(b, tok)


def test_revoke_user_header_ends_earlier_sessions_on_both(httpd_per_test, redis):
    a = make(httpd_per_test, redis, "store-user-a")
    b = make(httpd_per_test, redis, "store-user-b")
    now = H.now()
    old1 = H.mint(user="bob", created=now - 100)
    old2 = H.mint(user="bob", created=now - 5)
    carol = H.mint(user="carol", created=now - 100)
    for t in (old1, old2, carol):
        assert b.get("/app/env.cgi", cookie=t).status == 200
    r = a.get("/login/login.cgi?bob", cookie=old1)
    assert r.status == 200
    assert not r.has_header("X-Revoke-User") and not r.has_header("X-Session-Start")
    fresh = r.new_token()
    assert fresh is not None and H.parse_token(fresh)["user"] == "bob"
    # the user key holds no user name
    assert all("bob" not in k for k in redis.keys())
    t_login = time.monotonic()
    assert is_revoked(a, old1) and is_revoked(a, old2)
    time.sleep(max(0.0, t_login + 1.05 - time.monotonic()))
    for _ in range(4):
        assert is_revoked(b, old1) and is_revoked(b, old2)
    # the session started in the same response survives, on both servers
    for srv in (a, b):
        r = srv.get("/app/env.cgi", cookie=fresh)
        assert r.status == 200 and r.env()["SESSION_TIMEOUT_USER"] == "bob"
        assert srv.get("/app/env.cgi", cookie=carol).status == 200


def test_forged_cookie_causes_no_store_traffic(httpd_per_test, redis):
    a = make(httpd_per_test, redis, "store-forged", delay="0")
    good = H.mint(user="alice")
    forged = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    wrong_key = H.mint(secret=H.KEY2, user="alice")
    base0 = redis.commands_processed()
    base1 = redis.commands_processed()
    idle = base1 - base0  # the INFO command itself
    for tok in (forged, wrong_key, "garbage", forged):
        r = a.get("/app/env.cgi", headers=H.XHR, cookie=tok)
        assert r.status == 401 and r.json()["reason"] == "invalid"
    assert redis.commands_processed() - base1 == idle
    # a verified one does cost one round trip (MGET) per request at delay 0
    a.get("/app/env.cgi", cookie=good)
    a.get("/app/env.cgi", cookie=good)
    after = redis.commands_processed()
    assert after - base1 - idle >= 2


def test_not_revoked_answer_reused_within_the_delay(httpd_per_test, redis):
    a = make(httpd_per_test, redis, "store-delay", delay="30s")
    tok = H.mint(user="dora")
    with H.KeepAlive(a.port) as ka:
        assert ka.get("/app/env.cgi", cookie=tok).status == 200
        before = redis.commands_processed()
        for _ in range(5):
            assert ka.get("/app/env.cgi", cookie=tok).status == 200
        # at most one MGET per process that had not seen it yet, plus INFO
        assert redis.commands_processed() - before <= 2


@pytest.mark.parametrize("failure,status", [("open", 200), ("closed", 503)])
def test_a_malformed_entry_is_a_store_error(httpd_per_test, redis, expect_log, failure, status):
    # A cutoff that is not a number (a store someone else writes to) is never
    # read as "not revoked": it is a store error, answered by the failure mode.
    expect_log("MST00100")
    a = make(httpd_per_test, redis, "store-malformed-" + failure, failure=failure, delay="0")
    assert redis.cmd("SET", "mst:v1:session_timeout:a", "not-a-time") == "OK"
    mark = a.mark()
    r = a.get("/app/env.cgi", cookie=H.mint(user="mal"))
    assert r.status == status, r
    assert "MST00100: store redis://127.0.0.1:%d" % redis.port in a.log_text(mark)
    assert redis.cmd("SET", "mst:v1:session_timeout:a", "0") == "OK"
    assert a.get("/app/env.cgi", cookie=H.mint(user="mal")).status == 200


def test_entries_carry_a_bounded_ttl_and_expire(httpd_per_test, redis):
    a = make(httpd_per_test, redis, "store-ttl")
    tok = H.mint(user="ttl")
    a.get("/logout", cookie=tok)
    key = "mst:v1:session_timeout:s:%s" % H.parse_token(tok)["sid"]
    ttl = redis.cmd("TTL", key)
    # lifetime 1h + skew 30s + delay 1s
    assert 3600 < ttl <= 3631, ttl
    short = make(httpd_per_test, redis, "store-ttl-short", delay="0", lifetime="1",
                 extra="SessionTimeoutClockSkew 0\nSessionTimeoutWarning Off")
    tok2 = H.mint(user="ttl2")
    short.get("/logout", cookie=tok2)
    key2 = "mst:v1:session_timeout:s:%s" % H.parse_token(tok2)["sid"]
    assert redis.cmd("TTL", key2) in (0, 1)
    assert until(lambda: redis.cmd("EXISTS", key2) == 0, 3) is not None


def test_graceful_restart_keeps_revocations(httpd_per_test, redis):
    a = make(httpd_per_test, redis, "store-graceful", delay="0")
    tok = H.mint(user="gus")
    a.get("/logout", cookie=tok)
    assert is_revoked(a, tok)
    mark = a.mark()
    os.kill(a.proc.pid, signal.SIGUSR1)
    assert until(lambda: a.log_text(mark).count("AH00489") >= 1, 10) is not None
    assert until(lambda: a.get("/app/env.cgi", cookie=H.mint()).status == 200, 5) is not None
    assert is_revoked(a, tok)


def timed_requests(srv, tok, n, workers=8):
    def one(_):
        t0 = time.monotonic()
        r = srv.get("/app/page.html", cookie=tok, timeout=10)
        return time.monotonic() - t0, r
    with concurrent.futures.ThreadPoolExecutor(workers) as ex:
        return list(ex.map(one, range(n)))


@pytest.mark.parametrize("failure", ["open", "closed"])
@pytest.mark.parametrize("how", ["stopped", "frozen"])
def test_store_down_costs_at_most_the_timeout(httpd_per_test, redis, expect_log, how, failure):
    expect_log("MST00094")
    a = make(httpd_per_test, redis, "store-%s-%s" % (how, failure), delay="0", failure=failure,
             retry="1s")
    tok = H.mint(user="load")
    assert a.get("/app/env.cgi", cookie=tok).status == 200
    if how == "stopped":
        redis.stop()
    else:
        redis.freeze()
    try:
        t_end = time.monotonic() + 2.5  # several skip windows of 1s
        results = []
        while time.monotonic() < t_end:
            results += timed_requests(a, tok, 16)
    finally:
        if how == "frozen":
            redis.thaw()
    lat = [t for t, _ in results]
    statuses = [r.status for _, r in results]
    print("store %s, failure %s: %d requests, max latency %.3fs, %d over 100ms, %d answered %s"
          % (how, failure, len(results), max(lat), sum(1 for t in lat if t > 0.1),
             statuses.count(200 if failure == "open" else 503),
             200 if failure == "open" else 503))
    # bounded: the 250ms timeout plus the request itself, never a hang
    assert max(lat) < 0.25 + 0.5, max(lat)
    want = 200 if failure == "open" else 503
    assert all(s == want for s in statuses), sorted(set(statuses))
    for _, r in results:
        # never cleared, never sent to login because the store failed
        assert not r.set_cookies() or not any(c.expired for c in r.session_cookies())
        assert not r.has_header("Location")
        if failure == "closed":
            assert r.header("Retry-After") == "1"


def test_startup_with_the_store_down(httpd_per_test, redis, expect_log):
    expect_log("MST00094")
    redis.stop()
    for failure in ("open", "closed"):
        s = make(httpd_per_test, redis, "store-down-%s" % failure, failure=failure)
        r = s.get("/app/env.cgi", cookie=H.mint(user="x"))
        assert r.status == (200 if failure == "open" else 503)
        # pages without a session are not the store's business
        assert s.get("/login/page.html").status == 200


def test_auth_and_database(httpd_per_test):
    rds = Redis(password="s3cret-pw").start()
    try:
        s = httpd_per_test(body(rds.port).replace(
            "redis://127.0.0.1:%d" % rds.port, "redis://127.0.0.1:%d/3" % rds.port)
            + "SessionTimeoutStoreAuth env:MST_TEST_STORE_AUTH\n",
            name="store-auth", env={"MST_TEST_STORE_AUTH": "s3cret-pw\n"})
        tok = H.mint(user="auth")
        assert s.get("/app/env.cgi", cookie=tok).status == 200
        s.get("/logout", cookie=tok)
        assert rds.cmd("SELECT", "3") == "OK"
        with_db = rds.cmd("EVAL", "redis.call('SELECT', 3); return redis.call('KEYS', 'mst:*')",
                          "0")
        assert len(with_db) == 1 and rds.keys() == []
        assert "s3cret" not in s.log_text()
    finally:
        rds.cleanup()


@pytest.mark.parametrize("conf,needle", [
    ("SessionTimeoutStore redis://127.0.0.1:0", "SessionTimeoutStore"),
    ("SessionTimeoutStore memcached://x", "SessionTimeoutStore"),
    ("SessionTimeoutStoreFailure maybe", "SessionTimeoutStoreFailure"),
    ("SessionTimeoutStoreTimeout 0ms", "SessionTimeoutStoreTimeout"),
    ("SessionTimeoutStoreContext a:b", "SessionTimeoutStoreContext"),
    ("SessionTimeoutStore redis://127.0.0.1:6390\n<Location /x>\nSessionTimeout On\n"
     "SessionTimeoutLifetime Off\n</Location>", "MST00090"),
    ("SessionTimeoutStore redis://127.0.0.1:6390\nSessionTimeoutStoreAuth file:/nonexistent",
     "MST00091"),
    ("<Location /x>\nSessionTimeoutStore redis://127.0.0.1:6390\n</Location>", "not allowed"),
])
def test_configtest_refuses(httpd_per_test, conf, needle):
    s = httpd_per_test("SessionTimeoutSecret file:@KEY1@\n" + conf, name="store-t", start=False)
    rc, out = s.configtest()
    assert rc != 0 and needle in out, out


ADMIN = """
LoadModule remoteip_module @MODDIR@/mod_remoteip.so
LoadModule auth_basic_module @MODDIR@/mod_auth_basic.so
LoadModule authn_file_module @MODDIR@/mod_authn_file.so
LoadModule authn_core_module @MODDIR@/mod_authn_core.so
LoadModule authz_user_module @MODDIR@/mod_authz_user.so
RemoteIPHeader X-Forwarded-For
RemoteIPInternalProxy 127.0.0.1
<Location /st-admin>
    SetHandler session-timeout-admin
</Location>
<Location /st-admin-auth>
    SetHandler session-timeout-admin
    AuthType Basic
    AuthName admin
    AuthBasicProvider file
    AuthUserFile @ROOT@/conf/htpasswd
    Require valid-user
</Location>
"""

FORM = [("Content-Type", "application/x-www-form-urlencoded")]


def admin_server(factory, rds, name="store-admin"):
    import base64
    import hashlib
    s = factory(body(rds.port, delay="0",
                     extra=ADMIN.replace("@MODDIR@", H.MODULE_DIR)), name=name, start=False)
    with open(s.path("conf", "htpasswd"), "w") as f:
        f.write("ops:{SHA}%s\n" % base64.b64encode(hashlib.sha1(b"pw").digest()).decode())
    add_cgis(s)
    s.start()
    return s


def test_admin_handler_revokes_by_sid_user_and_all(httpd_per_test, redis):
    a = admin_server(httpd_per_test, redis)
    now = H.now()
    t1 = H.mint(user="ann", created=now - 10)
    t2 = H.mint(user="ben", created=now - 10)
    t3 = H.mint(user="cy", created=now - 10)
    r = a.get("/st-admin")
    assert r.status == 200 and r.json()["store"] == "up"
    assert r.json()["url"].startswith("redis://127.0.0.1:") and "context" in r.json()
    r = a.post("/st-admin", body="sid=" + H.parse_token(t1)["sid"], headers=FORM)
    assert r.status == 200 and r.json()["revoked"] == "sid", r.text
    assert is_revoked(a, t1) and not is_revoked(a, t2)
    r = a.post("/st-admin", body="user=ben", headers=FORM)
    assert r.status == 200 and r.json() == {"revoked": "user", "user": "ben",
                                            "before": r.json()["before"]}
    assert is_revoked(a, t2) and not is_revoked(a, t3)
    r = a.post("/st-admin", body="all=1", headers=FORM)
    assert r.status == 200 and r.json()["revoked"] == "all"
    assert is_revoked(a, t3)
    # a session started after the cutoff second survives everything
    fresh = H.mint(user="ben", created=now + 2)
    assert a.get("/app/env.cgi", cookie=fresh).status == 200
    for bad in ("", "sid=short", "user=", "all=0", "sid=%s&user=x" % ("A" * 22), "who=1"):
        r = a.post("/st-admin", body=bad, headers=FORM)
        assert r.status == 400, (bad, r.status)
    assert a.request("DELETE", "/st-admin").status == 405


def test_admin_handler_refuses_remote_and_cross_site(httpd_per_test, redis, expect_log):
    a = admin_server(httpd_per_test, redis, name="store-admin-refuse")
    remote = [("X-Forwarded-For", "203.0.113.7")]
    assert a.get("/st-admin", headers=remote).status == 403
    assert a.post("/st-admin", body="all=1", headers=FORM + remote).status == 403
    assert a.post("/st-admin", body="all=1",
                  headers=FORM + [("Sec-Fetch-Site", "cross-site")]).status == 403
    assert redis.keys() == []
    # authenticated by httpd: allowed from anywhere
    import base64
    auth = [("Authorization", "Basic " + base64.b64encode(b"ops:pw").decode())]
    assert a.get("/st-admin-auth", headers=remote).status == 401
    r = a.get("/st-admin-auth", headers=remote + auth)
    assert r.status == 200 and r.json()["store"] == "up"
    assert "s3cret" not in r.text


def test_admin_handler_store_down(httpd_per_test, redis, expect_log):
    expect_log("MST00094", "MST00096")
    a = admin_server(httpd_per_test, redis, name="store-admin-down")
    redis.stop()
    r = a.get("/st-admin")
    assert r.status == 503 and r.json()["store"] == "down"
    r = a.post("/st-admin", body="user=zed", headers=FORM)
    assert r.status == 503


def test_cli_revoke_reaches_the_module(httpd_per_test, redis):
    import subprocess
    a = make(httpd_per_test, redis, "store-cli", delay="0")
    cli = os.path.join(H.TOP_BUILDDIR, "session-timeout-token")
    tok_user = H.mint(user="cli-user", created=H.now() - 5)
    tok_sid = H.mint(user="other", created=H.now() - 5)
    url = "redis://127.0.0.1:%d" % redis.port
    for args in (["--key", a.keys["KEY1"], "--user", "cli-user"],
                 ["--sid", H.parse_token(tok_sid)["sid"]]):
        p = subprocess.run([cli, "revoke", "--store", url, "--ttl", "1h"] + args,
                           capture_output=True, text=True, timeout=10)
        assert p.returncode == 0, p.stderr
    assert is_revoked(a, tok_user) and is_revoked(a, tok_sid)
    assert a.get("/app/env.cgi", cookie=H.mint(user="cli-user")).status == 200
    p = subprocess.run([cli, "store-check", "--store", url], capture_output=True, text=True,
                       timeout=10)
    assert p.returncode == 0 and p.stdout.strip() == "store: up"


def test_closed_store_down_status_and_logout(httpd_per_test, redis, expect_log):
    expect_log("MST00094", "MST00096")
    a = make(httpd_per_test, redis, "store-closed-status", failure="closed", delay="0")
    tok = H.mint(user="hal")
    redis.stop()
    r = a.get("/session/status", cookie=tok)
    assert r.status == 503 and r.header("Retry-After") == "5" and not r.set_cookies()
    # logout still ends the browser's copy; the lost revocation is logged (MST00096)
    r = a.get("/logout", cookie=tok)
    assert r.status in (204, 303) and any(c.expired for c in r.session_cookies())


def test_forged_cookie_logout_writes_nothing(httpd_per_test, redis):
    a = make(httpd_per_test, redis, "store-forged-logout", delay="0")
    good = H.mint(user="ivy")
    forged = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    assert a.get("/logout", cookie=forged).status in (204, 303)
    assert a.get("/login/end.cgi", cookie=forged).status == 200
    assert redis.keys() == []


# ---- the store's metrics (SPEC section 11) ------------------------------------

METRICS = """
<Location /metrics>
    SetHandler session-timeout-metrics
</Location>
"""


def store_samples(srv):
    r = srv.get("/metrics")
    assert r.status == 200, r
    out = {}
    for line in r.text.splitlines():
        m = re.match(r'^(session_timeout_store_\w+)\{vhost="[^"]*"(?:,result="(\w+)")?\} (\d+)$',
                     line)
        if m:
            out[(m.group(1), m.group(2))] = int(m.group(3))
    return r.text, out


def test_store_metrics_count_round_trips_and_show_the_store_up(httpd_per_test, redis,
                                                              expect_log):
    srv = make(httpd_per_test, redis, "store-metrics", extra=METRICS, delay="0")
    t = H.now()
    tok = H.mint(user="alice", created=t - 60, last=t - 5)
    for _ in range(3):
        assert srv.get("/app/env.cgi", cookie=tok).status == 200
    text, got = store_samples(srv)
    total = "session_timeout_store_requests_total"
    assert got[(total, "ok")] >= 3, text
    assert got[(total, "error")] == got[(total, "timeout")] == 0, text
    assert got[("session_timeout_store_up", None)] == 1, text
    assert "# TYPE session_timeout_store_up gauge" in text, text
    promtool = shutil.which("promtool")
    if promtool:
        p = subprocess.run([promtool, "check", "metrics"], input=text.encode(),
                           capture_output=True, timeout=30)
        assert p.returncode == 0 and not p.stdout.strip() and not p.stderr.strip(), (p, text)
    # the store stops: the next check fails, the ones after are skipped
    expect_log("MST00094")
    redis.stop()
    for _ in range(3):
        assert srv.get("/app/env.cgi", cookie=tok).status == 200  # failure open
    text, after = store_samples(srv)
    assert after[(total, "error")] + after[(total, "timeout")] >= 1, text
    assert after[(total, "skipped")] >= 1, text
    assert after[("session_timeout_store_up", None)] == 0, text


def test_no_store_metrics_without_a_store(httpd_per_test):
    srv = httpd_per_test("""
SessionTimeoutSecret file:@KEY1@
<Location /app>
    SessionTimeout On
</Location>
""" + METRICS)
    r = srv.get("/metrics")
    assert r.status == 200 and "session_timeout_store_" not in r.text, r

# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""Metrics (SPEC section 11): SetHandler session-timeout-metrics answers the
Prometheus text format 0.0.4 with every counter of every vhost, summed over
all prefork children; mod_status shows the same numbers (HTML and ?auto).

The scripted test sends every kind of request on its own connection to an
httpd with four prefork children (the access log shows that several served)
and then requires every counter to equal the number of requests of its
kind, exactly. promtool (Debian's prometheus package; CI installs it)
checks the exposition."""
import os
import re
import shutil
import signal
import subprocess
import time

import pytest

import mst_harness as H
from mst_harness import KEY1, mint, now

WEIRD = 'we"ird\\name'  # a ServerName with a quote and a backslash

CONF = r"""
StartServers 4
MinSpareServers 4
MaxSpareServers 8
@STATUSMODULE@
LogFormat "%P %v \"%r\" %>s" pids
CustomLog "@ROOT@/logs/pid_log" pids
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLifetime 8h
SessionTimeoutInactivity 30m
SessionTimeoutWarning 5m
<Location /app/>
    SessionTimeout On
</Location>
<Location /app/session/status>
    SetHandler session-timeout-status
</Location>
<Location /app/session/logout>
    SetHandler session-timeout-logout
</Location>
<Location /app/metrics>
    SetHandler session-timeout-metrics
</Location>
<Location /login/>
    SessionTimeoutStartHeader X-Session-Start
    SessionTimeoutEndHeader X-Session-End
</Location>
<Location /server-status>
    SetHandler server-status
</Location>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName a.test
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName b.test
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName "we\"ird\\name"
</VirtualHost>
"""

VERDICTS = ("valid", "missing", "invalid", "lifetime", "inactivity", "revoked")
HOWS = ("logout", "end_header", "revoked")
PLAIN = ("sessions_started", "cookies_reissued", "warnings", "keepalives")
SAMPLE = re.compile(r'^(session_timeout_\w+)\{((?:\w+="(?:[^"\\\n]|\\.)*",?)*)\} (\d+)$')
LABEL = re.compile(r'(\w+)="((?:[^"\\\n]|\\.)*)"')


def status_module_line():
    if "mod_status" in H.builtin_modules():
        return ""
    return "LoadModule status_module %s/mod_status.so" % H.MODULE_DIR


def unescape(v):
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), v)


def parse(text):
    """{(name, frozenset(labels)): value} of a text exposition; HELP and TYPE
    lines are checked to come before the samples of their metric."""
    samples, typed = {}, set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            assert kind == "counter", line
            typed.add(name)
            continue
        if line.startswith("# HELP "):
            continue
        m = SAMPLE.match(line)
        assert m, "not a sample line: %r" % line
        assert m.group(1) in typed, line
        labels = frozenset((k, unescape(v)) for k, v in LABEL.findall(m.group(2)))
        key = (m.group(1), labels)
        assert key not in samples, "duplicate series %r" % line
        samples[key] = int(m.group(3))
    return samples


def value(samples, metric, vhost, **labels):
    lab = dict(labels, vhost=vhost)
    return samples[("session_timeout_" + metric + "_total", frozenset(lab.items()))]


def counts(samples, vhost):
    """Every counter of vhost by a short name (requests.valid, ended.logout,
    warnings ...); KeyError if one is absent."""
    out = {}
    for v in VERDICTS:
        out["requests." + v] = value(samples, "requests", vhost, verdict=v)
    for h in HOWS:
        out["ended." + h] = value(samples, "sessions_ended", vhost, how=h)
    for p in PLAIN:
        out[p] = value(samples, p, vhost)
    return out


@pytest.fixture(scope="module")
def srv(httpd_factory):
    return httpd_factory(CONF.replace("@STATUSMODULE@", status_module_line()), mpm="prefork")


def scrape(srv, host="a.test"):
    r = srv.get("/app/metrics", host=host)
    assert r.status == 200, r
    assert r.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8", r
    assert r.header("Cache-Control") == "no-store", r
    assert not r.has_header("Set-Cookie"), r
    return r.text


def label(srv, name):
    return "%s:%d" % (name, srv.port)


def test_every_series_present_from_the_start(srv):
    samples = parse(scrape(srv))
    for name in ("a.test", "b.test", WEIRD, "localhost"):
        c = counts(samples, label(srv, name))
        assert set(c.values()) == {0}, (name, c)
        for by in ("connection_cache", "process_cache", "verification"):
            assert value(samples, "token_checks", label(srv, name), by=by) == 0, (name, by)
    # 4 vhosts x (13 counters + 3 token checks, test_token_cache.py), nothing else
    assert len(samples) == 4 * 16, sorted(samples)


def test_scripted_requests_counted_exactly(srv):
    t = now()
    valid = mint(KEY1, created=t - 10, last=t - 5)
    stale = mint(KEY1, created=t - 600, last=t - 120)  # LAST older than the refresh interval
    warn = mint(KEY1, created=t - 8 * 3600 + 100, last=t - 5)  # 100 s of lifetime left
    lifetime = mint(KEY1, created=t - 9 * 3600, last=t - 5)
    idle = mint(KEY1, created=t - 3600, last=t - 31 * 60)
    before = counts(parse(scrape(srv)), label(srv, "a.test"))
    before_b = counts(parse(scrape(srv, "b.test")), label(srv, "b.test"))

    def get(target, cookie=None, host="a.test", headers=(), status=None):
        r = srv.get(target, host=host, cookie=cookie, headers=headers)
        if status is not None:
            assert r.status == status, (target, r)
        return r

    expect = dict.fromkeys(before, 0)
    for _ in range(3):
        get("/app/page.html", valid, status=200)
    get("/app/redirect.cgi", valid, status=200)  # an internal redirect: still one request
    get("/app/", valid, status=200)  # DirectoryIndex: subrequests, one request
    expect["requests.valid"] += 5
    for _ in range(2):
        r = get("/app/page.html", stale, status=200)
        assert r.has_header("Set-Cookie"), r
    expect["requests.valid"] += 2
    expect["cookies_reissued"] += 2
    r = get("/app/page.html", warn, status=200)
    assert r.has_header("Session-Timeout-Warning"), r
    expect["requests.valid"] += 1
    expect["warnings"] += 1
    for _ in range(2):
        get("/app/page.html", headers=H.XHR, status=401)
    expect["requests.missing"] += 2
    get("/app/page.html", "v1.garbage", headers=H.XHR, status=401)
    expect["requests.invalid"] += 1
    get("/app/page.html", lifetime, headers=H.XHR, status=401)
    expect["requests.lifetime"] += 1
    for _ in range(2):
        get("/app/page.html", idle, headers=H.XHR, status=401)
    expect["requests.inactivity"] += 2
    # the module's own handlers are not requests of an enforced scope
    get("/app/session/status", valid, status=200)
    get("/app/session/status", headers=H.XHR, status=401)
    r = srv.post("/app/session/status", host="a.test", cookie=valid, headers=H.XHR)
    assert r.status == 200 and r.has_header("Set-Cookie"), r
    expect["keepalives"] += 1
    expect["cookies_reissued"] += 1
    r = srv.post("/app/session/status", host="a.test", cookie=idle, headers=H.XHR)
    assert r.status == 401, r  # an expired session keeps nothing alive
    # start and end headers (the login location is not enforced)
    get("/login/start.cgi?user=alice", status=200)
    get("/login/start.cgi?user=bob", status=200)
    get("/login/start.cgi?user=", status=200)  # an invalid user name starts nothing
    expect["sessions_started"] += 2
    get("/login/end.cgi", valid, status=200)
    get("/login/end.cgi", status=200)  # no session: nothing ended
    get("/login/end.cgi", idle, status=200)  # an expired one: nothing ended
    expect["ended.end_header"] += 1
    get("/app/session/logout", valid, status=204)
    get("/app/session/logout", status=204)
    get("/app/session/logout", lifetime, status=204)
    expect["ended.logout"] += 1
    # another vhost counts on its own
    get("/app/page.html", valid, host="b.test", status=200)
    get("/app/page.html", host="b.test", headers=H.XHR, status=401)

    for _ in range(4):  # each scrape on a new connection, to any child
        after = counts(parse(scrape(srv)), label(srv, "a.test"))
        got = {k: after[k] - before[k] for k in after}
        assert got == expect
        after_b = counts(parse(scrape(srv)), label(srv, "b.test"))
        got_b = {k: after_b[k] - before_b[k] for k in after_b}
        assert got_b == dict(expect.fromkeys(expect, 0), **{"requests.valid": 1,
                                                            "requests.missing": 1})
    # the requests were served by several children
    with open(srv.path("logs", "pid_log")) as f:
        pids = {line.split(" ")[0] for line in f if "/app/page.html" in line}
    assert len(pids) >= 2, pids
    if os.environ.get("MST_KEEP_TMP"):
        print(pids)


def test_weird_vhost_label_escaped(srv):
    text = scrape(srv)
    escaped = 'vhost="we\\"ird\\\\name:%d"' % srv.port
    assert 'session_timeout_requests_total{%s,verdict="valid"} 0' % escaped in text, text
    counts(parse(text), label(srv, WEIRD))


def test_promtool_accepts_the_exposition(srv):
    promtool = promtool_or_skip()
    srv.get("/app/page.html", host="a.test", headers=H.XHR)  # some non-zero values
    text = scrape(srv)
    p = subprocess.run([promtool, "check", "metrics"], input=text.encode(),
                       capture_output=True, timeout=30)
    assert p.returncode == 0 and not p.stdout.strip() and not p.stderr.strip(), (
        p.returncode, p.stdout, p.stderr, text)


def test_metrics_handler_is_get_only(srv):
    r = srv.post("/app/metrics", host="a.test")
    assert r.status == 405, r
    r = srv.request("HEAD", "/app/metrics", host="a.test")
    assert r.status == 200 and r.body == b"", r


def test_mod_status_auto_and_html(srv):
    samples = parse(scrape(srv))
    r = srv.get("/server-status?auto", host="a.test")
    assert r.status == 200, r
    lines = dict(line.split(": ", 1) for line in r.text.splitlines() if ": " in line)
    vhosts = {labels for (_, labels) in samples}
    vhost_names = {dict(lab)["vhost"] for lab in vhosts}

    def total(metric, **lab):
        return sum(value(samples, metric, v, **lab) for v in vhost_names)

    expected = {}
    for v in VERDICTS:
        expected["SessionTimeoutRequests" + v.capitalize()] = total("requests", verdict=v)
    expected["SessionTimeoutSessionsEndedLogout"] = total("sessions_ended", how="logout")
    expected["SessionTimeoutSessionsEndedEndHeader"] = total("sessions_ended", how="end_header")
    expected["SessionTimeoutSessionsEndedRevoked"] = total("sessions_ended", how="revoked")
    expected["SessionTimeoutSessionsStarted"] = total("sessions_started")
    expected["SessionTimeoutCookiesReissued"] = total("cookies_reissued")
    expected["SessionTimeoutWarnings"] = total("warnings")
    expected["SessionTimeoutKeepalives"] = total("keepalives")
    for by, name in (("connection_cache", "ConnectionCache"), ("process_cache", "ProcessCache"),
                     ("verification", "Verification")):
        expected["SessionTimeoutTokenChecks" + name] = total("token_checks", by=by)
    got = {k: int(v) for k, v in lines.items() if k.startswith("SessionTimeout")}
    assert got == expected, r.text
    assert expected["SessionTimeoutRequestsMissing"] > 0  # the numbers are not all zeros
    r = srv.get("/server-status", host="a.test")
    assert r.status == 200, r
    assert "<h2>mod_session_timeout</h2>" in r.text, r.text
    assert "we&quot;ird\\name:%d" % srv.port in r.text, r.text
    assert "SessionTimeoutRequestsMissing" in r.text


def children(ppid):
    out = set()
    for d in os.listdir("/proc"):
        try:
            with open("/proc/%s/stat" % d) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == ppid:
            out.add(int(d))
    return out


def test_graceful_restart_resets_the_counters(httpd_per_test):
    """README: a restart, graceful or not, starts the counters again from 0
    (Prometheus' rate() and increase() handle the reset)."""
    srv = httpd_per_test(CONF.replace("@STATUSMODULE@", status_module_line()), mpm="prefork")
    for _ in range(3):
        srv.get("/app/page.html", host="a.test", headers=H.XHR)
    assert value(parse(scrape(srv)), "requests", label(srv, "a.test"), verdict="missing") == 3
    mark = srv.mark()
    old = children(srv.proc.pid)
    os.kill(srv.proc.pid, signal.SIGUSR1)
    deadline = time.monotonic() + 10
    # the new generation is up and the old children are gone (an old one
    # still counts into the old segment)
    while time.monotonic() < deadline and ("AH00163" not in srv.log_text(mark)
                                           or old & children(srv.proc.pid)):
        time.sleep(0.05)
    assert "AH00163" in srv.log_text(mark), srv.log_text(mark)
    assert not old & children(srv.proc.pid)
    samples = parse(scrape(srv))
    assert value(samples, "requests", label(srv, "a.test"), verdict="missing") == 0
    srv.get("/app/page.html", host="a.test", headers=H.XHR)
    assert value(parse(scrape(srv)), "requests", label(srv, "a.test"), verdict="missing") == 1


README = os.path.join(H.TOP_SRCDIR, "README.md")


def readme_example(name):
    """The code block that follows <!-- readme-example: name --> in README."""
    with open(README, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"<!-- readme-example: %s -->\s*```[a-z]*\n(.*?)```" % re.escape(name), text,
                  re.S)
    assert m, "README has no example %r" % name
    return m.group(1)


def promtool_or_skip():
    promtool = shutil.which("promtool")
    if promtool is None:
        if os.environ.get("CI") == "true":
            pytest.fail("promtool is missing: CI installs Debian's prometheus package")
        pytest.skip("promtool not installed (apt-get install prometheus; CI always has it)")
    return promtool


def test_readme_handler_example(httpd_per_test):
    srv = httpd_per_test("SessionTimeout On\nSessionTimeoutSecret file:@KEY1@\n"
                         + readme_example("metrics-handler"))
    r = srv.get("/metrics/session-timeout")
    assert r.status == 200, r
    assert r.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8", r
    counts(parse(r.text), "localhost:%d" % srv.port)


@pytest.mark.parametrize("name,command", [("metrics-scrape", "config"),
                                          ("metrics-alerts", "rules")])
def test_readme_prometheus_examples(name, command, tmp_path):
    promtool = promtool_or_skip()
    path = tmp_path / (name + ".yml")
    path.write_text(readme_example(name))
    p = subprocess.run([promtool, "check", command, str(path)], capture_output=True, timeout=30)
    assert p.returncode == 0, (p.stdout, p.stderr)

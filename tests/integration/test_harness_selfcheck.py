# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""Checks of the harness itself: the error-log guard flags what it must (so a
passing run means something), honours declared expectations only by exact
tag, and refuses declarations that could match any tag."""
import os
import signal
import time

import pytest

import mst_harness as H


def fake_log(lines):
    s = H.Httpd("", name="selfcheck", load_module=False)
    os.makedirs(os.path.dirname(s.log_path), exist_ok=True)
    with open(s.log_path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return s


def test_scanner_flags_crashes_and_warnings():
    s = fake_log([
        "[Sun Nov 29 21:00:00.000000 2026] [core:notice] [pid 1] AH00052: child pid 7 exit signal Segmentation fault (11)",
        "[Sun Nov 29 21:00:00.000000 2026] [session_timeout:warn] [pid 1] MST00099: something odd",
        "[Sun Nov 29 21:00:00.000000 2026] [proxy:error] [pid 1] AH00957: connect failed",
        "[Sun Nov 29 21:00:00.000000 2026] [session_timeout:info] [pid 1] MST00022: session rejected: reason=missing",
        "[Sun Nov 29 21:00:00.000000 2026] [mpm_event:notice] [pid 1] AH00489: configured",
    ])
    try:
        problems = s.scan_log()
        assert len(problems) == 3, problems
        assert problems[0].startswith("[selfcheck] CRASH:")
        # scanning again finds nothing new
        assert s.scan_log() == []
    finally:
        s.cleanup()


def test_scanner_honours_expectations_but_never_for_crashes():
    s = fake_log([
        "[x] [session_timeout:warn] [pid 1] MST00099: something odd",
        "[x] [core:error] [pid 1] AH00052: child pid 7 exit signal Aborted (6)",
    ])
    try:
        problems = s.scan_log([r"MST00099", r"AH00052"])
        assert len(problems) == 1 and "CRASH" in problems[0], problems
    finally:
        s.cleanup()


def test_minter_registers_macs_for_the_log_check():
    tok = H.mint()
    assert tok.rsplit(".", 1)[1] in H.MINTED_MACS


def test_expectations_must_name_exact_tags():
    for bad in (r"MST\d{5}", r"\[session_timeout:(warn|error)\].*MST\d{5}",
                r"\[session_timeout:error\].*MST\d{5}: .*/loop/page.html", r"AH\d+",
                r"\[cgi:error\].*malformed header", "MST0001", "MST00015: then MST\\d+"):
        with pytest.raises(ValueError):
            H.expectations(bad)
    with pytest.raises(ValueError):
        H.expectations(tags=[r"MST\d{5}"])
    with pytest.raises(ValueError):
        H.expectations(untagged=["AH01215: malformed header"])
    with pytest.raises(ValueError):
        H.Httpd("", name="selfcheck-allowed", load_module=False, allowed=[r"MST\d{5}"])


def test_an_expected_tag_excuses_only_that_tag():
    s = fake_log([
        "[x] [session_timeout:error] [pid 1:tid 2] [client 127.0.0.1:9] MST00015: SessionTimeoutLoginURL /loop/page.html is itself enforced",
        "[x] [session_timeout:error] [pid 1:tid 2] [client 127.0.0.1:9] MST00007: SessionTimeoutLoginURL could not be evaluated",
        "[x] [session_timeout:error] [pid 1:tid 2] [client 127.0.0.1:9] MST00015: SessionTimeoutLoginURL /other/ is itself enforced",
        "[x] [proxy_http:warn] [pid 1:tid 2] (22)Invalid argument: [client 127.0.0.1:9] AH10404: Error reading headers from backend",
        "[x] [proxy_http:warn] [pid 1:tid 2] [client 127.0.0.1:9] AH01102: error reading status line from remote server",
        "[x] [cgi:error] [pid 1:tid 2] [client 127.0.0.1:9] malformed header from script 'start.cgi': Bad header: ice",
        "[x] [cgi:error] [pid 1:tid 2] [client 127.0.0.1:9] AH01215: malformed header from script 'start.cgi': Bad header: ice",
    ])
    try:
        exp = H.expectations("MST00015: SessionTimeoutLoginURL /loop/page.html is itself enforced",
                             r"\[proxy_http:warn\].*(AH10404|AH01106)",
                             untagged=[r"\[cgi:error\] .*malformed header from script"])
        problems = s.scan_log(exp)
        assert [H.line_tag(p) for p in problems] == [
            "MST00007", "MST00015", "AH01102", "AH01215"], problems
        assert [e.seen for e in exp] == [1, 1, 1]
        assert H.unmet(exp) == []
    finally:
        s.cleanup()


def test_an_expected_mst_tag_must_be_logged():
    s = fake_log([
        "[x] [session_timeout:info] [pid 1:tid 2] [client 127.0.0.1:9] MST00010: start header ignored",
    ])
    try:
        exp = H.expectations("MST00010", "MST00015", tags=["AH10244"])
        assert s.scan_log(exp) == []
        # an info line still counts; httpd's AH tags need not show up
        assert H.unmet(exp) == ["expected log line never logged: MST00015"]
    finally:
        s.cleanup()


def _children(ppid):
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open("/proc/%s/stat" % d) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == ppid:
                out.append(int(d))
    return sorted(out)


def _core_expected():
    """Whether this kernel writes the core of a child that switched to
    www-data: fs.suid_dumpable 2 and an absolute core_pattern (a pipe or a
    relative pattern gets none)."""
    with open("/proc/sys/fs/suid_dumpable") as f:
        dumpable = f.read().strip()
    with open("/proc/sys/kernel/core_pattern") as f:
        pattern = f.read().strip()
    return dumpable == "2" and pattern.startswith("/")


def test_a_child_killed_by_a_signal_fails_and_names_its_core():
    """A child killed with SIGSEGV: the server's check fails (what conftest
    turns into a failed test), with the death line and what became of the
    core: the core files (written under CoreDumpDirectory cores/ of the
    tree, or where core_pattern says) or the sysctl that would give one."""
    ctx = H.running("", name="selfcheck-segv", load_module=False)
    cores = []
    with pytest.raises(AssertionError) as failed:
        with ctx as s:
            assert 'CoreDumpDirectory "%s/cores"' % s.root in open(s.conf).read()
            with open("/proc/%d/limits" % s.proc.pid) as f:
                limit = [l for l in f if l.startswith("Max core file size")][0]
            if not os.environ.get("MST_CORES_OFF"):
                assert limit.split()[4] != "0", limit  # the soft limit was raised
            victim = _children(s.proc.pid)[0]
            os.kill(victim, signal.SIGSEGV)
            deadline = time.monotonic() + 10
            # AH00051 (core dumped) or AH00052: "child pid N exit signal ..."
            while "exit signal" not in s.log_text() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert "exit signal" in s.log_text(), s.log_text()
            cores = H.find_cores(victim, s.path("cores"))
    try:
        report = str(failed.value)
        assert "CRASH:" in report and "child pid %d exit signal" % victim in report, report
        assert s.path("cores") in report, report
        if _core_expected() and not os.environ.get("MST_CORES_OFF"):
            assert cores and all(os.path.exists(c) for c in cores), report
            assert "core files of child %d" % victim in report and cores[-1] in report, report
        elif not cores:
            assert "sysctl fs.suid_dumpable=2" in report, report
    finally:
        for c in cores:
            if not c.startswith(s.root) and os.path.isfile(c):
                os.unlink(c)
        s.cleanup()


def test_core_report_without_a_core_names_the_sysctl(tmp_path):
    line = ("[x] [core:notice] [pid 1] AH00052: child pid 999999999 exit signal "
            "Segmentation fault (11)")
    report = H.core_report(line, str(tmp_path))
    assert str(tmp_path) in report and "sysctl fs.suid_dumpable=2" in report, report
    assert H.core_report("[x] [core:error] AH00957: connect failed", str(tmp_path)) == ""

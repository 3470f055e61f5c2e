# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""conftest.py: fixtures of the mod_session_timeout integration suite.

- backend: the proxied Python backend (one per session).
- httpd_factory (module scope) / httpd_per_test (function scope): start an
  apache2 with a private ServerRoot and a generated config; stopped and
  error-log-checked at the end of the module / test.
- expect_log: a test declares, by exact tag, the [warn]-or-worse log lines
  it expects: expect_log("MST00015"), expect_log("MST00015: <regex>"),
  expect_log(tags=["AH10244"]), expect_log(r"...(AH01106|AH10404)") (a regex
  naming exact tags), expect_log(untagged=[regex]) for httpd lines without a
  tag. Anything that could match any tag raises (see mst_log).
- an autouse guard fails a test whose requests made any running server log
  an unexpected [warn]/[error]/[crit]/[alert]/[emerg] line, or any crash line
  ("exit signal", "Segmentation", AH00052), which nothing can expect; and a
  passing test that expected one of our MST tags its requests never logged.
The number of requests sent is printed in the terminal summary.
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mst_harness as H  # noqa: E402


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_sep("-", "mod_session_timeout integration")
    terminalreporter.write_line(
        "%d HTTP requests sent to %d apache2 instances (module %s); "
        "%d error-log lines scanned" % (H.REQUESTS_SENT, H.LOG_STATS["servers"], H.MODULE_SO,
                                        H.LOG_STATS["lines"]))
    if H.RUNNING:
        terminalreporter.write_line("servers still running: %r" % [s.name for s in H.RUNNING])


def pytest_sessionfinish(session, exitstatus):
    # never leave processes behind, whatever happened
    for s in list(H.RUNNING):
        s.stop(check=False)


@pytest.fixture(scope="session")
def backend():
    b = H.Backend()
    yield b
    b.stop()


def _factory(request, backend):
    made = []

    def make(body, mpm="event", name=None, env=None, start=True, allowed=(), load_module=True):
        s = H.Httpd(body, mpm=mpm, name=name or request.node.name, env=env,
                    backend_port=backend.port, allowed=allowed, load_module=load_module)
        if start:
            try:
                s.start()
            except BaseException:
                s.cleanup()
                raise
        made.append(s)
        return s

    return make, made


def _finish(made):
    problems = []
    for s in made:
        problems += s.stop()
        if not problems:
            s.cleanup()
    if problems:
        pytest.fail("unexpected error-log lines:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture(scope="module")
def httpd_factory(request, backend):
    make, made = _factory(request, backend)
    yield make
    _finish(made)


@pytest.fixture
def httpd_per_test(request, backend):
    make, made = _factory(request, backend)
    yield make
    _finish(made)


@pytest.fixture
def expect_log():
    """expect_log(*declarations, tags=(), untagged=()): the lines declared
    (mst_log.expectations) may be [warn] or worse; each MST tag declared must
    be logged during the test."""
    def add(*items, tags=(), untagged=()):
        H.CURRENT_EXPECTED.extend(H.expectations(*items, tags=tags, untagged=untagged))
    return add


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # the guard reports unmet expectations only of a test that passed
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "mst_report_" + rep.when, rep)


@pytest.fixture(autouse=True)
def error_log_guard(request):
    H.CURRENT_EXPECTED[:] = []
    # lines logged before this test (server startup) belong to no test
    problems = []
    for s in list(H.RUNNING):
        problems += s.scan_log()
    if problems:
        pytest.fail("unexpected error-log lines before the test:\n" + "\n".join(problems),
                    pytrace=False)
    yield
    problems = []
    for s in list(H.RUNNING):
        if not s.alive:
            problems.append("[%s] apache2 parent exited during the test" % s.name)
        problems += s.scan_log(H.CURRENT_EXPECTED)
    call = getattr(request.node, "mst_report_call", None)
    missing = H.unmet(H.CURRENT_EXPECTED) if call is not None and call.passed else []
    H.CURRENT_EXPECTED[:] = []
    if problems or missing:
        pytest.fail("\n".join((["unexpected error-log lines:"] + problems if problems else [])
                              + missing), pytrace=False)

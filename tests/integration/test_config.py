# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""Configuration (SPEC sections 3 and 7, issue 3 item 1): every bad value or
inconsistent combination makes `apache2 -t` fail with the directive's name in
the output; valid configs pass; at startup the effective limits of each
enforcing vhost are logged at INFO; profiles and env: secrets work; the
conf-examples load."""
import glob
import os
import re

import pytest

import mst_harness as H
from mst_harness import mint, now

BASE = """
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLoginURL /login/
"""


@pytest.fixture(scope="module")
def tree():
    """One private ServerRoot whose config each case rewrites."""
    s = H.Httpd(BASE, name="configtest")
    yield s
    s.cleanup()


def configtest(tree, body, env=None):
    tree.write_conf(body)
    saved = tree.extra_env
    tree.extra_env = dict(env or {})
    try:
        return tree.configtest()
    finally:
        tree.extra_env = saved


DURATION_DIRECTIVES = ["SessionTimeoutLifetime", "SessionTimeoutInactivity",
                       "SessionTimeoutWarning", "SessionTimeoutRefreshInterval",
                       "SessionTimeoutClockSkew"]
BAD_DURATIONS = ["abc", "10x", "-5", "1.5h", "99999999999999999999", "5mm", "m", "1w", "0x10"]


@pytest.mark.parametrize("value", BAD_DURATIONS)
@pytest.mark.parametrize("directive", DURATION_DIRECTIVES)
def test_bad_duration(tree, directive, value):
    rc, out = configtest(tree, BASE + "%s %s\n" % (directive, value))
    assert rc != 0, out
    assert directive in out, out
    assert value in out, out


@pytest.mark.parametrize("directive", ["SessionTimeoutRefreshInterval", "SessionTimeoutClockSkew"])
def test_off_not_allowed(tree, directive):
    rc, out = configtest(tree, BASE + "%s Off\n" % directive)
    assert rc != 0, out
    assert directive in out, out


@pytest.mark.parametrize("directive", DURATION_DIRECTIVES)
def test_empty_duration(tree, directive):
    rc, out = configtest(tree, BASE + '%s ""\n' % directive)
    assert rc != 0, out
    assert directive in out, out


VHOST = """
<VirtualHost 127.0.0.1:@PORT@>
    ServerName %s
%s
</VirtualHost>
"""

ERRORS = {
    # id: (config body, names that must appear in the output)
    "unknown-profile": (BASE + "SessionTimeoutProfile nist-aal9\n",
                        ["SessionTimeoutProfile", "nist-aal9"]),
    "no-secret-main": ("SessionTimeout On\nSessionTimeoutLoginURL /login/\n",
                       ["SessionTimeoutSecret"]),
    "no-secret-vhost": ("SessionTimeoutLoginURL /login/\n"
                        + VHOST % ("localhost", "")
                        + VHOST % ("nosecret.test", "    SessionTimeout On"),
                        ["SessionTimeoutSecret", "nosecret.test"]),
    "no-secret-location": ("<Location /private/>\n    SessionTimeout On\n</Location>\n",
                           ["SessionTimeoutSecret"]),
    "secret-file-missing": ("SessionTimeout On\nSessionTimeoutSecret file:@ROOT@/keys/nonexistent\n",
                            ["SessionTimeoutSecret"]),
    "secret-file-is-directory": ("SessionTimeout On\nSessionTimeoutSecret file:@ROOT@/keys\n",
                                 ["SessionTimeoutSecret"]),
    "secret-file-short": ("SessionTimeout On\nSessionTimeoutSecret file:@KEYSHORT@\n",
                          ["SessionTimeoutSecret"]),
    "secret-second-file-short": ("SessionTimeout On\nSessionTimeoutSecret file:@KEY1@\n"
                                 "SessionTimeoutSecret file:@KEYSHORT@\n",
                                 ["SessionTimeoutSecret"]),
    "secret-env-unset": ("SessionTimeout On\nSessionTimeoutSecret env:MST_NO_SUCH_VARIABLE\n",
                         ["SessionTimeoutSecret"]),
    "secret-bad-source": ("SessionTimeout On\nSessionTimeoutSecret nonsense:abc\n",
                          ["SessionTimeoutSecret"]),
    "secret-in-vhost-missing-file": (BASE + VHOST % ("localhost", "")
                                     + VHOST % ("badkey.test",
                                                "    SessionTimeoutSecret file:/nonexistent/k"),
                                     ["SessionTimeoutSecret"]),
    "warning-eq-lifetime": (BASE + "SessionTimeoutLifetime 1h\nSessionTimeoutWarning 1h\n",
                            ["SessionTimeoutWarning"]),
    "warning-gt-lifetime": (BASE + "SessionTimeoutLifetime 1h\nSessionTimeoutWarning 2h\n",
                            ["SessionTimeoutWarning"]),
    "warning-eq-inactivity": (BASE + "SessionTimeoutInactivity 10m\nSessionTimeoutWarning 10m\n",
                              ["SessionTimeoutWarning"]),
    "warning-vs-inherited-lifetime": (BASE + "SessionTimeoutLifetime 1h\n"
                                      + VHOST % ("localhost", "")
                                      + VHOST % ("w.test", "    SessionTimeoutWarning 1h"),
                                      ["SessionTimeoutWarning"]),
    "refresh-eq-inactivity": (BASE + "SessionTimeoutInactivity 10m\n"
                              "SessionTimeoutRefreshInterval 10m\n",
                              ["SessionTimeoutRefreshInterval"]),
    "refresh-gt-inactivity": (BASE + "SessionTimeoutInactivity 10m\n"
                              "SessionTimeoutRefreshInterval 1h\n",
                              ["SessionTimeoutRefreshInterval"]),
    "dynamics365-lifetime-30m": (BASE + "SessionTimeoutProfile dynamics365\n"
                                 "SessionTimeoutLifetime 30m\n", ["SessionTimeoutLifetime"]),
    "dynamics365-lifetime-25h": (BASE + "SessionTimeoutProfile dynamics365\n"
                                 "SessionTimeoutLifetime 25h\n", ["SessionTimeoutLifetime"]),
    "dynamics365-inactivity-2m": (BASE + "SessionTimeoutProfile dynamics365\n"
                                  "SessionTimeoutInactivity 2m\n", ["SessionTimeoutInactivity"]),
    "dynamics365-inactivity-not-below-lifetime": (
        BASE + "SessionTimeoutProfile dynamics365\nSessionTimeoutLifetime 2h\n"
        "SessionTimeoutInactivity 2h\n", ["SessionTimeoutInactivity"]),
    "nist-aal3-inactivity-1h": (BASE + "SessionTimeoutProfile nist-aal3\n"
                                "SessionTimeoutInactivity 1h\n", ["SessionTimeoutInactivity"]),
    "nist-aal3-lifetime-13h": (BASE + "SessionTimeoutProfile nist-aal3\n"
                               "SessionTimeoutLifetime 13h\n", ["SessionTimeoutLifetime"]),
    "nist-aal3-inactivity-off": (BASE + "SessionTimeoutProfile nist-aal3\n"
                                 "SessionTimeoutInactivity Off\n", ["SessionTimeoutInactivity"]),
    "nist-aal2-lifetime-25h": (BASE + "SessionTimeoutProfile nist-aal2\n"
                               "SessionTimeoutLifetime 25h\n", ["SessionTimeoutLifetime"]),
    "nist-aal2-inactivity-2h": (BASE + "SessionTimeoutProfile nist-aal2\n"
                                "SessionTimeoutInactivity 2h\n", ["SessionTimeoutInactivity"]),
    "nist-aal1-lifetime-31d": (BASE + "SessionTimeoutProfile nist-aal1\n"
                               "SessionTimeoutLifetime 31d\n", ["SessionTimeoutLifetime"]),
    "profile-bound-in-vhost": (BASE + "SessionTimeoutProfile nist-aal3\n"
                               + VHOST % ("localhost", "")
                               + VHOST % ("p.test", "    SessionTimeoutInactivity 1h"),
                               ["SessionTimeoutInactivity"]),
    "cookie-bad-name": (BASE + 'SessionTimeoutCookie "bad name"\n', ["SessionTimeoutCookie"]),
    "cookie-bad-name-semicolon": (BASE + 'SessionTimeoutCookie "a;b"\n', ["SessionTimeoutCookie"]),
    "cookie-max-age": (BASE + 'SessionTimeoutCookie st "Path=/; Max-Age=5"\n',
                       ["SessionTimeoutCookie"]),
    "cookie-expires": (BASE + 'SessionTimeoutCookie st "Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT"\n',
                       ["SessionTimeoutCookie"]),
    "cookie-bad-samesite": (BASE + 'SessionTimeoutCookie st "Path=/; SameSite=Sometimes"\n',
                            ["SessionTimeoutCookie"]),
    "cookie-comma": (BASE + 'SessionTimeoutCookie st "Path=/, HttpOnly"\n',
                     ["SessionTimeoutCookie"]),
    "flag-not-on-off": (BASE + "SessionTimeout Maybe\n", ["SessionTimeout"]),
    "activity-not-on-off": (BASE + "<Location /p/>\n    SessionTimeoutActivity Maybe\n</Location>\n",
                            ["SessionTimeoutActivity"]),
    "activity-at-server-level": (BASE + "SessionTimeoutActivity Off\n", ["SessionTimeoutActivity"]),
    "secret-in-location": (BASE + "<Location /x/>\n    SessionTimeoutSecret file:@KEY2@\n</Location>\n",
                           ["SessionTimeoutSecret"]),
    "clockskew-in-location": (BASE + "<Location /x/>\n    SessionTimeoutClockSkew 10s\n</Location>\n",
                              ["SessionTimeoutClockSkew"]),
    "cookie-in-location": (BASE + "<Location /x/>\n    SessionTimeoutCookie other\n</Location>\n",
                           ["SessionTimeoutCookie"]),
    "login-url-bad-expression": (BASE + 'SessionTimeoutLoginURL "/login?r=%{reqenv:"\n',
                                 ["SessionTimeoutLoginURL"]),
    "warning-eq-lifetime-in-location": (BASE + "<Location /x/>\n    SessionTimeoutLifetime 10m\n"
                                        "    SessionTimeoutWarning 10m\n</Location>\n",
                                        ["SessionTimeoutWarning"]),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_config_error(tree, case):
    body, names = ERRORS[case]
    rc, out = configtest(tree, body)
    assert rc != 0, "apache2 -t accepted %s:\n%s\n%s" % (case, body, out)
    for n in names:
        assert n in out, (n, out)


def test_env_secret_too_short(tree):
    rc, out = configtest(tree, "SessionTimeout On\nSessionTimeoutSecret env:MST_SHORT_SECRET\n",
                         env={"MST_SHORT_SECRET": "tooshort"})
    assert rc != 0, out
    assert "SessionTimeoutSecret" in out, out
    assert "tooshort" not in out, "the secret itself must not be printed"


VALID = {
    "base": BASE,
    "plain-seconds": BASE + "SessionTimeoutLifetime 90\nSessionTimeoutInactivity 60\n"
                            "SessionTimeoutWarning 10\n",
    "units": BASE + "SessionTimeoutLifetime 1d\nSessionTimeoutInactivity 30m\n"
                    "SessionTimeoutWarning 90s\nSessionTimeoutRefreshInterval 1m\n"
                    "SessionTimeoutClockSkew 5s\n",
    "hours": BASE + "SessionTimeoutLifetime 8h\n",
    "off-limits": BASE + "SessionTimeoutLifetime Off\nSessionTimeoutInactivity 1h\n"
                         "SessionTimeoutWarning Off\n",
    "two-secrets": BASE + "SessionTimeoutSecret file:@KEY2@\n",
    "env-secret": "SessionTimeout On\nSessionTimeoutSecret env:MST_TEST_ENV_SECRET\n",
    "off-without-secret": "SessionTimeout Off\nSessionTimeoutInactivity 10m\n",
    "nothing-configured": "",
    "dynamics365": BASE + "SessionTimeoutProfile dynamics365\n",
    "dynamics365-inactivity": BASE + "SessionTimeoutProfile dynamics365\n"
                                     "SessionTimeoutInactivity 30m\n",
    # the nist-aal* profiles need token v2 (test_token_format.py)
    "nist-aal1": BASE + "SessionTimeoutTokenFormat v2\nSessionTimeoutProfile nist-aal1\n"
                        "SessionTimeoutLifetime 7d\n",
    "nist-aal2": BASE + "SessionTimeoutTokenFormat v2\nSessionTimeoutProfile nist-aal2\n",
    "nist-aal3": BASE + "SessionTimeoutTokenFormat v2\nSessionTimeoutProfile nist-aal3\n"
                        "SessionTimeoutInactivity 10m\n",
    "cookie": BASE + 'SessionTimeoutCookie my_session "Path=/app; HttpOnly; SameSite=Strict"\n',
    "cookie-name-only": BASE + "SessionTimeoutCookie my_session\n",
    "all-directives": BASE + """
SessionTimeoutLifetime 8h
SessionTimeoutInactivity 30m
SessionTimeoutWarning 5m
SessionTimeoutWarningHeader X-Warn
SessionTimeoutRefreshInterval 2m
SessionTimeoutClockSkew 10s
SessionTimeoutReturnParam next
SessionTimeoutClearCookie PHPSESSID JSESSIONID
SessionTimeoutCookieSecure On
SessionTimeoutLoginURL "https://sso.example.org/login?why=%{reqenv:SESSION_TIMEOUT_REASON}"
<Location /poll/>
    SessionTimeoutActivity Off
    SessionTimeoutReturnParam Off
</Location>
<Location /login/>
    SessionTimeout Off
    SessionTimeoutStartHeader X-Session-Start
    SessionTimeoutEndHeader X-Session-End
</Location>
""",
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid_config_passes(tree, case):
    rc, out = configtest(tree, VALID[case])
    assert rc == 0, out
    assert "Syntax OK" in out, out


# -- startup: effective limits logged at INFO; profiles in effect

STARTUP = """
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLoginURL /login/
<VirtualHost 127.0.0.1:@PORT@>
    ServerName localhost
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName limits-a.test
    SessionTimeoutLifetime 2h
    SessionTimeoutInactivity 15m
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName aal3.test
    SessionTimeoutProfile nist-aal3
    SessionTimeoutTokenFormat v2
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName d365.test
    SessionTimeoutProfile dynamics365
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName envkey.test
    SessionTimeoutSecret env:MST_TEST_ENV_SECRET
</VirtualHost>
"""


@pytest.fixture(scope="module")
def startup(httpd_factory):
    return httpd_factory(STARTUP, name="startup")


def forms(seconds):
    """Ways a duration may be written in a log line."""
    out = {str(seconds), "%ds" % seconds}
    for unit, n in (("m", 60), ("h", 3600), ("d", 86400)):
        if seconds % n == 0:
            out.add("%d%s" % (seconds // n, unit))
    return out


def limits_line(server, vhost):
    lines = [l for l in server.mst_lines(0, level="info")
             if "MST00004: " in l and re.search(r"\b%s\b" % re.escape(vhost), l)]
    assert lines, "no startup INFO line naming %s:\n%s" % (vhost, server.log_text())
    return lines


def assert_mentions(lines, seconds):
    f = forms(seconds)
    assert any(re.search(r"(?<![\d.])%s(?![\dA-Za-z])" % re.escape(x), l) for l in lines
               for x in f), (f, lines)


def test_startup_logs_effective_limits(startup):
    a = limits_line(startup, "limits-a.test")
    assert_mentions(a, 2 * 3600)
    assert_mentions(a, 15 * 60)
    b = limits_line(startup, "aal3.test")
    assert_mentions(b, 12 * 3600)
    assert_mentions(b, 15 * 60)
    d = limits_line(startup, "d365.test")
    assert_mentions(d, 1440 * 60)


def test_profile_nist_aal3_in_effect(startup):
    t = now()
    r = startup.get("/app/page.html", host="aal3.test", cookie=H.mint_v2(created=t - 3600, last=t - 16 * 60))
    assert r.status == 302 and r.header("X-Test-Reason") == "inactivity", r
    r = startup.get("/app/page.html", host="aal3.test", cookie=H.mint_v2(created=t - 3600, last=t - 14 * 60))
    assert r.status == 200, r
    r = startup.get("/app/page.html", host="aal3.test",
                    cookie=H.mint_v2(created=t - 12 * 3600 + 60, last=t - 5))
    assert r.status == 200
    assert H.warning_of(r)[1] == "lifetime", r
    r = startup.get("/app/page.html", host="aal3.test", cookie=H.mint_v2(created=t - 12 * 3600, last=t - 5))
    assert r.status == 302 and r.header("X-Test-Reason") == "lifetime", r


def test_profile_dynamics365_in_effect(startup):
    t = now()
    day = 1440 * 60
    # 20m warning window, lifetime 1440m, no inactivity limit
    r = startup.get("/app/page.html", host="d365.test", cookie=mint(created=t - day + 600, last=t - 5))
    assert r.status == 200
    remaining, limit = H.warning_of(r)
    assert limit == "lifetime" and 595 <= remaining <= 600, r
    r = startup.get("/app/page.html", host="d365.test",
                    cookie=mint(created=t - day + 1500, last=t - 5))
    assert r.status == 200 and H.warning_of(r) is None, r
    r = startup.get("/app/page.html", host="d365.test",
                    cookie=mint(created=t - day + 3600, last=t - day + 3600))
    assert r.status == 200, r
    r = startup.get("/app/page.html", host="d365.test", cookie=mint(created=t - day, last=t - 5))
    assert r.status == 302 and r.header("X-Test-Reason") == "lifetime", r


def test_env_secret_in_effect(startup):
    t = now()
    r = startup.get("/app/page.html", host="envkey.test",
                    cookie=mint(H.ENV_KEY, created=t - 10, last=t - 5))
    assert r.status == 200, r
    r = startup.get("/app/page.html", host="envkey.test", cookie=mint(created=t - 10, last=t - 5))
    assert r.status == 302 and r.header("X-Test-Reason") == "invalid", r


# -- the example configs shipped in conf-examples/


EXAMPLES = sorted(glob.glob(os.path.join(H.TOP_SRCDIR, "conf-examples", "*.conf")))


def test_conf_examples_exist():
    assert EXAMPLES, "conf-examples/ has no *.conf (issue 3 item 7)"


@pytest.mark.parametrize("example", [os.path.basename(e) for e in EXAMPLES])
def test_conf_example_passes_configtest(tree, example):
    path = os.path.join(H.TOP_SRCDIR, "conf-examples", example)
    with open(path) as f:
        text = f.read()
    # the example's secret paths point at /etc: give each file a test key
    keys = iter(["@KEY1@", "@KEY2@", "@KEY3@"] * 10)
    text = re.sub(r"(SessionTimeoutSecret\s+)file:\S+", lambda m: m.group(1) + "file:" + next(keys),
                  text)
    text = re.sub(r"^\s*LoadModule\s+session_timeout_module.*$", "", text, flags=re.M)
    rc, out = configtest(tree, text)
    assert rc == 0, out
    assert "Syntax OK" in out, out


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620, 0o602, 0o666])
def test_secret_file_shared_with_others_refused(tree, mode):
    """SPEC section 9, Secrets: a key that others can read signs sessions for
    them; one that others can write can be replaced. httpd -t names the file
    and its mode."""
    path = tree.path("keys", "shared.key")
    with open(path, "wb") as f:
        f.write(H.KEY1 + b"\n")
    os.chmod(path, mode)
    rc, out = configtest(tree, "SessionTimeout On\nSessionTimeoutSecret file:%s\n" % path)
    assert rc != 0, out
    assert "MST00002: " in out and "SessionTimeoutSecret" in out, out
    assert "secret file %s has mode %04o" % (path, mode) in out, out
    assert "chmod 600" in out, out


@pytest.mark.parametrize("mode", [0o600, 0o400, 0o700])
def test_secret_file_private_accepted(tree, mode):
    path = tree.path("keys", "private.key")
    with open(path, "wb") as f:
        f.write(H.KEY1 + b"\n")
    os.chmod(path, mode)
    rc, out = configtest(tree, "SessionTimeout On\nSessionTimeoutSecret file:%s\n" % path)
    assert rc == 0, out


def _line_of(path, text):
    with open(path) as f:
        return next(i for i, line in enumerate(f, 1) if line.strip() == text)


def test_limit_error_names_file_and_line_of_the_section(tree):
    # MST00003 names the section and where it is: the file and line
    body = (BASE + "<Location /x/>\n    SessionTimeoutLifetime 10m\n"
            "    SessionTimeoutWarning 10m\n</Location>\n")
    rc, out = configtest(tree, body)
    assert rc != 0, out
    where = "%s:%d" % (tree.conf, _line_of(tree.conf, "<Location /x/>"))
    assert "MST00003: " in out and "<Location /x/> (%s)" % where in out, out


def test_limit_error_in_a_vhost_names_the_directive_line(tree):
    body = (BASE + "<VirtualHost 127.0.0.1:@PORT@>\n    ServerName v.test\n"
            "    SessionTimeoutInactivity 5m\n    SessionTimeoutWarning 5m\n</VirtualHost>\n")
    rc, out = configtest(tree, body)
    assert rc != 0, out
    where = "%s:%d" % (tree.conf, _line_of(tree.conf, "SessionTimeoutInactivity 5m"))
    assert "MST00003: " in out and "server config (%s)" % where in out, out


def test_too_short_says_one_second(tree):
    rc, out = configtest(tree, BASE + "SessionTimeoutLifetime 0\n")
    assert rc != 0, out
    assert "at least 1 second (or Off)" in out and "1 seconds" not in out, out

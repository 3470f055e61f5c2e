# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""test_clock.py: clock and time edge cases (issue 7 item 5) against a real httpd.

- Clock skew: CREATED and LAST up to SessionTimeoutClockSkew in the future
  are accepted (exact second boundaries, per vhost: 0, default 30 s, 5 m);
  a CREATED beyond the skew is `invalid`.
- Server clock stepped backwards: a verified token whose LAST lies beyond the
  skew (but whose CREATED does not) is accepted as if LAST were now and
  re-issued with LAST = now (never later), so after a backwards step only the
  sessions started in the stepped-over interval are lost; nothing is gained:
  the remaining time never exceeds the limits.
- Post-2038 and 64-bit times: CREATED at 2^31, 4102444800 (year 2100) or a
  32-bit wrap of now is "from the future" and invalid; a lifetime of 36500 d
  gives remaining times above 2^31 s, exactly; limits Off accept a token from
  1970 (CREATED 0). The CLI evaluates tokens at a given --now after 2038.
The server clock cannot be moved from a test, so time is expressed by minting
tokens relative to now; exact boundaries are checked only when the request
was sent and answered within one wall-clock second.
"""
import os
import subprocess

import pytest

import mst_harness as H
from mst_harness import KEY1, KEY2, mint, now

CONF = """
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutSecret file:@KEY2@
SessionTimeoutLifetime 8h
SessionTimeoutInactivity 30m
SessionTimeoutLoginURL /login/
<Location /login/>
    SessionTimeout Off
</Location>
<Location /poll/>
    SessionTimeoutActivity Off
</Location>
<Location /session/status>
    SetHandler session-timeout-status
</Location>
Alias /long "@DOCROOT@/app"
<Location /long>
    SessionTimeoutLifetime 36500d
    SessionTimeoutInactivity Off
</Location>
Alias /nolimits "@DOCROOT@/app"
<Location /nolimits>
    SessionTimeoutLifetime Off
    SessionTimeoutInactivity Off
</Location>

<VirtualHost 127.0.0.1:@PORT@>
    ServerName localhost
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName skew0.test
    SessionTimeoutClockSkew 0
</VirtualHost>
<VirtualHost 127.0.0.1:@PORT@>
    ServerName skew5m.test
    SessionTimeoutClockSkew 5m
</VirtualHost>
"""

PAGE = "/app/page.html"
ENV = "/app/env.cgi"
H8 = 8 * 3600
M30 = 30 * 60
SKEWS = {"localhost": 30, "skew0.test": 0, "skew5m.test": 300}


@pytest.fixture(scope="module")
def srv(httpd_factory):
    return httpd_factory(CONF)


def get(srv, target, tok=None, host="localhost", headers=()):
    return srv.get(target, list(headers), host="%s:%d" % (host, srv.port), cookie=tok)


def within_one_second(send, attempts=5):
    """Calls send(t) with t = now() until the request is sent and answered
    in the same wall-clock second as t (so the server's request time is t);
    returns its result. Bounded: a few attempts."""
    for _ in range(attempts):
        t = now()
        result = send(t)
        if now() == t:
            return result
    pytest.fail("could not send a request within one wall-clock second")


def assert_invalid(resp):
    assert resp.status == 302, resp
    assert resp.header("X-Test-Reason") == "invalid", resp
    H.assert_cleared(resp)


# -- skew tolerance


@pytest.mark.parametrize("host", sorted(SKEWS))
def test_created_and_last_at_exactly_the_skew_are_accepted(srv, host):
    skew = SKEWS[host]

    def send(t):
        return get(srv, PAGE, mint(created=t + skew, last=t + skew), host=host)
    r = within_one_second(send)
    assert r.status == 200, r


@pytest.mark.parametrize("host", sorted(SKEWS))
def test_created_one_second_beyond_the_skew_is_invalid(srv, host):
    skew = SKEWS[host]
    mark = srv.mark()

    def send(t):
        return get(srv, PAGE, mint(created=t + skew + 1, last=t + skew + 1), host=host)
    r = within_one_second(send)
    assert_invalid(r)
    assert any("timestamp in the future" in l or "invalid" in l
               for l in srv.mst_lines(mark, level="info")), srv.log_text(mark)


def test_created_beyond_skew_with_past_last_cannot_exist(srv):
    # LAST < CREATED is refused before the clock is looked at
    t = now()
    assert_invalid(get(srv, PAGE, mint(created=t + 600, last=t - 60)))


def test_future_created_within_skew_does_not_extend_lifetime_by_more_than_skew(srv):
    t0 = now()
    r = get(srv, ENV, mint(created=t0 + 25, last=t0 + 25))
    assert r.status == 200, r
    left = int(r.env()["SESSION_TIMEOUT_EXPIRES_IN"])
    # the earliest limit is inactivity (30m from LAST): at most skew beyond it
    assert left <= M30 + 30, left
    r = get(srv, "/long/env.cgi", mint(created=t0 + 25, last=t0 + 25))
    left = int(r.env()["SESSION_TIMEOUT_EXPIRES_IN"])
    assert left <= 36500 * 86400 + 30, left


def test_future_created_json_for_scripted_requests(srv):
    t = now()
    r = get(srv, PAGE, mint(created=t + 3600, last=t + 3600), headers=H.XHR)
    assert r.status == 401, r
    assert r.json()["reason"] == "invalid", r


# -- server clock stepped backwards: a future LAST is repaired


def assert_repaired(resp, old_tok, t0, t1, secret=KEY1):
    """The response re-issues old_tok's session with LAST in [t0, t1]
    (the server's now), same SID, CREATED and user, signed with secret."""
    f_old = H.parse_token(old_tok)
    tok = H.assert_fresh_cookie(resp)
    f = H.assert_valid_token(tok, secret, sid=f_old["sid"], created=f_old["created"],
                             user=f_old["user"])
    assert t0 <= f["last"] <= max(t1, f_old["created"]), (f, t0, t1)
    return f


@pytest.mark.parametrize("ahead", [31, 600, 86400, 10 * 365 * 86400])
def test_last_beyond_skew_is_accepted_as_now_and_reissued(srv, ahead):
    t0 = now()
    tok = mint(user="stepped", created=t0 - 60, last=t0 + ahead)
    r = get(srv, ENV, tok)
    t1 = now()
    assert r.status == 200, r
    env = r.env()
    assert env["SESSION_TIMEOUT_USER"] == "stepped", env
    # nothing gained: the inactivity window starts now, not at the future LAST
    assert int(env["SESSION_TIMEOUT_EXPIRES_IN"]) <= M30, env
    f = assert_repaired(r, tok, t0, t1)
    assert f["last"] <= t1 <= now() + 1


def test_last_at_maximum_12_digits_is_repaired(srv):
    t0 = now()
    tok = mint(created=t0 - 60, last=999999999999)
    r = get(srv, PAGE, tok)
    assert r.status == 200, r
    assert_repaired(r, tok, t0, now())


def test_created_beyond_skew_stays_invalid_even_with_repairable_last(srv):
    t = now()
    assert_invalid(get(srv, PAGE, mint(created=t + 600, last=t + 600)))
    assert_invalid(get(srv, PAGE, mint(created=t + 600, last=t + 7200)))


def test_last_beyond_skew_with_created_within_skew_is_clamped_to_created(srv):
    t0 = now()
    tok = mint(created=t0 + 20, last=t0 + 900)
    r = get(srv, PAGE, tok)
    assert r.status == 200, r
    f = H.assert_valid_token(H.assert_fresh_cookie(r), KEY1, created=t0 + 20)
    # LAST >= CREATED always holds in what the module issues
    assert f["last"] == t0 + 20, f


def test_repaired_cookie_then_works_normally(srv):
    t0 = now()
    r = get(srv, PAGE, mint(created=t0 - 600, last=t0 + 3600))
    tok = H.assert_fresh_cookie(r)
    r = get(srv, PAGE, tok)
    assert r.status == 200, r
    assert r.session_cookies() == [], "no second repair: %r" % r


def test_repair_with_old_key_reissues_with_first_key(srv):
    t0 = now()
    tok = mint(KEY2, created=t0 - 60, last=t0 + 600)
    r = get(srv, PAGE, tok)
    assert r.status == 200, r
    assert_repaired(r, tok, t0, now(), secret=KEY1)


def test_repair_on_passive_location_never_moves_last_forward(srv):
    t0 = now()
    tok = mint(created=t0 - 60, last=t0 + 600)
    r = get(srv, "/poll/page.html", tok)
    assert r.status == 200, r
    for c in r.session_cookies():
        assert not c.expired, r
        f = H.parse_token(c.value)
        assert f["last"] <= now() + 1, f


def test_status_handler_reports_repaired_last(srv):
    t0 = now()
    r = get(srv, "/session/status", mint(created=t0 - 60, last=t0 + 600))
    assert r.status == 200, r
    s = r.json()
    assert s["active"] is True, s
    assert s["last_activity"] <= s["now"] <= now(), s
    assert s["inactivity_remaining"] <= M30, s
    assert s["expires_in"] <= M30, s


# A population of sessions as the server sees them right after its clock
# stepped back by STEP seconds: their times were written by the clock before
# the step. Sessions that logged in before the stepped-over interval keep
# working; only those that logged in during it (CREATED more than the skew
# ahead of the new now) are lost.
STEP = 600
POPULATION = [
    # (label, CREATED relative to now, LAST relative to now, survives)
    ("old-session-idle-before-step", -7200, -600, True),
    ("old-session-active-in-interval", -7200, 300, True),
    ("old-session-active-at-step", -7200, STEP, True),
    ("recent-login-before-interval", -30, STEP - 10, True),
    ("login-within-skew", 25, 200, True),
    ("login-in-interval", 120, 300, False),
    ("login-just-before-step", STEP - 5, STEP, False),
]


@pytest.mark.parametrize("label,created,last,survives", POPULATION,
                         ids=[p[0] for p in POPULATION])
def test_backwards_step_loses_only_logins_in_the_stepped_over_interval(srv, label, created,
                                                                        last, survives):
    t0 = now()
    tok = mint(user=label, created=t0 + created, last=t0 + last)
    r = get(srv, ENV, tok)
    t1 = now()
    if not survives:
        assert_invalid(r)
        return
    assert r.status == 200, r
    assert r.env()["SESSION_TIMEOUT_USER"] == label
    assert int(r.env()["SESSION_TIMEOUT_EXPIRES_IN"]) <= M30 + 30
    if last > 30:
        # LAST from before the step is repaired to the new now
        assert_repaired(r, tok, t0, t1)


# -- post-2038 and 64-bit times


@pytest.mark.parametrize("created", [2 ** 31 - 1, 2 ** 31, 2 ** 32, 4102444800, 253402300799,
                                     999999999999])
def test_far_future_created_is_invalid(srv, created):
    assert_invalid(get(srv, PAGE, mint(created=created, last=created)))


def test_32bit_wrap_of_now_is_not_now(srv):
    t = now()
    # the same low 32 bits as a valid token: a 32-bit time_t would accept it
    assert_invalid(get(srv, PAGE, mint(created=t - 100 + 2 ** 32, last=t - 10 + 2 ** 32)))
    assert get(srv, PAGE, mint(created=t - 100, last=t - 10)).status == 200


def test_remaining_time_above_2pow31_is_exact(srv):
    t0 = now()
    tok = mint(created=t0 - 100, last=t0 - 100)
    r = get(srv, "/long/env.cgi", tok)
    t1 = now()
    assert r.status == 200, r
    env = r.env()
    assert env["SESSION_TIMEOUT_LIMIT"] == "lifetime", env
    left = int(env["SESSION_TIMEOUT_EXPIRES_IN"])
    full = 36500 * 86400
    assert full > 2 ** 31
    assert full - 100 - (t1 - t0) <= left <= full - 100, left
    assert H.warning_of(r) is None, r


def test_token_from_1970_with_limits_off(srv):
    t0 = now()
    tok = mint(user="epoch", created=0, last=0)
    r = get(srv, "/nolimits/env.cgi", tok)
    assert r.status == 200, r
    env = r.env()
    assert env["SESSION_TIMEOUT_USER"] == "epoch", env
    assert env["SESSION_TIMEOUT_EXPIRES_IN"] == "<unset>", env
    # activity re-issues LAST = now, CREATED stays 0
    f = H.assert_valid_token(H.assert_fresh_cookie(r), KEY1, created=0,
                             last_between=(t0, now()))
    assert f["user"] == "epoch"
    # and the same 1970 session is long expired where limits apply
    r = get(srv, PAGE, tok)
    assert r.status == 302 and r.header("X-Test-Reason") == "inactivity", r


def test_one_digit_times(srv):
    r = get(srv, "/nolimits/page.html", mint(created=1, last=9))
    assert r.status == 200, r


# -- the CLI evaluates the same core at any --now (after 2038, at the 12-digit edge)


def cli():
    path = os.path.join(H.TOP_BUILDDIR, "session-timeout-token")
    if not os.access(path, os.X_OK):
        pytest.skip("CLI not built: %s" % path)
    return path


def run_cli(tmp_path, *args):
    key = tmp_path / "key"
    key.write_bytes(KEY1 + b"\n")
    p = subprocess.run([cli(), args[0], "--key", str(key)] + list(args[1:]),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=10)
    return p.returncode, p.stdout.decode("utf-8", "replace")


@pytest.mark.parametrize("now_t,created,last,rc,verdict", [
    (4102444800, 4102444000, 4102444700, 0, "valid"),           # 2100-01-01, all fine
    (4102444800 + 1000, 4102444000, 4102444700, 0, "valid"),     # 1600 s idle < 30m
    (4102444700 + 1800, 4102444000, 4102444700, 1, "inactivity"),  # exactly 30m idle
    (4102444000 + 8 * 3600, 4102444000, 4102444000 + 8 * 3600 - 1, 1, "lifetime"),
    (999999999999, 999999999000, 999999999999, 0, "valid"),      # the 12-digit edge
    (4102444000 - 31, 4102444000, 4102444000, 1, "invalid"),       # 31 s in the future
    (4102444000 - 30, 4102444000, 4102444000, 0, "valid"),         # exactly the skew
])
def test_cli_inspect_after_2038(tmp_path, now_t, created, last, rc, verdict):
    code, out = run_cli(tmp_path, "mint", "--user", "alice", "--created", str(created),
                        "--last", str(last))
    assert code == 0, out
    token = out.strip()
    # the server's minter and the CLI agree on the token
    f = H.parse_token(token)
    assert (f["created"], f["last"], f["user"]) == (created, last, "alice")
    assert H.verifies(token, KEY1)
    code, out = run_cli(tmp_path, "inspect", "--lifetime", "8h", "--inactivity", "30m",
                        "--now", str(now_t), token)
    assert code == rc, out
    line = [l for l in out.splitlines() if l.startswith("verdict:")]
    assert line and verdict in line[0], out

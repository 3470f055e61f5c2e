# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""mst_asserts.py: assertions shared by the integration test modules.

- Responses: no_store(), assert_cleared() / assert_not_cleared() (our cookie
  expired exactly as SPEC says), assert_redirect() (a re-authentication
  redirect), assert_rejected_json() (the 401 JSON of a scripted request),
  assert_fresh_cookie(), warning_of() (the warning header).
- Tokens: assert_valid_token().
- Logs: assert_reject_logged() (the one INFO line of a rejection).
"""

import re
import urllib.parse

from mst_client import COOKIE, COOKIE_ATTRS, EXPIRED_COOKIE, encode_return
from mst_tokens import KEY1, kid_of, parse_token, verifies

__all__ = ["no_store", "assert_cleared", "assert_not_cleared", "assert_redirect",
           "assert_rejected_json", "assert_reject_logged", "assert_valid_token",
           "assert_fresh_cookie", "WARNING_RE", "warning_of"]


def no_store(resp):
    cc = resp.header("Cache-Control") or ""
    return "no-store" in [t.strip().lower() for t in cc.split(",")]


def assert_cleared(resp, clear=()):
    """Our cookie is expired exactly as SPEC says, once, and every name in
    clear is expired too; nothing sets a live session cookie."""
    ours = resp.session_cookies()
    assert [c.raw for c in ours] == [EXPIRED_COOKIE], resp
    for name in clear:
        cs = resp.set_cookies(name)
        assert len(cs) == 1 and cs[0].value == "" and cs[0].expired, (name, resp)


def assert_not_cleared(resp, clear=()):
    assert resp.session_cookies() == [], resp
    for name in clear:
        assert resp.set_cookies(name) == [], (name, resp)


def assert_redirect(resp, port, reason, target, status=302, login="/login/", param="return_to",
                    clear=(), kept=False):
    """A re-authentication redirect: status, Location = login + param=<target
    percent-encoded>, reason in SESSION_TIMEOUT_REASON (X-Test-Reason),
    cookies cleared unless missing or kept (a stricter scope rejected a
    session still valid for the rest of the site), Cache-Control: no-store."""
    assert resp.status == status, resp
    loc = resp.header("Location")
    assert loc is not None, resp
    sep = "&" if "?" in login else "?"
    if login.startswith("/"):
        u = urllib.parse.urlsplit(loc)
        if u.scheme or u.netloc:
            assert u.netloc in ("localhost:%d" % port, "127.0.0.1:%d" % port), loc
            loc = urllib.parse.urlunsplit(("", "", u.path, u.query, u.fragment))
    assert loc == login + sep + param + "=" + encode_return(target), (loc, target)
    assert resp.header("X-Test-Reason") == reason, resp
    assert no_store(resp), resp
    if reason == "missing" or kept:
        assert_not_cleared(resp, clear)
    else:
        assert_cleared(resp, clear)


def assert_rejected_json(resp, reason, login_url, clear=(), server=None):
    """A 401 JSON answer to a scripted request. The reason is checked in the
    access log (LogFormat ... reason=%{SESSION_TIMEOUT_REASON}e) when server
    is given: mod_headers does not see this response (see test_reauth)."""
    assert resp.status == 401, resp
    assert (resp.header("Content-Type") or "").split(";")[0].strip() == "application/json", resp
    assert resp.json() == {"error": "login_required" if reason == "missing" else "session_expired",
                           "reason": reason, "login_url": login_url}, resp
    assert resp.header("Location") is None, resp
    assert no_store(resp), resp
    if server is not None:
        line = server.last_access()
        assert " 401 " in line and "reason=%s" % reason in line, line
    if reason == "missing":
        assert_not_cleared(resp, clear)
    else:
        assert_cleared(resp, clear)


# the tag of each rejection's log line (mod_session_timeout_logtags.h)
REJECT_TAGS = {"lifetime": "MST00006", "inactivity": "MST00006", "invalid": "MST00021",
               "missing": "MST00022"}


def assert_reject_logged(server, mark, reason, sid=None, user=None):
    """Exactly one INFO line of our module about this rejection, tagged
    with the tag of its reason (REJECT_TAGS) and naming the reason (and the SID
    and user when known)."""
    lines = [l for l in server.mst_lines(mark, level="info") if reason in l]
    assert len(lines) == 1, "expected one [session_timeout:info] line with %r, got:\n%s" % (
        reason, "\n".join(server.log_lines(mark)))
    line = lines[0]
    assert "%s: session rejected: reason=%s" % (REJECT_TAGS[reason], reason) in line, line
    if sid is not None:
        assert sid in line, line
    if user is not None:
        assert user in line, line
    return line


def assert_valid_token(token, secret=KEY1, user=None, sid=None, created=None,
                       last_between=None, last=None):
    f = parse_token(token)
    assert f["kid"] == kid_of(secret), f
    assert verifies(token, secret), token
    if user is not None:
        assert f["user"] == user, f
    if sid is not None:
        assert f["sid"] == sid, f
    if created is not None:
        assert f["created"] == created, f
    if last is not None:
        assert f["last"] == last, f
    if last_between is not None:
        assert last_between[0] <= f["last"] <= last_between[1], (f, last_between)
    return f


def assert_fresh_cookie(resp):
    """The response sets exactly one live session cookie with the SPEC
    default attributes; returns its token."""
    ours = resp.session_cookies()
    assert len(ours) == 1, resp
    c = ours[0]
    assert not c.expired, resp
    assert c.raw == "%s=%s; %s" % (COOKIE, c.value, COOKIE_ATTRS), c.raw
    return c.value


WARNING_RE = re.compile(r"^remaining=(\d+), limit=(lifetime|inactivity)$")


def warning_of(resp, name="Session-Timeout-Warning"):
    """(remaining, limit) of the warning header, None if absent."""
    vals = resp.header_all(name)
    if not vals:
        return None
    assert len(vals) == 1, resp
    m = WARNING_RE.match(vals[0])
    assert m, vals[0]
    return int(m.group(1)), m.group(2)

# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""Requests to the status handler are logged with the session they judged:
%{SESSION_TIMEOUT_USER}e and %{SESSION_TIMEOUT_ID}e for a valid session,
%{SESSION_TIMEOUT_REASON}e otherwise. r->user stays unset (%u is "-"): the
module is no authentication provider, and a user there would satisfy
`Require valid-user`."""
import pytest

import mst_harness as H
from mst_harness import mint, now

CONF = """
SessionTimeoutSecret file:@KEY1@
SessionTimeoutInactivity 30m
<Location /session/status>
    SetHandler session-timeout-status
</Location>
<Location /app/>
    SessionTimeout On
</Location>
LogFormat "%h \\"%r\\" %>s u=%u user=%{SESSION_TIMEOUT_USER}e sid=%{SESSION_TIMEOUT_ID}e reason=%{SESSION_TIMEOUT_REASON}e" withu
CustomLog "@ROOT@/logs/access_log_u" withu
"""


@pytest.fixture(scope="module")
def srv(httpd_factory):
    return httpd_factory(CONF)


def last_line(srv):
    with open(srv.path("logs", "access_log_u")) as f:
        return f.read().splitlines()[-1]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_status_of_a_valid_session_logs_the_user(srv, method):
    tok = mint(user="alice", created=now() - 60, last=now() - 60)
    # a keep-alive POST comes from our own page's script (SPEC section 9)
    hdrs = [("Accept", "application/json")]
    if method == "POST":
        hdrs.append(("X-Requested-With", "XMLHttpRequest"))
    # with the page's scope, as the dialog's script asks
    r = srv.request(method, "/session/status?scope=%2Fapp%2F", hdrs, cookie=tok,
                    **({"body": ""} if method == "POST" else {}))
    assert r.status == 200 and r.json()["user"] == "alice", r
    line = last_line(srv)
    assert " u=- user=alice sid=%s reason=-" % H.parse_token(tok)["sid"] in line, line


def test_status_of_an_expired_session_logs_the_reason(srv):
    tok = mint(user="alice", created=now() - 7200, last=now() - 3600)
    r = srv.get("/session/status", [("Accept", "application/json")], cookie=tok)
    assert r.status == 401, r
    assert " u=- user=- sid=- reason=inactivity" in last_line(srv)

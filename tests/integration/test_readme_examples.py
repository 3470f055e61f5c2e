# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""The token-minting examples in README.md, extracted exactly as printed and
run (shell + openssl, and Python), must produce tokens the module accepts:
README cannot drift from the token format. Each example is found by its
`<!-- readme-example: NAME -->` marker and the fenced block after it."""
import os
import re
import subprocess
import sys

import pytest

import mst_harness as H
from mst_harness import KEY1, now

README = os.path.join(os.environ.get("top_srcdir", os.path.join(os.path.dirname(__file__), "..", "..")),
                      "README.md")

CONF = """
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLifetime 8h
SessionTimeoutInactivity 30m
SessionTimeoutLoginURL /login/
"""


def example(name):
    """The code block that follows <!-- readme-example: name --> in README."""
    text = open(README, encoding="utf-8").read()
    m = re.search(r"<!-- readme-example: %s -->\s*```[a-z]*\n(.*?)```" % re.escape(name), text,
                  re.S)
    assert m, "README has no example %r" % name
    return m.group(1)


@pytest.fixture(scope="module")
def srv(httpd_factory):
    return httpd_factory(CONF)


@pytest.fixture
def secret_file(tmp_path):
    p = tmp_path / "secret"
    p.write_bytes(KEY1 + b"\n")  # with the trailing newline a real key file has
    return str(p)


def run_example(tmp_path, name, argv0, secret_file, user):
    script = tmp_path / ("example-" + name)
    script.write_text(example(name))
    out = subprocess.run(argv0 + [str(script), secret_file, user], capture_output=True,
                         text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


CASES = {
    "mint-shell": ["/bin/sh"],
    "mint-python": [sys.executable if os.path.exists(sys.executable) else "/usr/bin/python3"],
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("user", ["alice", "jörg@example.org"])
def test_readme_example_token_is_accepted(srv, tmp_path, secret_file, name, user):
    before = now()
    token = run_example(tmp_path, name, CASES[name], secret_file, user)
    fields = H.parse_token(token)
    assert fields["user"] == user
    assert before - 1 <= fields["created"] == fields["last"] <= now() + 1
    assert H.verifies(token, KEY1)
    r = srv.get("/app/env.cgi", cookie=token)
    assert r.status == 200, r
    env = r.env()
    assert env.get("SESSION_TIMEOUT_USER") == user
    assert env.get("SESSION_TIMEOUT_ID") == fields["sid"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_readme_example_with_other_key_is_refused(srv, tmp_path, name):
    other = tmp_path / "other"
    other.write_bytes(b"a different secret of more than 32 bytes\n")
    token = run_example(tmp_path, name, CASES[name], str(other), "mallory")
    r = srv.get("/app/env.cgi", cookie=token)
    assert r.status == 302 and "return_to=" in r.header("Location"), r

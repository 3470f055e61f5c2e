"""mst_log.py: reading and checking the error log of a test server.

- ErrorLog: one error_log file: marks (byte offsets), the text and lines
  since a mark, our module's lines, and scan(), which returns the lines
  since the last scan that fail a test: crash lines ("exit signal",
  "Segmentation", AH00052) always; [warn] and worse unless expected.
- CURRENT_EXPECTED: what the running test declared it expects (conftest's
  expect_log fixture fills it, the per-test guard passes it to scan()).
- MINTED_MACS / forbid_in_log(): strings (every minted MAC, cookie values)
  that must never appear in any error log.
- LOG_STATS: servers started and lines scanned, for the terminal summary.
"""

import os
import re

__all__ = ["MINTED_MACS", "CURRENT_EXPECTED", "LOG_STATS", "CRASH_RE", "SEVERE_RE",
           "ALWAYS_ALLOWED", "forbid_in_log", "ErrorLog"]

# every MAC minted by this process and other strings (cookie values) that
# must never appear in an error log
MINTED_MACS = set()
# patterns the running test declared as expected in the error log
CURRENT_EXPECTED = []
# summary of all error logs scanned, for the terminal summary
LOG_STATS = {"servers": 0, "lines": 0}

# Lines that fail a test whatever it expects.
CRASH_RE = re.compile(r"exit signal|Segmentation|AH00052")
# [module:level] of an httpd 2.4 error log line at warn or above
SEVERE_RE = re.compile(r"\[(?:[A-Za-z0-9_.-]+:)?(warn|error|crit|alert|emerg)\]")
# lines every server may log at warn or above
ALWAYS_ALLOWED = []


def forbid_in_log(text):
    """text (a MAC or a cookie value) must never appear in an error log."""
    MINTED_MACS.add(text)


class ErrorLog:
    """The error_log at path of the server called name (which prefixes every
    problem reported)."""

    def __init__(self, path, name):
        self.path = path
        self.name = name
        self.checked = 0  # offset up to which scan() has looked

    def data(self, start=0):
        try:
            with open(self.path, "rb") as f:
                f.seek(start)
                return f.read()
        except FileNotFoundError:
            return b""

    def text(self, start=0):
        return self.data(start).decode("utf-8", "replace")

    def mark(self):
        try:
            return os.path.getsize(self.path)
        except FileNotFoundError:
            return 0

    def lines(self, since=0):
        return self.text(since).splitlines()

    def mst_lines(self, since=0, level=None):
        """Our module's log lines since a mark, optionally of one level."""
        out = []
        for line in self.lines(since):
            m = re.search(r"\[session_timeout:(\w+)\]", line)
            if m and (level is None or m.group(1) == level):
                out.append(line)
        return out

    def scan(self, expected=(), allowed=()):
        """Unexpected lines since the last scan; advances the scan mark."""
        data = self.data(self.checked)
        self.checked += len(data)
        text = data.decode("utf-8", "replace")
        pats = list(allowed) + [re.compile(p) if isinstance(p, str) else p
                                for p in expected] + ALWAYS_ALLOWED
        problems = []
        for line in text.splitlines():
            LOG_STATS["lines"] += 1
            if CRASH_RE.search(line):
                problems.append("CRASH: " + line)
            elif SEVERE_RE.search(line) and not any(p.search(line) for p in pats):
                problems.append(line)
        return ["[%s] %s" % (self.name, p) for p in problems]

    def forbidden_strings(self):
        """A problem for every MINTED_MACS string anywhere in the log."""
        text = self.text(0)
        return ["[%s] a token MAC appears in the error log: %s" % (self.name, m)
                for m in MINTED_MACS if m in text]

# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
r"""mst_log.py: reading and checking the error log of a test server.

- ErrorLog: one error_log file: marks (byte offsets), the text and lines
  since a mark, our module's lines, and scan(), which returns the lines
  since the last scan that fail a test: crash lines ("exit signal",
  "Segmentation", AH00052) always; [warn] and worse unless expected.
- Expectations name exact log tags, never "any tag": expectations() turns
  what a test declares into Expectation objects; CURRENT_EXPECTED holds the
  running test's (conftest's expect_log fixture fills it, the per-test guard
  passes it to scan() and reports unmet() ones). A declaration is one of
    "MST00015"                 any line with exactly this tag
    "MST00015: <regex>"        that tag, the rest of the line after it matching
    r"\[proxy_http:warn\].*(AH01106|AH10404)"
                               a regex naming exact tags: it excuses only
                               lines whose own tag is one it names
    untagged=[regex]           httpd lines that carry no tag at all (mod_cgi's
                               "malformed header from script"); never a
                               tagged line
  and anything that could match any tag (r"MST\d{5}", a regex naming no
  tag) raises ValueError. An expected MST tag must be logged (at any level)
  while the test runs; httpd's AH lines may depend on its version and on the
  input, so they need not be.
- MINTED_MACS / forbid_in_log(): strings (every minted MAC, cookie values)
  that must never appear in any error log.
- LOG_STATS: servers started and lines scanned, for the terminal summary.
"""

import os
import re

__all__ = ["MINTED_MACS", "CURRENT_EXPECTED", "LOG_STATS", "CRASH_RE", "SEVERE_RE", "TAG_RE",
           "ALWAYS_ALLOWED", "forbid_in_log", "line_tag", "Expectation", "expectations",
           "unmet", "ErrorLog"]

# every MAC minted by this process and other strings (cookie values) that
# must never appear in an error log
MINTED_MACS = set()
# Expectations the running test declared (see expectations())
CURRENT_EXPECTED = []
# summary of all error logs scanned, for the terminal summary
LOG_STATS = {"servers": 0, "lines": 0}

# Lines that fail a test whatever it expects.
CRASH_RE = re.compile(r"exit signal|Segmentation|AH00052")
# [module:level] of an httpd 2.4 error log line at warn or above
SEVERE_RE = re.compile(r"\[(?:[A-Za-z0-9_.-]+:)?(warn|error|crit|alert|emerg)\]")
# Expectations every server may log at warn or above
ALWAYS_ALLOWED = []

# an exact log tag: ours (mod_session_timeout_logtags.h) or httpd's APLOGNO
TAG_RE = re.compile(r"(?:MST|AH)\d{5}")
# the tag of a log line: the first "TAG: " in it (after the time, module,
# pid, errno and client fields, none of which has one)
LINE_TAG_RE = re.compile(r"(?<![A-Za-z0-9])((?:MST|AH)\d{5}): ")
# MST or AH not followed by exactly five digits: a regex trying to match a
# tag it does not name (MST\d{5}, AH[0-9]+, MST.....)
ANY_TAG_RE = re.compile(r"(?<![A-Za-z])(?:MST|AH)(?!\d{5}(?!\d))")


def forbid_in_log(text):
    """text (a MAC or a cookie value) must never appear in an error log."""
    MINTED_MACS.add(text)


def line_tag(line):
    """The tag of an error-log line ("MST00015", "AH10244"), None if it has none."""
    m = LINE_TAG_RE.search(line)
    return m.group(1) if m else None


class Expectation:
    """Lines a test expects: those with one of the exact tags in tags (and
    matching regex, if any; with tag_prefix, regex is matched against the
    text after "TAG: "), or, when untagged, lines without a tag that match
    regex. seen counts the lines it matched (at any level)."""

    def __init__(self, source, tags=(), regex=None, tag_prefix=False, untagged=False):
        self.source = source
        self.tags = frozenset(tags)
        self.regex = re.compile(regex) if isinstance(regex, str) else regex
        self.tag_prefix = tag_prefix
        self.untagged = untagged
        self.seen = 0

    @property
    def required(self):
        """Our own tags must show up; httpd's may or may not."""
        return any(t.startswith("MST") for t in self.tags)

    def matches(self, line, tag):
        if self.untagged:
            return tag is None and bool(self.regex.search(line))
        if tag not in self.tags:
            return False
        if self.regex is None:
            return True
        if self.tag_prefix:
            return bool(self.regex.search(line[line.index(tag + ": ") + len(tag) + 2:]))
        return bool(self.regex.search(line))

    def __repr__(self):
        return "Expectation(%r)" % (self.source,)


def _refuse_any_tag(text, what):
    if ANY_TAG_RE.search(text):
        raise ValueError("%s %r can match a log tag it does not name: name the exact tag "
                         "(MSTnnnnn or AHnnnnn) the scenario logs" % (what, text))


def expectation(item):
    """One Expectation from a declaration (see the module docstring); an
    Expectation is passed through."""
    if isinstance(item, Expectation):
        return item
    if not isinstance(item, str):
        raise TypeError("an expected log line is a tag or a string naming one, not %r"
                        % (item,))
    if TAG_RE.fullmatch(item):
        return Expectation(item, tags=[item])
    m = re.match(r"((?:MST|AH)\d{5}): (.+)\Z", item, re.S)
    if m:
        _refuse_any_tag(m.group(2), "the message of")
        return Expectation(item, tags=[m.group(1)], regex=m.group(2), tag_prefix=True)
    _refuse_any_tag(item, "the pattern")
    tags = TAG_RE.findall(item)
    if not tags:
        raise ValueError("the pattern %r names no log tag: name the exact MSTnnnnn/AHnnnnn "
                         "tag the scenario logs (untagged= for httpd lines without one)"
                         % (item,))
    return Expectation(item, tags=tags, regex=item)


def expectations(*items, tags=(), untagged=()):
    """Expectations from declarations: items (tags, "TAG: regex", regexes
    naming exact tags), tags (exact tags only) and untagged (regexes for
    httpd lines that carry no tag). Raises ValueError for anything that could
    match a tag it does not name."""
    out = [expectation(i) for i in items]
    for t in tags:
        if not isinstance(t, str) or not TAG_RE.fullmatch(t):
            raise ValueError("tags= takes exact tags (MSTnnnnn or AHnnnnn), not %r" % (t,))
        out.append(Expectation(t, tags=[t]))
    for u in untagged:
        _refuse_any_tag(u, "the untagged pattern")
        if TAG_RE.search(u):
            raise ValueError("the untagged pattern %r names a tag: declare the tag instead"
                             % (u,))
        out.append(Expectation(u, regex=u, untagged=True))
    return out


def unmet(expected):
    """A problem for every expectation of an MST tag that matched no line."""
    return ["expected log line never logged: %s" % e.source
            for e in expected if isinstance(e, Expectation) and e.required and not e.seen]


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
        """Unexpected lines since the last scan; advances the scan mark.
        expected and allowed are Expectations or declarations of them; every
        expectation counts the lines it matches, whatever their level."""
        data = self.data(self.checked)
        self.checked += len(data)
        text = data.decode("utf-8", "replace")
        exps = [expectation(e) for e in list(allowed) + list(expected)] + ALWAYS_ALLOWED
        problems = []
        for line in text.splitlines():
            LOG_STATS["lines"] += 1
            tag = line_tag(line)
            hits = [e for e in exps if e.matches(line, tag)]
            for e in hits:
                e.seen += 1
            if CRASH_RE.search(line):
                problems.append("CRASH: " + line)
            elif SEVERE_RE.search(line) and not hits:
                problems.append(line)
        return ["[%s] %s" % (self.name, p) for p in problems]

    def forbidden_strings(self):
        """A problem for every MINTED_MACS string anywhere in the log."""
        text = self.text(0)
        return ["[%s] a token MAC appears in the error log: %s" % (self.name, m)
                for m in MINTED_MACS if m in text]

# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""servlet_backend.py: a proxied backend that maps request paths the way a
servlet container does (Tomcat's CoyoteAdapter, Jetty, Spring on either), for
the tests of path tricks on exempt prefixes (test_path_params.py).

A servlet container maps the path it receives in three steps, in this order:
1. path parameters are removed from every segment: everything from a ';' to
   the end of that segment (`/static/..;/secret` -> `/static/../secret`,
   `/a;jsessionid=1/b` -> `/a/b`). This happens on the still percent-encoded
   path, so an encoded `%3B` is NOT a parameter separator;
2. the path is percent-decoded (`%2e` -> `.`, `%3B` -> `;` as a plain
   character); an encoded slash `%2F` or NUL is refused with 400, as Tomcat
   does by default; with decode_slash (the most permissive container
   settings: Tomcat's encodedSolidusHandling="decode" and ALLOW_BACKSLASH)
   `%2F`, `%5C` and a raw backslash all become a `/`;
3. dot segments are removed (`/static/../secret` -> `/secret`, `.` segments
   dropped, `//` collapsed); a path that climbs above the root is refused
   with 400.

The mapped path is then routed: `/secret` (and below) answers "SECRET",
`/static/...` "STATIC", anything starting with `/login` "LOGIN", the rest
404. Every request is recorded as (raw target, mapped path or None), so a
test can say which requests reached the secret.
"""

import http.server
import threading
import urllib.parse

import mst_harness as H


class Refused(ValueError):
    """The container answers 400 for this path."""


def strip_path_params(raw_path):
    """Step 1: drops ';...' from every segment of the encoded path."""
    return "/".join(seg.split(";", 1)[0] for seg in raw_path.split("/"))


def remove_dot_segments(path):
    """Step 3: RFC 3986 dot-segment removal with '//' collapsed; above the
    root is refused."""
    out = []
    segs = path.split("/")[1:]
    for i, seg in enumerate(segs):
        last = i == len(segs) - 1
        if seg == "..":
            if not out:
                raise Refused("above the root: %r" % path)
            out.pop()
            if last:
                out.append("")
        elif seg == "." or (seg == "" and not last):
            if last:
                out.append("")
        else:
            out.append(seg)
    return "/" + "/".join(out)


def servlet_map(target, decode_slash=False):
    """The path a servlet container maps a request target to (query
    dropped). Raises Refused where the container answers 400."""
    raw = target.split("?", 1)[0]
    if not raw.startswith("/"):
        raise Refused("not an origin-form path: %r" % target)
    stripped = strip_path_params(raw)
    low = stripped.lower()
    if "%00" in low or (("%2f" in low or "%5c" in low) and not decode_slash):
        raise Refused("encoded slash, backslash or NUL: %r" % target)
    decoded = urllib.parse.unquote(stripped, errors="strict")
    if decode_slash:
        decoded = decoded.replace("\\", "/")
    return remove_dot_segments(decoded)


def route(path):
    """(status, body) of a mapped path."""
    if path == "/secret" or path.startswith("/secret/"):
        return 200, "SECRET"
    if path.startswith("/static/"):
        return 200, "STATIC"
    if path.startswith("/login"):
        return 200, "LOGIN"
    return 404, "not found"


class _Handler(http.server.BaseHTTPRequestHandler):
    server_version = "servlet-like"

    def log_message(self, fmt, *args):
        pass

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        try:
            mapped = servlet_map(self.path, self.server.decode_slash)
            status, body = route(mapped)
        except (Refused, UnicodeDecodeError):
            mapped = None
            status, body = 400, "bad request"
        self.server.record(self.path, mapped)
        data = (body + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_HEAD = _answer


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, addr, decode_slash):
        super().__init__(addr, _Handler)
        self.decode_slash = decode_slash
        self.lock = threading.Lock()
        self.seen = []

    def record(self, raw, mapped):
        with self.lock:
            self.seen.append((raw, mapped))


class ServletBackend:
    """A running servlet-like backend on a free loopback port; decode_slash
    as for servlet_map()."""

    def __init__(self, decode_slash=False):
        self.port = H.free_port()
        self.server = _Server(("127.0.0.1", self.port), decode_slash)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def address(self):
        return "127.0.0.1:%d" % self.port

    def seen_since(self, mark):
        """[(raw target, mapped path)] of the requests since mark."""
        with self.server.lock:
            return list(self.server.seen[mark:])

    def mark(self):
        with self.server.lock:
            return len(self.server.seen)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

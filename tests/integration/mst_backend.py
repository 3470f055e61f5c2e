# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""mst_backend.py: Backend, the proxied backend of the integration tests: a
tiny threaded HTTP server in this process (one per test session, see
conftest.py), reached by mod_proxy_http as @BACKEND@, that can start and end
sessions by response headers:

- GET /start?user=NAME[&status=302[&location=/x]]: answers with
  X-Session-Start: NAME (and, with status, as a redirect).
- GET /end: answers with X-Session-End: 1.
- anything else: the request line, headers and body (latin-1) as JSON.
"""

import http.server
import json
import threading
import urllib.parse

from mst_server import free_port

__all__ = ["Backend"]


class _BackendHandler(http.server.BaseHTTPRequestHandler):
    """GET /start?user=NAME[&status=302]: answers with X-Session-Start.
    GET /end: answers with X-Session-End. Anything else: echoes the request
    headers as JSON."""

    server_version = "mst-backend"

    def log_message(self, fmt, *args):
        pass

    def _answer(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        body_in = self.rfile.read(length) if length else b""
        extra = []
        status = 200
        if u.path.endswith("/start"):
            extra.append(("X-Session-Start", q.get("user", [""])[0]))
            if "status" in q:
                status = int(q["status"][0])
                extra.append(("Location", q.get("location", ["/app/page.html"])[0]))
        elif u.path.endswith("/end"):
            extra.append(("X-Session-End", "1"))
        body = json.dumps({"path": self.path, "method": self.command,
                           "headers": [[k, v] for k, v in self.headers.items()],
                           "body": body_in.decode("latin-1")}).encode()
        self.send_response(status)
        for k, v in extra:
            self.send_header(k, v)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_HEAD = _answer


class Backend:
    def __init__(self):
        self.port = free_port()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), _BackendHandler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""mst_client.py: the HTTP client of the integration tests.

- request(): an http.client based client with raw control over headers
  (duplicates allowed, nothing added behind the caller's back, no redirects
  followed); it counts every request in REQUESTS_SENT and waits for the
  server to close the connection, so every log line of a request is written
  before the test looks at the error log.
- KeepAlive: several requests on one persistent connection; send_raw():
  bytes http.client refuses to send, parse_raw_response() for the answer.
- Response (status, headers with repeats, body, the session cookies it sets,
  env.cgi output) and SetCookie (a parsed Set-Cookie value).
- Header sets NAV (a browser navigation), XHR, FETCH, JSON_ACCEPT;
  cookie_hdr(); the Location helpers location_parts(), return_to_of(),
  encode_return(); COOKIE, COOKIE_ATTRS and EXPIRED_COOKIE as SPEC has them.
"""

import http.client
import json
import socket
import urllib.parse

__all__ = ["COOKIE", "COOKIE_ATTRS", "EXPIRED_COOKIE", "SetCookie", "Response", "request",
           "KeepAlive", "send_raw", "parse_raw_response", "cookie_hdr", "NAV", "XHR", "FETCH",
           "JSON_ACCEPT", "location_parts", "return_to_of", "encode_return"]

COOKIE = "session_timeout"
COOKIE_ATTRS = "Path=/; HttpOnly; SameSite=Lax"
EXPIRED_COOKIE = ("session_timeout=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; "
                  "Expires=Thu, 01 Jan 1970 00:00:00 GMT")

# every request sent by request(), printed by conftest at the end of the run
REQUESTS_SENT = 0


class _Conn(http.client.HTTPConnection):
    """Keeps a duplicate of the socket so the caller can wait for the server to
    close the connection (then every log line of the request is written)."""

    raw = None

    def connect(self):
        super().connect()
        self.raw = self.sock.dup()


class SetCookie:
    def __init__(self, raw):
        self.raw = raw
        first, _, rest = raw.partition(";")
        self.name, _, self.value = first.strip().partition("=")
        self.attrs = {}
        self.attr_list = []
        for a in rest.split(";"):
            a = a.strip()
            if not a:
                continue
            k, eq, v = a.partition("=")
            self.attrs[k.strip().lower()] = v.strip() if eq else True
            self.attr_list.append(a)

    @property
    def expired(self):
        return self.attrs.get("max-age") == "0"

    def __repr__(self):
        return "SetCookie(%r)" % self.raw


class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers  # list of (name, value), repeats kept
        self.body = body

    def header(self, name):
        for n, v in self.headers:
            if n.lower() == name.lower():
                return v
        return None

    def header_all(self, name):
        return [v for n, v in self.headers if n.lower() == name.lower()]

    def has_header(self, name):
        return any(n.lower() == name.lower() for n, _ in self.headers)

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def set_cookies(self, name=None):
        cs = [SetCookie(v) for v in self.header_all("Set-Cookie")]
        return [c for c in cs if name is None or c.name == name]

    def session_cookies(self):
        return self.set_cookies(COOKIE)

    def new_token(self):
        """The token of the one non-expired session cookie set, else None."""
        live = [c for c in self.session_cookies() if not c.expired]
        assert len(live) <= 1, "more than one session cookie set: %r" % self.headers
        return live[0].value if live else None

    def env(self):
        """Parses the output of the env.cgi script: NAME=value lines."""
        out = {}
        for line in self.text.splitlines():
            k, eq, v = line.partition("=")
            if eq:
                out[k] = v
        return out

    def __repr__(self):
        return "Response(%d, %r, %r)" % (self.status, self.headers, self.body[:300])


def request(port, method="GET", target="/", headers=(), body=None, host=None, timeout=10,
            cookie=None):
    """Sends one request on a new connection and returns a Response.

    headers is a list of (name, value) sent exactly as given and in order
    (repeat a name to duplicate a header). Host defaults to localhost:PORT.
    cookie, if given, adds "Cookie: session_timeout=<cookie>"."""
    global REQUESTS_SENT
    hdrs = list(headers)
    if cookie is not None:
        hdrs.append(("Cookie", "%s=%s" % (COOKIE, cookie)))
    conn = _Conn("127.0.0.1", port, timeout=timeout)
    try:
        conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        if not any(n.lower() == "host" for n, _ in hdrs):
            conn.putheader("Host", host or "localhost:%d" % port)
        for n, v in hdrs:
            conn.putheader(n, v)
        if body is not None:
            if isinstance(body, str):
                body = body.encode("utf-8")
            if not any(n.lower() == "content-length" for n, _ in hdrs):
                conn.putheader("Content-Length", str(len(body)))
        conn.putheader("Connection", "close")
        REQUESTS_SENT += 1
        conn.endheaders(body)
        resp = conn.getresponse()
        data = resp.read()
        result = Response(resp.status, resp.reason, resp.getheaders(), data)
        raw = conn.raw
        conn.raw = None
        if raw is not None:
            # wait (bounded) for the server to close: the request is logged
            raw.settimeout(5)
            try:
                while raw.recv(65536):
                    pass
            except OSError:
                pass
            finally:
                raw.close()
        return result
    finally:
        if conn.raw is not None:
            conn.raw.close()
        conn.close()


class KeepAlive:
    """Several requests on one persistent connection (as browsers send them),
    for the module's per-connection token cache. Use as a context manager."""

    def __init__(self, port, timeout=10):
        self.port = port
        self.conn = _Conn("127.0.0.1", port, timeout=timeout)

    def get(self, target, headers=(), host=None, cookie=None):
        global REQUESTS_SENT
        hdrs = list(headers)
        if cookie is not None:
            hdrs.append(("Cookie", "%s=%s" % (COOKIE, cookie)))
        self.conn.putrequest("GET", target, skip_host=True, skip_accept_encoding=True)
        self.conn.putheader("Host", host or "localhost:%d" % self.port)
        for n, v in hdrs:
            self.conn.putheader(n, v)
        REQUESTS_SENT += 1
        self.conn.endheaders()
        resp = self.conn.getresponse()
        data = resp.read()
        assert not resp.will_close, "the server closed the keep-alive connection"
        return Response(resp.status, resp.reason, resp.getheaders(), data)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.conn.raw is not None:
            self.conn.raw.close()
        self.conn.close()
        return False


def send_raw(port, data, timeout=10):
    """Sends raw bytes (for request lines http.client refuses) and returns
    what the server answered before closing."""
    global REQUESTS_SENT
    REQUESTS_SENT += 1
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                chunks.append(b)
        except OSError:
            pass
    return b"".join(chunks)


def parse_raw_response(data):
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = []
    for line in lines[1:]:
        n, _, v = line.partition(":")
        headers.append((n.strip(), v.strip()))
    return Response(status, "", headers, body)


def cookie_hdr(*pairs):
    """("Cookie", "a=b; c=d") from (name, value) pairs or bare tokens (ours)."""
    parts = []
    for p in pairs:
        if isinstance(p, tuple):
            parts.append("%s=%s" % p)
        else:
            parts.append("%s=%s" % (COOKIE, p))
    return ("Cookie", "; ".join(parts))


# navigation and scripted request header sets
NAV = [("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
       ("Sec-Fetch-Mode", "navigate")]
XHR = [("Accept", "*/*"), ("X-Requested-With", "XMLHttpRequest")]
FETCH = [("Accept", "*/*"), ("Sec-Fetch-Mode", "cors")]
JSON_ACCEPT = [("Accept", "application/json")]


def location_parts(resp, port):
    """(path, query dict of lists, raw query) of a Location header, which must
    be relative or point at this server."""
    loc = resp.header("Location")
    assert loc is not None, "no Location in %r" % resp
    u = urllib.parse.urlsplit(loc)
    if u.scheme or u.netloc:
        assert u.netloc in ("localhost:%d" % port, "127.0.0.1:%d" % port, "localhost"), loc
    return u.path, urllib.parse.parse_qs(u.query, keep_blank_values=True), u.query


def return_to_of(location, param="return_to"):
    """The raw (still encoded) value and the decoded value of the return
    parameter in a Location; (None, None) if absent."""
    query = urllib.parse.urlsplit(location).query
    raw = None
    for part in query.split("&"):
        k, eq, v = part.partition("=")
        if k == param and eq:
            raw = v
    if raw is None:
        return None, None
    return raw, urllib.parse.unquote(raw)


def encode_return(target):
    """The SPEC encoding of a return target: all but A-Z a-z 0-9 - . _ ~ /."""
    return urllib.parse.quote(target, safe="/-._~")

"""mst_harness.py: what the integration tests need to drive a real httpd.

- Httpd: one Debian apache2 instance with a private ServerRoot in a temp dir,
  a generated config, a free 127.0.0.1 port, started in the foreground in its
  own process group and always stopped (graceful-stop, bounded wait, SIGTERM and SIGKILL of the
  whole group); `configtest()` runs `apache2 -t` on the same tree.
- mint()/parse_token(): a token minter implementing SPEC section 2, so tests
  express time by backdating CREATED and LAST instead of sleeping.
- request(): an http.client based client with raw control over headers
  (duplicates allowed, nothing added behind the caller's back, no redirects
  followed); it counts every request in REQUESTS_SENT and waits for the
  server to close the connection, so every log line of a request is written
  before the test looks at the error log.
- Error-log scanning: crash lines ("exit signal", "Segmentation", AH00052)
  always fail; [warn] and worse fail unless the running test declared them.
- Backend: a tiny threaded HTTP server in this process, proxied to by
  mod_proxy_http, that can start/end sessions by response headers.

Nothing here reads /etc/apache2: the whole config is written by the harness.
"""

import base64
import hashlib
import hmac
import http.client
import http.server
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import threading
import time
import urllib.parse

APACHE2 = os.environ.get("HTTPD") or "/usr/sbin/apache2"
if not os.path.isabs(APACHE2) or not os.access(APACHE2, os.X_OK):
    APACHE2 = shutil.which(APACHE2) or "/usr/sbin/apache2"
if os.path.basename(APACHE2) in ("apxs", "apxs2") or not os.access(APACHE2, os.X_OK):
    APACHE2 = "/usr/sbin/apache2"
MODULE_DIR = os.environ.get("MST_HTTPD_MODULEDIR", "/usr/lib/apache2/modules")
TOP_SRCDIR = os.environ.get("top_srcdir") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
TOP_BUILDDIR = os.environ.get("top_builddir") or TOP_SRCDIR
MODULE_SO = os.path.join(TOP_BUILDDIR, ".libs", "mod_session_timeout.so")
RUN_USER = "www-data"
RUN_GROUP = "www-data"

COOKIE = "session_timeout"
COOKIE_ATTRS = "Path=/; HttpOnly; SameSite=Lax"
EXPIRED_COOKIE = ("session_timeout=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; "
                  "Expires=Thu, 01 Jan 1970 00:00:00 GMT")

# Test keys. Files get a trailing newline, which the module must strip.
KEY1 = b"integration-key-one--0123456789abcdefghijklmnop"
KEY2 = b"integration-key-two--ABCDEFGHIJKLMNOPQRSTUVWXYZ"
KEY3 = b"integration-key-three-zyxwvutsrqponmlkjihgfedcb"
KEY_SHORT = b"0123456789abcdef0123456789abcde"  # 31 bytes: too short
ENV_KEY = b"integration-key-from-environment-0123456789"

# every request sent by request(), printed by conftest at the end of the run
REQUESTS_SENT = 0
# every MAC minted by this process and other strings (cookie values) that
# must never appear in an error log
MINTED_MACS = set()
# servers currently running (the per-test log check walks them)
RUNNING = []
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

# ---------------------------------------------------------------------------
# token minter (SPEC section 2)


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64u_decode(text):
    if "=" in text or not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise ValueError("not base64url without padding: %r" % text)
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def kid_of(secret):
    return hashlib.sha256(secret).digest()[:4].hex()


def mac_of(secret, body):
    return b64u(hmac.new(secret, body.encode("ascii"), hashlib.sha256).digest())


def new_sid():
    return b64u(os.urandom(16))


def mint(secret=KEY1, user="alice", created=None, last=None, sid=None, now=None,
         kid=None, user_raw=None):
    """A v1 token. created/last default to now; pass ints (Unix seconds) or
    use ago() for backdating. kid overrides the key id (to forge unknown KIDs);
    user_raw (bytes) overrides the UTF-8 encoding of user."""
    now = int(time.time()) if now is None else now
    created = now if created is None else created
    last = created if last is None else last
    sid = new_sid() if sid is None else sid
    user_bytes = user_raw if user_raw is not None else user.encode("utf-8")
    body = "v1.%s.%s.%d.%d.%s" % (kid or kid_of(secret), sid, created, last, b64u(user_bytes))
    mac = mac_of(secret, body)
    MINTED_MACS.add(mac)
    return body + "." + mac


def parse_token(token):
    """The fields of a v1 token as a dict; raises ValueError if malformed."""
    parts = token.split(".")
    if len(parts) != 7 or parts[0] != "v1":
        raise ValueError("not a v1 token: %r" % token)
    _, kid, sid, created, last, user, mac = parts
    if not re.fullmatch(r"[0-9a-f]{8}", kid) or len(sid) != 22 or len(mac) != 43:
        raise ValueError("bad field sizes: %r" % token)
    if not re.fullmatch(r"[0-9]{1,12}", created) or not re.fullmatch(r"[0-9]{1,12}", last):
        raise ValueError("bad timestamps: %r" % token)
    b64u_decode(sid)
    return {"kid": kid, "sid": sid, "created": int(created), "last": int(last),
            "user": b64u_decode(user).decode("utf-8"), "mac": mac,
            "body": token.rsplit(".", 1)[0]}


def verifies(token, secret):
    f = parse_token(token)
    return f["kid"] == kid_of(secret) and hmac.compare_digest(f["mac"], mac_of(secret, f["body"]))


def now():
    return int(time.time())


# ---------------------------------------------------------------------------
# HTTP client


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


# ---------------------------------------------------------------------------
# docroot content

ENV_CGI = r"""#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
for v in SESSION_TIMEOUT_USER SESSION_TIMEOUT_ID SESSION_TIMEOUT_EXPIRES_IN \
         SESSION_TIMEOUT_LIMIT SESSION_TIMEOUT_REASON; do
    if eval "[ -n \"\${$v+set}\" ]"; then
        eval "printf '%s=%s\n' $v \"\$$v\""
    else
        printf '%s=<unset>\n' "$v"
    fi
done
printf 'REQUEST_METHOD=%s\n' "$REQUEST_METHOD"
env | grep '^HTTP_' | sort
env | grep -i 'session' | grep -v '^SESSION_TIMEOUT_[A-Z_]*=' | grep -v '^HTTP_' | sed 's/^/OTHER_/'
exit 0
"""

# start.cgi?user=NAME[&status=303&location=/x][&header=Other-Name]: answers with
# the start header; with status, as a redirect (like a login POST would).
START_CGI = r"""#!/usr/bin/python3
import os, sys, urllib.parse
q = urllib.parse.parse_qs(os.environ.get("QUERY_STRING", ""), keep_blank_values=True)
user = q.get("user", [""])[0]
name = q.get("header", ["X-Session-Start"])[0]
out = []
if "status" in q:
    out.append("Status: %s" % q["status"][0])
    out.append("Location: %s" % q.get("location", ["/app/page.html"])[0])
out.append("Content-Type: text/plain")
out.append("%s: %s" % (name, user))
sys.stdout.buffer.write(("\r\n".join(out) + "\r\n\r\nstarted\n").encode("utf-8"))
"""

# redirect.cgi: a local Location with status 200 makes mod_cgi do an
# internal redirect to /app/page.html
REDIRECT_CGI = r"""#!/bin/sh
printf 'Location: /app/page.html\r\n\r\n'
"""

END_CGI = r"""#!/bin/sh
printf 'Content-Type: text/plain\r\nX-Session-End: 1\r\n\r\nbye\n'
"""

HTML = "<!doctype html><title>%s</title><p>%s</p>\n"


def write_docroot(docroot):
    dirs = ["", "app", "login", "poll", "admin", "dir", "errors", "cgi", "api", "short",
            "custom-warn", "members", "reports", "noret"]
    for d in dirs:
        p = os.path.join(docroot, d)
        os.makedirs(p, exist_ok=True)
        os.chmod(p, 0o755)
        files = {"page.html": HTML % (d or "root", "page in /" + d),
                 "env.cgi": ENV_CGI, "start.cgi": START_CGI, "end.cgi": END_CGI,
                 "redirect.cgi": REDIRECT_CGI}
        if d != "dir":
            files["index.html"] = HTML % (d or "root", "index of /" + d)
        for name, content in files.items():
            fp = os.path.join(p, name)
            with open(fp, "w") as f:
                f.write(content)
            os.chmod(fp, 0o755 if name.endswith(".cgi") else 0o644)
    with open(os.path.join(docroot, "dir", "index.html"), "w") as f:
        f.write(HTML % ("dir", "DIRECTORY-INDEX-PAGE"))
    with open(os.path.join(docroot, "errors", "404.html"), "w") as f:
        f.write(HTML % ("not found", "CUSTOM-404-PAGE"))
    for root, ds, fs in os.walk(docroot):
        for d in ds:
            os.chmod(os.path.join(root, d), 0o755)
        for fn in fs:
            fp = os.path.join(root, fn)
            os.chmod(fp, 0o755 if fn.endswith(".cgi") else 0o644)


MIME_TYPES = """text/html html htm
text/plain txt
text/css css
application/json json
application/javascript js
"""

# ---------------------------------------------------------------------------
# ports and the proxied backend


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
        if length:
            self.rfile.read(length)
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
                           "headers": [[k, v] for k, v in self.headers.items()]}).encode()
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


# ---------------------------------------------------------------------------
# httpd


_BUILTIN = None


def builtin_modules():
    global _BUILTIN
    if _BUILTIN is None:
        out = subprocess.run([APACHE2, "-l"], capture_output=True, text=True, timeout=10).stdout
        _BUILTIN = set(re.findall(r"^\s*(mod_\w+)\.c\s*$", out, re.M))
    return _BUILTIN


BASE_MODULES = ["authz_core", "mime", "dir", "alias", "cgi", "headers", "env", "setenvif",
                "proxy", "proxy_http", "log_config"]

BASE_CONF = """\
# generated by tests/integration/mst_harness.py
ServerRoot "@ROOT@"
ServerName localhost
Listen 127.0.0.1:@PORT@
PidFile "@ROOT@/logs/httpd.pid"
ErrorLog "@ROOT@/logs/error_log"
ScoreBoardFile "@ROOT@/logs/apache_runtime_status"
Mutex file:@ROOT@/run default
DefaultRuntimeDir "@ROOT@/run"
@LOADMODULES@
User @USER@
Group @GROUP@
LogLevel @LOGLEVEL@
LogFormat "%h \\"%r\\" %>s user=%{SESSION_TIMEOUT_USER}e sid=%{SESSION_TIMEOUT_ID}e reason=%{SESSION_TIMEOUT_REASON}e" mst
CustomLog "@ROOT@/logs/access_log" mst
TypesConfig "@ROOT@/conf/mime.types"
Timeout 15
KeepAlive On
<IfModule mpm_event_module>
    StartServers 2
    ServerLimit 4
    ThreadsPerChild 10
    MinSpareThreads 10
    MaxSpareThreads 30
    MaxRequestWorkers 40
</IfModule>
<IfModule mpm_prefork_module>
    StartServers 2
    MinSpareServers 2
    MaxSpareServers 4
    ServerLimit 10
    MaxRequestWorkers 10
</IfModule>
DocumentRoot "@DOCROOT@"
<Directory />
    Options None
    AllowOverride None
    Require all denied
</Directory>
<Directory "@DOCROOT@">
    Options +ExecCGI
    AllowOverride None
    AddHandler cgi-script .cgi
    DirectoryIndex index.html
    Require all granted
</Directory>
# makes the reason visible from the outside, also on redirects and 401s
Header always set X-Test-Reason "%{SESSION_TIMEOUT_REASON}e" env=SESSION_TIMEOUT_REASON
"""


class Httpd:
    """One apache2 instance. body is appended to the base config; @ROOT@,
    @DOCROOT@, @PORT@, @BACKEND@ (host:port of the proxied backend) and
    @KEY1@.. @KEY3@, @KEYSHORT@ (secret file paths) are substituted."""

    def __init__(self, body, mpm="event", name="httpd", env=None, backend_port=None,
                 load_module=True, allowed=()):
        self.mpm = mpm
        self.name = name
        self.body = body
        self.extra_env = dict(env or {})
        self.backend_port = backend_port
        self.load_module = load_module
        self.allowed = [re.compile(p) for p in allowed]
        self.root = tempfile.mkdtemp(prefix="mst-it-%s-" % re.sub(r"\W", "_", name)[:40])
        self.port = free_port()
        self.proc = None
        self.checked = 0
        self.docroot = os.path.join(self.root, "htdocs")
        self.conf = os.path.join(self.root, "conf", "httpd.conf")
        self.log_path = os.path.join(self.root, "logs", "error_log")
        self.access_log = os.path.join(self.root, "logs", "access_log")
        self.keys = {}
        self._setup_tree()

    # -- files

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def _setup_tree(self):
        os.chmod(self.root, 0o755)
        for d in ("conf", "logs", "run", "keys", "htdocs"):
            os.makedirs(self.path(d), exist_ok=True)
            os.chmod(self.path(d), 0o755)
        os.chmod(self.path("keys"), 0o700)
        with open(self.path("conf", "mime.types"), "w") as f:
            f.write(MIME_TYPES)
        for name, secret in (("KEY1", KEY1), ("KEY2", KEY2), ("KEY3", KEY3),
                             ("KEYSHORT", KEY_SHORT)):
            fp = self.path("keys", name.lower())
            with open(fp, "wb") as f:
                f.write(secret + b"\n")
            os.chmod(fp, 0o600)
            self.keys[name] = fp
        write_docroot(self.docroot)
        self.write_conf(self.body)

    def substitute(self, text):
        subs = {"@ROOT@": self.root, "@DOCROOT@": self.docroot, "@PORT@": str(self.port),
                "@USER@": RUN_USER, "@GROUP@": RUN_GROUP, "@MODULE@": MODULE_SO,
                "@BACKEND@": "127.0.0.1:%s" % self.backend_port}
        for k, v in self.keys.items():
            subs["@%s@" % k] = v
        for k, v in subs.items():
            text = text.replace(k, v)
        return text

    def load_lines(self):
        mods = ["mpm_" + self.mpm] + BASE_MODULES
        out = []
        for m in mods:
            if "mod_%s" % m in builtin_modules():
                continue
            out.append("LoadModule %s_module %s/mod_%s.so" % (m, MODULE_DIR, m))
        if self.load_module:
            out.append('LoadModule session_timeout_module "%s"' % MODULE_SO)
        return "\n".join(out)

    def write_conf(self, body):
        self.body = body
        text = BASE_CONF.replace("@LOADMODULES@", self.load_lines()).replace(
            "@LOGLEVEL@", "info session_timeout:debug" if self.load_module else "info")
        text += "\n" + body + "\n"
        with open(self.conf, "w") as f:
            f.write(self.substitute(text))

    def environ(self):
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "LC_ALL": "C",
               "MST_TEST_ENV_SECRET": ENV_KEY.decode()}
        env.update(self.extra_env)
        return env

    # -- running

    def configtest(self):
        """Runs apache2 -t on this tree: (exit code, stdout+stderr)."""
        p = subprocess.run([APACHE2, "-d", self.root, "-f", self.conf, "-t"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           env=self.environ(), timeout=30)
        return p.returncode, p.stdout.decode("utf-8", "replace")

    def start(self, timeout=10):
        """Starts apache2 in the foreground in its own process group and waits
        (bounded) until the port accepts connections."""
        assert self.proc is None
        self.out = open(self.path("logs", "stdout_stderr"), "wb")
        self.proc = subprocess.Popen(
            [APACHE2, "-d", self.root, "-f", self.conf, "-DFOREGROUND"],
            stdin=subprocess.DEVNULL, stdout=self.out, stderr=subprocess.STDOUT,
            env=self.environ(), start_new_session=True)
        RUNNING.append(self)
        LOG_STATS["servers"] += 1
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    pass
            except OSError:
                time.sleep(0.05)
                continue
            # the listener accepts before startup has finished logging: wait
            # for the MPM's "resuming normal operations" (event AH00489,
            # prefork AH00163), which follows every post_config line
            if self._started_logging():
                return self
            time.sleep(0.05)
        rc = self.proc.poll()
        output = self.startup_output()
        self.stop(check=False)
        raise RuntimeError("apache2 (%s) did not come up (rc=%r):\n%s" % (self.name, rc, output))

    def _started_logging(self):
        try:
            with open(self.log_path, "rb") as f:
                text = f.read()
        except OSError:
            return False
        return b"AH00489" in text or b"AH00163" in text

    def startup_output(self):
        out = ""
        for p in (self.path("logs", "stdout_stderr"), self.log_path):
            if os.path.exists(p):
                with open(p, "rb") as f:
                    out += "--- %s\n%s" % (p, f.read().decode("utf-8", "replace")[-4000:])
        return out

    @property
    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, check=True):
        """Stops the server and its children (bounded), then scans the rest of
        its error log. Returns the list of unexpected lines."""
        problems = []
        if self.proc is not None:
            pgid = self.proc.pid
            # A graceful stop (what `apachectl graceful-stop` sends), to the
            # parent only: a SIGTERM to the whole group makes every child
            # run mpm_event's forced shutdown, whose close_worker_sockets()
            # races with workers freeing their connection pools and now and
            # then kills a child with SIGSEGV (AH00052) in httpd's own code,
            # no module on the stack. SIGTERM stays the fallback.
            try:
                os.kill(pgid, signal.SIGWINCH)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(pgid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                try:
                    self.proc.wait(10)
                except subprocess.TimeoutExpired:
                    pass
            # anything left of the group (children, CGIs) is killed
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                try:
                    os.killpg(pgid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.05)
            else:
                try:
                    os.killpg(pgid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
            self.proc = None
            self.out.close()
        if self in RUNNING:
            RUNNING.remove(self)
        if check:
            problems = self.scan_log(CURRENT_EXPECTED)
            problems += self.minted_macs_in_log()
        return problems

    def cleanup(self):
        if os.environ.get("MST_KEEP_TMP"):
            return
        shutil.rmtree(self.root, ignore_errors=True)

    def request(self, method="GET", target="/", headers=(), **kw):
        return request(self.port, method, target, headers, **kw)

    def get(self, target="/", headers=(), **kw):
        return request(self.port, "GET", target, headers, **kw)

    def post(self, target="/", headers=(), body="a=1", **kw):
        hdrs = list(headers)
        if not any(n.lower() == "content-type" for n, _ in hdrs):
            hdrs.append(("Content-Type", "application/x-www-form-urlencoded"))
        return request(self.port, "POST", target, hdrs, body=body, **kw)

    # -- error log

    def _log_bytes(self, start=0):
        try:
            with open(self.log_path, "rb") as f:
                f.seek(start)
                return f.read()
        except FileNotFoundError:
            return b""

    def log_text(self, start=0):
        return self._log_bytes(start).decode("utf-8", "replace")

    def mark(self):
        try:
            return os.path.getsize(self.log_path)
        except FileNotFoundError:
            return 0

    def log_lines(self, since=0):
        return self.log_text(since).splitlines()

    def last_access(self):
        """The access log line of the last request (requests are sequential
        and request() waits for the connection to close)."""
        with open(self.access_log) as f:
            lines = f.read().splitlines()
        return lines[-1] if lines else ""

    def mst_lines(self, since=0, level=None):
        """Our module's log lines since a mark, optionally of one level."""
        out = []
        for line in self.log_lines(since):
            m = re.search(r"\[session_timeout:(\w+)\]", line)
            if m and (level is None or m.group(1) == level):
                out.append(line)
        return out

    def scan_log(self, expected=()):
        """Unexpected lines since the last scan; advances the scan mark."""
        data = self._log_bytes(self.checked)
        self.checked += len(data)
        text = data.decode("utf-8", "replace")
        pats = list(self.allowed) + [re.compile(p) if isinstance(p, str) else p
                                     for p in expected] + ALWAYS_ALLOWED
        problems = []
        for line in text.splitlines():
            LOG_STATS["lines"] += 1
            if CRASH_RE.search(line):
                problems.append("CRASH: " + line)
            elif SEVERE_RE.search(line) and not any(p.search(line) for p in pats):
                problems.append(line)
        return ["[%s] %s" % (self.name, p) for p in problems]

    def minted_macs_in_log(self):
        text = self.log_text(0)
        return ["[%s] a token MAC appears in the error log: %s" % (self.name, m)
                for m in MINTED_MACS if m in text]


class running:
    """Context manager: a started Httpd, stopped (and its log checked) on exit.
    Raises AssertionError at exit if the error log had unexpected lines."""

    def __init__(self, body, **kw):
        self.server = Httpd(body, **kw)

    def __enter__(self):
        try:
            self.server.start()
        except BaseException:
            self.server.cleanup()
            raise
        return self.server

    def __exit__(self, etype, evalue, tb):
        problems = self.server.stop()
        if problems:
            keep = self.server.root
        else:
            self.server.cleanup()
        if problems and etype is None:
            raise AssertionError("unexpected error-log lines (tree kept in %s):\n%s"
                                 % (keep, "\n".join(problems)))
        return False


def forbid_in_log(text):
    """text (a MAC or a cookie value) must never appear in an error log."""
    MINTED_MACS.add(text)


# ---------------------------------------------------------------------------
# assertions shared by the test modules


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
                    clear=()):
    """A re-authentication redirect: status, Location = login + param=<target
    percent-encoded>, reason in SESSION_TIMEOUT_REASON (X-Test-Reason),
    cookies cleared unless missing, Cache-Control: no-store."""
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
    if reason == "missing":
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


def assert_reject_logged(server, mark, reason, sid=None, user=None):
    """Exactly one INFO line of our module about this rejection, tagged
    MSTnnnnn, naming the reason (and the SID and user when known)."""
    lines = [l for l in server.mst_lines(mark, level="info") if reason in l]
    assert len(lines) == 1, "expected one [session_timeout:info] line with %r, got:\n%s" % (
        reason, "\n".join(server.log_lines(mark)))
    line = lines[0]
    assert re.search(r"MST\d{5}: ", line), line
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

# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""test_hostile.py: hostile input against the running module (issue 7 item 3).

What an attacker controls, sent to a real httpd with the module:
- a table of malformed or crafted session cookies (bit flips in every field,
  fields swapped between valid tokens, the KID of another key, huge and
  negative-looking numbers, NUL/CR/LF percent-encoded and raw, 8 KB headers,
  100 cookies of our name, unicode, padding, spaces, quotes), each sent to a
  static page, a CGI and a mod_proxy backend: the protected resource is never
  served, SESSION_TIMEOUT_USER never reaches a backend, no session cookie is
  issued;
- open-redirect payloads in the request target (also absolute-form and raw
  control characters over a socket), in the Referer of a POST and in the
  logout handler's return_to: every Location is this site's login URL or a
  local path that decodes (once) to a single leading '/';
- user names in the start header with CR/LF, NUL and other control
  characters, from a CGI and from a proxied backend that writes raw header
  bytes: no session with a bogus name, no start header reaches the client;
- the start/end headers and our variable names sent by the client: nothing.
Every case also checks that no httpd child crashed (no "exit signal" or
"Segmentation" in the error log) and that the server still answers; the
conftest guard additionally fails on any unexpected [warn] or worse line.
"""
import re
import socket
import threading
import time
import urllib.parse

import pytest

import mst_harness as H
from mst_harness import KEY1, KEY2, KEY3, mint, now

CONF = """
SessionTimeout On
SessionTimeoutSecret file:@KEY1@
SessionTimeoutSecret file:@KEY2@
SessionTimeoutLifetime 8h
SessionTimeoutInactivity 30m
SessionTimeoutLoginURL /login/
SessionTimeoutClearCookie PHPSESSID
<Location /login/>
    SessionTimeout Off
    SessionTimeoutStartHeader X-Session-Start
    SessionTimeoutEndHeader X-Session-End
</Location>
<Location /logout>
    SetHandler session-timeout-logout
</Location>
<Location /session/status>
    SetHandler session-timeout-status
</Location>
# the raw backend: protected behind the module, and an unenforced route
# that lets it start sessions with arbitrary header bytes
ProxyPass /proxied/ http://127.0.0.1:@RAWPORT@/protected/
ProxyPass /login/raw/ http://127.0.0.1:@RAWPORT@/raw/
"""

STATIC = "/app/page.html"
STATIC_MARK = "page in /app"
CGI = "/app/env.cgi"
PROXIED = "/proxied/page"
BACKEND_MARK = "BACKEND-PROTECTED-CONTENT"
# what no rejected request may ever contain
PROTECTED_MARKS = (STATIC_MARK, "SESSION_TIMEOUT_USER=", BACKEND_MARK)

# ---------------------------------------------------------------------------
# a proxied backend that writes raw bytes


class RawBackend:
    """A loopback HTTP/1.1 server speaking raw bytes, for mod_proxy_http.

    GET /raw/start?h=<percent-encoded bytes>: answers 200 with the header
    line "X-Session-Start: <bytes>" written exactly as decoded (CR, LF, NUL
    and other bytes included). GET /raw/end: answers with X-Session-End.
    Anything else: 200 with BACKEND_MARK. Every request target is recorded
    in hits, so a test can show the backend was never reached."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn):
        try:
            conn.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data and len(data) < 65536:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            line = data.split(b"\r\n", 1)[0].decode("latin-1")
            parts = line.split(" ")
            target = parts[1] if len(parts) > 1 else "/"
            with self.lock:
                self.hits.append(target)
            path, _, query = target.partition("?")
            extra = b""
            body = b"ok\n"
            if path.startswith("/raw/start"):
                value = b""
                for kv in query.split("&"):
                    k, _, v = kv.partition("=")
                    if k == "h":
                        value = urllib.parse.unquote_to_bytes(v)
                extra = b"X-Session-Start: " + value + b"\r\n"
                body = b"started\n"
            elif path.startswith("/raw/end"):
                extra = b"X-Session-End: 1\r\n"
            else:
                body = ("%s path=%s\n" % (BACKEND_MARK, target)).encode()
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + extra
                         + b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
        except OSError:
            pass
        finally:
            conn.close()

    def protected_hits(self):
        with self.lock:
            return [h for h in self.hits if h.startswith("/protected/")]

    def stop(self):
        self.stopping.set()
        self.thread.join(5)
        self.sock.close()


@pytest.fixture(scope="module")
def raw_backend():
    b = RawBackend()
    yield b
    b.stop()


@pytest.fixture(scope="module")
def srv(httpd_factory, raw_backend):
    return httpd_factory(CONF.replace("@RAWPORT@", str(raw_backend.port)))


# ---------------------------------------------------------------------------
# helpers

SAFE_RE = re.compile(r"^/(?![/\\])[\x21-\x7e]*$")


def good(secret=KEY1, **kw):
    t = now()
    kw.setdefault("created", t - 100)
    kw.setdefault("last", t - 10)
    return mint(secret, **kw)


def fields(tok):
    return tok.split(".")


def resign(body, secret=KEY1):
    """body + "." + its correct MAC: only the content of body is wrong."""
    mac = H.mac_of(secret, body)
    H.forbid_in_log(mac)
    return body + "." + mac


def with_field(i, value, secret=KEY1, resigned=True, tok=None):
    f = fields(tok or good(secret))
    f[i] = value
    if resigned and i < 6:
        return resign(".".join(f[:6]), secret)
    return ".".join(f)


def assert_healthy(srv, mark):
    """No child crashed since mark and the server still answers."""
    crashes = [l for l in srv.log_lines(mark) if H.CRASH_RE.search(l)]
    assert crashes == [], crashes
    assert srv.alive, "apache2 parent is gone"
    r = srv.get("/login/page.html")
    assert r.status == 200, r


def assert_not_served(resp, target, statuses=(302,), reasons=("invalid",), scripted=False):
    """The protected resource was not served: an allowed status, our login
    redirect or 401, none of the protected content, no session issued."""
    assert resp.status in statuses, resp
    for m in PROTECTED_MARKS:
        assert m not in resp.text, (m, resp)
    assert resp.new_token() is None, "a session cookie was issued: %r" % resp
    if resp.status == 400:
        return  # refused by httpd before any module ran
    if scripted:
        # the JSON body names the reason (SPEC section 4 step 5)
        assert resp.status == 401, resp
        body = resp.json()
        assert body["error"] in ("session_expired", "login_required"), resp
        reason = body["reason"]
    else:
        reason = resp.header("X-Test-Reason")
    assert reason in reasons, resp
    assert H.no_store(resp), resp
    if reason != "missing":
        assert [c.raw for c in resp.session_cookies()] == [H.EXPIRED_COOKIE], resp
    if resp.status == 302:
        raw, dec = H.return_to_of(resp.header("Location"))
        assert urllib.parse.urlsplit(resp.header("Location")).path == "/login/", resp
        assert dec == target, (dec, target)


def cookie_line(value, extra="; PHPSESSID=p1"):
    """A Cookie header carrying value as ours (str or bytes)."""
    if isinstance(value, bytes):
        return ("Cookie", b"session_timeout=" + value + extra.encode())
    return ("Cookie", "session_timeout=" + value + extra)


# ---------------------------------------------------------------------------
# the cookie table

FIELD_NAMES = ["version", "kid", "sid", "created", "last", "user", "mac"]
# each case: a function returning a dict with "header" (the Cookie header
# field, str or bytes), optionally "reasons" (default invalid) and
# "statuses" (default 302 for page loads)
COOKIE_CASES = {}


def case(name, **opts):
    def deco(fn):
        assert name not in COOKIE_CASES, name
        COOKIE_CASES[name] = (fn, opts)
        return fn
    return deco


def add_value_case(name, make_value, **opts):
    """A case whose Cookie header is session_timeout=<value>; PHPSESSID=p1."""
    COOKIE_CASES[name] = (lambda: cookie_line(make_value()), opts)


def flip_options(c):
    """Up to two single-bit flips of character c that stay printable,
    are not ';' (which would end the cookie) and differ from c."""
    out = []
    for bit in (0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40):
        n = chr(ord(c) ^ bit)
        if 0x21 <= ord(n) <= 0x7e and n not in ";" and n != c:
            out.append((bit, n))
        if len(out) == 2:
            break
    return out


def make_flip(i, pos, bit):
    def build():
        f = fields(good(user="flipper"))
        s = f[i]
        p = pos if pos >= 0 else len(s) + pos
        f[i] = s[:p] + chr(ord(s[p]) ^ bit) + s[p + 1:]
        return ".".join(f)
    return build


# bit flips: first, middle and last character of every field, two bits each
_probe = fields(good(user="flipper"))
for _i, _fname in enumerate(FIELD_NAMES):
    for _label, _pos in (("first", 0), ("mid", len(_probe[_i]) // 2), ("last", -1)):
        if _fname == "version" and _label == "mid":
            continue
        _ch = _probe[_i][_pos]
        for _bit, _ in flip_options(_ch):
            add_value_case("bitflip-%s-%s-0x%02x" % (_fname, _label, _bit),
                           make_flip(_i, _pos, _bit))

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def noncanonical_tail(text):
    """text with the lowest bit of its last base64url character flipped:
    for fields whose last character carries padding bits this decodes to
    the same bytes in a lax decoder (and must be refused by a strict one)."""
    v = _B64.index(text[-1])
    return text[:-1] + _B64[v ^ 1]


add_value_case("noncanonical-mac-tail",
               lambda: ".".join(fields(good())[:6] + [noncanonical_tail(fields(good())[6])]))
add_value_case("noncanonical-sid-tail-resigned",
               lambda: with_field(2, noncanonical_tail(H.new_sid())))
add_value_case("noncanonical-user-tail-resigned",
               lambda: with_field(5, noncanonical_tail(H.b64u(b"alice"))))


def swap(i, other_secret, other_user):
    def build():
        t = now()
        a = fields(mint(KEY1, user="alice", created=t - 100, last=t - 10))
        b = fields(mint(other_secret, user=other_user, created=t - 200, last=t - 20))
        a[i] = b[i]
        return ".".join(a)
    return build


# fields swapped between two valid tokens of the same key and of two keys
for _i in range(1, 7):
    if _i != 1:  # the KID of two tokens of one key is the same
        add_value_case("swap-%s-same-key" % FIELD_NAMES[_i], swap(_i, KEY1, "bob"))
    add_value_case("swap-%s-other-key" % FIELD_NAMES[_i], swap(_i, KEY2, "carol"))

# key ids of other keys
add_value_case("kid-key2-mac-key1",
               lambda: with_field(1, H.kid_of(KEY2), resigned=False))
add_value_case("kid-key2-resigned-key1", lambda: with_field(1, H.kid_of(KEY2)))
add_value_case("kid-key1-resigned-key3", lambda: with_field(1, H.kid_of(KEY1), secret=KEY3))
add_value_case("token-of-unknown-key3", lambda: good(KEY3))
add_value_case("kid-zero", lambda: with_field(1, "00000000"))
add_value_case("kid-9-chars", lambda: with_field(1, H.kid_of(KEY1) + "0"))

# numbers: huge, 13+ digits, wrapped, negative-looking, other notations
add_value_case("created-last-max-12-digits",
               lambda: with_field(4, "999999999999", tok=with_field(3, "999999999999")))
add_value_case("created-13-digits", lambda: with_field(3, "1" + "0" * 12))
add_value_case("created-2pow63", lambda: with_field(3, "9223372036854775808"))
add_value_case("created-2pow64-plus-1", lambda: with_field(3, "18446744073709551617"))
add_value_case("last-40-digits", lambda: with_field(4, "9" * 40))
add_value_case("created-32bit-wrap-of-now",
               lambda: good(created=now() - 100 + 2 ** 32, last=now() - 100 + 2 ** 32))
add_value_case("created-minus-1", lambda: with_field(3, "-1"))
add_value_case("last-minus-0", lambda: with_field(4, "-0"))
add_value_case("created-plus-sign", lambda: with_field(3, "+%d" % (now() - 100)))
add_value_case("created-hex", lambda: with_field(3, "0x%x" % (now() - 100)))
add_value_case("created-exponent", lambda: with_field(3, "1.7e9"))
add_value_case("created-underscores", lambda: with_field(3, "1_700_000_000"))
add_value_case("created-leading-space", lambda: with_field(3, " %d" % (now() - 100)))
# valid MAC, both limits passed long ago: the one passed first is reported
add_value_case("created-zero-epoch", lambda: good(created=0, last=0), reasons=("inactivity",))

# NUL, CR, LF percent-encoded, and as bytes inside a correctly signed user
add_value_case("pct-nul-in-user", lambda: with_field(5, "YWxp%00Y2U", resigned=False))
add_value_case("pct-nul-in-mac", lambda: good()[:-3] + "%00")
add_value_case("pct-crlf-in-mac", lambda: good()[:-6] + "%0d%0a")
add_value_case("pct-crlf-set-cookie", lambda: good() + "%0D%0ASet-Cookie:%20session_timeout=x")
add_value_case("pct-encoded-dots", lambda: good().replace(".", "%2E"))
add_value_case("user-crlf-signed", lambda: with_field(5, H.b64u(b"admin\r\nX-Evil: 1")))
add_value_case("user-nul-signed", lambda: with_field(5, H.b64u(b"admin\x00root")))
add_value_case("user-esc-signed", lambda: with_field(5, H.b64u(b"admin\x1b[31m")))
add_value_case("user-c1-control-signed", lambda: with_field(5, H.b64u("admin\u0085".encode())))

# padding
add_value_case("sid-padded", lambda: with_field(2, H.new_sid() + "=="))
add_value_case("user-padded", lambda: with_field(5, H.b64u(b"alice") + "="))
add_value_case("mac-padded", lambda: good() + "=")
add_value_case("whole-token-padded", lambda: good() + "==")
add_value_case("std-alphabet-mac", lambda: std_alphabet_token())


def std_alphabet_token():
    """A token whose MAC has '-' or '_', rewritten in the standard base64
    alphabet ('+', '/'), which base64url decoders must refuse."""
    for _ in range(1000):
        tok = good()
        mac = fields(tok)[6]
        if "-" in mac or "_" in mac:
            return tok.rsplit(".", 1)[0] + "." + mac.replace("-", "+").replace("_", "/")
    raise AssertionError("no MAC with - or _ in 1000 tokens")


# spaces and quotes
add_value_case("tampered-with-outer-spaces", lambda: "  " + make_flip(6, 0, 0x01)() + "  ")
add_value_case("space-inside-mac", lambda: good()[:-10] + " " + good()[-10:])
add_value_case("tab-inside", lambda: good().replace(".", ".\t", 1))
add_value_case("dot-space-dot", lambda: good().replace(".", " . ", 1))
add_value_case("double-quoted", lambda: '"%s"' % good())
add_value_case("single-quoted", lambda: "'%s'" % good())
add_value_case("trailing-quote", lambda: good() + '"')
add_value_case("backslash-escaped-dots", lambda: good().replace(".", "\\."))

# other shapes
add_value_case("two-tokens-concatenated", lambda: good() + good())
add_value_case("two-tokens-dotted", lambda: good() + "." + good())
add_value_case("empty-fields", lambda: "v1......")
add_value_case("version-only", lambda: "v1")
add_value_case("comma-joined-with-valid", lambda: make_flip(6, 0, 0x01)() + "," + good())

# unicode (as UTF-8 bytes on the wire)
COOKIE_CASES["unicode-user-field"] = (
    lambda: cookie_line(with_field(5, "алиса", resigned=False).encode("utf-8")),
    {"statuses": (302, 400)})
COOKIE_CASES["unicode-fullwidth-digits"] = (
    lambda: cookie_line(with_field(3, "１７００００００００", resigned=False).encode("utf-8")),
    {"statuses": (302, 400)})
COOKIE_CASES["unicode-cyrillic-version"] = (
    lambda: cookie_line(("ѵ1" + good()[2:]).encode("utf-8")), {"statuses": (302, 400)})
COOKIE_CASES["unicode-zero-width-space"] = (
    lambda: cookie_line(good().replace(".", ".\u200b", 1).encode("utf-8")),
    {"statuses": (302, 400)})
COOKIE_CASES["unicode-rtl-override"] = (
    lambda: cookie_line(("\u202e" + good()).encode("utf-8")), {"statuses": (302, 400)})
COOKIE_CASES["latin1-bytes"] = (
    lambda: cookie_line(good()[:-1].encode() + b"\xe9"), {"statuses": (302, 400)})


# whole Cookie headers: names, sizes, repetitions
@case("name-uppercase", reasons=("missing",))
def _name_uppercase():
    return ("Cookie", "SESSION_TIMEOUT=%s" % good())


@case("name-with-prefix", reasons=("missing",))
def _name_prefix():
    return ("Cookie", "__Host-session_timeout=%s; session_timeoutx=%s" % (good(), good()))


@case("name-percent-encoded", reasons=("missing",))
def _name_pct():
    return ("Cookie", "session%5Ftimeout=" + good())


@case("value-after-semicolon-is-not-ours")
def _after_semicolon():
    return ("Cookie", "session_timeout=%s;%s" % (make_flip(6, 0, 0x01)(), good()))


@case("8kb-header-tampered-token")
def _8kb_tampered():
    pad = "; ".join("pad%03d=%s" % (i, "x" * 70) for i in range(100))
    return ("Cookie", pad + "; session_timeout=" + make_flip(6, -1, 0x01)())


@case("8kb-value")
def _8kb_value():
    return ("Cookie", "session_timeout=v1." + "A" * 8000)


@case("over-8kb-header", statuses=(400,))
def _over_8kb():
    return ("Cookie", "session_timeout=" + good() + "; pad=" + "y" * 9000)


@case("100-short-bad-cookies-of-our-name")
def _100_short():
    # 100 values in one header line below httpd's 8190-byte field limit
    vals = [make_flip(6, i % 40, 0x01)()[:60] for i in range(100)]
    return ("Cookie", "; ".join("session_timeout=" + v for v in vals))


@case("100-tampered-tokens-over-httpd-limit", statuses=(400,))
def _100_tampered():
    # 100 full tokens are ~12.5 KB: httpd refuses the field (400) itself
    return ("Cookie", "; ".join("session_timeout=" + make_flip(6, i % 40, 0x01)()
                                for i in range(100)))


@case("100-tampered-tokens-in-four-header-lines", statuses=(400,), multi=True)
def _100_tampered_lines():
    # httpd merges repeated fields and limits the merged one as well
    vals = ["session_timeout=" + make_flip(6, i % 40, 0x01)() for i in range(100)]
    return [("Cookie", "; ".join(vals[i:i + 25])) for i in range(0, 100, 25)]


@case("60-tampered-full-tokens-of-our-name")
def _60_tampered():
    return ("Cookie", "; ".join("session_timeout=" + make_flip(6, i % 40, 0x01)()
                                for i in range(60)))


@case("60-unknown-key-tokens-of-our-name")
def _60_unknown():
    return ("Cookie", "; ".join("session_timeout=" + good(KEY3) for _ in range(60)))


@case("100-empty-cookies-of-our-name", reasons=("missing",))
def _100_empty():
    return ("Cookie", "; ".join(["session_timeout="] * 100))


@case("100-garbage-then-expired", reasons=("inactivity",))
def _100_then_expired():
    t = now()
    vals = ["garbage%d" % i for i in range(99)] + [good(created=t - 7200, last=t - 3600)]
    return ("Cookie", "; ".join("session_timeout=" + v for v in vals))


@pytest.mark.parametrize("name", list(COOKIE_CASES))
def test_hostile_cookie_never_reaches_protected(srv, raw_backend, name):
    build, opts = COOKIE_CASES[name]
    statuses = opts.get("statuses", (302,))
    reasons = opts.get("reasons", ("invalid",))
    header = build()
    headers = header if opts.get("multi") else [header]
    mark = srv.mark()
    hits = len(raw_backend.protected_hits())
    for target in (STATIC, CGI, PROXIED):
        r = srv.get(target, H.NAV + headers)
        assert_not_served(r, target, statuses, reasons)
    r = srv.get(STATIC, H.XHR + headers)
    assert_not_served(r, STATIC, tuple(s if s != 302 else 401 for s in statuses), reasons,
                      scripted=400 not in statuses or r.status != 400)
    # the backend behind mod_proxy never saw any of these requests
    assert len(raw_backend.protected_hits()) == hits
    # where SessionTimeout is Off the cookie gives nothing either
    r = srv.get("/login/env.cgi", headers)
    if r.status == 200:
        env = r.env()
        assert env["SESSION_TIMEOUT_USER"] == "<unset>", env
        assert env["SESSION_TIMEOUT_ID"] == "<unset>", env
    else:
        assert r.status in statuses and 400 in statuses, r
    assert_healthy(srv, mark)


def test_cookie_table_is_large_enough():
    assert len(COOKIE_CASES) >= 50, len(COOKIE_CASES)


def test_controls_valid_tokens_pass(srv, raw_backend):
    """The generators above produce valid tokens when not tampered with."""
    tok = good(user="flipper")
    for target, mark in ((STATIC, STATIC_MARK), (CGI, "SESSION_TIMEOUT_USER=flipper"),
                         (PROXIED, BACKEND_MARK)):
        r = srv.get(target, H.NAV, cookie=tok)
        assert r.status == 200 and mark in r.text, r
    assert srv.get(STATIC, cookie=good(KEY2)).status == 200
    # whitespace around a value is not part of it (RFC 6265 parsing)
    assert srv.get(STATIC, [("Cookie", "session_timeout=  %s  " % tok)]).status == 200
    # a valid token after 7.5 KB of other cookies and after 99 bad ones
    pad = "; ".join("pad%03d=%s" % (i, "x" * 70) for i in range(95))
    assert srv.get(STATIC, [("Cookie", pad + "; session_timeout=" + tok)]).status == 200
    bad = "; ".join("session_timeout=junk%d" % i for i in range(99))
    assert srv.get(STATIC, [("Cookie", bad + "; session_timeout=" + tok)]).status == 200


# ---------------------------------------------------------------------------
# raw requests: bytes http.client refuses to send


def raw_get(port, target, cookie_bytes, extra=b""):
    return (b"GET " + target.encode() + b" HTTP/1.1\r\nHost: localhost:%d\r\n" % port
            + b"Cookie: " + cookie_bytes + b"\r\n" + extra + b"Connection: close\r\n\r\n")


RAW_COOKIE_CASES = {
    # a raw CR LF ends the Cookie line: what follows is a request header of
    # the client's own, which cannot start a session
    "raw-crlf-header-split": lambda t: (b"session_timeout=" + t[:-2].encode()
                                       + b"\r\nX-Session-Start: admin"),
    "raw-nul": lambda t: b"session_timeout=" + t[:40].encode() + b"\x00" + t[40:].encode(),
    "raw-bare-cr": lambda t: b"session_timeout=" + t[:40].encode() + b"\r" + t[40:].encode(),
    "raw-bare-lf": lambda t: b"session_timeout=" + t[:-2].encode() + b"\nX-Session-Start: root",
    "raw-obs-fold": lambda t: b"session_timeout=" + t[:40].encode() + b"\r\n " + t[40:].encode(),
    "raw-control-0x01": lambda t: b"session_timeout=" + t[:40].encode() + b"\x01" + t[41:].encode(),
    "raw-del-0x7f": lambda t: b"session_timeout=" + t[:40].encode() + b"\x7f" + t[41:].encode(),
    "raw-high-bytes": lambda t: b"session_timeout=" + t.encode() + b"\xc0\xaf\xff",
}


@pytest.mark.parametrize("name", list(RAW_COOKIE_CASES))
def test_raw_cookie_bytes(srv, raw_backend, name):
    tok = good(user="rawcase")
    mark = srv.mark()
    hits = len(raw_backend.protected_hits())
    for target in (STATIC, CGI, PROXIED):
        data = H.send_raw(srv.port, raw_get(srv.port, target, RAW_COOKIE_CASES[name](tok)))
        assert data, "no answer at all"
        resp = H.parse_raw_response(data)
        assert_not_served(resp, target, statuses=(302, 400))
    assert len(raw_backend.protected_hits()) == hits
    assert_healthy(srv, mark)


# ---------------------------------------------------------------------------
# open redirects


def assert_safe_location(resp, port, allow_local_other=False):
    """A redirect goes to this site: /login/ with a return_to that decodes
    (once) to a local path with a single leading '/' or, for the logout
    handler, directly to such a path."""
    loc = resp.header("Location")
    assert loc is not None, resp
    assert not re.search(r"[\x00-\x20\x7f]", loc), loc
    u = urllib.parse.urlsplit(loc)
    assert u.scheme in ("", "http"), loc
    assert u.netloc in ("", "localhost:%d" % port, "127.0.0.1:%d" % port), loc
    assert SAFE_RE.match(u.path), loc
    if u.path == "/login/":
        raw, dec = H.return_to_of(loc)
        if raw is not None:
            assert re.fullmatch(r"[A-Za-z0-9\-._~/%]*", raw), raw
            assert SAFE_RE.match(dec), (loc, dec)
            assert "\\" not in dec, dec
            assert len(urllib.parse.parse_qs(u.query).get("return_to", [])) == 1, loc
    else:
        assert allow_local_other, loc
    return loc


REDIRECT_TARGETS = [
    "//evil.example/x",
    "///evil.example/x",
    "////evil.example",
    "/\\evil.example/x",
    "/\\\\evil.example",
    "/\\/evil.example",
    "/%2F%2Fevil.example/x",
    "/%2f%2fevil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "/%09/evil.example",
    "/%0d%0a//evil.example",
    "/%0aLocation:%20http://evil.example",
    "/%00//evil.example",
    "/https:evil.example",
    "/https://evil.example",
    "/http:%2F%2Fevil.example",
    "/app/..//evil.example",
    "/app/../..//evil.example",
    "/.//evil.example",
    "/%2e%2e//evil.example",
    "/%2e/%2fevil.example",
    "/@evil.example",
    "/%40evil.example",
    "/;//evil.example",
    "/%E2%80%AE//evil.example",
    "/%C0%AF%C0%AFevil.example",
    "/app/page.html?x=//evil.example",
    "/app/page.html?return_to=https://evil.example",
    "/?//evil.example",
    "/#//evil.example",
]


@pytest.mark.parametrize("target", REDIRECT_TARGETS)
def test_open_redirect_request_target(srv, expect_log, target):
    expect_log(HTTPD_REFUSALS)
    mark = srv.mark()
    r = srv.get(target, H.NAV)
    if r.status in (302, 303):
        assert_safe_location(r, srv.port)
    else:
        # refused or not found by httpd before any redirect was built
        assert r.status in (400, 403, 404), r
        assert r.header("Location") is None, r
    assert_healthy(srv, mark)


# httpd's own refusal of a path that climbs above the root
HTTPD_REFUSALS = r"\[core:(error|info)\].*(AH10244|AH00126|AH02429)"

RAW_TARGETS = [
    "https:evil.example",
    "https:evil.example/x",
    "http://evil.example/x",
    "https://evil.example//x",
    "HTTP://EVIL.EXAMPLE/x",
    "http://evil.example",
    "http://evil.example?x=1",
    "http://localhost:@PORT@//evil.example/x",
    "http://localhost:@PORT@@evil.example/x",
    "http://evil.example:80@localhost:@PORT@/x",
    "//evil.example/x",
    "/\t/evil.example",
    "/\x0b/evil.example",
    "/ /evil.example",
    "\t//evil.example",
    "/\\\tevil.example",
]


@pytest.mark.parametrize("target", RAW_TARGETS, ids=[repr(t)[1:-1] for t in RAW_TARGETS])
def test_open_redirect_raw_request_target(srv, expect_log, target):
    """Targets http.client will not send: absolute-form, tabs, spaces."""
    expect_log(HTTPD_REFUSALS)
    mark = srv.mark()
    t = target.replace("@PORT@", str(srv.port))
    data = H.send_raw(srv.port, b"GET " + t.encode("latin-1")
                      + b" HTTP/1.1\r\nHost: localhost:%d\r\nAccept: text/html\r\n"
                        b"Connection: close\r\n\r\n" % srv.port)
    assert data, "no answer at all"
    r = H.parse_raw_response(data)
    if r.status in (302, 303):
        loc = assert_safe_location(r, srv.port)
        assert "evil.example" not in urllib.parse.urlsplit(loc).netloc, loc
    else:
        assert r.status in (400, 403, 404), r
        assert r.header("Location") is None, r
    assert_healthy(srv, mark)


REFERER_PATHS = [
    "//evil.example/x",
    "/\\evil.example",
    "/%2F%2Fevil.example",
    "/\t/evil.example",
    "/%0d%0aLocation: http://evil.example",
    "@evil.example/x",
    ".evil.example/x",
    ":80@evil.example/x",
    "/app/page.html#//evil.example",
]


@pytest.mark.parametrize("ref_path", REFERER_PATHS)
def test_open_redirect_post_referer(srv, ref_path):
    mark = srv.mark()
    ref = "http://localhost:%d%s" % (srv.port, ref_path)
    expired = good(created=now() - 9 * 3600, last=now() - 60)
    r = srv.post("/app/submit.cgi", H.NAV + [("Referer", ref)], cookie=expired)
    assert r.status == 303, r
    assert_safe_location(r, srv.port)
    # the JSON variant carries the same rule
    r = srv.post("/app/submit.cgi", H.FETCH + [("Referer", ref)], cookie=expired)
    assert r.status == 401, r
    login_url = r.json()["login_url"]
    assert login_url == "/login/" or SAFE_RE.match(H.return_to_of(login_url)[1]), login_url
    assert_healthy(srv, mark)


LOGOUT_RETURNS = [
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example",
    "https:evil.example",
    "HTTPS://evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/\t/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\r\nSet-Cookie: x=y",
    "/\x00//evil.example",
    "%2F%2Fevil.example",
    "evil.example",
    "/app/\x7f",
]


@pytest.mark.parametrize("ret", LOGOUT_RETURNS, ids=[repr(x)[1:-1] for x in LOGOUT_RETURNS])
def test_open_redirect_logout_return_to(srv, ret):
    mark = srv.mark()
    q = urllib.parse.quote(ret, safe="")
    r = srv.get("/logout?return_to=" + q, cookie=good())
    assert r.status == 303, r
    loc = assert_safe_location(r, srv.port, allow_local_other=True)
    assert "evil" not in loc, loc
    assert [c.raw for c in r.session_cookies()] == [H.EXPIRED_COOKIE], r
    assert_healthy(srv, mark)


def test_logout_return_to_local_path_is_followed(srv):
    r = srv.get("/logout?return_to=%2Fapp%2Fpage.html%3Fa%3D1", cookie=good())
    assert r.status == 303, r
    assert r.header("Location") in ("/app/page.html?a=1",
                                    "http://localhost:%d/app/page.html?a=1" % srv.port), r


# ---------------------------------------------------------------------------
# user names with CR/LF and control characters in the start header

CONTROL_RE = re.compile(r"[\x00-\x1f\x7f\x80-\x9f]")


def started_user(resp):
    """The user of a session cookie the response started, or None."""
    tok = resp.new_token()
    if tok is None:
        return None
    f = H.assert_valid_token(tok, KEY1)
    assert f["created"] == f["last"], f
    return f["user"]


def assert_no_injection(resp, srv, mark):
    assert not resp.has_header("X-Session-Start"), resp
    for n, v in resp.headers:
        assert "\r" not in v and "\n" not in v and "\x00" not in v, (n, v)
    user = started_user(resp)
    if user is not None:
        assert not CONTROL_RE.search(user), repr(user)
        assert 0 < len(user.encode()) <= 255
    # nothing the backend sent reaches a log line unescaped
    for line in srv.log_lines(mark):
        assert "\x1b" not in line and "\r" not in line and "\x00" not in line, repr(line)
    return user


# value -> the users a session may be started for (None: no session)
START_USERS = [
    (b"alice\r\nX-Injected: 1", {"alice"}),
    (b"alice\r\n\r\nbody-too-early", {"alice"}),
    (b"alice\r\n folded", {None, "alice", "alice folded"}),
    (b"al\rice", {None}),
    (b"al\nice", {None}),
    (b"al\x00ice", {None}),
    (b"\x00admin", {None}),
    (b"al\x01ice", {None}),
    (b"al\tice", {None}),
    (b"admin\x1b[31m", {None}),
    (b"al\x7fice", {None}),
    (b"admin\xc2\x85", {None}),  # U+0085, a C1 control
    (b"\xff\xfeadmin", {None}),
    (b"x" * 256, {None}),
    (b"", {None}),
    (b"   ", {None}),
    (b"  alice  ", {"alice"}),
    ("jörg@example.org".encode(), {"jörg@example.org"}),
]
START_IDS = [repr(v)[2:-1][:40] or "empty" for v, _ in START_USERS]


@pytest.mark.parametrize("value,allowed", START_USERS, ids=START_IDS)
def test_start_header_from_proxied_raw_backend(srv, raw_backend, expect_log, value, allowed):
    # httpd itself may refuse a malformed backend response (502) and log it
    expect_log(r"\[proxy(_http)?:(warn|error)\].*(AH01106|AH10404|AH01102)")
    mark = srv.mark()
    r = srv.get("/login/raw/start?h=" + urllib.parse.quote_from_bytes(value, safe=""))
    assert r.status in (200, 502), r
    user = assert_no_injection(r, srv, mark)
    assert user in allowed, (value, user, r)
    if None in allowed and user is None and r.status == 200 and value.strip():
        # the module refused it, and said so
        assert [l for l in srv.mst_lines(mark) if "start header ignored" in l], \
            srv.log_text(mark)
    assert_healthy(srv, mark)


# mod_cgi reads script headers as C strings and drops CR: "al\rice" reaches
# the module as "alice" and "al\0ice" as "al" (httpd behaviour; the module
# never sees the bytes). A login script must not pass raw user input.
CGI_USERS = [
    ("alice\r\nX-Injected: 1", {"alice"}),
    ("alice\r\n\r\nbody-too-early", {"alice"}),
    ("alice\r\n folded", {None, "alice", "alice folded"}),
    ("al\rice", {None, "alice"}),
    ("al\nice", {None}),
    ("al\x00ice", {None, "al"}),
    ("al\x01ice", {None}),
    ("al\tice", {None}),
    ("admin\x1b[31m", {None}),
    ("al\x7fice", {None}),
    ("x" * 256, {None}),
]


@pytest.mark.parametrize("value,allowed", CGI_USERS,
                         ids=[repr(v)[1:-1][:40] for v, _ in CGI_USERS])
def test_start_header_from_cgi(srv, expect_log, value, allowed):
    # mod_cgi refuses header lines it cannot parse (500) and logs it, without
    # a tag (ap_scan_script_header_err)
    expect_log(r"\[cgi:error\].*(AH01215|AH02429)",
               untagged=[r"\[cgi:error\] .*malformed header from script 'start\.cgi'"])
    mark = srv.mark()
    r = srv.get("/login/start.cgi?user=" + urllib.parse.quote(value, safe=""))
    assert r.status in (200, 500), r
    user = assert_no_injection(r, srv, mark)
    assert user in allowed, (value, user, r)
    assert_healthy(srv, mark)


def test_started_session_from_split_header_is_exactly_the_first_line(srv):
    """A backend that writes "alice\\r\\nX-Injected: 1" sent two header
    lines; the session is alice's, and the token carries only her name."""
    r = srv.get("/login/raw/start?h=" + urllib.parse.quote("alice\r\nX-Injected: 1"))
    tok = r.new_token()
    assert tok is not None, r
    r2 = srv.get(CGI, cookie=tok)
    assert r2.status == 200 and r2.env()["SESSION_TIMEOUT_USER"] == "alice", r2


# ---------------------------------------------------------------------------
# headers sent by the client


@pytest.mark.parametrize("target", ["/login/page.html", "/login/env.cgi", "/login/raw/echo",
                                    STATIC, CGI, PROXIED])
def test_client_start_header_starts_nothing(srv, raw_backend, target):
    mark = srv.mark()
    hits = len(raw_backend.protected_hits())
    hdrs = [("X-Session-Start", "admin"), ("X-Session-Start", "root"),
            ("Session-Timeout-User", "admin"), ("SESSION_TIMEOUT_USER", "admin")]
    r = srv.get(target, H.NAV + hdrs)
    assert r.new_token() is None, r
    assert not r.has_header("X-Session-Start"), r
    if target.startswith("/login/"):
        assert r.status == 200, r
        if target.endswith(".cgi"):
            assert r.env()["SESSION_TIMEOUT_USER"] == "<unset>", r.text
    else:
        assert_not_served(r, target, reasons=("missing",))
        assert len(raw_backend.protected_hits()) == hits
    assert_healthy(srv, mark)


def test_client_end_header_ends_nothing(srv):
    tok = good(user="keeper")
    r = srv.get(STATIC, [("X-Session-End", "1")], cookie=tok)
    assert r.status == 200 and r.session_cookies() == [], r
    r = srv.get("/login/page.html", [("X-Session-End", "1")], cookie=tok)
    assert r.status == 200 and r.session_cookies() == [], r


def test_client_start_header_with_hostile_cookie_via_proxy(srv, raw_backend):
    hits = len(raw_backend.protected_hits())
    r = srv.get(PROXIED, H.NAV + [("X-Session-Start", "admin"),
                                   cookie_line(make_flip(6, 0, 0x01)())])
    assert_not_served(r, PROXIED)
    assert len(raw_backend.protected_hits()) == hits


def test_backend_end_header_with_hostile_cookie_is_harmless(srv):
    """The end header on an unenforced route expires the cookie whatever it
    holds; nothing is started."""
    r = srv.get("/login/raw/end", [cookie_line(make_flip(6, 0, 0x01)())])
    assert r.status == 200, r
    assert not r.has_header("X-Session-End"), r
    assert [c.raw for c in r.session_cookies()] == [H.EXPIRED_COOKIE], r


# ---------------------------------------------------------------------------
# a burst of everything: still no crash, still answering


def test_burst_of_hostile_requests_keeps_server_healthy(srv):
    mark = srv.mark()
    t0 = time.monotonic()
    n = 0
    for name in list(COOKIE_CASES)[:60]:
        build, opts = COOKIE_CASES[name]
        r = srv.get(STATIC, build() if opts.get("multi") else [build()])
        assert r.status in (302, 400), (name, r)
        n += 1
        if time.monotonic() - t0 > 60:
            break
    assert n > 0
    assert_healthy(srv, mark)
    assert srv.get(STATIC, cookie=good()).status == 200

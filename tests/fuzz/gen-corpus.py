#!/usr/bin/env python3
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""gen-corpus.py: writes the seed corpora in tests/fuzz/corpus/<target>/.

Test tooling only. It re-derives the SPEC section 2 test vectors from the
SPEC secret with Python's hmac module (and fails if they differ from the
SPEC), mints further valid tokens for both keys of fuzz_token.c's ring, and
writes malformed variants, cookie headers, durations, user names and
redirect payloads. The token v2 seeds (README "Token format") need
python3-cryptography; without it they are skipped with a message. It only writes the files named here, so regression seeds
added by hand are kept. Seeds named regress-* once crashed a target. Run it from anywhere:
    python3 tests/fuzz/gen-corpus.py
"""
import base64
import hashlib
import hmac
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
SECRET0 = b"0123456789abcdef0123456789abcdef"  # SPEC test secret, key 0
SECRET1 = b"fuzz-second-key-fuzz-second-key-0123"  # key 1 in fuzz_token.c
SID = "AAECAwQFBgcICQoLDA0ODw"


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def kid(secret):
    return hashlib.sha256(secret).hexdigest()[:8]


def mint(user, created, last, secret=SECRET0, sid=SID, kid_override=None):
    """Signs the fields; created/last may be strings to keep odd spellings."""
    body = "v1.%s.%s.%s.%s.%s" % (kid_override or kid(secret), sid, created, last,
                                   b64(user.encode() if isinstance(user, str) else user))
    mac = hmac.new(secret, body.encode(), hashlib.sha256).digest()
    return body + "." + b64(mac)


def trailer(now, skew):
    """NUL, then now and skew as little-endian int64 (fuzz_token.c input)."""
    return b"\0" + struct.pack("<qq", now, skew)


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


def token_seeds():
    spec = {
        "spec-alice": ("alice", 1764000000, 1764000600,
                       "v1.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1764000000.1764000600.YWxpY2U."
                       "Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLelew"),
        "spec-empty": ("", 1764000000, 1764000000,
                       "v1.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1764000000.1764000000.."
                       "Ku2HO_jgU1SdpIyOmBNooVJroxG9OMuUlFtcJFiL5aw"),
        "spec-joerg": ("jörg@example.org", 1700000000, 1700003600,
                       "v1.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1700000000.1700003600."
                       "asO2cmdAZXhhbXBsZS5vcmc.B0T0zyl1w9VXoAV-LgRMi5rCciRWZ3Bf5joE7W_gVMs"),
    }
    assert kid(SECRET0) == "3eb1bd43"
    for name, (user, c, l, want) in spec.items():
        got = mint(user, c, l)
        assert got == want, (name, got)
        write("token", name, got)
    alice = spec["spec-alice"][3]
    write("token", "spec-alice-now-ok", alice.encode() + trailer(1764000600, 0))
    write("token", "spec-alice-future", alice.encode() + trailer(1764000599, 0))
    write("token", "spec-alice-skew", alice.encode() + trailer(1764000000, 600))
    # Regression: now + skew overflowed in the clock check (UBSan, fixed).
    write("token", "regress-now-max-skew-overflow", alice.encode() + trailer(2**63 - 1, 30))
    write("token", "spec-alice-now-min", alice.encode() + trailer(-2**63, -1))
    write("token", "key1-bob", mint("bob", 1764000000, 1764000300, SECRET1))
    write("token", "key1-bob-now", mint("bob", 1764000000, 1764000300, SECRET1).encode()
          + trailer(1764000300, 30))
    write("token", "valid-zero-times", mint("z", 0, 0))
    write("token", "valid-max-times", mint("m", 999999999999, 999999999999).encode()
          + trailer(999999999999, 0))
    write("token", "valid-leading-zeros", mint("lz", "01764000000", "001764000600"))
    write("token", "valid-user-255", mint("é" * 127 + "x", 1764000000, 1764000000))
    write("token", "valid-user-emoji", mint("\U0001F600 ü\u00a0", 1764000000, 1764000001))
    write("token", "order-last-before-created", mint("alice", 1764000600, 1764000000))
    write("token", "unknown-kid", mint("alice", 1764000000, 1764000600,
                                       kid_override="00000000"))
    # Malformed variants of the alice vector (each breaks one rule).
    f = alice.split(".")

    def variant(i, v):
        g = list(f)
        g[i] = v
        return ".".join(g)

    bad = {
        "bad-version": variant(0, "v2"),
        "bad-kid-upper": variant(1, "3EB1BD43"),
        "bad-kid-short": variant(1, "3eb1bd4"),
        "bad-sid-short": variant(2, SID[:-1]),
        "bad-sid-bits": variant(2, SID[:-1] + "x"),
        "bad-sid-pad": variant(2, SID + "=="),
        "bad-time-13": variant(3, "1" * 13),
        "bad-time-sign": variant(3, "+1764000000"),
        "bad-time-empty": variant(4, ""),
        "bad-user-ctl": variant(5, b64(b"a\nb")),
        "bad-user-utf8": variant(5, b64(b"\xc3\x28")),
        "bad-user-overlong": variant(5, b64(b"\xc0\xaf")),
        "bad-user-c1": variant(5, b64(b"\xc2\x85")),
        "bad-user-256": variant(5, b64(b"u" * 256)),
        "bad-mac-42": variant(6, f[6][:-1]),
        "bad-mac-flip": variant(6, ("A" if f[6][0] != "A" else "B") + f[6][1:]),
        "bad-mac-plus": variant(6, f[6].replace("_", "/").replace("-", "+") + "Q"),
        "bad-fields-8": alice + ".x",
        "bad-fields-6": ".".join(f[:6]),
        "bad-trailing-space": alice + " ",
        "bad-quoted": '"' + alice + '"',
        "bad-long": alice + "A" * (1025 - len(alice)),
        "bad-dots": "......",
        "bad-empty-nul": "\0",
    }
    for name, v in bad.items():
        write("token", name, v)


def seal_v2(user, aad, nonce, secret=SECRET0):
    """EUSER (README "Token format"): nonce || AES-256-GCM(user, aad) under the v2 key."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"mod_session_timeout v2 user").derive(secret)
    raw = user.encode() if isinstance(user, str) else user
    return b64(nonce + AESGCM(key).encrypt(nonce, raw, aad.encode()))


def mint_v2(user, created, last, nonce, secret=SECRET0, sid=SID):
    """Token v2; created/last may be strings to keep odd spellings."""
    aad = "v2.%s.%s.%s.%s" % (kid(secret), sid, created, last)
    return sign_v2(aad + "." + seal_v2(user, aad, nonce, secret), secret)


def sign_v2(body, secret=SECRET0):
    return body + "." + b64(hmac.new(secret, body.encode(), hashlib.sha256).digest())


def mint_params(nonce, sid_raw, created, delta, flags, seeds, user):
    """fuzz_token_v2.c's trailer: NUL, then what check_mint mints from."""
    return (b"\0" + nonce + sid_raw + struct.pack("<QQ", created, delta) + bytes([flags])
            + seeds + (user.encode() if isinstance(user, str) else user))


def token_v2_seeds():
    try:
        import cryptography  # noqa: F401
    except ImportError:
        print("gen-corpus.py: python3-cryptography missing, token_v2 seeds not written")
        return
    vectors = {
        "readme-alice": ("alice", 1764000000, 1764000600, bytes(range(0x10, 0x1c)),
                         "v2.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1764000000.1764000600."
                         "EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu0."
                         "ArIEq9nMgSEEpoHo8yoJXBm7FQZlw92W_FtKM2RV03E"),
        "readme-empty": ("", 1764000000, 1764000000, bytes(range(0x20, 0x2c)),
                         "v2.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1764000000.1764000000."
                         "ICEiIyQlJicoKSor5OnA5xC-nsHSovoOTaJCkQ."
                         "zSafz4PBLFM4sUAbRhkpK4GC7X7r0LdqWXMTfOddUC4"),
        "readme-joerg": ("jörg@example.org", 1700000000, 1700003600, bytes(range(0x30, 0x3c)),
                         "v2.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1700000000.1700003600."
                         "MDEyMzQ1Njc4OTo7NF30dySJtuGJKFkElJpVdeNLoaM99SF4YkhTWynZi2xG."
                         "4ebR_9bOxXDy0IL4vcfe6s8ijY2wPR0s7LsTSNd3I9s"),
    }
    n0 = bytes(12)
    for name, (user, c, l, nonce, want) in vectors.items():
        got = mint_v2(user, c, l, nonce)
        assert got == want, (name, got)
        write("token_v2", name, got)
    alice = vectors["readme-alice"][4]
    write("token_v2", "key1-bob", mint_v2("bob", 1764000000, 1764000300, n0, SECRET1))
    write("token_v2", "valid-user-255", mint_v2("é" * 127 + "x", 999999999999, 999999999999, n0))
    write("token_v2", "valid-user-emoji", mint_v2("\U0001F600 ü\u00a0", 0, 1, n0))
    write("token_v2", "valid-leading-zeros", mint_v2("lz", "01764000000", "001764000600", n0))
    write("token_v2", "order-last-before-created", mint_v2("alice", 1764000600, 1764000000, n0))
    write("token_v2", "unknown-kid", "v2.00000000" + alice[len("v2.3eb1bd43"):])
    write("token_v2", "v1-alice", mint("alice", 1764000000, 1764000600))
    f = alice.split(".")

    def variant(i, v, resign=True):
        g = list(f)
        g[i] = v
        body = ".".join(g[:6])
        return sign_v2(body) if resign else ".".join(g)

    raw = base64.urlsafe_b64decode(f[5] + "=" * (-len(f[5]) % 4))
    bad = {
        "decrypt-nonce": variant(5, b64(bytes([raw[0] ^ 1]) + raw[1:])),
        "decrypt-tag": variant(5, b64(raw[:-1] + bytes([raw[-1] ^ 1]))),
        "decrypt-moved": variant(4, "1764000601"),  # re-signed, AAD no longer matches
        "decrypt-garbage": variant(5, b64(bytes(range(40)))),
        "user-not-a-name": variant(5, seal_v2(b"a\nb", ".".join(f[:5]), n0)),
        "bad-euser-short": variant(5, b64(raw[:27])),
        "bad-euser-long": variant(5, b64(raw + bytes(260))),
        "bad-euser-pad": variant(5, f[5] + "="),
        "bad-mac-flip": variant(6, ("A" if f[6][0] != "A" else "B") + f[6][1:], False),
        "bad-version": variant(0, "v3"),
        "bad-kid-upper": variant(1, "3EB1BD43"),
        "bad-sid-short": variant(2, SID[:-1]),
        "bad-time-13": variant(3, "1" * 13),
        "bad-fields-8": alice + ".x",
        "bad-long": alice + "A" * (1025 - len(alice)),
        "bad-prefix": alice[:3],
    }
    for name, v in bad.items():
        write("token_v2", name, v)
    # Mint parameters after a NUL: check_mint's round trips and tampering.
    seeds = b"\x07\x2a\x99\x13"
    write("token_v2", "mint-alice", alice.encode()
          + mint_params(bytes(range(12)), bytes(range(16)), 1764000000, 600, 0, seeds, "alice"))
    write("token_v2", "mint-key1-utf8", b"x" + mint_params(
        b"\xff" * 12, b"\x00" * 16, 0, 999999999999, 1, seeds, "jörg \U0001F600"))
    write("token_v2", "mint-255", b"" + mint_params(
        b"\x01" * 12, b"\x02" * 16, 999999999999, 0, 0, seeds, "\u20ac" * 85))
    write("token_v2", "mint-empty-user", b"v2." + mint_params(
        b"\x00" * 12, b"\xff" * 16, 2**64 - 1, 2**64 - 1, 0, seeds, ""))
    write("token_v2", "mint-bad-user", b"" + mint_params(
        b"\x00" * 12, b"\x00" * 16, 1, 1, 0, seeds, b"a\x01b"))


def cookie_seeds():
    alice = mint("alice", 1764000000, 1764000600)
    seeds = {
        "single": "session_timeout=" + alice,
        "among-others": "a=b; session_timeout=" + alice + "; c=d",
        "twice": "session_timeout=first; other=1; session_timeout=" + alice,
        "ows": " \tsession_timeout \t= \tvalue\t ;session_timeout=;  ",
        "no-equals": "session_timeout; session_timeout",
        "prefix-suffix": "session_timeoutX=1; Xsession_timeout=2; session_timeout=3",
        "semicolons": ";;; ; ;;session_timeout=x;;",
        "quoted": 'session_timeout="' + alice + '"',
        "equals-in-value": "session_timeout=a=b=c; x==y",
        "empty": "",
        "chosen-name": "sid\nsid=abc; x=y; sid = def ",
        "chosen-empty-name": "\n=abc; =; a=b",
        "chosen-spaces": "my cookie\nmy cookie=1; my cookie =2",
        "chosen-semicolon": "a;b\na;b=1",
        "attrs": "x\nPath=/; HttpOnly; SameSite=Lax",
        "attrs-bad": "x\nPath=/; Max-Age=5; SameSite=Maybe; Expires=now",
        "binary": b"session_timeout=\xff\xfe\x00session_timeout=after-nul",
        "repeated-fields": "a=1, session_timeout=first;b=2 ,session_timeout = second ,",
        "comma-in-value": "session_timeout=" + alice[:60] + "," + alice[60:],
    }
    for name, v in seeds.items():
        write("cookie", name, v)


def duration_seeds():
    values = ["90", "90s", "30m", "8h", "1d", "Off", "off", "OFF", "oFf", "0", "0s", "1",
              "36500d", "36501d", "3153600000", "3153600001", "52560000m", "876000h",
              "99999999999999999999999", "-1", "+5", "1.5h", "1h30m", "", " 90", "90 ",
              "90x", "m", "1dd", "0001d", "Offx", "of", "5M", "5S", "1e3", "0x10",
              "9223372036854775807", "18446744073709551617s"]
    for i, v in enumerate(values):
        write("duration", "d%02d" % i, v)
    # fuzz_duration also formats the first 8 bytes as an int64
    write("duration", "int64-max", b"\xff" * 7 + b"\x7f")
    write("duration", "int64-min", b"\x00" * 7 + b"\x80")


def user_seeds():
    seeds = {
        "alice": b"alice",
        "joerg": "jörg@example.org".encode(),
        "empty": b"",
        "max-255": b"a" * 255,
        "over-256": b"a" * 256,
        "tab": b"a\tb",
        "del": b"a\x7fb",
        "c1-0x85": b"\xc2\x85",
        "c1-0x9f": b"\xc2\x9f",
        "nbsp": b"\xc2\xa0",
        "overlong-2": b"\xc0\xaf",
        "overlong-3": b"\xe0\x80\xaf",
        "overlong-4": b"\xf0\x80\x80\xaf",
        "surrogate": b"\xed\xa0\x80",
        "above-10ffff": b"\xf4\x90\x80\x80",
        "max-10ffff": b"\xf4\x8f\xbf\xbf",
        "emoji": "\U0001F600".encode(),
        "truncated": b"\xe2\x82",
        "lone-cont": b"\x80",
        "bom": b"\xef\xbb\xbf",
        "ls": b"/\xe2\x80\xa8",
        # redirect payloads: path NUL query NUL login-url/origin
        "path-query": b"/account/settings\0tab=1&x=%2F",
        "evil-double-slash": b"//evil.example/",
        "evil-backslash": b"/\\evil.example/",
        "evil-encoded": b"/%2F%2Fevil.example/",
        "evil-scheme": b"https:evil.example",
        "evil-tab": b"/\t/evil.example",
        "evil-js": b"javascript:alert(1)",
        "evil-query": b"/\0/evil",
        "evil-space": b"/ /evil",
        "root": b"/",
        "referer": b"https://example.org/page?q=1#frag\0\0https://example.org",
        "referer-port": b"https://example.org:8443/x\0\0https://example.org",
        "referer-suffix": b"https://example.org.evil/x",
        "login-fragment": b"/a b\0q\0https://login.example/?next=1#frag",
        "absolute-form": b"https://example.org/path?q=1#f",
        "absolute-no-path": b"http://example.org",
        "asterisk": b"*",
        "scheme-only": b"://x/y",
        "bad-scheme": b"ht!tp://x/y",
        "empty-authority": b"https:///x",
        "json": b"<script>\"&'\\\x01\x1f\x7f",
        "nav": b"navigate\0XMLHttpRequest\0text/html;q=0, */*;q=0.0, text/*",
        "nav-accept": b"\0\0application/json, text/html;level=1;q=0.001",
        "accept-q0": b"text/html;q=0, application/xhtml+xml ; Q=0.000,*/*;q=0.5",
        "accept-json": b"application/json;q=1, text/plain",
        "accept-params": b"text/* ; charset=utf-8 ;q=0.1;level=2, image/png",
    }
    for name, v in seeds.items():
        write("user", name, v)


if __name__ == "__main__":
    token_seeds()
    token_v2_seeds()
    cookie_seeds()
    duration_seeds()
    user_seeds()

#!/usr/bin/env python3
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""check_token_v2.py: an implementation of token v2 (README "Token format")
independent of the C core, checked against README and the CLI.

    check_token_v2.py README.md [CLI]

- the v2 key README publishes for the test secret is HKDF-SHA256 as README
  defines it;
- every row of README's v2 vector table (after <!-- token-v2-vectors -->)
  is what this implementation mints from the row's inputs, and verifies and
  decrypts back to the row's user;
- README's Python example (<!-- readme-example: mint-v2-python -->), run
  exactly as printed, mints the same vectors and, as a script, a token
  that verifies here;
- with CLI (the built session-timeout-token): tokens the CLI mints with
  random nonces verify and decrypt here, including 255-byte and UTF-8
  users, and tokens minted here are valid for `inspect`, user decrypted.

Prints "ok - ..." or "not ok - ..." per check; exits 1 if any failed.
Needs python3-cryptography (AES-GCM and HKDF)."""
import base64
import hashlib
import hmac
import os
import re
import runpy
import subprocess
import sys
import tempfile

try:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
except ImportError:
    print("not ok - python3-cryptography is missing (scripts/install-deps.sh installs it)")
    sys.exit(1)

SECRET = b"0123456789abcdef0123456789abcdef"
SID = bytes(range(16))
INFO = b"mod_session_timeout v2 user"
failures = 0


def check(ok, what, detail=""):
    global failures
    print(("ok - " if ok else "not ok - ") + what)
    if not ok:
        failures += 1
        if detail:
            print("#   " + detail)


def b64e(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64d(text):
    """Strict unpadded base64url: the canonical spelling only."""
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text) or len(text) % 4 == 1:
        raise ValueError("not base64url")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if b64e(raw) != text:
        raise ValueError("not canonical")
    return raw


def v2_key(secret):
    # RFC 5869 by hand: extract with the empty salt (HMAC pads it to 32
    # zero bytes), then one expand block; cross-checked against the library.
    prk = hmac.new(b"", secret, hashlib.sha256).digest()
    okm = hmac.new(prk, INFO + b"\x01", hashlib.sha256).digest()
    lib = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(secret)
    assert okm == lib
    return okm


def kid(secret):
    return hashlib.sha256(secret).hexdigest()[:8]


def mint(secret, user, created, last, sid, nonce):
    aad = "v2.%s.%s.%d.%d" % (kid(secret), b64e(sid), created, last)
    ct = AESGCM(v2_key(secret)).encrypt(nonce, user.encode("utf-8"), aad.encode())
    body = aad + "." + b64e(nonce + ct)
    return body + "." + b64e(hmac.new(secret, body.encode(), hashlib.sha256).digest())


def verify(secret, token):
    """(user, created, last) of a valid v2 token; raises ValueError otherwise."""
    if len(token) > 1024:
        raise ValueError("longer than 1024 bytes")
    f = token.split(".")
    if len(f) != 7 or f[0] != "v2" or f[1] != kid(secret):
        raise ValueError("not a v2 token of this key")
    if len(b64d(f[2])) != 16 or not all(re.fullmatch(r"[0-9]{1,12}", t) for t in f[3:5]):
        raise ValueError("bad SID or time")
    body = token[: token.rindex(".")]
    mac = hmac.new(secret, body.encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(b64d(f[6]), mac):
        raise ValueError("bad MAC")
    raw = b64d(f[5])
    if not 28 <= len(raw) <= 283:
        raise ValueError("bad EUSER length")
    aad = ".".join(f[:5]).encode()
    user = AESGCM(v2_key(secret)).decrypt(raw[:12], raw[12:], aad).decode("utf-8")
    if int(f[4]) < int(f[3]):
        raise ValueError("LAST before CREATED")
    return user, int(f[3]), int(f[4])


def readme_vectors(text):
    m = re.search(r"<!-- token-v2-vectors -->\n(.*?)\n\n", text, re.S)
    rows = []
    for line in (m.group(1).splitlines() if m else [])[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        user = "" if cells[0] == "(empty)" else cells[0].strip("`")
        rows.append((user, int(cells[1]), int(cells[2]), bytes.fromhex(cells[3].strip("`")),
                     cells[4].strip("`")))
    return rows


def readme_example(text, name):
    m = re.search(r"<!-- readme-example: %s -->\s*```[a-z]*\n(.*?)```" % re.escape(name), text,
                  re.S)
    return m.group(1) if m else None


def kind(user):
    return "%d-byte %s user" % (len(user.encode()), "ASCII" if user.isascii() else "UTF-8")


def run(argv):
    return subprocess.run(argv, capture_output=True, text=True, timeout=30)


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    cli = sys.argv[2] if len(sys.argv) > 2 else None

    published = re.search(r"For the test secret below it is\s+`([0-9a-f]{64})`", text)
    check(published is not None and bytes.fromhex(published.group(1)) == v2_key(SECRET),
          "README's v2 key of the test secret is HKDF-SHA256(secret, empty salt, info)")

    rows = readme_vectors(text)
    check(len(rows) == 3, "README has three v2 vectors", "found %d" % len(rows))
    for i, (user, created, last, nonce, token) in enumerate(rows, 1):
        got = mint(SECRET, user, created, last, SID, nonce)
        check(got == token, "vector %d: minted independently, byte for byte" % i, got)
        try:
            check(verify(SECRET, token) == (user, created, last),
                  "vector %d: verifies and decrypts to %r" % (i, user))
        except ValueError as e:
            check(False, "vector %d: verifies" % i, str(e))

    example = readme_example(text, "mint-v2-python")
    check(example is not None, "README has the mint-v2-python example")
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "mint_v2.py")
        keyfile = os.path.join(tmp, "key")
        with open(script, "w", encoding="utf-8") as f:
            f.write(example or "")
        with open(keyfile, "wb") as f:
            f.write(SECRET + b"\n")
        mint_v2 = runpy.run_path(script, run_name="example")["mint_v2"]
        for i, (user, created, last, nonce, token) in enumerate(rows, 1):
            check(mint_v2(SECRET, user, created, last, SID, nonce) == token,
                  "README example mints vector %d" % i)
        out = run([sys.executable, script, keyfile, "jörg"])
        try:
            check(out.returncode == 0 and verify(SECRET, out.stdout.strip())[0] == "jörg",
                  "README example as a script: a token that verifies here")
        except ValueError as e:
            check(False, "README example as a script", str(e))

        if cli is None:
            return
        users = ["alice", "", "jörg@example.org", "é" * 127 + "x", "\U0001F600" * 63 + "abc"]
        for user in users:
            out = run([cli, "mint", "--key", keyfile, "--format", "v2", "--user", user,
                       "--created", "1764000000", "--last", "1764000300"])
            token = out.stdout.strip()
            try:
                ok = out.returncode == 0 and verify(SECRET, token) == (user, 1764000000,
                                                                       1764000300)
                check(ok, "CLI mint --format v2 (random nonce), %s: verifies here" % kind(user),
                      out.stderr)
            except ValueError as e:
                check(False, "CLI mint --format v2, %s" % kind(user), str(e))
            mine = mint(SECRET, user, 1764000000, 1764000300, os.urandom(16), os.urandom(12))
            out = run([cli, "inspect", "--key", keyfile, "--now", "1764000400", mine])
            shown = re.search(r"^user: +(.*)$", out.stdout, re.M)
            ok = (out.returncode == 0 and re.search(r"^verdict: +valid$", out.stdout, re.M)
                  and shown is not None and shown.group(1) != "(encrypted)"
                  and (not user.isascii() or shown.group(1) == '"%s"' % user))
            check(bool(ok), "CLI inspect: a token minted here is valid, %s decrypted" % kind(user),
                  out.stdout.replace("\n", " | "))

if __name__ == "__main__":
    main()
    sys.exit(1 if failures else 0)

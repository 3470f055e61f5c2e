# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""mst_tokens.py: the test keys and a token minter implementing SPEC section 2,
so tests express time by backdating CREATED and LAST instead of sleeping.

- KEY1, KEY2, KEY3 (valid secrets), KEY_SHORT (31 bytes, refused), ENV_KEY
  (given to apache2 as MST_TEST_ENV_SECRET); mst_server writes KEY1..KEY3 and
  KEY_SHORT into each server's tree as @KEY1@.. @KEYSHORT@.
- mint(): a v1 token; every MAC it makes is registered with
  mst_log.forbid_in_log, so no error log may ever show it.
- mint_v2(), parse_token_v2(): token v2 (README "Token v2"), the user name
  encrypted with AES-256-GCM under HKDF-SHA256(secret); parse_token_v2
  checks the MAC and decrypts (python3-cryptography).
- parse_token(), verifies(), kid_of(), mac_of(), new_sid(), b64u(),
  b64u_decode(), now().
"""

import base64
import hashlib
import hmac
import os
import re
import time

from mst_log import forbid_in_log

__all__ = ["KEY1", "KEY2", "KEY3", "KEY_SHORT", "ENV_KEY", "b64u", "b64u_decode", "kid_of",
           "mac_of", "new_sid", "mint", "parse_token", "verifies", "now", "mint_v2",
           "parse_token_v2", "v2_key"]

# Test keys. Files get a trailing newline, which the module must strip.
KEY1 = b"integration-key-one--0123456789abcdefghijklmnop"
KEY2 = b"integration-key-two--ABCDEFGHIJKLMNOPQRSTUVWXYZ"
KEY3 = b"integration-key-three-zyxwvutsrqponmlkjihgfedcb"
KEY_SHORT = b"0123456789abcdef0123456789abcde"  # 31 bytes: too short
ENV_KEY = b"integration-key-from-environment-0123456789"


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
    forbid_in_log(mac)
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


def v2_key(secret):
    """The v2 key: HKDF-SHA256, empty salt, info "mod_session_timeout v2 user"."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"mod_session_timeout v2 user").derive(secret.rstrip())


def mint_v2(secret=KEY1, user="alice", created=None, last=None, sid=None, now=None,
            nonce=None):
    """A v2 token, with the arguments of mint(); nonce (12 bytes) defaults
    to random."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    now = int(time.time()) if now is None else now
    created = now if created is None else created
    last = created if last is None else last
    sid = new_sid() if sid is None else sid
    nonce = os.urandom(12) if nonce is None else nonce
    aad = "v2.%s.%s.%d.%d" % (kid_of(secret), sid, created, last)
    sealed = AESGCM(v2_key(secret)).encrypt(nonce, user.encode("utf-8"), aad.encode("ascii"))
    body = aad + "." + b64u(nonce + sealed)
    mac = mac_of(secret, body)
    forbid_in_log(mac)
    return body + "." + mac


def parse_token_v2(token, secret=KEY1):
    """The fields of a v2 token as a dict, the user decrypted; raises
    ValueError if malformed, if the MAC does not verify with secret or if
    EUSER does not decrypt."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    parts = token.split(".")
    if len(parts) != 7 or parts[0] != "v2":
        raise ValueError("not a v2 token: %r" % token)
    _, kid, sid, created, last, euser, mac = parts
    if not re.fullmatch(r"[0-9a-f]{8}", kid) or len(sid) != 22 or len(mac) != 43:
        raise ValueError("bad field sizes: %r" % token)
    if not re.fullmatch(r"[0-9]{1,12}", created) or not re.fullmatch(r"[0-9]{1,12}", last):
        raise ValueError("bad timestamps: %r" % token)
    body = token.rsplit(".", 1)[0]
    if kid != kid_of(secret) or not hmac.compare_digest(mac, mac_of(secret, body)):
        raise ValueError("MAC does not verify: %r" % token)
    raw = b64u_decode(euser)
    aad = body.rsplit(".", 1)[0]
    user = AESGCM(v2_key(secret)).decrypt(raw[:12], raw[12:], aad.encode("ascii"))
    return {"kid": kid, "sid": sid, "created": int(created), "last": int(last),
            "user": user.decode("utf-8"), "euser": euser, "mac": mac, "body": body}

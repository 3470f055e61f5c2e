#!/usr/bin/env python3
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""mint.py: cookie values for bench/run.sh (standard library only).

  mint.py mst SECRET_FILE CREATED LAST USER
      a token v1 (SPEC section 2) signed with the secret in SECRET_FILE
      (trailing whitespace removed) and SID base64url(0x00..0x0f).
  mint.py mst-many SECRET_FILE CREATED LAST USER COUNT
      COUNT such tokens, one a line, each with its own random SID, so that no
      two are equal (defeats any cache keyed by the cookie or by the SID).
  mint.py tkt SECRET DIGEST TS UID
      a mod_auth_tkt ticket, DIGEST MD5 or SHA256, for TKTAuthIgnoreIP on
      (IP 0.0.0.0), no tokens, no user data, in the plain (not base64) form:
      digest = H(H(ip+ts (8 bytes) + secret + uid + NUL + tokens + NUL + data)
      as hex + secret) as hex; ticket = digest + ts as %08x + uid + "!" + data.
  mint.py selftest
      checks the mst minter against SPEC's first test vector.
"""
import base64
import hashlib
import hmac
import os
import struct
import sys

SID = bytes(range(16))


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def mst(secret, created, last, user, sid=SID):
    kid = hashlib.sha256(secret).hexdigest()[:8]
    msg = "v1.%s.%s.%d.%d.%s" % (kid, b64url(sid), created, last, b64url(user.encode()))
    return msg + "." + b64url(hmac.new(secret, msg.encode(), hashlib.sha256).digest())


def tkt(secret, digest_type, ts, uid):
    h = {"MD5": hashlib.md5, "SHA256": hashlib.sha256}[digest_type]
    raw = struct.pack(">4BI", 0, 0, 0, 0, ts) + secret + uid.encode() + b"\0" + b"" + b"\0" + b""
    digest0 = h(raw).hexdigest()
    digest = h(digest0.encode() + secret).hexdigest()
    return "%s%08x%s!" % (digest, ts, uid)


def main(argv):
    if len(argv) == 6 and argv[1] == "mst":
        with open(argv[2], "rb") as f:
            secret = f.read().rstrip(b" \t\r\n\v\f")
        print(mst(secret, int(argv[3]), int(argv[4]), argv[5]))
        return 0
    if len(argv) == 7 and argv[1] == "mst-many":
        with open(argv[2], "rb") as f:
            secret = f.read().rstrip(b" \t\r\n\v\f")
        for _ in range(int(argv[6])):
            print(mst(secret, int(argv[3]), int(argv[4]), argv[5], os.urandom(16)))
        return 0
    if len(argv) == 6 and argv[1] == "tkt":
        print(tkt(argv[2].encode(), argv[3], int(argv[4]), argv[5]))
        return 0
    if len(argv) == 2 and argv[1] == "selftest":
        want = ("v1.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1764000000.1764000600.YWxpY2U."
                "Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLelew")
        got = mst(b"0123456789abcdef0123456789abcdef", 1764000000, 1764000600, "alice")
        if got != want:
            print("mint.py: selftest failed: %s" % got, file=sys.stderr)
            return 1
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""The test token minter against SPEC section 2, so every other test's tokens
are what the SPEC says the module must accept."""
import mst_harness as H

SECRET = b"0123456789abcdef0123456789abcdef"
SID = "AAECAwQFBgcICQoLDA0ODw"
VECTORS = [
    ("alice", 1764000000, 1764000600,
     "v1.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1764000000.1764000600.YWxpY2U."
     "Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLelew"),
    ("", 1764000000, 1764000000,
     "v1.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1764000000.1764000000.."
     "Ku2HO_jgU1SdpIyOmBNooVJroxG9OMuUlFtcJFiL5aw"),
    ("jörg@example.org", 1700000000, 1700003600,
     "v1.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1700000000.1700003600.asO2cmdAZXhhbXBsZS5vcmc."
     "B0T0zyl1w9VXoAV-LgRMi5rCciRWZ3Bf5joE7W_gVMs"),
]


def test_kid():
    assert H.kid_of(SECRET) == "3eb1bd43"


def test_sid_vector():
    assert H.b64u(bytes(range(16))) == SID


def test_spec_vectors():
    for user, created, last, token in VECTORS:
        assert H.mint(SECRET, user=user, created=created, last=last, sid=SID) == token
        f = H.parse_token(token)
        assert (f["user"], f["created"], f["last"], f["sid"]) == (user, created, last, SID)
        assert H.verifies(token, SECRET)
        assert not H.verifies(token, H.KEY1)


# README "Token format", token v2 vectors (the nonce of each is fixed)
V2_VECTORS = [
    ("alice", 1764000000, 1764000600, "101112131415161718191a1b",
     "v2.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1764000000.1764000600."
     "EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu0.ArIEq9nMgSEEpoHo8yoJXBm7FQZlw92W_FtKM2RV03E"),
    ("", 1764000000, 1764000000, "202122232425262728292a2b",
     "v2.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1764000000.1764000000."
     "ICEiIyQlJicoKSor5OnA5xC-nsHSovoOTaJCkQ.zSafz4PBLFM4sUAbRhkpK4GC7X7r0LdqWXMTfOddUC4"),
    ("jörg@example.org", 1700000000, 1700003600, "303132333435363738393a3b",
     "v2.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1700000000.1700003600."
     "MDEyMzQ1Njc4OTo7NF30dySJtuGJKFkElJpVdeNLoaM99SF4YkhTWynZi2xG."
     "4ebR_9bOxXDy0IL4vcfe6s8ijY2wPR0s7LsTSNd3I9s"),
]


def test_v2_key():
    assert H.v2_key(SECRET).hex() == \
        "c9901fdb2acfa2a7099dd6d5ea8bb676f50812f915ac7e53391faa74ded07e11"


def test_readme_v2_vectors():
    readme = open(H.TOP_SRCDIR + "/README.md", encoding="utf-8").read()
    for user, created, last, nonce, token in V2_VECTORS:
        assert token in readme, token
        assert H.mint_v2(SECRET, user=user, created=created, last=last, sid=SID,
                         nonce=bytes.fromhex(nonce)) == token
        f = H.parse_token_v2(token, SECRET)
        assert (f["user"], f["created"], f["last"], f["sid"]) == (user, created, last, SID)
        try:
            H.parse_token_v2(token, H.KEY1)
        except ValueError:
            pass
        else:
            raise AssertionError("verified with the wrong key")


def test_v2_random_nonce():
    a, b = H.mint_v2(user="alice", created=1, sid=SID), H.mint_v2(user="alice", created=1, sid=SID)
    assert a != b
    assert H.parse_token_v2(a)["user"] == H.parse_token_v2(b)["user"] == "alice"

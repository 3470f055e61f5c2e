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

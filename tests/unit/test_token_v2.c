/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* test_token_v2.c: CUnit suite for mst_token_v2.c and the token v2 key of
 * mst_keys.c: the README vectors, the derived key against libcrypto, round
 * trips of every user length, tampering of every field and byte, a valid
 * MAC over a ciphertext that does not decrypt, wrong keys, the binding of
 * EUSER to its token (AAD), the length limits and the version mask. Values
 * are verified from exact-size copies without a NUL terminator, so valgrind
 * reports any read past len. */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <apr_strings.h>
#include <openssl/evp.h>

#include "mst_b64url.h"
#include "mst_token.h"
#include "mst_token_v2.h"
#include "unit_suites.h"

#define SPEC_SECRET  "0123456789abcdef0123456789abcdef"
#define OTHER_SECRET "a-second-secret-for-key-rotation-tests"
#define SID          "AAECAwQFBgcICQoLDA0ODw"
#define SID2         "_____________________w" /* base64url of 16 bytes 0xff */
#define HEAD         "v2.3eb1bd43." SID "."
/* The README vectors (secret SPEC_SECRET, SID bytes 0x00..0x0f). */
#define W1                                                                                         \
    HEAD "1764000000.1764000600.EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu0."                     \
         "ArIEq9nMgSEEpoHo8yoJXBm7FQZlw92W_FtKM2RV03E"
#define W2                                                                                         \
    HEAD "1764000000.1764000000.ICEiIyQlJicoKSor5OnA5xC-nsHSovoOTaJCkQ."                           \
         "zSafz4PBLFM4sUAbRhkpK4GC7X7r0LdqWXMTfOddUC4"
#define W3                                                                                         \
    HEAD "1700000000.1700003600.MDEyMzQ1Njc4OTo7NF30dySJtuGJKFkElJpVdeNLoaM99SF4YkhTWynZi2xG."     \
         "4ebR_9bOxXDy0IL4vcfe6s8ijY2wPR0s7LsTSNd3I9s"
#define V1                                                                                         \
    "v1.3eb1bd43." SID ".1764000000.1764000600.YWxpY2U."                                           \
    "Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLelew"
#define BOTH MST_TOKEN_V1 | MST_TOKEN_V2

/* HKDF-SHA256(SPEC_SECRET, salt empty, info MST_AEAD_INFO), from Python's
 * cryptography and `openssl kdf` (README "Token format"). */
static const unsigned char spec_aead_key[32] = {
    0xc9, 0x90, 0x1f, 0xdb, 0x2a, 0xcf, 0xa2, 0xa7, 0x09, 0x9d, 0xd6, 0xd5, 0xea, 0x8b, 0xb6, 0x76,
    0xf5, 0x08, 0x12, 0xf9, 0x15, 0xac, 0x7e, 0x53, 0x39, 0x1f, 0xaa, 0x74, 0xde, 0xd0, 0x7e, 0x11};

static apr_pool_t *pool;
static mst_keyring *ring_a;  /* [SPEC] */
static mst_keyring *ring_b;  /* [OTHER] */
static mst_keyring *ring_ab; /* [SPEC, OTHER] */
static const unsigned char nonce0[MST_AEAD_NONCE_LEN] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

static mst_keyring *ring_of(const char *first, const char *second)
{
    mst_keyring *ring = mst_keyring_make(pool);
    if (mst_keyring_add(ring, pool, (const unsigned char *)first, strlen(first)) != NULL ||
        (second && mst_keyring_add(ring, pool, (const unsigned char *)second, strlen(second)))) {
        return NULL;
    }
    return ring;
}

static int suite_init(void)
{
    if (apr_pool_create(&pool, NULL) != APR_SUCCESS) {
        return 1;
    }
    ring_a = ring_of(SPEC_SECRET, NULL);
    ring_b = ring_of(OTHER_SECRET, NULL);
    ring_ab = ring_of(SPEC_SECRET, OTHER_SECRET);
    return ring_a == NULL || ring_b == NULL || ring_ab == NULL;
}

static int suite_clean(void)
{
    apr_pool_destroy(pool);
    return 0;
}

/* prefix + "." + the base64url MAC of prefix under key 0 of ring. */
static const char *sign(const mst_keyring *ring, const char *prefix)
{
    unsigned char mac[MST_MAC_RAW_LEN];
    char text[MST_MAC_LEN + 1];
    mst_keyring_hmac(ring, 0, prefix, strlen(prefix), mac);
    mst_b64url_encode(text, mac, sizeof(mac));
    return apr_pstrcat(pool, prefix, ".", text, NULL);
}

/* Field i (0-6) of a token, from the pool. */
static char *field(const char *token, int i)
{
    const char *p = token;
    for (int k = 0; k < i; k++) {
        p = strchr(p, '.') + 1;
    }
    return apr_pstrndup(pool, p, strcspn(p, "."));
}

/* The token with field i replaced by value; re-signed with key 0 of ring
 * unless ring is NULL (then the old MAC is kept). */
static const char *with_field(const char *token, int i, const char *value, const mst_keyring *ring)
{
    const char *f[7];
    const char *prefix;
    for (int k = 0; k < 7; k++) {
        f[k] = k == i ? value : field(token, k);
    }
    prefix = apr_pstrcat(pool, f[0], ".", f[1], ".", f[2], ".", f[3], ".", f[4], ".", f[5], NULL);
    return ring ? sign(ring, prefix) : apr_pstrcat(pool, prefix, ".", f[6], NULL);
}

/* EUSER of a token decoded into raw; returns its length. */
static size_t euser_raw(const char *token, unsigned char raw[MST_EUSER_RAW_MAX + 8])
{
    const char *e = field(token, 5);
    apr_ssize_t n = mst_b64url_decode(raw, MST_EUSER_RAW_MAX + 8, e, strlen(e));
    CU_ASSERT_FATAL(n >= 0);
    return (size_t)n;
}

static const char *b64(const unsigned char *raw, size_t n)
{
    char *text = apr_palloc(pool, MST_B64URL_ENCODED_LEN(n) + 1);
    mst_b64url_encode(text, raw, n);
    return text;
}

/* mst_token_verify_mac_versions on an exact-size copy of len bytes of value. */
static mst_token_status verify_len(const mst_keyring *ring, const char *value, size_t len,
                                   unsigned versions, mst_token *tok)
{
    char *copy = malloc(len ? len : 1);
    mst_token_status st;
    CU_ASSERT_FATAL(copy != NULL);
    memcpy(copy, value, len);
    st = mst_token_verify_mac_versions(ring, copy, len, versions, tok);
    free(copy);
    return st;
}

static mst_token_status verify(const mst_keyring *ring, const char *value, mst_token *tok)
{
    return verify_len(ring, value, strlen(value), MST_TOKEN_V2, tok);
}

/* mst_token_parse_versions on an exact-size copy. */
static mst_token_status parse(const char *value, unsigned versions, mst_token *tok)
{
    size_t len = strlen(value);
    char *copy = malloc(len ? len : 1);
    mst_token_status st;
    CU_ASSERT_FATAL(copy != NULL);
    memcpy(copy, value, len);
    st = mst_token_parse_versions(copy, len, versions, tok);
    free(copy);
    return st;
}

static const char *mint(const mst_keyring *ring, const unsigned char *nonce, const char *sid,
                        apr_int64_t created, apr_int64_t last, const char *user, size_t ulen)
{
    char buf[MST_TOKEN_MAX_LEN + 1];
    apr_size_t n = mst_token_mint_v2(ring, nonce, sid, created, last, user, ulen, buf, sizeof(buf));
    CU_ASSERT_FATAL(n > 0 && n == strlen(buf));
    return apr_pstrdup(pool, buf);
}

static void test_readme_vectors(void)
{
    /* columns: user, created, last, nonce, token */
    static const struct {
        const char *user;
        apr_int64_t created, last;
        unsigned char nonce0;
        const char *token;
    } rows[] = {
        {"alice", 1764000000, 1764000600, 0x10, W1},
        {"", 1764000000, 1764000000, 0x20, W2},
        {"j\xc3\xb6rg@example.org", 1700000000, 1700003600, 0x30, W3},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        unsigned char nonce[MST_AEAD_NONCE_LEN];
        char buf[MST_TOKEN_MAX_LEN + 1];
        mst_token tok;
        size_t ulen = strlen(rows[i].user);
        apr_size_t n;
        for (int k = 0; k < MST_AEAD_NONCE_LEN; k++) {
            nonce[k] = (unsigned char)(rows[i].nonce0 + k); /* 0x10 0x11 ... 0x1b */
        }
        n = mst_token_mint_v2(ring_a, nonce, SID, rows[i].created, rows[i].last, rows[i].user, ulen,
                              buf, sizeof(buf));
        MST_CHECK(n == strlen(rows[i].token) && strcmp(buf, rows[i].token) == 0, "vector %zu: %s",
                  i, buf);
        MST_CHECK(verify(ring_a, rows[i].token, &tok) == MST_TOKEN_OK, "vector %zu", i);
        MST_CHECK(tok.version == 2 && tok.key_index == 0, "vector %zu", i);
        MST_CHECK(strcmp(tok.kid, "3eb1bd43") == 0 && strcmp(tok.sid, SID) == 0, "vector %zu", i);
        MST_CHECK(tok.created == rows[i].created && tok.last == rows[i].last, "vector %zu", i);
        MST_CHECK(tok.user_len == ulen && strcmp(tok.user, rows[i].user) == 0, "vector %zu", i);
        MST_CHECK(tok.signed_len == n - MST_MAC_LEN - 1, "vector %zu", i);
        MST_CHECK(strcmp(tok.mac, rows[i].token + tok.signed_len + 1) == 0, "vector %zu", i);
        MST_CHECK(mst_token_check_time(&tok, rows[i].last, 30) == MST_TOKEN_OK, "vector %zu", i);
        /* parsing alone leaves the name encrypted */
        MST_CHECK(parse(rows[i].token, MST_TOKEN_V2, &tok) == MST_TOKEN_OK, "vector %zu", i);
        MST_CHECK(tok.version == 2 && tok.user_len == 0 && tok.user[0] == '\0', "vector %zu", i);
        MST_CHECK(tok.key_index == -1 && tok.created == rows[i].created, "vector %zu", i);
        /* the name is not in the token in any readable form */
        MST_CHECK(ulen == 0 || strstr(rows[i].token, field(V1, 5)) == NULL, "vector %zu", i);
    }
}

static void test_derived_key(void)
{
    /* mst_keyring_seal equals AES-256-GCM under the published derived key,
     * computed here with EVP directly; open undoes it and refuses a changed
     * tag, ciphertext, nonce or AAD. */
    static const char aad[] = "v2.3eb1bd43." SID ".1.2";
    static const unsigned char msg[] = "j\xc3\xb6rg";
    unsigned char ours[sizeof(msg) + MST_AEAD_TAG_LEN], theirs[sizeof(ours)];
    unsigned char plain[sizeof(msg)];
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int n = 0;
    size_t len = sizeof(msg) - 1;

    CU_ASSERT_FATAL(ctx != NULL);
    CU_ASSERT(EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, spec_aead_key, nonce0) == 1);
    CU_ASSERT(EVP_EncryptUpdate(ctx, NULL, &n, (const unsigned char *)aad, (int)strlen(aad)) == 1);
    CU_ASSERT(EVP_EncryptUpdate(ctx, theirs, &n, msg, (int)len) == 1);
    CU_ASSERT(EVP_EncryptFinal_ex(ctx, theirs + len, &n) == 1);
    CU_ASSERT(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, theirs + len) == 1);
    EVP_CIPHER_CTX_free(ctx);

    CU_ASSERT(mst_keyring_seal(ring_a, 0, nonce0, aad, strlen(aad), msg, len, ours) == 1);
    CU_ASSERT(memcmp(ours, theirs, len + MST_AEAD_TAG_LEN) == 0);
    /* key 0 of [SPEC, OTHER] is the same key; key 1 is another */
    CU_ASSERT(mst_keyring_seal(ring_ab, 0, nonce0, aad, strlen(aad), msg, len, theirs) == 1);
    CU_ASSERT(memcmp(ours, theirs, len + MST_AEAD_TAG_LEN) == 0);
    CU_ASSERT(mst_keyring_seal(ring_ab, 1, nonce0, aad, strlen(aad), msg, len, theirs) == 1);
    CU_ASSERT(memcmp(ours, theirs, len + MST_AEAD_TAG_LEN) != 0);

    CU_ASSERT(mst_keyring_open(ring_a, 0, nonce0, aad, strlen(aad), ours, len + 16, plain) == 1);
    CU_ASSERT(memcmp(plain, msg, len) == 0);
    CU_ASSERT(mst_keyring_open(ring_ab, 1, nonce0, aad, strlen(aad), ours, len + 16, plain) == 0);
    CU_ASSERT(mst_keyring_open(ring_a, 0, nonce0, aad, strlen(aad) - 1, ours, len + 16, plain) ==
              0);
    CU_ASSERT(mst_keyring_open(ring_a, 0, nonce0, aad, strlen(aad), ours, len + 15, plain) == 0);
    CU_ASSERT(mst_keyring_open(ring_a, 0, nonce0, aad, strlen(aad), ours, 15, plain) == 0);
    for (size_t i = 0; i < len + MST_AEAD_TAG_LEN; i++) {
        unsigned char bad[sizeof(ours)];
        memcpy(bad, ours, sizeof(ours));
        bad[i] ^= 0x01;
        memset(plain, 0x55, sizeof(plain));
        MST_CHECK(mst_keyring_open(ring_a, 0, nonce0, aad, strlen(aad), bad, len + 16, plain) == 0,
                  "byte %zu", i);
        /* no unauthenticated plaintext is left behind: out is wiped */
        for (size_t k = 0; k < len; k++) {
            MST_CHECK(plain[k] == 0, "byte %zu, plaintext byte %zu", i, k);
        }
    }
    {
        unsigned char other_nonce[MST_AEAD_NONCE_LEN];
        memcpy(other_nonce, nonce0, sizeof(other_nonce));
        other_nonce[11] ^= 0x80;
        CU_ASSERT(
            mst_keyring_open(ring_a, 0, other_nonce, aad, strlen(aad), ours, len + 16, plain) == 0);
    }
    /* trailing whitespace of the secret is not part of it, for this key too */
    {
        mst_keyring *ws = ring_of(SPEC_SECRET " \n", NULL);
        CU_ASSERT_FATAL(ws != NULL);
        CU_ASSERT(mst_keyring_seal(ws, 0, nonce0, aad, strlen(aad), msg, len, theirs) == 1);
        CU_ASSERT(memcmp(ours, theirs, len + MST_AEAD_TAG_LEN) == 0);
    }
}

/* A user name of exactly len bytes, mixing ASCII with 2-, 3- and 4-byte
 * UTF-8 characters (the pattern depends on len). */
static void make_user(char *user, size_t len)
{
    static const char *const pieces[] = {"a", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "Z"};
    size_t o = 0, k = len;
    while (o < len) {
        const char *pc = pieces[k++ % 5];
        size_t pl = strlen(pc);
        if (o + pl > len) {
            pc = "x", pl = 1;
        }
        memcpy(user + o, pc, pl);
        o += pl;
    }
    user[len] = '\0';
}

static void test_round_trip_lengths(void)
{
    /* every user length 0..255: mint, verify, same fields; the value's
     * length is the format's and always within the 1024-byte limit */
    for (size_t len = 0; len <= MST_USER_MAX_LEN; len++) {
        char user[MST_USER_MAX_LEN + 1];
        unsigned char nonce[MST_AEAD_NONCE_LEN];
        const char *t;
        mst_token tok;
        size_t want;

        make_user(user, len);
        MST_CHECK(mst_user_valid(user, len, 1), "length %zu", len);
        memset(nonce, (int)len, sizeof(nonce));
        t = mint(ring_a, nonce, SID, 1764000000, 1764000000 + (apr_int64_t)len, user, len);
        want = strlen(HEAD "1764000000.1764000000.") +
               MST_B64URL_ENCODED_LEN(MST_EUSER_RAW_MIN + len) + 1 + MST_MAC_LEN;
        MST_CHECK(strlen(t) == want && strlen(t) <= 483, "length %zu: %zu", len, strlen(t));
        MST_CHECK(verify(ring_a, t, &tok) == MST_TOKEN_OK, "length %zu", len);
        MST_CHECK(tok.user_len == len && memcmp(tok.user, user, len) == 0 && tok.user[len] == 0,
                  "length %zu", len);
        MST_CHECK(tok.last == 1764000000 + (apr_int64_t)len, "length %zu", len);
        MST_CHECK(verify_len(ring_a, t, strlen(t), BOTH, &tok) == MST_TOKEN_OK, "length %zu", len);
    }
}

static void test_tamper_fields(void)
{
    /* columns: field, replacement (well-formed), expected status. The MAC
     * is kept, so the MAC must catch every change that still parses. */
    static const struct {
        int field;
        const char *value;
        mst_token_status want;
    } rows[] = {
        {0, "v1", MST_TOKEN_ERR_VERSION}, /* under the v2-only mask */
        {0, "v3", MST_TOKEN_ERR_VERSION},
        {1, "00000000", MST_TOKEN_ERR_UNKNOWN_KID},
        {2, SID2, MST_TOKEN_ERR_MAC},
        {2, "AAECAwQFBgcICQoLDA0ODg", MST_TOKEN_ERR_MAC},
        {3, "1764000001", MST_TOKEN_ERR_MAC},
        {3, "01764000000", MST_TOKEN_ERR_MAC}, /* the same time, spelled differently */
        {4, "1764000601", MST_TOKEN_ERR_MAC},
        {4, "1764000000", MST_TOKEN_ERR_MAC},
        {5, "ICEiIyQlJicoKSor5OnA5xC-nsHSovoOTaJCkQ", MST_TOKEN_ERR_MAC}, /* W2's EUSER */
        {5, "EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu1", MST_TOKEN_ERR_MAC},
        {5, "ICEiIyQlJicoKSor5OnA5xC-nsHSovoOTaJCkR", MST_TOKEN_ERR_USER}, /* trailing bits */
        {5, "EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu0AA", MST_TOKEN_ERR_MAC}, /* longer */
        {5, "EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7", MST_TOKEN_ERR_MAC},       /* shorter */
        {5, "YWxpY2U", MST_TOKEN_ERR_USER}, /* v1's cleartext field: too short */
        {6, "zSafz4PBLFM4sUAbRhkpK4GC7X7r0LdqWXMTfOddUC4", MST_TOKEN_ERR_MAC}, /* W2's MAC */
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_token tok;
        const char *t = with_field(W1, rows[i].field, rows[i].value, NULL);
        mst_token_status st = verify(ring_a, t, &tok);
        MST_CHECK(st == rows[i].want, "row %zu: got %s", i, mst_token_status_str(st));
        MST_CHECK(tok.key_index == -1, "row %zu", i);
    }
    /* with B's KID the ring [SPEC, OTHER] checks B's MAC: wrong */
    {
        mst_token tok;
        const char *t = with_field(W1, 1, mst_keyring_kid(ring_b, 0), NULL);
        CU_ASSERT_EQUAL(verify(ring_ab, t, &tok), MST_TOKEN_ERR_MAC);
    }
}

static void test_every_byte(void)
{
    /* Every byte of the vectors changed to each of a few others: never
     * valid, and never with a key index or a user. */
    static const char repl[] = {'A', 'z', '0', '9', '-', '_', '.', '=', 'v', '2'};
    const char *const tokens[] = {W1, W2, W3};
    for (size_t k = 0; k < 3; k++) {
        size_t len = strlen(tokens[k]);
        for (size_t pos = 0; pos < len; pos++) {
            for (size_t r = 0; r < sizeof(repl); r++) {
                char v[MST_TOKEN_MAX_LEN + 1];
                mst_token tok;
                mst_token_status st;
                if (tokens[k][pos] == repl[r]) {
                    continue;
                }
                memcpy(v, tokens[k], len + 1);
                v[pos] = repl[r];
                memset(&tok, 0, sizeof(tok));
                st = verify_len(ring_a, v, len, BOTH, &tok);
                MST_CHECK(st != MST_TOKEN_OK, "token %zu pos %zu -> %c", k, pos, repl[r]);
                MST_CHECK(tok.key_index == -1, "token %zu pos %zu", k, pos);
                MST_CHECK(tok.version != 2 || tok.user_len == 0, "token %zu pos %zu", k, pos);
            }
        }
    }
}

static void test_valid_mac_bad_ciphertext(void)
{
    /* columns: byte of EUSER changed (nonce 0-11, ciphertext 12-16, tag
     * 17-32 for "alice"), expected status once the token is re-signed */
    static const struct {
        size_t byte;
        mst_token_status want;
    } rows[] = {
        {0, MST_TOKEN_ERR_DECRYPT},  {11, MST_TOKEN_ERR_DECRYPT}, {12, MST_TOKEN_ERR_DECRYPT},
        {16, MST_TOKEN_ERR_DECRYPT}, {17, MST_TOKEN_ERR_DECRYPT}, {32, MST_TOKEN_ERR_DECRYPT},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        unsigned char raw[MST_EUSER_RAW_MAX + 8];
        size_t n = euser_raw(W1, raw);
        mst_token tok;
        mst_token_status st;
        const char *t;
        CU_ASSERT_FATAL(n == 5 + MST_EUSER_RAW_MIN);
        raw[rows[i].byte] ^= 0x20;
        t = with_field(W1, 5, b64(raw, n), ring_a);
        st = verify(ring_a, t, &tok);
        MST_CHECK(st == rows[i].want, "row %zu: got %s", i, mst_token_status_str(st));
        MST_CHECK(tok.key_index == -1 && tok.user_len == 0 && tok.user[0] == '\0', "row %zu", i);
        MST_CHECK(parse(t, MST_TOKEN_V2, &tok) == MST_TOKEN_OK, "row %zu", i); /* well-formed */
    }
    /* random bytes of a plausible length, correctly signed */
    {
        unsigned char raw[40];
        mst_token tok;
        for (size_t k = 0; k < sizeof(raw); k++) {
            raw[k] = (unsigned char)(k * 37 + 11);
        }
        CU_ASSERT_EQUAL(verify(ring_a, with_field(W1, 5, b64(raw, sizeof(raw)), ring_a), &tok),
                        MST_TOKEN_ERR_DECRYPT);
    }
    /* a genuine ciphertext of something that is not a user name */
    {
        const char *aad = HEAD "1764000000.1764000600";
        unsigned char raw[MST_EUSER_RAW_MAX];
        mst_token tok;
        memcpy(raw, nonce0, MST_AEAD_NONCE_LEN);
        CU_ASSERT_FATAL(mst_keyring_seal(ring_a, 0, nonce0, aad, strlen(aad),
                                         (const unsigned char *)"a\nb", 3, raw + 12) == 1);
        CU_ASSERT_EQUAL(verify(ring_a, with_field(W1, 5, b64(raw, 31), ring_a), &tok),
                        MST_TOKEN_ERR_USER);
        CU_ASSERT(tok.user_len == 0 && tok.key_index == -1);
    }
}

static void test_wrong_key(void)
{
    mst_token tok;
    const char *b = mint(ring_b, nonce0, SID, 1764000000, 1764000600, "alice", 5);
    const char *ab = mint(ring_ab, nonce0, SID, 1764000000, 1764000600, "alice", 5);

    /* another ring: unknown KID */
    CU_ASSERT_EQUAL(verify(ring_a, b, &tok), MST_TOKEN_ERR_UNKNOWN_KID);
    CU_ASSERT_EQUAL(verify(NULL, b, &tok), MST_TOKEN_ERR_UNKNOWN_KID);
    CU_ASSERT_EQUAL(verify(ring_b, ab, &tok), MST_TOKEN_ERR_UNKNOWN_KID);
    /* rotation: minted with B, [SPEC, OTHER] verifies and decrypts with key 1 */
    CU_ASSERT_EQUAL(verify(ring_ab, b, &tok), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(tok.key_index, 1);
    CU_ASSERT_STRING_EQUAL(tok.user, "alice");
    /* [SPEC, OTHER] signs with SPEC: the same token as ring_a's */
    CU_ASSERT_STRING_EQUAL(ab, mint(ring_a, nonce0, SID, 1764000000, 1764000600, "alice", 5));
    CU_ASSERT_EQUAL(verify(ring_ab, ab, &tok), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(tok.key_index, 0);
    /* encrypted with B's key, labelled and signed with A's: decrypts with A's key, fails */
    CU_ASSERT_EQUAL(verify(ring_a, with_field(b, 1, "3eb1bd43", ring_a), &tok),
                    MST_TOKEN_ERR_DECRYPT);
    CU_ASSERT_EQUAL(verify(ring_ab, with_field(b, 1, "3eb1bd43", ring_a), &tok),
                    MST_TOKEN_ERR_DECRYPT);
}

static void test_aad_binding(void)
{
    /* columns: a second token differing from W1 (minted with the same key
     * and user) in one field. Its EUSER moved into W1 and re-signed: the
     * MAC verifies, the ciphertext does not. */
    static const struct {
        const char *sid;
        apr_int64_t created, last;
        const char *what;
    } rows[] = {
        {SID2, 1764000000, 1764000600, "SID"},
        {SID, 1764000001, 1764000600, "CREATED"},
        {SID, 1764000000, 1764000601, "LAST"},
        {SID, 1764000000, 1764000600, "nothing"}, /* control: same AAD */
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_token tok;
        const char *other =
            mint(ring_a, nonce0, rows[i].sid, rows[i].created, rows[i].last, "mallory", 7);
        const char *moved = with_field(W1, 5, field(other, 5), ring_a);
        mst_token_status want =
            strcmp(rows[i].what, "nothing") ? MST_TOKEN_ERR_DECRYPT : MST_TOKEN_OK;
        MST_CHECK(verify(ring_a, moved, &tok) == want, "row %zu (%s)", i, rows[i].what);
        MST_CHECK(want != MST_TOKEN_OK || strcmp(tok.user, "mallory") == 0, "row %zu", i);
        /* and the other way round: W1's EUSER into the other token */
        moved = with_field(other, 5, field(W1, 5), ring_a);
        MST_CHECK(verify(ring_a, moved, &tok) == want, "row %zu (%s) reversed", i, rows[i].what);
    }
    /* the time spelling is in the AAD as well */
    {
        mst_token tok;
        const char *t = with_field(W1, 3, "01764000000", ring_a);
        CU_ASSERT_EQUAL(verify(ring_a, t, &tok), MST_TOKEN_ERR_DECRYPT);
    }
}

static void test_malformed_v2(void)
{
    /* columns: everything before the MAC (signed with the SPEC key), expected status */
    static const struct {
        const char *prefix;
        mst_token_status want;
    } rows[] = {
        {HEAD "1764000000.1764000600.EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu0", MST_TOKEN_OK},
        {"v2.3EB1BD43." SID ".1764000000.1764000600.EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu0",
         MST_TOKEN_ERR_KID},
        {"v2.3eb1bd43.AAECAwQFBgcICQoLDA0OD.1764000000.1764000600."
         "EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu0",
         MST_TOKEN_ERR_SID},
        {HEAD "+1764000000.1764000600.EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu0",
         MST_TOKEN_ERR_TIME},
        {HEAD "1764000000.1764000600000.EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu0",
         MST_TOKEN_ERR_TIME},
        {HEAD "1764000000.1764000600.", MST_TOKEN_ERR_USER}, /* empty EUSER */
        {HEAD "1764000000.1764000600.EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu0=",
         MST_TOKEN_ERR_USER},
        {HEAD "1764000000.1764000600.EBESExQVFhcYGRob+S17wMdbKIJOd8KAwfbBI3U7uFu0",
         MST_TOKEN_ERR_USER},
        {HEAD "1764000000.1764000600.ICEiIyQlJicoKSor5OnA5xC-nsHSovoOTaJCk", /* 37 chars */
         MST_TOKEN_ERR_USER},
        {"v2.3eb1bd43." SID ".1764000000.1764000600.EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu0.x",
         MST_TOKEN_ERR_SHAPE},
        {"v2." SID ".1764000000.1764000600.EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu0",
         MST_TOKEN_ERR_SHAPE},
        {"v20.3eb1bd43." SID ".1764000000.1764000600.EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu0",
         MST_TOKEN_ERR_VERSION},
        {"V2.3eb1bd43." SID ".1764000000.1764000600.EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu0",
         MST_TOKEN_ERR_VERSION},
        /* order: signed, so only the rule refuses it (after decryption) */
        {HEAD "1764000600.1764000000.EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu0",
         MST_TOKEN_ERR_DECRYPT}, /* AAD differs from W1's */
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_token tok;
        mst_token_status st = verify(ring_a, sign(ring_a, rows[i].prefix), &tok);
        MST_CHECK(st == rows[i].want, "row %zu: got %s", i, mst_token_status_str(st));
        MST_CHECK(st == MST_TOKEN_OK || tok.key_index == -1, "row %zu", i);
    }
    /* LAST < CREATED with a genuine ciphertext: the name is decrypted, order refused */
    {
        mst_token tok;
        const char *aad = HEAD "1764000600.1764000000";
        unsigned char raw[MST_EUSER_RAW_MAX];
        memcpy(raw, nonce0, MST_AEAD_NONCE_LEN);
        CU_ASSERT_FATAL(mst_keyring_seal(ring_a, 0, nonce0, aad, strlen(aad),
                                         (const unsigned char *)"bob", 3, raw + 12) == 1);
        CU_ASSERT_EQUAL(
            verify(ring_a, sign(ring_a, apr_pstrcat(pool, aad, ".", b64(raw, 31), NULL)), &tok),
            MST_TOKEN_ERR_ORDER);
        CU_ASSERT_STRING_EQUAL(tok.user, "bob");
        CU_ASSERT_EQUAL(tok.key_index, -1);
    }
}

static void test_lengths(void)
{
    static char big[MST_TOKEN_MAX_LEN + 2];
    char user[MST_USER_MAX_LEN + 2];
    const char *aad = HEAD "999999999999.999999999999";
    unsigned char raw[MST_EUSER_RAW_MAX + 1];
    const char *t;
    mst_token tok;
    size_t n;

    /* the longest v2: 255-byte user, 12-digit times: 483 bytes */
    memset(user, 'u', sizeof(user));
    t = mint(ring_a, nonce0, SID, 999999999999, 999999999999, user, 255);
    CU_ASSERT_EQUAL(strlen(t), 483);
    CU_ASSERT_EQUAL(verify(ring_a, t, &tok), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(tok.user_len, 255);
    /* 256 bytes: mint refuses, and a sealed 256-byte name is refused by the parser */
    CU_ASSERT_EQUAL(mst_token_mint_v2(ring_a, nonce0, SID, 1, 2, user, 256, big, sizeof(big)), 0);
    memcpy(raw, nonce0, MST_AEAD_NONCE_LEN);
    CU_ASSERT_FATAL(mst_keyring_seal(ring_a, 0, nonce0, aad, strlen(aad),
                                     (const unsigned char *)user, 256, raw + 12) == 1);
    n = MST_EUSER_RAW_MAX + 1;
    t = sign(ring_a, apr_pstrcat(pool, aad, ".", b64(raw, n), NULL));
    CU_ASSERT_EQUAL(verify(ring_a, t, &tok), MST_TOKEN_ERR_USER);
    CU_ASSERT_EQUAL(parse(t, MST_TOKEN_V2, &tok), MST_TOKEN_ERR_USER);
    /* over 1024 bytes: invalid whatever the content */
    memset(big, 'a', sizeof(big) - 1);
    CU_ASSERT_EQUAL(verify_len(ring_a, big, 1025, MST_TOKEN_V2, &tok), MST_TOKEN_ERR_LENGTH);
    CU_ASSERT_EQUAL(verify_len(ring_a, big, 1024, MST_TOKEN_V2, &tok), MST_TOKEN_ERR_SHAPE);
    CU_ASSERT_EQUAL(verify_len(ring_a, W1, 0, MST_TOKEN_V2, &tok), MST_TOKEN_ERR_LENGTH);
    t = apr_pstrcat(pool, W1, apr_pstrndup(pool, big, 1025 - strlen(W1)), NULL);
    CU_ASSERT_EQUAL(verify_len(ring_a, t, 1025, MST_TOKEN_V2, &tok), MST_TOKEN_ERR_LENGTH);
    CU_ASSERT_EQUAL(verify_len(ring_a, t, 1024, MST_TOKEN_V2, &tok), MST_TOKEN_ERR_MACFORM);
    /* only len bytes count */
    CU_ASSERT_EQUAL(verify_len(ring_a, W1 "trailing", strlen(W1), MST_TOKEN_V2, &tok),
                    MST_TOKEN_OK);
    CU_ASSERT_EQUAL(verify_len(ring_a, W1, strlen(W1) - 1, MST_TOKEN_V2, &tok),
                    MST_TOKEN_ERR_MACFORM);
}

static void test_version_mask(void)
{
    /* columns: value, accepted versions, status of verify, status of parse */
    static const struct {
        const char *value;
        unsigned versions;
        mst_token_status verify, parse;
    } rows[] = {
        {V1, MST_TOKEN_V1, MST_TOKEN_OK, MST_TOKEN_OK},
        {V1, MST_TOKEN_V2, MST_TOKEN_ERR_VERSION, MST_TOKEN_ERR_VERSION},
        {V1, BOTH, MST_TOKEN_OK, MST_TOKEN_OK},
        {V1, 0, MST_TOKEN_ERR_VERSION, MST_TOKEN_ERR_VERSION},
        {W1, MST_TOKEN_V1, MST_TOKEN_ERR_VERSION, MST_TOKEN_ERR_VERSION},
        {W1, MST_TOKEN_V2, MST_TOKEN_OK, MST_TOKEN_OK},
        {W1, BOTH, MST_TOKEN_OK, MST_TOKEN_OK},
        {W1, 0, MST_TOKEN_ERR_VERSION, MST_TOKEN_ERR_VERSION},
        {"", BOTH, MST_TOKEN_ERR_LENGTH, MST_TOKEN_ERR_LENGTH},
        {"", 0, MST_TOKEN_ERR_LENGTH, MST_TOKEN_ERR_LENGTH},
        {"garbage", MST_TOKEN_V1, MST_TOKEN_ERR_SHAPE, MST_TOKEN_ERR_SHAPE},
        {"garbage", MST_TOKEN_V2, MST_TOKEN_ERR_SHAPE, MST_TOKEN_ERR_SHAPE},
        {"garbage", BOTH, MST_TOKEN_ERR_SHAPE, MST_TOKEN_ERR_SHAPE},
        {"v2.", BOTH, MST_TOKEN_ERR_SHAPE, MST_TOKEN_ERR_SHAPE},
        {"v3.a.b.c.d.e.f", BOTH, MST_TOKEN_ERR_VERSION, MST_TOKEN_ERR_VERSION},
        {"v2.a.b.c.d.e.f", BOTH, MST_TOKEN_ERR_KID, MST_TOKEN_ERR_KID},
        {"v1.a.b.c.d.e.f", BOTH, MST_TOKEN_ERR_KID, MST_TOKEN_ERR_KID},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_token tok;
        mst_token_status st =
            verify_len(ring_a, rows[i].value, strlen(rows[i].value), rows[i].versions, &tok);
        MST_CHECK(st == rows[i].verify, "row %zu: verify got %s", i, mst_token_status_str(st));
        MST_CHECK(st != MST_TOKEN_OK || tok.version == (rows[i].value[1] - '0'), "row %zu", i);
        MST_CHECK(st == MST_TOKEN_OK || tok.key_index == -1, "row %zu", i);
        st = parse(rows[i].value, rows[i].versions, &tok);
        MST_CHECK(st == rows[i].parse, "row %zu: parse got %s", i, mst_token_status_str(st));
        MST_CHECK(tok.key_index == -1, "row %zu", i);
    }
    /* the v1 functions still refuse v2 */
    {
        mst_token tok;
        CU_ASSERT_EQUAL(mst_token_parse(W1, strlen(W1), &tok), MST_TOKEN_ERR_VERSION);
        CU_ASSERT_EQUAL(mst_token_verify_mac(ring_a, W1, strlen(W1), &tok), MST_TOKEN_ERR_VERSION);
        CU_ASSERT_EQUAL(mst_token_verify_mac(ring_a, V1, strlen(V1), &tok), MST_TOKEN_OK);
        CU_ASSERT_EQUAL(tok.version, 1);
    }
}

static void test_mint_v2_refuses(void)
{
    /* columns: ring, nonce, sid, created, last, user, user length, buffer size; all give 0 */
    const struct {
        const mst_keyring *ring;
        const unsigned char *nonce;
        const char *sid;
        apr_int64_t created, last;
        const char *user;
        size_t ulen, cap;
    } rows[] = {
        {NULL, nonce0, SID, 1, 2, "bob", 3, 1025},
        {mst_keyring_make(pool), nonce0, SID, 1, 2, "bob", 3, 1025},
        {ring_a, NULL, SID, 1, 2, "bob", 3, 1025},
        {ring_a, nonce0, "AAECAwQFBgcICQoLDA0OD", 1, 2, "bob", 3, 1025},
        {ring_a, nonce0, "AAECAwQFBgcICQoLDA0ODx", 1, 2, "bob", 3, 1025},
        {ring_a, nonce0, SID, -1, 2, "bob", 3, 1025},
        {ring_a, nonce0, SID, 3, 2, "bob", 3, 1025},
        {ring_a, nonce0, SID, 1, 1000000000000, "bob", 3, 1025},
        {ring_a, nonce0, SID, 1, 2, "b\nb", 3, 1025},
        {ring_a, nonce0, SID, 1, 2, "\xc3", 1, 1025},
        {ring_a, nonce0, SID, 1, 2, "bob", 3, 1024},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char *buf = malloc(rows[i].cap);
        CU_ASSERT_FATAL(buf != NULL);
        MST_CHECK(mst_token_mint_v2(rows[i].ring, rows[i].nonce, rows[i].sid, rows[i].created,
                                    rows[i].last, rows[i].user, rows[i].ulen, buf,
                                    rows[i].cap) == 0,
                  "row %zu", i);
        free(buf);
    }
}

static void test_nonce_is_used(void)
{
    /* the same inputs with two nonces: two different tokens, both valid,
     * the nonce readable as the first 12 bytes of EUSER */
    unsigned char other[MST_AEAD_NONCE_LEN], raw[MST_EUSER_RAW_MAX + 8];
    const char *t1 = mint(ring_a, nonce0, SID, 1, 2, "alice", 5), *t2;
    mst_token tok;
    memcpy(other, nonce0, sizeof(other));
    other[0] ^= 1;
    t2 = mint(ring_a, other, SID, 1, 2, "alice", 5);
    CU_ASSERT(strcmp(t1, t2) != 0);
    CU_ASSERT(strcmp(field(t1, 5), field(t2, 5)) != 0);
    CU_ASSERT_EQUAL(verify(ring_a, t2, &tok), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(euser_raw(t1, raw), 5 + MST_EUSER_RAW_MIN);
    CU_ASSERT(memcmp(raw, nonce0, MST_AEAD_NONCE_LEN) == 0);
}

static void test_decrypt_status_string(void)
{
    const char *s = mst_token_status_str(MST_TOKEN_ERR_DECRYPT);
    CU_ASSERT_STRING_EQUAL(s, "user does not decrypt");
    for (int a = MST_TOKEN_OK; a < MST_TOKEN_ERR_DECRYPT; a++) {
        MST_CHECK(strcmp(s, mst_token_status_str((mst_token_status)a)) != 0, "status %d", a);
    }
}

int register_token_v2_suite(void)
{
    static const struct {
        const char *name;
        CU_TestFunc fn;
    } tests[] = {
        {"README v2 vectors", test_readme_vectors},
        {"derived key equals AES-256-GCM with the published key", test_derived_key},
        {"round trips, users of 0..255 bytes", test_round_trip_lengths},
        {"every field tampered", test_tamper_fields},
        {"every byte changed", test_every_byte},
        {"valid MAC, EUSER that does not decrypt", test_valid_mac_bad_ciphertext},
        {"wrong key, rotation", test_wrong_key},
        {"EUSER bound to its token (AAD)", test_aad_binding},
        {"malformed v2", test_malformed_v2},
        {"length limits", test_lengths},
        {"accepted-versions mask", test_version_mask},
        {"mint v2 refuses bad input", test_mint_v2_refuses},
        {"the nonce is the caller's", test_nonce_is_used},
        {"decrypt status string", test_decrypt_status_string},
    };
    CU_pSuite suite = CU_add_suite("token_v2", suite_init, suite_clean);
    if (suite == NULL) {
        return 1;
    }
    for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
        if (CU_add_test(suite, tests[i].name, tests[i].fn) == NULL) {
            return 1;
        }
    }
    return 0;
}

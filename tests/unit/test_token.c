/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* test_token.c: CUnit suite for mst_token.c: the SPEC section 2 vectors,
 * every malformed shape, the MAC, the clock rule, user-name validation and
 * key rotation. Values are verified as the module verifies them
 * (mst_session_find_value: the MAC, then the clock rule) from exact-size
 * copies without a NUL terminator, so valgrind reports any read past len. */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <apr_strings.h>

#include "mst_b64url.h"
#include "mst_session.h"
#include "mst_token.h"
#include "unit_fixture.h"

#define SPEC_SECRET  "0123456789abcdef0123456789abcdef"
#define OTHER_SECRET "a-second-secret-for-key-rotation-tests"
#define SID          "AAECAwQFBgcICQoLDA0ODw"
#define HEAD         "v1.3eb1bd43." SID "."
#define V1           HEAD "1764000000.1764000600.YWxpY2U.Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLelew"
#define V2           HEAD "1764000000.1764000000..Ku2HO_jgU1SdpIyOmBNooVJroxG9OMuUlFtcJFiL5aw"
#define V3                                                                                         \
    HEAD "1700000000.1700003600.asO2cmdAZXhhbXBsZS5vcmc.B0T0zyl1w9VXoAV-LgRMi5rCciRWZ3Bf5joE7W_"   \
         "gVMs"
#define NOW1 1764000600 /* a time at which V1 is not in the future */
#define SKEW 30

static mst_keyring *ring_a;  /* [SPEC] */
static mst_keyring *ring_b;  /* [OTHER] */
static mst_keyring *ring_ab; /* [SPEC, OTHER] */

static int suite_init(void)
{
    if (unit_fixture_open() != 0) {
        return 1;
    }
    ring_a = unit_ring(SPEC_SECRET, NULL);
    ring_b = unit_ring(OTHER_SECRET, NULL);
    ring_ab = unit_ring(SPEC_SECRET, OTHER_SECRET);
    return ring_a == NULL || ring_b == NULL || ring_ab == NULL;
}

/* prefix + "." + the base64url MAC of prefix under key 0 of ring. */
static const char *sign(const mst_keyring *ring, const char *prefix)
{
    unsigned char mac[MST_MAC_RAW_LEN];
    char text[MST_MAC_LEN + 1];
    mst_keyring_hmac(ring, 0, prefix, strlen(prefix), mac);
    mst_b64url_encode(text, mac, sizeof(mac));
    return apr_pstrcat(unit_pool, prefix, ".", text, NULL);
}

/* A signed token whose USER field encodes len bytes of user. */
static const char *signed_with_user(const char *user, size_t len)
{
    char *enc = apr_palloc(unit_pool, MST_B64URL_ENCODED_LEN(len) + 1);
    mst_b64url_encode(enc, (const unsigned char *)user, len);
    return sign(ring_a, apr_pstrcat(unit_pool, HEAD "1764000000.1764000000.", enc, NULL));
}

/* The module's verification of an exact-size copy of len bytes of value
 * (no cache, skew SKEW); *tok is what it found, key_index -1 on failure. */
static mst_token_status verify_len(const mst_keyring *ring, const char *value, size_t len,
                                   apr_int64_t now, mst_token *tok)
{
    char *copy = malloc(len ? len : 1);
    mst_session_ctx ctx;
    mst_session s;
    CU_ASSERT_FATAL(copy != NULL);
    memcpy(copy, value, len);
    ctx.keys = ring;
    ctx.cache = NULL;
    ctx.cookie_name = NULL;
    ctx.cookie_name_len = 0;
    ctx.now = now;
    ctx.skew = SKEW;
    ctx.versions = 0;
    ctx.mint_version = 0;
    mst_session_find_value(&ctx, copy, len, &s);
    free(copy);
    *tok = s.token;
    return s.status;
}

static mst_token_status verify(const mst_keyring *ring, const char *value, apr_int64_t now,
                               mst_token *tok)
{
    return verify_len(ring, value, strlen(value), now, tok);
}

static void test_spec_vectors(void)
{
    /* columns: user, created, last, token */
    static const struct {
        const char *user;
        apr_int64_t created, last;
        const char *token;
    } rows[] = {
        {"alice", 1764000000, 1764000600, V1},
        {"", 1764000000, 1764000000, V2},
        {"j\xc3\xb6rg@example.org", 1700000000, 1700003600, V3},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char buf[MST_TOKEN_MAX_LEN + 1];
        mst_token tok;
        size_t ulen = strlen(rows[i].user);
        apr_size_t n = mst_token_mint(ring_a, SID, rows[i].created, rows[i].last, rows[i].user,
                                      ulen, buf, sizeof(buf));
        MST_CHECK(n == strlen(rows[i].token) && strcmp(buf, rows[i].token) == 0, "vector %zu", i);
        MST_CHECK(verify(ring_a, rows[i].token, rows[i].last, &tok) == MST_TOKEN_OK, "vector %zu",
                  i);
        MST_CHECK(strcmp(tok.kid, "3eb1bd43") == 0 && strcmp(tok.sid, SID) == 0, "vector %zu", i);
        MST_CHECK(tok.created == rows[i].created && tok.last == rows[i].last, "vector %zu", i);
        MST_CHECK(tok.user_len == ulen && strcmp(tok.user, rows[i].user) == 0, "vector %zu", i);
        MST_CHECK(tok.key_index == 0, "vector %zu", i);
        MST_CHECK(tok.signed_len == strlen(rows[i].token) - MST_MAC_LEN - 1, "vector %zu", i);
        MST_CHECK(strcmp(tok.mac, rows[i].token + tok.signed_len + 1) == 0, "vector %zu", i);
    }
}

static void test_sid_encode(void)
{
    unsigned char raw[MST_SID_RAW_LEN];
    char sid[MST_SID_LEN + 1];
    for (int i = 0; i < MST_SID_RAW_LEN; i++) {
        raw[i] = (unsigned char)i;
    }
    mst_sid_encode(raw, sid);
    CU_ASSERT_STRING_EQUAL(sid, SID);
}

/* One row of the malformed-token table. */
typedef struct {
    const char *value; /* the token, or everything before the MAC when sign is set */
    int sign;          /* append a correct MAC under the SPEC key */
    mst_token_status want;
} shape_row;

static void run_shape_rows(const shape_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mst_token tok;
        const char *v = rows[i].sign ? sign(ring_a, rows[i].value) : rows[i].value;
        mst_token_status st = verify(ring_a, v, NOW1, &tok);
        MST_CHECK(st == rows[i].want, "row %zu '%s': got %s", i, rows[i].value,
                  mst_token_status_str(st));
        MST_CHECK(st == MST_TOKEN_OK || tok.key_index == -1, "row %zu", i);
    }
}

static void test_malformed_shapes(void)
{
    /* columns: value (or MAC-less prefix), sign it, expected status */
    static const shape_row rows[] = {
        {V1, 0, MST_TOKEN_OK},
        {"", 0, MST_TOKEN_ERR_LENGTH},
        {"v1", 0, MST_TOKEN_ERR_SHAPE},
        {HEAD "1764000000.1764000600.YWxpY2U", 0, MST_TOKEN_ERR_SHAPE},
        {V1 ".x", 0, MST_TOKEN_ERR_SHAPE},
        {V1 ".", 0, MST_TOKEN_ERR_SHAPE},
        {"." V1, 0, MST_TOKEN_ERR_SHAPE},
        {"......", 0, MST_TOKEN_ERR_VERSION},
        {".......", 0, MST_TOKEN_ERR_SHAPE},
        {"v1.3eb1bd43." SID ".1764000000.1764000600.YWxpY2U", 0, MST_TOKEN_ERR_SHAPE},
        /* version */
        {"v2.3eb1bd43." SID ".1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_VERSION},
        {"V1.3eb1bd43." SID ".1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_VERSION},
        {"v10.3eb1bd43." SID ".1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_VERSION},
        {".3eb1bd43." SID ".1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_VERSION},
        /* KID */
        {"v1.3EB1BD43." SID ".1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_KID},
        {"v1.3eb1bd4." SID ".1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_KID},
        {"v1.3eb1bd433." SID ".1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_KID},
        {"v1.3eb1bd4g." SID ".1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_KID},
        {"v1.." SID ".1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_KID},
        {"v1.00000000." SID ".1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_UNKNOWN_KID},
        /* SID */
        {"v1.3eb1bd43.AAECAwQFBgcICQoLDA0OD.1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_SID},
        {"v1.3eb1bd43.AAECAwQFBgcICQoLDA0ODwA.1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_SID},
        {"v1.3eb1bd43.AAECAwQFBgcICQoLDA0ODw==.1764000000.1764000600.YWxpY2U", 1,
         MST_TOKEN_ERR_SID},
        {"v1.3eb1bd43.AAECAwQFBgcICQoLDA0ODx.1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_SID},
        {"v1.3eb1bd43.AAECAwQFBgcICQoLDA0+Dw.1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_SID},
        {"v1.3eb1bd43.AAECAwQFBgcICQoLDA0/Dw.1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_SID},
        {"v1.3eb1bd43.AAECAwQFBgcICQoLDA0 Dw.1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_SID},
        {"v1.3eb1bd43..1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_SID},
        /* CREATED and LAST */
        {HEAD ".1764000600.YWxpY2U", 1, MST_TOKEN_ERR_TIME},
        {HEAD "1764000000..YWxpY2U", 1, MST_TOKEN_ERR_TIME},
        {HEAD "1764000000000.1764000000000.YWxpY2U", 1, MST_TOKEN_ERR_TIME},
        {HEAD "1764000000.0001764000600.YWxpY2U", 1, MST_TOKEN_ERR_TIME},
        {HEAD "+1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_TIME},
        {HEAD "-1.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_TIME},
        {HEAD "1764000000.+1764000600.YWxpY2U", 1, MST_TOKEN_ERR_TIME},
        {HEAD " 1764000000.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_TIME},
        {HEAD "1764000000 .1764000600.YWxpY2U", 1, MST_TOKEN_ERR_TIME},
        {HEAD "1764000000.1764000600 .YWxpY2U", 1, MST_TOKEN_ERR_TIME},
        {HEAD "0x10.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_TIME},
        {HEAD "1e9.1764000600.YWxpY2U", 1, MST_TOKEN_ERR_TIME},
        {HEAD "01764000000.1764000600.YWxpY2U", 1, MST_TOKEN_OK}, /* leading zero: signed */
        /* USER */
        {HEAD "1764000000.1764000600.YWxpY2U=", 1, MST_TOKEN_ERR_USER},
        {HEAD "1764000000.1764000600.YWx+Y2U", 1, MST_TOKEN_ERR_USER},
        {HEAD "1764000000.1764000600.YWx/Y2U", 1, MST_TOKEN_ERR_USER},
        {HEAD "1764000000.1764000600.YWxp Y2U", 1, MST_TOKEN_ERR_USER},
        {HEAD "1764000000.1764000600.YWxpY2", 1, MST_TOKEN_ERR_USER},
        {HEAD "1764000000.1764000600.Y", 1, MST_TOKEN_ERR_USER},
        {HEAD "1764000000.1764000600.YWxpY2V", 1, MST_TOKEN_ERR_USER},
        /* MAC */
        {V1 "A", 0, MST_TOKEN_ERR_MACFORM},
        {HEAD "1764000000.1764000600.YWxpY2U.Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLele", 0,
         MST_TOKEN_ERR_MACFORM},
        {HEAD "1764000000.1764000600.YWxpY2U.Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLelew=", 0,
         MST_TOKEN_ERR_MACFORM},
        {HEAD "1764000000.1764000600.YWxpY2U.Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLel+w", 0,
         MST_TOKEN_ERR_MACFORM},
        {HEAD "1764000000.1764000600.YWxpY2U.", 0, MST_TOKEN_ERR_MACFORM},
        {HEAD "1764000000.1764000600.YWxpY2U.Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLelex", 0,
         MST_TOKEN_ERR_MACFORM},
        {HEAD "1764000000.1764000600.YWxpY2U.Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLelew", 0,
         MST_TOKEN_OK},
        {HEAD "1764000000.1764000600.Ym9i.Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLelew", 0,
         MST_TOKEN_ERR_MAC},
        {HEAD "1764000000.1764000601.YWxpY2U.Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLelew", 0,
         MST_TOKEN_ERR_MAC},
        /* order of the times (signed, so only the rule can refuse them) */
        {HEAD "1764000600.1764000000.YWxpY2U", 1, MST_TOKEN_ERR_ORDER},
        {HEAD "1764000001.1764000000.YWxpY2U", 1, MST_TOKEN_ERR_ORDER},
        {HEAD "1764000000.1764000000.YWxpY2U", 1, MST_TOKEN_OK},
    };
    run_shape_rows(rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_future(void)
{
    /* columns: created, last, now, expected status, expected last, clamped
     * (skew is 30 s) */
    static const struct {
        apr_int64_t created, last, now;
        mst_token_status want;
        apr_int64_t want_last;
        int clamped;
    } rows[] = {
        {1764000000, 1764000600, 1764000600, MST_TOKEN_OK, 1764000600, 0},
        {1764000000, 1764000600, 1764000570, MST_TOKEN_OK, 1764000600, 0}, /* last = now + skew */
        /* last = now + skew + 1: the rule clamps LAST to now */
        {1764000000, 1764000600, 1764000569, MST_TOKEN_OK, 1764000569, 1},
        {1764000000, 1764000000, 1763999970, MST_TOKEN_OK, 1764000000, 0}, /* = now + skew */
        {1764000000, 1764000000, 1763999969, MST_TOKEN_ERR_FUTURE, 0, 0},
        {1764000000, 1764000000, 0, MST_TOKEN_ERR_FUTURE, 0, 0},
        {4102444800, 4102444800, 4102444800, MST_TOKEN_OK, 4102444800, 0}, /* 2100-01-01 */
        {4102444800, 4102444800, 4102444769, MST_TOKEN_ERR_FUTURE, 0, 0},
        {999999999999, 999999999999, 999999999999, MST_TOKEN_OK, 999999999999, 0}, /* 12 digits */
        {999999999999, 999999999999, 999999999968, MST_TOKEN_ERR_FUTURE, 0, 0},
        {0, 0, 0, MST_TOKEN_OK, 0, 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char buf[MST_TOKEN_MAX_LEN + 1];
        mst_token tok;
        mst_token_status st;
        apr_size_t n =
            mst_token_mint(ring_a, SID, rows[i].created, rows[i].last, "bob", 3, buf, sizeof(buf));
        MST_CHECK(n > 0, "row %zu", i);
        st = verify(ring_a, buf, rows[i].now, &tok);
        MST_CHECK(st == rows[i].want, "row %zu: got %s", i, mst_token_status_str(st));
        MST_CHECK(st != MST_TOKEN_OK ||
                      (tok.created == rows[i].created && tok.last == rows[i].want_last &&
                       tok.last_clamped == rows[i].clamped && strcmp(tok.user, "bob") == 0),
                  "row %zu", i);
    }
}

static void test_clock_step(void)
{
    /* columns: created, last, now, expected status, expected last, clamped
     * (skew 30 s; a server clock stepped back leaves LAST in the future) */
    static const struct {
        apr_int64_t created, last, now;
        mst_token_status want;
        apr_int64_t want_last;
        int clamped;
    } rows[] = {
        {1000, 2000, 2000, MST_TOKEN_OK, 2000, 0},        /* ordinary */
        {1000, 2000, 1970, MST_TOKEN_OK, 2000, 0},        /* LAST = now + skew */
        {1000, 2000, 1969, MST_TOKEN_OK, 1969, 1},        /* LAST beyond skew: now */
        {1000, 9000, 1500, MST_TOKEN_OK, 1500, 1},        /* a big step back */
        {1000, 2000, 990, MST_TOKEN_OK, 1000, 1},         /* never before CREATED */
        {1000, 2000, 970, MST_TOKEN_OK, 1000, 1},         /* CREATED = now + skew */
        {1000, 2000, 969, MST_TOKEN_ERR_FUTURE, 2000, 0}, /* CREATED beyond skew */
        {4102444800, 4102444900, 4102444800, MST_TOKEN_OK, 4102444800, 1}, /* post-2038 */
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_token tok;
        mst_token_status st;
        memset(&tok, 0, sizeof(tok));
        tok.created = rows[i].created;
        tok.last = rows[i].last;
        st = mst_token_check_time(&tok, rows[i].now, SKEW);
        MST_CHECK(st == rows[i].want, "row %zu: got %s", i, mst_token_status_str(st));
        MST_CHECK(tok.last == rows[i].want_last, "row %zu: last %" APR_INT64_T_FMT, i, tok.last);
        MST_CHECK(tok.last_clamped == rows[i].clamped, "row %zu", i);
        /* the rule takes a token unchanged exactly when neither time is
         * beyond the skew */
        MST_CHECK((st == MST_TOKEN_OK && !tok.last_clamped) ==
                      (rows[i].created <= rows[i].now + SKEW && rows[i].last <= rows[i].now + SKEW),
                  "row %zu unchanged", i);
    } /* A negative skew counts as 0: a LAST below now is never "in the
       * future", so it is never moved up (to a now that may not fit 12 digits,
       * as the fuzzer found with now near 10^15). */
    {
        mst_token t2;
        memset(&t2, 0, sizeof(t2));
        t2.created = 1764000000;
        t2.last = 1764000600;
        CU_ASSERT_EQUAL(mst_token_check_time(&t2, APR_INT64_C(5000000000000000),
                                             -APR_INT64_C(4999990000000000)),
                        MST_TOKEN_OK);
        CU_ASSERT_EQUAL(t2.last, 1764000600);
        CU_ASSERT_EQUAL(t2.last_clamped, 0);
        /* CREATED = now is not in the future, whatever a negative skew says */
        CU_ASSERT_EQUAL(mst_token_check_time(&t2, 1764000000, -1), MST_TOKEN_OK);
    }
}

static void test_verify_mac_without_clock(void)
{
    mst_token tok;
    /* V1 verifies by MAC whatever the time; verify() adds the clock */
    CU_ASSERT_EQUAL(mst_token_verify_mac(ring_a, V1, strlen(V1), &tok), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(tok.key_index, 0);
    CU_ASSERT_EQUAL(tok.last_clamped, 0);
    CU_ASSERT_EQUAL(mst_token_verify_mac(ring_b, V1, strlen(V1), &tok), MST_TOKEN_ERR_UNKNOWN_KID);
    CU_ASSERT_EQUAL(verify(ring_a, V1, 0, &tok), MST_TOKEN_ERR_FUTURE);
    CU_ASSERT_EQUAL(tok.key_index, -1);
}

static void test_mac_bit_flips(void)
{
    /* Every one-bit change of every MAC character: a canonical result is a
     * wrong MAC, anything else is a malformed MAC. Never OK. */
    size_t mac_at = strlen(V1) - MST_MAC_LEN;
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int wrong_mac = 0;

    for (size_t pos = 0; pos < MST_MAC_LEN; pos++) {
        for (int bit = 0; bit < 6; bit++) {
            char v[sizeof(V1)];
            unsigned char raw[MST_MAC_RAW_LEN];
            mst_token tok;
            int six = (int)(strchr(alphabet, V1[mac_at + pos]) - alphabet) ^ (1 << bit);
            int canonical;
            memcpy(v, V1, sizeof(V1));
            v[mac_at + pos] = alphabet[six];
            canonical =
                mst_b64url_decode(raw, sizeof(raw), v + mac_at, MST_MAC_LEN) == MST_MAC_RAW_LEN;
            wrong_mac += canonical;
            MST_CHECK(verify(ring_a, v, NOW1, &tok) ==
                          (canonical ? MST_TOKEN_ERR_MAC : MST_TOKEN_ERR_MACFORM),
                      "position %zu bit %d", pos, bit);
        }
    }
    CU_ASSERT_EQUAL(wrong_mac, 42 * 6 + 4); /* the last character carries 4 bits */
}

static void test_lengths(void)
{
    static char big[MST_TOKEN_MAX_LEN + 2];
    mst_token tok;
    char *long_valid;

    memset(big, 'a', sizeof(big) - 1);
    CU_ASSERT_EQUAL(verify_len(ring_a, big, 1025, NOW1, &tok), MST_TOKEN_ERR_LENGTH);
    CU_ASSERT_EQUAL(verify_len(ring_a, big, 1024, NOW1, &tok), MST_TOKEN_ERR_SHAPE);
    CU_ASSERT_EQUAL(verify_len(ring_a, big, 1, NOW1, &tok), MST_TOKEN_ERR_SHAPE);
    CU_ASSERT_EQUAL(verify_len(ring_a, V1, 0, NOW1, &tok), MST_TOKEN_ERR_LENGTH);
    /* a valid token padded past the limit */
    long_valid = apr_pstrcat(unit_pool, V1, NULL);
    long_valid =
        apr_pstrcat(unit_pool, long_valid, apr_pstrndup(unit_pool, big, 1025 - strlen(V1)), NULL);
    CU_ASSERT_EQUAL(verify_len(ring_a, long_valid, 1025, NOW1, &tok), MST_TOKEN_ERR_LENGTH);
    CU_ASSERT_EQUAL(verify_len(ring_a, long_valid, 1024, NOW1, &tok), MST_TOKEN_ERR_MACFORM);
    /* a prefix of the vector: only len bytes count */
    CU_ASSERT_EQUAL(verify_len(ring_a, V1 "trailing", strlen(V1), NOW1, &tok), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(verify_len(ring_a, V1, strlen(V1) - 1, NOW1, &tok), MST_TOKEN_ERR_MACFORM);
}

static void test_user_in_token(void)
{
    /* columns: user bytes, length, expected status of a correctly signed token */
    static const struct {
        const char *user;
        size_t len;
        mst_token_status want;
    } rows[] = {
        {"alice", 5, MST_TOKEN_OK},
        {"j\xc3\xb6rg", 5, MST_TOKEN_OK},
        {"\xf0\x9f\x98\x80", 4, MST_TOKEN_OK},
        {"\xc0\xaf", 2, MST_TOKEN_ERR_USER},         /* overlong '/' */
        {"\xe0\x80\xaf", 3, MST_TOKEN_ERR_USER},     /* overlong, 3 bytes */
        {"\xed\xa0\x80", 3, MST_TOKEN_ERR_USER},     /* surrogate U+D800 */
        {"\xf4\x90\x80\x80", 4, MST_TOKEN_ERR_USER}, /* U+110000 */
        {"a\x80", 2, MST_TOKEN_ERR_USER},            /* lone continuation */
        {"a\xc3", 2, MST_TOKEN_ERR_USER},            /* truncated sequence */
        {"a\0b", 3, MST_TOKEN_ERR_USER},             /* NUL */
        {"a\x1f", 2, MST_TOKEN_ERR_USER},            /* C0 */
        {"a\n", 2, MST_TOKEN_ERR_USER},
        {"a\x7f", 2, MST_TOKEN_ERR_USER},     /* DEL */
        {"a\xc2\x85", 3, MST_TOKEN_ERR_USER}, /* C1 NEL */
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_token tok;
        mst_token_status st =
            verify(ring_a, signed_with_user(rows[i].user, rows[i].len), NOW1, &tok);
        MST_CHECK(st == rows[i].want, "row %zu: got %s", i, mst_token_status_str(st));
        MST_CHECK(st != MST_TOKEN_OK || (tok.user_len == rows[i].len &&
                                         memcmp(tok.user, rows[i].user, tok.user_len) == 0 &&
                                         tok.user[tok.user_len] == '\0'),
                  "row %zu", i);
    }
}

static void test_user_length_limit(void)
{
    char user[MST_USER_MAX_LEN + 2];
    char buf[MST_TOKEN_MAX_LEN + 1];
    mst_token tok;

    memset(user, 'u', sizeof(user));
    CU_ASSERT(mst_token_mint(ring_a, SID, 1, 2, user, 255, buf, sizeof(buf)) > 0);
    CU_ASSERT_EQUAL(verify(ring_a, buf, 2, &tok), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(tok.user_len, 255);
    CU_ASSERT_EQUAL(strlen(tok.user), 255);
    CU_ASSERT_EQUAL(mst_token_mint(ring_a, SID, 1, 2, user, 256, buf, sizeof(buf)), 0);
    CU_ASSERT_EQUAL(verify(ring_a, signed_with_user(user, 255), NOW1, &tok), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(verify(ring_a, signed_with_user(user, 256), NOW1, &tok), MST_TOKEN_ERR_USER);
    CU_ASSERT_EQUAL(verify(ring_a, signed_with_user(user, 257), NOW1, &tok), MST_TOKEN_ERR_USER);
}

static void test_post_2038_mint(void)
{
    /* columns: created, last, expected token prefix (mint output before the MAC) */
    static const struct {
        apr_int64_t created, last;
        const char *prefix;
    } rows[] = {
        {2147483648, 2147483648, HEAD "2147483648.2147483648.Ym9i."},
        {4102444800, 4102444800, HEAD "4102444800.4102444800.Ym9i."},
        {999999999999, 999999999999, HEAD "999999999999.999999999999.Ym9i."},
        {0, 999999999999, HEAD "0.999999999999.Ym9i."},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char buf[MST_TOKEN_MAX_LEN + 1];
        mst_token tok;
        MST_CHECK(mst_token_mint(ring_a, SID, rows[i].created, rows[i].last, "bob", 3, buf,
                                 sizeof(buf)) > 0,
                  "row %zu", i);
        MST_CHECK(strncmp(buf, rows[i].prefix, strlen(rows[i].prefix)) == 0, "row %zu", i);
        MST_CHECK(verify(ring_a, buf, rows[i].last, &tok) == MST_TOKEN_OK, "row %zu", i);
        MST_CHECK(tok.created == rows[i].created && tok.last == rows[i].last, "row %zu", i);
    }
}

static void test_mint_refuses(void)
{
    /* columns: ring, sid, created, last, user, user length, buffer size; all give 0 */
    const struct {
        const mst_keyring *ring;
        const char *sid;
        apr_int64_t created, last;
        const char *user;
        size_t ulen, cap;
    } rows[] = {
        {NULL, SID, 1, 2, "bob", 3, 1025},
        {mst_keyring_make(unit_pool), SID, 1, 2, "bob", 3, 1025},
        {ring_a, "AAECAwQFBgcICQoLDA0OD", 1, 2, "bob", 3, 1025},
        {ring_a, "AAECAwQFBgcICQoLDA0ODwA", 1, 2, "bob", 3, 1025},
        {ring_a, "AAECAwQFBgcICQoLDA0ODx", 1, 2, "bob", 3, 1025},
        {ring_a, "AAECAwQFBgcICQoLDA0+Dw", 1, 2, "bob", 3, 1025},
        {ring_a, "", 1, 2, "bob", 3, 1025},
        {ring_a, SID, -1, 2, "bob", 3, 1025},
        {ring_a, SID, 3, 2, "bob", 3, 1025},
        {ring_a, SID, 1, 1000000000000, "bob", 3, 1025},
        {ring_a, SID, 1000000000000, 1000000000000, "bob", 3, 1025},
        {ring_a, SID, 1, 2, "b\nb", 3, 1025},
        {ring_a, SID, 1, 2, "\xc3", 1, 1025},
        {ring_a, SID, 1, 2, "bob", 3, 1024},
        {ring_a, SID, 1, 2, "bob", 3, 100},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char *buf = malloc(rows[i].cap);
        CU_ASSERT_FATAL(buf != NULL);
        MST_CHECK(mst_token_mint(rows[i].ring, rows[i].sid, rows[i].created, rows[i].last,
                                 rows[i].user, rows[i].ulen, buf, rows[i].cap) == 0,
                  "row %zu", i);
        free(buf);
    }
}

static void test_rotation(void)
{
    char buf[MST_TOKEN_MAX_LEN + 1];
    mst_token tok;

    /* minted with B, verified by [A, B]: key 1 */
    CU_ASSERT_FATAL(
        mst_token_mint(ring_b, SID, 1764000000, 1764000600, "alice", 5, buf, sizeof(buf)) > 0);
    CU_ASSERT_EQUAL(verify(ring_ab, buf, NOW1, &tok), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(tok.key_index, 1);
    CU_ASSERT_STRING_EQUAL(tok.kid, mst_keyring_kid(ring_b, 0));
    CU_ASSERT_EQUAL(verify(ring_a, buf, NOW1, &tok), MST_TOKEN_ERR_UNKNOWN_KID);
    CU_ASSERT_EQUAL(verify(NULL, buf, NOW1, &tok), MST_TOKEN_ERR_UNKNOWN_KID);
    /* minted with [A, B]: signed by A, key 0 everywhere A is known */
    CU_ASSERT_FATAL(
        mst_token_mint(ring_ab, SID, 1764000000, 1764000600, "alice", 5, buf, sizeof(buf)) > 0);
    CU_ASSERT_STRING_EQUAL(buf, V1);
    CU_ASSERT_EQUAL(verify(ring_ab, buf, NOW1, &tok), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(tok.key_index, 0);
    CU_ASSERT_EQUAL(verify(ring_b, buf, NOW1, &tok), MST_TOKEN_ERR_UNKNOWN_KID);
    /* B's KID with A's MAC */
    memcpy(buf + 3, mst_keyring_kid(ring_b, 0), MST_KID_LEN);
    CU_ASSERT_EQUAL(verify(ring_ab, buf, NOW1, &tok), MST_TOKEN_ERR_MAC);
}

static void test_parse_only(void)
{
    mst_token tok;
    const char *v;
    /* parse does not check the MAC, the KID or the clock */
    CU_ASSERT_EQUAL(mst_token_parse(V1, strlen(V1), &tok), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(tok.key_index, -1);
    CU_ASSERT_EQUAL(tok.created, 1764000000);
    CU_ASSERT_EQUAL(mst_token_parse(V1, strlen(V1) - 1, &tok), MST_TOKEN_ERR_MACFORM);
    /* LAST < CREATED, another key's KID, a far-future time: parse accepts */
    v = sign(ring_b, "v1.00000000." SID ".999999999999.1.YWxpY2U");
    CU_ASSERT_EQUAL(mst_token_parse(v, strlen(v), &tok), MST_TOKEN_OK);
    CU_ASSERT_STRING_EQUAL(tok.kid, "00000000");
    CU_ASSERT_EQUAL(tok.created, 999999999999);
    CU_ASSERT_EQUAL(tok.last, 1);
    CU_ASSERT_EQUAL(tok.key_index, -1);
}

static void test_status_strings(void)
{
    for (int a = MST_TOKEN_OK; a <= MST_TOKEN_ERR_FUTURE; a++) {
        const char *sa = mst_token_status_str((mst_token_status)a);
        MST_CHECK(sa != NULL && sa[0] != '\0' && strcmp(sa, "unknown") != 0, "status %d", a);
        for (int b = a + 1; b <= MST_TOKEN_ERR_FUTURE; b++) {
            MST_CHECK(strcmp(sa, mst_token_status_str((mst_token_status)b)) != 0, "%d vs %d", a, b);
        }
    }
    CU_ASSERT_STRING_EQUAL(mst_token_status_str(MST_TOKEN_ERR_MAC), "bad mac");
}

static void test_user_valid(void)
{
    /* columns: bytes, length, allow_empty, valid */
    static const struct {
        const char *s;
        size_t len;
        int allow_empty, valid;
    } rows[] = {
        {"", 0, 1, 1},
        {"", 0, 0, 0},
        {"alice", 5, 0, 1},
        {"a b", 3, 0, 1},
        {"~", 1, 0, 1},
        {"j\xc3\xb6rg@example.org", 17, 0, 1},
        {"\xc2\xa0", 2, 0, 1},         /* U+00A0, first after C1 */
        {"\xe2\x82\xac", 3, 0, 1},     /* U+20AC */
        {"\xef\xbf\xbd", 3, 0, 1},     /* U+FFFD */
        {"\xed\x9f\xbf", 3, 0, 1},     /* U+D7FF */
        {"\xee\x80\x80", 3, 0, 1},     /* U+E000 */
        {"\xf0\x90\x80\x80", 4, 0, 1}, /* U+10000 */
        {"\xf4\x8f\xbf\xbf", 4, 0, 1}, /* U+10FFFF */
        {"\xc0\x80", 2, 0, 0},         /* overlong NUL */
        {"\xc1\xbf", 2, 0, 0},         /* overlong */
        {"\xe0\x80\x80", 3, 0, 0},     /* overlong, 3 bytes */
        {"\xe0\x9f\xbf", 3, 0, 0},     /* overlong U+07FF */
        {"\xf0\x80\x80\x80", 4, 0, 0}, /* overlong, 4 bytes */
        {"\xf0\x8f\xbf\xbf", 4, 0, 0}, /* overlong U+FFFF */
        {"\xed\xa0\x80", 3, 0, 0},     /* U+D800 */
        {"\xed\xbf\xbf", 3, 0, 0},     /* U+DFFF */
        {"\xf4\x90\x80\x80", 4, 0, 0}, /* U+110000 */
        {"\xf5\x80\x80\x80", 4, 0, 0}, /* lead above F4 */
        {"\xff", 1, 0, 0},
        {"\xfe", 1, 0, 0},
        {"\x80", 1, 0, 0}, /* lone continuation */
        {"a\xbf", 2, 0, 0},
        {"\xc3", 1, 0, 0},         /* truncated 2-byte */
        {"\xe2\x82", 2, 0, 0},     /* truncated 3-byte */
        {"\xf0\x9f\x98", 3, 0, 0}, /* truncated 4-byte */
        {"\xc3x", 2, 0, 0},        /* bad continuation */
        {"\xe2\x82x", 3, 0, 0},
        {"a\0", 2, 0, 0}, /* NUL */
        {"\x01", 1, 0, 0},
        {"\t", 1, 0, 0},
        {"\r", 1, 0, 0},
        {"\x1f", 1, 0, 0},
        {"\x7f", 1, 0, 0},     /* DEL */
        {"\xc2\x80", 2, 0, 0}, /* U+0080 */
        {"\xc2\x9f", 2, 0, 0}, /* U+009F */
    };
    char big[MST_USER_MAX_LEN + 1];

    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char *copy = malloc(rows[i].len ? rows[i].len : 1); /* exact size: no over-read */
        CU_ASSERT_FATAL(copy != NULL);
        memcpy(copy, rows[i].s, rows[i].len);
        MST_CHECK(mst_user_valid(copy, rows[i].len, rows[i].allow_empty) == rows[i].valid,
                  "row %zu", i);
        free(copy);
    }
    memset(big, 'x', sizeof(big));
    CU_ASSERT_EQUAL(mst_user_valid(big, 255, 0), 1);
    CU_ASSERT_EQUAL(mst_user_valid(big, 256, 0), 0);
    /* 254 ASCII + a 2-byte character = 256 bytes */
    memcpy(big + 254, "\xc3\xb6", 2);
    CU_ASSERT_EQUAL(mst_user_valid(big, 256, 0), 0);
    memcpy(big + 253, "\xc3\xb6", 2);
    CU_ASSERT_EQUAL(mst_user_valid(big, 255, 0), 1);
}

int register_token_suite(void)
{
    static const unit_test tests[] = {
        {"SPEC section 2 vectors", test_spec_vectors},
        {"SID encoding", test_sid_encode},
        {"malformed shapes", test_malformed_shapes},
        {"timestamps from the future, post-2038", test_future},
        {"server clock stepped back", test_clock_step},
        {"MAC check without the clock", test_verify_mac_without_clock},
        {"every MAC bit flip", test_mac_bit_flips},
        {"length limit 1024", test_lengths},
        {"user names inside tokens", test_user_in_token},
        {"255 vs 256 byte user", test_user_length_limit},
        {"mint post-2038 times", test_post_2038_mint},
        {"mint refuses bad input", test_mint_refuses},
        {"key rotation", test_rotation},
        {"parse without verify", test_parse_only},
        {"status strings", test_status_strings},
        {"mst_user_valid", test_user_valid},
    };
    return UNIT_REGISTER("token", suite_init, unit_fixture_close, tests);
}

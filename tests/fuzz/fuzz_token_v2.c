/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* fuzz_token_v2.c: libFuzzer target for the token v2 parser, verifier and
 * minter and the version dispatch (mst_token_v2.h; README "Token format").
 *
 * Input: the cookie value, optionally followed by a NUL byte and mint
 * parameters: nonce (12 bytes), SID (16 raw bytes), CREATED (8 bytes,
 * little-endian, taken modulo 10^12), LAST - CREATED (8 bytes, modulo what
 * is left below 10^12), flags (1 byte: bit 0 signs with key 1), mutation
 * seeds (4 bytes) and the user name (the rest, at most 255 bytes). Missing
 * bytes are zero; without a NUL the value itself is the user name. Every
 * value is handed over in an exact-size heap copy, so any read past len is
 * an ASan error.
 *
 * The ring is built once from two fixed secrets: key 0 is the SPEC secret,
 * key 1 another one. Properties checked:
 * - on the value, with v2 accepted: a failed parse fails verify with the
 *   same status and no key; a value not starting "v2." fails with length,
 *   shape or version only; a parsed token has the shape the header
 *   promises (version 2, the KID of the text, 22-char SID, times below
 *   10^12, the name still empty, EUSER of 38-378 characters, 43-char MAC,
 *   signed_len at the last '.'); a NULL ring knows no KID; verify only adds
 *   KID, MAC, decryption, user and order failures; the mask dispatches
 *   (v1|v2 equals v2 on "v2." values and v1's own functions otherwise; v1
 *   alone refuses "v2." values; an empty mask refuses everything);
 * - a value that verifies has the verifying key's KID and a valid user,
 *   LAST >= CREATED, re-mints byte for byte from its fields and its own
 *   nonce (when the times have no leading zeros; otherwise to the same
 *   fields), verifies through the token cache with the same result, and
 *   fails after any of several single-byte changes;
 * - from the mint parameters: mint succeeds exactly for a valid user, the
 *   value is at most 483 bytes, starts EUSER with the nonce and does not
 *   hold the name in clear, and round-trips (fields, user, key index),
 *   the same nonce gives the same value and another nonce another valid
 *   value, v1 of the same inputs is refused under v2 alone, one byte
 *   changed in each field or at fuzzer-chosen places never verifies, a
 *   strict prefix never verifies, a changed EUSER byte re-signed does not
 *   decrypt, and EUSER moved into a token with another LAST and re-signed
 *   does not decrypt. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "mst_b64url.h"
#include "mst_cache.h"
#include "mst_keys.h"
#include "mst_token.h"
#include "mst_token_v2.h"

#define TIME_LIMIT APR_INT64_C(1000000000000)
#define BOTH       (MST_TOKEN_V1 | MST_TOKEN_V2)

static const char secret0[] = "0123456789abcdef0123456789abcdef"; /* SPEC test secret */
static const char secret1[] = "fuzz-second-key-fuzz-second-key-0123";

static mst_keyring *verify_ring;  /* key 0 = secret0, key 1 = secret1 */
static mst_keyring *sign_ring[2]; /* sign_ring[k] signs with key k of verify_ring */
static mst_token_cache *cache;

static mst_keyring *ring_of(apr_pool_t *p, const char *first, const char *second)
{
    mst_keyring *ring = mst_keyring_make(p);
    FUZZ_CHECK(mst_keyring_add(ring, p, (const unsigned char *)first, strlen(first)) == NULL);
    if (second != NULL) {
        FUZZ_CHECK(mst_keyring_add(ring, p, (const unsigned char *)second, strlen(second)) == NULL);
    }
    return ring;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static apr_pool_t *ring_pool;
    (void)argc;
    (void)argv;
    (void)fuzz_pool();
    FUZZ_CHECK(apr_pool_create(&ring_pool, NULL) == APR_SUCCESS);
    verify_ring = ring_of(ring_pool, secret0, secret1);
    sign_ring[0] = verify_ring;
    sign_ring[1] = ring_of(ring_pool, secret1, NULL);
    FUZZ_CHECK(strcmp(mst_keyring_kid(verify_ring, 0), "3eb1bd43") == 0);
    FUZZ_CHECK(strcmp(mst_keyring_kid(verify_ring, 1), mst_keyring_kid(sign_ring[1], 0)) == 0);
    cache = apr_pcalloc(ring_pool, sizeof(*cache));
    return 0;
}

static int starts_v2(const char *v, size_t len)
{
    return len >= 3 && v[0] == 'v' && v[1] == '2' && v[2] == '.';
}

/* Start and length of field i (0-6) of a value known to have 7 fields. */
static const char *field_of(const char *v, size_t len, int i, size_t *flen)
{
    const char *p = v, *end = v + len, *dot;
    for (int k = 0; k < i; k++) {
        p = (const char *)memchr(p, '.', (size_t)(end - p)) + 1;
    }
    dot = memchr(p, '.', (size_t)(end - p));
    *flen = (size_t)((dot ? dot : end) - p);
    return p;
}

/* 1 if CREATED and LAST are spelled without leading zeros. */
static int times_canonical(const char *v, size_t len)
{
    for (int i = 3; i <= 4; i++) {
        size_t fl;
        const char *f = field_of(v, len, i, &fl);
        if (fl > 1 && f[0] == '0') {
            return 0;
        }
    }
    return 1;
}

static mst_token_status verify_copy(const mst_keyring *ring, const char *v, size_t len,
                                    unsigned versions, mst_token *out)
{
    char *copy = fuzz_dup_exact(v, len);
    mst_token_status st = mst_token_verify_mac_versions(ring, copy, len, versions, out);
    free(copy);
    return st;
}

/* v with the MAC replaced by key 0 of ring's MAC over everything before it,
 * into buf (MST_TOKEN_MAX_LEN + 1 bytes). */
static void resign(const mst_keyring *ring, char *buf, size_t len)
{
    unsigned char mac[MST_MAC_RAW_LEN];
    size_t signed_len = len - MST_MAC_LEN - 1;
    mst_keyring_hmac(ring, 0, buf, signed_len, mac);
    mst_b64url_encode(buf + signed_len + 1, mac, sizeof(mac));
}

/* Single-byte changes at the given positions never verify. */
static void check_changes(const char *v, size_t len, const uint8_t seeds[4])
{
    char buf[MST_TOKEN_MAX_LEN + 1];
    for (int k = 0; k < 4; k++) {
        size_t pos = (size_t)(seeds[k] * 131u + (unsigned)k * 977u) % len;
        uint8_t x = (uint8_t)(seeds[(k + 1) % 4] | 1u);
        mst_token t;
        memcpy(buf, v, len);
        buf[pos] = (char)(buf[pos] ^ x);
        FUZZ_CHECK(verify_copy(verify_ring, buf, len, BOTH, &t) != MST_TOKEN_OK);
        FUZZ_CHECK(t.key_index == -1);
    }
}

static void check_shape(const char *v, size_t len, const mst_token *t)
{
    unsigned char raw[MST_SID_RAW_LEN + 1];
    const char *last_dot = NULL;
    size_t elen;

    for (size_t i = 0; i < len; i++) {
        if (v[i] == '.') {
            last_dot = v + i;
        }
    }
    FUZZ_CHECK(t->version == 2 && t->key_index == -1);
    FUZZ_CHECK(strlen(t->kid) == MST_KID_LEN && memcmp(t->kid, v + 3, MST_KID_LEN) == 0);
    FUZZ_CHECK(strlen(t->sid) == MST_SID_LEN);
    FUZZ_CHECK(mst_b64url_decode(raw, sizeof(raw), t->sid, MST_SID_LEN) == MST_SID_RAW_LEN);
    FUZZ_CHECK(t->created >= 0 && t->created < TIME_LIMIT);
    FUZZ_CHECK(t->last >= 0 && t->last < TIME_LIMIT);
    FUZZ_CHECK(t->user_len == 0 && t->user[0] == '\0');
    (void)field_of(v, len, 5, &elen);
    FUZZ_CHECK(elen >= MST_B64URL_ENCODED_LEN(MST_EUSER_RAW_MIN) &&
               elen <= MST_B64URL_ENCODED_LEN(MST_EUSER_RAW_MAX));
    FUZZ_CHECK(strlen(t->mac) == MST_MAC_LEN);
    FUZZ_CHECK(last_dot != NULL && t->signed_len == (apr_size_t)(last_dot - v));
    FUZZ_CHECK(memcmp(t->mac, last_dot + 1, MST_MAC_LEN) == 0 && len == t->signed_len + 44);
}

static void check_verified(const char *v, size_t len, const mst_token *t, const uint8_t seeds[4])
{
    unsigned char euser[MST_EUSER_RAW_MAX];
    char buf[MST_TOKEN_MAX_LEN + 1];
    size_t elen;
    const char *e = field_of(v, len, 5, &elen);
    mst_token again, cached;
    apr_size_t n;

    FUZZ_CHECK(t->version == 2 && (t->key_index == 0 || t->key_index == 1));
    FUZZ_CHECK(strcmp(t->kid, mst_keyring_kid(verify_ring, t->key_index)) == 0);
    FUZZ_CHECK(mst_user_valid(t->user, t->user_len, 1) && strlen(t->user) == t->user_len);
    FUZZ_CHECK(t->last >= t->created);
    FUZZ_CHECK(mst_b64url_decode(euser, sizeof(euser), e, elen) ==
               (apr_ssize_t)(MST_EUSER_RAW_MIN + t->user_len));

    /* re-mint with the key that verified and the token's own nonce */
    n = mst_token_mint_v2(sign_ring[t->key_index], euser, t->sid, t->created, t->last, t->user,
                          t->user_len, buf, sizeof(buf));
    FUZZ_CHECK(n > 0 && n <= 483 && strlen(buf) == n);
    if (times_canonical(v, len)) {
        FUZZ_CHECK(n == len && memcmp(buf, v, len) == 0);
    }
    FUZZ_CHECK(verify_copy(verify_ring, buf, n, MST_TOKEN_V2, &again) == MST_TOKEN_OK);
    FUZZ_CHECK(again.key_index == t->key_index && again.created == t->created &&
               again.last == t->last && again.user_len == t->user_len &&
               memcmp(again.user, t->user, t->user_len) == 0);

    /* through the cache: a miss, then a hit, both as verification says */
    mst_cache_init(cache);
    for (int round = 0; round < 2; round++) {
        FUZZ_CHECK(mst_cache_verify_mac_versions(cache, verify_ring, v, len, BOTH, &cached) ==
                   MST_TOKEN_OK);
        FUZZ_CHECK(cached.version == 2 && cached.key_index == t->key_index &&
                   cached.user_len == t->user_len &&
                   memcmp(cached.user, t->user, t->user_len) == 0);
    }
    FUZZ_CHECK(mst_cache_verify_mac_versions(cache, verify_ring, v, len, MST_TOKEN_V1, &cached) !=
               MST_TOKEN_OK);
    check_changes(v, len, seeds);
}

/* Properties of the value as a cookie. */
static void check_value(const char *v, size_t len, const uint8_t seeds[4])
{
    mst_token parsed, verified, other;
    mst_token_status pst = mst_token_parse_versions(v, len, MST_TOKEN_V2, &parsed);
    mst_token_status vst =
        mst_token_verify_mac_versions(verify_ring, v, len, MST_TOKEN_V2, &verified);
    mst_token_status both = mst_token_verify_mac_versions(verify_ring, v, len, BOTH, &other);

    if (starts_v2(v, len)) {
        FUZZ_CHECK(both == vst);
        FUZZ_CHECK(mst_token_parse_versions(v, len, BOTH, &other) == pst);
        FUZZ_CHECK(mst_token_parse_versions(v, len, MST_TOKEN_V1, &other) ==
                   mst_token_parse(v, len, &other));
        FUZZ_CHECK(mst_token_verify_mac_versions(verify_ring, v, len, MST_TOKEN_V1, &other) !=
                   MST_TOKEN_OK);
    } else {
        FUZZ_CHECK(pst == MST_TOKEN_ERR_LENGTH || pst == MST_TOKEN_ERR_SHAPE ||
                   pst == MST_TOKEN_ERR_VERSION);
        FUZZ_CHECK(both == mst_token_verify_mac(verify_ring, v, len, &other));
        FUZZ_CHECK(mst_token_parse_versions(v, len, BOTH, &other) ==
                   mst_token_parse(v, len, &other));
    }
    /* no version accepted: nothing verifies */
    FUZZ_CHECK(
        mst_token_verify_mac_versions(verify_ring, v, len, 0, &other) ==
        (len == 0 || len > MST_TOKEN_MAX_LEN ? MST_TOKEN_ERR_LENGTH : MST_TOKEN_ERR_VERSION));
    FUZZ_CHECK(other.key_index == -1);
    if (pst != MST_TOKEN_OK) {
        FUZZ_CHECK(vst == pst);
        FUZZ_CHECK(parsed.key_index == -1 && verified.key_index == -1);
        return;
    }
    check_shape(v, len, &parsed);
    FUZZ_CHECK(mst_token_verify_mac_versions(NULL, v, len, MST_TOKEN_V2, &other) ==
               MST_TOKEN_ERR_UNKNOWN_KID);
    FUZZ_CHECK(vst == MST_TOKEN_OK || vst == MST_TOKEN_ERR_UNKNOWN_KID ||
               vst == MST_TOKEN_ERR_MAC || vst == MST_TOKEN_ERR_DECRYPT ||
               vst == MST_TOKEN_ERR_USER || vst == MST_TOKEN_ERR_ORDER);
    if (vst == MST_TOKEN_OK) {
        check_verified(v, len, &verified, seeds);
    } else {
        FUZZ_CHECK(verified.key_index == -1);
        FUZZ_CHECK(vst == MST_TOKEN_ERR_ORDER || verified.user_len == 0);
    }
}

/* Byte i of the parameters, 0 past the end. */
static uint8_t param(const uint8_t *p, size_t n, size_t i)
{
    return i < n ? p[i] : 0;
}

static uint64_t param_u64(const uint8_t *p, size_t n, size_t at)
{
    return (uint64_t)fuzz_read_i64(at < n ? p + at : p, at < n ? n - at : 0);
}

/* Mint from the parameters and check the round trip and the tampering. */
static void check_mint(const uint8_t *p, size_t np, const char *user, size_t ulen)
{
    unsigned char nonce[MST_AEAD_NONCE_LEN], sid_raw[MST_SID_RAW_LEN];
    unsigned char euser[MST_EUSER_RAW_MAX];
    char sid[MST_SID_LEN + 1], buf[MST_TOKEN_MAX_LEN + 1], buf2[MST_TOKEN_MAX_LEN + 1];
    uint8_t seeds[4];
    apr_int64_t created, last;
    int k = param(p, np, 44) & 1;
    mst_token t;
    apr_size_t n, n2;
    size_t elen;
    const char *e;

    for (size_t i = 0; i < MST_AEAD_NONCE_LEN; i++) {
        nonce[i] = param(p, np, i);
    }
    for (size_t i = 0; i < MST_SID_RAW_LEN; i++) {
        sid_raw[i] = param(p, np, 12 + i);
    }
    for (size_t i = 0; i < 4; i++) {
        seeds[i] = param(p, np, 45 + i);
    }
    mst_sid_encode(sid_raw, sid);
    created = (apr_int64_t)(param_u64(p, np, 28) % (uint64_t)TIME_LIMIT);
    last = created + (apr_int64_t)(param_u64(p, np, 36) % (uint64_t)(TIME_LIMIT - created));

    n = mst_token_mint_v2(sign_ring[k], nonce, sid, created, last, user, ulen, buf, sizeof(buf));
    FUZZ_CHECK((n > 0) == (mst_user_valid(user, ulen, 1) != 0));
    if (n == 0) {
        return;
    }
    FUZZ_CHECK(n <= 483 && strlen(buf) == n && starts_v2(buf, n));
    FUZZ_CHECK(verify_copy(verify_ring, buf, n, MST_TOKEN_V2, &t) == MST_TOKEN_OK);
    FUZZ_CHECK(t.version == 2 && t.key_index == k && strcmp(t.sid, sid) == 0);
    FUZZ_CHECK(t.created == created && t.last == last);
    FUZZ_CHECK(t.user_len == ulen && memcmp(t.user, user, ulen) == 0 && t.user[ulen] == '\0');
    FUZZ_CHECK(verify_copy(verify_ring, buf, n, BOTH, &t) == MST_TOKEN_OK);
    FUZZ_CHECK(verify_copy(sign_ring[1], buf, n, MST_TOKEN_V2, &t) ==
               (k == 1 ? MST_TOKEN_OK : MST_TOKEN_ERR_UNKNOWN_KID));
    /* same nonce, same value; another nonce, another valid value */
    n2 = mst_token_mint_v2(sign_ring[k], nonce, sid, created, last, user, ulen, buf2, sizeof(buf2));
    FUZZ_CHECK(n2 == n && memcmp(buf, buf2, n) == 0);
    nonce[0] ^= 1;
    n2 = mst_token_mint_v2(sign_ring[k], nonce, sid, created, last, user, ulen, buf2, sizeof(buf2));
    FUZZ_CHECK(n2 == n && memcmp(buf, buf2, n) != 0);
    FUZZ_CHECK(verify_copy(verify_ring, buf2, n2, MST_TOKEN_V2, &t) == MST_TOKEN_OK);
    nonce[0] ^= 1;
    /* v1 of the same inputs: valid as v1, refused where only v2 is accepted */
    n2 = mst_token_mint(sign_ring[k], sid, created, last, user, ulen, buf2, sizeof(buf2));
    FUZZ_CHECK(n2 > 0 && verify_copy(verify_ring, buf2, n2, BOTH, &t) == MST_TOKEN_OK);
    FUZZ_CHECK(t.version == 1);
    FUZZ_CHECK(verify_copy(verify_ring, buf2, n2, MST_TOKEN_V2, &t) == MST_TOKEN_ERR_VERSION);

    /* one byte changed in each field, and at fuzzer-chosen places */
    for (int i = 0; i < 7; i++) {
        size_t fl;
        const char *f = field_of(buf, n, i, &fl);
        size_t pos = (size_t)(f - buf) + (fl ? seeds[i % 4] % fl : 0);
        memcpy(buf2, buf, n);
        buf2[pos] = (char)(buf2[pos] ^ (seeds[(i + 1) % 4] | 1u));
        FUZZ_CHECK(verify_copy(verify_ring, buf2, n, BOTH, &t) != MST_TOKEN_OK);
    }
    check_changes(buf, n, seeds);
    /* a strict prefix is never valid (nor read past) */
    FUZZ_CHECK(verify_copy(verify_ring, buf, n - 1 - seeds[0] % (n - 1), BOTH, &t) != MST_TOKEN_OK);

    /* a changed EUSER byte, re-signed: the MAC verifies, decryption does not */
    e = field_of(buf, n, 5, &elen);
    FUZZ_CHECK(mst_b64url_decode(euser, sizeof(euser), e, elen) ==
               (apr_ssize_t)(MST_EUSER_RAW_MIN + ulen));
    FUZZ_CHECK(memcmp(euser, nonce, MST_AEAD_NONCE_LEN) == 0);
    /* the name is not there in clear (a 6-byte match by chance: 2^-48) */
    FUZZ_CHECK(ulen < 6 || memcmp(euser + MST_AEAD_NONCE_LEN, user, ulen) != 0);
    euser[seeds[1] % (MST_EUSER_RAW_MIN + ulen)] ^= (unsigned char)(seeds[2] | 1u);
    memcpy(buf2, buf, n);
    mst_b64url_encode(buf2 + (e - buf), euser, MST_EUSER_RAW_MIN + ulen);
    buf2[e - buf + (ptrdiff_t)elen] = '.';
    resign(sign_ring[k], buf2, n);
    FUZZ_CHECK(verify_copy(verify_ring, buf2, n, MST_TOKEN_V2, &t) == MST_TOKEN_ERR_DECRYPT);
    FUZZ_CHECK(t.key_index == -1 && t.user_len == 0);

    /* EUSER moved into a token with another LAST, re-signed: no decryption */
    if (last > created) {
        size_t e2len;
        const char *e2;
        mst_token t2;
        n2 = mst_token_mint_v2(sign_ring[k], nonce, sid, created, last - 1, user, ulen, buf2,
                               sizeof(buf2));
        FUZZ_CHECK(n2 > 0);
        e2 = field_of(buf2, n2, 5, &e2len);
        FUZZ_CHECK(e2len == elen);
        memcpy(buf2 + (e2 - buf2), e, elen);
        resign(sign_ring[k], buf2, n2);
        FUZZ_CHECK(verify_copy(verify_ring, buf2, n2, MST_TOKEN_V2, &t2) == MST_TOKEN_ERR_DECRYPT);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t len = nul ? (size_t)(nul - data) : size;
    const uint8_t *p = nul ? nul + 1 : data + size;
    size_t np = nul ? size - len - 1 : 0;
    uint8_t seeds[4];
    char *value = fuzz_dup_exact(data, len);
    char *user;
    size_t ulen;

    for (size_t i = 0; i < 4; i++) {
        seeds[i] = param(p, np, 45 + i);
    }
    check_value(value, len, seeds);
    if (nul != NULL) {
        ulen = np > 49 ? np - 49 : 0;
        user = fuzz_dup_exact(p + (np > 49 ? 49 : np), ulen > 255 ? 255 : ulen);
        ulen = ulen > 255 ? 255 : ulen;
    } else {
        ulen = len > 255 ? 255 : len;
        user = fuzz_dup_exact(data, ulen);
    }
    check_mint(p, np, user, ulen);
    free(user);
    free(value);
    apr_pool_clear(fuzz_pool());
    return 0;
}

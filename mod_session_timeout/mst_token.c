/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_token.c: token format v1: strict parser, verifier and minter.
 *
 * Pure core, see mst_token.h. The parser checks every field's alphabet and
 * length before anything is decoded, the verifier checks the MAC in constant
 * time before it trusts any field (the clock rule comes after it), and minting goes through the
 * same validators so we can never issue a token we would refuse. */
#include <string.h>

#include <openssl/crypto.h>

#include "mst_b64url.h"
#include "mst_token.h"
#include "mst_token_impl.h"

#define MST_FIELDS 7

const char *mst_token_status_str(mst_token_status st)
{
    switch (st) {
    case MST_TOKEN_OK:
        return "ok";
    case MST_TOKEN_ERR_LENGTH:
        return "bad length";
    case MST_TOKEN_ERR_SHAPE:
        return "malformed";
    case MST_TOKEN_ERR_VERSION:
        return "unknown version";
    case MST_TOKEN_ERR_KID:
        return "malformed key id";
    case MST_TOKEN_ERR_SID:
        return "malformed session id";
    case MST_TOKEN_ERR_TIME:
        return "malformed timestamp";
    case MST_TOKEN_ERR_USER:
        return "malformed user";
    case MST_TOKEN_ERR_MACFORM:
        return "malformed mac";
    case MST_TOKEN_ERR_UNKNOWN_KID:
        return "unknown key id";
    case MST_TOKEN_ERR_MAC:
        return "bad mac";
    case MST_TOKEN_ERR_ORDER:
        return "last activity before creation";
    case MST_TOKEN_ERR_FUTURE:
        return "timestamp in the future";
    case MST_TOKEN_ERR_DECRYPT:
        return "user does not decrypt";
    }
    return "unknown";
}

static int is_lower_hex(const char *s, apr_size_t len)
{
    for (apr_size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return 0;
        }
    }
    return 1;
}

int mst_user_valid(const char *user, apr_size_t len, int allow_empty)
{
    const unsigned char *s = (const unsigned char *)user;
    apr_size_t i = 0;

    if (len > MST_USER_MAX_LEN || (len == 0 && !allow_empty)) {
        return 0;
    }
    while (i < len) {
        unsigned c = s[i];
        unsigned cp, need, min;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) {
                return 0;
            }
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1, cp = c & 0x1f, min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2, cp = c & 0x0f, min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return 0; /* continuation byte, overlong lead (c0, c1) or > U+10FFFF lead */
        }
        if (len - i <= need) {
            return 0;
        }
        for (unsigned k = 1; k <= need; k++) {
            if ((s[i + k] & 0xc0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
            (cp >= 0x80 && cp <= 0x9f)) {
            return 0;
        }
        i += need + 1;
    }
    return 1;
}

/* Splits value into exactly MST_FIELDS fields; returns 0 on any other shape. */
static int split_fields(const char *value, apr_size_t len, const char *start[MST_FIELDS],
                        apr_size_t flen[MST_FIELDS])
{
    const char *p = value, *end = value + len;
    for (int n = 0; n < MST_FIELDS; n++) {
        const char *dot = memchr(p, '.', (size_t)(end - p));
        if ((dot == NULL) != (n == MST_FIELDS - 1)) {
            return 0; /* too few or too many fields */
        }
        start[n] = p;
        flen[n] = (apr_size_t)((dot ? dot : end) - p);
        p = dot ? dot + 1 : end;
    }
    return 1;
}

static mst_token_status parse_head(const char *value, apr_size_t len, char digit,
                                   const char *f[MST_FIELDS], apr_size_t fl[MST_FIELDS],
                                   mst_token *out)
{
    unsigned char raw[MST_MAC_RAW_LEN];

    out->key_index = -1;
    if (len == 0 || len > MST_TOKEN_MAX_LEN) {
        return MST_TOKEN_ERR_LENGTH;
    }
    if (!split_fields(value, len, f, fl)) {
        return MST_TOKEN_ERR_SHAPE;
    }
    if (fl[0] != 2 || f[0][0] != 'v' || f[0][1] != digit) {
        return MST_TOKEN_ERR_VERSION;
    }
    out->version = digit - '0';
    if (fl[1] != MST_KID_LEN || !is_lower_hex(f[1], fl[1])) {
        return MST_TOKEN_ERR_KID;
    }
    memcpy(out->kid, f[1], MST_KID_LEN);
    out->kid[MST_KID_LEN] = '\0';

    if (fl[2] != MST_SID_LEN ||
        mst_b64url_decode(raw, sizeof(raw), f[2], fl[2]) != MST_SID_RAW_LEN) {
        return MST_TOKEN_ERR_SID;
    }
    memcpy(out->sid, f[2], MST_SID_LEN);
    out->sid[MST_SID_LEN] = '\0';

    /* SPEC allows leading zeros; the MAC covers the spelling, so they create
     * no ambiguity. */
    if (!mst_unix_time_parse(f[3], fl[3], &out->created) ||
        !mst_unix_time_parse(f[4], fl[4], &out->last)) {
        return MST_TOKEN_ERR_TIME;
    }
    return MST_TOKEN_OK;
}

static mst_token_status parse_mac(const char *value, const char *const f[MST_FIELDS],
                                  const apr_size_t fl[MST_FIELDS], mst_token *out)
{
    if (fl[6] != MST_MAC_LEN ||
        mst_b64url_decode(out->mac_raw, sizeof(out->mac_raw), f[6], fl[6]) != MST_MAC_RAW_LEN) {
        return MST_TOKEN_ERR_MACFORM;
    }
    memcpy(out->mac, f[6], MST_MAC_LEN);
    out->mac[MST_MAC_LEN] = '\0';
    out->signed_len = (apr_size_t)(f[6] - value) - 1;
    return MST_TOKEN_OK;
}

mst_token_status mst_token_parse(const char *value, apr_size_t len, mst_token *out)
{
    const char *f[MST_FIELDS];
    apr_size_t fl[MST_FIELDS];
    apr_ssize_t n;
    mst_token_status st = parse_head(value, len, '1', f, fl, out);

    if (st != MST_TOKEN_OK) {
        return st;
    }
    if (fl[5] > MST_B64URL_ENCODED_LEN(MST_USER_MAX_LEN)) {
        return MST_TOKEN_ERR_USER;
    }
    n = mst_b64url_decode((unsigned char *)out->user, MST_USER_MAX_LEN, f[5], fl[5]);
    if (n < 0 || !mst_user_valid(out->user, (apr_size_t)n, 1)) {
        return MST_TOKEN_ERR_USER;
    }
    out->user_len = (apr_size_t)n;
    out->user[n] = '\0';
    return parse_mac(value, f, fl, out);
}

/* 1 if t is later than now + skew. Exact for every now and skew: the sum is
 * never formed when it would overflow (callers such as the CLI take now from
 * user input). */
static int later_than(apr_int64_t t, apr_int64_t now, apr_int64_t skew)
{
    if (skew >= 0) {
        return now <= APR_INT64_MAX - skew && t > now + skew;
    }
    return now < APR_INT64_MIN - skew || t > now + skew;
}

mst_token_status mst_token_verify_mac(const mst_keyring *ring, const char *value, apr_size_t len,
                                      mst_token *out)
{
    mst_token_status st = mst_token_parse(value, len, out);
    int key, why = MST_TOKEN_OK;

    out->last_clamped = 0;
    if (st != MST_TOKEN_OK) {
        return st;
    }
    if ((key = mst_token_impl_mac_key(ring, value, out, &why)) < 0) {
        return (mst_token_status)why;
    }
    if (out->last < out->created) {
        return MST_TOKEN_ERR_ORDER;
    }
    out->key_index = key;
    return MST_TOKEN_OK;
}

mst_token_status mst_token_check_time(mst_token *t, apr_int64_t now, apr_int64_t skew)
{
    if (skew < 0) {
        /* A tolerance is never negative: with one, a LAST below now could
         * count as "in the future" and be moved up to a now beyond 12 digits,
         * which no token can carry. */
        skew = 0;
    }
    if (later_than(t->created, now, skew)) {
        return MST_TOKEN_ERR_FUTURE;
    }
    if (later_than(t->last, now, skew)) {
        t->last = now > t->created ? now : t->created;
        t->last_clamped = 1;
    }
    return MST_TOKEN_OK;
}

void mst_sid_encode(const unsigned char raw[MST_SID_RAW_LEN], char sid[MST_SID_LEN + 1])
{
    mst_b64url_encode(sid, raw, MST_SID_RAW_LEN);
}

static int sid_valid(const char *sid)
{
    unsigned char raw[MST_SID_RAW_LEN];
    apr_size_t len = strnlen(sid, MST_SID_LEN + 1);
    return len == MST_SID_LEN && mst_b64url_decode(raw, sizeof(raw), sid, len) == MST_SID_RAW_LEN;
}

/* Appends a decimal time; t is known to be in [0, 10^12). */
static apr_size_t put_time(char *dst, apr_int64_t t)
{
    char tmp[MST_TIME_MAX_DIGITS];
    apr_size_t n = 0, i;
    do {
        tmp[n++] = (char)('0' + (t % 10));
        t /= 10;
    } while (t > 0);
    for (i = 0; i < n; i++) {
        dst[i] = tmp[n - 1 - i];
    }
    return n;
}

apr_size_t mst_token_mint(const mst_keyring *ring, const char *sid, apr_int64_t created,
                          apr_int64_t last, const char *user, apr_size_t user_len, char *buf,
                          apr_size_t cap)
{
    const apr_int64_t time_limit = APR_INT64_C(1000000000000);
    unsigned char mac[MST_MAC_RAW_LEN];
    apr_size_t o = 0;

    if (mst_keyring_count(ring) < 1 || !sid_valid(sid) || created < 0 || last < created ||
        last >= time_limit || !mst_user_valid(user, user_len, 1) || cap < MST_TOKEN_MAX_LEN + 1) {
        return 0;
    }
    memcpy(buf, "v1.", 3);
    o = 3;
    memcpy(buf + o, mst_keyring_kid(ring, 0), MST_KID_LEN);
    o += MST_KID_LEN;
    buf[o++] = '.';
    memcpy(buf + o, sid, MST_SID_LEN);
    o += MST_SID_LEN;
    buf[o++] = '.';
    o += put_time(buf + o, created);
    buf[o++] = '.';
    o += put_time(buf + o, last);
    buf[o++] = '.';
    o += mst_b64url_encode(buf + o, (const unsigned char *)user, user_len);
    mst_keyring_hmac(ring, 0, buf, o, mac);
    buf[o++] = '.';
    o += mst_b64url_encode(buf + o, mac, sizeof(mac));
    return o;
}

/* ---- shared with mst_token_v2.c through mst_token_impl.h ---- */

_Static_assert(MST_FIELDS == MST_TOKEN_FIELDS, "v1 and v2 have the same number of fields");

int mst_token_impl_head(const char *value, apr_size_t len, char digit,
                        const char *start[MST_TOKEN_FIELDS], apr_size_t flen[MST_TOKEN_FIELDS],
                        struct mst_token *out)
{
    return (int)parse_head(value, len, digit, start, flen, out);
}

int mst_token_impl_mac(const char *value, const char *start[MST_TOKEN_FIELDS],
                       const apr_size_t flen[MST_TOKEN_FIELDS], struct mst_token *out)
{
    return (int)parse_mac(value, start, flen, out);
}

int mst_token_impl_mac_key(const struct mst_keyring *ring, const char *value,
                           const struct mst_token *t, int *status)
{
    unsigned char expected[MST_MAC_RAW_LEN];
    int key = ring ? mst_keyring_find(ring, t->kid) : -1;

    if (key < 0) {
        *status = MST_TOKEN_ERR_UNKNOWN_KID;
        return -1;
    }
    mst_keyring_hmac(ring, key, value, t->signed_len, expected);
    /* The parser accepted only the canonical spelling of the MAC, so the
     * raw bytes it decoded are the MAC as sent. */
    if (CRYPTO_memcmp(expected, t->mac_raw, MST_MAC_RAW_LEN) != 0) {
        *status = MST_TOKEN_ERR_MAC;
        return -1;
    }
    return key;
}

int mst_token_impl_sid_valid(const char *sid)
{
    return sid_valid(sid);
}

apr_size_t mst_token_impl_put_time(char *dst, apr_int64_t t)
{
    return put_time(dst, t);
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_token_v2.c: token format v2 (encrypted user name): strict parser,
 * verifier and minter, and the dispatch between v1 and v2.
 *
 * Pure core, see mst_token_v2.h. The field checks are mst_token.c's own
 * (mst_token_impl.h), so KID, SID and times are accepted exactly as in v1.
 * Like v1 the verifier trusts nothing before the MAC has verified in
 * constant time; only then is EUSER decrypted, with the key that verified
 * the MAC, and the plaintext is validated as a user name before it is
 * copied out. */
#include <string.h>

#include <openssl/crypto.h>

#include "mst_b64url.h"
#include "mst_token_impl.h"
#include "mst_token_v2.h"

#define EUSER_FIELD 5 /* index of EUSER among the fields */

/* 1 if value is to be read as v2 under the mask. */
static int takes_v2(const char *value, apr_size_t len, unsigned versions)
{
    return (versions & MST_TOKEN_V2) &&
           (!(versions & MST_TOKEN_V1) ||
            (len >= 3 && value[0] == 'v' && value[1] == '2' && value[2] == '.'));
}

/* The v2 parser. Also returns EUSER decoded (nonce || ciphertext || tag,
 * *euser_len bytes) and the length of the additional data, the value up to
 * the '.' before EUSER. */
static mst_token_status parse_v2(const char *value, apr_size_t len, mst_token *out,
                                 unsigned char euser[MST_EUSER_RAW_MAX], apr_size_t *euser_len,
                                 apr_size_t *aad_len)
{
    const char *f[MST_TOKEN_FIELDS];
    apr_size_t fl[MST_TOKEN_FIELDS];
    apr_ssize_t n;
    mst_token_status st = (mst_token_status)mst_token_impl_head(value, len, '2', f, fl, out);

    if (st != MST_TOKEN_OK) {
        return st;
    }
    if (fl[EUSER_FIELD] > MST_B64URL_ENCODED_LEN(MST_EUSER_RAW_MAX)) {
        return MST_TOKEN_ERR_USER;
    }
    n = mst_b64url_decode(euser, MST_EUSER_RAW_MAX, f[EUSER_FIELD], fl[EUSER_FIELD]);
    if (n < (apr_ssize_t)MST_EUSER_RAW_MIN) {
        return MST_TOKEN_ERR_USER;
    }
    *euser_len = (apr_size_t)n;
    *aad_len = (apr_size_t)(f[EUSER_FIELD] - value) - 1;
    out->user[0] = '\0'; /* encrypted until verified */
    out->user_len = 0;

    return (mst_token_status)mst_token_impl_mac(value, f, fl, out);
}

mst_token_status mst_token_parse_versions(const char *value, apr_size_t len, unsigned versions,
                                          mst_token *out)
{
    if (takes_v2(value, len, versions)) {
        unsigned char euser[MST_EUSER_RAW_MAX];
        apr_size_t euser_len, aad_len;
        return parse_v2(value, len, out, euser, &euser_len, &aad_len);
    }
    if (versions & MST_TOKEN_V1) {
        return mst_token_parse(value, len, out);
    }
    out->key_index = -1;
    return (len == 0 || len > MST_TOKEN_MAX_LEN) ? MST_TOKEN_ERR_LENGTH : MST_TOKEN_ERR_VERSION;
}

/* Decrypts EUSER into out->user with key `key`: MST_TOKEN_OK,
 * MST_TOKEN_ERR_DECRYPT or MST_TOKEN_ERR_USER. */
static mst_token_status open_user(const mst_keyring *ring, int key, const char *value,
                                  apr_size_t aad_len, const unsigned char *euser,
                                  apr_size_t euser_len, mst_token *out)
{
    unsigned char plain[MST_USER_MAX_LEN];
    apr_size_t n = euser_len - MST_EUSER_RAW_MIN;
    mst_token_status st = MST_TOKEN_OK;

    if (!mst_keyring_open(ring, key, euser, value, aad_len, euser + MST_AEAD_NONCE_LEN,
                          euser_len - MST_AEAD_NONCE_LEN, plain)) {
        return MST_TOKEN_ERR_DECRYPT;
    }
    if (mst_user_valid((const char *)plain, n, 1)) {
        memcpy(out->user, plain, n);
        out->user[n] = '\0';
        out->user_len = n;
    } else {
        st = MST_TOKEN_ERR_USER;
    }
    OPENSSL_cleanse(plain, sizeof(plain));
    return st;
}

/* The v2 verifier: parse, KID, MAC, decryption, order. */
static mst_token_status verify_v2(const mst_keyring *ring, const char *value, apr_size_t len,
                                  mst_token *out)
{
    unsigned char euser[MST_EUSER_RAW_MAX];
    apr_size_t euser_len = 0, aad_len = 0;
    mst_token_status st = parse_v2(value, len, out, euser, &euser_len, &aad_len);
    int key, why = MST_TOKEN_OK;

    out->last_clamped = 0;
    if (st != MST_TOKEN_OK) {
        return st;
    }
    if ((key = mst_token_impl_mac_key(ring, value, out, &why)) < 0) {
        return (mst_token_status)why;
    }
    st = open_user(ring, key, value, aad_len, euser, euser_len, out);
    if (st != MST_TOKEN_OK) {
        return st;
    }
    if (out->last < out->created) {
        return MST_TOKEN_ERR_ORDER;
    }
    out->key_index = key;
    return MST_TOKEN_OK;
}

mst_token_status mst_token_verify_mac_versions(const mst_keyring *ring, const char *value,
                                               apr_size_t len, unsigned versions, mst_token *out)
{
    if (takes_v2(value, len, versions)) {
        return verify_v2(ring, value, len, out);
    }
    if (versions & MST_TOKEN_V1) {
        return mst_token_verify_mac(ring, value, len, out);
    }
    out->last_clamped = 0;
    return mst_token_parse_versions(value, len, versions, out);
}

apr_size_t mst_token_mint_v2(const mst_keyring *ring, const unsigned char nonce[MST_AEAD_NONCE_LEN],
                             const char *sid, apr_int64_t created, apr_int64_t last,
                             const char *user, apr_size_t user_len, char *buf, apr_size_t cap)
{
    const apr_int64_t time_limit = APR_INT64_C(1000000000000);
    unsigned char euser[MST_EUSER_RAW_MAX];
    unsigned char mac[MST_MAC_RAW_LEN];
    apr_size_t o, aad_len;

    if (mst_keyring_count(ring) < 1 || nonce == NULL || !mst_token_impl_sid_valid(sid) ||
        created < 0 || last < created || last >= time_limit || !mst_user_valid(user, user_len, 1) ||
        cap < MST_TOKEN_MAX_LEN + 1) {
        return 0;
    }
    memcpy(buf, "v2.", 3);
    o = 3;
    memcpy(buf + o, mst_keyring_kid(ring, 0), MST_KID_LEN);
    o += MST_KID_LEN;
    buf[o++] = '.';
    memcpy(buf + o, sid, MST_SID_LEN);
    o += MST_SID_LEN;
    buf[o++] = '.';
    o += mst_token_impl_put_time(buf + o, created);
    buf[o++] = '.';
    o += mst_token_impl_put_time(buf + o, last);
    aad_len = o;

    memcpy(euser, nonce, MST_AEAD_NONCE_LEN);
    if (!mst_keyring_seal(ring, 0, nonce, buf, aad_len, (const unsigned char *)user, user_len,
                          euser + MST_AEAD_NONCE_LEN)) {
        return 0;
    }
    buf[o++] = '.';
    o += mst_b64url_encode(buf + o, euser, MST_EUSER_RAW_MIN + user_len);
    mst_keyring_hmac(ring, 0, buf, o, mac);
    buf[o++] = '.';
    o += mst_b64url_encode(buf + o, mac, sizeof(mac));
    return o;
}

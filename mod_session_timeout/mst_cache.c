/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_cache.c: per-connection cache of the last verified and the last minted
 * token, see mst_cache.h. */
#include <string.h>

#include "mst_b64url.h"
#include "mst_cache.h"

void mst_cache_init(mst_token_cache *c)
{
    c->presented.ring = NULL;
    c->presented.len = 0;
    c->minted.ring = NULL;
    c->minted.len = 0;
}

static int entry_matches(const mst_cache_entry *e, const mst_keyring *ring, const char *value,
                         apr_size_t len)
{
    /* Not constant-time, and need not be: the entry is a token this same
     * connection presented or received, so there is nothing to learn. */
    return e->ring == ring && e->len == len && memcmp(e->value, value, len) == 0;
}

mst_token_status mst_cache_verify_mac(mst_token_cache *c, const mst_keyring *ring,
                                      const char *value, apr_size_t len, mst_token *out)
{
    return mst_cache_verify_mac_versions(c, ring, value, len, MST_TOKEN_V1, out);
}

mst_token_status mst_cache_verify_mac_versions(mst_token_cache *c, const mst_keyring *ring,
                                               const char *value, apr_size_t len, unsigned versions,
                                               mst_token *out)
{
    mst_token_status st;

    if (c != NULL && ring != NULL && len > 0 && len <= MST_TOKEN_MAX_LEN) {
        if (entry_matches(&c->presented, ring, value, len) &&
            (versions & MST_TOKEN_VERSION_BIT(c->presented.token.version))) {
            *out = c->presented.token;
            return MST_TOKEN_OK;
        }
        if (entry_matches(&c->minted, ring, value, len) &&
            (versions & MST_TOKEN_VERSION_BIT(c->minted.token.version))) {
            *out = c->minted.token;
            return MST_TOKEN_OK;
        }
    }
    st = mst_token_verify_mac_versions(ring, value, len, versions, out);
    if (st == MST_TOKEN_OK && c != NULL) {
        c->presented.ring = ring;
        c->presented.len = len;
        memcpy(c->presented.value, value, len);
        c->presented.value[len] = '\0';
        c->presented.token = *out;
    }
    return st;
}

static int same_mint(const mst_cache_entry *e, const mst_keyring *ring, int version,
                     const char *sid, apr_int64_t created, apr_int64_t last, const char *user,
                     apr_size_t user_len)
{
    return e->ring != NULL && e->ring == ring && e->token.version == version &&
           e->token.created == created && e->token.last == last && e->token.user_len == user_len &&
           memcmp(e->token.sid, sid, MST_SID_LEN + 1) == 0 &&
           memcmp(e->token.user, user, user_len) == 0;
}

const char *mst_cache_mint(mst_token_cache *c, const mst_keyring *ring, const char *sid,
                           apr_int64_t created, apr_int64_t last, const char *user,
                           apr_size_t user_len, apr_size_t *len)
{
    return mst_cache_mint_version(c, ring, 1, NULL, sid, created, last, user, user_len, len);
}

const char *mst_cache_mint_version(mst_token_cache *c, const mst_keyring *ring, int version,
                                   const unsigned char *nonce, const char *sid, apr_int64_t created,
                                   apr_int64_t last, const char *user, apr_size_t user_len,
                                   apr_size_t *len)
{
    mst_cache_entry *e = &c->minted;
    apr_size_t n;

    if ((version == 1 || version == 2) &&
        same_mint(e, ring, version, sid, created, last, user, user_len)) {
        *len = e->len;
        return e->value;
    }
    e->ring = NULL;
    if (version == 1) {
        n = mst_token_mint(ring, sid, created, last, user, user_len, e->value, sizeof(e->value));
    } else if (version == 2) {
        n = mst_token_mint_v2(ring, nonce, sid, created, last, user, user_len, e->value,
                              sizeof(e->value));
    } else {
        n = 0;
    }
    if (n == 0) {
        return NULL;
    }
    /* The fields are the inputs mint just validated: fill the entry from
     * them instead of parsing the text again. The MAC is the last field. */
    memcpy(e->token.kid, mst_keyring_kid(ring, 0), MST_KID_LEN + 1);
    memcpy(e->token.sid, sid, MST_SID_LEN + 1);
    e->token.created = created;
    e->token.last = last;
    memcpy(e->token.user, user, user_len);
    e->token.user[user_len] = '\0';
    e->token.user_len = user_len;
    e->token.signed_len = n - MST_MAC_LEN - 1;
    memcpy(e->token.mac, e->value + n - MST_MAC_LEN, MST_MAC_LEN + 1);
    mst_b64url_decode(e->token.mac_raw, sizeof(e->token.mac_raw), e->token.mac, MST_MAC_LEN);
    e->token.key_index = 0;
    e->token.last_clamped = 0;
    e->token.version = version;
    e->ring = ring;
    e->len = n;
    *len = n;
    return e->value;
}

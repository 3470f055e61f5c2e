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
    c->shared = NULL;
    c->answered = MST_CACHE_NONE;
}

void mst_cache_attach(mst_token_cache *c, mst_shared_cache *s)
{
    c->shared = s;
}

void mst_shared_init(mst_shared_cache *s)
{
    for (size_t i = 0; i < MST_SHARED_SLOTS; i++) {
        mst_seqlock_init(&s->slots[i].seq, s->slots[i].w, MST_SHARED_SLOT_WORDS);
    }
}

/* ---- the shared cache ----------------------------------------------------
 * A slot holds one token in words (bytes in the order of memory):
 *   w0 the ring, w1 value length | user length << 16 | version << 32 |
 *   (key index + 1) << 40 | last_clamped << 48, w2 CREATED, w3 LAST,
 *   w4 signed_len, then the value zero-padded to whole words (so that it is
 *   compared a word at a time), then kid, sid, mac_raw, mac and the user. */
#define SLOT_HEAD_WORDS  5
#define SLOT_FIXED_BYTES (MST_KID_LEN + 1 + MST_SID_LEN + 1 + MST_MAC_RAW_LEN + MST_MAC_LEN + 1)

static size_t words_of(apr_size_t bytes)
{
    return (bytes + 7) / 8;
}

/* Words a token of these lengths needs, or 0 if it does not fit a slot. */
static size_t slot_words(apr_size_t len, apr_size_t user_len)
{
    size_t n = SLOT_HEAD_WORDS + words_of(len) + words_of(SLOT_FIXED_BYTES + user_len);
    return len > 0 && n <= MST_SHARED_SLOT_WORDS ? n : 0;
}

static apr_uint64_t mix(apr_uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
}

/* The slot a value is looked up in: its last 8 bytes (the MAC's, random to
 * anyone without the key), its length and the ring. */
static mst_shared_slot *slot_by_value(mst_shared_cache *s, const mst_keyring *ring,
                                      const char *value, apr_size_t len)
{
    apr_uint64_t tail = 0;
    memcpy(&tail, value + len - (len < 8 ? len : 8), len < 8 ? len : 8);
    tail ^= (apr_uint64_t)len * 0x9e3779b97f4a7c15ULL ^ (apr_uint64_t)(apr_uintptr_t)ring;
    return &s->slots[mix(tail) & (MST_SHARED_SLOTS - 1)];
}

/* The slot a mint is looked up in: ring, version, SID and times. */
static mst_shared_slot *slot_by_fields(mst_shared_cache *s, const mst_keyring *ring, int version,
                                       const char *sid, apr_int64_t created, apr_int64_t last)
{
    apr_uint64_t h;
    memcpy(&h, sid, 8);
    h ^= (apr_uint64_t)created * 0x9e3779b97f4a7c15ULL ^ (apr_uint64_t)last ^
         (apr_uint64_t)(apr_uintptr_t)ring ^ (apr_uint64_t)version << 60;
    return &s->slots[mix(h) & (MST_SHARED_SLOTS - 1)];
}

static void shared_put_at(mst_shared_slot *slot, const mst_keyring *ring, const char *value,
                          apr_size_t len, const mst_token *t)
{
    apr_uint64_t w[MST_SHARED_SLOT_WORDS];
    size_t n = slot_words(len, t->user_len);
    unsigned char *b = (unsigned char *)w;
    size_t o;

    if (n == 0) {
        return; /* too long for a slot: the connection's cache still has it */
    }
    memset(w, 0, n * 8);
    w[0] = (apr_uint64_t)(apr_uintptr_t)ring;
    w[1] = (apr_uint64_t)len | (apr_uint64_t)t->user_len << 16 |
           (apr_uint64_t)(t->version & 0xff) << 32 |
           (apr_uint64_t)((t->key_index + 1) & 0xff) << 40 |
           (apr_uint64_t)(t->last_clamped != 0) << 48;
    w[2] = (apr_uint64_t)t->created;
    w[3] = (apr_uint64_t)t->last;
    w[4] = (apr_uint64_t)t->signed_len;
    o = SLOT_HEAD_WORDS * 8;
    memcpy(b + o, value, len);
    o += words_of(len) * 8;
    memcpy(b + o, t->kid, MST_KID_LEN + 1);
    o += MST_KID_LEN + 1;
    memcpy(b + o, t->sid, MST_SID_LEN + 1);
    o += MST_SID_LEN + 1;
    memcpy(b + o, t->mac_raw, MST_MAC_RAW_LEN);
    o += MST_MAC_RAW_LEN;
    memcpy(b + o, t->mac, MST_MAC_LEN + 1);
    o += MST_MAC_LEN + 1;
    memcpy(b + o, t->user, t->user_len);
    (void)mst_seqlock_write(&slot->seq, slot->w, n, w);
}

/* Reads a slot written for ring into w; returns its word count, or 0 for a
 * miss (empty, another ring, being written). */
static size_t shared_read(const mst_shared_slot *slot, const mst_keyring *ring,
                          apr_uint64_t w[MST_SHARED_SLOT_WORDS])
{
    apr_uint64_t s = mst_seqlock_read_begin(&slot->seq);
    size_t n;

    if (s == 0) {
        return 0;
    }
    mst_seqlock_load(slot->w, SLOT_HEAD_WORDS, w);
    if (w[0] != (apr_uint64_t)(apr_uintptr_t)ring) {
        return 0;
    }
    /* A torn head gives a wrong n; read_ok below rejects the read, and n is
     * a slot's size at most, so the load stays inside the slot. */
    n = slot_words(w[1] & 0xffff, (w[1] >> 16) & 0xffff);
    if (n == 0) {
        return 0;
    }
    mst_seqlock_load(slot->w + SLOT_HEAD_WORDS, n - SLOT_HEAD_WORDS, w + SLOT_HEAD_WORDS);
    return mst_seqlock_read_ok(&slot->seq, s) ? n : 0;
}

/* The token of a slot read by shared_read() into e (value and fields). */
static void shared_unpack(const apr_uint64_t *w, mst_cache_entry *e, const mst_keyring *ring)
{
    const unsigned char *b = (const unsigned char *)w;
    apr_size_t len = w[1] & 0xffff;
    mst_token *t = &e->token;
    size_t o = SLOT_HEAD_WORDS * 8;

    memcpy(e->value, b + o, len);
    e->value[len] = '\0';
    o += words_of(len) * 8;
    t->user_len = (w[1] >> 16) & 0xffff;
    t->version = (int)((w[1] >> 32) & 0xff);
    t->key_index = (int)((w[1] >> 40) & 0xff) - 1;
    t->last_clamped = (int)((w[1] >> 48) & 1);
    t->created = (apr_int64_t)w[2];
    t->last = (apr_int64_t)w[3];
    t->signed_len = (apr_size_t)w[4];
    memcpy(t->kid, b + o, MST_KID_LEN + 1);
    o += MST_KID_LEN + 1;
    memcpy(t->sid, b + o, MST_SID_LEN + 1);
    o += MST_SID_LEN + 1;
    memcpy(t->mac_raw, b + o, MST_MAC_RAW_LEN);
    o += MST_MAC_RAW_LEN;
    memcpy(t->mac, b + o, MST_MAC_LEN + 1);
    o += MST_MAC_LEN + 1;
    memcpy(t->user, b + o, t->user_len);
    t->user[t->user_len] = '\0';
    e->len = len;
    e->ring = ring;
}

/* Constant-time: 1 if the len bytes of value equal the slot's value words. */
static int value_equal(const apr_uint64_t *w, const char *value, apr_size_t len)
{
    apr_uint64_t mine[MST_SHARED_SLOT_WORDS];
    apr_uint64_t diff = 0;
    size_t n = words_of(len);

    mine[n - 1] = 0;
    memcpy(mine, value, len);
    for (size_t i = 0; i < n; i++) {
        diff |= mine[i] ^ w[SLOT_HEAD_WORDS + i];
    }
    return diff == 0;
}

/* A verified token of exactly these bytes from s, into e; 1 on a hit. */
static int shared_find_value(mst_shared_cache *s, const mst_keyring *ring, const char *value,
                             apr_size_t len, mst_cache_entry *e)
{
    apr_uint64_t w[MST_SHARED_SLOT_WORDS];
    size_t n;

    if (slot_words(len, 0) == 0) {
        return 0;
    }
    n = shared_read(slot_by_value(s, ring, value, len), ring, w);
    if (n == 0 || (w[1] & 0xffff) != len || !value_equal(w, value, len)) {
        return 0;
    }
    shared_unpack(w, e, ring);
    return 1;
}

int mst_shared_find(mst_shared_cache *s, const mst_keyring *ring, const char *value, apr_size_t len,
                    mst_token *out)
{
    mst_cache_entry e;
    if (s == NULL || ring == NULL || len > MST_TOKEN_MAX_LEN ||
        !shared_find_value(s, ring, value, len, &e)) {
        return 0;
    }
    *out = e.token;
    return 1;
}

/* A token minted by the ring's signing key with exactly these fields from s,
 * into e; 1 on a hit. */
static int shared_find_mint(mst_shared_cache *s, const mst_keyring *ring, int version,
                            const char *sid, apr_int64_t created, apr_int64_t last,
                            const char *user, apr_size_t user_len, mst_cache_entry *e)
{
    apr_uint64_t w[MST_SHARED_SLOT_WORDS];
    size_t n = shared_read(slot_by_fields(s, ring, version, sid, created, last), ring, w);

    if (n == 0 || ((w[1] >> 16) & 0xffff) != user_len ||
        ((w[1] >> 32) & 0xff) != (unsigned)version || ((w[1] >> 40) & 0xff) != 1 ||
        (w[1] >> 48) != 0 || (apr_int64_t)w[2] != created || (apr_int64_t)w[3] != last) {
        return 0;
    }
    shared_unpack(w, e, ring);
    if (memcmp(e->token.sid, sid, MST_SID_LEN + 1) != 0 ||
        memcmp(e->token.user, user, user_len) != 0) {
        e->ring = NULL;
        return 0;
    }
    return 1;
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
            c->answered = MST_CACHE_BY_CONNECTION;
            return MST_TOKEN_OK;
        }
        if (entry_matches(&c->minted, ring, value, len) &&
            (versions & MST_TOKEN_VERSION_BIT(c->minted.token.version))) {
            *out = c->minted.token;
            c->answered = MST_CACHE_BY_CONNECTION;
            return MST_TOKEN_OK;
        }
    }
    if (c != NULL && c->shared != NULL && ring != NULL && len <= MST_TOKEN_MAX_LEN &&
        shared_find_value(c->shared, ring, value, len, &c->presented)) {
        if (versions & MST_TOKEN_VERSION_BIT(c->presented.token.version)) {
            *out = c->presented.token;
            c->answered = MST_CACHE_BY_PROCESS;
            return MST_TOKEN_OK;
        }
        c->presented.ring = NULL; /* a version this scope does not accept: verify says why */
    }
    st = mst_token_verify_mac_versions(ring, value, len, versions, out);
    if (c != NULL) {
        c->answered = MST_CACHE_BY_VERIFICATION;
    }
    if (st == MST_TOKEN_OK && c != NULL) {
        c->presented.ring = ring;
        c->presented.len = len;
        memcpy(c->presented.value, value, len);
        c->presented.value[len] = '\0';
        c->presented.token = *out;
        if (c->shared != NULL) {
            shared_put_at(slot_by_value(c->shared, ring, value, len), ring, value, len, out);
        }
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
    if ((version == 1 || version == 2) && c->shared != NULL && ring != NULL &&
        shared_find_mint(c->shared, ring, version, sid, created, last, user, user_len, e)) {
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
    if (c->shared != NULL) {
        /* by fields for the parallel requests that re-issue the same session
         * this second, by value for the requests that will present it */
        shared_put_at(slot_by_fields(c->shared, ring, version, sid, created, last), ring, e->value,
                      n, &e->token);
        shared_put_at(slot_by_value(c->shared, ring, e->value, n), ring, e->value, n, &e->token);
    }
    return e->value;
}

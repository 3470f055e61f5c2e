/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* test_cache.c: CUnit suite for mst_cache.c, the per-connection cache of
 * verified and minted tokens: a hit must give exactly what verification
 * gives, a miss must verify, and nothing unverified may enter. */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <apr_pools.h>
#include <apr_thread_proc.h>

#include "mst_b64url.h"
#include "mst_cache.h"
#include "unit_fixture.h"

#define SPEC_SECRET  "0123456789abcdef0123456789abcdef"
#define OTHER_SECRET "another secret of at least 32 bytes!!"
#define SID          "AAECAwQFBgcICQoLDA0ODw"
#define V1                                                                                         \
    "v1.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1764000000.1764000600.YWxpY2U."                            \
    "Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLelew"
/* README token v2 vector 1: alice, nonce 0x10..0x1b */
#define W1                                                                                         \
    "v2.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1764000000.1764000600."                                    \
    "EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu0.ArIEq9nMgSEEpoHo8yoJXBm7FQZlw92W_FtKM2RV03E"
#define BOTH (MST_TOKEN_V1 | MST_TOKEN_V2)

static const unsigned char nonce_w1[MST_AEAD_NONCE_LEN] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
                                                           0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b};

static mst_keyring *ring_a, *ring_b;
static mst_token_cache *cache;

static int suite_init(void)
{
    if (unit_fixture_open() != 0) {
        return 1;
    }
    ring_a = unit_ring(SPEC_SECRET, NULL);
    ring_b = unit_ring(OTHER_SECRET, NULL);
    cache = malloc(sizeof(*cache));
    return cache == NULL || ring_a == NULL || ring_b == NULL;
}

static int suite_clean(void)
{
    free(cache);
    return unit_fixture_close();
}

static void test_hit_equals_verification(void)
{
    mst_token direct, first, second;
    mst_cache_init(cache);
    CU_ASSERT_EQUAL(mst_token_verify_mac(ring_a, V1, strlen(V1), &direct), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(mst_cache_verify_mac(cache, ring_a, V1, strlen(V1), &first), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(cache->presented.len, strlen(V1));
    CU_ASSERT_EQUAL(mst_cache_verify_mac(cache, ring_a, V1, strlen(V1), &second), MST_TOKEN_OK);
    /* field by field: the structs' unused buffer tails are not initialised */
    for (int k = 0; k < 2; k++) {
        const mst_token *t = k == 0 ? &first : &second;
        CU_ASSERT_STRING_EQUAL(t->kid, direct.kid);
        CU_ASSERT_STRING_EQUAL(t->sid, direct.sid);
        CU_ASSERT_STRING_EQUAL(t->user, direct.user);
        CU_ASSERT_STRING_EQUAL(t->mac, direct.mac);
        CU_ASSERT_EQUAL(t->created, direct.created);
        CU_ASSERT_EQUAL(t->last, direct.last);
        CU_ASSERT_EQUAL(t->user_len, direct.user_len);
        CU_ASSERT_EQUAL(t->signed_len, direct.signed_len);
        CU_ASSERT_EQUAL(t->key_index, direct.key_index);
        CU_ASSERT_EQUAL(t->last_clamped, direct.last_clamped);
    }
}

static void test_failures_never_enter(void)
{
    /* columns: cookie value that must not verify */
    static const char *const rows[] = {
        "v1.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1764000000.1764000600.YWxpY2U."
        "Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLelex", /* MAC changed */
        "v1.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1764000000.1764000601.YWxpY2U."
        "Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLelew", /* LAST changed */
        "garbage",
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_token t;
        mst_cache_init(cache);
        for (int round = 0; round < 2; round++) {
            MST_CHECK(mst_cache_verify_mac(cache, ring_a, rows[i], strlen(rows[i]), &t) !=
                          MST_TOKEN_OK,
                      "row %zu round %d", i, round);
        }
        MST_CHECK(cache->presented.ring == NULL, "row %zu stayed out", i);
    }
}

static void test_other_ring_misses(void)
{
    mst_token t;
    mst_cache_init(cache);
    CU_ASSERT_EQUAL(mst_cache_verify_mac(cache, ring_a, V1, strlen(V1), &t), MST_TOKEN_OK);
    /* the same bytes under a ring without that key must verify, and fail */
    CU_ASSERT_EQUAL(mst_cache_verify_mac(cache, ring_b, V1, strlen(V1), &t),
                    MST_TOKEN_ERR_UNKNOWN_KID);
    /* a prefix of a cached value is not a hit */
    CU_ASSERT_NOT_EQUAL(mst_cache_verify_mac(cache, ring_a, V1, strlen(V1) - 1, &t), MST_TOKEN_OK);
}

static void test_mint_reuses_and_verifies(void)
{
    char direct[MST_TOKEN_MAX_LEN + 1];
    apr_size_t len = 0, len2 = 0;
    const char *minted, *again;
    mst_token t;

    mst_cache_init(cache);
    mst_token_mint(ring_a, SID, 1764000000, 1764000600, "alice", 5, direct, sizeof(direct));
    minted = mst_cache_mint(cache, ring_a, SID, 1764000000, 1764000600, "alice", 5, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(minted);
    CU_ASSERT_STRING_EQUAL(minted, V1);
    CU_ASSERT_STRING_EQUAL(minted, direct);
    CU_ASSERT_EQUAL(len, strlen(V1));
    again = mst_cache_mint(cache, ring_a, SID, 1764000000, 1764000600, "alice", 5, &len2);
    CU_ASSERT_PTR_EQUAL(again, minted);
    /* the minted token verifies from the cache with the right fields */
    CU_ASSERT_EQUAL(mst_cache_verify_mac(cache, ring_a, V1, strlen(V1), &t), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(t.created, 1764000000);
    CU_ASSERT_EQUAL(t.last, 1764000600);
    CU_ASSERT_STRING_EQUAL(t.user, "alice");
    CU_ASSERT_EQUAL(t.key_index, 0);
    /* any different input mints anew */
    again = mst_cache_mint(cache, ring_a, SID, 1764000000, 1764000601, "alice", 5, &len2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(again);
    CU_ASSERT_STRING_NOT_EQUAL(again, V1);
    again = mst_cache_mint(cache, ring_a, SID, 1764000000, 1764000600, "alicf", 5, &len2);
    CU_ASSERT_STRING_NOT_EQUAL(again, V1);
    /* invalid input mints nothing */
    CU_ASSERT_PTR_NULL(mst_cache_mint(cache, ring_a, SID, 10, 5, "x", 1, &len2));
    /* no ring: nothing, also from a fresh cache (whose entries' fields are unset) */
    {
        mst_token_cache *fresh = malloc(sizeof(*fresh));
        CU_ASSERT_PTR_NOT_NULL_FATAL(fresh);
        mst_cache_init(fresh);
        CU_ASSERT_PTR_NULL(mst_cache_mint(fresh, NULL, SID, 10, 10, "x", 1, &len2));
        free(fresh);
    }
    CU_ASSERT_PTR_NULL(mst_cache_mint(cache, ring_a, SID, 10, 10, "a\nb", 3, &len2));
}

/* The fields a hit must reproduce, compared one by one. */
static void check_same_token(const mst_token *t, const mst_token *want, const char *what)
{
    MST_CHECK(strcmp(t->kid, want->kid) == 0 && strcmp(t->sid, want->sid) == 0, "%s", what);
    MST_CHECK(t->created == want->created && t->last == want->last, "%s", what);
    MST_CHECK(t->user_len == want->user_len && strcmp(t->user, want->user) == 0, "%s", what);
    MST_CHECK(t->signed_len == want->signed_len && strcmp(t->mac, want->mac) == 0, "%s", what);
    MST_CHECK(memcmp(t->mac_raw, want->mac_raw, MST_MAC_RAW_LEN) == 0, "%s", what);
    MST_CHECK(t->key_index == want->key_index && t->version == want->version, "%s", what);
    MST_CHECK(t->last_clamped == want->last_clamped, "%s", what);
}

static void test_v2_mint(void)
{
    unsigned char other_nonce[MST_AEAD_NONCE_LEN] = {0};
    apr_size_t len = 0, len2 = 0;
    const char *minted, *again;
    mst_token direct, t;

    mst_cache_init(cache);
    minted = mst_cache_mint_version(cache, ring_a, 2, nonce_w1, SID, 1764000000, 1764000600,
                                    "alice", 5, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(minted);
    CU_ASSERT_STRING_EQUAL(minted, W1);
    CU_ASSERT_EQUAL(len, strlen(W1));
    /* the same inputs: the remembered text, whatever the nonce */
    again = mst_cache_mint_version(cache, ring_a, 2, other_nonce, SID, 1764000000, 1764000600,
                                   "alice", 5, &len2);
    CU_ASSERT_PTR_EQUAL(again, minted);
    CU_ASSERT_EQUAL(len2, len);
    /* it verifies from the cache as verification would, user decrypted */
    CU_ASSERT_EQUAL_FATAL(
        mst_token_verify_mac_versions(ring_a, W1, strlen(W1), MST_TOKEN_V2, &direct), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(mst_cache_verify_mac_versions(cache, ring_a, W1, strlen(W1), BOTH, &t),
                    MST_TOKEN_OK);
    CU_ASSERT_PTR_NULL(cache->presented.ring); /* a hit on the minted entry */
    check_same_token(&t, &direct, "minted v2 hit");
    CU_ASSERT_STRING_EQUAL(t.user, "alice");
    /* a v1-only caller gets no v2 from the cache, old API included */
    CU_ASSERT_EQUAL(mst_cache_verify_mac_versions(cache, ring_a, W1, strlen(W1), MST_TOKEN_V1, &t),
                    MST_TOKEN_ERR_VERSION);
    CU_ASSERT_EQUAL(mst_cache_verify_mac(cache, ring_a, W1, strlen(W1), &t), MST_TOKEN_ERR_VERSION);
    /* the same fields as v1: a new mint, the v1 vector */
    again = mst_cache_mint_version(cache, ring_a, 1, NULL, SID, 1764000000, 1764000600, "alice", 5,
                                   &len2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(again);
    CU_ASSERT_STRING_EQUAL(again, V1);
    CU_ASSERT_EQUAL(mst_cache_verify_mac_versions(cache, ring_a, V1, strlen(V1), MST_TOKEN_V2, &t),
                    MST_TOKEN_ERR_VERSION);
    CU_ASSERT_EQUAL(mst_cache_verify_mac(cache, ring_a, V1, strlen(V1), &t), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(t.version, 1);
    /* no other version, no v2 without a nonce, no invalid input */
    CU_ASSERT_PTR_NULL(mst_cache_mint_version(cache, ring_a, 3, nonce_w1, SID, 1, 2, "x", 1, &len));
    CU_ASSERT_PTR_NULL(mst_cache_mint_version(cache, ring_a, 0, nonce_w1, SID, 1, 2, "x", 1, &len));
    CU_ASSERT_PTR_NULL(mst_cache_mint_version(cache, ring_a, 2, NULL, SID, 1, 2, "x", 1, &len));
    CU_ASSERT_PTR_NULL(
        mst_cache_mint_version(cache, ring_a, 2, nonce_w1, SID, 10, 10, "a\nb", 3, &len));
    /* the old mint is version 1 */
    again = mst_cache_mint(cache, ring_a, SID, 1764000000, 1764000600, "alice", 5, &len2);
    CU_ASSERT_STRING_EQUAL(again, V1);
}

static void test_v2_presented(void)
{
    char bad[sizeof(W1)];
    unsigned char mac[MST_MAC_RAW_LEN];
    size_t signed_len = strlen(W1) - MST_MAC_LEN - 1;
    mst_token direct, t;

    mst_cache_init(cache);
    CU_ASSERT_EQUAL_FATAL(
        mst_token_verify_mac_versions(ring_a, W1, strlen(W1), MST_TOKEN_V2, &direct), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(mst_cache_verify_mac_versions(cache, ring_a, W1, strlen(W1), BOTH, &t),
                    MST_TOKEN_OK);
    CU_ASSERT_PTR_EQUAL(cache->presented.ring, ring_a);
    CU_ASSERT_EQUAL(cache->presented.token.version, 2);
    CU_ASSERT_EQUAL(mst_cache_verify_mac_versions(cache, ring_a, W1, strlen(W1), MST_TOKEN_V2, &t),
                    MST_TOKEN_OK);
    check_same_token(&t, &direct, "presented v2 hit");
    CU_ASSERT_EQUAL(mst_cache_verify_mac_versions(cache, ring_a, W1, strlen(W1), MST_TOKEN_V1, &t),
                    MST_TOKEN_ERR_VERSION);
    /* a valid MAC over a nonce changed: does not decrypt, never enters */
    mst_cache_init(cache);
    memcpy(bad, W1, sizeof(W1));
    bad[strlen("v2.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1764000000.1764000600.")] = 'F';
    mst_keyring_hmac(ring_a, 0, bad, signed_len, mac);
    mst_b64url_encode(bad + signed_len + 1, mac, sizeof(mac));
    for (int round = 0; round < 2; round++) {
        MST_CHECK(mst_cache_verify_mac_versions(cache, ring_a, bad, strlen(bad), BOTH, &t) ==
                      MST_TOKEN_ERR_DECRYPT,
                  "round %d", round);
    }
    CU_ASSERT_PTR_NULL(cache->presented.ring);
}

/* ---- the cache the threads of a process share ---- */

static mst_shared_cache *shared;

/* A connection's cache with the shared one behind it. */
static mst_token_cache *conn_cache(void)
{
    mst_token_cache *c = apr_palloc(unit_pool, sizeof(*c));
    mst_cache_init(c);
    mst_cache_attach(c, shared);
    return c;
}

static void shared_fresh(void)
{
    if (shared == NULL) {
        shared = apr_palloc(unit_pool, sizeof(*shared));
    }
    mst_shared_init(shared);
}

static void test_shared_hit_across_connections(void)
{
    mst_token direct, t, found;
    mst_token_cache *a, *b;

    shared_fresh();
    a = conn_cache();
    b = conn_cache();
    CU_ASSERT_EQUAL_FATAL(mst_token_verify_mac(ring_a, V1, strlen(V1), &direct), MST_TOKEN_OK);
    CU_ASSERT_FALSE(mst_shared_find(shared, ring_a, V1, strlen(V1), &found));
    CU_ASSERT_EQUAL(mst_cache_verify_mac(a, ring_a, V1, strlen(V1), &t), MST_TOKEN_OK);
    /* what connection a verified, the process now knows, field by field */
    CU_ASSERT_TRUE_FATAL(mst_shared_find(shared, ring_a, V1, strlen(V1), &found));
    check_same_token(&found, &direct, "shared entry");
    /* a second connection hits it, and its own cache then has it */
    CU_ASSERT_EQUAL(mst_cache_verify_mac(b, ring_a, V1, strlen(V1), &t), MST_TOKEN_OK);
    check_same_token(&t, &direct, "hit on connection b");
    CU_ASSERT_PTR_EQUAL(b->presented.ring, ring_a);
    CU_ASSERT_STRING_EQUAL(b->presented.value, V1);
    /* the same bytes under another ring: not a hit, and verification says why */
    CU_ASSERT_FALSE(mst_shared_find(shared, ring_b, V1, strlen(V1), &found));
    CU_ASSERT_EQUAL(mst_cache_verify_mac(conn_cache(), ring_b, V1, strlen(V1), &t),
                    MST_TOKEN_ERR_UNKNOWN_KID);
}

static void test_shared_near_values_miss(void)
{
    /* columns: a value one edit away from V1 (same slot for the MAC tail ones) */
    char rows[5][sizeof(V1) + 1];
    mst_token t;

    shared_fresh();
    CU_ASSERT_EQUAL_FATAL(mst_cache_verify_mac(conn_cache(), ring_a, V1, strlen(V1), &t),
                          MST_TOKEN_OK);
    for (size_t i = 0; i < 5; i++) {
        memcpy(rows[i], V1, sizeof(V1));
    }
    rows[0][0] = 'w';                     /* first byte */
    rows[1][strlen(V1) - 1] = 'x';        /* last byte */
    rows[2][strlen(V1) - 1] = '\0';       /* a prefix */
    rows[3][20] = 'Z';                    /* inside the SID */
    memcpy(rows[4] + strlen(V1), "A", 2); /* one byte more */
    for (size_t i = 0; i < 5; i++) {
        MST_CHECK(!mst_shared_find(shared, ring_a, rows[i], strlen(rows[i]), &t), "row %zu", i);
        MST_CHECK(mst_cache_verify_mac(conn_cache(), ring_a, rows[i], strlen(rows[i]), &t) !=
                      MST_TOKEN_OK,
                  "row %zu verifies", i);
        MST_CHECK(!mst_shared_find(shared, ring_a, rows[i], strlen(rows[i]), &t), "row %zu entered",
                  i);
    }
}

static void test_shared_versions(void)
{
    mst_token t;

    shared_fresh();
    CU_ASSERT_EQUAL(mst_cache_verify_mac_versions(conn_cache(), ring_a, W1, strlen(W1), BOTH, &t),
                    MST_TOKEN_OK);
    CU_ASSERT_TRUE(mst_shared_find(shared, ring_a, W1, strlen(W1), &t));
    CU_ASSERT_STRING_EQUAL(t.user, "alice"); /* decrypted, as verification gives it */
    /* a scope that accepts v1 only gets no v2 from the process either */
    CU_ASSERT_EQUAL(
        mst_cache_verify_mac_versions(conn_cache(), ring_a, W1, strlen(W1), MST_TOKEN_V1, &t),
        MST_TOKEN_ERR_VERSION);
}

static void test_shared_mint_across_connections(void)
{
    unsigned char other_nonce[MST_AEAD_NONCE_LEN] = {0};
    apr_size_t len = 0, len2 = 0;
    const char *minted, *again;
    mst_token t;

    shared_fresh();
    minted = mst_cache_mint(conn_cache(), ring_a, SID, 1764000000, 1764000600, "alice", 5, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(minted);
    CU_ASSERT_STRING_EQUAL(minted, V1);
    /* the token a connection minted verifies on another */
    CU_ASSERT_TRUE(mst_shared_find(shared, ring_a, V1, strlen(V1), &t));
    CU_ASSERT_EQUAL(t.key_index, 0);
    /* a parallel request re-issuing the same session this second gets the same text */
    again = mst_cache_mint_version(conn_cache(), ring_a, 2, nonce_w1, SID, 1764000000, 1764000600,
                                   "alice", 5, &len2);
    CU_ASSERT_STRING_EQUAL(again, W1); /* v2 is not the v1 entry */
    again = mst_cache_mint_version(conn_cache(), ring_a, 2, other_nonce, SID, 1764000000,
                                   1764000600, "alice", 5, &len2);
    CU_ASSERT_STRING_EQUAL(again, W1); /* the process's v2 text, whatever the nonce */
    again = mst_cache_mint(conn_cache(), ring_a, SID, 1764000000, 1764000600, "alice", 5, &len2);
    CU_ASSERT_STRING_EQUAL(again, V1);
    /* other fields mint anew */
    again = mst_cache_mint(conn_cache(), ring_a, SID, 1764000000, 1764000601, "alice", 5, &len2);
    CU_ASSERT_STRING_NOT_EQUAL(again, V1);
    again = mst_cache_mint(conn_cache(), ring_a, SID, 1764000000, 1764000600, "alicf", 5, &len2);
    CU_ASSERT_STRING_NOT_EQUAL(again, V1);
    again = mst_cache_mint(conn_cache(), ring_b, SID, 1764000000, 1764000600, "alice", 5, &len2);
    CU_ASSERT_STRING_NOT_EQUAL(again, V1);
}

static void test_shared_old_key_is_not_a_mint(void)
{
    /* ring [new, old]: a token the old key signed verifies (key 1), but a
     * re-issue of its fields must be signed by the new key */
    mst_keyring *rotated = unit_ring(OTHER_SECRET, SPEC_SECRET);
    apr_size_t len = 0;
    const char *minted;
    mst_token t;

    CU_ASSERT_PTR_NOT_NULL_FATAL(rotated);
    shared_fresh();
    CU_ASSERT_EQUAL(mst_cache_verify_mac(conn_cache(), rotated, V1, strlen(V1), &t), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(t.key_index, 1);
    minted = mst_cache_mint(conn_cache(), rotated, SID, 1764000000, 1764000600, "alice", 5, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(minted);
    CU_ASSERT_STRING_NOT_EQUAL(minted, V1);
    CU_ASSERT_EQUAL(mst_token_verify_mac(rotated, minted, len, &t), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(t.key_index, 0);
}

static void test_shared_long_token_stays_out(void)
{
    char user[MST_USER_MAX_LEN + 1];
    char value[MST_TOKEN_MAX_LEN + 1];
    apr_size_t len;
    mst_token t;

    memset(user, 'u', MST_USER_MAX_LEN);
    user[MST_USER_MAX_LEN] = '\0';
    len = mst_token_mint(ring_a, SID, 1764000000, 1764000600, user, MST_USER_MAX_LEN, value,
                         sizeof(value));
    CU_ASSERT_FATAL(len > 0);
    shared_fresh();
    CU_ASSERT_EQUAL(mst_cache_verify_mac(conn_cache(), ring_a, value, len, &t), MST_TOKEN_OK);
    CU_ASSERT_FALSE(mst_shared_find(shared, ring_a, value, len, &t)); /* too long for a slot */
    CU_ASSERT_EQUAL(mst_cache_verify_mac(conn_cache(), ring_a, value, len, &t), MST_TOKEN_OK);
    CU_ASSERT_EQUAL(t.user_len, MST_USER_MAX_LEN);
}

/* Threads verifying and minting through one shared cache, all into the same
 * few slots: every answer must be the one verification gives. */
#define RACE_TOKENS  8
#define RACE_THREADS 4
#define RACE_ROUNDS  20000

static char race_value[RACE_TOKENS][MST_TOKEN_MAX_LEN + 1];
static apr_size_t race_len[RACE_TOKENS];

static void *APR_THREAD_FUNC race_worker(apr_thread_t *th, void *arg)
{
    mst_token_cache *c = malloc(sizeof(*c));
    unsigned seed = (unsigned)(apr_uintptr_t)arg;
    long wrong = 0;

    if (c == NULL) {
        apr_thread_exit(th, APR_ENOMEM);
        return NULL;
    }
    for (int i = 0; i < RACE_ROUNDS; i++) {
        int k = (int)((seed = seed * 1103515245u + 12345u) >> 16) % RACE_TOKENS;
        char user[2] = {(char)('a' + k), '\0'};
        mst_token t;
        apr_size_t len;
        mst_cache_init(c); /* a new connection every time: the shared cache answers */
        mst_cache_attach(c, shared);
        if (i % 3 == 0) {
            const char *m =
                mst_cache_mint(c, ring_a, SID, 1764000000, 1764000000 + k, user, 1, &len);
            wrong += m == NULL || len != race_len[k] || memcmp(m, race_value[k], len) != 0;
        } else if (mst_cache_verify_mac(c, ring_a, race_value[k], race_len[k], &t) !=
                       MST_TOKEN_OK ||
                   t.user_len != 1 || t.user[0] != user[0] || t.last != 1764000000 + k) {
            wrong++;
        }
    }
    free(c);
    apr_thread_exit(th, wrong == 0 ? APR_SUCCESS : APR_EGENERAL);
    return NULL;
}

static void test_shared_threads(void)
{
    apr_thread_t *th[RACE_THREADS];
    apr_status_t rv;

    shared_fresh();
    for (int k = 0; k < RACE_TOKENS; k++) {
        char user[2] = {(char)('a' + k), '\0'};
        race_len[k] = mst_token_mint(ring_a, SID, 1764000000, 1764000000 + k, user, 1,
                                     race_value[k], sizeof(race_value[k]));
        CU_ASSERT_FATAL(race_len[k] > 0);
    }
    for (int i = 0; i < RACE_THREADS; i++) {
        CU_ASSERT_EQUAL_FATAL(
            apr_thread_create(&th[i], NULL, race_worker, (void *)(apr_uintptr_t)(i + 1), unit_pool),
            APR_SUCCESS);
    }
    for (int i = 0; i < RACE_THREADS; i++) {
        CU_ASSERT_EQUAL(apr_thread_join(&rv, th[i]), APR_SUCCESS);
        MST_CHECK(rv == APR_SUCCESS, "thread %d saw a wrong answer", i);
    }
    for (int k = 0; k < RACE_TOKENS; k++) {
        mst_token t;
        MST_CHECK(mst_shared_find(shared, ring_a, race_value[k], race_len[k], &t) == 0 ||
                      t.user[0] == 'a' + k,
                  "token %d", k);
    }
}

int register_cache_suite(void)
{
    static const unit_test tests[] = {
        {"a hit equals a verification", test_hit_equals_verification},
        {"unverified values never enter", test_failures_never_enter},
        {"another ring or a prefix misses", test_other_ring_misses},
        {"mint reuses and primes verification", test_mint_reuses_and_verifies},
        {"v2 mint, versions of a hit", test_v2_mint},
        {"v2 presented, a bad ciphertext never enters", test_v2_presented},
        {"shared: a token verified on one connection hits on another",
         test_shared_hit_across_connections},
        {"shared: values one edit away miss and never enter", test_shared_near_values_miss},
        {"shared: a hit's version must be accepted", test_shared_versions},
        {"shared: a re-issue of the same session reuses the text",
         test_shared_mint_across_connections},
        {"shared: an old key's token is not a mint", test_shared_old_key_is_not_a_mint},
        {"shared: a token too long for a slot stays out", test_shared_long_token_stays_out},
        {"shared: threads racing on the same slots get right answers", test_shared_threads},
    };
    return UNIT_REGISTER("cache", suite_init, suite_clean, tests);
}

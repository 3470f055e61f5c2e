/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* test_cache.c: CUnit suite for mst_cache.c, the per-connection cache of
 * verified and minted tokens: a hit must give exactly what verification
 * gives, a miss must verify, and nothing unverified may enter. */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <apr_pools.h>

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

int register_cache_suite(void)
{
    static const unit_test tests[] = {
        {"a hit equals a verification", test_hit_equals_verification},
        {"unverified values never enter", test_failures_never_enter},
        {"another ring or a prefix misses", test_other_ring_misses},
        {"mint reuses and primes verification", test_mint_reuses_and_verifies},
        {"v2 mint, versions of a hit", test_v2_mint},
        {"v2 presented, a bad ciphertext never enters", test_v2_presented},
    };
    return UNIT_REGISTER("cache", suite_init, suite_clean, tests);
}

/* test_cache.c: CUnit suite for mst_cache.c, the per-connection cache of
 * verified and minted tokens: a hit must give exactly what verification
 * gives, a miss must verify, and nothing unverified may enter. */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <apr_pools.h>

#include "mst_cache.h"
#include "unit_fixture.h"

#define SPEC_SECRET  "0123456789abcdef0123456789abcdef"
#define OTHER_SECRET "another secret of at least 32 bytes!!"
#define SID          "AAECAwQFBgcICQoLDA0ODw"
#define V1                                                                                         \
    "v1.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1764000000.1764000600.YWxpY2U."                            \
    "Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLelew"

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
    CU_ASSERT_PTR_NULL(mst_cache_mint(cache, ring_a, SID, 10, 10, "a\nb", 3, &len2));
}

int register_cache_suite(void)
{
    static const unit_test tests[] = {
        {"a hit equals a verification", test_hit_equals_verification},
        {"unverified values never enter", test_failures_never_enter},
        {"another ring or a prefix misses", test_other_ring_misses},
        {"mint reuses and primes verification", test_mint_reuses_and_verifies},
    };
    return UNIT_REGISTER("cache", suite_init, suite_clean, tests);
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* test_store.c: CUnit suite for mst_store.c: the store URL, context and
 * auth parsers, the key names (the user only as a keyed HMAC, one per key of
 * the ring), the decision "revoked?", the TTL, and the "not revoked" cache. */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <apr_pools.h>

#include "mst_store.h"
#include "unit_fixture.h"

#define SPEC_SECRET  "0123456789abcdef0123456789abcdef"
#define OTHER_SECRET "another secret of at least 32 bytes!!"

static void test_url_parse(void)
{
    /* columns: value, ok, kind, host, port, db, provider, args */
    static const struct {
        const char *url;
        int ok;
        mst_store_kind kind;
        const char *host;
        int port, db;
        const char *provider, *args;
    } rows[] = {
        {"Off", 1, MST_STORE_OFF, NULL, 0, 0, NULL, NULL},
        {"off", 1, MST_STORE_OFF, NULL, 0, 0, NULL, NULL},
        {"redis://127.0.0.1", 1, MST_STORE_REDIS, "127.0.0.1", 6379, 0, NULL, NULL},
        {"redis://127.0.0.1:7000", 1, MST_STORE_REDIS, "127.0.0.1", 7000, 0, NULL, NULL},
        {"redis://cache.example:1/3", 1, MST_STORE_REDIS, "cache.example", 1, 3, NULL, NULL},
        {"redis://h:65535/1023", 1, MST_STORE_REDIS, "h", 65535, 1023, NULL, NULL},
        {"redis://h/", 1, MST_STORE_REDIS, "h", 6379, 0, NULL, NULL},
        {"REDIS://h", 1, MST_STORE_REDIS, "h", 6379, 0, NULL, NULL},
        {"redis://h:0", 0, 0, NULL, 0, 0, NULL, NULL},
        {"redis://h:65536", 0, 0, NULL, 0, 0, NULL, NULL},
        {"redis://h:", 0, 0, NULL, 0, 0, NULL, NULL},
        {"redis://h:x", 0, 0, NULL, 0, 0, NULL, NULL},
        {"redis://h/1024", 0, 0, NULL, 0, 0, NULL, NULL},
        {"redis://h/-1", 0, 0, NULL, 0, 0, NULL, NULL},
        {"redis://", 0, 0, NULL, 0, 0, NULL, NULL},
        {"redis://:6379", 0, 0, NULL, 0, 0, NULL, NULL},
        {"redis://user:pw@h", 0, 0, NULL, 0, 0, NULL, NULL},
        {"redis://h h", 0, 0, NULL, 0, 0, NULL, NULL},
        {"socache:shmcb", 1, MST_STORE_SOCACHE, NULL, 0, 0, "shmcb", NULL},
        {"socache:dbm:/var/lib/x", 1, MST_STORE_SOCACHE, NULL, 0, 0, "dbm", "/var/lib/x"},
        {"socache:shmcb:/run/x(512000)", 1, MST_STORE_SOCACHE, NULL, 0, 0, "shmcb",
         "/run/x(512000)"},
        {"socache:memcache:127.0.0.1:11211", 1, MST_STORE_SOCACHE, NULL, 0, 0, "memcache",
         "127.0.0.1:11211"},
        {"socache:", 0, 0, NULL, 0, 0, NULL, NULL},
        {"socache::x", 0, 0, NULL, 0, 0, NULL, NULL},
        {"socache:Dbm", 0, 0, NULL, 0, 0, NULL, NULL},
        {"memcache://h", 0, 0, NULL, 0, 0, NULL, NULL},
        {"", 0, 0, NULL, 0, 0, NULL, NULL},
    };
    for (size_t i = 0; i < UNIT_COUNT(rows); i++) {
        mst_store_url u;
        const char *err = mst_store_url_parse(unit_pool, rows[i].url, &u);
        MST_CHECK((err == NULL) == rows[i].ok, "row %zu (%s): %s", i, rows[i].url,
                  err ? err : "ok");
        if (err != NULL || !rows[i].ok) {
            MST_CHECK(err == NULL || strstr(err, rows[i].url) != NULL, "row %zu names the value",
                      i);
            continue;
        }
        MST_CHECK(u.kind == rows[i].kind, "row %zu", i);
        MST_CHECK(rows[i].host == NULL || strcmp(u.host, rows[i].host) == 0, "row %zu", i);
        MST_CHECK(u.kind != MST_STORE_REDIS || (u.port == rows[i].port && u.db == rows[i].db),
                  "row %zu", i);
        MST_CHECK(rows[i].provider == NULL || strcmp(u.provider, rows[i].provider) == 0, "row %zu",
                  i);
        MST_CHECK((rows[i].args == NULL && u.args == NULL) ||
                      (rows[i].args && u.args && strcmp(u.args, rows[i].args) == 0),
                  "row %zu", i);
    }
}

static void test_context_and_auth(void)
{
    /* columns: context name, ok */
    static const struct {
        const char *name;
        int ok;
    } ctx[] = {
        {"session_timeout", 1},
        {"shop.example-1", 1},
        {"", 0},
        {"a:b", 0},
        {"a b", 0},
        {"0123456789012345678901234567890123456789012345678901234567890123", 1},
        {"01234567890123456789012345678901234567890123456789012345678901234", 0},
    };
    for (size_t i = 0; i < UNIT_COUNT(ctx); i++) {
        MST_CHECK((mst_store_context_check(unit_pool, ctx[i].name) == NULL) == ctx[i].ok, "row %zu",
                  i);
    }
    /* columns: duration text, ok, milliseconds (range 1ms..60s) */
    static const struct {
        const char *text;
        int ok;
        apr_int64_t ms;
    } durs[] = {
        {"250ms", 1, 250}, {"1ms", 1, 1},     {"0ms", 0, 0}, {"2s", 1, 2000}, {"1", 1, 1000},
        {"1m", 1, 60000},  {"60001ms", 0, 0}, {"2m", 0, 0},  {"ms", 0, 0},    {"-1ms", 0, 0},
        {"1.5s", 0, 0},    {"250MS", 1, 250}, {"1d", 0, 0},  {"Off", 0, 0},
    };
    for (size_t i = 0; i < UNIT_COUNT(durs); i++) {
        apr_int64_t ms = -1;
        const char *err = mst_store_ms_parse(unit_pool, durs[i].text, 1, 60000, &ms);
        MST_CHECK((err == NULL) == durs[i].ok, "row %zu (%s): %s", i, durs[i].text,
                  err ? err : "ok");
        MST_CHECK(err != NULL || ms == durs[i].ms, "row %zu", i);
    }
    /* columns: auth text, ok, user, password */
    static const struct {
        const char *text;
        int ok;
        const char *user, *password;
    } auth[] = {
        {"s3cret", 1, NULL, "s3cret"},
        {"app s3cret", 1, "app", "s3cret"},
        {"app pass word", 1, "app", "pass word"},
        {"", 0, NULL, NULL},
        {" pw", 0, NULL, NULL},
        {"user ", 0, NULL, NULL},
    };
    for (size_t i = 0; i < UNIT_COUNT(auth); i++) {
        const char *u, *pw;
        const char *err = mst_store_auth_split(unit_pool, auth[i].text, &u, &pw);
        MST_CHECK((err == NULL) == auth[i].ok, "row %zu", i);
        if (err == NULL) {
            MST_CHECK((auth[i].user == NULL && u == NULL) ||
                          (u && auth[i].user && strcmp(u, auth[i].user) == 0),
                      "row %zu", i);
            MST_CHECK(strcmp(pw, auth[i].password) == 0, "row %zu", i);
        } else {
            MST_CHECK(auth[i].text[0] == '\0' || strstr(err, auth[i].text) == NULL,
                      "row %zu: the error holds no secret", i);
        }
    }
}

static void test_keys(void)
{
    mst_keyring *ring = unit_ring(SPEC_SECRET, OTHER_SECRET);
    char *k0, *k1, *other_ctx, *other_user;

    CU_ASSERT_PTR_NOT_NULL_FATAL(ring);
    CU_ASSERT_STRING_EQUAL(
        mst_store_key_sid(unit_pool, "session_timeout", "AAECAwQFBgcICQoLDA0ODw"),
        "mst:v1:session_timeout:s:AAECAwQFBgcICQoLDA0ODw");
    CU_ASSERT_STRING_EQUAL(mst_store_key_all(unit_pool, "shop"), "mst:v1:shop:a");
    /* HMAC-SHA256(secret, "mst-store-user" NUL "session_timeout" NUL "alice"),
     * computed independently with Python's hmac module */
    k0 = mst_store_key_user(unit_pool, ring, 0, "session_timeout", "alice", 5);
    CU_ASSERT_STRING_EQUAL(k0,
                           "mst:v1:session_timeout:u:yZX39PDe8tsduieJsm0AT0iuYbJpFojwSbnMkR-BZUM");
    k1 = mst_store_key_user(unit_pool, ring, 1, "session_timeout", "alice", 5);
    other_ctx = mst_store_key_user(unit_pool, ring, 0, "shop", "alice", 5);
    other_user = mst_store_key_user(unit_pool, ring, 0, "session_timeout", "alicf", 5);
    CU_ASSERT_STRING_NOT_EQUAL(k0, k1);
    CU_ASSERT(strstr(other_ctx, "alice") == NULL);
    CU_ASSERT_STRING_NOT_EQUAL(strrchr(k0, ':'), strrchr(other_ctx, ':'));
    CU_ASSERT_STRING_NOT_EQUAL(k0, other_user);
    /* the user name with a NUL-free prefix that equals the context does not collide */
    CU_ASSERT_STRING_NOT_EQUAL(mst_store_key_user(unit_pool, ring, 0, "a", "b", 1),
                               mst_store_key_user(unit_pool, ring, 0, "ab", "", 0));
}

static void test_decision(void)
{
    /* columns: sid listed, user cutoff, all cutoff, created, revoked */
    static const struct {
        int sid;
        apr_int64_t user, all, created;
        int revoked;
    } rows[] = {
        {0, -1, -1, 1000, 0},   {1, -1, -1, 1000, 1},   {0, 1000, -1, 999, 1},
        {0, 1000, -1, 1000, 0}, {0, 1000, -1, 1001, 0}, {0, -1, 1000, 999, 1},
        {0, -1, 1000, 1000, 0}, {0, 500, 1000, 700, 1}, {0, 1000, 500, 700, 1},
        {0, 0, 0, 0, 0},        {1, 0, 0, 5, 1},
    };
    for (size_t i = 0; i < UNIT_COUNT(rows); i++) {
        mst_store_answer a = {rows[i].sid, rows[i].user, rows[i].all};
        MST_CHECK(mst_store_revoked(&a, rows[i].created) == rows[i].revoked, "row %zu", i);
    }
    /* columns: value, ok, parsed */
    static const struct {
        const char *v;
        int ok;
        apr_int64_t t;
    } vals[] = {
        {"0", 1, 0},
        {"1764000000", 1, 1764000000},
        {"999999999999", 1, 999999999999},
        {"1000000000000", 0, 0},
        {"", 0, 0},
        {"-1", 0, 0},
        {"+1", 0, 0},
        {"12a", 0, 0},
        {" 1", 0, 0},
    };
    for (size_t i = 0; i < UNIT_COUNT(vals); i++) {
        apr_int64_t t = -7;
        int ok = mst_store_value_parse(vals[i].v, strlen(vals[i].v), &t);
        MST_CHECK(ok == vals[i].ok, "row %zu", i);
        MST_CHECK(!ok || t == vals[i].t, "row %zu", i);
    }
    CU_ASSERT_FALSE(mst_store_value_parse(NULL, 0, NULL));
}

static void test_ttl(void)
{
    /* columns: lifetime, inactivity, bound */
    static const struct {
        apr_int64_t lifetime, inactivity, bound;
    } bounds[] = {
        {3600, 600, 3600},
        {MST_DURATION_OFF, 600, 600},
        {3600, MST_DURATION_OFF, 3600},
        {MST_DURATION_OFF, MST_DURATION_OFF, -1},
    };
    for (size_t i = 0; i < UNIT_COUNT(bounds); i++) {
        mst_effective e;
        memset(&e, 0, sizeof(e));
        e.lifetime = bounds[i].lifetime;
        e.inactivity = bounds[i].inactivity;
        MST_CHECK(mst_store_scope_bound(&e) == bounds[i].bound, "row %zu", i);
    }
    /* columns: bound, skew, delay ms, cap, ttl */
    static const struct {
        apr_int64_t bound, skew, delay, cap, ttl;
    } rows[] = {
        {86400, 30, 1000, 0, 86431},
        {86400, 30, 0, 0, 86430},
        {86400, 30, 1, 0, 86431},
        {86400, 30, 1001, 0, 86432},
        {0, 0, 0, 0, 1},
        {-1, -5, -1, 0, 1},
        {40 * 86400, 30, 1000, MST_STORE_MEMCACHE_TTL_MAX, MST_STORE_MEMCACHE_TTL_MAX},
        {30 * 86400 - 31, 30, 1000, MST_STORE_MEMCACHE_TTL_MAX, MST_STORE_MEMCACHE_TTL_MAX},
        {30 * 86400 - 32, 30, 1000, MST_STORE_MEMCACHE_TTL_MAX, MST_STORE_MEMCACHE_TTL_MAX - 1},
    };
    for (size_t i = 0; i < UNIT_COUNT(rows); i++) {
        apr_int64_t ttl = mst_store_ttl(rows[i].bound, rows[i].skew, rows[i].delay, rows[i].cap);
        MST_CHECK(ttl == rows[i].ttl, "row %zu: %" APR_INT64_T_FMT, i, ttl);
    }
}

static void token_of(mst_token *t, const char *sid, apr_int64_t created, const char *user)
{
    memset(t, 0, sizeof(*t));
    strcpy(t->sid, sid);
    t->created = created;
    t->user_len = strlen(user);
    memcpy(t->user, user, t->user_len + 1);
}

static void test_revcache(void)
{
    mst_revcache *c = malloc(sizeof(*c));
    mst_token t, same, other_user, other_created, other_sid;
    const apr_int64_t t0 = 1764000000LL * 1000000;

    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    token_of(&t, "AAECAwQFBgcICQoLDA0ODw", 1000, "alice");
    token_of(&same, "AAECAwQFBgcICQoLDA0ODw", 1000, "alice");
    token_of(&other_user, "AAECAwQFBgcICQoLDA0ODw", 1000, "alicf");
    token_of(&other_created, "AAECAwQFBgcICQoLDA0ODw", 1001, "alice");
    token_of(&other_sid, "AAECAwQFBgcICQoLDA0ODx", 1000, "alice");

    mst_revcache_init(c, 1000);
    CU_ASSERT_FALSE(mst_revcache_hit(c, &t, 0, t0)); /* empty */
    mst_revcache_put(c, &t, 7, t0);
    /* columns (as calls): token, generation, now, hit */
    CU_ASSERT_TRUE(mst_revcache_hit(c, &same, 7, t0));
    CU_ASSERT_TRUE(mst_revcache_hit(c, &same, 7, t0 + 999999));
    CU_ASSERT_FALSE(mst_revcache_hit(c, &same, 7, t0 + 1000000)); /* the delay is the bound */
    CU_ASSERT_FALSE(mst_revcache_hit(c, &same, 7, t0 - 1));       /* the clock stepped back */
    CU_ASSERT_FALSE(mst_revcache_hit(c, &same, 8, t0));           /* a revocation was written */
    CU_ASSERT_FALSE(mst_revcache_hit(c, &other_user, 7, t0));
    CU_ASSERT_FALSE(mst_revcache_hit(c, &other_created, 7, t0));
    CU_ASSERT_FALSE(mst_revcache_hit(c, &other_sid, 7, t0));
    /* a later answer replaces the slot */
    mst_revcache_put(c, &t, 8, t0 + 500000);
    CU_ASSERT_TRUE(mst_revcache_hit(c, &same, 8, t0 + 1400000));
    CU_ASSERT_FALSE(mst_revcache_hit(c, &same, 7, t0 + 600000));

    /* delay 0: never remembered */
    mst_revcache_init(c, 0);
    mst_revcache_put(c, &t, 1, t0);
    CU_ASSERT_FALSE(mst_revcache_hit(c, &t, 1, t0));
    /* a SID that is not base64url of 16 bytes is never cached */
    mst_revcache_init(c, 1000);
    token_of(&other_sid, "not-a-sid-at-all-here!", 1000, "alice");
    mst_revcache_put(c, &other_sid, 1, t0);
    CU_ASSERT_FALSE(mst_revcache_hit(c, &other_sid, 1, t0));
    CU_ASSERT_FALSE(mst_revcache_hit(NULL, &t, 1, t0));
    free(c);
}

int register_store_suite(void)
{
    static const unit_test tests[] = {
        {"store URL parse", test_url_parse},
        {"context names, ms durations and AUTH text", test_context_and_auth},
        {"key names: user only as a keyed HMAC", test_keys},
        {"revoked? from sid / user / all answers", test_decision},
        {"scope bound and entry TTL", test_ttl},
        {"not-revoked cache: delay, generation, identity", test_revcache},
    };
    return UNIT_REGISTER("store", unit_fixture_open, unit_fixture_close, tests);
}

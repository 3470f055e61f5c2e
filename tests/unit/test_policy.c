/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* test_policy.c: CUnit suite for mst_policy.c: verdicts at each limit and
 * +-1 s, which limit is reported, refresh and re-issue, the warning window,
 * the remaining times, both limits Off and post-2038 times. */
#include <string.h>

#include <CUnit/CUnit.h>

#include "mst_policy.h"
#include "unit_fixture.h"

#define OFF   MST_DURATION_OFF
#define VALID MST_VERDICT_VALID
#define LIFE  MST_VERDICT_LIFETIME
#define IDLE  MST_VERDICT_INACTIVITY
#define H     3600
#define H2    7200

static mst_token token_at(apr_int64_t created, apr_int64_t last, int key_index)
{
    mst_token t;
    memset(&t, 0, sizeof(t));
    t.created = created;
    t.last = last;
    t.key_index = key_index;
    return t;
}

static mst_effective limits(apr_int64_t lifetime, apr_int64_t inactivity, apr_int64_t warning,
                            apr_int64_t refresh)
{
    mst_effective e;
    e.lifetime = lifetime;
    e.inactivity = inactivity;
    e.warning = warning;
    e.refresh = refresh;
    return e;
}

/* One row of a decision table. */
typedef struct {
    apr_int64_t lifetime, inactivity, warning, refresh; /* limits in force */
    apr_int64_t created, last;                          /* the token */
    int key_index;                                      /* key that verified it */
    apr_int64_t now;
    int activity;           /* request counts as activity */
    mst_verdict verdict;    /* expected: */
    mst_limit_kind limit;   /* limit reported */
    int reissue;            /* new cookie */
    apr_int64_t new_last;   /* LAST after the response (-1 when not valid) */
    apr_int64_t expires_in; /* seconds to the earliest expiry, -1 if none */
    int warn;               /* warning header */
} decision_row;

static void run_rows(const decision_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const decision_row *r = &rows[i];
        mst_effective e = limits(r->lifetime, r->inactivity, r->warning, r->refresh);
        mst_token t = token_at(r->created, r->last, r->key_index);
        mst_decision d;
        memset(&d, 0x5a, sizeof(d));
        mst_policy_decide(&e, &t, MST_TOKEN_OK, r->now, r->activity, &d);
        MST_CHECK(d.verdict == r->verdict, "row %zu: got %s", i, mst_verdict_str(d.verdict));
        MST_CHECK(d.limit == r->limit, "row %zu: got %s", i, mst_limit_str(d.limit));
        MST_CHECK(d.reissue == r->reissue, "row %zu", i);
        MST_CHECK(d.new_last == r->new_last, "row %zu: got %ld", i, (long)d.new_last);
        MST_CHECK(d.expires_in == r->expires_in, "row %zu: got %ld", i, (long)d.expires_in);
        MST_CHECK(d.warn == r->warn, "row %zu", i);
    }
}

static void test_lifetime_boundary(void)
{
    static const decision_row rows[] = {
        /* L    I    W    R   created last key now  act verdict limit            re new  exp warn */
        {3600, OFF, 300, 60, 1000, 1000, 0, 4599, 0, VALID, MST_LIMIT_LIFETIME, 0, 1000, 1, 1},
        {3600, OFF, 300, 60, 1000, 1000, 0, 4600, 0, LIFE, MST_LIMIT_LIFETIME, 0, -1, -1, 0},
        {3600, OFF, 300, 60, 1000, 1000, 0, 4601, 0, LIFE, MST_LIMIT_LIFETIME, 0, -1, -1, 0},
        {3600, OFF, 300, 60, 1000, 4000, 0, 4600, 1, LIFE, MST_LIMIT_LIFETIME, 0, -1, -1, 0},
        {3600, OFF, 300, 60, 1000, 1000, 0, 1000, 0, VALID, MST_LIMIT_LIFETIME, 0, 1000, 3600, 0},
        {0, OFF, OFF, 60, 1000, 1000, 0, 1000, 0, LIFE, MST_LIMIT_LIFETIME, 0, -1, -1, 0},
        {1, OFF, OFF, 60, 1000, 1000, 0, 1000, 0, VALID, MST_LIMIT_LIFETIME, 0, 1000, 1, 0},
    };
    run_rows(rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_inactivity_boundary(void)
{
    static const decision_row rows[] = {
        /* L   I    W   R   created last key now  act verdict limit             re new  exp warn */
        {OFF, 600, 60, 60, 1000, 2000, 0, 2599, 0, VALID, MST_LIMIT_INACTIVITY, 0, 2000, 1, 1},
        {OFF, 600, 60, 60, 1000, 2000, 0, 2600, 0, IDLE, MST_LIMIT_INACTIVITY, 0, -1, -1, 0},
        {OFF, 600, 60, 60, 1000, 2000, 0, 2601, 0, IDLE, MST_LIMIT_INACTIVITY, 0, -1, -1, 0},
        /* activity does not rescue an expired session */
        {OFF, 600, 60, 60, 1000, 2000, 0, 2600, 1, IDLE, MST_LIMIT_INACTIVITY, 0, -1, -1, 0},
        /* one second before: activity refreshes */
        {OFF, 600, 60, 60, 1000, 2000, 0, 2599, 1, VALID, MST_LIMIT_INACTIVITY, 1, 2599, 600, 0},
    };
    run_rows(rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_which_limit(void)
{
    static const decision_row rows[] = {
        /* L    I     W    R   created last key now  act verdict limit            re new exp warn*/
        /* inactivity passed first (4000), then lifetime (5000) */
        {4000, 1000, OFF, 60, 1000, 3000, 0, 6000, 0, IDLE, MST_LIMIT_INACTIVITY, 0, -1, -1, 0},
        {4000, 1000, OFF, 60, 1000, 3000, 0, 4500, 0, IDLE, MST_LIMIT_INACTIVITY, 0, -1, -1, 0},
        /* lifetime passed first (3000), then inactivity (3500) */
        {2000, 1000, OFF, 60, 1000, 2500, 0, 4000, 0, LIFE, MST_LIMIT_LIFETIME, 0, -1, -1, 0},
        {2000, 1000, OFF, 60, 1000, 2500, 0, 3000, 0, LIFE, MST_LIMIT_LIFETIME, 0, -1, -1, 0},
        /* tie at 3000: lifetime */
        {2000, 1000, OFF, 60, 1000, 2000, 0, 3000, 0, LIFE, MST_LIMIT_LIFETIME, 0, -1, -1, 0},
        {2000, 1000, OFF, 60, 1000, 2000, 0, 9000, 0, LIFE, MST_LIMIT_LIFETIME, 0, -1, -1, 0},
        /* valid: the earlier deadline is reported; tie -> lifetime */
        {2000, 1000, OFF, 60, 1000, 2000, 0, 2999, 0, VALID, MST_LIMIT_LIFETIME, 0, 2000, 1, 0},
        {4000, 1000, OFF, 60, 1000, 2000, 0, 2500, 0, VALID, MST_LIMIT_INACTIVITY, 0, 2000, 500, 0},
        {2000, 1000, OFF, 60, 1000, 2500, 0, 2600, 0, VALID, MST_LIMIT_LIFETIME, 0, 2500, 400, 0},
    };
    run_rows(rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_refresh(void)
{
    static const decision_row rows[] = {
        /* L   I     W    R   created last key now  act verdict limit             re new  exp warn*/
        {OFF, 3600, OFF, 60, 1000, 1000, 0, 1059, 1, VALID, MST_LIMIT_INACTIVITY, 0, 1000, 3541, 0},
        {OFF, 3600, OFF, 60, 1000, 1000, 0, 1060, 1, VALID, MST_LIMIT_INACTIVITY, 1, 1060, 3600, 0},
        {OFF, 3600, OFF, 60, 1000, 1000, 0, 1061, 1, VALID, MST_LIMIT_INACTIVITY, 1, 1061, 3600, 0},
        /* passive requests never refresh */
        {OFF, 3600, OFF, 60, 1000, 1000, 0, 1060, 0, VALID, MST_LIMIT_INACTIVITY, 0, 1000, 3540, 0},
        {OFF, 3600, OFF, 60, 1000, 1000, 0, 4599, 0, VALID, MST_LIMIT_INACTIVITY, 0, 1000, 1, 0},
        /* refresh 0: every activity re-issues */
        {OFF, 3600, OFF, 0, 1000, 1000, 0, 1000, 1, VALID, MST_LIMIT_INACTIVITY, 1, 1000, 3600, 0},
        /* LAST slightly in the future (clock skew): LAST is kept */
        {OFF, 3600, OFF, 0, 1000, 1010, 0, 1000, 1, VALID, MST_LIMIT_INACTIVITY, 0, 1010, 3610, 0},
        /* lifetime only: activity still moves LAST, the deadline stays */
        {H, OFF, OFF, 60, 1000, 1000, 0, 1060, 1, VALID, MST_LIMIT_LIFETIME, 1, 1060, 3540, 0},
        {H, OFF, OFF, 60, 1000, 1000, 0, 1059, 1, VALID, MST_LIMIT_LIFETIME, 0, 1000, 3541, 0},
    };
    run_rows(rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_non_first_key(void)
{
    static const decision_row rows[] = {
        /* L   I     W    R   created last key now  act verdict limit             re new  exp warn*/
        {OFF, 3600, OFF, 60, 1000, 1000, 1, 1010, 0, VALID, MST_LIMIT_INACTIVITY, 1, 1000, 3590, 0},
        {OFF, 3600, OFF, 60, 1000, 1000, 1, 1010, 1, VALID, MST_LIMIT_INACTIVITY, 1, 1000, 3590, 0},
        {OFF, 3600, OFF, 60, 1000, 1000, 1, 1100, 1, VALID, MST_LIMIT_INACTIVITY, 1, 1100, 3600, 0},
        {OFF, 3600, OFF, 60, 1000, 1000, 15, 1000, 0, VALID, MST_LIMIT_INACTIVITY, 1, 1000, 3600,
         0},
        /* but not when expired */
        {OFF, 3600, OFF, 60, 1000, 1000, 1, 4600, 1, IDLE, MST_LIMIT_INACTIVITY, 0, -1, -1, 0},
    };
    run_rows(rows, sizeof(rows) / sizeof(rows[0]));
}

/* A valid token of another version than the one minted is re-issued at once
 * (a v1 cookie during a migration to v2), like a non-first key; one of the
 * minting version, or any version when the caller mints none (0), only when
 * the refresh interval says so; an expired or invalid one never. */
static void test_other_version_reissues(void)
{
    static const struct {
        int version, mint_version, activity;
        apr_int64_t now;
        mst_token_status status;
        mst_verdict verdict;
        int reissue;
        apr_int64_t new_last;
    } rows[] = {
        /* ver mint act now   status        verdict re new_last */
        {1, 2, 0, 1010, MST_TOKEN_OK, VALID, 1, 1000},
        {1, 2, 1, 1010, MST_TOKEN_OK, VALID, 1, 1000},
        {1, 2, 1, 1100, MST_TOKEN_OK, VALID, 1, 1100},
        {2, 1, 0, 1010, MST_TOKEN_OK, VALID, 1, 1000},
        {2, 2, 0, 1010, MST_TOKEN_OK, VALID, 0, 1000},
        {2, 2, 1, 1010, MST_TOKEN_OK, VALID, 0, 1000},
        {1, 1, 1, 1010, MST_TOKEN_OK, VALID, 0, 1000},
        {1, 0, 1, 1010, MST_TOKEN_OK, VALID, 0, 1000},
        {2, 0, 1, 1010, MST_TOKEN_OK, VALID, 0, 1000},
        {1, 2, 1, 4600, MST_TOKEN_OK, IDLE, 0, -1},
        {1, 2, 1, 1010, MST_TOKEN_ERR_MAC, MST_VERDICT_INVALID, 0, -1},
    };
    mst_effective e = limits(OFF, 3600, OFF, 60);
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_token t = token_at(1000, 1000, 0);
        mst_decision d;
        t.version = rows[i].version;
        mst_policy_decide_minting(&e, &t, rows[i].status, rows[i].now, rows[i].activity,
                                  rows[i].mint_version, &d);
        MST_CHECK(d.verdict == rows[i].verdict, "row %zu: got %s", i, mst_verdict_str(d.verdict));
        MST_CHECK(d.reissue == rows[i].reissue, "row %zu", i);
        MST_CHECK(d.new_last == rows[i].new_last, "row %zu", i);
        if (rows[i].mint_version == 0) {
            mst_decision plain;
            mst_policy_decide(&e, &t, rows[i].status, rows[i].now, rows[i].activity, &plain);
            MST_CHECK(plain.reissue == d.reissue && plain.new_last == d.new_last, "row %zu", i);
        }
    }
}

static void test_clamped_last_reissues(void)
{
    /* A LAST repaired after a backwards clock step (mst_token_check_time)
     * is re-issued even on a passive request, so the cookie is consistent
     * with this server's clock again. */
    mst_effective e = limits(OFF, 3600, OFF, 60);
    mst_decision d;
    mst_token t = token_at(1000, 1500, 0);
    t.last_clamped = 1;
    mst_policy_decide(&e, &t, MST_TOKEN_OK, 1500, 0, &d);
    CU_ASSERT_EQUAL(d.verdict, MST_VERDICT_VALID);
    CU_ASSERT_EQUAL(d.reissue, 1);
    CU_ASSERT_EQUAL(d.new_last, 1500);
    CU_ASSERT_EQUAL(d.expires_in, 3600);
    t.last_clamped = 0;
    mst_policy_decide(&e, &t, MST_TOKEN_OK, 1500, 0, &d);
    CU_ASSERT_EQUAL(d.reissue, 0);
}

static void test_warning_window(void)
{
    static const decision_row rows[] = {
        /* L    I    W    R   created last key now  act verdict limit             re new exp warn*/
        {3600, OFF, 300, 60, 0, 0, 0, 3299, 0, VALID, MST_LIMIT_LIFETIME, 0, 0, 301, 0},
        {3600, OFF, 300, 60, 0, 0, 0, 3300, 0, VALID, MST_LIMIT_LIFETIME, 0, 0, 300, 1},
        {3600, OFF, 300, 60, 0, 0, 0, 3301, 0, VALID, MST_LIMIT_LIFETIME, 0, 0, 299, 1},
        /* lifetime cannot be extended: activity still warns */
        {3600, OFF, 300, 60, 0, 0, 0, 3300, 1, VALID, MST_LIMIT_LIFETIME, 1, 3300, 300, 1},
        {OFF, 600, 60, 60, 0, 1000, 0, 1539, 0, VALID, MST_LIMIT_INACTIVITY, 0, 1000, 61, 0},
        {OFF, 600, 60, 60, 0, 1000, 0, 1540, 0, VALID, MST_LIMIT_INACTIVITY, 0, 1000, 60, 1},
        {OFF, 600, 60, 60, 0, 1000, 0, 1541, 0, VALID, MST_LIMIT_INACTIVITY, 0, 1000, 59, 1},
        /* expires_in from the new LAST: activity clears the inactivity warning */
        {OFF, 600, 60, 60, 0, 1000, 0, 1540, 1, VALID, MST_LIMIT_INACTIVITY, 1, 1540, 600, 0},
        /* ... unless the refresh interval keeps the old LAST */
        {OFF, 600, 60, 600, 0, 1000, 0, 1540, 1, VALID, MST_LIMIT_INACTIVITY, 0, 1000, 60, 1},
        /* refresh moves the earliest expiry from inactivity to lifetime */
        {1000, 600, 60, 60, 0, 300, 0, 880, 1, VALID, MST_LIMIT_LIFETIME, 1, 880, 120, 0},
        {1000, 600, 200, 60, 0, 300, 0, 880, 1, VALID, MST_LIMIT_LIFETIME, 1, 880, 120, 1},
        /* warning Off never warns; warning 0 never warns a valid session */
        {3600, OFF, OFF, 60, 0, 0, 0, 3599, 0, VALID, MST_LIMIT_LIFETIME, 0, 0, 1, 0},
        {3600, OFF, 0, 60, 0, 0, 0, 3599, 0, VALID, MST_LIMIT_LIFETIME, 0, 0, 1, 0},
    };
    run_rows(rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_both_off(void)
{
    static const decision_row rows[] = {
        /* L   I    W    R   created last key now          act verdict limit   re new  exp warn */
        {OFF, OFF, 300, 60, 1000, 1000, 0, 1000, 0, VALID, MST_LIMIT_NONE, 0, 1000, -1, 0},
        {OFF, OFF, 300, 60, 1000, 1000, 0, 999999999999, 0, VALID, MST_LIMIT_NONE, 0, 1000, -1, 0},
        {OFF, OFF, 300, 60, 1000, 1000, 0, 999999999999, 1, VALID, MST_LIMIT_NONE, 1, 999999999999,
         -1, 0},
    };
    mst_effective e = limits(OFF, OFF, 300, 60);
    mst_token t = token_at(1000, 1000, 0);
    mst_decision d;

    run_rows(rows, sizeof(rows) / sizeof(rows[0]));
    mst_policy_decide(&e, &t, MST_TOKEN_OK, 5000, 0, &d);
    CU_ASSERT_EQUAL(d.lifetime_left, -1);
    CU_ASSERT_EQUAL(d.inactivity_left, -1);
}

static void test_post_2038(void)
{
    static const decision_row rows[] = {
        /* L     I     W    R   created     last        key now         act verdict limit  re */
        {86400, OFF, 300, 60, 4102444800, 4102444800, 0, 4102531199, 0, VALID, MST_LIMIT_LIFETIME,
         0, 4102444800, 1, 1},
        {86400, OFF, 300, 60, 4102444800, 4102444800, 0, 4102531200, 0, LIFE, MST_LIMIT_LIFETIME, 0,
         -1, -1, 0},
        {OFF, 900, 60, 60, 999999990000, 999999999000, 0, 999999999899, 0, VALID,
         MST_LIMIT_INACTIVITY, 0, 999999999000, 1, 1},
        {OFF, 900, 60, 60, 999999990000, 999999999000, 0, 999999999900, 0, IDLE,
         MST_LIMIT_INACTIVITY, 0, -1, -1, 0},
        {OFF, 900, 60, 60, 999999990000, 999999999000, 0, 999999999100, 1, VALID,
         MST_LIMIT_INACTIVITY, 1, 999999999100, 900, 0},
        /* a 2038-crossing session */
        {H2, OFF, OFF, 60, 2147480000, 2147480000, 0, 2147483648, 0, VALID, MST_LIMIT_LIFETIME, 0,
         2147480000, 3552, 0},
    };
    run_rows(rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_remaining(void)
{
    /* columns: lifetime, inactivity, created, last, now, activity,
     * lifetime_left, inactivity_left (from the new LAST) */
    static const struct {
        apr_int64_t lifetime, inactivity, created, last, now;
        int activity;
        apr_int64_t life_left, idle_left;
    } rows[] = {
        {3600, 600, 1000, 1200, 1300, 0, 3300, 500}, {3600, 600, 1000, 1200, 1300, 1, 3300, 600},
        {3600, OFF, 1000, 1200, 1300, 1, 3300, -1},  {OFF, 600, 1000, 1200, 1300, 0, -1, 500},
        {3600, 600, 1000, 1200, 1259, 1, 3341, 541},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_effective e = limits(rows[i].lifetime, rows[i].inactivity, 300, 60);
        mst_token t = token_at(rows[i].created, rows[i].last, 0);
        mst_decision d;
        mst_policy_decide(&e, &t, MST_TOKEN_OK, rows[i].now, rows[i].activity, &d);
        MST_CHECK(d.verdict == VALID, "row %zu", i);
        MST_CHECK(d.lifetime_left == rows[i].life_left, "row %zu: got %ld", i,
                  (long)d.lifetime_left);
        MST_CHECK(d.inactivity_left == rows[i].idle_left, "row %zu: got %ld", i,
                  (long)d.inactivity_left);
    }
}

static void test_missing_and_invalid(void)
{
    mst_effective e = limits(3600, 600, 300, 60);
    mst_token t = token_at(1000, 1000, 0);
    mst_decision d;

    mst_policy_decide(&e, NULL, MST_TOKEN_OK, 1000, 1, &d);
    CU_ASSERT_EQUAL(d.verdict, MST_VERDICT_MISSING);
    CU_ASSERT_EQUAL(d.reissue, 0);
    CU_ASSERT_EQUAL(d.warn, 0);
    CU_ASSERT_EQUAL(d.expires_in, -1);
    CU_ASSERT_EQUAL(d.limit, MST_LIMIT_NONE);
    for (int st = MST_TOKEN_ERR_LENGTH; st <= MST_TOKEN_ERR_FUTURE; st++) {
        mst_policy_decide(&e, &t, (mst_token_status)st, 1000, 1, &d);
        MST_CHECK(d.verdict == MST_VERDICT_INVALID, "status %d", st);
        MST_CHECK(d.reissue == 0 && d.warn == 0 && d.expires_in == -1, "status %d", st);
        MST_CHECK(d.new_last == -1 && d.lifetime_left == -1 && d.inactivity_left == -1, "status %d",
                  st);
    }
}

static void test_strings(void)
{
    /* columns: verdict, its string */
    static const struct {
        mst_verdict v;
        const char *s;
    } verdicts[] = {
        {MST_VERDICT_VALID, "valid"},           {MST_VERDICT_MISSING, "missing"},
        {MST_VERDICT_INVALID, "invalid"},       {MST_VERDICT_LIFETIME, "lifetime"},
        {MST_VERDICT_INACTIVITY, "inactivity"}, {MST_VERDICT_REVOKED, "revoked"},
    };
    for (size_t i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++) {
        MST_CHECK(strcmp(mst_verdict_str(verdicts[i].v), verdicts[i].s) == 0, "%s", verdicts[i].s);
    }
    CU_ASSERT_STRING_EQUAL(mst_limit_str(MST_LIMIT_NONE), "none");
    CU_ASSERT_STRING_EQUAL(mst_limit_str(MST_LIMIT_LIFETIME), "lifetime");
    CU_ASSERT_STRING_EQUAL(mst_limit_str(MST_LIMIT_INACTIVITY), "inactivity");
}

int register_policy_suite(void)
{
    static const unit_test tests[] = {
        {"lifetime at the limit and +-1 s", test_lifetime_boundary},
        {"inactivity at the limit and +-1 s", test_inactivity_boundary},
        {"the limit passed first is the reason", test_which_limit},
        {"refresh interval and passive requests", test_refresh},
        {"a non-first key always re-issues", test_non_first_key},
        {"a token of another version than minted re-issues", test_other_version_reissues},
        {"a repaired LAST re-issues", test_clamped_last_reissues},
        {"warning window and +-1 s", test_warning_window},
        {"both limits Off", test_both_off},
        {"post-2038 times", test_post_2038},
        {"remaining seconds per limit", test_remaining},
        {"missing and invalid tokens", test_missing_and_invalid},
        {"verdict and limit strings", test_strings},
    };
    return UNIT_REGISTER("policy", unit_fixture_open, unit_fixture_close, tests);
}

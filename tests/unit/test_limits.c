/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* test_limits.c: CUnit suite for mst_limits.c: merge of every field in every
 * set/unset combination, defaults applied at read time, profile defaults,
 * every profile bound at the bound and +-1 s, and the cross-field checks. */
#include <string.h>

#include <CUnit/CUnit.h>

#include "mst_limits.h"
#include "unit_fixture.h"

#define M(n)  ((apr_int64_t)(n)*60)
#define H(n)  ((apr_int64_t)(n)*3600)
#define D(n)  ((apr_int64_t)(n)*86400)
#define OFF   MST_DURATION_OFF
#define UNSET MST_UNSET

enum { F_LIFETIME, F_INACTIVITY, F_WARNING, F_REFRESH, F_PROFILE, N_FIELDS };

/* Field f of l as a number (the profile widened). */
static apr_int64_t field(const mst_limits *l, int f)
{
    switch (f) {
    case F_LIFETIME:
        return l->lifetime;
    case F_INACTIVITY:
        return l->inactivity;
    case F_WARNING:
        return l->warning;
    case F_REFRESH:
        return l->refresh;
    default:
        return l->profile;
    }
}

/* Limits with the fields in mask set to distinct values (base + field),
 * the others unset. */
static void limits_with(mst_limits *l, unsigned mask, apr_int64_t base)
{
    mst_limits_init(l);
    if (mask & (1u << F_LIFETIME)) {
        l->lifetime = base + 1;
    }
    if (mask & (1u << F_INACTIVITY)) {
        l->inactivity = base + 2;
    }
    if (mask & (1u << F_WARNING)) {
        l->warning = base + 3;
    }
    if (mask & (1u << F_REFRESH)) {
        l->refresh = base + 4;
    }
    if (mask & (1u << F_PROFILE)) {
        l->profile = base == 1000 ? MST_PROFILE_NIST_AAL2 : MST_PROFILE_NIST_AAL3;
    }
}

static void test_init(void)
{
    mst_limits l;
    memset(&l, 0x5a, sizeof(l));
    mst_limits_init(&l);
    CU_ASSERT_EQUAL(l.lifetime, UNSET);
    CU_ASSERT_EQUAL(l.inactivity, UNSET);
    CU_ASSERT_EQUAL(l.warning, UNSET);
    CU_ASSERT_EQUAL(l.refresh, UNSET);
    CU_ASSERT_EQUAL(l.profile, MST_PROFILE_UNSET);
}

static void test_merge_every_combination(void)
{
    /* For each of the 2^5 parent masks x 2^5 child masks: a field set in the
     * child wins, else the parent's (set or unset) is inherited. Also with out
     * aliasing the parent and the child. */
    for (unsigned pm = 0; pm < (1u << N_FIELDS); pm++) {
        for (unsigned cm = 0; cm < (1u << N_FIELDS); cm++) {
            mst_limits parent, child, out, alias_p, alias_c;
            limits_with(&parent, pm, 1000);
            limits_with(&child, cm, 2000);
            mst_limits_merge(&parent, &child, &out);
            alias_p = parent;
            mst_limits_merge(&alias_p, &child, &alias_p);
            alias_c = child;
            mst_limits_merge(&parent, &alias_c, &alias_c);
            for (int f = 0; f < N_FIELDS; f++) {
                apr_int64_t want = (cm & (1u << f)) ? field(&child, f) : field(&parent, f);
                MST_CHECK(field(&out, f) == want, "parent %02x child %02x field %d", pm, cm, f);
                MST_CHECK(field(&alias_p, f) == want, "out=parent %02x %02x field %d", pm, cm, f);
                MST_CHECK(field(&alias_c, f) == want, "out=child %02x %02x field %d", pm, cm, f);
                if (!(cm & (1u << f)) && !(pm & (1u << f))) {
                    MST_CHECK(field(&out, f) == (f == F_PROFILE ? MST_PROFILE_UNSET : UNSET),
                              "both unset %02x %02x field %d", pm, cm, f);
                }
            }
        }
    }
}

static void test_merge_explicit_values(void)
{
    /* Off and 0 are set values, not unset: they override the parent */
    mst_limits parent, child, out;
    mst_limits_init(&parent);
    mst_limits_init(&child);
    parent.lifetime = H(8);
    parent.inactivity = M(30);
    parent.warning = M(5);
    parent.refresh = 30;
    parent.profile = MST_PROFILE_NIST_AAL2;
    child.lifetime = OFF;
    child.inactivity = 0;
    child.profile = MST_PROFILE_NONE;
    mst_limits_merge(&parent, &child, &out);
    CU_ASSERT_EQUAL(out.lifetime, OFF);
    CU_ASSERT_EQUAL(out.inactivity, 0);
    CU_ASSERT_EQUAL(out.warning, M(5));
    CU_ASSERT_EQUAL(out.refresh, 30);
    CU_ASSERT_EQUAL(out.profile, MST_PROFILE_NONE);
}

static void test_plain_defaults(void)
{
    mst_limits l;
    mst_effective e;
    mst_limits_init(&l);
    mst_limits_effective(&l, &e);
    CU_ASSERT_EQUAL(e.lifetime, H(24));
    CU_ASSERT_EQUAL(e.inactivity, OFF);
    CU_ASSERT_EQUAL(e.warning, M(5));
    CU_ASSERT_EQUAL(e.refresh, 60);
    l.profile = MST_PROFILE_NONE;
    mst_limits_effective(&l, &e);
    CU_ASSERT_EQUAL(e.lifetime, H(24));
    CU_ASSERT_EQUAL(e.warning, M(5));
}

static void test_defaults_at_read_time(void)
{
    /* a parent's value survives a child with nothing set: defaults do not mask it */
    mst_limits parent, child, out;
    mst_effective e;
    mst_limits_init(&parent);
    mst_limits_init(&child);
    parent.lifetime = H(2);
    parent.inactivity = M(20);
    mst_limits_merge(&parent, &child, &out);
    mst_limits_effective(&out, &e);
    CU_ASSERT_EQUAL(e.lifetime, H(2));
    CU_ASSERT_EQUAL(e.inactivity, M(20));
    CU_ASSERT_EQUAL(e.warning, M(5));
    CU_ASSERT_EQUAL(e.refresh, 60);
    CU_ASSERT_EQUAL(out.warning, UNSET); /* still unset in the merged config */
}

static void test_refresh_rule(void)
{
    /* columns: inactivity, explicit refresh, effective refresh (min(60s, inactivity/10)) */
    static const struct {
        apr_int64_t inactivity, refresh, want;
    } rows[] = {
        {UNSET, UNSET, 60}, {OFF, UNSET, 60},  {0, UNSET, 0},     {9, UNSET, 0},
        {10, UNSET, 1},     {599, UNSET, 59},  {600, UNSET, 60},  {601, UNSET, 60},
        {H(1), UNSET, 60},  {D(1), UNSET, 60}, {M(5), UNSET, 30}, {M(5), 10, 10},
        {M(5), 0, 0},       {OFF, 600, 600},   {H(1), 120, 120},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_limits l;
        mst_effective e;
        mst_limits_init(&l);
        l.inactivity = rows[i].inactivity;
        l.refresh = rows[i].refresh;
        mst_limits_effective(&l, &e);
        MST_CHECK(e.refresh == rows[i].want, "row %zu: got %ld", i, (long)e.refresh);
    }
}

static void test_warning_cap(void)
{
    /* columns: lifetime, inactivity, explicit warning, effective warning
     * (an unset warning is capped at half the shortest enabled limit) */
    static const struct {
        apr_int64_t lifetime, inactivity, warning, want;
    } rows[] = {
        {UNSET, UNSET, UNSET, M(5)}, {M(10), UNSET, UNSET, M(5)}, {601, UNSET, UNSET, M(5)},
        {600, UNSET, UNSET, M(5)},   {599, UNSET, UNSET, 299},    {60, UNSET, UNSET, 30},
        {1, UNSET, UNSET, 0},        {UNSET, 120, UNSET, 60},     {H(1), 121, UNSET, 60},
        {100, M(30), UNSET, 50},     {OFF, OFF, UNSET, M(5)},     {OFF, 90, UNSET, 45},
        {60, UNSET, 500, 500},       {UNSET, UNSET, OFF, OFF},    {60, 60, 10, 10},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_limits l;
        mst_effective e;
        mst_limits_init(&l);
        l.lifetime = rows[i].lifetime;
        l.inactivity = rows[i].inactivity;
        l.warning = rows[i].warning;
        mst_limits_effective(&l, &e);
        MST_CHECK(e.warning == rows[i].want, "row %zu: got %ld", i, (long)e.warning);
    }
}

static void test_profile_defaults(void)
{
    /* columns: profile, lifetime, inactivity, warning, refresh */
    static const struct {
        int profile;
        apr_int64_t lifetime, inactivity, warning, refresh;
    } rows[] = {
        {MST_PROFILE_UNSET, H(24), OFF, M(5), 60},
        {MST_PROFILE_NONE, H(24), OFF, M(5), 60},
        {MST_PROFILE_DYNAMICS365, M(1440), OFF, M(20), 60},
        {MST_PROFILE_NIST_AAL1, D(30), OFF, M(5), 60},
        {MST_PROFILE_NIST_AAL2, H(24), H(1), M(5), 60},
        {MST_PROFILE_NIST_AAL3, H(12), M(15), M(2), 60},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_limits l;
        mst_effective e;
        mst_limits_init(&l);
        l.profile = rows[i].profile;
        mst_limits_effective(&l, &e);
        MST_CHECK(e.lifetime == rows[i].lifetime, "%s", mst_profile_name(rows[i].profile));
        MST_CHECK(e.inactivity == rows[i].inactivity, "%s", mst_profile_name(rows[i].profile));
        MST_CHECK(e.warning == rows[i].warning, "%s", mst_profile_name(rows[i].profile));
        MST_CHECK(e.refresh == rows[i].refresh, "%s", mst_profile_name(rows[i].profile));
        MST_CHECK(mst_limits_check(unit_pool, &l) == NULL, "%s defaults pass their own bounds",
                  mst_profile_name(rows[i].profile));
    }
}

static void test_profile_override(void)
{
    /* explicit directives override a profile's defaults */
    mst_limits l;
    mst_effective e;
    mst_limits_init(&l);
    l.profile = MST_PROFILE_NIST_AAL3;
    l.lifetime = H(1);
    l.warning = M(1);
    mst_limits_effective(&l, &e);
    CU_ASSERT_EQUAL(e.lifetime, H(1));
    CU_ASSERT_EQUAL(e.inactivity, M(15));
    CU_ASSERT_EQUAL(e.warning, M(1));
    CU_ASSERT_PTR_NULL(mst_limits_check(unit_pool, &l));
}

static void test_profile_bounds(void)
{
    /* columns: profile, lifetime, inactivity, accepted, a text the error
     * must contain (the directive it names) */
    static const struct {
        int profile;
        apr_int64_t lifetime, inactivity;
        int ok;
        const char *says;
    } rows[] = {
        /* dynamics365: lifetime 60m..1440m, no Off */
        {MST_PROFILE_DYNAMICS365, M(60), UNSET, 1, NULL},
        {MST_PROFILE_DYNAMICS365, M(60) - 1, UNSET, 0, "SessionTimeoutLifetime 3599s"},
        {MST_PROFILE_DYNAMICS365, M(60) + 1, UNSET, 1, NULL},
        {MST_PROFILE_DYNAMICS365, M(1440), UNSET, 1, NULL},
        {MST_PROFILE_DYNAMICS365, M(1440) + 1, UNSET, 0, "SessionTimeoutLifetime 86401s"},
        {MST_PROFILE_DYNAMICS365, M(1440) - 1, UNSET, 1, NULL},
        {MST_PROFILE_DYNAMICS365, OFF, UNSET, 0, "SessionTimeoutLifetime Off"},
        /* dynamics365: inactivity 5m..1440m, Off allowed, below the lifetime */
        {MST_PROFILE_DYNAMICS365, UNSET, M(5), 1, NULL},
        {MST_PROFILE_DYNAMICS365, UNSET, M(5) - 1, 0, "SessionTimeoutInactivity 299s"},
        {MST_PROFILE_DYNAMICS365, UNSET, M(5) + 1, 1, NULL},
        {MST_PROFILE_DYNAMICS365, UNSET, OFF, 1, NULL},
        {MST_PROFILE_DYNAMICS365, UNSET, M(1440) - 1, 1, NULL},
        {MST_PROFILE_DYNAMICS365, UNSET, M(1440), 0, "must be below SessionTimeoutLifetime"},
        {MST_PROFILE_DYNAMICS365, UNSET, M(1440) + 1, 0, "SessionTimeoutInactivity 86401s"},
        {MST_PROFILE_DYNAMICS365, M(60), M(60), 0, "must be below SessionTimeoutLifetime 1h"},
        {MST_PROFILE_DYNAMICS365, M(60), M(60) - 1, 1, NULL},
        {MST_PROFILE_DYNAMICS365, M(60), M(60) + 1, 0, "must be below"},
        /* nist-aal1: lifetime <= 30d, no Off; inactivity free */
        {MST_PROFILE_NIST_AAL1, D(30), UNSET, 1, NULL},
        {MST_PROFILE_NIST_AAL1, D(30) + 1, UNSET, 0, "SessionTimeoutLifetime 2592001s"},
        {MST_PROFILE_NIST_AAL1, D(30) - 1, UNSET, 1, NULL},
        {MST_PROFILE_NIST_AAL1, OFF, UNSET, 0, "SessionTimeoutLifetime Off is not allowed"},
        {MST_PROFILE_NIST_AAL1, 1, UNSET, 1, NULL},
        {MST_PROFILE_NIST_AAL1, UNSET, OFF, 1, NULL},
        {MST_PROFILE_NIST_AAL1, UNSET, D(60), 1, NULL},
        /* nist-aal2: lifetime <= 24h, inactivity <= 1h, no Off */
        {MST_PROFILE_NIST_AAL2, H(24), UNSET, 1, NULL},
        {MST_PROFILE_NIST_AAL2, H(24) + 1, UNSET, 0, "SessionTimeoutLifetime 86401s"},
        {MST_PROFILE_NIST_AAL2, H(24) - 1, UNSET, 1, NULL},
        {MST_PROFILE_NIST_AAL2, OFF, UNSET, 0, "SessionTimeoutLifetime Off"},
        {MST_PROFILE_NIST_AAL2, UNSET, H(1), 1, NULL},
        {MST_PROFILE_NIST_AAL2, UNSET, H(1) + 1, 0, "SessionTimeoutInactivity 3601s"},
        {MST_PROFILE_NIST_AAL2, UNSET, H(1) - 1, 1, NULL},
        {MST_PROFILE_NIST_AAL2, UNSET, OFF, 0, "SessionTimeoutInactivity Off"},
        /* nist-aal3: lifetime <= 12h, inactivity <= 15m, no Off */
        {MST_PROFILE_NIST_AAL3, H(12), UNSET, 1, NULL},
        {MST_PROFILE_NIST_AAL3, H(12) + 1, UNSET, 0, "SessionTimeoutLifetime 43201s"},
        {MST_PROFILE_NIST_AAL3, H(12) - 1, UNSET, 1, NULL},
        {MST_PROFILE_NIST_AAL3, OFF, UNSET, 0, "SessionTimeoutLifetime Off"},
        {MST_PROFILE_NIST_AAL3, UNSET, M(15), 1, NULL},
        {MST_PROFILE_NIST_AAL3, UNSET, M(15) + 1, 0, "SessionTimeoutInactivity 901s"},
        {MST_PROFILE_NIST_AAL3, UNSET, M(15) - 1, 1, NULL},
        {MST_PROFILE_NIST_AAL3, UNSET, OFF, 0, "SessionTimeoutInactivity Off"},
        /* no profile: anything goes */
        {MST_PROFILE_NONE, OFF, OFF, 1, NULL},
        {MST_PROFILE_UNSET, D(36500), D(36500), 1, NULL},
        {MST_PROFILE_NONE, 1, 1, 1, NULL},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_limits l;
        const char *err;
        mst_limits_init(&l);
        l.profile = rows[i].profile;
        l.lifetime = rows[i].lifetime;
        l.inactivity = rows[i].inactivity;
        err = mst_limits_check(unit_pool, &l);
        MST_CHECK((err == NULL) == rows[i].ok, "row %zu: %s", i, err ? err : "accepted");
        MST_CHECK(err == NULL || rows[i].says == NULL || strstr(err, rows[i].says) != NULL,
                  "row %zu: %s", i, err ? err : "");
        MST_CHECK(err == NULL || strstr(err, mst_profile_name(rows[i].profile)) != NULL,
                  "row %zu names the profile", i);
    }
}

static void test_cross_checks(void)
{
    /* columns: lifetime, inactivity, warning, refresh, accepted, error text */
    static const struct {
        apr_int64_t lifetime, inactivity, warning, refresh;
        int ok;
        const char *says;
    } rows[] = {
        {H(1), UNSET, H(1), UNSET, 0,
         "SessionTimeoutWarning 1h is not shorter than "
         "SessionTimeoutLifetime 1h"},
        {H(1), UNSET, H(1) + 1, UNSET, 0, "SessionTimeoutLifetime"},
        {H(1), UNSET, H(1) - 1, UNSET, 1, NULL},
        {UNSET, UNSET, H(24), UNSET, 0, "SessionTimeoutLifetime 1d"},
        {OFF, M(10), M(10), UNSET, 0,
         "SessionTimeoutWarning 10m is not shorter than "
         "SessionTimeoutInactivity 10m"},
        {OFF, M(10), M(10) - 1, UNSET, 1, NULL},
        {H(1), M(10), M(20), UNSET, 0, "SessionTimeoutInactivity 10m"},
        {OFF, OFF, D(365), UNSET, 1, NULL},
        {M(1), M(1), OFF, UNSET, 1, NULL},
        {60, UNSET, UNSET, UNSET, 1, NULL}, /* the default warning is capped, not refused */
        {UNSET, M(10), UNSET, M(10), 0,
         "SessionTimeoutRefreshInterval 10m is not shorter than "
         "SessionTimeoutInactivity 10m"},
        {UNSET, M(10), UNSET, M(10) + 1, 0, "SessionTimeoutRefreshInterval"},
        {UNSET, M(10), UNSET, M(10) - 1, 1, NULL},
        {UNSET, OFF, UNSET, D(1), 1, NULL},
        {UNSET, UNSET, UNSET, H(48), 1, NULL},
        {UNSET, M(10), UNSET, 0, 1, NULL},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_limits l;
        const char *err;
        mst_limits_init(&l);
        l.lifetime = rows[i].lifetime;
        l.inactivity = rows[i].inactivity;
        l.warning = rows[i].warning;
        l.refresh = rows[i].refresh;
        err = mst_limits_check(unit_pool, &l);
        MST_CHECK((err == NULL) == rows[i].ok, "row %zu: %s", i, err ? err : "accepted");
        MST_CHECK(err == NULL || rows[i].says == NULL || strstr(err, rows[i].says) != NULL,
                  "row %zu: %s", i, err ? err : "");
    }
}

static void test_profile_parse_and_name(void)
{
    /* columns: text, accepted, profile id */
    static const struct {
        const char *text;
        int ok, id;
    } rows[] = {
        {"dynamics365", 1, MST_PROFILE_DYNAMICS365},
        {"Dynamics365", 1, MST_PROFILE_DYNAMICS365},
        {"nist-aal1", 1, MST_PROFILE_NIST_AAL1},
        {"NIST-AAL2", 1, MST_PROFILE_NIST_AAL2},
        {"nist-aal3", 1, MST_PROFILE_NIST_AAL3},
        {"none", 1, MST_PROFILE_NONE},
        {"None", 1, MST_PROFILE_NONE},
        {"nist-aal4", 0, 0},
        {"nist", 0, 0},
        {"nist_aal1", 0, 0},
        {"", 0, 0},
        {"dynamics365 ", 0, 0},
        {"off", 0, 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        int id = -99;
        const char *err = mst_profile_parse(unit_pool, rows[i].text, &id);
        MST_CHECK((err == NULL) == rows[i].ok, "'%s'", rows[i].text);
        MST_CHECK(!rows[i].ok || id == rows[i].id, "'%s'", rows[i].text);
        MST_CHECK(rows[i].ok || id == -99, "'%s' left *out alone", rows[i].text);
        MST_CHECK(err == NULL || (strstr(err, rows[i].text) != NULL &&
                                  strstr(err, "dynamics365, nist-aal1, nist-aal2, nist-aal3 or "
                                              "none") != NULL),
                  "'%s': %s", rows[i].text, err ? err : "");
    }
    CU_ASSERT_STRING_EQUAL(mst_profile_name(MST_PROFILE_UNSET), "none");
    CU_ASSERT_STRING_EQUAL(mst_profile_name(MST_PROFILE_NONE), "none");
    CU_ASSERT_STRING_EQUAL(mst_profile_name(MST_PROFILE_DYNAMICS365), "dynamics365");
    CU_ASSERT_STRING_EQUAL(mst_profile_name(MST_PROFILE_NIST_AAL1), "nist-aal1");
    CU_ASSERT_STRING_EQUAL(mst_profile_name(MST_PROFILE_NIST_AAL2), "nist-aal2");
    CU_ASSERT_STRING_EQUAL(mst_profile_name(MST_PROFILE_NIST_AAL3), "nist-aal3");
}

static void test_profile_bounds_at_request_time(void)
{
    /* The limits in force hold a profile's maxima whatever was merged (the
     * values may come from different sections): above a maximum, or Off
     * where the profile forbids it, the maximum applies; minimums are not
     * imposed (shorter is stricter). columns: profile, lifetime, inactivity
     * as configured, lifetime, inactivity, warning in force, clamped */
    static const struct {
        int profile;
        apr_int64_t lifetime, inactivity, e_lifetime, e_inactivity, e_warning;
        int clamped;
    } rows[] = {
        {MST_PROFILE_NIST_AAL3, UNSET, H(1), H(12), M(15), M(2), 1},
        {MST_PROFILE_NIST_AAL3, D(20), UNSET, H(12), M(15), M(2), 1},
        {MST_PROFILE_NIST_AAL3, OFF, OFF, H(12), M(15), M(2), 1},
        {MST_PROFILE_NIST_AAL3, H(12), M(15), H(12), M(15), M(2), 0},
        {MST_PROFILE_NIST_AAL3, H(12) + 1, M(15) + 1, H(12), M(15), M(2), 1},
        {MST_PROFILE_NIST_AAL3, H(1), M(5), H(1), M(5), M(2), 0},
        {MST_PROFILE_NIST_AAL2, OFF, H(2), H(24), H(1), M(5), 1},
        {MST_PROFILE_NIST_AAL1, D(31), OFF, D(30), OFF, M(5), 1},
        {MST_PROFILE_DYNAMICS365, M(30), M(2), M(30), M(2), M(1), 0},
        {MST_PROFILE_DYNAMICS365, OFF, UNSET, M(1440), OFF, M(20), 1},
        {MST_PROFILE_NONE, D(365), OFF, D(365), OFF, M(5), 0},
        {MST_PROFILE_UNSET, OFF, OFF, OFF, OFF, M(5), 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_limits l;
        mst_effective e;
        mst_limits_init(&l);
        l.profile = rows[i].profile;
        l.lifetime = rows[i].lifetime;
        l.inactivity = rows[i].inactivity;
        mst_limits_effective(&l, &e);
        MST_CHECK(e.lifetime == rows[i].e_lifetime, "row %zu lifetime %" APR_INT64_T_FMT, i,
                  e.lifetime);
        MST_CHECK(e.inactivity == rows[i].e_inactivity, "row %zu inactivity %" APR_INT64_T_FMT, i,
                  e.inactivity);
        MST_CHECK(e.warning == rows[i].e_warning, "row %zu warning %" APR_INT64_T_FMT, i,
                  e.warning);
        MST_CHECK(mst_limits_clamped(&l) == rows[i].clamped, "row %zu clamped", i);
        /* the configuration check still sees the values as configured */
        MST_CHECK(!rows[i].clamped || mst_limits_check(unit_pool, &l) != NULL,
                  "row %zu refused at startup", i);
    }
}

static void test_bounds_hold_across_merges(void)
{
    /* a profile from one section, a limit from another: the merge is held */
    mst_limits parent, child, out;
    mst_effective e;
    mst_limits_init(&parent);
    mst_limits_init(&child);
    parent.profile = MST_PROFILE_NIST_AAL3;
    child.inactivity = H(1);
    child.lifetime = D(20);
    mst_limits_merge(&parent, &child, &out);
    mst_limits_effective(&out, &e);
    CU_ASSERT_EQUAL(e.lifetime, H(12));
    CU_ASSERT_EQUAL(e.inactivity, M(15));
    CU_ASSERT_EQUAL(e.refresh, 60);
    CU_ASSERT_TRUE(mst_limits_clamped(&out));
    /* and the other way round: a child's profile bounds the parent's values */
    mst_limits_merge(&child, &parent, &out);
    mst_limits_effective(&out, &e);
    CU_ASSERT_EQUAL(e.lifetime, H(12));
    CU_ASSERT_EQUAL(e.inactivity, M(15));
}

/* SPEC section 9: only the nist-aal* profiles carry the cookie rules. */
static void test_profile_is_honest(void)
{
    static const struct {
        int profile, honest;
    } rows[] = {
        {MST_PROFILE_UNSET, 0},
        {MST_PROFILE_NONE, 0},
        {MST_PROFILE_DYNAMICS365, 0},
        {MST_PROFILE_NIST_AAL1, 1},
        {MST_PROFILE_NIST_AAL2, 1},
        {MST_PROFILE_NIST_AAL3, 1},
        {99, 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        MST_CHECK(mst_profile_is_honest(rows[i].profile) == rows[i].honest, "row %zu", i);
    }
}

int register_limits_suite(void)
{
    static const unit_test tests[] = {
        {"init marks every field unset", test_init},
        {"merge: every field, every set/unset combination", test_merge_every_combination},
        {"merge: Off and 0 are set values", test_merge_explicit_values},
        {"plain defaults", test_plain_defaults},
        {"defaults applied at read time", test_defaults_at_read_time},
        {"refresh = min(60s, inactivity/10)", test_refresh_rule},
        {"unset warning capped at half the shortest limit", test_warning_cap},
        {"profile defaults", test_profile_defaults},
        {"explicit values override a profile", test_profile_override},
        {"profile bounds at the bound and +-1 s", test_profile_bounds},
        {"profile maxima hold at request time", test_profile_bounds_at_request_time},
        {"profile maxima hold across merged sections", test_bounds_hold_across_merges},
        {"warning and refresh against the limits", test_cross_checks},
        {"profile names", test_profile_parse_and_name},
        {"the nist-aal* profiles have the cookie rules", test_profile_is_honest},
    };
    return UNIT_REGISTER("limits", unit_fixture_open, unit_fixture_close, tests);
}

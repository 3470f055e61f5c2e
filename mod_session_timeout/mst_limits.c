/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_limits.c: limits: merge with unset sentinels, read-time defaults,
 * profiles and their bounds.
 *
 * Pure core, see mst_limits.h. The profile table is the one place that knows
 * the profile figures of SPEC section 7. */
#include <string.h>

#include <apr_strings.h>

#include "mst_limits.h"

#define MINUTES(n) ((apr_int64_t)(n)*60)
#define HOURS(n)   ((apr_int64_t)(n)*3600)
#define DAYS(n)    ((apr_int64_t)(n)*86400)
#define NO_BOUND   ((apr_int64_t)-1)

typedef struct bound {
    apr_int64_t min, max; /* NO_BOUND where none */
    int off_ok;           /* whether Off is allowed */
} bound;

typedef struct profile_def {
    const char *name;
    apr_int64_t lifetime, inactivity, warning; /* defaults */
    bound lifetime_bound, inactivity_bound;
    int inactivity_below_lifetime;
} profile_def;

#define ANY                                                                                        \
    {                                                                                              \
        NO_BOUND, NO_BOUND, 1                                                                      \
    }

/* Indexed by mst_profile_id; entry 0 holds the plain defaults. */
static const profile_def profiles[] = {
    {"none", HOURS(24), MST_DURATION_OFF, MINUTES(5), ANY, ANY, 0},
    {"dynamics365",
     MINUTES(1440),
     MST_DURATION_OFF,
     MINUTES(20),
     {MINUTES(60), MINUTES(1440), 0},
     {MINUTES(5), MINUTES(1440), 1},
     1},
    {"nist-aal1", DAYS(30), MST_DURATION_OFF, MINUTES(5), {NO_BOUND, DAYS(30), 0}, ANY, 0},
    {"nist-aal2",
     HOURS(24),
     HOURS(1),
     MINUTES(5),
     {NO_BOUND, HOURS(24), 0},
     {NO_BOUND, HOURS(1), 0},
     0},
    {"nist-aal3",
     HOURS(12),
     MINUTES(15),
     MINUTES(2),
     {NO_BOUND, HOURS(12), 0},
     {NO_BOUND, MINUTES(15), 0},
     0},
};

static const profile_def *profile_of(const mst_limits *l)
{
    const int count = (int)(sizeof(profiles) / sizeof(profiles[0]));
    return &profiles[l->profile > 0 && l->profile < count ? l->profile : 0];
}

void mst_limits_init(mst_limits *l)
{
    l->lifetime = MST_UNSET;
    l->inactivity = MST_UNSET;
    l->warning = MST_UNSET;
    l->refresh = MST_UNSET;
    l->profile = MST_PROFILE_UNSET;
}

void mst_limits_merge(const mst_limits *parent, const mst_limits *child, mst_limits *out)
{
    mst_limits m;
    m.lifetime = child->lifetime != MST_UNSET ? child->lifetime : parent->lifetime;
    m.inactivity = child->inactivity != MST_UNSET ? child->inactivity : parent->inactivity;
    m.warning = child->warning != MST_UNSET ? child->warning : parent->warning;
    m.refresh = child->refresh != MST_UNSET ? child->refresh : parent->refresh;
    m.profile = child->profile != MST_PROFILE_UNSET ? child->profile : parent->profile;
    *out = m;
}

static apr_int64_t shortest_enabled(apr_int64_t a, apr_int64_t b)
{
    if (a < 0) {
        return b;
    }
    if (b < 0) {
        return a;
    }
    return a < b ? a : b;
}

/* The profile's maximum for a limit, or the value itself: a value above the
 * maximum, or Off where the bound forbids it, becomes the maximum. A minimum
 * is never imposed (a shorter limit is only stricter). */
static apr_int64_t clamp_to(apr_int64_t v, const bound *b)
{
    if (b->max == NO_BOUND) {
        return v;
    }
    if ((v < 0 && !b->off_ok) || v > b->max) {
        return b->max;
    }
    return v;
}

/* The defaults applied; clamp: also held to the profile's maxima. */
static void effective(const mst_limits *l, int clamp, mst_effective *out)
{
    const profile_def *pd = profile_of(l);
    apr_int64_t shortest;

    out->lifetime = l->lifetime != MST_UNSET ? l->lifetime : pd->lifetime;
    out->inactivity = l->inactivity != MST_UNSET ? l->inactivity : pd->inactivity;
    if (clamp) {
        out->lifetime = clamp_to(out->lifetime, &pd->lifetime_bound);
        out->inactivity = clamp_to(out->inactivity, &pd->inactivity_bound);
    }
    shortest = shortest_enabled(out->lifetime, out->inactivity);
    if (l->warning != MST_UNSET) {
        out->warning = l->warning;
    } else {
        out->warning = pd->warning;
        if (shortest >= 0 && out->warning > shortest / 2) {
            out->warning = shortest / 2;
        }
    }
    if (l->refresh != MST_UNSET) {
        out->refresh = l->refresh;
    } else if (out->inactivity >= 0 && out->inactivity / 10 < 60) {
        out->refresh = out->inactivity / 10;
    } else {
        out->refresh = 60;
    }
}

void mst_limits_effective(const mst_limits *l, mst_effective *out)
{
    effective(l, 1, out);
}

int mst_limits_clamped(const mst_limits *l)
{
    mst_effective raw, held;
    effective(l, 0, &raw);
    effective(l, 1, &held);
    return raw.lifetime != held.lifetime || raw.inactivity != held.inactivity;
}

static const char *fmt(apr_pool_t *p, apr_int64_t v)
{
    return mst_duration_format(p, v);
}

static const char *check_bound(apr_pool_t *p, const char *directive, apr_int64_t value,
                               const bound *b, const char *profile)
{
    if (value < 0) {
        return b->off_ok
                   ? NULL
                   : apr_psprintf(p, "%s Off is not allowed by profile %s", directive, profile);
    }
    if ((b->min != NO_BOUND && value < b->min) || (b->max != NO_BOUND && value > b->max)) {
        return apr_psprintf(p, "%s %s is outside the bounds of profile %s (%s to %s)", directive,
                            fmt(p, value), profile, b->min != NO_BOUND ? fmt(p, b->min) : "1s",
                            b->max != NO_BOUND ? fmt(p, b->max) : "36500d");
    }
    return NULL;
}

static const char *check_bounds(apr_pool_t *p, const profile_def *pd, const mst_effective *e)
{
    const char *err =
        check_bound(p, "SessionTimeoutLifetime", e->lifetime, &pd->lifetime_bound, pd->name);
    if (err == NULL) {
        err = check_bound(p, "SessionTimeoutInactivity", e->inactivity, &pd->inactivity_bound,
                          pd->name);
    }
    if (err == NULL && pd->inactivity_below_lifetime && e->inactivity >= 0 && e->lifetime >= 0 &&
        e->inactivity >= e->lifetime) {
        err = apr_psprintf(p,
                           "SessionTimeoutInactivity %s must be below SessionTimeoutLifetime %s "
                           "under profile %s",
                           fmt(p, e->inactivity), fmt(p, e->lifetime), pd->name);
    }
    return err;
}

const char *mst_limits_check(apr_pool_t *p, const mst_limits *l)
{
    mst_effective e;
    effective(l, 0, &e); /* the values as configured, before any clamping */

    if (l->warning != MST_UNSET && e.warning >= 0) {
        if (e.lifetime >= 0 && e.warning >= e.lifetime) {
            return apr_psprintf(p,
                                "SessionTimeoutWarning %s is not shorter than "
                                "SessionTimeoutLifetime %s",
                                fmt(p, e.warning), fmt(p, e.lifetime));
        }
        if (e.inactivity >= 0 && e.warning >= e.inactivity) {
            return apr_psprintf(p,
                                "SessionTimeoutWarning %s is not shorter than "
                                "SessionTimeoutInactivity %s",
                                fmt(p, e.warning), fmt(p, e.inactivity));
        }
    }
    if (l->refresh != MST_UNSET && e.inactivity >= 0 && e.refresh >= e.inactivity) {
        return apr_psprintf(p,
                            "SessionTimeoutRefreshInterval %s is not shorter than "
                            "SessionTimeoutInactivity %s",
                            fmt(p, e.refresh), fmt(p, e.inactivity));
    }
    return check_bounds(p, profile_of(l), &e);
}

const char *mst_profile_parse(apr_pool_t *p, const char *name, int *out)
{
    for (int i = 0; i < (int)(sizeof(profiles) / sizeof(profiles[0])); i++) {
        if (strcasecmp(name, profiles[i].name) == 0) {
            *out = i;
            return NULL;
        }
    }
    return apr_psprintf(p,
                        "unknown profile '%s': use dynamics365, nist-aal1, nist-aal2, "
                        "nist-aal3 or none",
                        name);
}

const char *mst_profile_name(int profile)
{
    const int count = (int)(sizeof(profiles) / sizeof(profiles[0]));
    return profile > 0 && profile < count ? profiles[profile].name : "none";
}

int mst_profile_is_honest(int profile)
{
    return profile == MST_PROFILE_NIST_AAL1 || profile == MST_PROFILE_NIST_AAL2 ||
           profile == MST_PROFILE_NIST_AAL3;
}

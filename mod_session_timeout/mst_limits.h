/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_limits.h: the timing limits of a scope: unset sentinels, merge,
 * defaults applied when read, named profiles and their bounds (SPEC section 7).
 *
 * Pure core: APR only, no httpd headers. A configuration section stores only
 * what its directives set (MST_UNSET elsewhere); merging keeps the child's set
 * fields and inherits the rest; defaults are applied by
 * mst_limits_effective() at read time, so a default never masks a parent's
 * value. */
#ifndef MST_LIMITS_H
#define MST_LIMITS_H

#include <apr_pools.h>

#include "mst_duration.h"

#define MST_UNSET ((apr_int64_t)-2) /* field not set in this scope */

typedef enum {
    MST_PROFILE_UNSET = -1, /* not set in this scope: inherit */
    MST_PROFILE_NONE = 0,   /* "none": no profile, plain defaults */
    MST_PROFILE_DYNAMICS365,
    MST_PROFILE_NIST_AAL1,
    MST_PROFILE_NIST_AAL2,
    MST_PROFILE_NIST_AAL3
} mst_profile_id;

/* Limits as configured in one scope. Each duration is seconds, MST_DURATION_OFF
 * or MST_UNSET. */
typedef struct mst_limits {
    apr_int64_t lifetime;   /* SessionTimeoutLifetime */
    apr_int64_t inactivity; /* SessionTimeoutInactivity */
    apr_int64_t warning;    /* SessionTimeoutWarning */
    apr_int64_t refresh;    /* SessionTimeoutRefreshInterval (never Off) */
    int profile;            /* mst_profile_id */
} mst_limits;

/* Limits in force, with defaults applied. Durations are seconds or
 * MST_DURATION_OFF; refresh is always >= 0. */
typedef struct mst_effective {
    apr_int64_t lifetime;
    apr_int64_t inactivity;
    apr_int64_t warning;
    apr_int64_t refresh;
} mst_effective;

/* Sets every field of l to unset. */
void mst_limits_init(mst_limits *l);

/* out = child's set fields, parent's for the rest. out may alias either input. */
void mst_limits_merge(const mst_limits *parent, const mst_limits *child, mst_limits *out);

/* Applies defaults (the profile's, else 24h lifetime, inactivity Off, warning
 * 5m, refresh min(60s, inactivity/10)) and holds the lifetime and the
 * inactivity to the profile's maxima: a value above a maximum, or Off where
 * the profile forbids it, is the maximum (SPEC section 9: profile bounds hold
 * at request time even when the values come from different configuration
 * sections; a minimum is never imposed, a shorter limit is only stricter).
 * An unset warning is also capped at half the shortest enabled limit (after
 * clamping) so a short test limit does not warn at once. */
void mst_limits_effective(const mst_limits *l, mst_effective *out);

/* 1 if mst_limits_effective() held l's lifetime or inactivity to a bound of
 * its profile (the configured value breaks it). */
int mst_limits_clamped(const mst_limits *l);

/* Checks what configuration must refuse: an explicit warning window not
 * shorter than an enabled limit, an explicit refresh interval not shorter than
 * the inactivity limit, and any bound of the profile (on the values as
 * configured, before mst_limits_effective's clamping). Returns NULL or an error
 * (from p) naming the directives and values. */
const char *mst_limits_check(apr_pool_t *p, const mst_limits *l);

/* Parses a profile name (dynamics365, nist-aal1, nist-aal2, nist-aal3, none;
 * case-insensitive). Returns NULL or an error string listing the names. */
const char *mst_profile_parse(apr_pool_t *p, const char *name, int *out);

/* The profile's name, "none" for MST_PROFILE_NONE and unset. Static string. */
const char *mst_profile_name(int profile);

/* 1 for the profiles whose cookie must carry no cleartext personal
 * information (SPEC section 9, "Profiles are honest": nist-aal1, nist-aal2,
 * nist-aal3): token v2, SameSite Lax or Strict, a __Host- name on https; 0
 * for the others and unset. The glue checks those rules at startup. */
int mst_profile_is_honest(int profile);

#endif

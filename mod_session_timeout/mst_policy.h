/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_policy.h: the timeout decision (SPEC section 4, steps 2-4).
 *
 * Pure core: no httpd headers, no clock, no logging. Given what verification
 * found, the limits in force, the request time and whether the request counts
 * as activity, it says: the verdict, whether to re-issue the cookie and with
 * which LAST, how long until the earliest expiry and which limit that is, and
 * whether to warn. */
#ifndef MST_POLICY_H
#define MST_POLICY_H

#include <apr.h>

#include "mst_limits.h"
#include "mst_token.h"

typedef enum {
    MST_VERDICT_VALID = 0,
    MST_VERDICT_MISSING,    /* no cookie of our name */
    MST_VERDICT_INVALID,    /* format, KID, MAC or timestamp failure */
    MST_VERDICT_LIFETIME,   /* now >= CREATED + lifetime */
    MST_VERDICT_INACTIVITY, /* now >= LAST + inactivity */
    MST_VERDICT_REVOKED     /* valid by the limits, but revoked in the store (mst_store.h); only
                               the glue sets it, after the store answered */
} mst_verdict;

typedef enum {
    MST_LIMIT_NONE = 0, /* both limits Off: the session never expires */
    MST_LIMIT_LIFETIME,
    MST_LIMIT_INACTIVITY
} mst_limit_kind;

typedef struct mst_decision {
    mst_verdict verdict;
    int reissue;                 /* set a new cookie (valid sessions only) */
    apr_int64_t new_last;        /* LAST the client holds after this response */
    apr_int64_t expires_in;      /* seconds to the earliest expiry from new_last; -1 if none */
    mst_limit_kind limit;        /* which limit expires first (or expired, when not valid) */
    apr_int64_t lifetime_left;   /* seconds, -1 if the limit is Off */
    apr_int64_t inactivity_left; /* seconds from new_last, -1 if the limit is Off */
    int warn;                    /* expires_in is within the warning window */
} mst_decision;

/* Decides for one request. token is NULL when no cookie was found; status is
 * what verification (mst_session) found otherwise. now is the request time in Unix
 * seconds. counts_as_activity is 0 for passive requests (polling, status
 * GETs): they never move LAST. */
void mst_policy_decide(const mst_effective *limits, const mst_token *token, mst_token_status status,
                       apr_int64_t now, int counts_as_activity, mst_decision *out);

/* mst_policy_decide for a caller that mints tokens of version mint_version
 * (1 or 2; 0: no preference, which is mst_policy_decide): a valid token of
 * another version is re-issued at once, as one verified by a non-first key
 * is, so a v1 cookie accepted during a migration to v2 carries its cleartext
 * user name for one response at most. */
void mst_policy_decide_minting(const mst_effective *limits, const mst_token *token,
                               mst_token_status status, apr_int64_t now, int counts_as_activity,
                               int mint_version, mst_decision *out);

/* "valid", "missing", "invalid", "lifetime", "inactivity" or "revoked" (static). */
const char *mst_verdict_str(mst_verdict v);

/* "lifetime", "inactivity" or "none" (static). */
const char *mst_limit_str(mst_limit_kind k);

#endif

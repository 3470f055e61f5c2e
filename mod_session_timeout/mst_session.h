/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_session.h: the whole per-request verdict (SPEC sections 4 and 5): from
 * a Cookie header (or one cookie value), the key ring, the token cache, the
 * request time, the clock skew, the limits in force and the kind of request
 * to the token, its status and the decision; and the status handler's JSON.
 *
 *   find    every cookie of our name in header order; an empty value is no
 *           cookie (what our expiry leaves behind) and is skipped; each
 *           candidate is MAC-verified through the cache, then passes the one
 *           clock rule (mst_token_check_time: a CREATED beyond the skew fails,
 *           a LAST beyond it is clamped); the first that passes wins,
 *           otherwise the status of the last candidate is kept
 *   decide  mst_policy_decide_minting with the limits and the activity of
 *           the scope and the version the caller mints
 *
 * The module, the CLI, the benchmark and the fuzzers all call this, so there
 * is one rule and it is tested without httpd.
 *
 * Pure core: libc, APR and OpenSSL (through the token code) only, no httpd
 * headers; no logging; nothing here reads the clock, `now` is always in the
 * context. Nothing allocates except mst_session_status_json, from the pool it
 * is given. Times are 64-bit Unix seconds, durations seconds. */
#ifndef MST_SESSION_H
#define MST_SESSION_H

#include <apr.h>
#include <apr_pools.h>

#include "mst_cache.h"
#include "mst_keys.h"
#include "mst_limits.h"
#include "mst_policy.h"
#include "mst_token.h"

#define MST_DEFAULT_SKEW 30 /* seconds; the one default, used by module and CLI */

/* What a request does to LAST. The values are 0, 1, 2 in this order (the
 * glue passes "counts" as an int). */
typedef enum mst_activity {
    MST_ACTIVITY_PASSIVE = 0, /* never moves LAST: status GET, SessionTimeoutActivity Off */
    MST_ACTIVITY_COUNTS,   /* ordinary request: LAST moves once the refresh interval has passed */
    MST_ACTIVITY_KEEPALIVE /* status POST: counts, and always re-issues (refresh interval 0) */
} mst_activity;

/* What verification needs, for one request. Owned by the caller; keys,
 * cache and cookie_name must outlive the calls that use them. Of what it
 * points to, only *cache is ever written. */
typedef struct mst_session_ctx {
    const mst_keyring *keys;    /* verifying ring; NULL: no key is known (every token fails) */
    mst_token_cache *cache;     /* NULL: no caching */
    const char *cookie_name;    /* our cookie's name (case-sensitive); need not end in NUL */
    apr_size_t cookie_name_len; /* bytes in cookie_name */
    apr_int64_t now;            /* request time, Unix seconds */
    apr_int64_t skew;           /* seconds */
    unsigned versions;          /* token versions accepted (MST_TOKEN_V1 | MST_TOKEN_V2 of
                                   mst_token_v2.h); 0: v1 only */
    int mint_version;           /* version the caller re-issues in (1 or 2): a valid token of
                                   another one is re-issued at once (mst_policy_decide_minting);
                                   0: no preference (the CLI) */
} mst_session_ctx;

/* The outcome for one request. Invariants after mst_session_find*:
 * - has_token == 0: no non-empty cookie of our name; status is
 *   MST_TOKEN_ERR_LENGTH (as for an empty value), token.key_index is -1 and
 *   the other token fields are unspecified;
 * - status == MST_TOKEN_OK: token is the winning candidate: MAC verified by
 *   key token.key_index (>= 0) of ctx->keys, LAST >= CREATED, CREATED <=
 *   now + skew, and LAST <= now + skew, or LAST was further ahead and is now
 *   max(now, CREATED) with token.last_clamped set;
 * - otherwise status is the last candidate's failure and token.key_index is
 *   -1; token holds whatever of that candidate parsed (never trust it);
 * - now is ctx->now, mint_version is ctx->mint_version.
 * decision is meaningful only after mst_session_decide. The struct is plain
 * data: it may be copied, and holds no pointers into the Cookie header. */
typedef struct mst_session {
    int has_token;           /* a non-empty cookie of our name was present */
    mst_token_status status; /* of the winning candidate, else of the last one tried */
    mst_token token;         /* meaningful when has_token && status == MST_TOKEN_OK */
    apr_int64_t now;         /* request time, Unix seconds (ctx->now) */
    int mint_version;        /* ctx->mint_version, for mst_session_decide */
    mst_decision decision;   /* set by mst_session_decide */
} mst_session;

/* Step 1: finds and verifies our cookie in cookie_header, NUL-terminated
 * request header text (several Cookie fields joined by ", " are fine, see
 * mst_cookie_next), or NULL when the request has none. Fills every field of
 * out but decision. Reads the header, never keeps a pointer into it; updates
 * ctx->cache (a MAC-verified value is remembered there). */
void mst_session_find(const mst_session_ctx *ctx, const char *cookie_header, mst_session *out);

/* Step 1 for one cookie value of len bytes (need not be NUL-terminated; len 0
 * is no cookie), for the CLI and the tests: the same verification as one
 * candidate of mst_session_find. ctx->cookie_name is not used. */
void mst_session_find_value(const mst_session_ctx *ctx, const char *value, apr_size_t len,
                            mst_session *out);

/* Step 2: sets s->decision from what step 1 found, the limits in force and
 * the activity (MST_ACTIVITY_KEEPALIVE decides as MST_ACTIVITY_COUNTS with
 * limits->refresh taken as 0). Reads nothing but s and limits and changes
 * only s->decision, so it may be called again on the same session with
 * another scope's limits (an internal redirect to a stricter scope). */
void mst_session_decide(mst_session *s, const mst_effective *limits, mst_activity activity);

/* Both steps: mst_session_find, then mst_session_decide. */
void mst_session_evaluate(const mst_session_ctx *ctx, const char *cookie_header,
                          const mst_effective *limits, mst_activity activity, mst_session *out);

/* The status handler's body (SPEC section 5) for a decided session, from p.
 * Valid: {"active":true,"user":...,"session_id":...,"created":...,
 * "last_activity":...,"now":...,"expires_in":...,"limit":...,
 * "lifetime_remaining":...,"inactivity_remaining":...,"warning":...}, where
 * last_activity is the LAST the client holds after this response, a time of
 * -1 (a limit Off) is null and limit is null when both limits are Off.
 * Otherwise {"active":false,"reason":"missing|invalid|lifetime|inactivity"}. */
char *mst_session_status_json(apr_pool_t *p, const mst_session *s);

#endif

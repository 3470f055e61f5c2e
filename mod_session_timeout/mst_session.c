/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_session.c: the per-request verdict: find and verify our cookie, then
 * decide; and the status handler's JSON.
 *
 * Pure core, see mst_session.h. The order of the steps is the rule: a
 * candidate's MAC is checked (through the cache) before any of its fields is
 * trusted, the clock rule only ever sees MAC-verified tokens, and the policy
 * sees a token only when one was present. */
#include <apr_strings.h>

#include "mst_cookie.h"
#include "mst_reauth.h"
#include "mst_session.h"
#include "mst_token_v2.h"

static void find_init(const mst_session_ctx *ctx, mst_session *out)
{
    out->has_token = 0;
    out->status = MST_TOKEN_ERR_LENGTH;
    out->token.key_index = -1;
    out->now = ctx->now;
    out->mint_version = ctx->mint_version;
}

/* One non-empty candidate; returns its status (also in out->status). */
static mst_token_status try_value(const mst_session_ctx *ctx, const char *value, apr_size_t len,
                                  mst_session *out)
{
    mst_token_status st =
        mst_cache_verify_mac_versions(ctx->cache, ctx->keys, value, len,
                                      ctx->versions ? ctx->versions : MST_TOKEN_V1, &out->token);
    if (st == MST_TOKEN_OK) {
        st = mst_token_check_time(&out->token, ctx->now, ctx->skew);
        if (st != MST_TOKEN_OK) {
            out->token.key_index = -1; /* verified by no key at this time */
        }
    }
    out->has_token = 1;
    out->status = st;
    return st;
}

void mst_session_find(const mst_session_ctx *ctx, const char *cookie_header, mst_session *out)
{
    const char *cursor = cookie_header, *v;
    apr_size_t vlen;

    find_init(ctx, out);
    if (cookie_header == NULL) {
        return;
    }
    while (mst_cookie_next(&cursor, ctx->cookie_name, ctx->cookie_name_len, &v, &vlen)) {
        if (vlen == 0) {
            continue; /* "name=" is what our expiry leaves behind: no session */
        }
        if (try_value(ctx, v, vlen, out) == MST_TOKEN_OK) {
            return; /* the first that verifies wins */
        }
    }
}

void mst_session_find_value(const mst_session_ctx *ctx, const char *value, apr_size_t len,
                            mst_session *out)
{
    find_init(ctx, out);
    if (len > 0) {
        (void)try_value(ctx, value, len, out);
    }
}

void mst_session_decide(mst_session *s, const mst_effective *limits, mst_activity activity)
{
    const mst_token *t = s->has_token ? &s->token : NULL;

    if (activity == MST_ACTIVITY_KEEPALIVE) {
        /* A keep-alive always re-issues: decide with a zero refresh interval. */
        mst_effective forced = *limits;
        forced.refresh = 0;
        mst_policy_decide_minting(&forced, t, s->status, s->now, 1, s->mint_version, &s->decision);
        return;
    }
    mst_policy_decide_minting(limits, t, s->status, s->now, activity == MST_ACTIVITY_COUNTS,
                              s->mint_version, &s->decision);
}

void mst_session_evaluate(const mst_session_ctx *ctx, const char *cookie_header,
                          const mst_effective *limits, mst_activity activity, mst_session *out)
{
    mst_session_find(ctx, cookie_header, out);
    mst_session_decide(out, limits, activity);
}

/* A JSON number, or null for the -1 that means "Off" / "none". */
static const char *num(apr_pool_t *p, apr_int64_t v)
{
    return v < 0 ? "null" : apr_psprintf(p, "%" APR_INT64_T_FMT, v);
}

char *mst_session_status_json(apr_pool_t *p, const mst_session *s)
{
    const mst_decision *d = &s->decision;

    if (d->verdict != MST_VERDICT_VALID) {
        return apr_pstrcat(p, "{\"active\":false,\"reason\":\"", mst_verdict_str(d->verdict), "\"}",
                           NULL);
    }
    return apr_pstrcat(
        p, "{\"active\":true,\"user\":", mst_json_string(p, s->token.user),
        ",\"session_id\":", mst_json_string(p, s->token.sid),
        ",\"created\":", num(p, s->token.created), ",\"last_activity\":", num(p, d->new_last),
        ",\"now\":", num(p, s->now), ",\"expires_in\":", num(p, d->expires_in), ",\"limit\":",
        d->limit == MST_LIMIT_NONE ? "null" : mst_json_string(p, mst_limit_str(d->limit)),
        ",\"lifetime_remaining\":", num(p, d->lifetime_left),
        ",\"inactivity_remaining\":", num(p, d->inactivity_left),
        ",\"warning\":", d->warn ? "true" : "false", "}", NULL);
}

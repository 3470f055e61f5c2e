/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_policy.c: the timeout decision: verdict, re-issue, remaining time, warning.
 *
 * Pure core, see mst_policy.h. Every comparison is "now >= deadline means
 * expired", so a session lasts exactly its limit in seconds. */
#include "mst_policy.h"

const char *mst_verdict_str(mst_verdict v)
{
    switch (v) {
    case MST_VERDICT_VALID:
        return "valid";
    case MST_VERDICT_MISSING:
        return "missing";
    case MST_VERDICT_INVALID:
        return "invalid";
    case MST_VERDICT_LIFETIME:
        return "lifetime";
    case MST_VERDICT_INACTIVITY:
        return "inactivity";
    case MST_VERDICT_REVOKED:
        return "revoked";
    }
    return "invalid";
}

const char *mst_limit_str(mst_limit_kind k)
{
    switch (k) {
    case MST_LIMIT_LIFETIME:
        return "lifetime";
    case MST_LIMIT_INACTIVITY:
        return "inactivity";
    case MST_LIMIT_NONE:
        break;
    }
    return "none";
}

/* Earliest of the two deadlines (Unix seconds) given LAST; sets *kind. On a
 * tie the lifetime wins: it cannot be extended, so it is the honest reason. */
static apr_int64_t earliest_deadline(const mst_effective *lim, apr_int64_t created,
                                     apr_int64_t last, mst_limit_kind *kind)
{
    apr_int64_t life = lim->lifetime >= 0 ? created + lim->lifetime : -1;
    apr_int64_t idle = lim->inactivity >= 0 ? last + lim->inactivity : -1;

    if (life < 0 && idle < 0) {
        *kind = MST_LIMIT_NONE;
        return -1;
    }
    if (idle < 0 || (life >= 0 && life <= idle)) {
        *kind = MST_LIMIT_LIFETIME;
        return life;
    }
    *kind = MST_LIMIT_INACTIVITY;
    return idle;
}

static void clear(mst_decision *d, mst_verdict v)
{
    d->verdict = v;
    d->reissue = 0;
    d->new_last = -1;
    d->expires_in = -1;
    d->limit = MST_LIMIT_NONE;
    d->lifetime_left = -1;
    d->inactivity_left = -1;
    d->warn = 0;
}

void mst_policy_decide(const mst_effective *limits, const mst_token *token, mst_token_status status,
                       apr_int64_t now, int counts_as_activity, mst_decision *out)
{
    mst_policy_decide_minting(limits, token, status, now, counts_as_activity, 0, out);
}

void mst_policy_decide_minting(const mst_effective *limits, const mst_token *token,
                               mst_token_status status, apr_int64_t now, int counts_as_activity,
                               int mint_version, mst_decision *out)
{
    apr_int64_t deadline;
    mst_limit_kind kind;

    if (token == NULL) {
        clear(out, MST_VERDICT_MISSING);
        return;
    }
    if (status != MST_TOKEN_OK) {
        clear(out, MST_VERDICT_INVALID);
        return;
    }
    deadline = earliest_deadline(limits, token->created, token->last, &kind);
    if (deadline >= 0 && now >= deadline) {
        clear(out, kind == MST_LIMIT_LIFETIME ? MST_VERDICT_LIFETIME : MST_VERDICT_INACTIVITY);
        out->limit = kind;
        return;
    }
    clear(out, MST_VERDICT_VALID);
    out->new_last = token->last;
    if (counts_as_activity && now - token->last >= limits->refresh) {
        /* A clock that stepped back leaves now < LAST: keep the later LAST. */
        out->new_last = now > token->last ? now : token->last;
        out->reissue = 1;
    }
    if (token->key_index != 0 || token->last_clamped) {
        out->reissue = 1; /* re-sign with the current key, or repair a LAST from the future */
    }
    if (mint_version != 0 && token->version != mint_version) {
        out->reissue = 1; /* re-issue in the version we mint (a v1 cookie during a migration) */
    }
    deadline = earliest_deadline(limits, token->created, out->new_last, &out->limit);
    if (deadline >= 0) {
        out->expires_in = deadline - now;
        out->warn = limits->warning >= 0 && out->expires_in <= limits->warning;
    }
    if (limits->lifetime >= 0) {
        out->lifetime_left = token->created + limits->lifetime - now;
    }
    if (limits->inactivity >= 0) {
        out->inactivity_left = out->new_last + limits->inactivity - now;
    }
}

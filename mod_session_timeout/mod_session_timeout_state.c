/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_state.c: the request state and its transitions, the
 * connection cache, the login URL and the own-handler test (see the header).
 *
 * Glue: the verdict itself is the core's (mst_session_evaluate); this file
 * only keeps it where httpd keeps per-request data, and is the only writer of
 * it. Everything is allocated from the request's or the connection's pool. */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "apr_strings.h"

#include "mod_session_timeout_logtags.h"
#include "mod_session_timeout_metrics.h"
#include "mod_session_timeout_state.h"

/* The request whose request_config holds the state: subrequests (r->main)
 * and internal redirects (r->prev) belong to the first one. */
static request_rec *top_request(request_rec *r)
{
    for (;;) {
        if (r->main) {
            r = r->main;
        } else if (r->prev) {
            r = r->prev;
        } else {
            return r;
        }
    }
}

request_rec *mst_state_top_request(request_rec *r)
{
    return top_request(r);
}

static mst_state *state_of(request_rec *r)
{
    return ap_get_module_config(top_request(r)->request_config, &session_timeout_module);
}

/* The state of r's request, made (phase NONE) on first use. */
static mst_state *state_make(request_rec *r)
{
    request_rec *top = top_request(r);
    mst_state *st = ap_get_module_config(top->request_config, &session_timeout_module);
    if (st == NULL) {
        /* every field but sess, which judge writes before anyone reads it */
        st = apr_palloc(top->pool, sizeof(*st));
        st->phase = MST_PHASE_NONE;
        st->response_taken = 0;
        st->json_401 = 0;
        st->sub_status = 0;
        st->store_checked = 0;
        st->store_answer = MST_STORE_NOT_REVOKED;
        st->store_failed = 0;
        ap_set_module_config(top->request_config, &session_timeout_module, st);
    }
    return st;
}

const mst_state *mst_state_get(request_rec *r)
{
    const mst_state *st = state_of(r);
    return st != NULL && st->phase != MST_PHASE_NONE ? st : NULL;
}

int mst_state_is_valid(const mst_state *st)
{
    return st != NULL && st->sess.decision.verdict == MST_VERDICT_VALID;
}

/* The verified-token cache the threads of this process share (mst_cache.h),
 * behind every connection's own. The pointer is written once, by child_init,
 * before the child's threads serve anything, and only read afterwards; the
 * slots themselves are lock-free (mst_seqlock.h). NULL in the parent, which
 * serves nothing. */
static mst_shared_cache *process_token_cache;

void mst_state_child_init(apr_pool_t *pchild, server_rec *s)
{
    (void)s;
    process_token_cache = apr_palloc(pchild, sizeof(*process_token_cache));
    mst_shared_init(process_token_cache);
}

mst_token_cache *mst_state_conn_cache(conn_rec *c)
{
    mst_token_cache *tc = ap_get_module_config(c->conn_config, &session_timeout_module);
    if (tc == NULL) {
        tc = apr_palloc(c->pool, sizeof(*tc));
        mst_cache_init(tc);
        mst_cache_attach(tc, process_token_cache);
        ap_set_module_config(c->conn_config, &session_timeout_module, tc);
    }
    return tc;
}

/* The store's answer for a decision valid otherwise: asked once per request
 * (a later decision of the same token reuses it), then applied. */
static void apply_store(request_rec *r, mst_state *st, const mst_server_conf *sc)
{
    mst_decision *d = &st->sess.decision;
    if (d->verdict != MST_VERDICT_VALID || sc->store == NULL) {
        return;
    }
    if (!st->store_checked) {
        st->store_checked = 1;
        st->store_answer = (int)mst_store_check(r, sc, &st->sess.token);
    }
    if (st->store_answer == MST_STORE_REVOKED) {
        d->verdict = MST_VERDICT_REVOKED;
    } else if (st->store_answer == MST_STORE_FAILED) {
        st->store_failed = 1;
    }
    if (st->store_answer == MST_STORE_REVOKED ||
        (st->store_answer == MST_STORE_FAILED && mst_config_store_closed(sc))) {
        d->reissue = 0;
        d->warn = 0;
    }
}

static int same_limits(const mst_effective *a, const mst_effective *b)
{
    return a->lifetime == b->lifetime && a->inactivity == b->inactivity &&
           a->warning == b->warning && a->refresh == b->refresh;
}

/* A later request of a judged request (subrequest or internal redirect)
 * landing in dc: the same token decided again where the limits differ. */
static const mst_state *judge_again(request_rec *r, mst_state *st, const mst_dir_conf *dc,
                                    mst_activity activity)
{
    const mst_effective *eff = mst_scope_effective(dc);
    mst_state *own;

    if (st->phase != MST_PHASE_JUDGED || r == top_request(r) || same_limits(&st->limits, eff)) {
        return st;
    }
    if (st->activity < activity) {
        activity = st->activity; /* counts only if it counted for both */
    }
    if (r->main == NULL) {
        /* an internal redirect: its scope governs the response */
        st->limits = *eff;
        st->activity = activity;
        mst_session_decide(&st->sess, eff, activity);
        apply_store(r, st, mst_config_server(r->server));
        return st;
    }
    own = apr_palloc(r->pool, sizeof(*own));
    *own = *st;
    own->response_taken = 1; /* a subrequest writes into its main request's response */
    own->limits = *eff;
    own->activity = activity;
    mst_session_decide(&own->sess, eff, activity);
    apply_store(r, own, mst_config_server(r->server));
    return own;
}

const mst_state *mst_state_judge(request_rec *r, const mst_dir_conf *dc, const mst_server_conf *sc,
                                 mst_activity activity)
{
    mst_state *st = state_make(r);
    const char *header;
    mst_session_ctx ctx;

    if (st->phase != MST_PHASE_NONE) {
        return judge_again(r, st, dc, activity);
    }
    st->phase = MST_PHASE_JUDGED;
    st->limits = *mst_scope_effective(dc);
    st->activity = activity;
    /* The Cookie header is read once: httpd merges repeated fields into one. */
    header = apr_table_get(r->headers_in, "Cookie");
    ctx.keys = sc->keys;
    ctx.cache = header != NULL ? mst_state_conn_cache(r->connection) : NULL;
    ctx.cookie_name = mst_config_cookie_name(sc);
    ctx.cookie_name_len = strlen(ctx.cookie_name);
    ctx.now = apr_time_sec(top_request(r)->request_time);
    ctx.skew = mst_config_skew(sc);
    ctx.versions = mst_config_token_versions(sc);
    ctx.mint_version = mst_config_token_mint(sc); /* another version is re-issued at once */
    if (ctx.cache != NULL) {
        ctx.cache->answered = MST_CACHE_NONE;
    }
    mst_session_evaluate(&ctx, header, mst_scope_effective(dc), activity, &st->sess);
    if (ctx.cache != NULL && ctx.cache->answered != MST_CACHE_NONE) {
        mst_metrics_count(r->server,
                          (mst_counter)(MST_C_TOKEN_BY_CONNECTION + (int)ctx.cache->answered - 1));
    }
    apply_store(r, st, sc);
    return st;
}

void mst_state_reject(request_rec *r, int json)
{
    mst_state *st = state_of(r);
    if (st != NULL && st->phase == MST_PHASE_JUDGED) {
        st->phase = MST_PHASE_REJECTED;
        st->json_401 = json;
    }
}

void mst_state_reject_subrequest(request_rec *r, int status)
{
    mst_state *st = state_of(r);
    if (st != NULL && st->phase == MST_PHASE_JUDGED) {
        st->sub_status = status;
    }
}

void mst_state_let_login(request_rec *r)
{
    mst_state *st = state_of(r);
    if (st != NULL && st->phase == MST_PHASE_JUDGED) {
        st->phase = MST_PHASE_LOGIN;
    }
}

int mst_state_is_error_document(request_rec *r, const mst_state *st)
{
    return st != NULL && st->phase == MST_PHASE_REJECTED && r->prev != NULL;
}

int mst_state_take_response(request_rec *r)
{
    mst_state *st = state_make(r);
    if (st->response_taken) {
        return 0;
    }
    st->response_taken = 1;
    return 1;
}

int mst_state_response_pending(const mst_state *st)
{
    return st == NULL || !st->response_taken;
}

const char *mst_state_login_url(request_rec *r, const mst_dir_conf *dc)
{
    const ap_expr_info_t *expr = mst_config_login_url(dc);
    const char *err = NULL, *url;

    if (expr == NULL) {
        return NULL;
    }
    url = ap_expr_str_exec(r, expr, &err);
    if (err != NULL || url == NULL || *url == '\0') {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      MST00007 "SessionTimeoutLoginURL could not be evaluated: %s",
                      err ? err : "empty result");
        return NULL;
    }
    return url;
}

static int is_own_handler(request_rec *r)
{
    core_dir_config *cd = ap_get_core_module_config(r->per_dir_config);
    const char *err = NULL, *h;

    if (mst_config_served_handler(r) != NULL) {
        return 1; /* a dialog URL served by default */
    }
    /* header_parser runs before r->handler is set: read SetHandler itself */
    if (cd->expr_handler == NULL) {
        return 0;
    }
    h = ap_expr_str_exec(r, cd->expr_handler, &err);
    /* The dialog script is the same for everyone and cached publicly: it
     * must never carry a refreshed cookie, nor be redirected to login. */
    return h && !err &&
           (strcmp(h, MST_STATUS_HANDLER) == 0 || strcmp(h, MST_LOGOUT_HANDLER) == 0 ||
            strcmp(h, MST_SCRIPT_HANDLER) == 0 || strcmp(h, MST_METRICS_HANDLER) == 0 ||
            strcmp(h, MST_ADMIN_HANDLER) == 0);
}

int mst_state_is_own_handler(request_rec *r)
{
    /* A subrequest of ours only looks a page's scope up: judging there would
     * count a passive poll as activity (the state is the main request's).
     * That goes for the subrequests it makes in turn (mod_dir looks up the
     * DirectoryIndex of a directory), so every request up the chain is
     * asked. */
    for (; r != NULL; r = r->main) {
        if (is_own_handler(r)) {
            return 1;
        }
    }
    return 0;
}

/* mod_session_timeout_request.c: the request path: find the cookie, ask the
 * core for a verdict, export it to the environment, and send expired or
 * invalid sessions to re-authentication.
 *
 * Glue: the verdict is the core's (mst_session_evaluate) and so
 * are the rules for where a user may be sent (mst_reauth). The verdict is
 * computed once per top-level request and kept in its request_config, so
 * subrequests and internal redirects reuse it and never refresh twice. */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_strings.h"

#include "mod_session_timeout.h"
#include "mst_reauth.h"
#include "mst_session.h"

request_rec *mst_top_request(request_rec *r)
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

mst_token_cache *mst_conn_cache(conn_rec *c)
{
    mst_token_cache *tc = ap_get_module_config(c->conn_config, &session_timeout_module);
    if (tc == NULL) {
        tc = apr_palloc(c->pool, sizeof(*tc));
        mst_cache_init(tc);
        ap_set_module_config(c->conn_config, &session_timeout_module, tc);
    }
    return tc;
}

mst_request_state *mst_state(request_rec *r, int create)
{
    request_rec *top = mst_top_request(r);
    mst_request_state *st = ap_get_module_config(top->request_config, &session_timeout_module);
    if (st == NULL && create) {
        /* Every field but the token, which is written before it is read. */
        st = apr_palloc(top->pool, sizeof(*st));
        st->evaluated = 0;
        st->rejected = 0;
        st->headers_done = 0;
        st->json_body = 0;
        st->status = MST_TOKEN_OK;
        st->has_token = 0;
        memset(&st->decision, 0, sizeof(st->decision));
        st->now = apr_time_sec(top->request_time);
        ap_set_module_config(top->request_config, &session_timeout_module, st);
    }
    return st;
}

/* The verdict is the core's (mst_session); the Cookie header is read once
 * (httpd merges repeated request header fields into one, joined by ", ").
 * activity is an mst_activity (0 passive, 1 counts, 2 keep-alive). */
void mst_evaluate(request_rec *r, mst_request_state *st, const mst_dir_conf *dc,
                  const mst_server_conf *sc, int activity)
{
    const char *header = apr_table_get(r->headers_in, "Cookie");
    mst_session_ctx ctx;
    mst_session s;

    ctx.keys = sc->keys;
    ctx.cache = header != NULL ? mst_conn_cache(r->connection) : NULL;
    ctx.cookie_name = mst_cookie_name(sc);
    ctx.cookie_name_len = strlen(ctx.cookie_name);
    ctx.now = st->now;
    ctx.skew = mst_skew(sc);
    mst_session_evaluate(&ctx, header, mst_scope_effective(dc), (mst_activity)activity, &s);
    st->has_token = s.has_token;
    st->status = s.status;
    if (s.has_token) {
        st->token = s.token;
    }
    st->decision = s.decision;
    st->evaluated = 1;
}

/* The environment the backend and the logs see. apr_table_setn replaces an
 * earlier value of the same name (say one SetEnvIf copied from a request
 * header), and each name we do not set this time is unset, so nothing stale
 * or forged survives. */
static int has_our_names(const apr_table_t *env)
{
    const apr_array_header_t *arr = apr_table_elts(env);
    const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
    for (int i = 0; i < arr->nelts; i++) {
        if (e[i].key && strncasecmp(e[i].key, "SESSION_TIMEOUT_", 16) == 0) {
            return 1;
        }
    }
    return 0;
}

static void export_env(request_rec *r, const mst_request_state *st)
{
    apr_table_t *env = r->subprocess_env;
    const mst_decision *d = &st->decision;

    if (d->verdict == MST_VERDICT_VALID && !has_our_names(env)) {
        /* the common case: nothing to replace, so add without searching */
        apr_table_addn(env, "SESSION_TIMEOUT_USER", st->token.user);
        apr_table_addn(env, "SESSION_TIMEOUT_ID", st->token.sid);
        if (d->limit != MST_LIMIT_NONE) {
            apr_table_addn(env, "SESSION_TIMEOUT_EXPIRES_IN",
                           apr_off_t_toa(r->pool, (apr_off_t)d->expires_in));
            apr_table_addn(env, "SESSION_TIMEOUT_LIMIT", mst_limit_str(d->limit));
        }
        return;
    }
    if (d->verdict != MST_VERDICT_VALID) {
        apr_table_unset(env, "SESSION_TIMEOUT_USER");
        apr_table_unset(env, "SESSION_TIMEOUT_ID");
        apr_table_unset(env, "SESSION_TIMEOUT_EXPIRES_IN");
        apr_table_unset(env, "SESSION_TIMEOUT_LIMIT");
        apr_table_setn(env, "SESSION_TIMEOUT_REASON", mst_verdict_str(d->verdict));
        return;
    }
    apr_table_unset(env, "SESSION_TIMEOUT_REASON");
    apr_table_setn(env, "SESSION_TIMEOUT_USER", st->token.user);
    apr_table_setn(env, "SESSION_TIMEOUT_ID", st->token.sid);
    if (d->limit != MST_LIMIT_NONE) {
        apr_table_setn(env, "SESSION_TIMEOUT_EXPIRES_IN",
                       apr_off_t_toa(r->pool, (apr_off_t)d->expires_in));
        apr_table_setn(env, "SESSION_TIMEOUT_LIMIT", mst_limit_str(d->limit));
    } else {
        apr_table_unset(env, "SESSION_TIMEOUT_EXPIRES_IN");
        apr_table_unset(env, "SESSION_TIMEOUT_LIMIT");
    }
}

static void log_rejection(request_rec *r, const mst_request_state *st)
{
    const mst_decision *d = &st->decision;
    if (d->verdict == MST_VERDICT_LIFETIME || d->verdict == MST_VERDICT_INACTIVITY) {
        ap_log_rerror(
            APLOG_MARK, APLOG_INFO, 0, r,
            MST00006 "session rejected: reason=%s sid=%s user=\"%s\" created=%" APR_INT64_T_FMT
                     " last=%" APR_INT64_T_FMT,
            mst_verdict_str(d->verdict), st->token.sid, ap_escape_logitem(r->pool, st->token.user),
            st->token.created, st->token.last);
    } else if (d->verdict == MST_VERDICT_INVALID) {
        /* Nothing from an unverified cookie is logged: it is attacker text. */
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      MST00006 "session rejected: reason=invalid (%s)",
                      mst_token_status_str(st->status));
    } else {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, MST00006 "session rejected: reason=missing");
    }
}

/* scheme://host[:port] of this server as the client addressed it. */
static const char *own_origin(request_rec *r)
{
    return ap_construct_url(r->pool, "", r);
}

/* Where the user returns after logging in: this URL for GET/HEAD, the page
 * that made the request (same-origin Referer) for other methods. */
static const char *return_target(request_rec *r, int navigation)
{
    if (navigation && (r->method_number == M_GET || r->header_only)) {
        /* The raw target from the request line: r->parsed_uri.path is
         * already percent-decoded, which would change the URL. */
        const char *target = mst_origin_form(r->unparsed_uri);
        const char *hash = target ? strchr(target, '#') : NULL;
        if (hash) {
            target = apr_pstrmemdup(r->pool, target, (apr_size_t)(hash - target));
        }
        return mst_return_target(r->pool, target, NULL);
    }
    const char *ref =
        mst_referer_local_target(r->pool, apr_table_get(r->headers_in, "Referer"), own_origin(r));
    return ref ? ref : (navigation ? "/" : NULL);
}

static const char *login_location(request_rec *r, const mst_dir_conf *dc, int navigation)
{
    const char *err = NULL;
    const char *url = ap_expr_str_exec(r, mst_login_url(dc), &err);
    if (err || url == NULL || *url == '\0') {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      MST00007 "SessionTimeoutLoginURL could not be evaluated: %s",
                      err ? err : "empty result");
        return NULL;
    }
    return mst_login_location(r->pool, url, mst_scope_return_param(dc),
                              return_target(r, navigation));
}

/* 1 if the local URL location (path, optional ?query) has the path path. */
static int is_same_path(const char *location, const char *path)
{
    apr_size_t n = strcspn(location, "?#");
    return path != NULL && location[0] == '/' && strlen(path) == n &&
           strncmp(location, path, n) == 0;
}

/* Answers a request without a valid session; returns the hook's result. */
static int reject(request_rec *r, mst_request_state *st, const mst_dir_conf *dc,
                  const mst_server_conf *sc)
{
    const mst_decision *d = &st->decision;
    const char *reason = mst_verdict_str(d->verdict);
    int navigation = mst_is_navigation(apr_table_get(r->headers_in, "Sec-Fetch-Mode"),
                                       apr_table_get(r->headers_in, "X-Requested-With"),
                                       apr_table_get(r->headers_in, "Accept"));
    const char *location;

    st->rejected = 1;
    log_rejection(r, st);
    if (d->verdict != MST_VERDICT_MISSING) {
        mst_expire_cookies(r, sc, dc);
    }
    apr_table_setn(r->err_headers_out, "Cache-Control", "no-store");
    if (mst_login_url(dc) == NULL) {
        return HTTP_UNAUTHORIZED; /* ErrorDocument 401 applies */
    }
    location = login_location(r, dc, navigation);
    if (location == NULL) {
        return HTTP_UNAUTHORIZED;
    }
    if (!navigation) {
        /* The JSON goes out as httpd's own 401 response so that error
         * filters (mod_headers' "always", CORS) apply; our error filter
         * gives it its Content-Type. */
        st->json_body = 1;
        ap_custom_response(r, HTTP_UNAUTHORIZED, mst_expired_json(r->pool, reason, location));
        return HTTP_UNAUTHORIZED;
    }
    if (is_same_path(location, r->parsed_uri.path)) {
        /* The login page itself is enforced: a redirect would loop forever. */
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      MST00015 "SessionTimeoutLoginURL %s is itself enforced; set "
                               "SessionTimeout Off for it. Answering 401 instead of looping",
                      r->parsed_uri.path);
        return HTTP_UNAUTHORIZED;
    }
    apr_table_setn(r->headers_out, "Location", location);
    return (r->method_number == M_GET || r->header_only) ? HTTP_MOVED_TEMPORARILY : HTTP_SEE_OTHER;
}

/* Valid sessions always need the filter: their responses must say private
 * (SPEC section 9), besides a refresh or a warning. */
static int needs_filter(const mst_dir_conf *dc, const mst_request_state *st)
{
    return mst_scope_start_header(dc) || mst_scope_end_header(dc) ||
           (st && st->evaluated && st->decision.verdict == MST_VERDICT_VALID);
}

/* header_parser: after the <Directory>/<Location> walk (so per-dir config
 * applies) and before authentication, authorization and the handler. */
int mst_header_parser(request_rec *r)
{
    const mst_dir_conf *dc = ap_get_module_config(r->per_dir_config, &session_timeout_module);
    const mst_server_conf *sc;
    mst_request_state *st;

    if (!mst_scope_enforce(dc)) {
        if (r->main == NULL && needs_filter(dc, NULL)) {
            ap_add_output_filter(MST_FILTER_NAME, NULL, r, r->connection);
        }
        return DECLINED; /* the common unprotected case costs one comparison */
    }
    if (mst_is_own_handler(r)) {
        return DECLINED; /* status and logout evaluate the session themselves */
    }
    /* mod_cache never stores a response of an enforced scope, whatever the
     * Cache-Control (CacheStorePrivate, CacheIgnoreCacheControl): with
     * CacheQuickHandler On a stored copy would be served before this hook
     * runs, to anyone. */
    r->no_cache = 1;
    sc = ap_get_module_config(r->server->module_config, &session_timeout_module);
    st = mst_state(r, 1);
    if (!st->evaluated) {
        mst_evaluate(r, st, dc, sc, mst_scope_activity(dc));
    } else if (st->rejected && r->prev) {
        return DECLINED; /* our own ErrorDocument: let it be served */
    }
    export_env(r, st);
    if (st->decision.verdict != MST_VERDICT_VALID) {
        if (r->main || st->rejected) {
            return HTTP_UNAUTHORIZED; /* a subrequest or a second look: no side effects */
        }
        return reject(r, st, dc, sc);
    }
    if (r->main == NULL && !st->headers_done && needs_filter(dc, st)) {
        ap_add_output_filter(MST_FILTER_NAME, NULL, r, r->connection);
    }
    return DECLINED;
}

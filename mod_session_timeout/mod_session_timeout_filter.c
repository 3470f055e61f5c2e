/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_filter.c: the response side: start and end headers
 * from the backend, the refreshed cookie and the warning header.
 *
 * Glue: an output filter that acts once, on the first brigade, when the
 * backend's response headers (CGI, proxy, any handler) are known and before
 * httpd's header filter sends them. It removes the start and end headers so
 * the client never sees them, and writes everything into err_headers_out so
 * it survives error responses. */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_filter.h"
#include "apr_strings.h"

#include "mod_session_timeout_config.h"
#include "mod_session_timeout_cookies.h"
#include "mod_session_timeout_filter.h"
#include "mod_session_timeout_login.h"
#include "mod_session_timeout_logtags.h"
#include "mod_session_timeout_metrics.h"
#include "mod_session_timeout_state.h"
#include "mod_session_timeout_store.h"
#include "mst_reauth.h"

#define FILTER_NAME "SESSION_TIMEOUT"

/* The filter, registered in register_hooks; read-only after. */
static ap_filter_rec_t *response_filter;

/* Returns the value of header name in headers_out or err_headers_out and
 * removes it from both. */
static const char *take_header(request_rec *r, const char *name)
{
    const char *v = apr_table_get(r->headers_out, name);
    if (v == NULL) {
        v = apr_table_get(r->err_headers_out, name);
    }
    if (v != NULL) {
        apr_table_unset(r->headers_out, name);
        apr_table_unset(r->err_headers_out, name);
    }
    return v;
}

typedef struct cc_join {
    apr_pool_t *pool;
    const char *all;
} cc_join;

/* apr_table_do callback: appends one Cache-Control value. */
static int join_value(void *baton, const char *key, const char *value)
{
    cc_join *j = baton;
    (void)key;
    j->all = j->all ? apr_pstrcat(j->pool, j->all, ", ", value, NULL) : value;
    return 1;
}

/* SPEC section 9: no shared cache may store a response of a session, nor
 * replay our Set-Cookie or warning to someone else. The application's
 * Cache-Control (in either table) is merged into one value that says
 * private, and names the fields no cache may reuse; it goes into
 * err_headers_out so error responses keep it. fields may be NULL. */
static void mark_private(request_rec *r, const char *fields)
{
    cc_join j = {r->pool, NULL};
    if (apr_table_get(r->headers_out, "Cache-Control") != NULL) {
        apr_table_do(join_value, &j, r->headers_out, "Cache-Control", NULL);
        apr_table_unset(r->headers_out, "Cache-Control");
    }
    if (apr_table_get(r->err_headers_out, "Cache-Control") != NULL) {
        apr_table_do(join_value, &j, r->err_headers_out, "Cache-Control", NULL);
    }
    apr_table_setn(r->err_headers_out, "Cache-Control",
                   mst_cache_control_private(r->pool, j.all, fields));
}

/* Starts a fresh session for user: by the start header, or by_cookie, by
 * the application's cookie (whose caller has checked the user name). */
static void start_session(request_rec *r, const mst_server_conf *sc, const char *user,
                          apr_int64_t now, int by_cookie)
{
    unsigned char raw[MST_SID_RAW_LEN];
    char sid[MST_SID_LEN + 1];
    apr_size_t len = strlen(user);

    if (!by_cookie && !mst_user_valid(user, len, 0)) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      MST00010 "start header ignored: the user name (%" APR_SIZE_T_FMT
                               " bytes) is empty, longer than %d bytes, not UTF-8 or has "
                               "control characters",
                      len, MST_USER_MAX_LEN);
        return;
    }
    if (apr_generate_random_bytes(raw, sizeof(raw)) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, MST00019 "no random bytes for a session id");
        return;
    }
    mst_sid_encode(raw, sid);
    if (mst_cookies_mint(r, sc, sid, now, now, user, len)) {
        mst_metrics_count(r->server, MST_C_SESSIONS_STARTED);
        if (by_cookie) {
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                          MST00111 "session started by the application's cookie: sid=%s "
                                   "user=\"%s\"",
                          sid, ap_escape_logitem(r->pool, user));
            return;
        }
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, MST00009 "session started: sid=%s user=\"%s\"",
                      sid, ap_escape_logitem(r->pool, user));
    }
}

static void refresh_and_warn(request_rec *r, const mst_server_conf *sc, const mst_dir_conf *dc,
                             const mst_session *s)
{
    const mst_decision *d = &s->decision;
    const char *fields = d->reissue ? "Set-Cookie" : NULL;

    if (d->warn) {
        fields = apr_pstrcat(r->pool, fields ? fields : "", fields ? ", " : "",
                             mst_scope_warning_header(dc), NULL);
    }
    mark_private(r, fields);
    if (d->reissue && mst_cookies_mint(r, sc, s->token.sid, s->token.created, d->new_last,
                                       s->token.user, s->token.user_len)) {
        mst_metrics_count(r->server, MST_C_COOKIES_REISSUED);
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      MST00014 "cookie re-issued: sid=%s last=%" APR_INT64_T_FMT " key=%d",
                      s->token.sid, d->new_last, s->token.key_index);
    }
    if (d->warn) {
        apr_table_setn(r->err_headers_out, mst_scope_warning_header(dc),
                       mst_warning_value(r->pool, d->expires_in, mst_limit_str(d->limit)));
        mst_metrics_count(r->server, MST_C_WARNINGS);
    }
}

/* The end header: the session of the request's cookie (MAC-verified, in
 * any scope: judged here where the scope does not enforce) is revoked in the
 * store too, so copies of the cookie end with it. */
static void revoke_session(request_rec *r, const mst_dir_conf *dc, const mst_server_conf *sc)
{
    const mst_state *st;
    if (sc->store == NULL) {
        return;
    }
    st = mst_state_judge(r, dc, sc, MST_ACTIVITY_PASSIVE);
    if (st->sess.has_token && st->sess.status == MST_TOKEN_OK) {
        mst_store_revoke_sid(r, sc, st->sess.token.sid);
    }
}

/* SessionTimeoutRevokeUserHeader: every session of the user started before
 * this second ends; one started by this response (CREATED = now) survives. */
static void revoke_user_sessions(request_rec *r, const mst_server_conf *sc, const char *user)
{
    apr_size_t len = strlen(user);
    if (!mst_user_valid(user, len, 0)) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      MST00102 "revoke-user header ignored: the user name (%" APR_SIZE_T_FMT
                               " bytes) is empty, too long or has control characters",
                      len);
        return;
    }
    if (sc->store == NULL) {
        return;
    }
    if (mst_store_revoke_user(r, sc, user, len, apr_time_sec(r->request_time))) {
        mst_metrics_count(r->server, MST_C_ENDED_REVOKED);
    }
}

/* The user name for a session the application's cookie starts, from the
 * scope's source: "" without one, NULL when the source has none. */
static const char *source_user(request_rec *r, const mst_dir_conf *dc, const char *user_header)
{
    switch (mst_scope_user_source(dc)) {
    case MST_USER_HEADER:
        return user_header;
    case MST_USER_REMOTE_USER:
        return r->user;
    case MST_USER_ENV:
        return apr_table_get(r->subprocess_env, mst_scope_user_from(dc));
    default:
        return "";
    }
}

/* SessionTimeoutStartOnCookie: a response that sets the application's
 * cookie starts a session, unless the client holds a valid one of the same
 * user (the application renewed its cookie: the session goes on, and its
 * lifetime still counts from the login); one that expires it ends ours.
 * Returns 1 when it did either, 0 to go on as without the cookie. */
static int apply_app_cookie(request_rec *r, const mst_server_conf *sc, const mst_dir_conf *dc,
                            const char *user_header)
{
    mst_set_cookie_effect e = mst_login_app_cookie(r, mst_scope_start_cookie(dc));
    const mst_state *st;
    const char *user;
    int valid;

    if (e == MST_SET_COOKIE_OTHER) {
        return 0;
    }
    st = mst_state_get(r);
    if (st != NULL && st->phase == MST_PHASE_REJECTED) {
        /* our own redirect or 401: the NAME it expires is our
         * SessionTimeoutClearCookie, not the application's logout (taken
         * for one, our cookie was expired a second time) */
        return 0;
    }
    if (st == NULL) {
        /* a scope that does not enforce: what the client holds decides
         * whether there is a session to keep or to end */
        st = mst_state_judge(r, dc, sc, MST_ACTIVITY_PASSIVE);
    }
    valid = mst_state_is_valid(st);
    if (e == MST_SET_COOKIE_EXPIRES) {
        if (!st->sess.has_token) {
            return 0; /* no session to end */
        }
        mark_private(r, "Set-Cookie");
        mst_cookies_expire_session(r, sc);
        if (valid) {
            /* the application said so in its response, as with the end header */
            mst_metrics_count(r->server, MST_C_ENDED_END_HEADER);
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                          MST00112 "session ended by the application's cookie %s: sid=%s",
                          mst_scope_start_cookie(dc), st->sess.token.sid);
        }
        return 1;
    }
    user = source_user(r, dc, user_header);
    if (valid && (mst_scope_user_source(dc) == MST_USER_NONE || user == NULL ||
                  (strlen(user) == st->sess.token.user_len &&
                   memcmp(user, st->sess.token.user, st->sess.token.user_len) == 0))) {
        return 0;
    }
    if (user == NULL ||
        !mst_user_valid(user, strlen(user), mst_scope_user_source(dc) == MST_USER_NONE)) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      MST00113 "the application's cookie %s was set, but %s: no session started",
                      mst_scope_start_cookie(dc),
                      user == NULL ? "the user source has no user name"
                                   : "the user name is empty, longer than 255 bytes, not UTF-8 or "
                                     "has control characters");
        return 0;
    }
    mark_private(r, "Set-Cookie");
    start_session(r, sc, user, apr_time_sec(r->request_time), 1);
    return 1;
}

/* Applies the response side once per request (the filter may be added to
 * an internal redirect's request too). */
static void apply_response_headers(request_rec *r)
{
    const mst_dir_conf *dc = mst_config_dir(r);
    const mst_server_conf *sc = mst_config_server(r->server);
    const mst_state *st = mst_state_get(r);
    const char *start =
        mst_scope_start_header(dc) ? take_header(r, mst_scope_start_header(dc)) : NULL;
    const char *end = mst_scope_end_header(dc) ? take_header(r, mst_scope_end_header(dc)) : NULL;
    const char *revoke_user =
        mst_scope_revoke_user_header(dc) ? take_header(r, mst_scope_revoke_user_header(dc)) : NULL;
    const char *user_header = mst_scope_user_source(dc) == MST_USER_HEADER
                                  ? take_header(r, mst_scope_user_from(dc))
                                  : NULL;
    int valid = mst_state_is_valid(st);

    if (st != NULL && st->json_401) {
        ap_set_content_type(r, "application/json");
    }
    if (!mst_state_take_response(r)) {
        return;
    }
    if (revoke_user != NULL) {
        revoke_user_sessions(r, sc, revoke_user);
    }
    if (end != NULL) {
        /* Only a session that was valid is counted as ended: where the scope
         * is not enforced nothing judged it yet, so judge it now (passive) */
        if (mst_state_is_valid(st != NULL ? st
                                          : mst_state_judge(r, dc, sc, MST_ACTIVITY_PASSIVE))) {
            mst_metrics_count(r->server, MST_C_ENDED_END_HEADER);
        }
        mark_private(r, "Set-Cookie");
        revoke_session(r, dc, sc);
        st = mst_state_get(r);
        valid = mst_state_is_valid(st);
        mst_cookies_expire(r, sc, dc);
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, MST00011 "session ended by the end header%s%s",
                      valid ? ": sid=" : "", valid ? st->sess.token.sid : "");
        return;
    }
    if (start != NULL) {
        mark_private(r, "Set-Cookie");
        start_session(r, sc, start, apr_time_sec(r->request_time), 0);
        return;
    }
    if (mst_scope_start_cookie(dc) != NULL && apply_app_cookie(r, sc, dc, user_header)) {
        return;
    }
    if (valid && st->sub_status != 0 && r->status == st->sub_status) {
        /* a subrequest's rejection passed on as this response (DirectoryIndex):
         * no refreshed cookie, no warning */
        mark_private(r, NULL);
    } else if (valid) {
        refresh_and_warn(r, sc, dc, &st->sess);
    }
}

static apr_status_t response_output_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    apply_response_headers(f->r);
    ap_remove_output_filter(f);
    return ap_pass_brigade(f->next, bb);
}

/* Valid sessions always need the filter: their responses must say private
 * (SPEC section 9), besides a refresh or a warning. */
void mst_filter_insert(request_rec *r)
{
    const mst_dir_conf *dc = mst_config_dir(r);
    const mst_state *st;

    if (r->main != NULL) {
        return; /* a subrequest writes into its main request's response */
    }
    st = mst_state_get(r);
    if (mst_scope_start_header(dc) || mst_scope_end_header(dc) || mst_scope_start_cookie(dc) ||
        mst_scope_revoke_user_header(dc) ||
        (mst_state_is_valid(st) && mst_state_response_pending(st))) {
        ap_add_output_filter_handle(response_filter, NULL, r, r->connection);
    }
}

/* httpd drops every resource filter before it sends an error response of its
 * own; put ours back so those responses carry the refreshed cookie and the
 * warning too, and our 401 its JSON type. */
void mst_filter_insert_error(request_rec *r)
{
    const mst_dir_conf *dc = mst_config_dir(r);
    if (mst_state_get(r) != NULL || mst_scope_start_header(dc) || mst_scope_end_header(dc) ||
        mst_scope_start_cookie(dc) || mst_scope_revoke_user_header(dc)) {
        ap_add_output_filter_handle(response_filter, NULL, r, r->connection);
    }
}

void mst_filter_register(void)
{
    /* CONTENT_SET runs before httpd's header filter sends the headers, and
     * before mod_cache's CACHE_SAVE (CONTENT_SET + 1), which so sees our
     * Cache-Control. */
    response_filter =
        ap_register_output_filter(FILTER_NAME, response_output_filter, NULL, AP_FTYPE_CONTENT_SET);
}

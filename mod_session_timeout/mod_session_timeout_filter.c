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

#include "mod_session_timeout.h"
#include "mst_reauth.h"

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
    apr_table_do(join_value, &j, r->headers_out, "Cache-Control", NULL);
    apr_table_do(join_value, &j, r->err_headers_out, "Cache-Control", NULL);
    apr_table_unset(r->headers_out, "Cache-Control");
    apr_table_setn(r->err_headers_out, "Cache-Control",
                   mst_cache_control_private(r->pool, j.all, fields));
}

static void start_session(request_rec *r, const mst_server_conf *sc, const char *user,
                          apr_int64_t now)
{
    unsigned char raw[MST_SID_RAW_LEN];
    char sid[MST_SID_LEN + 1];
    apr_size_t len = strlen(user);

    if (!mst_user_valid(user, len, 0)) {
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
    if (mst_mint_cookie(r, sc, sid, now, now, user, len)) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, MST00009 "session started: sid=%s user=\"%s\"",
                      sid, ap_escape_logitem(r->pool, user));
    }
}

static void refresh_and_warn(request_rec *r, const mst_server_conf *sc, const mst_dir_conf *dc,
                             const mst_request_state *st)
{
    const mst_decision *d = &st->decision;
    const char *fields = d->reissue ? "Set-Cookie" : NULL;

    if (d->warn) {
        fields = apr_pstrcat(r->pool, fields ? fields : "", fields ? ", " : "",
                             mst_scope_warning_header(dc), NULL);
    }
    mark_private(r, fields);
    if (d->reissue) {
        mst_mint_cookie(r, sc, st->token.sid, st->token.created, d->new_last, st->token.user,
                        st->token.user_len);
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      MST00014 "cookie re-issued: sid=%s last=%" APR_INT64_T_FMT " key=%d",
                      st->token.sid, d->new_last, st->token.key_index);
    }
    if (d->warn) {
        apr_table_setn(r->err_headers_out, mst_scope_warning_header(dc),
                       mst_warning_value(r->pool, d->expires_in, mst_limit_str(d->limit)));
    }
}

void mst_apply_response_headers(request_rec *r)
{
    const mst_dir_conf *dc = ap_get_module_config(r->per_dir_config, &session_timeout_module);
    const mst_server_conf *sc =
        ap_get_module_config(r->server->module_config, &session_timeout_module);
    mst_request_state *st = mst_state(r, 1);
    const char *start =
        mst_scope_start_header(dc) ? take_header(r, mst_scope_start_header(dc)) : NULL;
    const char *end = mst_scope_end_header(dc) ? take_header(r, mst_scope_end_header(dc)) : NULL;

    if (st->json_body) {
        ap_set_content_type(r, "application/json");
    }
    if (st->headers_done) {
        return;
    }
    st->headers_done = 1;
    if (end != NULL) {
        mark_private(r, "Set-Cookie");
        mst_expire_cookies(r, sc, dc);
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, MST00011 "session ended by the end header%s%s",
                      st->evaluated && st->decision.verdict == MST_VERDICT_VALID ? ": sid=" : "",
                      st->evaluated && st->decision.verdict == MST_VERDICT_VALID ? st->token.sid
                                                                                 : "");
        return;
    }
    if (start != NULL) {
        mark_private(r, "Set-Cookie");
        start_session(r, sc, start, st->now);
        return;
    }
    if (st->evaluated && st->decision.verdict == MST_VERDICT_VALID) {
        refresh_and_warn(r, sc, dc, st);
    }
}

apr_status_t mst_output_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    mst_apply_response_headers(f->r);
    ap_remove_output_filter(f);
    return ap_pass_brigade(f->next, bb);
}

/* insert_error_filter: httpd drops every resource filter before it sends an
 * error response of its own (a 404 without ErrorDocument, mod_dir's 301, a
 * 304, our 302 and 401); put ours back so those responses carry the
 * refreshed cookie and the warning too, and our 401 its JSON type. */
void mst_insert_error_filter(request_rec *r)
{
    const mst_dir_conf *dc = ap_get_module_config(r->per_dir_config, &session_timeout_module);
    const mst_request_state *st = mst_state(r, 0);
    if ((st != NULL && st->evaluated) || mst_scope_start_header(dc) || mst_scope_end_header(dc)) {
        ap_add_output_filter(MST_FILTER_NAME, NULL, r, r->connection);
    }
}

/* mod_session_timeout_handlers.c: the status and logout handlers (SPEC 5).
 *
 *   SetHandler session-timeout-status   JSON about the current session;
 *                                       GET/HEAD passive, POST keep-alive
 *   SetHandler session-timeout-logout   expires the cookies, then 303 to a
 *                                       safe local return_to, the login URL,
 *                                       or 204
 *
 * Glue: both evaluate the session themselves (the request path leaves them
 * alone, see mst_is_own_handler) so a status poll never counts as activity
 * and an expired session gets JSON, not a redirect. */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_strings.h"
#include "util_script.h"

#include "mod_session_timeout.h"
#include "mst_reauth.h"
#include "mst_session.h"

#define STATUS_HANDLER "session-timeout-status"
#define LOGOUT_HANDLER "session-timeout-logout"

int mst_is_own_handler(request_rec *r)
{
    core_dir_config *cd = ap_get_core_module_config(r->per_dir_config);
    const char *err = NULL, *h;
    if (cd->expr_handler == NULL) {
        return 0;
    }
    h = ap_expr_str_exec(r, cd->expr_handler, &err);
    /* The dialog script is the same for everyone and cached publicly: it
     * must never carry a refreshed cookie, nor be redirected to login. */
    return h && !err &&
           (strcmp(h, STATUS_HANDLER) == 0 || strcmp(h, LOGOUT_HANDLER) == 0 ||
            strcmp(h, MST_SCRIPT_HANDLER) == 0);
}

static int send_json(request_rec *r, int status, const char *body)
{
    r->status = status;
    apr_table_setn(r->err_headers_out, "Cache-Control", "no-store");
    ap_set_content_type(r, "application/json");
    ap_set_content_length(r, (apr_off_t)strlen(body));
    if (!r->header_only) {
        ap_rputs(body, r);
    }
    return OK;
}

/* The status JSON is the core's; it reads what mst_evaluate found. */
static const char *status_json(request_rec *r, const mst_request_state *st)
{
    mst_session s;
    s.has_token = st->has_token;
    s.status = st->status;
    if (st->has_token) {
        s.token = st->token;
    }
    s.now = st->now;
    s.decision = st->decision;
    return mst_session_status_json(r->pool, &s);
}

static int status_handler(request_rec *r, const mst_dir_conf *dc, const mst_server_conf *sc)
{
    mst_request_state *st = mst_state(r, 1);
    int keepalive = r->method_number == M_POST;

    if (!keepalive && r->method_number != M_GET) {
        r->allowed = (AP_METHOD_BIT << M_GET) | (AP_METHOD_BIT << M_POST);
        return HTTP_METHOD_NOT_ALLOWED;
    }
    /* A keep-alive always re-issues (the core decides it with a zero
     * refresh interval); a GET never moves LAST. */
    mst_evaluate(r, st, dc, sc, keepalive ? MST_ACTIVITY_KEEPALIVE : MST_ACTIVITY_PASSIVE);
    if (st->decision.verdict != MST_VERDICT_VALID) {
        return send_json(r, HTTP_UNAUTHORIZED, status_json(r, st));
    }
    if (st->decision.reissue) {
        mst_mint_cookie(r, sc, st->token.sid, st->token.created, st->decision.new_last,
                        st->token.user, st->token.user_len);
    }
    if (keepalive) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, MST00017 "keep-alive: sid=%s", st->token.sid);
    }
    st->headers_done = 1;
    return send_json(r, HTTP_OK, status_json(r, st));
}

/* The return_to query value, percent-decoded, if it is a safe local path. */
static const char *logout_target(request_rec *r, const mst_dir_conf *dc)
{
    const char *param = mst_scope_return_param(dc);
    apr_table_t *args;
    const char *v;

    if (param == NULL || r->args == NULL) {
        return NULL;
    }
    ap_args_to_table(r, &args);
    v = apr_table_get(args, param); /* ap_args_to_table decodes the values */
    return mst_local_path_is_safe(v) ? v : NULL;
}

static int logout_handler(request_rec *r, const mst_dir_conf *dc, const mst_server_conf *sc)
{
    const char *target = logout_target(r, dc);
    const char *err = NULL;

    mst_expire_cookies(r, sc, dc);
    apr_table_setn(r->err_headers_out, "Cache-Control", "no-store");
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, MST00016 "logout");
    if (target == NULL && mst_login_url(dc) != NULL) {
        target = ap_expr_str_exec(r, mst_login_url(dc), &err);
        if (err) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                          MST00007 "SessionTimeoutLoginURL could not be evaluated: %s", err);
            target = NULL;
        }
    }
    if (target == NULL || *target == '\0') {
        r->status = HTTP_NO_CONTENT;
        return OK;
    }
    apr_table_setn(r->headers_out, "Location", target);
    return HTTP_SEE_OTHER;
}

int mst_handler(request_rec *r)
{
    static const char prefix[] = "session-timeout-";
    const char *h = r->handler;
    const mst_dir_conf *dc;
    const mst_server_conf *sc;
    int is_status, is_logout;

    /* One hook for our three handlers; most requests leave at the first byte. */
    if (h == NULL || h[0] != 's' || strncmp(h, prefix, sizeof(prefix) - 1) != 0) {
        return DECLINED;
    }
    is_status = strcmp(h, STATUS_HANDLER) == 0;
    is_logout = strcmp(h, LOGOUT_HANDLER) == 0;
    if (!is_status && !is_logout) {
        return mst_script_handler(r);
    }
    dc = ap_get_module_config(r->per_dir_config, &session_timeout_module);
    sc = ap_get_module_config(r->server->module_config, &session_timeout_module);
    return is_status ? status_handler(r, dc, sc) : logout_handler(r, dc, sc);
}

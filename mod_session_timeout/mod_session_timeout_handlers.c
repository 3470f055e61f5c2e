/* mod_session_timeout_handlers.c: the status and logout handlers (SPEC 5).
 *
 *   SetHandler session-timeout-status   JSON about the current session;
 *                                       GET/HEAD passive, POST keep-alive
 *   SetHandler session-timeout-logout   expires the cookies, then 303 to a
 *                                       safe local return_to, the login URL,
 *                                       or 204
 *
 * Glue: both judge the session themselves (the request path leaves them
 * alone, see mst_state_is_own_handler) so a status poll never counts as
 * activity and an expired session gets JSON, not a redirect. */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_strings.h"
#include "util_script.h"

#include "mod_session_timeout_config.h"
#include "mod_session_timeout_cookies.h"
#include "mod_session_timeout_handlers.h"
#include "mod_session_timeout_inject.h"
#include "mod_session_timeout_logtags.h"
#include "mod_session_timeout_state.h"
#include "mst_reauth.h"
#include "mst_session.h"

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

/* What the status request judged, for the access log (LogFormat
 * %{SESSION_TIMEOUT_USER}e ...; README "Logging"): the user and SID of a
 * valid session, else the reason. r->user stays unset on purpose: the
 * module authenticates nobody, and a user there is what mod_authz's
 * `Require valid-user` and %{REMOTE_USER} take for an authenticated one. */
static void export_for_log(request_rec *r, const mst_session *s)
{
    if (s->decision.verdict == MST_VERDICT_VALID) {
        apr_table_setn(r->subprocess_env, "SESSION_TIMEOUT_USER", s->token.user);
        apr_table_setn(r->subprocess_env, "SESSION_TIMEOUT_ID", s->token.sid);
    } else {
        apr_table_setn(r->subprocess_env, "SESSION_TIMEOUT_REASON",
                       mst_verdict_str(s->decision.verdict));
    }
}

static int status_handler(request_rec *r, const mst_dir_conf *dc, const mst_server_conf *sc)
{
    int keepalive = r->method_number == M_POST;
    const mst_state *st;
    const mst_session *sess;

    if (!keepalive && r->method_number != M_GET) {
        r->allowed = (AP_METHOD_BIT << M_GET) | (AP_METHOD_BIT << M_POST);
        return HTTP_METHOD_NOT_ALLOWED;
    }
    /* A keep-alive always re-issues (the core decides it with a zero
     * refresh interval); a GET never moves LAST. */
    st = mst_state_judge(r, dc, sc, keepalive ? MST_ACTIVITY_KEEPALIVE : MST_ACTIVITY_PASSIVE);
    sess = &st->sess;
    export_for_log(r, sess);
    if (sess->decision.verdict != MST_VERDICT_VALID) {
        return send_json(r, HTTP_UNAUTHORIZED, mst_session_status_json(r->pool, sess));
    }
    mst_state_take_response(r); /* the cookie is set here, not by the filter */
    if (sess->decision.reissue) {
        mst_cookies_mint(r, sc, sess->token.sid, sess->token.created, sess->decision.new_last,
                         sess->token.user, sess->token.user_len);
    }
    if (keepalive) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, MST00017 "keep-alive: sid=%s",
                      sess->token.sid);
    }
    return send_json(r, HTTP_OK, mst_session_status_json(r->pool, sess));
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

    mst_cookies_expire(r, sc, dc);
    apr_table_setn(r->err_headers_out, "Cache-Control", "no-store");
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, MST00016 "logout");
    if (target == NULL) {
        target = mst_state_login_url(r, dc);
    }
    if (target == NULL) {
        r->status = HTTP_NO_CONTENT;
        return OK;
    }
    apr_table_setn(r->headers_out, "Location", target);
    return HTTP_SEE_OTHER;
}

int mst_handlers_handler(request_rec *r)
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
    is_status = strcmp(h, MST_STATUS_HANDLER) == 0;
    is_logout = strcmp(h, MST_LOGOUT_HANDLER) == 0;
    if (!is_status && !is_logout) {
        return mst_inject_script_handler(r);
    }
    dc = mst_config_dir(r);
    sc = mst_config_server(r->server);
    return is_status ? status_handler(r, dc, sc) : logout_handler(r, dc, sc);
}

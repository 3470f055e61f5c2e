/* mod_session_timeout_handlers.c: the status and logout handlers (SPEC 5).
 *
 *   SetHandler session-timeout-status   JSON about the current session;
 *                                       GET/HEAD passive, POST keep-alive
 *   SetHandler session-timeout-logout   revokes the session in the store (if
 *                                       any), expires the cookies, then 303
 *                                       to a safe local return_to, the login
 *                                       URL, or 204
 *   SetHandler session-timeout-admin    POST sid=|user=|all=1 revokes in the
 *                                       store; GET: the store's health
 *                                       (SPEC 10; 403 unless httpd
 *                                       authenticated it or from loopback)
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
#include "mod_session_timeout_store.h"
#include "mst_b64url.h"
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
    if (st->store_failed && mst_config_store_closed(sc)) {
        return mst_store_unavailable(r, sc);
    }
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
    const char *sid = NULL;

    if (sc->store != NULL) {
        /* copies of the cookie end too: its session id is revoked in the
         * store (only a MAC-verified one: a forged cookie writes nothing) */
        const mst_state *st = mst_state_judge(r, dc, sc, MST_ACTIVITY_PASSIVE);
        if (st->sess.has_token && st->sess.status == MST_TOKEN_OK) {
            sid = st->sess.token.sid;
            mst_store_revoke_sid(r, sc, sid);
        }
    }
    mst_cookies_expire(r, sc, dc);
    apr_table_setn(r->err_headers_out, "Cache-Control", "no-store");
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, MST00016 "logout%s%s", sid ? ": sid=" : "",
                  sid ? sid : "");
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

/* ---- the admin handler (SPEC section 10) ---- */

/* 1 if the client address (after mod_remoteip) is loopback. */
static int from_loopback(const request_rec *r)
{
    const char *ip = r->useragent_ip;
    return ip != NULL && (strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0 ||
                          strncmp(ip, "::ffff:127.", 11) == 0);
}

static int admin_refuse(request_rec *r, const char *why)
{
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, MST00098 "admin request refused: %s", why);
    return send_json(r, HTTP_FORBIDDEN, "{\"error\":\"forbidden\"}");
}

/* The one field of a revoking POST: sid=SID, user=NAME or all=1. Returns
 * NULL, or "" with *name set, or an error message for a 400. */
static const char *admin_field(request_rec *r, const char **name, const char **value)
{
    apr_array_header_t *pairs = NULL;
    ap_form_pair_t *pair;
    apr_off_t len;
    apr_size_t size;
    char *buf;

    if (ap_parse_form_data(r, NULL, &pairs, 4, 4096) != OK || pairs == NULL) {
        return "the body is not a form";
    }
    if (pairs->nelts != 1) {
        return "exactly one of sid, user, all";
    }
    pair = &APR_ARRAY_IDX(pairs, 0, ap_form_pair_t);
    apr_brigade_length(pair->value, 1, &len);
    if (len < 0 || len > 1024) {
        return "the value is too long";
    }
    size = (apr_size_t)len;
    buf = apr_palloc(r->pool, size + 1);
    apr_brigade_flatten(pair->value, buf, &size);
    buf[size] = '\0';
    *name = pair->name;
    *value = buf;
    return NULL;
}

static int admin_handler(request_rec *r, const mst_server_conf *sc)
{
    const char *fetch_site = apr_table_get(r->headers_in, "Sec-Fetch-Site");
    const char *name = NULL, *value = NULL, *err, *label;
    apr_int64_t now = apr_time_sec(r->request_time);
    int ok;

    if (r->user == NULL && !from_loopback(r)) {
        return admin_refuse(r, "not authenticated by httpd and not from loopback");
    }
    apr_table_setn(r->err_headers_out, "Cache-Control", "no-store");
    if (r->method_number == M_GET) {
        if (sc->store == NULL) {
            return send_json(r, HTTP_SERVICE_UNAVAILABLE, "{\"store\":\"off\"}");
        }
        ok = mst_store_ping(r, sc, &label);
        return send_json(
            r, ok ? HTTP_OK : HTTP_SERVICE_UNAVAILABLE,
            apr_pstrcat(r->pool, "{\"store\":\"", ok ? "up" : "down",
                        "\",\"url\":", mst_json_string(r->pool, label), ",\"context\":",
                        mst_json_string(r->pool, mst_config_store_context(sc)), "}", NULL));
    }
    if (r->method_number != M_POST) {
        r->allowed = (AP_METHOD_BIT << M_GET) | (AP_METHOD_BIT << M_POST);
        return HTTP_METHOD_NOT_ALLOWED;
    }
    if (fetch_site != NULL && strcmp(fetch_site, "same-origin") != 0) {
        return admin_refuse(r, "a cross-site POST (Sec-Fetch-Site)");
    }
    err = admin_field(r, &name, &value);
    if (err == NULL && strcmp(name, "sid") == 0) {
        unsigned char raw[MST_SID_RAW_LEN];
        if (strlen(value) != MST_SID_LEN ||
            mst_b64url_decode(raw, sizeof(raw), value, MST_SID_LEN) != MST_SID_RAW_LEN) {
            err = "sid is not a session id";
        }
    } else if (err == NULL && strcmp(name, "user") == 0) {
        if (!mst_user_valid(value, strlen(value), 0)) {
            err = "user is not a valid user name";
        }
    } else if (err == NULL && strcmp(name, "all") == 0) {
        if (strcmp(value, "1") != 0) {
            err = "all takes 1";
        }
    } else if (err == NULL) {
        err = "exactly one of sid, user, all";
    }
    if (err != NULL) {
        return send_json(r, HTTP_BAD_REQUEST,
                         apr_pstrcat(r->pool, "{\"error\":\"bad_request\",\"detail\":",
                                     mst_json_string(r->pool, err), "}", NULL));
    }
    if (sc->store == NULL) {
        return send_json(r, HTTP_SERVICE_UNAVAILABLE, "{\"store\":\"off\"}");
    }
    if (name[0] == 's') {
        ok = mst_store_revoke_sid(r, sc, value);
    } else if (name[0] == 'u') {
        ok = mst_store_revoke_user(r, sc, value, strlen(value), now);
    } else {
        ok = mst_store_revoke_all(r, sc, now);
    }
    if (!ok) {
        return send_json(r, HTTP_SERVICE_UNAVAILABLE, "{\"store\":\"down\"}");
    }
    return send_json(
        r, HTTP_OK,
        apr_pstrcat(r->pool, "{\"revoked\":\"", name, "\"",
                    name[0] == 'a' ? ""
                                   : apr_pstrcat(r->pool, ",\"", name,
                                                 "\":", mst_json_string(r->pool, value), NULL),
                    ",\"before\":", apr_psprintf(r->pool, "%" APR_INT64_T_FMT, now), "}", NULL));
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
    dc = mst_config_dir(r);
    sc = mst_config_server(r->server);
    if (strcmp(h, MST_ADMIN_HANDLER) == 0) {
        return admin_handler(r, sc);
    }
    if (!is_status && !is_logout) {
        return mst_inject_script_handler(r);
    }
    return is_status ? status_handler(r, dc, sc) : logout_handler(r, dc, sc);
}

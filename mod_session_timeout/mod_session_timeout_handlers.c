/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_handlers.c: the status and logout handlers (SPEC 5),
 * and the dispatch to the dialog script and the metrics handlers.
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
#include "apr_atomic.h"
#include "apr_strings.h"
#include "util_script.h"

#include "mod_session_timeout_config.h"
#include "mod_session_timeout_cookies.h"
#include "mod_session_timeout_handlers.h"
#include "mod_session_timeout_inject.h"
#include "mod_session_timeout_logtags.h"
#include "mod_session_timeout_metrics.h"
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

/* The scope of the page that asks (the script sends its path as ?scope=):
 * the configuration a lookup of that path merges, when it enforces, else dc.
 * The lookup walks the configuration only (no handler runs; our header
 * parser leaves subrequests of our handlers alone). A path that is not a safe
 * local one, or lands where nothing is enforced, is ignored: a client that
 * names a laxer scope only changes what it is told, since every page of that
 * scope would refresh the session just the same. */
static const mst_dir_conf *page_scope(request_rec *r, const mst_dir_conf *dc)
{
    apr_table_t *args;
    const char *path;
    request_rec *sub;
    const mst_dir_conf *pdc = NULL;

    if (r->args == NULL) {
        return dc;
    }
    ap_args_to_table(r, &args); /* decodes the values */
    path = apr_table_get(args, "scope");
    if (path == NULL || strlen(path) > MST_URL_MAX || !mst_local_path_is_safe(path) ||
        strchr(path, '?') != NULL || strchr(path, '#') != NULL) {
        return dc;
    }
    sub = ap_sub_req_lookup_uri(path, r, NULL);
    if (sub != NULL) {
        const mst_dir_conf *sdc = mst_config_dir(sub);
        if (sdc != NULL && mst_scope_enforce(sdc)) {
            /* The merge lives in the subrequest's pool, which goes with it;
             * what it points to is the configuration's. */
            pdc = apr_pmemdup(r->pool, sdc, sizeof(*sdc));
        }
        ap_destroy_sub_req(sub);
    }
    return pdc ? pdc : dc;
}

/* This server's origin as the client addressed it ("scheme://host[:port]").
 * Under SessionTimeoutCookieSecure On httpd sits behind a TLS-terminating
 * proxy: the browser's origin is the https one. */
static const char *own_origin(request_rec *r, const mst_server_conf *sc)
{
    const char *own = ap_construct_url(r->pool, "", r);
    if (mst_config_cookie_secure(sc) == MST_COOKIE_SECURE_ON && strncmp(own, "http://", 7) == 0) {
        own = apr_pstrcat(r->pool, "https://", own + 7, NULL);
    }
    return own;
}

/* SPEC section 9, Trust: a keep-alive counts only from a page of our own
 * origin; a cross-origin form or text/plain POST gets 403 and extends
 * nothing. */
static int keepalive_allowed(request_rec *r, const mst_server_conf *sc)
{
    return mst_keepalive_allowed(apr_table_get(r->headers_in, "X-Requested-With"),
                                 apr_table_get(r->headers_in, "Sec-Fetch-Site"),
                                 apr_table_get(r->headers_in, "Origin"), own_origin(r, sc));
}

/* Set once per child: the first refused keep-alive from the https twin of
 * our own origin. */
static volatile apr_uint32_t warned_offload;

/* A keep-alive refused only because the page is on https while httpd sees
 * plain http is a TLS-terminating proxy without SessionTimeoutCookieSecure
 * On: every "Stay signed in" fails until the admin fixes it, so say so,
 * once per child (the Origin is the client's: escaped). */
static void hint_offload(request_rec *r)
{
    const char *own = ap_construct_url(r->pool, "", r);
    const char *origin = apr_table_get(r->headers_in, "Origin");

    if (origin == NULL || strncmp(own, "http://", 7) != 0 ||
        !mst_keepalive_allowed(apr_table_get(r->headers_in, "X-Requested-With"),
                               apr_table_get(r->headers_in, "Sec-Fetch-Site"), origin,
                               apr_pstrcat(r->pool, "https://", own + 7, NULL)) ||
        apr_atomic_cas32(&warned_offload, 1, 0) != 0) {
        return;
    }
    ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                  MST00044 "keep-alive POST refused: the page's origin %s is https, but this "
                           "server sees %s. Behind a TLS-terminating proxy, set "
                           "SessionTimeoutCookieSecure On (logged once per process)",
                  ap_escape_logitem(r->pool, origin), own);
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
    if (keepalive && !keepalive_allowed(r, sc)) {
        /* Before the judgement: no activity, no cookie. */
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      MST00043 "keep-alive POST refused: not a same-origin script request "
                               "(X-Requested-With, Sec-Fetch-Site or Origin)");
        if (mst_config_cookie_secure(sc) != MST_COOKIE_SECURE_ON) {
            hint_offload(r);
        }
        return send_json(r, HTTP_FORBIDDEN,
                         "{\"error\":\"forbidden\",\"reason\":\"cross_origin\"}");
    }
    /* Judged with the limits that govern the page that asks, wherever this
     * handler is placed. */
    dc = page_scope(r, dc);
    if (keepalive && !mst_scope_enforce(dc)) {
        /* Neither the page (?scope=) nor this handler's own scope enforces,
         * and no request there refreshes a session: neither may this.
         * Judged with such a scope's limits (at server level often the
         * defaults, inactivity off), a session idle past an enforced
         * scope's limit would pass and get a LAST that scope then accepts.
         * In an enforced scope the keep-alive is the user's own click, so
         * it counts even where SessionTimeoutActivity Off keeps the page's
         * requests from counting (README "Status and logout handlers").
         * A GET stays answered: it only reports, and ends nothing that is
         * valid. */
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      MST00117 "keep-alive POST refused: neither its ?scope= nor its own scope "
                               "enforces a session; send ?scope=<the path of an enforced page> "
                               "(the dialog's script sends its page's)");
        return send_json(r, HTTP_BAD_REQUEST, "{\"error\":\"no_scope\"}");
    }
    /* A keep-alive always re-issues (the core decides it with a zero
     * refresh interval); a GET never moves LAST. */
    st = mst_state_judge(r, dc, sc, keepalive ? MST_ACTIVITY_KEEPALIVE : MST_ACTIVITY_PASSIVE);
    sess = &st->sess;
    export_for_log(r, sess);
    if (st->store_failed && mst_config_store_closed(sc)) {
        return mst_store_unavailable(r, sc);
    }
    if (sess->decision.verdict != MST_VERDICT_VALID) {
        /* The session is over: sign the browser out of the application too
         * (our cookie and the page scope's SessionTimeoutClearCookie), as a
         * page request would, before the script sends the user to login. */
        if (sess->decision.verdict != MST_VERDICT_MISSING && mst_state_take_response(r)) {
            mst_cookies_expire(r, sc, dc);
        }
        return send_json(r, HTTP_UNAUTHORIZED, mst_session_status_json(r->pool, sess));
    }
    mst_state_take_response(r); /* the cookie is set here, not by the filter */
    if (sess->decision.reissue &&
        mst_cookies_mint(r, sc, sess->token.sid, sess->token.created, sess->decision.new_last,
                         sess->token.user, sess->token.user_len)) {
        mst_metrics_count(r->server, MST_C_COOKIES_REISSUED);
    }
    if (keepalive) {
        mst_metrics_count(r->server, MST_C_KEEPALIVES);
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

    /* Only a logout that ends a valid session counts. The judgement is
     * passive, and taking the response keeps the filter (where a start or
     * end header is configured) from refreshing the session it ends. With a
     * store, copies of the cookie end too: its session id is revoked there
     * (only a MAC-verified one: a forged cookie writes nothing). */
    {
        const mst_state *st = mst_state_judge(r, dc, sc, MST_ACTIVITY_PASSIVE);
        if (mst_state_is_valid(st)) {
            mst_metrics_count(r->server, MST_C_ENDED_LOGOUT);
        }
        if (sc->store != NULL && st->sess.has_token && st->sess.status == MST_TOKEN_OK) {
            sid = st->sess.token.sid;
            mst_store_revoke_sid(r, sc, sid);
        }
    }
    mst_state_take_response(r);
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
    mst_metrics_count(r->server, MST_C_ENDED_REVOKED);
    return send_json(
        r, HTTP_OK,
        apr_pstrcat(r->pool, "{\"revoked\":\"", name, "\"",
                    name[0] == 'a' ? ""
                                   : apr_pstrcat(r->pool, ",\"", name,
                                                 "\":", mst_json_string(r->pool, value), NULL),
                    ",\"before\":", apr_psprintf(r->pool, "%" APR_INT64_T_FMT, now), "}", NULL));
}

static int serve(request_rec *r, const char *h)
{
    const mst_dir_conf *dc = mst_config_dir(r);
    const mst_server_conf *sc = mst_config_server(r->server);

    if (strcmp(h, MST_STATUS_HANDLER) == 0) {
        return status_handler(r, dc, sc);
    }
    if (strcmp(h, MST_LOGOUT_HANDLER) == 0) {
        return logout_handler(r, dc, sc);
    }
    if (strcmp(h, MST_SCRIPT_HANDLER) == 0) {
        return mst_inject_script_handler(r);
    }
    if (strcmp(h, MST_METRICS_HANDLER) == 0) {
        return mst_metrics_handler(r);
    }
    if (strcmp(h, MST_ADMIN_HANDLER) == 0) {
        return admin_handler(r, sc);
    }
    return DECLINED;
}

int mst_handlers_handler(request_rec *r)
{
    static const char prefix[] = "session-timeout-";
    const char *h = r->handler;

    /* One hook for our four handlers; most requests leave at the first byte. */
    if (h == NULL || h[0] != 's' || strncmp(h, prefix, sizeof(prefix) - 1) != 0) {
        return DECLINED;
    }
    return serve(r, h);
}

int mst_handlers_served(request_rec *r)
{
    const char *h = mst_config_served_handler(r);
    return h ? serve(r, h) : DECLINED;
}

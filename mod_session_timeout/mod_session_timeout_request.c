/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_request.c: the request path: judge the session, export
 * the verdict to the environment, and send expired, invalid or missing
 * sessions to re-authentication.
 *
 * Glue: the verdict is the core's (mst_session, through the request state)
 * and so are the rules for where a user may be sent (mst_reauth). The
 * cookie is verified once per top-level request; subrequests (judged at
 * fixups) and internal redirects are decided again, on that token, where
 * they land in other limits (mst_state_judge), and never refresh twice. */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_strings.h"

#include "mod_session_timeout_config.h"
#include "mod_session_timeout_cookies.h"
#include "mod_session_timeout_login.h"
#include "mod_session_timeout_logtags.h"
#include "mod_session_timeout_metrics.h"
#include "mod_session_timeout_request.h"
#include "mod_session_timeout_state.h"
#include "mst_login.h"
#include "mst_reauth.h"

/* The environment the backend and the logs see, in the order of env_names. */
enum { ENV_USER, ENV_ID, ENV_EXPIRES_IN, ENV_LIMIT, ENV_REASON, ENV_NAMES };
static const char *const env_names[ENV_NAMES] = {"SESSION_TIMEOUT_USER", "SESSION_TIMEOUT_ID",
                                                 "SESSION_TIMEOUT_EXPIRES_IN",
                                                 "SESSION_TIMEOUT_LIMIT", "SESSION_TIMEOUT_REASON"};

/* 1 if env holds any name of ours (set earlier: SetEnvIf, a client header). */
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

/* Exports what st found: each of our names is set to its value or, without
 * one, unset, so nothing stale or forged survives. When env holds none of
 * our names (the common case) the values are added without searching. */
static void export_env(request_rec *r, const mst_state *st)
{
    apr_table_t *env = r->subprocess_env;
    const mst_session *s = &st->sess;
    const mst_decision *d = &s->decision;
    const char *value[ENV_NAMES] = {NULL, NULL, NULL, NULL, NULL};
    int replace = has_our_names(env);

    if (d->verdict == MST_VERDICT_VALID) {
        value[ENV_USER] = s->token.user;
        value[ENV_ID] = s->token.sid;
        if (d->limit != MST_LIMIT_NONE) {
            value[ENV_EXPIRES_IN] = apr_off_t_toa(r->pool, (apr_off_t)d->expires_in);
            value[ENV_LIMIT] = mst_limit_str(d->limit);
        }
    } else {
        value[ENV_REASON] = mst_verdict_str(d->verdict);
    }
    for (int i = 0; i < ENV_NAMES; i++) {
        if (value[i] != NULL) {
            (replace ? apr_table_setn : apr_table_addn)(env, env_names[i], value[i]);
        } else if (replace) {
            apr_table_unset(env, env_names[i]);
        }
    }
}

/* One INFO line per rejection; nothing from an unverified cookie is logged,
 * it is attacker text. */
static void log_rejection(request_rec *r, const mst_state *st)
{
    const mst_session *s = &st->sess;
    const mst_decision *d = &s->decision;
    if (d->verdict == MST_VERDICT_LIFETIME || d->verdict == MST_VERDICT_INACTIVITY ||
        d->verdict == MST_VERDICT_REVOKED) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      MST00006
                      "session rejected: reason=%s sid=%s user=\"%s\" created=%" APR_INT64_T_FMT
                      " last=%" APR_INT64_T_FMT,
                      mst_verdict_str(d->verdict), s->token.sid,
                      ap_escape_logitem(r->pool, s->token.user), s->token.created, s->token.last);
    } else if (d->verdict == MST_VERDICT_INVALID) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      MST00021 "session rejected: reason=invalid (%s)",
                      mst_token_status_str(s->status));
    } else {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, MST00022 "session rejected: reason=missing");
    }
}

/* scheme://host[:port] of this server as the client addressed it. */
static const char *own_origin(request_rec *r)
{
    return ap_construct_url(r->pool, "", r);
}

/* Where the user returns after logging in: the URL the client asked for
 * (not that of a subrequest or internal redirect) for GET/HEAD, the page
 * that made the request (same-origin Referer) for other methods. */
static const char *return_target(request_rec *r, int navigation)
{
    const request_rec *top = mst_state_top_request(r);
    if (navigation && (top->method_number == M_GET || top->header_only)) {
        /* The raw target from the request line: r->parsed_uri.path is
         * already percent-decoded, which would change the URL. */
        const char *target = mst_origin_form(top->unparsed_uri);
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

/* The Location of the redirect to dc's login URL (*url: the URL as
 * configured and evaluated), or NULL. */
static const char *login_location(request_rec *r, const mst_dir_conf *dc, int navigation,
                                  const char **url_out)
{
    const char *url = mst_state_login_url(r, dc);
    *url_out = url;
    if (url == NULL) {
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

/* Set on a request while it looks its login URL up: that subrequest only
 * reads the configuration, and judging it would reject it in turn and look
 * the login URL up again, without end. */
#define LOOKUP_NOTE "session-timeout-login-lookup"

/* 1 if a redirect of r to location (the login URL) would come back to an
 * enforced scope of the same path: a loop. The path alone does not say it:
 * the login page may be a query of the same script (doku.php?do=login) made
 * public by an <If> on the query string. So location is resolved as httpd
 * would serve it, path and query, in a subrequest, whose merged
 * configuration (<If> sections evaluated against its own query) says
 * whether it is enforced. Another path is never a loop here: the browser's
 * request for it is judged, and answered 401, if it is enforced. */
static int login_is_enforced(request_rec *r, const char *location)
{
    request_rec *sub;
    const mst_dir_conf *dc;
    int enforced;

    if (!is_same_path(location, r->parsed_uri.path)) {
        return 0;
    }
    /* the lookup only reads the configuration: it is not judged (LOOKUP_NOTE) */
    apr_table_setn(r->notes, LOOKUP_NOTE, "1");
    sub = ap_sub_req_lookup_uri(apr_pstrmemdup(r->pool, location, strcspn(location, "#")), r, NULL);
    apr_table_unset(r->notes, LOOKUP_NOTE);
    dc = mst_config_dir(sub);
    enforced = dc != NULL && mst_scope_enforce(dc) && !mst_state_is_own_handler(sub) &&
               /* a login request of its scope goes on without a session */
               !mst_login_url_match(r->pool, mst_scope_login_fields(dc), location);
    ap_destroy_sub_req(sub);
    return enforced;
}

/* 1 if s, rejected here for its lifetime or inactivity, is still a valid
 * session under the limits of the rest of the site (sc->site_limits): a
 * stricter scope then sends the user to re-authenticate without ending the
 * session elsewhere. Decided on a copy: the verdict of this request stays. */
static int valid_elsewhere(const mst_session *s, const mst_server_conf *sc)
{
    const apr_array_header_t *site = sc->site_limits;
    if (site == NULL || (s->decision.verdict != MST_VERDICT_LIFETIME &&
                         s->decision.verdict != MST_VERDICT_INACTIVITY)) {
        return 0;
    }
    for (int i = 0; i < site->nelts; i++) {
        mst_session copy = *s;
        mst_session_decide(&copy, &APR_ARRAY_IDX(site, i, mst_effective), MST_ACTIVITY_PASSIVE);
        if (copy.decision.verdict == MST_VERDICT_VALID) {
            return 1;
        }
    }
    return 0;
}

/* Records the rejection: in the request's state, or for a subrequest only
 * its status (the request keeps its own verdict). Returns status. */
static int rejected(request_rec *r, int json, int status)
{
    if (r->main != NULL) {
        mst_state_reject_subrequest(r, status);
    } else {
        mst_state_reject(r, json);
    }
    return status;
}

/* Answers a request without a valid session; returns the hook's result. A
 * subrequest is answered the same way, into its own tables: what a module
 * passes on of it (mod_dir does for a DirectoryIndex) is a whole rejection,
 * and the rest of it is discarded (an SSI include shows its error). */
static int reject(request_rec *r, const mst_state *st, const mst_dir_conf *dc,
                  const mst_server_conf *sc)
{
    const mst_decision *d = &st->sess.decision;
    const char *reason = mst_verdict_str(d->verdict);
    int navigation = mst_is_navigation(apr_table_get(r->headers_in, "Sec-Fetch-Mode"),
                                       apr_table_get(r->headers_in, "X-Requested-With"),
                                       apr_table_get(r->headers_in, "Accept"));
    const char *location, *url = NULL;

    log_rejection(r, st);
    if (valid_elsewhere(&st->sess, sc)) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      MST00080 "session kept: still valid under the limits of the rest of the "
                               "site, only this scope asks to sign in again");
    } else if (d->verdict != MST_VERDICT_MISSING) {
        mst_cookies_expire(r, sc, dc);
    }
    apr_table_setn(r->err_headers_out, "Cache-Control", "no-store");
    location = mst_config_login_url(dc) ? login_location(r, dc, navigation, &url) : NULL;
    if (location == NULL) {
        return rejected(r, 0, HTTP_UNAUTHORIZED); /* ErrorDocument 401 applies */
    }
    if (!navigation) {
        /* The JSON goes out as httpd's own 401 response so that error
         * filters (mod_headers' "always", CORS) apply; our error filter
         * gives it its Content-Type. */
        ap_custom_response(r, HTTP_UNAUTHORIZED, mst_expired_json(r->pool, reason, location));
        return rejected(r, 1, HTTP_UNAUTHORIZED);
    }
    if (login_is_enforced(r, location)) {
        /* The login page itself is enforced: a redirect would loop forever. */
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      MST00015 "SessionTimeoutLoginURL %s is itself enforced; set "
                               "SessionTimeout Off for it. Answering 401 instead of looping",
                      ap_escape_logitem(r->pool, url));
        return rejected(r, 0, HTTP_UNAUTHORIZED);
    }
    apr_table_setn(r->headers_out, "Location", location);
    return rejected(r, 0,
                    (r->method_number == M_GET || r->header_only) ? HTTP_MOVED_TEMPORARILY
                                                                  : HTTP_SEE_OTHER);
}

/* A request without a valid session goes on only as a login request of its
 * scope, and then as an anonymous one: the application never sees our
 * cookie or its own session cookies on it, so a stale application session
 * cannot outlive ours through it. Everything else is rejected. */
static int login_or_reject(request_rec *r, const mst_state *st, const mst_dir_conf *dc,
                           const mst_server_conf *sc)
{
    int rv = mst_login_check(r, dc);
    if (rv == DECLINED) {
        return reject(r, st, dc, sc);
    }
    if (rv != OK) {
        return rv; /* the body could not be read */
    }
    mst_login_strip_cookies(r, sc, dc);
    mst_state_let_login(r);
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                  MST00110 "login request let through without a session: reason=%s method=%s",
                  mst_verdict_str(st->sess.decision.verdict), r->method);
    return DECLINED;
}

/* The judgement of a request, a subrequest or an internal redirect. */
static int judge_request(request_rec *r)
{
    const mst_dir_conf *dc = mst_config_dir(r);
    const mst_server_conf *sc;
    const mst_state *st;
    int first;

    if (!mst_scope_enforce(dc)) {
        return DECLINED; /* the common unprotected case costs one comparison */
    }
    if (mst_state_is_own_handler(r)) {
        return DECLINED; /* status and logout judge the session themselves */
    }
    if (r->main != NULL && apr_table_get(r->main->notes, LOOKUP_NOTE) != NULL) {
        return DECLINED; /* our own lookup of the login URL */
    }
    /* mod_cache never stores a response of an enforced scope, whatever the
     * Cache-Control (CacheStorePrivate, CacheIgnoreCacheControl): with
     * CacheQuickHandler On a stored copy would be served before this hook
     * runs, to anyone. */
    r->no_cache = 1;
    sc = mst_config_server(r->server);
    st = mst_state_get(r);
    first = st == NULL;
    if (mst_state_is_error_document(r, st)) {
        return DECLINED; /* our own ErrorDocument: let it be served */
    }
    /* A subrequest or internal redirect is judged with the limits of the
     * scope it lands in (the token verified once, SPEC section 9). */
    st = mst_state_judge(r, dc, sc,
                         mst_scope_activity(dc) ? MST_ACTIVITY_COUNTS : MST_ACTIVITY_PASSIVE);
    if (first && r->main == NULL) {
        /* one count per top-level request, at its first judgement */
        mst_metrics_count(r->server, mst_metrics_request_counter(st->sess.decision.verdict));
    }
    export_env(r, st);
    if (st->store_failed && mst_config_store_closed(sc)) {
        return mst_store_unavailable(r, sc);
    }
    if (st->sess.decision.verdict != MST_VERDICT_VALID) {
        if (st->phase == MST_PHASE_LOGIN) {
            /* a subrequest or internal redirect of a login request: on
             * where the scope it lands in takes login requests too */
            return mst_scope_login_fields(dc) ? DECLINED : HTTP_UNAUTHORIZED;
        }
        if (st->phase == MST_PHASE_REJECTED) {
            return HTTP_UNAUTHORIZED; /* a second look: no side effects */
        }
        /* only the request the client sent can be a login request */
        return r->main == NULL && r->prev == NULL ? login_or_reject(r, st, dc, sc)
                                                  : reject(r, st, dc, sc);
    }
    return DECLINED;
}

int mst_request_header_parser(request_rec *r)
{
    return judge_request(r);
}

int mst_request_subrequest_fixups(request_rec *r)
{
    if (r->main == NULL) {
        return DECLINED; /* judged at header_parser */
    }
    return judge_request(r);
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_config.c: directives, config create/merge, the
 * startup checks that make `httpd -t` fail, and the startup INFO log.
 *
 * Glue: parsing of values is delegated to the core (durations, profiles,
 * cookie names and attributes, secret specs) so the rules are unit-tested;
 * this file only turns the core's error strings into directive errors that
 * name the directive and the value. The per-directory record is the core's
 * mst_scope, whose merge and value checks are unit-tested (test_scope.c);
 * this file holds the whole directive table, the dialog's directives
 * included. Nothing here runs per request except the merge functions, which
 * copy pointers and recompute four numbers. */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "ap_provider.h"
#include "ap_socache.h"
#include "apr_hash.h"
#include "http_main.h"
#include "util_cfgtree.h"
#include "apr_fnmatch.h"
#include "apr_strings.h"

#include "mod_session_timeout_config.h"
#include "mod_session_timeout_logtags.h"
#include "mst_cookie.h"
#include "mst_duration.h"
#include "mst_session.h" /* MST_DEFAULT_SKEW */
#include "mst_token_v2.h"

/* ---- effective accessors ------------------------------------------------ */

const char *mst_config_cookie_name(const mst_server_conf *sc)
{
    return sc->cookie_name ? sc->cookie_name : MST_DEFAULT_COOKIE_NAME;
}

const char *mst_config_cookie_attrs(const mst_server_conf *sc)
{
    return sc->cookie_attrs ? sc->cookie_attrs : MST_DEFAULT_COOKIE_ATTRS;
}

apr_int64_t mst_config_skew(const mst_server_conf *sc)
{
    return sc->skew != MST_UNSET ? sc->skew : MST_DEFAULT_SKEW;
}

int mst_config_has_store(const mst_server_conf *sc)
{
    return sc->store_url.kind != MST_STORE_OFF;
}

const char *mst_config_store_context(const mst_server_conf *sc)
{
    return sc->store_context ? sc->store_context : mst_config_cookie_name(sc);
}

apr_int64_t mst_config_store_timeout_ms(const mst_server_conf *sc)
{
    return sc->store_timeout_ms != MST_UNSET ? sc->store_timeout_ms : MST_STORE_DEFAULT_TIMEOUT_MS;
}

int mst_config_store_closed(const mst_server_conf *sc)
{
    return sc->store_closed == 1;
}

apr_int64_t mst_config_store_retry(const mst_server_conf *sc)
{
    return sc->store_retry != MST_UNSET ? sc->store_retry : MST_STORE_DEFAULT_RETRY;
}

apr_int64_t mst_config_revocation_delay_ms(const mst_server_conf *sc)
{
    return sc->revocation_delay_ms != MST_UNSET ? sc->revocation_delay_ms
                                                : MST_STORE_DEFAULT_DELAY_MS;
}

int mst_config_token_mint(const mst_server_conf *sc)
{
    return sc->token_mint ? sc->token_mint : 1;
}

unsigned mst_config_token_versions(const mst_server_conf *sc)
{
    return sc->token_mint ? sc->token_accept : MST_TOKEN_V1;
}

mst_cookie_secure_mode mst_config_cookie_secure(const mst_server_conf *sc)
{
    return sc->cookie_secure >= 0 ? (mst_cookie_secure_mode)sc->cookie_secure
                                  : MST_COOKIE_SECURE_AUTO;
}

/* ---- create / merge ------------------------------------------------------ */

void *mst_config_create_dir(apr_pool_t *p, char *dir)
{
    mst_dir_conf *dc = apr_palloc(p, sizeof(*dc));
    mst_scope_init(dc);
    return dc;
}

void *mst_config_merge_dir(apr_pool_t *p, void *base, void *add)
{
    mst_dir_conf *m = apr_palloc(p, sizeof(*m));
    mst_scope_merge(base, add, m);
    return m;
}

void *mst_config_create_server(apr_pool_t *p, server_rec *s)
{
    mst_server_conf *sc = apr_pcalloc(p, sizeof(*sc));
    sc->skew = MST_UNSET;
    sc->store_timeout_ms = MST_UNSET;
    sc->store_closed = -1;
    sc->store_retry = MST_UNSET;
    sc->revocation_delay_ms = MST_UNSET;
    sc->cookie_secure = -1;
    return sc;
    /* m->served: built for each server at check_config */
}

#define MERGE_PTR(field) m->field = add->field ? add->field : base->field

void *mst_config_merge_server(apr_pool_t *p, void *base_v, void *add_v)
{
    const mst_server_conf *base = base_v, *add = add_v;
    mst_server_conf *m = apr_pcalloc(p, sizeof(*m));

    /* A vhost that names any secret replaces the inherited list. */
    MERGE_PTR(secret_specs);
    m->skew = add->skew != MST_UNSET ? add->skew : base->skew;
    MERGE_PTR(cookie_name);
    m->cookie_secure = add->cookie_secure >= 0 ? add->cookie_secure : base->cookie_secure;
    MERGE_PTR(cookie_attrs);
    m->store_url = add->store_spec ? add->store_url : base->store_url;
    MERGE_PTR(store_spec);
    MERGE_PTR(store_auth_spec);
    MERGE_PTR(store_context);
    m->store_timeout_ms =
        add->store_timeout_ms != MST_UNSET ? add->store_timeout_ms : base->store_timeout_ms;
    m->store_closed = add->store_closed != -1 ? add->store_closed : base->store_closed;
    m->store_retry = add->store_retry != MST_UNSET ? add->store_retry : base->store_retry;
    m->revocation_delay_ms = add->revocation_delay_ms != MST_UNSET ? add->revocation_delay_ms
                                                                   : base->revocation_delay_ms;
    /* The format is one setting: what is minted and what is accepted. */
    m->token_mint = add->token_mint ? add->token_mint : base->token_mint;
    m->token_accept = add->token_mint ? add->token_accept : base->token_accept;
    return m;
}

/* ---- directive handlers ---------------------------------------------------- */

static const char *directive_error(cmd_parms *cmd, const char *err)
{
    return apr_psprintf(cmd->pool, "%s: %s", cmd->directive->directive, err);
}

/* cmd->info of a directive that sets one mst_scope setting. */
#define SETTING(which)  ((void *)(apr_uintptr_t)(which))
#define SETTING_OF(cmd) ((mst_scope_setting)(apr_uintptr_t)(cmd)->info)

/* SessionTimeout, SessionTimeoutActivity, SessionTimeoutInjectScript. */
static const char *set_flag(cmd_parms *cmd, void *dcv, int on)
{
    mst_scope_set_flag(dcv, SETTING_OF(cmd), on);
    return NULL;
}

/* Records in dc where its limits are configured, for the startup checks'
 * messages (MST00003): the file and line of the enclosing section, or of
 * the directive itself at server or vhost level. The first one wins. */
static void note_where(cmd_parms *cmd, mst_dir_conf *dc)
{
    const ap_directive_t *d = cmd->directive;
    if (dc->where != NULL || d == NULL) {
        return;
    }
    if (d->parent != NULL && strcasecmp(d->parent->directive, "<VirtualHost") != 0) {
        d = d->parent;
    }
    dc->where = apr_psprintf(cmd->pool, "%s:%d", d->filename ? d->filename : "?", d->line_num);
}

/* Sets one duration field of the limits; cmd->info says which. */
static const char *set_limit(cmd_parms *cmd, void *dcv, const char *arg)
{
    mst_dir_conf *dc = dcv;
    mst_limits l = *mst_scope_limits(dc);
    apr_int64_t *field = (apr_int64_t *)((char *)&l + (apr_size_t)cmd->info);
    int is_refresh = field == &l.refresh;
    /* Refresh 0 means "re-issue on every counted request"; limits need >= 1 s. */
    const char *err = mst_duration_parse(cmd->pool, arg, !is_refresh, is_refresh ? 0 : 1, field);
    if (err) {
        return directive_error(cmd, err);
    }
    mst_scope_set_limits(dc, &l);
    note_where(cmd, dc);
    return NULL;
}

static const char *set_profile(cmd_parms *cmd, void *dcv, const char *arg)
{
    mst_dir_conf *dc = dcv;
    mst_limits l = *mst_scope_limits(dc);
    const char *err = mst_profile_parse(cmd->pool, arg, &l.profile);
    if (err) {
        return directive_error(cmd, err);
    }
    mst_scope_set_limits(dc, &l);
    note_where(cmd, dc);
    return NULL;
}

/* SessionTimeoutWarningHeader, SessionTimeoutStartHeader, SessionTimeoutEndHeader.
 * The start and end headers are honoured only in the sections that set them
 * (SPEC section 9, Trust): server- or vhost-wide, any response of the site
 * (a proxied widget, an upload) could start a session for any name. Off is
 * harmless anywhere. cmd->path is NULL outside <Directory>, <Location>,
 * <Files>, <If> and their Match forms. */
static const char *set_header(cmd_parms *cmd, void *dcv, const char *arg)
{
    mst_scope_setting which = SETTING_OF(cmd);
    const char *err;

    if (which != MST_SCOPE_WARNING_HEADER && cmd->path == NULL && strcasecmp(arg, "off") != 0) {
        int start = which == MST_SCOPE_START_HEADER;
        return directive_error(
            cmd, apr_psprintf(cmd->pool,
                              "only allowed inside <Location>, <LocationMatch>, <Directory>, "
                              "<DirectoryMatch>, <Files> or <If>: server- or vhost-wide, any "
                              "response of the site could %s. Put it in the section of the %s, "
                              "e.g. <Location %s> %s %s </Location>",
                              start ? "start a session for any user name" : "end sessions",
                              start ? "login page" : "logout endpoint",
                              start ? "/login" : "/logout", cmd->directive->directive, arg));
    }
    err = mst_scope_set_header(cmd->pool, dcv, which, arg);
    return err ? directive_error(cmd, err) : NULL;
}

static const char *set_return_param(cmd_parms *cmd, void *dcv, const char *arg)
{
    const char *err = mst_scope_set_return_param(cmd->pool, dcv, arg);
    return err ? directive_error(cmd, err) : NULL;
}

static const char *set_login_url(cmd_parms *cmd, void *dcv, const char *arg)
{
    const ap_expr_info_t *expr = NULL;
    const char *err = NULL;
    if (strcasecmp(arg, "off") != 0) {
        expr = ap_expr_parse_cmd(cmd, arg, AP_EXPR_FLAG_STRING_RESULT, &err, NULL);
        if (err) {
            return directive_error(cmd, apr_psprintf(cmd->pool, "cannot parse '%s': %s", arg, err));
        }
    }
    mst_scope_set_login_url(dcv, expr);
    return NULL;
}

/* SessionTimeoutClearCookie NAME [Path=P] [Domain=D] [NAME ...]: the words
 * go to the core together, which knows which name an attribute belongs to. */
static const char *add_clear_cookie(cmd_parms *cmd, void *dcv, const char *args)
{
    apr_array_header_t *words = apr_array_make(cmd->temp_pool, 4, sizeof(const char *));
    const char *word, *err;

    while (*(word = ap_getword_conf(cmd->pool, &args)) != '\0') {
        APR_ARRAY_PUSH(words, const char *) = word;
    }
    /* A section that names clear cookies replaces the inherited list. */
    err =
        mst_scope_add_clear_cookies(cmd->pool, dcv, (const char *const *)words->elts, words->nelts);
    return err ? directive_error(cmd, err) : NULL;
}

/* SessionTimeoutScriptURL, SessionTimeoutStatusURL, SessionTimeoutLogoutURL.
 * The logout URL may be Off (then the dialog has no Sign out button). */
static const char *set_url(cmd_parms *cmd, void *dcv, const char *arg)
{
    const char *err = mst_scope_set_url(cmd->pool, dcv, SETTING_OF(cmd), arg);
    return err ? directive_error(cmd, err) : NULL;
}

/* SessionTimeoutDialogText KEY TEXT: a length error names the key too. */
static const char *set_text(cmd_parms *cmd, void *dcv, const char *key, const char *text)
{
    int which;
    const char *err = mst_dialog_text_parse(cmd->pool, key, &which);
    if (err) {
        return directive_error(cmd, err);
    }
    err = mst_scope_set_text(cmd->pool, dcv, which, text);
    return err ? apr_psprintf(cmd->pool, "%s %s: %s", cmd->directive->directive, key, err) : NULL;
}

static const char *add_login_field(cmd_parms *cmd, void *dcv, const char *arg)
{
    /* A section that names login fields replaces the inherited rules. */
    const char *err = mst_scope_add_login_field(cmd->pool, dcv, arg);
    return err ? directive_error(cmd, err) : NULL;
}

static const char *set_start_cookie(cmd_parms *cmd, void *dcv, const char *name, const char *user)
{
    const char *err = mst_scope_set_start_cookie(cmd->pool, dcv, name, user);
    return err ? directive_error(cmd, err) : NULL;
}

static const char *add_secret(cmd_parms *cmd, void *dcv, const char *arg)
{
    mst_server_conf *sc = ap_get_module_config(cmd->server->module_config, &session_timeout_module);
    const char *err = ap_check_cmd_context(cmd, NOT_IN_DIR_CONTEXT);
    if (err) {
        return err;
    }
    err = mst_secret_spec_check(cmd->pool, arg);
    if (err) {
        return directive_error(cmd, err);
    }
    if (sc->secret_specs == NULL) {
        sc->secret_specs = apr_array_make(cmd->pool, 2, sizeof(const char *));
    }
    if (sc->secret_specs->nelts >= MST_MAX_KEYS) {
        return directive_error(cmd, apr_psprintf(cmd->pool, "at most %d secrets", MST_MAX_KEYS));
    }
    APR_ARRAY_PUSH(sc->secret_specs, const char *) = arg;
    return NULL;
}

static const char *set_skew(cmd_parms *cmd, void *dcv, const char *arg)
{
    mst_server_conf *sc = ap_get_module_config(cmd->server->module_config, &session_timeout_module);
    const char *err = ap_check_cmd_context(cmd, NOT_IN_DIR_CONTEXT);
    if (err) {
        return err;
    }
    err = mst_duration_parse(cmd->pool, arg, 0, 0, &sc->skew);
    if (err == NULL && sc->skew > 3600) {
        err = apr_psprintf(cmd->pool, "'%s' is more than 1h of tolerance", arg);
    }
    return err ? directive_error(cmd, err) : NULL;
}

/* SessionTimeoutCookie NAME [ATTRS...]: the attributes may be one quoted
 * string or several words, which are joined with single spaces. */
static const char *set_cookie(cmd_parms *cmd, void *dcv, const char *args)
{
    mst_server_conf *sc = ap_get_module_config(cmd->server->module_config, &session_timeout_module);
    const char *err = ap_check_cmd_context(cmd, NOT_IN_DIR_CONTEXT);
    const char *name, *word, *attrs = NULL;

    if (err) {
        return err;
    }
    name = ap_getword_conf(cmd->pool, &args);
    if (*name == '\0') {
        return directive_error(cmd, "a cookie name is required");
    }
    if ((err = mst_cookie_name_check(cmd->pool, name)) != NULL) {
        return directive_error(cmd, err);
    }
    while (*(word = ap_getword_conf(cmd->pool, &args)) != '\0') {
        attrs = attrs ? apr_pstrcat(cmd->pool, attrs, " ", word, NULL) : word;
    }
    if (attrs && (err = mst_cookie_attrs_check(cmd->pool, attrs)) != NULL) {
        return directive_error(cmd, err);
    }
    if (attrs == NULL) {
        attrs = MST_DEFAULT_COOKIE_ATTRS;
    }
    /* The prefix rules on Path and Domain (Auto: the Secure rule is checked
     * at startup, when SessionTimeoutCookieSecure of the vhost is known). */
    if ((err = mst_cookie_config_check(cmd->pool, name, attrs, MST_COOKIE_SECURE_AUTO)) != NULL) {
        return directive_error(cmd, err);
    }
    sc->cookie_name = name;
    sc->cookie_attrs = attrs;
    return NULL;
}

static const char *set_cookie_secure(cmd_parms *cmd, void *dcv, const char *arg)
{
    mst_server_conf *sc = ap_get_module_config(cmd->server->module_config, &session_timeout_module);
    mst_cookie_secure_mode mode;
    const char *err = ap_check_cmd_context(cmd, NOT_IN_DIR_CONTEXT);
    if (err) {
        return err;
    }
    err = mst_cookie_secure_parse(cmd->pool, arg, &mode);
    if (err) {
        return directive_error(cmd, err);
    }
    sc->cookie_secure = (int)mode;
    return NULL;
}

/* SessionTimeoutTokenFormat v1|v2 [accept-v1|accept-v2]: the version minted,
 * and optionally the other one accepted as well (a migration, or a roll
 * back). */
static const char *set_token_format(cmd_parms *cmd, void *dcv, const char *mint, const char *also)
{
    mst_server_conf *sc = ap_get_module_config(cmd->server->module_config, &session_timeout_module);
    const char *err = ap_check_cmd_context(cmd, NOT_IN_DIR_CONTEXT);
    int v;

    if (err) {
        return err;
    }
    if (strcasecmp(mint, "v1") == 0) {
        v = 1;
    } else if (strcasecmp(mint, "v2") == 0) {
        v = 2;
    } else {
        return directive_error(
            cmd, apr_psprintf(cmd->pool, "unknown token format '%s': use v1 or v2", mint));
    }
    sc->token_mint = v;
    sc->token_accept = MST_TOKEN_VERSION_BIT(v);
    if (also != NULL) {
        const char *want = v == 1 ? "accept-v2" : "accept-v1";
        if (strcasecmp(also, want) != 0) {
            return directive_error(
                cmd, apr_psprintf(cmd->pool,
                                  "'%s' after %s: the only second word is %s (also accept the "
                                  "other version's cookies)",
                                  also, mint, want));
        }
        sc->token_accept = MST_TOKEN_V1 | MST_TOKEN_V2;
    }
    return NULL;
}

/* ---- the store's directives (server, vhost) ---- */

static mst_server_conf *server_conf_of(cmd_parms *cmd, const char **err)
{
    *err = ap_check_cmd_context(cmd, NOT_IN_DIR_CONTEXT);
    return ap_get_module_config(cmd->server->module_config, &session_timeout_module);
}

static const char *set_store(cmd_parms *cmd, void *dcv, const char *arg)
{
    const char *err;
    mst_server_conf *sc = server_conf_of(cmd, &err);
    if (err) {
        return err;
    }
    err = mst_store_url_parse(cmd->pool, arg, &sc->store_url);
    if (err) {
        return directive_error(cmd, err);
    }
    sc->store_spec = arg;
    return NULL;
}

static const char *set_store_auth(cmd_parms *cmd, void *dcv, const char *arg)
{
    const char *err;
    mst_server_conf *sc = server_conf_of(cmd, &err);
    if (err) {
        return err;
    }
    err = mst_secret_spec_check(cmd->pool, arg);
    if (err) {
        return directive_error(cmd, err);
    }
    sc->store_auth_spec = arg;
    return NULL;
}

static const char *set_store_context(cmd_parms *cmd, void *dcv, const char *arg)
{
    const char *err;
    mst_server_conf *sc = server_conf_of(cmd, &err);
    if (err) {
        return err;
    }
    err = mst_store_context_check(cmd->pool, arg);
    if (err) {
        return directive_error(cmd, err);
    }
    sc->store_context = arg;
    return NULL;
}

/* SessionTimeoutStoreTimeout (1ms..60s) and SessionTimeoutRevocationDelay
 * (0..1h); cmd->info is the field's offset. */
static const char *set_store_ms(cmd_parms *cmd, void *dcv, const char *arg)
{
    const char *err;
    mst_server_conf *sc = server_conf_of(cmd, &err);
    apr_int64_t *field = (apr_int64_t *)((char *)sc + (apr_size_t)cmd->info);
    int is_timeout = field == &sc->store_timeout_ms;
    if (err) {
        return err;
    }
    err =
        mst_store_ms_parse(cmd->pool, arg, is_timeout ? 1 : 0, is_timeout ? 60000 : 3600000, field);
    return err ? directive_error(cmd, err) : NULL;
}

static const char *set_store_failure(cmd_parms *cmd, void *dcv, const char *arg)
{
    const char *err;
    mst_server_conf *sc = server_conf_of(cmd, &err);
    if (err) {
        return err;
    }
    if (strcasecmp(arg, "open") == 0) {
        sc->store_closed = 0;
    } else if (strcasecmp(arg, "closed") == 0) {
        sc->store_closed = 1;
    } else {
        return directive_error(cmd, apr_psprintf(cmd->pool, "'%s': expected open or closed", arg));
    }
    return NULL;
}

static const char *set_store_retry(cmd_parms *cmd, void *dcv, const char *arg)
{
    const char *err;
    mst_server_conf *sc = server_conf_of(cmd, &err);
    if (err) {
        return err;
    }
    err = mst_duration_parse(cmd->pool, arg, 0, 1, &sc->store_retry);
    if (err == NULL && sc->store_retry > 3600) {
        err = apr_psprintf(cmd->pool, "'%s' is more than 1h", arg);
    }
    return err ? directive_error(cmd, err) : NULL;
}

#define SERVER_FIELD(f) ((void *)APR_OFFSETOF(mst_server_conf, f))
#define LIMIT_FIELD(f)  ((void *)APR_OFFSETOF(mst_limits, f))
#define DIR_CTX         (RSRC_CONF | ACCESS_CONF)

const command_rec mst_config_directives[] = {
    AP_INIT_FLAG("SessionTimeout", set_flag, SETTING(MST_SCOPE_ENFORCE), DIR_CTX,
                 "On to enforce session limits in this scope (default Off)"),
    AP_INIT_ITERATE("SessionTimeoutSecret", add_secret, NULL, RSRC_CONF,
                    "file:PATH or env:NAME; the first signs, all verify"),
    AP_INIT_TAKE1("SessionTimeoutLifetime", set_limit, LIMIT_FIELD(lifetime), DIR_CTX,
                  "absolute session lifetime, e.g. 8h, or Off (default 24h)"),
    AP_INIT_TAKE1("SessionTimeoutInactivity", set_limit, LIMIT_FIELD(inactivity), DIR_CTX,
                  "inactivity limit, e.g. 30m, or Off (default Off)"),
    AP_INIT_TAKE1("SessionTimeoutWarning", set_limit, LIMIT_FIELD(warning), DIR_CTX,
                  "warning window before the earliest expiry, or Off (default 5m)"),
    AP_INIT_TAKE1("SessionTimeoutRefreshInterval", set_limit, LIMIT_FIELD(refresh), DIR_CTX,
                  "re-issue the cookie only when LAST is this old (default min(60s, "
                  "inactivity/10))"),
    AP_INIT_TAKE1("SessionTimeoutWarningHeader", set_header, SETTING(MST_SCOPE_WARNING_HEADER),
                  DIR_CTX, "name of the warning response header (default Session-Timeout-Warning)"),
    AP_INIT_TAKE1("SessionTimeoutClockSkew", set_skew, NULL, RSRC_CONF,
                  "tolerance for timestamps from the future (default 30s)"),
    AP_INIT_RAW_ARGS("SessionTimeoutCookie", set_cookie, NULL, RSRC_CONF,
                     "cookie name and attributes (default session_timeout Path=/; HttpOnly; "
                     "SameSite=Lax)"),
    AP_INIT_TAKE1("SessionTimeoutCookieSecure", set_cookie_secure, NULL, RSRC_CONF,
                  "Auto (Secure on https, the default), On (also on plain http behind a "
                  "TLS-terminating proxy) or Off"),
    AP_INIT_TAKE12("SessionTimeoutTokenFormat", set_token_format, NULL, RSRC_CONF,
                   "v1 or v2 (user name encrypted): the token format minted; accept-v1 / "
                   "accept-v2 after it also accepts the other format (default v1)"),
    AP_INIT_TAKE1("SessionTimeoutLoginURL", set_login_url, NULL, DIR_CTX,
                  "re-authentication URL (an ap_expr string), or Off"),
    AP_INIT_TAKE1("SessionTimeoutReturnParam", set_return_param, NULL, DIR_CTX,
                  "query parameter carrying the original path (default return_to), or Off"),
    AP_INIT_RAW_ARGS("SessionTimeoutClearCookie", add_clear_cookie, NULL, DIR_CTX,
                     "other cookies expired together with the session: NAME [Path=/p/] "
                     "[Domain=d] ..."),
    AP_INIT_TAKE1("SessionTimeoutStartHeader", set_header, SETTING(MST_SCOPE_START_HEADER), DIR_CTX,
                  "backend response header whose value (a user name) starts a session, or Off; "
                  "only in the <Location> or <Directory> of the login page"),
    AP_INIT_TAKE1("SessionTimeoutEndHeader", set_header, SETTING(MST_SCOPE_END_HEADER), DIR_CTX,
                  "backend response header that ends the session, or Off; only in the "
                  "<Location> or <Directory> of the logout endpoint"),
    /* login requests and the application's cookie (mod_session_timeout_login.c):
     * directory sections only, like everything that trusts a response */
    AP_INIT_ITERATE("SessionTimeoutLoginRequest", add_login_field, NULL, ACCESS_CONF,
                    "form fields (NAME=VALUE or NAME) that make a request without a session a "
                    "login request, let through as an anonymous request; or Off"),
    AP_INIT_TAKE12("SessionTimeoutStartOnCookie", set_start_cookie, NULL, ACCESS_CONF,
                   "the application's session cookie: a response setting it starts a session, "
                   "one expiring it ends it; [user=header:NAME|user=REMOTE_USER|user=env:NAME]; "
                   "or Off"),
    AP_INIT_FLAG("SessionTimeoutActivity", set_flag, SETTING(MST_SCOPE_ACTIVITY), ACCESS_CONF,
                 "Off where requests must not count as activity (polling endpoints)"),
    AP_INIT_TAKE1("SessionTimeoutProfile", set_profile, NULL, DIR_CTX,
                  "named defaults and bounds: dynamics365, nist-aal1, nist-aal2, nist-aal3, "
                  "none"),
    /* the browser dialog (served and injected by mod_session_timeout_inject.c) */
    AP_INIT_FLAG("SessionTimeoutInjectScript", set_flag, SETTING(MST_SCOPE_INJECT), DIR_CTX,
                 "On to add the warning-dialog script to HTML pages of valid sessions "
                 "(default Off)"),
    AP_INIT_TAKE1("SessionTimeoutScriptURL", set_url, SETTING(MST_SCOPE_SCRIPT_URL), DIR_CTX,
                  "URL of the dialog script (default /session-timeout.js; ?v=<hash> is added)"),
    AP_INIT_TAKE1("SessionTimeoutStatusURL", set_url, SETTING(MST_SCOPE_STATUS_URL), DIR_CTX,
                  "URL of the status handler the script polls (default /session/status)"),
    AP_INIT_TAKE1("SessionTimeoutLogoutURL", set_url, SETTING(MST_SCOPE_LOGOUT_URL), DIR_CTX,
                  "URL the dialog's Sign out button opens, or Off (default: no Sign out button)"),
    AP_INIT_TAKE2("SessionTimeoutDialogText", set_text, NULL, DIR_CTX,
                  "title|inactivity|lifetime|stay|signout|ok TEXT: a dialog text ({time} is the "
                  "countdown)"),
    /* the revocation store (SPEC section 10; mod_session_timeout_store.c) */
    AP_INIT_TAKE1("SessionTimeoutStore", set_store, NULL, RSRC_CONF,
                  "redis://HOST[:PORT][/DB], socache:PROVIDER[:ARGS] or Off (default Off)"),
    AP_INIT_TAKE1("SessionTimeoutStoreAuth", set_store_auth, NULL, RSRC_CONF,
                  "file:PATH or env:NAME holding the redis AUTH text: PASSWORD or USER PASSWORD"),
    AP_INIT_TAKE1("SessionTimeoutStoreContext", set_store_context, NULL, RSRC_CONF,
                  "key namespace shared by the servers of one site (default: the cookie name)"),
    AP_INIT_TAKE1("SessionTimeoutStoreTimeout", set_store_ms, SERVER_FIELD(store_timeout_ms),
                  RSRC_CONF, "bound on one store operation, connect included (default 250ms)"),
    AP_INIT_TAKE1("SessionTimeoutStoreFailure", set_store_failure, NULL, RSRC_CONF,
                  "on a store error: open (allow and log) or closed (503) (default open)"),
    AP_INIT_TAKE1("SessionTimeoutStoreRetry", set_store_retry, NULL, RSRC_CONF,
                  "after a store error, skip the store this long (default 5s)"),
    AP_INIT_TAKE1("SessionTimeoutRevocationDelay", set_store_ms, SERVER_FIELD(revocation_delay_ms),
                  RSRC_CONF, "how long a not-revoked answer may be reused (default 1s; 0: never)"),
    AP_INIT_TAKE1("SessionTimeoutRevokeUserHeader", set_header, SETTING(MST_SCOPE_REVOKE_USER),
                  ACCESS_CONF,
                  "backend response header: revoke every session of that user started before now"),
    {NULL},
};

/* ---- startup checks (run by `httpd -t` too) --------------------------------- */

static const char *vhost_label(apr_pool_t *p, const server_rec *s)
{
    const char *name = s->server_hostname ? s->server_hostname : "(no ServerName)";
    if (!s->is_virtual) {
        return apr_psprintf(p, "%s (main server)", name);
    }
    return apr_psprintf(p, "%s:%u (%s:%d)", name, s->port, s->defn_name ? s->defn_name : "?",
                        s->defn_line_number);
}

/* Calls fn for the server-wide dir config and for each <Directory>/<Location>
 * section of s merged onto it, which is how those sections apply at request
 * time. Stops at and returns the first non-NULL result. */
typedef const char *(*scope_fn)(apr_pool_t *p, server_rec *s, const mst_dir_conf *dc,
                                const char *where, void *baton);

static const char *for_each_scope(apr_pool_t *p, server_rec *s, scope_fn fn, void *baton)
{
    core_server_config *core = ap_get_core_module_config(s->module_config);
    const mst_dir_conf *base = ap_get_module_config(s->lookup_defaults, &session_timeout_module);
    apr_array_header_t *lists[2] = {core->sec_dir, core->sec_url};
    const char *res = fn(p, s, base, "server config", baton);

    for (int l = 0; l < 2 && res == NULL; l++) {
        for (int i = 0; lists[l] && i < lists[l]->nelts && res == NULL; i++) {
            ap_conf_vector_t *sec = APR_ARRAY_IDX(lists[l], i, ap_conf_vector_t *);
            core_dir_config *cd = ap_get_core_module_config(sec);
            const mst_dir_conf *dc = ap_get_module_config(sec, &session_timeout_module);
            if (dc == NULL) {
                continue;
            }
            res = fn(
                p, s, mst_config_merge_dir(p, (void *)base, (void *)dc),
                apr_psprintf(p, "<%s %s>", l == 0 ? "Directory" : "Location", cd->d ? cd->d : "?"),
                baton);
        }
    }
    return res;
}

static const char *check_scope(apr_pool_t *p, server_rec *s, const mst_dir_conf *dc,
                               const char *where, void *baton)
{
    const mst_server_conf *sc = mst_config_server(s);
    const char *err;

    if (mst_scope_enforce(dc) && mst_keyring_count(sc->keys) == 0) {
        return apr_psprintf(p,
                            MST00001 "SessionTimeout On in %s of vhost %s, but no "
                                     "SessionTimeoutSecret is configured for it",
                            where, vhost_label(p, s));
    }
    if (mst_scope_start_header(dc) != NULL && mst_keyring_count(sc->keys) == 0) {
        return apr_psprintf(p,
                            MST00018 "SessionTimeoutStartHeader in %s of vhost %s needs a "
                                     "SessionTimeoutSecret to sign sessions with",
                            where, vhost_label(p, s));
    }
    if (mst_scope_start_cookie(dc) != NULL && mst_keyring_count(sc->keys) == 0) {
        return apr_psprintf(p,
                            MST00115 "SessionTimeoutStartOnCookie in %s of vhost %s needs a "
                                     "SessionTimeoutSecret to sign sessions with",
                            where, vhost_label(p, s));
    }
    err = mst_limits_check(p, mst_scope_limits(dc));
    if (err) {
        return apr_psprintf(p, MST00003 "%s in %s%s%s%s of vhost %s", err, where,
                            dc->where ? " (" : "", dc->where ? dc->where : "", dc->where ? ")" : "",
                            vhost_label(p, s));
    }
    if (mst_config_has_store(sc) && mst_scope_enforce(dc)) {
        apr_int64_t bound = mst_store_scope_bound(mst_scope_effective(dc));
        apr_int64_t *longest = baton;
        if (bound < 0) {
            return apr_psprintf(p,
                                MST00090 "SessionTimeoutStore in vhost %s, but %s has both "
                                         "SessionTimeoutLifetime and SessionTimeoutInactivity Off: "
                                         "nothing would bound the store's entries",
                                vhost_label(p, s), where);
        }
        if (longest && bound > *longest) {
            *longest = bound;
        }
    }
    return NULL;
}

/* The limits in force of dc, for the startup INFO log. */
/* SessionTimeoutTokenFormat for the log line: "v1", "v2,accept-v1", ... */
static const char *token_format(const mst_server_conf *sc)
{
    static const char *const names[2][2] = {{"v1", "v1,accept-v2"}, {"v2", "v2,accept-v1"}};
    int mint = mst_config_token_mint(sc);
    return names[mint - 1][mst_config_token_versions(sc) == (MST_TOKEN_V1 | MST_TOKEN_V2)];
}

static const char *describe(apr_pool_t *p, const mst_dir_conf *dc, const mst_server_conf *sc)
{
    const mst_effective *eff = mst_scope_effective(dc);
    return apr_psprintf(
        p,
        "lifetime=%s inactivity=%s warning=%s refresh=%s profile=%s skew=%s cookie=%s "
        "login_url=%s keys=%d signing_kid=%s token=%s",
        mst_duration_format(p, eff->lifetime), mst_duration_format(p, eff->inactivity),
        mst_duration_format(p, eff->warning), mst_duration_format(p, eff->refresh),
        mst_profile_name(mst_scope_limits(dc)->profile),
        mst_duration_format(p, mst_config_skew(sc)), mst_config_cookie_name(sc),
        mst_config_login_url(dc) ? "set" : "none", mst_keyring_count(sc->keys),
        mst_keyring_count(sc->keys) ? mst_keyring_kid(sc->keys, 0) : "-", token_format(sc));
}

/* ---- sections as httpd merges them (SPEC section 9, "Sections") --------------
 *
 * for_each_scope above merges each <Directory>/<Location> section alone onto
 * the server config. A request is served by the merge of every section that
 * matches it, in httpd's order (Directory, then Files, then Location, then
 * If), so a later section can switch off what an earlier one switched on, or
 * bring a value that breaks an earlier section's profile. For every section
 * this walk computes what applies at that section's own path: the sections
 * of the same kind that match it (a <Location> whose path is a prefix of
 * another's, a <LocationMatch> whose pattern matches it, a shorter
 * <Directory>), a <Location /> for every directory, and the section a
 * <Files> or <If> is nested in. What it finds is "definite" for a
 * <Directory> or <Location> (their path is one of the requests they serve)
 * and "possible" for a <Files> or <If> (the file name or the condition
 * decides): definite conflicts fail the configuration check, possible ones
 * are warned about, and profile bounds are also held at request time
 * (mst_limits_effective). <Proxy> sections are not walked. */

typedef enum { SEC_DIRECTORY, SEC_FILES, SEC_LOCATION, SEC_IF } sec_kind;

static const char *const sec_kind_names[] = {"Directory", "Files", "Location", "If"};

/* A merge in progress: the settings, the last section that set
 * SessionTimeout in it (-1: none, the server config's) and the labels of the
 * sections merged besides the one it is for. */
typedef struct merge_state {
    mst_dir_conf conf;
    int enforce_from;
    const char *with;
} merge_state;

typedef struct section {
    sec_kind kind;
    const core_dir_config *cd;
    const mst_dir_conf *dc;
    int parent; /* index of the section a <Files>/<If> is nested in; -1: none */
    const char *label;
    const char *prefix; /* <LocationMatch "^/lit...">: every URL it matches starts so */
    int definite;       /* a <Directory> or <Location>: its path is one it serves */
    merge_state dirs;   /* <Directory>: the directory walk alone (before <Files>) */
    merge_state full;   /* what applies at the section's own path */
} section;

/* Section nodes of the configuration tree of one server, for file:line. */
typedef struct tree_node {
    const ap_directive_t *node;
    int used;
} tree_node;

static int is_section_directive(const char *d)
{
    static const char *const names[] = {"<Directory",  "<DirectoryMatch", "<Files",
                                        "<FilesMatch", "<Location",       "<LocationMatch",
                                        "<If",         "<ElseIf",         "<Else"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcasecmp(d, names[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static void collect_nodes(apr_array_header_t *out, const ap_directive_t *n, int top)
{
    for (; n; n = n->next) {
        if (top && strcasecmp(n->directive, "<VirtualHost") == 0) {
            continue; /* a virtual host's sections are its own */
        }
        if (is_section_directive(n->directive)) {
            tree_node *t = apr_array_push(out);
            t->node = n;
            t->used = 0;
        }
        collect_nodes(out, n->first_child, 0);
    }
}

/* The section nodes of server s, in the order of the configuration files. */
static apr_array_header_t *server_nodes(apr_pool_t *p, const server_rec *s)
{
    apr_array_header_t *out = apr_array_make(p, 16, sizeof(tree_node));
    if (!s->is_virtual) {
        collect_nodes(out, ap_conftree, 1);
        return out;
    }
    for (const ap_directive_t *n = ap_conftree; n; n = n->next) {
        if (strcasecmp(n->directive, "<VirtualHost") == 0 &&
            (unsigned)n->line_num == s->defn_line_number && s->defn_name && n->filename &&
            strcmp(n->filename, s->defn_name) == 0) {
            collect_nodes(out, n->first_child, 0);
            break;
        }
    }
    return out;
}

/* A section argument as text to compare: no '>', quotes, "~ " or trailing
 * slashes. */
static const char *norm_arg(apr_pool_t *p, const char *a)
{
    char *s = apr_pstrdup(p, a ? a : "");
    apr_size_t n;
    char *q;
    if ((q = strrchr(s, '>')) != NULL) {
        *q = '\0';
    }
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    if (s[0] == '~' && (s[1] == ' ' || s[1] == '\t')) {
        s += 2;
        while (*s == ' ' || *s == '\t') {
            s++;
        }
    }
    n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
        s[--n] = '\0';
    }
    if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
        s[n - 1] = '\0';
        s++;
        n -= 2;
    }
    while (n > 1 && s[n - 1] == '/') {
        s[--n] = '\0';
    }
    return s;
}

static int node_kind_is(const ap_directive_t *n, sec_kind kind)
{
    const char *d = n->directive + 1;
    switch (kind) {
    case SEC_DIRECTORY:
        return strncasecmp(d, "Directory", 9) == 0;
    case SEC_FILES:
        return strncasecmp(d, "Files", 5) == 0;
    case SEC_LOCATION:
        return strncasecmp(d, "Location", 8) == 0;
    default:
        return strncasecmp(d, "If", 2) == 0 || strncasecmp(d, "Else", 4) == 0;
    }
}

/* "<Location /app/> (file:line)": the first unused node of the same kind and
 * path (for <If>: the same kind) under the given parent node. */
static const char *section_label(apr_pool_t *p, apr_array_header_t *nodes, sec_kind kind,
                                 const core_dir_config *cd, const ap_directive_t *parent,
                                 const ap_directive_t **found)
{
    const char *path = cd->d ? norm_arg(p, cd->d) : "";
    *found = NULL;
    for (int i = 0; i < nodes->nelts; i++) {
        tree_node *t = &APR_ARRAY_IDX(nodes, i, tree_node);
        const ap_directive_t *n = t->node;
        if (t->used || !node_kind_is(n, kind)) {
            continue;
        }
        if (parent != NULL && n->parent != parent) {
            continue;
        }
        if (kind != SEC_IF && strcmp(norm_arg(p, n->args), path) != 0) {
            continue;
        }
        t->used = 1;
        *found = n;
        return apr_psprintf(p, "%s %s> (%s:%d)", n->directive,
                            apr_pstrndup(p, n->args, strcspn(n->args, ">")), n->filename,
                            n->line_num);
    }
    return apr_psprintf(p, "<%s%s%s>", sec_kind_names[kind], cd->d && kind != SEC_IF ? " " : "",
                        cd->d && kind != SEC_IF ? cd->d : "");
}

/* The literal start of an anchored pattern ("^/app/x(y|z)" -> "/app/x"), or
 * NULL: every URL the pattern matches starts with it. */
static const char *literal_prefix(apr_pool_t *p, const char *re)
{
    apr_size_t n = 0;
    if (re == NULL || re[0] != '^' || re[1] != '/') {
        return NULL;
    }
    re++;
    while (re[n] && strchr(".[]()*+?{}|\\$^", re[n]) == NULL) {
        n++;
    }
    if (n > 0 && re[n] && strchr("*+?{", re[n]) != NULL) {
        n--; /* the last literal is quantified */
    }
    return n > 0 ? apr_pstrndup(p, re, n) : NULL;
}

typedef struct walk {
    apr_pool_t *p;
    server_rec *s;
    const mst_dir_conf *base;
    apr_array_header_t *secs;  /* section */
    apr_array_header_t *nodes; /* tree_node */
    mst_dir_conf none;         /* the record of a section without our directives */
} walk;

static int add_section(walk *w, sec_kind kind, ap_conf_vector_t *vec, int parent,
                       const ap_directive_t *parent_node, const ap_directive_t **node)
{
    section *sec = apr_array_push(w->secs);
    sec->kind = kind;
    sec->cd = ap_get_core_module_config(vec);
    sec->dc = ap_get_module_config(vec, &session_timeout_module);
    if (sec->dc == NULL) {
        sec->dc = &w->none; /* httpd makes our record only for sections with our directives */
    }
    sec->parent = parent;
    sec->label = section_label(w->p, w->nodes, kind, sec->cd, parent_node, node);
    sec->prefix = kind == SEC_LOCATION && sec->cd->r ? literal_prefix(w->p, sec->cd->d) : NULL;
    return w->secs->nelts - 1;
}

/* The <Files> and <If> sections nested in section index idx. */
static void add_nested(walk *w, int idx, const ap_directive_t *node)
{
    const core_dir_config *cd = APR_ARRAY_IDX(w->secs, idx, section).cd;
    const ap_directive_t *unused;
    for (int i = 0; cd->sec_file && i < cd->sec_file->nelts; i++) {
        const ap_directive_t *fnode = NULL;
        int f = add_section(w, SEC_FILES, APR_ARRAY_IDX(cd->sec_file, i, ap_conf_vector_t *), idx,
                            node, &fnode);
        const core_dir_config *fcd = APR_ARRAY_IDX(w->secs, f, section).cd;
        for (int j = 0; fnode && fcd->sec_if && j < fcd->sec_if->nelts; j++) {
            add_section(w, SEC_IF, APR_ARRAY_IDX(fcd->sec_if, j, ap_conf_vector_t *), f, fnode,
                        &unused);
        }
    }
    for (int i = 0; cd->sec_if && i < cd->sec_if->nelts; i++) {
        add_section(w, SEC_IF, APR_ARRAY_IDX(cd->sec_if, i, ap_conf_vector_t *), idx, node,
                    &unused);
    }
}

static void collect_sections(walk *w)
{
    core_server_config *core = ap_get_core_module_config(w->s->module_config);
    const core_dir_config *base_cd = ap_get_core_module_config(w->s->lookup_defaults);
    apr_array_header_t *lists[2] = {core->sec_dir, core->sec_url};
    const sec_kind kinds[2] = {SEC_DIRECTORY, SEC_LOCATION};
    const ap_directive_t *top = NULL;
    const ap_directive_t *unused;

    for (int l = 0; l < 2; l++) {
        for (int i = 0; lists[l] && i < lists[l]->nelts; i++) {
            const ap_directive_t *node = NULL;
            int idx = add_section(w, kinds[l], APR_ARRAY_IDX(lists[l], i, ap_conf_vector_t *), -1,
                                  NULL, &node);
            if (node != NULL) {
                add_nested(w, idx, node);
            }
        }
    }
    /* <Files> and <If> of the server config itself */
    if (w->nodes->nelts > 0) {
        top = APR_ARRAY_IDX(w->nodes, 0, tree_node).node->parent;
    }
    for (int i = 0; base_cd->sec_file && i < base_cd->sec_file->nelts; i++) {
        add_section(w, SEC_FILES, APR_ARRAY_IDX(base_cd->sec_file, i, ap_conf_vector_t *), -1, top,
                    &unused);
    }
    for (int i = 0; base_cd->sec_if && i < base_cd->sec_if->nelts; i++) {
        add_section(w, SEC_IF, APR_ARRAY_IDX(base_cd->sec_if, i, ap_conf_vector_t *), -1, top,
                    &unused);
    }
}

/* A <Location> or <Directory> that applies to every request. */
static int is_catch_all(const section *m)
{
    return m->cd->r == NULL && !m->cd->d_is_fnmatch && m->cd->d && strcmp(m->cd->d, "/") == 0;
}

/* 1 if section m (of the same kind as s) surely applies at s's own path. */
static int applies_at(const section *m, const section *s)
{
    const char *path = s->cd->d;
    if (m == s || is_catch_all(m)) {
        return 1;
    }
    if (m->cd->d == NULL) {
        return 0;
    }
    if (s->prefix != NULL && m->cd->r == NULL && !m->cd->d_is_fnmatch) {
        /* a plain <Location> covering every URL an anchored pattern matches */
        apr_size_t n = strlen(m->cd->d);
        return strncmp(m->cd->d, s->prefix, n) == 0 &&
               (n == 0 || m->cd->d[n - 1] == '/' || s->prefix[n] == '/');
    }
    if (s->cd->r != NULL || s->cd->d_is_fnmatch || path == NULL) {
        return 0; /* s's own "path" is a pattern: only catch-alls surely apply */
    }
    if (m->cd->r != NULL) {
        return ap_regexec(m->cd->r, path, 0, NULL, 0) == 0;
    }
    if (m->cd->d_is_fnmatch) {
        return apr_fnmatch(m->cd->d, path, APR_FNM_PATHNAME) == APR_SUCCESS;
    }
    apr_size_t n = strlen(m->cd->d);
    if (strncmp(m->cd->d, path, n) != 0) {
        return 0;
    }
    /* httpd's <Location /app> covers /app/x and /app, not /application */
    return s->kind == SEC_DIRECTORY || n == 0 || m->cd->d[n - 1] == '/' || path[n] == '\0' ||
           path[n] == '/';
}

/* Merges section idx onto ms, for section s. */
static void merge_in(walk *w, const section *s, merge_state *ms, int idx)
{
    const section *m = &APR_ARRAY_IDX(w->secs, idx, section);
    mst_scope_merge(&ms->conf, m->dc, &ms->conf);
    if (mst_scope_has(m->dc, MST_SCOPE_ENFORCE)) {
        ms->enforce_from = idx;
    }
    if (m != s) {
        ms->with = ms->with ? apr_pstrcat(w->p, ms->with, ", ", m->label, NULL) : m->label;
    }
}

/* Directories in httpd's order: by number of path components, patterns after. */
static unsigned dir_rank(const section *m)
{
    return m->cd->r != NULL ? 1u << 20 : m->cd->d_components;
}

static void merge_directories(walk *w, const section *s, merge_state *ms)
{
    long last = -1;
    for (;;) {
        long rank = -1;
        for (int i = 0; i < w->secs->nelts; i++) {
            const section *m = &APR_ARRAY_IDX(w->secs, i, section);
            long r = (long)dir_rank(m);
            if (m->kind == SEC_DIRECTORY && m->parent < 0 && r > last && (rank < 0 || r < rank)) {
                rank = r;
            }
        }
        if (rank < 0) {
            return;
        }
        for (int i = 0; i < w->secs->nelts; i++) {
            const section *m = &APR_ARRAY_IDX(w->secs, i, section);
            if (m->kind == SEC_DIRECTORY && m->parent < 0 && (long)dir_rank(m) == rank &&
                applies_at(m, s)) {
                merge_in(w, s, ms, i);
            }
        }
        last = rank;
    }
}

static void merge_locations(walk *w, const section *s, merge_state *ms, int catch_all_only)
{
    for (int i = 0; i < w->secs->nelts; i++) {
        const section *m = &APR_ARRAY_IDX(w->secs, i, section);
        if (m->kind == SEC_LOCATION && m->parent < 0 &&
            (catch_all_only ? is_catch_all(m) : applies_at(m, s))) {
            merge_in(w, s, ms, i);
        }
    }
}

/* Sections are added parent first, so a parent's merges are ready. */
static void compute_merges(walk *w)
{
    for (int i = 0; i < w->secs->nelts; i++) {
        section *s = &APR_ARRAY_IDX(w->secs, i, section);
        const section *par = s->parent >= 0 ? &APR_ARRAY_IDX(w->secs, s->parent, section) : NULL;
        merge_state *ms = &s->full;

        s->definite = s->kind == SEC_DIRECTORY || s->kind == SEC_LOCATION;
        ms->conf = *w->base;
        ms->enforce_from = -1;
        ms->with = NULL;
        switch (s->kind) {
        case SEC_LOCATION:
            merge_locations(w, s, ms, 0);
            break;
        case SEC_DIRECTORY:
            merge_directories(w, s, ms);
            s->dirs = *ms;
            merge_locations(w, s, ms, 1); /* a <Location /> overrides every directory */
            break;
        case SEC_FILES:
            if (par != NULL) {
                *ms = par->dirs;
                ms->with = par->dirs.with
                               ? apr_pstrcat(w->p, par->label, ", ", par->dirs.with, NULL)
                               : par->label;
            }
            merge_in(w, s, ms, i);
            merge_locations(w, s, ms, 1);
            break;
        case SEC_IF:
            if (par != NULL) {
                *ms = par->full;
                ms->with = par->full.with
                               ? apr_pstrcat(w->p, par->label, ", ", par->full.with, NULL)
                               : par->label;
            } else {
                merge_locations(w, s, ms, 1);
            }
            merge_in(w, s, ms, i); /* <If> sections are merged last */
            break;
        }
    }
}

static const char *label_of(const walk *w, int idx)
{
    return idx < 0 ? "the server config" : APR_ARRAY_IDX(w->secs, idx, section).label;
}

/* The sections of server s, their merges computed. */
static walk *walk_server(apr_pool_t *p, server_rec *s)
{
    walk *w = apr_palloc(p, sizeof(*w));
    w->p = p;
    w->s = s;
    w->base = ap_get_module_config(s->lookup_defaults, &session_timeout_module);
    w->secs = apr_array_make(p, 16, sizeof(section));
    mst_scope_init(&w->none);
    w->nodes = server_nodes(p, s);
    collect_sections(w);
    compute_merges(w);
    return w;
}

/* The checks of the merges: NULL, or the error of a conflict that surely
 * applies (the configuration check fails); with warn, the possible ones are
 * logged. */
static const char *check_sections(const walk *w, int warn)
{
    apr_pool_t *p = w->p;
    const char *vh = vhost_label(p, w->s);

    for (int i = 0; i < w->secs->nelts; i++) {
        const section *s = &APR_ARRAY_IDX(w->secs, i, section);
        const section *par = s->parent >= 0 ? &APR_ARRAY_IDX(w->secs, s->parent, section) : NULL;
        const mst_dir_conf *mc = &s->full.conf;
        const char *err;

        if (!s->definite) {
            /* what a <Directory> is checked for, on the <Files>/<If> alone */
            err = check_scope(p, w->s, mst_config_merge_dir(p, (void *)w->base, (void *)s->dc),
                              s->label, NULL);
            if (err) {
                return err;
            }
        }
        if (mst_scope_has(s->dc, MST_SCOPE_ENFORCE) && s->dc->enforce && !mst_scope_enforce(mc)) {
            int by = s->full.enforce_from;
            int sure = s->definite && by >= 0 && APR_ARRAY_IDX(w->secs, by, section).definite;
            if (sure) {
                return apr_psprintf(p,
                                    MST00031 "SessionTimeout On in %s of vhost %s is switched off "
                                             "by SessionTimeout Off in %s, which httpd merges "
                                             "after it: that section would not be enforced",
                                    s->label, vh, label_of(w, by));
            }
            if (warn) {
                ap_log_error(APLOG_MARK, APLOG_WARNING, 0, w->s,
                             MST00036 "SessionTimeout On in %s of vhost %s is switched off by "
                                      "SessionTimeout Off in %s where that applies",
                             s->label, vh, label_of(w, by));
            }
        } else if (warn && par != NULL && mst_scope_has(s->dc, MST_SCOPE_ENFORCE) &&
                   !s->dc->enforce && mst_scope_enforce(&par->full.conf) &&
                   par->full.enforce_from >= 0) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, w->s,
                         MST00032 "SessionTimeout Off in %s of vhost %s switches off, where it "
                                  "applies, the SessionTimeout On of %s",
                         s->label, vh, label_of(w, par->full.enforce_from));
        }
        if (!mst_scope_enforce(mc) || s->full.with == NULL) {
            continue; /* not enforced, or nothing merged but the section: checked already */
        }
        err = mst_limits_check(p, mst_scope_limits(mc));
        if (err && s->definite) {
            return apr_psprintf(p, MST00033 "%s in %s of vhost %s, as httpd merges it with %s", err,
                                s->label, vh, s->full.with);
        }
        if (err && warn) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, w->s,
                         MST00034 "%s in %s of vhost %s where it applies, merged with %s; the "
                                  "profile's bound is enforced instead",
                         err, s->label, vh, s->full.with);
        }
    }
    return NULL;
}

/* The store of every vhost that has one: its AUTH text, and the TTL of its
 * entries: the longest bound (lifetime, or inactivity where the lifetime is
 * Off) of the enforcing scopes of every vhost sharing its context, plus that
 * vhost's skew; a vhost with no enforcing scope counts the default lifetime. */
static const char *check_stores(apr_pool_t *pconf, apr_pool_t *ptemp, server_rec *main_s)
{
    apr_hash_t *longest = apr_hash_make(ptemp);
    const char *err = NULL;
    apr_int64_t bound;

    for (server_rec *s = main_s; s && err == NULL; s = s->next) {
        mst_server_conf *sc = ap_get_module_config(s->module_config, &session_timeout_module);
        apr_int64_t *ctx_bound;
        const char *ctx = mst_config_store_context(sc);
        if (!mst_config_has_store(sc)) {
            continue;
        }
        bound = -1;
        err = for_each_scope(ptemp, s, check_scope, &bound);
        if (bound < 0) {
            mst_limits defaults;
            mst_effective eff;
            mst_limits_init(&defaults);
            mst_limits_effective(&defaults, &eff);
            bound = mst_store_scope_bound(&eff);
        }
        bound += mst_config_skew(sc);
        ctx_bound = apr_hash_get(longest, ctx, APR_HASH_KEY_STRING);
        if (ctx_bound == NULL) {
            ctx_bound = apr_palloc(ptemp, sizeof(*ctx_bound));
            *ctx_bound = bound;
            apr_hash_set(longest, ctx, APR_HASH_KEY_STRING, ctx_bound);
        } else if (bound > *ctx_bound) {
            *ctx_bound = bound;
        }
        if (err == NULL && sc->store_url.kind == MST_STORE_SOCACHE &&
            ap_lookup_provider(AP_SOCACHE_PROVIDER_GROUP, sc->store_url.provider,
                               AP_SOCACHE_PROVIDER_VERSION) == NULL) {
            err =
                apr_psprintf(ptemp,
                             MST00109 "SessionTimeoutStore of vhost %s: no socache provider "
                                      "'%s' (LoadModule socache_%s_module)",
                             vhost_label(ptemp, s), sc->store_url.provider, sc->store_url.provider);
        }
        if (err == NULL && sc->store_auth_spec != NULL) {
            char *text;
            err = mst_secret_spec_read(pconf, sc->store_auth_spec, &text);
            if (err == NULL) {
                err = mst_store_auth_split(pconf, text, &sc->store_user, &sc->store_password);
            }
            if (err) {
                err = apr_psprintf(ptemp, MST00091 "SessionTimeoutStoreAuth of vhost %s: %s",
                                   vhost_label(ptemp, s), err);
            }
        }
    }
    for (server_rec *s = main_s; s && err == NULL; s = s->next) {
        mst_server_conf *sc = ap_get_module_config(s->module_config, &session_timeout_module);
        const apr_int64_t *ctx_bound;
        int memcache;
        if (!mst_config_has_store(sc)) {
            continue;
        }
        ctx_bound = apr_hash_get(longest, mst_config_store_context(sc), APR_HASH_KEY_STRING);
        memcache = sc->store_url.kind == MST_STORE_SOCACHE &&
                   strcmp(sc->store_url.provider, "memcache") == 0;
        sc->store_ttl = mst_store_ttl(*ctx_bound, 0, mst_config_revocation_delay_ms(sc),
                                      memcache ? MST_STORE_MEMCACHE_TTL_MAX : 0);
    }
    return err;
}

/* 1 if dc holds any directive of ours. */
static int has_ours(const mst_dir_conf *dc)
{
    const mst_limits *l = mst_scope_limits(dc);
    return dc->set != 0 || l->lifetime != MST_UNSET || l->inactivity != MST_UNSET ||
           l->warning != MST_UNSET || l->refresh != MST_UNSET || l->profile != MST_PROFILE_UNSET;
}

/* What is really enforced in each section (the startup INFO log). */
static void log_sections(const walk *w)
{
    apr_pool_t *p = w->p;
    const mst_server_conf *sc = mst_config_server(w->s);
    const char *vh = vhost_label(p, w->s);

    for (int i = 0; i < w->secs->nelts; i++) {
        const section *s = &APR_ARRAY_IDX(w->secs, i, section);
        const mst_dir_conf *mc = &s->full.conf;
        const char *with =
            s->full.with ? apr_pstrcat(p, " (merged with ", s->full.with, ")", NULL) : "";
        if (mst_scope_enforce(mc)) {
            ap_log_error(APLOG_MARK, APLOG_INFO, 0, w->s, MST00035 "vhost %s, %s%s: enforcing %s%s",
                         vh, s->label, s->definite ? "" : " where it applies", describe(p, mc, sc),
                         with);
        } else if (has_ours(s->dc)) {
            ap_log_error(APLOG_MARK, APLOG_INFO, 0, w->s,
                         MST00030 "vhost %s, %s%s: not enforced (SessionTimeout %s %s)%s", vh,
                         s->label, s->definite ? "" : " where it applies",
                         s->full.enforce_from >= 0 ? "Off from" : "not On in",
                         s->full.enforce_from >= 0 ? label_of(w, s->full.enforce_from)
                                                   : "any section merged here",
                         with);
        }
    }
}

/* ---- SPEC section 9, "Profiles are honest": the cookie under nist-aal* ------ */

/* A scope whose profile has the cookie rules (its `where`), else NULL. */
static const char *honest_scope(apr_pool_t *p, server_rec *s, const mst_dir_conf *dc,
                                const char *where, void *baton)
{
    int *profile = baton;
    if (mst_profile_is_honest(mst_scope_limits(dc)->profile)) {
        *profile = mst_scope_limits(dc)->profile;
        return where;
    }
    return NULL;
}

/* 1 if the sections from d on (and their children, but not other
 * <VirtualHost>s) say "SSLEngine on". */
static int has_ssl_engine(const ap_directive_t *d)
{
    for (; d; d = d->next) {
        if (strcasecmp(d->directive, "SSLEngine") == 0 && d->args &&
            strncasecmp(d->args, "on", 2) == 0) {
            return 1;
        }
        if (strcasecmp(d->directive, "<VirtualHost") != 0 && has_ssl_engine(d->first_child)) {
            return 1;
        }
    }
    return 0;
}

/* The <VirtualHost> section that defined s, searched from d on. */
static const ap_directive_t *vhost_section(const ap_directive_t *d, const server_rec *s)
{
    for (; d; d = d->next) {
        const ap_directive_t *found;
        if (strcasecmp(d->directive, "<VirtualHost") == 0 && d->line_num >= 0 &&
            (unsigned)d->line_num == s->defn_line_number && d->filename && s->defn_name &&
            strcmp(d->filename, s->defn_name) == 0) {
            return d;
        }
        if ((found = vhost_section(d->first_child, s)) != NULL) {
            return found;
        }
    }
    return NULL;
}

/* Whether s serves https, as far as the configuration shows at startup (the
 * module cannot ask mod_ssl before a connection): a ServerName https://..., a
 * port 443, or SSLEngine on in its <VirtualHost> (for the main server: outside
 * any). Returns why, or NULL. */
static const char *may_be_https(const server_rec *s)
{
    if (s->server_scheme && strcasecmp(s->server_scheme, "https") == 0) {
        return "its ServerName says https";
    }
    if (s->port == 443) {
        return "it listens on port 443";
    }
    for (const server_addr_rec *a = s->addrs; a; a = a->next) {
        if (a->host_port == 443) {
            return "it listens on port 443";
        }
    }
    if (s->is_virtual) {
        const ap_directive_t *vh = vhost_section(ap_conftree, s);
        return vh && has_ssl_engine(vh->first_child) ? "SSLEngine is on" : NULL;
    }
    return has_ssl_engine(ap_conftree) ? "SSLEngine is on" : NULL;
}

/* Startup warnings go out once: in `httpd -t`, or in the pass that serves
 * (not the first of httpd's two startup passes, which only checks). */
static int startup_warnings_wanted(void)
{
    return ap_state_query(AP_SQ_RUN_MODE) == AP_SQ_RM_CONFIG_TEST ||
           ap_state_query(AP_SQ_MAIN_STATE) != AP_SQ_MS_CREATE_PRE_CONFIG;
}

/* Under a nist-aal* profile anywhere in s: token v2 and SameSite Lax or
 * Strict are required (the error says what to write); accepting v1 during a
 * migration and a name without __Host- on what may be https are warnings. */
static const char *check_honest(apr_pool_t *p, server_rec *s)
{
    const mst_server_conf *sc = mst_config_server(s);
    int profile = MST_PROFILE_NONE;
    const char *where = for_each_scope(p, s, honest_scope, &profile);
    const char *name = mst_config_cookie_name(sc), *samesite, *https;

    if (where == NULL) {
        return NULL;
    }
    if (mst_config_token_mint(sc) != 2) {
        return apr_psprintf(p,
                            MST00052 "SessionTimeoutProfile %s in %s of vhost %s requires token "
                                     "v2, whose user name is encrypted: add "
                                     "\"SessionTimeoutTokenFormat v2\" to %s (\"v2 accept-v1\" "
                                     "while v1 cookies are still out)",
                            mst_profile_name(profile), where, vhost_label(p, s),
                            s->is_virtual ? "its <VirtualHost>" : "the main server config");
    }
    samesite = mst_cookie_samesite(p, mst_config_cookie_attrs(sc));
    if (samesite == NULL ||
        (strcasecmp(samesite, "Lax") != 0 && strcasecmp(samesite, "Strict") != 0)) {
        return apr_psprintf(p,
                            MST00053 "SessionTimeoutProfile %s in %s of vhost %s requires "
                                     "SameSite=Lax or SameSite=Strict in the SessionTimeoutCookie "
                                     "attributes (now: '%s')",
                            mst_profile_name(profile), where, vhost_label(p, s),
                            mst_config_cookie_attrs(sc));
    }
    if (!startup_warnings_wanted()) {
        return NULL;
    }
    if (mst_config_token_versions(sc) & MST_TOKEN_V1) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                     MST00050 "vhost %s accepts token v1 cookies (SessionTimeoutTokenFormat v2 "
                              "accept-v1) under SessionTimeoutProfile %s: each carries its user "
                              "name readable until it is re-issued as v2 on its first request; "
                              "remove accept-v1 when the migration is over",
                     vhost_label(p, s), mst_profile_name(profile));
    }
    https = may_be_https(s);
    if (https != NULL && strncmp(name, "__Host-", 7) != 0) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                     MST00051 "vhost %s may serve https (%s): SessionTimeoutProfile %s wants a "
                              "__Host- cookie name there, e.g. \"SessionTimeoutCookie __Host-%s "
                              "Path=/; HttpOnly; SameSite=Lax\" (the cookie is '%s')",
                     vhost_label(p, s), https, mst_profile_name(profile), name, name);
    }
    return NULL;
}

/* ---- the dialog's URLs: served by default, checked at startup ------------------ */

const char *mst_config_served_handler(const request_rec *r)
{
    const mst_server_conf *sc = mst_config_server(r->server);
    if (sc->served == NULL || r->uri == NULL) {
        return NULL;
    }
    for (int i = 0; i < sc->served->nelts; i++) {
        const mst_served *e = &APR_ARRAY_IDX(sc->served, i, mst_served);
        if (strcmp(e->path, r->uri) == 0) {
            return e->handler;
        }
    }
    return NULL;
}

typedef struct dialog_baton {
    apr_pool_t *pconf;          /* for the table, which lives as long as the config */
    apr_array_header_t *served; /* mst_served of this server so far */
    int warn;                   /* 1: log what cannot work (once per startup) */
} dialog_baton;

/* Adds the path of url (a dialog URL of the scope `where`) with handler. */
static void add_served(dialog_baton *b, apr_pool_t *p, server_rec *s, const char *where,
                       const char *directive, const char *url, const char *handler)
{
    const char *path;

    if (url[0] != '/' || url[1] == '/') {
        /* The script may come from elsewhere (it is public); the status
         * handler must answer with this site's cookie, same-origin. */
        if (b->warn && strcmp(handler, MST_STATUS_HANDLER) == 0) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                         MST00070 "%s %s in %s of vhost %s is not a path on this site: the "
                                  "dialog's script asks it same-origin, with the session "
                                  "cookie, so the dialog cannot work; use a local path such "
                                  "as /session/status",
                         directive, url, where, vhost_label(p, s));
        }
        return;
    }
    path = apr_pstrmemdup(b->pconf, url, strcspn(url, "?#"));
    if (b->served == NULL) {
        b->served = apr_array_make(b->pconf, 2, sizeof(mst_served));
    }
    for (int i = 0; i < b->served->nelts; i++) {
        const mst_served *e = &APR_ARRAY_IDX(b->served, i, mst_served);
        if (strcmp(e->path, path) == 0) {
            if (b->warn && strcmp(e->handler, handler) != 0) {
                ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                             MST00071 "%s %s in %s of vhost %s is also the %s of a "
                                      "scope with SessionTimeoutInjectScript On: that URL "
                                      "serves %s, so the dialog of one of them cannot work",
                             directive, url, where, vhost_label(p, s),
                             strcmp(e->handler, MST_STATUS_HANDLER) == 0
                                 ? "SessionTimeoutStatusURL"
                                 : "SessionTimeoutScriptURL",
                             e->handler);
            }
            return;
        }
    }
    mst_served *e = apr_array_push(b->served);
    e->path = path;
    e->handler = handler;
}

static const char *collect_dialog(apr_pool_t *p, server_rec *s, const mst_dir_conf *dc,
                                  const char *where, void *baton)
{
    if (mst_scope_inject(dc)) {
        add_served(baton, p, s, where, "SessionTimeoutScriptURL", mst_scope_script_url(dc),
                   MST_SCRIPT_HANDLER);
        add_served(baton, p, s, where, "SessionTimeoutStatusURL", mst_scope_status_url(dc),
                   MST_STATUS_HANDLER);
    }
    return NULL;
}

/* Builds the table of default-served dialog URLs of every server (the
 * script and the status handler of each scope with SessionTimeoutInjectScript
 * On answer at their configured URLs, with no SetHandler needed); warns about
 * a dialog that cannot work when warn is set. */
static void collect_served(apr_pool_t *pconf, apr_pool_t *ptemp, server_rec *main_s, int warn)
{
    for (server_rec *s = main_s; s; s = s->next) {
        mst_server_conf *sc = ap_get_module_config(s->module_config, &session_timeout_module);
        dialog_baton b = {pconf, NULL, warn};
        for_each_scope(ptemp, s, collect_dialog, &b);
        sc->served = b.served;
    }
}

/* Loads the key ring of every server; vhosts that inherit the main server's
 * secrets share its ring. Returns NULL or an error naming the vhost. */
static const char *load_keys(apr_pool_t *pconf, apr_pool_t *ptemp, server_rec *main_s)
{
    const mst_server_conf *main_sc =
        ap_get_module_config(main_s->module_config, &session_timeout_module);
    for (server_rec *s = main_s; s; s = s->next) {
        mst_server_conf *sc = ap_get_module_config(s->module_config, &session_timeout_module);
        if (s != main_s && sc->secret_specs == main_sc->secret_specs) {
            sc->keys = main_sc->keys;
            continue;
        }
        mst_keyring *ring = mst_keyring_make(pconf);
        for (int i = 0; sc->secret_specs && i < sc->secret_specs->nelts; i++) {
            const char *spec = APR_ARRAY_IDX(sc->secret_specs, i, const char *);
            const char *err = mst_secret_file_private(ptemp, spec);
            if (err == NULL) {
                err = mst_keyring_add_spec(ring, ptemp, spec);
            }
            if (err) {
                return apr_psprintf(ptemp, MST00002 "SessionTimeoutSecret of vhost %s: %s",
                                    vhost_label(ptemp, s), err);
            }
        }
        sc->keys = ring;
    }
    return NULL;
}

/* The cookie's prefix rules with the vhost's SessionTimeoutCookieSecure. */
static const char *check_cookie(apr_pool_t *p, server_rec *s)
{
    const mst_server_conf *sc = mst_config_server(s);
    const char *err = mst_cookie_config_check(
        p, mst_config_cookie_name(sc), mst_config_cookie_attrs(sc), mst_config_cookie_secure(sc));
    return err ? apr_psprintf(p, MST00040 "SessionTimeoutCookie %s of vhost %s: %s",
                              mst_config_cookie_name(sc), vhost_label(p, s), err)
               : NULL;
}

/* 1 if a directory path is "/" or the vhost's DocumentRoot (trailing slashes
 * ignored): a section that covers the whole site. */
static int is_site_root(const char *d, const char *docroot)
{
    apr_size_t n = strlen(d), m = docroot ? strlen(docroot) : 0;
    while (n > 1 && d[n - 1] == '/') {
        n--;
    }
    while (m > 1 && docroot[m - 1] == '/') {
        m--;
    }
    return (n == 1 && d[0] == '/') || (docroot && n == m && strncmp(d, docroot, n) == 0);
}

/* A start or end header in <Location /> or the <Directory> of the document
 * root is directory context, but it covers every response of the site like
 * a server-wide one: say so (SPEC section 9, Trust). */
static void warn_site_wide(apr_pool_t *p, server_rec *s)
{
    core_server_config *core = ap_get_core_module_config(s->module_config);
    apr_array_header_t *lists[2] = {core->sec_dir, core->sec_url};

    for (int l = 0; l < 2; l++) {
        for (int i = 0; lists[l] && i < lists[l]->nelts; i++) {
            ap_conf_vector_t *sec = APR_ARRAY_IDX(lists[l], i, ap_conf_vector_t *);
            core_dir_config *cd = ap_get_core_module_config(sec);
            const mst_dir_conf *dc = ap_get_module_config(sec, &session_timeout_module);
            const char *which = NULL;
            if (dc == NULL || cd->d == NULL || cd->r != NULL ||
                !is_site_root(cd->d, l == 0 ? core->ap_document_root : NULL)) {
                continue;
            }
            if (mst_scope_start_header(dc)) {
                which = "SessionTimeoutStartHeader";
            } else if (mst_scope_end_header(dc)) {
                which = "SessionTimeoutEndHeader";
            } else if (mst_scope_revoke_user_header(dc)) {
                which = "SessionTimeoutRevokeUserHeader";
            }
            if (which) {
                ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_WARNING, 0, NULL,
                             MST00042 "%s in <%s %s> of vhost %s covers the whole site: any "
                                      "response (a proxied widget, a CGI) can %s; move it to "
                                      "the <Location> of the login page or logout endpoint",
                             which, l == 0 ? "Directory" : "Location", cd->d, vhost_label(p, s),
                             mst_scope_start_header(dc) ? "start a session for any user name"
                                                        : "end the session");
            }
        }
    }
}

/* 1 if a's cookie is also b's session: a Domain cookie of the same name and
 * attributes, verified by the same keys (a host-only cookie is its own). */
static int shares_cookie(const mst_server_conf *a, const mst_server_conf *b)
{
    const char *attrs = mst_config_cookie_attrs(a);
    return a->keys == b->keys &&
           strcmp(mst_config_cookie_name(a), mst_config_cookie_name(b)) == 0 &&
           strcmp(attrs, mst_config_cookie_attrs(b)) == 0 &&
           ap_strcasestr(attrs, "domain=") != NULL;
}

/* Fills every server's site_limits (see mst_server_conf). */
static void collect_site_limits(apr_pool_t *pconf, server_rec *main_s)
{
    for (server_rec *s = main_s; s; s = s->next) {
        mst_server_conf *sc = ap_get_module_config(s->module_config, &session_timeout_module);
        sc->site_limits = apr_array_make(pconf, 1, sizeof(mst_effective));
        for (server_rec *v = main_s; v; v = v->next) {
            const mst_server_conf *vc = mst_config_server(v);
            const mst_dir_conf *base =
                ap_get_module_config(v->lookup_defaults, &session_timeout_module);
            const mst_effective *eff = mst_scope_effective(base);
            int dup = 0;
            if (!mst_scope_enforce(base) || (v != s && !shares_cookie(sc, vc))) {
                continue;
            }
            for (int i = 0; i < sc->site_limits->nelts && !dup; i++) {
                const mst_effective *e = &APR_ARRAY_IDX(sc->site_limits, i, mst_effective);
                dup = e->lifetime == eff->lifetime && e->inactivity == eff->inactivity;
            }
            if (!dup) {
                APR_ARRAY_PUSH(sc->site_limits, mst_effective) = *eff;
            }
        }
    }
}

int mst_config_check(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s)
{
    const char *err = load_keys(pconf, ptemp, s);
    if (err == NULL) {
        collect_site_limits(pconf, s);
    }
    /* The warnings go to the terminal of `httpd -t`; a server that starts
     * logs them in post_config, once, into its error log. */
    collect_served(pconf, ptemp, s, ap_state_query(AP_SQ_RUN_MODE) == AP_SQ_RM_CONFIG_TEST);
    /* `httpd -t` stops after this hook: warn here then; a real start warns
     * once, in post_config (this hook runs in both startup passes). */
    int warn = ap_state_query(AP_SQ_RUN_MODE) == AP_SQ_RM_CONFIG_TEST;
    /* warn once: in `httpd -t`, or in the second startup pass */
    int warn_once = ap_state_query(AP_SQ_MAIN_STATE) != AP_SQ_MS_CREATE_PRE_CONFIG || warn;
    for (server_rec *v = s; v && err == NULL; v = v->next) {
        err = for_each_scope(ptemp, v, check_scope, NULL);
        if (err == NULL) {
            err = check_sections(walk_server(ptemp, v), warn);
        }
        if (err == NULL) {
            err = check_cookie(ptemp, v);
        }
        if (err == NULL && warn_once) {
            warn_site_wide(ptemp, v);
        }
    }
    for (server_rec *v = s; v && err == NULL; v = v->next) {
        err = check_honest(ptemp, v);
    }
    if (err == NULL) {
        err = check_stores(pconf, ptemp, s);
    }
    if (err) {
        ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_CRIT, 0, NULL, "%s", err);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return OK;
}

/* ---- startup INFO log of the effective limits ------------------------------- */

static const char *log_scope(apr_pool_t *p, server_rec *s, const mst_dir_conf *dc,
                             const char *where, void *baton)
{
    const mst_server_conf *sc = mst_config_server(s);
    if (mst_scope_enforce(dc)) {
        ap_log_error(APLOG_MARK, APLOG_INFO, 0, s, MST00004 "vhost %s, %s: enforcing %s",
                     vhost_label(p, s), where, describe(p, dc, sc));
    }
    return NULL;
}

int mst_config_post(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s)
{
    /* The first of httpd's two startup passes only checks the config. */
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG) {
        return OK;
    }
    for (server_rec *v = s; v; v = v->next) {
        walk *w = walk_server(ptemp, v);
        log_scope(ptemp, v, w->base, "server config", NULL);
        (void)check_sections(w, 1); /* its warnings; its errors failed check_config */
        log_sections(w);
    }
    collect_served(pconf, ptemp, s, 1); /* the same table again, now with its warnings */
    return OK;
}

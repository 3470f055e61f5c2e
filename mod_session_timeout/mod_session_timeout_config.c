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
#include "apr_strings.h"

#include "mod_session_timeout_config.h"
#include "mod_session_timeout_logtags.h"
#include "mst_cookie.h"
#include "mst_duration.h"
#include "mst_session.h" /* MST_DEFAULT_SKEW */

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
    return sc;
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
    MERGE_PTR(cookie_attrs);
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

/* SessionTimeoutWarningHeader, SessionTimeoutStartHeader, SessionTimeoutEndHeader. */
static const char *set_header(cmd_parms *cmd, void *dcv, const char *arg)
{
    const char *err = mst_scope_set_header(cmd->pool, dcv, SETTING_OF(cmd), arg);
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
    sc->cookie_name = name;
    sc->cookie_attrs = attrs ? attrs : MST_DEFAULT_COOKIE_ATTRS;
    return NULL;
}

#define LIMIT_FIELD(f) ((void *)APR_OFFSETOF(mst_limits, f))
#define DIR_CTX        (RSRC_CONF | ACCESS_CONF)

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
    AP_INIT_TAKE1("SessionTimeoutLoginURL", set_login_url, NULL, DIR_CTX,
                  "re-authentication URL (an ap_expr string), or Off"),
    AP_INIT_TAKE1("SessionTimeoutReturnParam", set_return_param, NULL, DIR_CTX,
                  "query parameter carrying the original path (default return_to), or Off"),
    AP_INIT_RAW_ARGS("SessionTimeoutClearCookie", add_clear_cookie, NULL, DIR_CTX,
                     "other cookies expired together with the session: NAME [Path=/p/] "
                     "[Domain=d] ..."),
    AP_INIT_TAKE1("SessionTimeoutStartHeader", set_header, SETTING(MST_SCOPE_START_HEADER), DIR_CTX,
                  "backend response header whose value (a user name) starts a session, or Off"),
    AP_INIT_TAKE1("SessionTimeoutEndHeader", set_header, SETTING(MST_SCOPE_END_HEADER), DIR_CTX,
                  "backend response header that ends the session, or Off"),
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
    err = mst_limits_check(p, mst_scope_limits(dc));
    if (err) {
        return apr_psprintf(p, MST00003 "%s in %s%s%s%s of vhost %s", err, where,
                            dc->where ? " (" : "", dc->where ? dc->where : "", dc->where ? ")" : "",
                            vhost_label(p, s));
    }
    return NULL;
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
    for (server_rec *v = s; v && err == NULL; v = v->next) {
        err = for_each_scope(ptemp, v, check_scope, NULL);
    }
    if (err) {
        ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_CRIT, 0, NULL, "%s", err);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return OK;
}

/* ---- startup INFO log of the effective limits ------------------------------- */

static const char *describe(apr_pool_t *p, const mst_dir_conf *dc, const mst_server_conf *sc)
{
    const mst_effective *eff = mst_scope_effective(dc);
    return apr_psprintf(
        p,
        "lifetime=%s inactivity=%s warning=%s refresh=%s profile=%s skew=%s cookie=%s "
        "login_url=%s keys=%d signing_kid=%s",
        mst_duration_format(p, eff->lifetime), mst_duration_format(p, eff->inactivity),
        mst_duration_format(p, eff->warning), mst_duration_format(p, eff->refresh),
        mst_profile_name(mst_scope_limits(dc)->profile),
        mst_duration_format(p, mst_config_skew(sc)), mst_config_cookie_name(sc),
        mst_config_login_url(dc) ? "set" : "none", mst_keyring_count(sc->keys),
        mst_keyring_count(sc->keys) ? mst_keyring_kid(sc->keys, 0) : "-");
}

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
        for_each_scope(ptemp, v, log_scope, NULL);
    }
    return OK;
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_config.h: the configuration of the httpd glue: the
 * server and per-directory records, their accessors, create/merge, the
 * startup checks and the directive table (mod_session_timeout_config.c).
 *
 * Glue, the floor of the glue files: it includes no other glue header. The
 * values' rules, the per-directory merge included, live in the core
 * (mst_scope, mst_limits, mst_keys). */
#ifndef MOD_SESSION_TIMEOUT_CONFIG_H
#define MOD_SESSION_TIMEOUT_CONFIG_H

#include "httpd.h"
#include "http_config.h"
#include "ap_expr.h"

#include "mod_session_timeout_logtags.h"
#include "mst_cookie.h"
#include "mst_keys.h"
#include "mst_scope.h"
#include "mst_store.h"

#define MST_DEFAULT_COOKIE_NAME  "session_timeout"
#define MST_DEFAULT_COOKIE_ATTRS "Path=/; HttpOnly; SameSite=Lax"

/* Per server (vhost). Unset fields are NULL / MST_UNSET and inherit from
 * the main server; the keyring is built in check_config and read-only after. */
typedef struct mst_server_conf {
    apr_array_header_t *secret_specs; /* const char *: "file:..." / "env:..."; NULL: inherit */
    const mst_keyring *keys;          /* loaded from secret_specs at check_config */
    apr_int64_t skew;                 /* seconds, MST_UNSET: default */
    const char *cookie_name;          /* NULL: default */
    /* mst_effective: the limits of every enforcing vhost-level scope where
     * this server's cookie is also a session (this server's own, and those
     * of the vhosts that share a Domain cookie with it: same name,
     * attributes and keys), duplicates dropped; set by check_config. A
     * session still valid under one of them is not ended by a stricter
     * scope (SPEC section 4 step 5). */
    apr_array_header_t *site_limits;
    const char *cookie_attrs;     /* NULL: default */
    struct mst_counters *metrics; /* this vhost's counters in shared memory, set by
                                     mst_metrics_post_config; NULL before */
    int token_mint;               /* SessionTimeoutTokenFormat: 1 or 2; 0: default (1) */
    unsigned token_accept;        /* versions accepted (MST_TOKEN_V1|V2 bits); 0: default */
    /* The dialog's URLs the module serves without a SetHandler: the script
     * and status URL paths of every scope with SessionTimeoutInjectScript On
     * (mst_served), built at check_config, read-only after; NULL: none. */
    apr_array_header_t *served;
    int cookie_secure; /* mst_cookie_secure_mode; -1: default (Auto) */
    /* the revocation store (SPEC section 10); unset: NULL / MST_UNSET / -1 */
    const char *store_spec;          /* SessionTimeoutStore as written; NULL: inherit */
    mst_store_url store_url;         /* parsed store_spec (kind OFF while unset) */
    const char *store_auth_spec;     /* SessionTimeoutStoreAuth: file:/env:; NULL: none */
    const char *store_context;       /* SessionTimeoutStoreContext; NULL: the cookie name */
    apr_int64_t store_timeout_ms;    /* SessionTimeoutStoreTimeout; MST_UNSET: default */
    int store_closed;                /* SessionTimeoutStoreFailure: 1 closed, 0 open, -1 unset */
    apr_int64_t store_retry;         /* SessionTimeoutStoreRetry, seconds; MST_UNSET: default */
    apr_int64_t revocation_delay_ms; /* SessionTimeoutRevocationDelay; MST_UNSET: default */
    /* set at check_config, read-only after */
    const char *store_user;     /* AUTH user, NULL for none */
    const char *store_password; /* AUTH password, NULL for none; never logged */
    apr_int64_t store_ttl;      /* seconds a revocation entry lives */
    /* set at post_config (mod_session_timeout_store.c), read-only after */
    struct mst_store_rt *store; /* NULL: no store */
} mst_server_conf;

/* The handlers' names (SetHandler NAME). */
#define MST_STATUS_HANDLER  "session-timeout-status"
#define MST_LOGOUT_HANDLER  "session-timeout-logout"
#define MST_SCRIPT_HANDLER  "session-timeout-script"
#define MST_METRICS_HANDLER "session-timeout-metrics"
#define MST_ADMIN_HANDLER   "session-timeout-admin"

/* One URL path the module serves by default, and with which handler. */
typedef struct mst_served {
    const char *path;    /* the configured URL up to '?' or '#' */
    const char *handler; /* MST_SCRIPT_HANDLER or MST_STATUS_HANDLER */
} mst_served;

/* Per directory / location: the core's scope (one set bit per setting,
 * defaults applied by its accessors, mst_scope.h). Its opaque login URL is an
 * ap_expr_info_t, read through mst_config_login_url(). */
typedef mst_scope mst_dir_conf;

/* Server accessors: defaults applied when read. */
const char *mst_config_cookie_name(const mst_server_conf *sc);
const char *mst_config_cookie_attrs(const mst_server_conf *sc);
apr_int64_t mst_config_skew(const mst_server_conf *sc);
/* The store settings, defaults applied (SPEC section 10). */
int mst_config_has_store(const mst_server_conf *sc);
const char *mst_config_store_context(const mst_server_conf *sc);
apr_int64_t mst_config_store_timeout_ms(const mst_server_conf *sc);
int mst_config_store_closed(const mst_server_conf *sc);
apr_int64_t mst_config_store_retry(const mst_server_conf *sc);
apr_int64_t mst_config_revocation_delay_ms(const mst_server_conf *sc);
/* SessionTimeoutTokenFormat: the version minted (1 or 2) and the mask of the
 * versions accepted (mst_token_v2.h; always includes the minted one). */
int mst_config_token_mint(const mst_server_conf *sc);
unsigned mst_config_token_versions(const mst_server_conf *sc);
mst_cookie_secure_mode mst_config_cookie_secure(const mst_server_conf *sc);

/* SessionTimeoutLoginURL: the parsed expression, NULL when Off or not set. */
static inline const ap_expr_info_t *mst_config_login_url(const mst_dir_conf *dc)
{
    return mst_scope_login_url(dc);
}

/* The configuration that applies to r (its per-directory merge) and to
 * server s. */
static inline const mst_dir_conf *mst_config_dir(const request_rec *r)
{
    return ap_get_module_config(r->per_dir_config, &session_timeout_module);
}

static inline const mst_server_conf *mst_config_server(const server_rec *s)
{
    return ap_get_module_config(s->module_config, &session_timeout_module);
}

/* The handler that serves r's URL path by default (it is a dialog URL of a
 * scope with SessionTimeoutInjectScript On in r's vhost), or NULL. */
const char *mst_config_served_handler(const request_rec *r);

/* mod_session_timeout_config.c: the module record's config functions and
 * the check_config / post_config hooks */
extern const command_rec mst_config_directives[];
void *mst_config_create_dir(apr_pool_t *p, char *dir);
void *mst_config_merge_dir(apr_pool_t *p, void *base, void *add);
void *mst_config_create_server(apr_pool_t *p, server_rec *s);
void *mst_config_merge_server(apr_pool_t *p, void *base, void *add);
int mst_config_check(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s);
int mst_config_post(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s);

#endif

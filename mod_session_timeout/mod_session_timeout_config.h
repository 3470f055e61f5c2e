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

#include "mst_keys.h"
#include "mst_scope.h"

/* Per server (vhost). Unset fields are NULL / MST_UNSET and inherit from
 * the main server; the keyring is built in check_config and read-only after. */
typedef struct mst_server_conf {
    apr_array_header_t *secret_specs; /* const char *: "file:..." / "env:..."; NULL: inherit */
    const mst_keyring *keys;          /* loaded from secret_specs at check_config */
    apr_int64_t skew;                 /* seconds, MST_UNSET: default */
    const char *cookie_name;          /* NULL: default */
    const char *cookie_attrs;         /* NULL: default */
} mst_server_conf;

/* Per directory / location: the core's scope (one set bit per setting,
 * defaults applied by its accessors, mst_scope.h). Its opaque login URL is an
 * ap_expr_info_t, read through mst_login_url(). */
typedef mst_scope mst_dir_conf;

/* Server accessors: defaults applied when read. */
const char *mst_cookie_name(const mst_server_conf *sc);
const char *mst_cookie_attrs(const mst_server_conf *sc);
apr_int64_t mst_skew(const mst_server_conf *sc);

/* SessionTimeoutLoginURL: the parsed expression, NULL when Off or not set. */
static inline const ap_expr_info_t *mst_login_url(const mst_dir_conf *dc)
{
    return mst_scope_login_url(dc);
}

/* mod_session_timeout_config.c */
extern const command_rec mst_directives[];
void *mst_create_dir_conf(apr_pool_t *p, char *dir);
void *mst_merge_dir_conf(apr_pool_t *p, void *base, void *add);
void *mst_create_server_conf(apr_pool_t *p, server_rec *s);
void *mst_merge_server_conf(apr_pool_t *p, void *base, void *add);
int mst_check_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s);
int mst_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s);

#endif

/* mod_session_timeout_config.h: the configuration of the httpd glue: the
 * server and per-directory records, their accessors, create/merge, the
 * startup checks and the directive table (mod_session_timeout_config.c).
 *
 * Glue, the floor of the glue files: it includes no other glue header. The
 * values' rules live in the core (mst_limits, mst_keys). */
#ifndef MOD_SESSION_TIMEOUT_CONFIG_H
#define MOD_SESSION_TIMEOUT_CONFIG_H

#include "httpd.h"
#include "http_config.h"
#include "ap_expr.h"

#include "mst_keys.h"
#include "mst_limits.h"

#define MST_DEFAULT_COOKIE_NAME    "session_timeout"
#define MST_DEFAULT_COOKIE_ATTRS   "Path=/; HttpOnly; SameSite=Lax"
#define MST_DEFAULT_WARNING_HEADER "Session-Timeout-Warning"
#define MST_DEFAULT_RETURN_PARAM   "return_to"
#define MST_DEFAULT_SKEW           30
#define MST_DIALOG_TEXTS           6 /* title, inactivity, lifetime, stay, signout, ok */

/* Marks a string setting explicitly turned off (distinct from unset, NULL). */
extern const char mst_off[];

/* Per server (vhost). Unset fields are NULL / MST_UNSET and inherit from
 * the main server; the keyring is built in check_config and read-only after. */
typedef struct mst_server_conf {
    apr_array_header_t *secret_specs; /* const char *: "file:..." / "env:..."; NULL: inherit */
    const mst_keyring *keys;          /* loaded from secret_specs at check_config */
    apr_int64_t skew;                 /* seconds, MST_UNSET: default */
    const char *cookie_name;          /* NULL: default */
    const char *cookie_attrs;         /* NULL: default */
} mst_server_conf;

/* The browser dialog (mod_session_timeout_inject.c). Unset: -1 / NULL. */
typedef struct mst_inject_conf {
    int enabled;                         /* SessionTimeoutInjectScript: -1 unset, 0, 1 */
    const char *script_url;              /* SessionTimeoutScriptURL; NULL: default */
    const char *status_url;              /* SessionTimeoutStatusURL; NULL: default */
    const char *logout_url;              /* SessionTimeoutLogoutURL; NULL: unset; mst_off: none */
    const char *texts[MST_DIALOG_TEXTS]; /* SessionTimeoutDialogText; NULL: the script's own */
} mst_inject_conf;

/* Per directory / location. Unset fields inherit; defaults apply when read. */
typedef struct mst_dir_conf {
    int enforce;                /* SessionTimeout: -1 unset, 0, 1 */
    int activity;               /* SessionTimeoutActivity: -1 unset, 0, 1 */
    mst_limits limits;          /* as configured, with MST_UNSET sentinels */
    mst_effective eff;          /* limits with defaults, recomputed on every set/merge */
    const char *warning_header; /* NULL: default */
    ap_expr_info_t *login_url;  /* NULL: none */
    int login_url_set;
    const char *return_param;          /* NULL: default; mst_off: Off */
    apr_array_header_t *clear_cookies; /* const char *; NULL: inherit */
    const char *start_header;          /* NULL: unset; mst_off: none */
    const char *end_header;            /* NULL: unset; mst_off: none */
    mst_inject_conf inject;            /* the browser dialog */
} mst_dir_conf;

/* Effective accessors: defaults applied when read. */
const char *mst_cookie_name(const mst_server_conf *sc);
const char *mst_cookie_attrs(const mst_server_conf *sc);
apr_int64_t mst_skew(const mst_server_conf *sc);
const char *mst_warning_header(const mst_dir_conf *dc);
const char *mst_return_param(const mst_dir_conf *dc); /* NULL when Off */
const char *mst_start_header(const mst_dir_conf *dc); /* NULL when none */
const char *mst_end_header(const mst_dir_conf *dc);   /* NULL when none */

/* mod_session_timeout_config.c */
extern const command_rec mst_directives[];
void *mst_create_dir_conf(apr_pool_t *p, char *dir);
void *mst_merge_dir_conf(apr_pool_t *p, void *base, void *add);
void *mst_create_server_conf(apr_pool_t *p, server_rec *s);
void *mst_merge_server_conf(apr_pool_t *p, void *base, void *add);
int mst_check_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s);
int mst_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s);

/* mod_session_timeout_inject.c */
void mst_inject_init(mst_inject_conf *ic);
void mst_inject_merge(const mst_inject_conf *base, const mst_inject_conf *add,
                      mst_inject_conf *out);
const char *mst_inject_set_enabled(cmd_parms *cmd, void *dcv, int on);
const char *mst_inject_set_url(cmd_parms *cmd, void *dcv, const char *arg);
const char *mst_inject_set_text(cmd_parms *cmd, void *dcv, const char *key, const char *text);

#endif

/* mod_session_timeout.h: private header of the httpd glue.
 *
 * Shared by the mod_session_timeout*.c files only: the per-request state and
 * the functions the glue files call in each other; it includes the
 * configuration's own header, mod_session_timeout_config.h.
 * The decisions themselves live in the pure core (mst_*.h); this layer only
 * translates between httpd and the core. */
#ifndef MOD_SESSION_TIMEOUT_H
#define MOD_SESSION_TIMEOUT_H

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "ap_expr.h"

#include "mod_session_timeout_config.h"
#include "mod_session_timeout_logtags.h"
#include "mst_cache.h"
#include "mst_keys.h"
#include "mst_limits.h"
#include "mst_policy.h"
#include "mst_session.h" /* MST_DEFAULT_SKEW */
#include "mst_token.h"

APLOG_USE_MODULE(session_timeout);
extern module AP_MODULE_DECLARE_DATA session_timeout_module;

#define MST_FILTER_NAME        "SESSION_TIMEOUT"
#define MST_INJECT_FILTER_NAME "SESSION_TIMEOUT_INJECT"
#define MST_SCRIPT_HANDLER     "session-timeout-script"

/* What the first evaluation of a top-level request found; kept in the top
 * request's request_config so subrequests and internal redirects reuse it. */
typedef struct mst_request_state {
    int evaluated;    /* verdict below is meaningful */
    int rejected;     /* we answered with a redirect or 401 */
    int headers_done; /* response headers (cookie, warning) already applied */
    int json_body;    /* our 401 carries the JSON body: the filter sets its type */
    mst_token_status status;
    int has_token;   /* a cookie of our name was present */
    mst_token token; /* the verified token (valid when status == MST_TOKEN_OK) */
    mst_decision decision;
    apr_int64_t now; /* request time, Unix seconds */
} mst_request_state;

/* mod_session_timeout_request.c */
int mst_header_parser(request_rec *r);
request_rec *mst_top_request(request_rec *r);
mst_token_cache *mst_conn_cache(conn_rec *c);
mst_request_state *mst_state(request_rec *r, int create);
void mst_evaluate(request_rec *r, mst_request_state *st, const mst_dir_conf *dc,
                  const mst_server_conf *sc, int activity);

/* mod_session_timeout_cookies.c */
int mst_is_https(request_rec *r);
void mst_set_session_cookie(request_rec *r, const mst_server_conf *sc, const char *value);
void mst_expire_cookies(request_rec *r, const mst_server_conf *sc, const mst_dir_conf *dc);
const char *mst_mint_cookie(request_rec *r, const mst_server_conf *sc, const char *sid,
                            apr_int64_t created, apr_int64_t last, const char *user,
                            apr_size_t user_len);

/* mod_session_timeout_filter.c */
apr_status_t mst_output_filter(ap_filter_t *f, apr_bucket_brigade *bb);
void mst_insert_error_filter(request_rec *r);
void mst_apply_response_headers(request_rec *r);

/* mod_session_timeout_inject.c */
int mst_inject_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s);
int mst_script_handler(request_rec *r);
void mst_inject_insert_filter(request_rec *r);
apr_status_t mst_inject_output_filter(ap_filter_t *f, apr_bucket_brigade *bb);

/* mod_session_timeout_handlers.c */
int mst_handler(request_rec *r);
int mst_is_own_handler(request_rec *r);

#endif

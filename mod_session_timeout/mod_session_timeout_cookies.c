/* mod_session_timeout_cookies.c: writing our cookie and expiring cookies.
 *
 * Glue: the formats come from the core (mst_cookie_format, mst_cache_mint);
 * this file only decides Secure from the request scheme and puts the
 * Set-Cookie headers into err_headers_out (see the header). */
#include <string.h>

#include "httpd.h"
#include "http_log.h"
#include "http_protocol.h"
#include "apr_strings.h"

#include "mod_session_timeout_cookies.h"
#include "mod_session_timeout_logtags.h"
#include "mod_session_timeout_state.h"
#include "mst_cookie.h"

static int is_https(request_rec *r)
{
    return strcmp(ap_http_scheme(r), "https") == 0;
}

static void set_session_cookie(request_rec *r, const mst_server_conf *sc, const char *value)
{
    apr_table_addn(r->err_headers_out, "Set-Cookie",
                   mst_cookie_format(r->pool, mst_config_cookie_name(sc), value,
                                     mst_config_cookie_attrs(sc), is_https(r), 0));
}

void mst_cookies_expire(request_rec *r, const mst_server_conf *sc, const mst_dir_conf *dc)
{
    const apr_array_header_t *clear = mst_scope_clear_cookies(dc);
    int secure = is_https(r);
    apr_table_addn(r->err_headers_out, "Set-Cookie",
                   mst_cookie_format(r->pool, mst_config_cookie_name(sc), "",
                                     mst_config_cookie_attrs(sc), secure, 1));
    for (int i = 0; clear && i < clear->nelts; i++) {
        /* The application's cookies, each with the Path (default /) and
         * Domain it was set with: a browser drops a cookie only for those. */
        const mst_clear_cookie *c = &APR_ARRAY_IDX(clear, i, mst_clear_cookie);
        apr_table_addn(r->err_headers_out, "Set-Cookie",
                       mst_cookie_format(r->pool, c->name, "", c->attrs, secure, 1));
    }
}

const char *mst_cookies_mint(request_rec *r, const mst_server_conf *sc, const char *sid,
                             apr_int64_t created, apr_int64_t last, const char *user,
                             apr_size_t user_len)
{
    apr_size_t len;
    const char *value;

    if (mst_keyring_count(sc->keys) == 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, MST00013 "no SessionTimeoutSecret to sign with");
        return NULL;
    }
    value = mst_cache_mint(mst_state_conn_cache(r->connection), sc->keys, sid, created, last, user,
                           user_len, &len);
    if (value == NULL) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, MST00012 "could not mint a session token");
        return NULL;
    }
    /* The cache's buffer is reused by the next mint: copy into the request. */
    value = apr_pstrmemdup(r->pool, value, len);
    set_session_cookie(r, sc, value);
    return value;
}

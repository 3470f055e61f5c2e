/* mod_session_timeout_cookies.c: writing our cookie and expiring cookies.
 *
 * Glue: the formats come from the core (mst_cookie_format, mst_token_mint);
 * this file only decides Secure from the request scheme and puts the
 * Set-Cookie headers into err_headers_out, which httpd keeps on redirects
 * and error responses too. */
#include <string.h>

#include "httpd.h"
#include "http_log.h"
#include "http_protocol.h"
#include "apr_strings.h"

#include "mod_session_timeout.h"
#include "mst_cookie.h"

int mst_is_https(request_rec *r)
{
    return strcmp(ap_http_scheme(r), "https") == 0;
}

void mst_set_session_cookie(request_rec *r, const mst_server_conf *sc, const char *value)
{
    apr_table_addn(r->err_headers_out, "Set-Cookie",
                   mst_cookie_format(r->pool, mst_cookie_name(sc), value, mst_cookie_attrs(sc),
                                     mst_is_https(r), 0));
}

void mst_expire_cookies(request_rec *r, const mst_server_conf *sc, const mst_dir_conf *dc)
{
    const apr_array_header_t *clear = mst_scope_clear_cookies(dc);
    int secure = mst_is_https(r);
    apr_table_addn(
        r->err_headers_out, "Set-Cookie",
        mst_cookie_format(r->pool, mst_cookie_name(sc), "", mst_cookie_attrs(sc), secure, 1));
    for (int i = 0; clear && i < clear->nelts; i++) {
        /* The application's cookies: Path=/ is the common case; see README. */
        apr_table_addn(r->err_headers_out, "Set-Cookie",
                       mst_cookie_format(r->pool, APR_ARRAY_IDX(clear, i, const char *), "",
                                         "Path=/", secure, 1));
    }
}

const char *mst_mint_cookie(request_rec *r, const mst_server_conf *sc, const char *sid,
                            apr_int64_t created, apr_int64_t last, const char *user,
                            apr_size_t user_len)
{
    apr_size_t len;
    const char *value;

    if (mst_keyring_count(sc->keys) == 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, MST00013 "no SessionTimeoutSecret to sign with");
        return NULL;
    }
    value = mst_cache_mint(mst_conn_cache(r->connection), sc->keys, sid, created, last, user,
                           user_len, &len);
    if (value == NULL) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, MST00012 "could not mint a session token");
        return NULL;
    }
    /* The cache's buffer is reused by the next mint: copy into the request. */
    value = apr_pstrmemdup(r->pool, value, len);
    mst_set_session_cookie(r, sc, value);
    return value;
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_cookies.c: writing our cookie and expiring cookies.
 *
 * Glue: the formats come from the core (mst_cookie_format,
 * mst_cache_mint_version); this file only decides Secure
 * (SessionTimeoutCookieSecure and the request scheme), draws the nonce of a
 * token v2 and puts the Set-Cookie headers into err_headers_out (see the
 * header). */
#include <string.h>

#include "httpd.h"
#include "http_log.h"
#include "http_protocol.h"
#include "apr_general.h"
#include "apr_atomic.h"
#include "apr_strings.h"

#include "mod_session_timeout_cookies.h"
#include "mod_session_timeout_logtags.h"
#include "mod_session_timeout_state.h"
#include "mst_cookie.h"

static int is_https(request_rec *r)
{
    return strcmp(ap_http_scheme(r), "https") == 0;
}

/* Set once per child: the first prefixed cookie sent without Secure. */
static volatile apr_uint32_t warned_insecure_prefix;

/* Whether our cookie is Secure on r (SessionTimeoutCookieSecure, SPEC
 * section 9). A __Host-/__Secure- cookie without it is dropped by browsers
 * (the login loops): said once per child, without any cookie value. */
static int session_cookie_secure(request_rec *r, const mst_server_conf *sc)
{
    const char *name = mst_config_cookie_name(sc);
    int secure = mst_cookie_is_secure(mst_config_cookie_secure(sc), mst_config_cookie_attrs(sc),
                                      is_https(r));
    if (!secure && mst_cookie_prefix(name) != NULL &&
        apr_atomic_cas32(&warned_insecure_prefix, 1, 0) == 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      MST00041 "the cookie %s needs Secure, but this request came over plain "
                               "http and SessionTimeoutCookieSecure is Auto: browsers drop the "
                               "cookie, so logins loop. Serve https, or set "
                               "SessionTimeoutCookieSecure On behind a TLS-terminating proxy "
                               "(logged once per process)",
                      name);
    }
    return secure;
}

static void set_session_cookie(request_rec *r, const mst_server_conf *sc, const char *value)
{
    apr_table_addn(r->err_headers_out, "Set-Cookie",
                   mst_cookie_format(r->pool, mst_config_cookie_name(sc), value,
                                     mst_config_cookie_attrs(sc), session_cookie_secure(r, sc), 0));
}

void mst_cookies_expire_session(request_rec *r, const mst_server_conf *sc)
{
    apr_table_addn(r->err_headers_out, "Set-Cookie",
                   mst_cookie_format(r->pool, mst_config_cookie_name(sc), "",
                                     mst_config_cookie_attrs(sc), is_https(r), 1));
}

void mst_cookies_expire(request_rec *r, const mst_server_conf *sc, const mst_dir_conf *dc)
{
    const apr_array_header_t *clear = mst_scope_clear_cookies(dc);
    /* the application's cookies: Secure as SessionTimeoutCookieSecure says */
    int secure = mst_cookie_is_secure(mst_config_cookie_secure(sc), NULL, is_https(r));
    apr_table_addn(r->err_headers_out, "Set-Cookie",
                   mst_cookie_format(r->pool, mst_config_cookie_name(sc), "",
                                     mst_config_cookie_attrs(sc), session_cookie_secure(r, sc), 1));
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
    unsigned char nonce[MST_AEAD_NONCE_LEN];
    int version = mst_config_token_mint(sc);

    if (mst_keyring_count(sc->keys) == 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, MST00013 "no SessionTimeoutSecret to sign with");
        return NULL;
    }
    /* A fresh nonce for every v2 mint (the cache returns its remembered text,
     * a valid token, when the inputs are those of its last mint). */
    if (version == 2 && apr_generate_random_bytes(nonce, sizeof(nonce)) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, MST00054 "no random bytes for a token nonce");
        return NULL;
    }
    value = mst_cache_mint_version(mst_state_conn_cache(r->connection), sc->keys, version,
                                   version == 2 ? nonce : NULL, sid, created, last, user, user_len,
                                   &len);
    if (value == NULL) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, MST00012 "could not mint a session token");
        return NULL;
    }
    /* The cache's buffer is reused by the next mint: copy into the request. */
    value = apr_pstrmemdup(r->pool, value, len);
    set_session_cookie(r, sc, value);
    return value;
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_cookies.h: the Set-Cookie headers the module writes:
 * our session cookie, minted through the connection's token cache, and the
 * expiry of ours and of the application's SessionTimeoutClearCookie ones.
 *
 * Glue, layer 4: above the request state (for the connection cache) and the
 * configuration. Every header goes into err_headers_out, which httpd keeps
 * on redirects and error responses too. */
#ifndef MOD_SESSION_TIMEOUT_COOKIES_H
#define MOD_SESSION_TIMEOUT_COOKIES_H

#include "mod_session_timeout_config.h"

/* Mints a token (sid, created, last, user of user_len bytes) with sc's
 * signing key and sets it as our cookie on r. Returns the token (from r's
 * pool), or NULL after logging why none could be minted. */
const char *mst_cookies_mint(request_rec *r, const mst_server_conf *sc, const char *sid,
                             apr_int64_t created, apr_int64_t last, const char *user,
                             apr_size_t user_len);

/* Expires our cookie (only) on r. */
void mst_cookies_expire_session(request_rec *r, const mst_server_conf *sc);

/* Expires our cookie and every SessionTimeoutClearCookie of dc on r. */
void mst_cookies_expire(request_rec *r, const mst_server_conf *sc, const mst_dir_conf *dc);

#endif

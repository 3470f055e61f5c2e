/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_login.h: login requests and the application's own
 * session cookie: whether a request without a session is a login request
 * (SessionTimeoutLoginRequest; a form POST's body is read here and replayed
 * to the handler), the removal of the session cookies from such a request,
 * and what a response does to the application's cookie
 * (SessionTimeoutStartOnCookie).
 *
 * Glue, layer 4: above the configuration; the rules are the core's
 * (mst_login, mst_cookie). */
#ifndef MOD_SESSION_TIMEOUT_LOGIN_H
#define MOD_SESSION_TIMEOUT_LOGIN_H

#include "mod_session_timeout_config.h"
#include "mst_cookie.h"

/* Registers the input filter that replays a body read by mst_login_check
 * (from register_hooks). */
void mst_login_register(void);

/* OK if r, a top-level request, is a login request of dc: a GET or HEAD
 * whose query, or a POST whose application/x-www-form-urlencoded body of at
 * most MST_LOGIN_BODY_MAX bytes, satisfies the scope's form field rules; the
 * body is then replayed to whatever reads it next. DECLINED if not (a body
 * read for the check is gone then; the caller rejects the request), or an
 * HTTP status when the client's body could not be read. */
int mst_login_check(request_rec *r, const mst_dir_conf *dc);

/* Removes our cookie, the start cookie and every SessionTimeoutClearCookie
 * of dc from r's Cookie header (the whole header when nothing is left), so
 * the application sees an anonymous request. */
void mst_login_strip_cookies(request_rec *r, const mst_server_conf *sc, const mst_dir_conf *dc);

/* What r's response does to the cookie name: the last Set-Cookie of that
 * name in err_headers_out then headers_out (the order httpd sends them). */
mst_set_cookie_effect mst_login_app_cookie(request_rec *r, const char *name);

#endif

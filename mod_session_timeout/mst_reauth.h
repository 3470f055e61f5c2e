/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_reauth.h: what a request without a valid session is told: navigation vs
 * script, the safe return path, the login Location, the JSON bodies and the
 * warning header value.
 *
 * Pure core: APR only, no httpd headers. Everything that decides where a user
 * is sent lives here so the open-redirect rules are unit-tested and fuzzed
 * without httpd. */
#ifndef MST_REAUTH_H
#define MST_REAUTH_H

#include <apr_pools.h>

/* 1 if a request is a page navigation (redirect it), 0 if scripted (answer
 * 401 JSON). Inputs are the raw request header values or NULL: navigation
 * means no Sec-Fetch-Mode or "navigate", no "X-Requested-With:
 * XMLHttpRequest", and an Accept that admits HTML (absent, text/html,
 * application/xhtml+xml, text/ or a wildcard with q > 0). */
int mst_is_navigation(const char *sec_fetch_mode, const char *x_requested_with, const char *accept);

/* 1 if s is a safe local target: starts with exactly one '/', and contains no
 * backslash, no control character, no space and nothing outside printable
 * ASCII, so no browser can read it as another host ("//host", "/\host",
 * "/\t/host"). */
int mst_local_path_is_safe(const char *s);

/* The return target for a request: path (raw, still percent-encoded, as in the
 * request line) plus "?query" if query is non-empty; "/" if that is not a
 * safe local path. Result from p. */
const char *mst_return_target(apr_pool_t *p, const char *path, const char *query);

/* The origin-form part ("/path?query") of a raw request target as sent on
 * the request line: the target itself when it starts with '/', the part after
 * "scheme://authority" for an absolute-form target, else NULL ("*",
 * garbage). Points into target; a "#fragment" is the caller's to drop. */
const char *mst_origin_form(const char *target);

/* The path?query of referer if it has exactly the given origin
 * ("scheme://host[:port]", compared without case), else NULL. A fragment is
 * dropped. The result is checked with mst_local_path_is_safe. */
const char *mst_referer_local_target(apr_pool_t *p, const char *referer, const char *origin);

/* Percent-encodes s for a query parameter value: everything except
 * A-Z a-z 0-9 - . _ ~ and '/' becomes %XX. Result from p. */
char *mst_query_encode(apr_pool_t *p, const char *s);

/* login_url with "param=<encoded target>" appended (with '?' or '&', before
 * any '#fragment'). param NULL or target NULL: login_url unchanged. */
const char *mst_login_location(apr_pool_t *p, const char *login_url, const char *param,
                               const char *target);

/* s as a JSON string literal with quotes, escaping '"', '\\', control
 * characters and '<', '>', '&' (safe to embed in HTML too). NULL gives null. */
char *mst_json_string(apr_pool_t *p, const char *s);

/* The 401 body for scripted requests: {"error":"session_expired" (or
 * "login_required" when reason is "missing"),"reason":...,"login_url":...};
 * login_url may be NULL (then null). */
char *mst_expired_json(apr_pool_t *p, const char *reason, const char *login_url);

/* The warning header value: "remaining=287, limit=inactivity" (RFC 8941
 * dictionary). */
char *mst_warning_value(apr_pool_t *p, apr_int64_t remaining, const char *limit);

/* The Cache-Control value for a response of a valid session (SPEC section 9):
 * what the application sent (app: all its Cache-Control values joined by
 * ", ", or NULL) merged so that no shared cache stores the response:
 * "public", "s-maxage" and a field-limited private="..." are dropped and a
 * plain "private" is added; fields (NULL or a comma-separated list of header
 * names, e.g. "Set-Cookie, Session-Timeout-Warning") are added to a
 * no-cache="..." directive, merged with one the application sent, unless the
 * response is already "no-store" or plain "no-cache". Directives are
 * compared case-insensitively; quoted strings are kept intact. From p, or
 * the static "private" when app and fields are both NULL (the common case). */
const char *mst_cache_control_private(apr_pool_t *p, const char *app, const char *fields);

/* 1 if a keep-alive POST to the status handler may extend the session
 * (SPEC section 9, Trust): it carries X-Requested-With: XMLHttpRequest, which
 * a page of another origin cannot send without a CORS preflight, and, where
 * the client sends them, Sec-Fetch-Site: same-origin and an Origin equal to
 * own_origin (scheme://host[:port] of this server as the client addressed
 * it; compared case-insensitively, a default port may be left out on either
 * side). Any argument may be NULL (header absent). */
int mst_keepalive_allowed(const char *x_requested_with, const char *sec_fetch_site,
                          const char *origin, const char *own_origin);

#endif

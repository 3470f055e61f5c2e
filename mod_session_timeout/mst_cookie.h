/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_cookie.h: finding our cookie in a Cookie header and writing Set-Cookie values.
 *
 * Pure core: APR only, no httpd headers. The scanner makes one pass over the
 * header without copying or allocating; it follows RFC 6265 section 5.4
 * loosely the way browsers send cookies ("a=b; c=d"), trims optional
 * whitespace, and leaves quoting alone (a quoted value will not verify).
 * Pairs are separated by ';' only (SPEC section 9): browsers keep commas
 * inside cookie values, so another cookie's value may read "x,NAME=...".
 * Within a cookie of our name, a ',' ends the value and the scan continues
 * after it: our values never contain one, and httpd joins a repeated Cookie
 * header field with ", ". */
#ifndef MST_COOKIE_H
#define MST_COOKIE_H

#include <apr_pools.h>
#include <apr_tables.h>

/* Finds the next cookie called name (name_len bytes, case-sensitive) in the
 * NUL-terminated header text starting at *cursor. On success returns 1, points
 * *value at its value (value_len bytes, not NUL-terminated, inside the header)
 * and advances *cursor past it; returns 0 when there are no more. */
int mst_cookie_next(const char **cursor, const char *name, apr_size_t name_len, const char **value,
                    apr_size_t *value_len);

/* Builds a Set-Cookie header value from p: "name=value; attrs[; Secure]".
 * With expire set, value is emptied and Max-Age=0 plus an Expires date in the
 * past are added so every browser drops the cookie. attrs may be NULL or "".
 * "; Secure" is added only when secure is set and attrs do not already have
 * a Secure attribute: Secure is never emitted twice. */
char *mst_cookie_format(apr_pool_t *p, const char *name, const char *value, const char *attrs,
                        int secure, int expire);

/* Checks a cookie name (an RFC 6265 token). Returns NULL or an error from p. */
const char *mst_cookie_name_check(apr_pool_t *p, const char *name);

/* Checks one attribute word of SessionTimeoutClearCookie, "Path=VALUE" or
 * "Domain=VALUE" (names any case): a path starts with '/', a domain is a
 * host name (letters, digits, '-' and '.', an optional leading '.'), and
 * neither has ';', ',', whitespace or control characters. Stores which
 * (0 Path, 1 Domain) and points *value at the value (inside word). Returns
 * NULL or an error from p. */
const char *mst_cookie_clear_attr_parse(apr_pool_t *p, const char *word, int *which,
                                        const char **value);

/* Checks a cookie attribute string such as "Path=/; HttpOnly; SameSite=Lax":
 * printable ASCII without ',' or control characters, no Max-Age/Expires
 * (the module decides those) and SameSite one of Strict, Lax, None.
 * Attribute names and values are compared trimmed and case-insensitively
 * ("Max-Age =600" is Max-Age). Returns NULL or an error from p. */
const char *mst_cookie_attrs_check(apr_pool_t *p, const char *attrs);

/* The value of the SameSite attribute in attrs (as for
 * mst_cookie_attrs_check; attributes trimmed, the name case-insensitive, the
 * last one if several, as browsers read them), from p; NULL when attrs is
 * NULL or has none. */
const char *mst_cookie_samesite(apr_pool_t *p, const char *attrs);
/* The value of attribute name (compared trimmed, case-insensitively) in
 * attrs: 1 if present, with *value / *value_len its trimmed value (empty for
 * a bare "Secure"); 0 if absent. attrs may be NULL; value may be NULL. The
 * last occurrence wins, as in browsers. */
int mst_cookie_attr(const char *attrs, const char *name, const char **value, apr_size_t *value_len);

/* SessionTimeoutCookieSecure (SPEC section 9): Auto (the default) marks the
 * cookie Secure on https requests, On always (TLS offload: httpd sees plain
 * http behind a TLS-terminating proxy), Off never. */
typedef enum {
    MST_COOKIE_SECURE_AUTO,
    MST_COOKIE_SECURE_ON,
    MST_COOKIE_SECURE_OFF
} mst_cookie_secure_mode;

/* Parses On, Off or Auto (any case). Error, *out untouched: "'ARG' is not
 * On, Off or Auto". */
const char *mst_cookie_secure_parse(apr_pool_t *p, const char *arg, mst_cookie_secure_mode *out);

/* 1 if a Set-Cookie of these attrs on a request (https or not) carries
 * Secure: attrs name it, or the mode is On, or Auto on https. */
int mst_cookie_is_secure(mst_cookie_secure_mode mode, const char *attrs, int https);

/* The prefix of a cookie name that browsers hold to rules (compared
 * case-insensitively, as current browsers do): "__Host-", "__Secure-", or
 * NULL. Static string. */
const char *mst_cookie_prefix(const char *name);

/* The rules a cookie name's prefix and the attributes must follow so that
 * browsers keep the cookie (SPEC section 9): a "__Host-" name requires
 * Path=/ and no Domain; "__Host-" and "__Secure-" names require Secure, so
 * the mode may not be Off; Off contradicts a Secure attribute. Returns NULL
 * or an error from p that says what to write instead. */
const char *mst_cookie_config_check(apr_pool_t *p, const char *name, const char *attrs,
                                    mst_cookie_secure_mode mode);

/* ---- the application's own cookie (SessionTimeoutStartOnCookie) ---- */

/* What one Set-Cookie field value does to the cookie called name. */
typedef enum mst_set_cookie_effect {
    MST_SET_COOKIE_OTHER = 0, /* another cookie's, or no cookie at all (no '=') */
    MST_SET_COOKIE_SETS,      /* sets name to a non-empty value that has not expired */
    MST_SET_COOKIE_EXPIRES    /* removes name: an empty value (or ""), Max-Age <= 0, or,
                                 without a usable Max-Age, an Expires at or before now */
} mst_set_cookie_effect;

/* Reads a Set-Cookie field value as RFC 6265 section 5.2 does: the name
 * (name_len bytes, case-sensitive) and value before the first ';', trimmed;
 * attribute names case-insensitive; the last Max-Age and the last Expires
 * count, Max-Age wins over Expires; a Max-Age that is not an integer and an
 * Expires that is not a cookie-date are ignored. now is the response time.
 * Path and Domain are not looked at. value is NUL-terminated. */
mst_set_cookie_effect mst_set_cookie_effect_of(const char *value, const char *name,
                                               apr_size_t name_len, apr_int64_t now);

/* Reads the RFC 6265 section 5.1.1 cookie-date in s (len bytes) into *out,
 * Unix seconds (negative before 1970): 1, or 0 when it is not one. Accepts what browsers accept:
 * RFC 1123
 * ("Thu, 01 Jan 1970 00:00:00 GMT"), RFC 850 ("Thursday, 01-Jan-70 ..."),
 * asctime ("Thu Jan  1 00:00:00 1970") and the dashes of PHP; two-digit years
 * 70-99 are 19xx, 00-69 20xx; years before 1601 are refused. */
int mst_cookie_date(const char *s, apr_size_t len, apr_int64_t *out);

/* The Cookie header text without the cookies called any of names (an array
 * of const char *, case-sensitive), from p; the rest is kept byte for byte.
 * Cookies are cut at ';' and also at ',' here, so a cookie of such a name is
 * removed also from a repeated field that httpd joined with ", " or from
 * inside another cookie's value (only ever removing more). Returns NULL when
 * no cookie is left, and header itself when nothing was removed. */
const char *mst_cookie_strip(apr_pool_t *p, const char *header, const apr_array_header_t *names);

#endif

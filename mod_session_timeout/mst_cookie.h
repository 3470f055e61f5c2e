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

/* Finds the next cookie called name (name_len bytes, case-sensitive) in the
 * NUL-terminated header text starting at *cursor. On success returns 1, points
 * *value at its value (value_len bytes, not NUL-terminated, inside the header)
 * and advances *cursor past it; returns 0 when there are no more. */
int mst_cookie_next(const char **cursor, const char *name, apr_size_t name_len, const char **value,
                    apr_size_t *value_len);

/* Builds a Set-Cookie header value from p: "name=value; attrs[; Secure]".
 * With expire set, value is emptied and Max-Age=0 plus an Expires date in the
 * past are added so every browser drops the cookie. attrs may be NULL or "". */
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
 * (the module decides those) and SameSite one of Strict, Lax, None. Returns
 * NULL or an error from p. */
const char *mst_cookie_attrs_check(apr_pool_t *p, const char *attrs);

#endif

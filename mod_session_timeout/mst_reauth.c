/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_reauth.c: navigation vs script, safe return targets, login Location,
 * JSON bodies and the warning header value.
 *
 * Pure core, see mst_reauth.h. The return target is built from the raw
 * request path and must stay a path on this site: anything that a browser
 * could read as another origin becomes "/". */
#include <string.h>

#include <apr_lib.h>
#include <apr_strings.h>

#include "mst_reauth.h"

/* 1 if one Accept media range (trimmed, len bytes) admits HTML with q > 0. */
static int range_admits_html(const char *r, apr_size_t len)
{
    static const char *const html[] = {"text/html", "application/xhtml+xml", "text/*", "*/*"};
    const char *semi = memchr(r, ';', len);
    apr_size_t tlen = semi ? (apr_size_t)(semi - r) : len;
    int type_ok = 0;

    while (tlen > 0 && (r[tlen - 1] == ' ' || r[tlen - 1] == '\t')) {
        tlen--;
    }
    for (int i = 0; i < 4; i++) {
        if (strlen(html[i]) == tlen && strncasecmp(r, html[i], tlen) == 0) {
            type_ok = 1;
        }
    }
    if (!type_ok) {
        return 0;
    }
    /* q=0 (or 0.0, 0.00, 0.000) refuses the type. */
    for (const char *q = semi; q != NULL && q < r + len;
         q = memchr(q + 1, ';', (size_t)(r + len - q - 1))) {
        const char *s = q + 1;
        while (s < r + len && (*s == ' ' || *s == '\t')) {
            s++;
        }
        if (s + 2 <= r + len && (s[0] == 'q' || s[0] == 'Q') && s[1] == '=') {
            const char *v = s + 2;
            int nonzero = 0;
            for (; v < r + len && *v != ';' && *v != ' '; v++) {
                if (*v >= '1' && *v <= '9') {
                    nonzero = 1;
                }
            }
            return nonzero;
        }
    }
    return 1;
}

static int accept_admits_html(const char *accept)
{
    const char *s = accept;
    if (accept == NULL) {
        return 1;
    }
    while (*s) {
        const char *end = strchr(s, ',');
        if (end == NULL) {
            end = s + strlen(s);
        }
        while (s < end && (*s == ' ' || *s == '\t')) {
            s++;
        }
        if (range_admits_html(s, (apr_size_t)(end - s))) {
            return 1;
        }
        s = *end ? end + 1 : end;
    }
    return 0;
}

int mst_is_navigation(const char *sec_fetch_mode, const char *x_requested_with, const char *accept)
{
    if (sec_fetch_mode != NULL && strcasecmp(sec_fetch_mode, "navigate") != 0) {
        return 0;
    }
    if (x_requested_with != NULL && strcasecmp(x_requested_with, "XMLHttpRequest") == 0) {
        return 0;
    }
    return accept_admits_html(accept);
}

int mst_local_path_is_safe(const char *s)
{
    if (s == NULL || s[0] != '/' || s[1] == '/' || s[1] == '\\') {
        return 0;
    }
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c <= 0x20 || *c >= 0x7f || *c == '\\') {
            return 0;
        }
    }
    return 1;
}

const char *mst_return_target(apr_pool_t *p, const char *path, const char *query)
{
    const char *target;
    if (path == NULL) {
        return "/";
    }
    target = (query != NULL && query[0] != '\0') ? apr_pstrcat(p, path, "?", query, NULL) : path;
    return mst_local_path_is_safe(target) ? target : "/";
}

const char *mst_origin_form(const char *target)
{
    const char *authority;
    if (target == NULL) {
        return NULL;
    }
    if (target[0] == '/') {
        return target;
    }
    authority = strstr(target, "://");
    if (authority == NULL || authority == target) {
        return NULL;
    }
    for (const char *c = target; c < authority; c++) {
        if (!(apr_isalnum(*c) || *c == '+' || *c == '-' || *c == '.')) {
            return NULL; /* not a scheme */
        }
    }
    return strchr(authority + 3, '/');
}

const char *mst_referer_local_target(apr_pool_t *p, const char *referer, const char *origin)
{
    apr_size_t olen;
    const char *rest, *hash;

    if (referer == NULL || origin == NULL) {
        return NULL;
    }
    olen = strlen(origin);
    if (strncasecmp(referer, origin, olen) != 0) {
        return NULL;
    }
    rest = referer + olen;
    if (*rest == '\0') {
        return "/";
    }
    if (*rest != '/') {
        return NULL; /* "https://host.evil" or "https://host:8443" is another origin */
    }
    hash = strchr(rest, '#');
    rest = hash ? apr_pstrmemdup(p, rest, (apr_size_t)(hash - rest)) : rest;
    return mst_local_path_is_safe(rest) ? rest : NULL;
}

char *mst_query_encode(apr_pool_t *p, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    apr_size_t len = strlen(s);
    char *out = apr_palloc(p, len * 3 + 1);
    char *o = out;

    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (apr_isalnum(*c) || *c == '-' || *c == '.' || *c == '_' || *c == '~' || *c == '/') {
            *o++ = (char)*c;
        } else {
            *o++ = '%';
            *o++ = hex[*c >> 4];
            *o++ = hex[*c & 15];
        }
    }
    *o = '\0';
    return out;
}

const char *mst_login_location(apr_pool_t *p, const char *login_url, const char *param,
                               const char *target)
{
    const char *hash;
    const char *base;
    const char *fragment;

    if (param == NULL || target == NULL) {
        return login_url;
    }
    hash = strchr(login_url, '#');
    base = hash ? apr_pstrmemdup(p, login_url, (apr_size_t)(hash - login_url)) : login_url;
    fragment = hash ? hash : "";
    return apr_pstrcat(p, base, strchr(base, '?') ? "&" : "?", param, "=",
                       mst_query_encode(p, target), fragment, NULL);
}

char *mst_json_string(apr_pool_t *p, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    char *out, *o;

    if (s == NULL) {
        return apr_pstrdup(p, "null");
    }
    out = apr_palloc(p, strlen(s) * 6 + 3);
    o = out;
    *o++ = '"';
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\') {
            *o++ = '\\';
            *o++ = (char)*c;
        } else if (*c < 0x20 || *c == '<' || *c == '>' || *c == '&' || *c == 0x7f) {
            memcpy(o, "\\u00", 4);
            o[4] = hex[*c >> 4];
            o[5] = hex[*c & 15];
            o += 6;
        } else {
            *o++ = (char)*c;
        }
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

char *mst_expired_json(apr_pool_t *p, const char *reason, const char *login_url)
{
    const char *error = strcmp(reason, "missing") == 0 ? "login_required" : "session_expired";
    return apr_pstrcat(p, "{\"error\":\"", error, "\",\"reason\":", mst_json_string(p, reason),
                       ",\"login_url\":", mst_json_string(p, login_url), "}", NULL);
}

char *mst_warning_value(apr_pool_t *p, apr_int64_t remaining, const char *limit)
{
    return apr_psprintf(p, "remaining=%" APR_INT64_T_FMT ", limit=%s", remaining, limit);
}

/* The next directive of a Cache-Control list at *cur (commas inside quoted
 * strings do not end it), trimmed; returns 0 at the end. */
static int next_directive(const char **cur, const char **d, apr_size_t *len)
{
    const char *s = *cur, *e;
    int quoted = 0;

    while (*s == ' ' || *s == '\t' || *s == ',') {
        s++;
    }
    if (*s == '\0') {
        return 0;
    }
    for (e = s; *e && (quoted || *e != ','); e++) {
        if (*e == '\\' && quoted && e[1]) {
            e++;
        } else if (*e == '"') {
            quoted = !quoted;
        }
    }
    *cur = e;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t')) {
        e--;
    }
    *d = s;
    *len = (apr_size_t)(e - s);
    return 1;
}

/* 1 if directive d (len bytes) is called name (case-insensitive), with a
 * value (name=...) when with_value, without one otherwise. */
static int directive_is(const char *d, apr_size_t len, const char *name, int with_value)
{
    apr_size_t n = strlen(name);
    if (len < n || strncasecmp(d, name, n) != 0) {
        return 0;
    }
    return with_value ? len > n && d[n] == '=' : len == n;
}

/* The field names of a no-cache="..." directive, unquoted. */
static const char *quoted_fields(apr_pool_t *p, const char *d, apr_size_t len)
{
    const char *v = memchr(d, '=', len);
    apr_size_t vlen = len - (apr_size_t)(v + 1 - d);
    v++;
    if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
        v++;
        vlen -= 2;
    }
    return apr_pstrmemdup(p, v, vlen);
}

const char *mst_cache_control_private(apr_pool_t *p, const char *app, const char *fields)
{
    const char *cur = app ? app : "", *d, *kept = NULL, *no_cache_fields = NULL;
    apr_size_t len;
    int no_store = 0, plain_no_cache = 0;

    if (app == NULL && fields == NULL) {
        return "private"; /* every valid response without a Cache-Control of its own */
    }
    while (next_directive(&cur, &d, &len)) {
        if (directive_is(d, len, "public", 0) || directive_is(d, len, "private", 0) ||
            directive_is(d, len, "private", 1) || directive_is(d, len, "s-maxage", 1)) {
            continue; /* shared-cache permissions; a plain private is added below */
        }
        if (directive_is(d, len, "no-cache", 1)) {
            const char *f = quoted_fields(p, d, len);
            no_cache_fields = no_cache_fields ? apr_pstrcat(p, no_cache_fields, ", ", f, NULL) : f;
            continue;
        }
        no_store |= directive_is(d, len, "no-store", 0);
        plain_no_cache |= directive_is(d, len, "no-cache", 0);
        kept = apr_pstrcat(p, kept ? kept : "", kept ? ", " : "", apr_pstrmemdup(p, d, len), NULL);
    }
    kept = apr_pstrcat(p, kept ? kept : "", kept ? ", " : "", "private", NULL);
    if (fields && !no_store && !plain_no_cache) {
        no_cache_fields =
            no_cache_fields ? apr_pstrcat(p, no_cache_fields, ", ", fields, NULL) : fields;
    }
    if (no_cache_fields && !no_store && !plain_no_cache) {
        kept = apr_pstrcat(p, kept, ", no-cache=\"", no_cache_fields, "\"", NULL);
    }
    return kept;
}

/* len bytes of origin without a trailing default port (":80" for http,
 * ":443" for https), so "https://a" and "https://a:443" compare equal. */
static apr_size_t origin_len(const char *origin)
{
    apr_size_t len = strlen(origin);
    if (strncasecmp(origin, "http://", 7) == 0 && len > 10 &&
        strcmp(origin + len - 3, ":80") == 0) {
        return len - 3;
    }
    if (strncasecmp(origin, "https://", 8) == 0 && len > 12 &&
        strcmp(origin + len - 4, ":443") == 0) {
        return len - 4;
    }
    return len;
}

int mst_keepalive_allowed(const char *x_requested_with, const char *sec_fetch_site,
                          const char *origin, const char *own_origin)
{
    if (x_requested_with == NULL || strcasecmp(x_requested_with, "XMLHttpRequest") != 0) {
        return 0;
    }
    if (sec_fetch_site != NULL && strcasecmp(sec_fetch_site, "same-origin") != 0) {
        return 0;
    }
    if (origin != NULL) {
        apr_size_t n = origin_len(origin);
        return own_origin != NULL && n == origin_len(own_origin) &&
               strncasecmp(origin, own_origin, n) == 0;
    }
    return 1;
}

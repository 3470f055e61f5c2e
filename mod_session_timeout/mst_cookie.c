/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_cookie.c: one-pass Cookie header scan and Set-Cookie formatting.
 *
 * Pure core, see mst_cookie.h. */
#include <string.h>

#include <apr_lib.h>
#include <apr_strings.h>

#include "mst_cookie.h"

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

int mst_cookie_next(const char **cursor, const char *name, apr_size_t name_len, const char **value,
                    apr_size_t *value_len)
{
    const char *s = *cursor;

    if (s == NULL) {
        return 0;
    }
    while (*s != '\0') {
        const char *pair_end, *eq, *name_end, *v, *v_end;

        while (is_ows(*s) || *s == ';' || *s == ',') {
            s++;
        }
        /* Pairs end at ';' only: browsers keep commas inside cookie values,
         * so a split on ',' would let "lang=en,NAME=forged" plant a cookie
         * of our name inside another cookie's value. */
        pair_end = s + strcspn(s, ";");
        eq = memchr(s, '=', (size_t)(pair_end - s));
        if (eq != NULL) {
            name_end = eq;
            while (name_end > s && is_ows(name_end[-1])) {
                name_end--;
            }
            if ((apr_size_t)(name_end - s) == name_len && memcmp(s, name, name_len) == 0) {
                v = eq + 1;
                /* Our own value never holds a comma; one there is httpd's
                 * join of a repeated Cookie field (", "): the value ends and
                 * the scan goes on after it. Only the holder of our cookie
                 * writes this value, so nothing can be planted this way. */
                v_end = v + strcspn(v, ";,");
                *cursor = v_end;
                while (v < v_end && is_ows(*v)) {
                    v++;
                }
                while (v_end > v && is_ows(v_end[-1])) {
                    v_end--;
                }
                *value = v;
                *value_len = (apr_size_t)(v_end - v);
                return 1;
            }
        }
        s = pair_end;
    }
    *cursor = s;
    return 0;
}

/* [s, e) without leading and trailing spaces. */
static void trim(const char **s, const char **e)
{
    while (*s < *e && is_ows(**s)) {
        (*s)++;
    }
    while (*e > *s && is_ows((*e)[-1])) {
        (*e)--;
    }
}

int mst_cookie_attr(const char *attrs, const char *name, const char **value, apr_size_t *value_len)
{
    apr_size_t want = strlen(name);
    int found = 0;

    while (attrs != NULL && *attrs) {
        const char *end = attrs + strcspn(attrs, ";");
        const char *eq = memchr(attrs, '=', (size_t)(end - attrs));
        const char *n = attrs, *n_end = eq ? eq : end;
        const char *v = eq ? eq + 1 : end, *v_end = end;
        trim(&n, &n_end);
        trim(&v, &v_end);
        if ((apr_size_t)(n_end - n) == want && strncasecmp(n, name, want) == 0) {
            found = 1;
            if (value) {
                *value = v;
                *value_len = (apr_size_t)(v_end - v);
            }
        }
        attrs = *end ? end + 1 : end;
    }
    return found;
}

char *mst_cookie_format(apr_pool_t *p, const char *name, const char *value, const char *attrs,
                        int secure, int expire)
{
    int has_attrs = attrs != NULL && attrs[0] != '\0';
    secure = secure && !mst_cookie_attr(attrs, "Secure", NULL, NULL);
    return apr_pstrcat(p, name, "=", expire ? "" : value, has_attrs ? "; " : "",
                       has_attrs ? attrs : "",
                       expire ? "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT" : "",
                       secure ? "; Secure" : "", NULL);
}

static int is_token_char(unsigned char c)
{
    return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

const char *mst_cookie_name_check(apr_pool_t *p, const char *name)
{
    if (name[0] == '\0' || strlen(name) > 128) {
        return apr_psprintf(p, "'%s' is not a usable cookie name", name);
    }
    for (const char *c = name; *c; c++) {
        if (!is_token_char((unsigned char)*c)) {
            return apr_psprintf(p, "'%s' is not a valid cookie name (RFC 6265 token)", name);
        }
    }
    return NULL;
}

/* Checks one "Name" or "Name=Value" attribute of len bytes; name and value
 * are compared trimmed. */
static const char *check_attr(apr_pool_t *p, const char *a, apr_size_t len)
{
    const char *eq = memchr(a, '=', len);
    const char *n_end = eq ? eq : a + len;
    const char *val = eq ? eq + 1 : a + len, *v_end = a + len;
    apr_size_t nlen, vlen;
    char *attr = apr_pstrmemdup(p, a, len);

    trim(&a, &n_end);
    trim(&val, &v_end);
    nlen = (apr_size_t)(n_end - a);
    vlen = (apr_size_t)(v_end - val);

    if (nlen == 0) {
        return apr_psprintf(p, "empty cookie attribute in '%s'", attr);
    }
    if ((nlen == 7 && strncasecmp(a, "Max-Age", 7) == 0) ||
        (nlen == 7 && strncasecmp(a, "Expires", 7) == 0)) {
        return apr_psprintf(p,
                            "cookie attribute '%s' is not allowed: the module sets the "
                            "cookie's lifetime itself",
                            attr);
    }
    if (nlen == 8 && strncasecmp(a, "SameSite", 8) == 0 &&
        !((vlen == 6 && strncasecmp(val, "Strict", 6) == 0) ||
          (vlen == 3 && strncasecmp(val, "Lax", 3) == 0) ||
          (vlen == 4 && strncasecmp(val, "None", 4) == 0))) {
        return apr_psprintf(p, "'%s': SameSite must be Strict, Lax or None", attr);
    }
    return NULL;
}

const char *mst_cookie_attrs_check(apr_pool_t *p, const char *attrs)
{
    const char *s = attrs;

    for (const char *c = attrs; *c; c++) {
        if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f || *c == ',') {
            return apr_psprintf(p,
                                "cookie attributes '%s' contain a control character, a "
                                "comma or non-ASCII text",
                                attrs);
        }
    }
    while (*s) {
        const char *end = strchr(s, ';');
        const char *a_end;
        const char *err;
        if (end == NULL) {
            end = s + strlen(s);
        }
        while (s < end && *s == ' ') {
            s++;
        }
        a_end = end;
        while (a_end > s && a_end[-1] == ' ') {
            a_end--;
        }
        if (a_end > s && (err = check_attr(p, s, (apr_size_t)(a_end - s))) != NULL) {
            return err;
        }
        s = *end ? end + 1 : end;
    }
    return NULL;
}

const char *mst_cookie_samesite(apr_pool_t *p, const char *attrs)
{
    const char *s = attrs, *found = NULL;
    apr_size_t found_len = 0;

    while (s && *s) {
        const char *end = strchr(s, ';');
        const char *a_end, *eq;
        if (end == NULL) {
            end = s + strlen(s);
        }
        while (s < end && *s == ' ') {
            s++;
        }
        a_end = end;
        while (a_end > s && a_end[-1] == ' ') {
            a_end--;
        }
        eq = memchr(s, '=', (apr_size_t)(a_end - s));
        if (eq != NULL) {
            const char *n_end = eq, *v = eq + 1;
            while (n_end > s && n_end[-1] == ' ') {
                n_end--;
            }
            while (v < a_end && *v == ' ') {
                v++;
            }
            if (n_end - s == 8 && strncasecmp(s, "SameSite", 8) == 0) {
                found = v;
                found_len = (apr_size_t)(a_end - v);
            }
        }
        s = *end ? end + 1 : end;
    }
    return found ? apr_pstrmemdup(p, found, found_len) : NULL;
}

const char *mst_cookie_secure_parse(apr_pool_t *p, const char *arg, mst_cookie_secure_mode *out)
{
    if (strcasecmp(arg, "auto") == 0) {
        *out = MST_COOKIE_SECURE_AUTO;
    } else if (strcasecmp(arg, "on") == 0) {
        *out = MST_COOKIE_SECURE_ON;
    } else if (strcasecmp(arg, "off") == 0) {
        *out = MST_COOKIE_SECURE_OFF;
    } else {
        return apr_psprintf(p, "'%s' is not On, Off or Auto", arg);
    }
    return NULL;
}

int mst_cookie_is_secure(mst_cookie_secure_mode mode, const char *attrs, int https)
{
    return mode == MST_COOKIE_SECURE_ON || (mode == MST_COOKIE_SECURE_AUTO && https) ||
           mst_cookie_attr(attrs, "Secure", NULL, NULL);
}

const char *mst_cookie_prefix(const char *name)
{
    if (strncasecmp(name, "__Host-", 7) == 0) {
        return "__Host-";
    }
    if (strncasecmp(name, "__Secure-", 9) == 0) {
        return "__Secure-";
    }
    return NULL;
}

const char *mst_cookie_config_check(apr_pool_t *p, const char *name, const char *attrs,
                                    mst_cookie_secure_mode mode)
{
    const char *prefix = mst_cookie_prefix(name);
    const char *path;
    apr_size_t path_len;

    if (mode == MST_COOKIE_SECURE_OFF && mst_cookie_attr(attrs, "Secure", NULL, NULL)) {
        return "SessionTimeoutCookieSecure Off contradicts the Secure attribute of "
               "SessionTimeoutCookie: drop one of them";
    }
    if (prefix == NULL) {
        return NULL;
    }
    if (mode == MST_COOKIE_SECURE_OFF) {
        return apr_psprintf(p,
                            "a cookie named %s... must be Secure, but SessionTimeoutCookieSecure "
                            "is Off: browsers would drop it; use Auto (https) or On (behind a "
                            "TLS-terminating proxy), or a name without the prefix",
                            prefix);
    }
    if (prefix[2] != 'H') {
        return NULL;
    }
    if (mst_cookie_attr(attrs, "Domain", NULL, NULL)) {
        return apr_psprintf(p,
                            "the cookie '%s' may not have a Domain attribute (a __Host- cookie "
                            "belongs to one host): remove Domain=, or use a __Secure- name",
                            name);
    }
    if (!mst_cookie_attr(attrs, "Path", &path, &path_len) || path_len != 1 || path[0] != '/') {
        return apr_psprintf(p,
                            "the cookie '%s' needs Path=/ (browsers drop a __Host- cookie "
                            "with any other path): write Path=/ in its attributes, or use a "
                            "__Secure- name",
                            name);
    }
    return NULL;
}

const char *mst_cookie_clear_attr_parse(apr_pool_t *p, const char *word, int *which,
                                        const char **value)
{
    const char *v;
    int is_domain;

    if (strncasecmp(word, "Path=", 5) == 0) {
        is_domain = 0;
        v = word + 5;
    } else if (strncasecmp(word, "Domain=", 7) == 0) {
        is_domain = 1;
        v = word + 7;
    } else {
        return apr_psprintf(p, "'%s': only Path=... and Domain=... may follow a cookie name", word);
    }
    if (*v == '\0' || strlen(v) > 1024) {
        return apr_psprintf(p, "'%s': the value is empty or too long", word);
    }
    for (const char *c = v; *c; c++) {
        unsigned char u = (unsigned char)*c;
        int ok = is_domain ? (apr_isalnum(u) || u == '-' || u == '.')
                           : (u > 0x20 && u < 0x7f && u != ';' && u != ',');
        if (!ok) {
            return apr_psprintf(p, "'%s' is not a usable cookie %s", word,
                                is_domain ? "domain (a host name)" : "path");
        }
    }
    if (!is_domain && *v != '/') {
        return apr_psprintf(p, "'%s': a cookie path starts with '/'", word);
    }
    if (is_domain && (strstr(v, "..") != NULL || v[strlen(v) - 1] == '.')) {
        return apr_psprintf(p, "'%s' is not a usable cookie domain (a host name)", word);
    }
    *which = is_domain;
    *value = v;
    return NULL;
}

/* ---- the application's own cookie ---------------------------------------- */

/* RFC 6265 section 5.1.1 delimiters. */
static int is_date_delim(unsigned char c)
{
    return c == 0x09 || (c >= 0x20 && c <= 0x2f) || (c >= 0x3b && c <= 0x40) ||
           (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

/* Reads 1..max digits at t (n bytes) into *v: the count read, 0 when fewer
 * than min or when a digit follows the last one read. */
static apr_size_t date_digits(const char *t, apr_size_t n, apr_size_t min, apr_size_t max, int *v)
{
    apr_size_t i = 0;
    *v = 0;
    while (i < n && i < max && apr_isdigit(t[i])) {
        *v = *v * 10 + (t[i] - '0');
        i++;
    }
    if (i < min || (i < n && apr_isdigit(t[i]))) {
        return 0;
    }
    return i;
}

/* hh:mm:ss ( non-digit *OCTET ) */
static int date_time(const char *t, apr_size_t n, int *h, int *m, int *s)
{
    apr_size_t i = date_digits(t, n, 1, 2, h), j;
    if (i == 0 || i >= n || t[i] != ':') {
        return 0;
    }
    j = date_digits(t + i + 1, n - i - 1, 1, 2, m);
    if (j == 0 || i + 1 + j >= n || t[i + 1 + j] != ':') {
        return 0;
    }
    return date_digits(t + i + 2 + j, n - i - 2 - j, 1, 2, s) != 0;
}

static apr_int64_t days_from_civil(apr_int64_t y, int m, int d)
{
    /* H. Hinnant's algorithm: days since 1970-01-01 of a proleptic Gregorian date. */
    apr_int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int mst_cookie_date(const char *s, apr_size_t len, apr_int64_t *out)
{
    static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    int found_time = 0, found_day = 0, found_month = 0, found_year = 0;
    int hh = 0, mi = 0, ss = 0, day = 0, month = 0, year = 0;
    apr_size_t i = 0;

    while (i < len) {
        apr_size_t start, n;
        int v;
        while (i < len && is_date_delim((unsigned char)s[i])) {
            i++;
        }
        start = i;
        while (i < len && !is_date_delim((unsigned char)s[i])) {
            i++;
        }
        n = i - start;
        if (n == 0) {
            continue;
        }
        if (!found_time && date_time(s + start, n, &hh, &mi, &ss)) {
            found_time = 1;
        } else if (!found_day && date_digits(s + start, n, 1, 2, &v)) {
            found_day = 1;
            day = v;
        } else if (!found_month && n >= 3) {
            for (int k = 0; k < 12; k++) {
                if (strncasecmp(s + start, months + 3 * k, 3) == 0) {
                    found_month = 1;
                    month = k + 1;
                    break;
                }
            }
            if (!found_month && !found_year && date_digits(s + start, n, 2, 4, &v)) {
                found_year = 1;
                year = v;
            }
        } else if (!found_year && date_digits(s + start, n, 2, 4, &v)) {
            found_year = 1;
            year = v;
        }
    }
    if (found_year && year >= 70 && year <= 99) {
        year += 1900;
    } else if (found_year && year <= 69) {
        year += 2000;
    }
    if (!found_time || !found_day || !found_month || !found_year || day < 1 || day > 31 ||
        year < 1601 || hh > 23 || mi > 59 || ss > 59) {
        return 0;
    }
    *out = days_from_civil(year, month, day) * 86400 + hh * 3600 + mi * 60 + ss;
    return 1;
}

/* s..e trimmed of optional whitespace. */
static void trim_ows(const char **s, const char **e)
{
    while (*s < *e && is_ows(**s)) {
        (*s)++;
    }
    while (*e > *s && is_ows((*e)[-1])) {
        (*e)--;
    }
}

/* Max-Age's value (RFC 6265 section 5.2.2): 1 and *delta when it is usable. */
static int max_age_value(const char *v, const char *e, apr_int64_t *delta)
{
    int neg = 0;
    apr_int64_t d = 0;
    if (v < e && *v == '-') {
        neg = 1;
        v++;
    }
    if (v == e) {
        return 0;
    }
    for (; v < e; v++) {
        if (!apr_isdigit(*v)) {
            return 0;
        }
        if (d < 1000000000000LL) { /* larger values all mean "later" */
            d = d * 10 + (*v - '0');
        }
    }
    *delta = neg ? -d : d;
    return 1;
}

mst_set_cookie_effect mst_set_cookie_effect_of(const char *value, const char *name,
                                               apr_size_t name_len, apr_int64_t now)
{
    const char *pair_end = value + strcspn(value, ";");
    const char *eq = memchr(value, '=', (size_t)(pair_end - value));
    const char *ns = value, *ne, *vs, *ve, *a;
    int have_max_age = 0, have_expires = 0;
    apr_int64_t max_age = 0, expires = 0;

    if (eq == NULL) {
        return MST_SET_COOKIE_OTHER;
    }
    ne = eq;
    trim_ows(&ns, &ne);
    if ((apr_size_t)(ne - ns) != name_len || memcmp(ns, name, name_len) != 0) {
        return MST_SET_COOKIE_OTHER;
    }
    vs = eq + 1;
    ve = pair_end;
    trim_ows(&vs, &ve);
    if (vs == ve || (ve - vs == 2 && vs[0] == '"' && vs[1] == '"')) {
        return MST_SET_COOKIE_EXPIRES;
    }
    for (a = pair_end; *a == ';';) {
        const char *as = a + 1, *ae = as + strcspn(as, ";"), *an_e, *av_s, *av_e;
        const char *aeq = memchr(as, '=', (size_t)(ae - as));
        an_e = aeq ? aeq : ae;
        av_s = aeq ? aeq + 1 : ae;
        av_e = ae;
        trim_ows(&as, &an_e);
        trim_ows(&av_s, &av_e);
        if (an_e - as == 7 && strncasecmp(as, "Max-Age", 7) == 0) {
            apr_int64_t d;
            if (max_age_value(av_s, av_e, &d)) {
                have_max_age = 1;
                max_age = d;
            }
        } else if (an_e - as == 7 && strncasecmp(as, "Expires", 7) == 0) {
            apr_int64_t t;
            if (mst_cookie_date(av_s, (apr_size_t)(av_e - av_s), &t)) {
                have_expires = 1;
                expires = t;
            }
        }
        a = ae;
    }
    if (have_max_age) {
        return max_age <= 0 ? MST_SET_COOKIE_EXPIRES : MST_SET_COOKIE_SETS;
    }
    if (have_expires && expires <= now) {
        return MST_SET_COOKIE_EXPIRES;
    }
    return MST_SET_COOKIE_SETS;
}

static int is_listed(const char *n, apr_size_t len, const apr_array_header_t *names)
{
    for (int i = 0; names && i < names->nelts; i++) {
        const char *x = APR_ARRAY_IDX(names, i, const char *);
        if (x && strlen(x) == len && memcmp(x, n, len) == 0) {
            return 1;
        }
    }
    return 0;
}

const char *mst_cookie_strip(apr_pool_t *p, const char *header, const apr_array_header_t *names)
{
    apr_size_t hlen = strlen(header);
    char *out = apr_palloc(p, hlen + 1);
    apr_size_t n = 0;
    int removed = 0, kept_any = 0;
    const char *s = header;

    while (*s != '\0') {
        /* one segment: its leading separators and whitespace, then up to the next ';' or ',' */
        const char *seg = s, *c, *end, *eq, *ns, *ne;
        while (*s == ';' || *s == ',' || is_ows(*s)) {
            s++;
        }
        c = s;
        end = c + strcspn(c, ";,");
        eq = memchr(c, '=', (size_t)(end - c));
        ns = c;
        ne = eq ? eq : end;
        trim_ows(&ns, &ne);
        if (ne > ns && is_listed(ns, (apr_size_t)(ne - ns), names)) {
            removed = 1;
        } else {
            if (end > c) {
                kept_any = kept_any || eq != NULL;
            }
            memcpy(out + n, seg, (size_t)(end - seg));
            n += (apr_size_t)(end - seg);
        }
        s = end;
    }
    if (!removed) {
        return header;
    }
    out[n] = '\0';
    /* no separators in front of the first cookie left */
    {
        char *o = out;
        while (*o == ';' || *o == ',' || is_ows(*o)) {
            o++;
        }
        return kept_any && *o ? o : NULL;
    }
}

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

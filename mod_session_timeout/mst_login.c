/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_login.c: the form-field rules of login requests.
 *
 * Pure core, see mst_login.h. */
#include <string.h>

#include <apr_lib.h>
#include <apr_strings.h>

#include "mst_login.h"

const char *mst_login_field_parse(apr_pool_t *p, const char *arg, mst_login_field *out)
{
    const char *eq = strchr(arg, '=');
    apr_size_t nlen = eq ? (apr_size_t)(eq - arg) : strlen(arg);
    int ok = nlen > 0 && nlen <= MST_LOGIN_FIELD_MAX;

    for (apr_size_t i = 0; ok && i < nlen; i++) {
        unsigned char c = (unsigned char)arg[i];
        ok = c > 0x20 && c < 0x7f && strchr("&=%+", c) == NULL;
    }
    if (ok && eq != NULL) {
        apr_size_t vlen = strlen(eq + 1);
        ok = vlen > 0 && vlen <= MST_LOGIN_FIELD_MAX;
        for (const char *c = eq + 1; ok && *c; c++) {
            ok = (unsigned char)*c >= 0x20 && (unsigned char)*c != 0x7f;
        }
    }
    if (!ok) {
        return apr_psprintf(p, "'%s' is not a usable form field rule (NAME or NAME=VALUE)", arg);
    }
    out->name = apr_pstrmemdup(p, arg, nlen);
    out->value = eq ? eq + 1 : NULL;
    return NULL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = (char)apr_tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes s (n bytes) into buf (at least n bytes): the decoded length, or
 * -1 for a bad percent escape. */
static long decode(const char *s, apr_size_t n, char *buf)
{
    apr_size_t o = 0;
    for (apr_size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            buf[o++] = ' ';
        } else if (s[i] == '%') {
            int h, l;
            if (i + 2 >= n) {
                return -1;
            }
            h = hexval(s[i + 1]);
            l = hexval(s[i + 2]);
            if (h < 0 || l < 0) {
                return -1;
            }
            buf[o++] = (char)(h * 16 + l);
            i += 2;
        } else {
            buf[o++] = s[i];
        }
    }
    return (long)o;
}

int mst_login_form_match(apr_pool_t *p, const apr_array_header_t *rules, const char *form,
                         apr_size_t len)
{
    char *name = apr_palloc(p, len + 1), *value = apr_palloc(p, len + 1);
    int *seen;

    if (rules == NULL || rules->nelts == 0) {
        return 0;
    }
    seen = apr_pcalloc(p, sizeof(int) * (apr_size_t)rules->nelts);
    for (apr_size_t i = 0; i < len;) {
        apr_size_t end = i, eq;
        long nl, vl;
        while (end < len && form[end] != '&') {
            end++;
        }
        for (eq = i; eq < end && form[eq] != '='; eq++) {
        }
        nl = decode(form + i, eq - i, name);
        vl = eq < end ? decode(form + eq + 1, end - eq - 1, value) : 0;
        if (nl < 0 || vl < 0) {
            return 0;
        }
        for (int r = 0; r < rules->nelts; r++) {
            const mst_login_field *f = &APR_ARRAY_IDX(rules, r, mst_login_field);
            apr_size_t fl = strlen(f->name);
            if ((apr_size_t)nl < fl || memcmp(name, f->name, fl) != 0) {
                continue;
            }
            if ((apr_size_t)nl > fl) {
                if (name[fl] == '[') {
                    return 0; /* "do[]": an array where the rule wants one value */
                }
                continue;
            }
            if (f->value ? ((apr_size_t)vl != strlen(f->value) ||
                            memcmp(value, f->value, (size_t)vl) != 0)
                         : vl == 0) {
                return 0; /* every occurrence must satisfy the rule */
            }
            seen[r] = 1;
        }
        i = end + 1;
    }
    for (int r = 0; r < rules->nelts; r++) {
        if (!seen[r]) {
            return 0;
        }
    }
    return 1;
}

int mst_login_url_match(apr_pool_t *p, const apr_array_header_t *rules, const char *url)
{
    apr_size_t before_fragment = url ? strcspn(url, "#") : 0;
    const char *q = url ? memchr(url, '?', before_fragment) : NULL;
    if (q == NULL) {
        return 0;
    }
    q++;
    return mst_login_form_match(p, rules, q, before_fragment - (apr_size_t)(q - url));
}

int mst_login_is_form_type(const char *content_type)
{
    static const char form[] = "application/x-www-form-urlencoded";
    const apr_size_t n = sizeof(form) - 1;
    const char *c = content_type;
    if (c == NULL) {
        return 0;
    }
    while (*c == ' ' || *c == '\t') {
        c++;
    }
    if (strncasecmp(c, form, n) != 0) {
        return 0;
    }
    c += n;
    while (*c == ' ' || *c == '\t') {
        c++;
    }
    return *c == '\0' || *c == ';';
}

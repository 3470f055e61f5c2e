/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* fuzz_login.c: libFuzzer target for what the module reads of requests and
 * responses it does not control when an application keeps its own cookie
 * session: the login form field rules against request bodies and queries
 * (mst_login_form_match, mst_login_url_match), the Set-Cookie reading
 * (mst_set_cookie_effect_of, mst_cookie_date) and the Cookie header rewrite
 * of login requests (mst_cookie_strip).
 *
 * Input: arbitrary text, once as a form body (an exact-size copy, so a read
 * past the length is an ASan error), a query, a Set-Cookie value, a date and
 * a Cookie header. Properties: the form and query checks agree (a query is
 * the text after '?' up to '#'); a text without "login" in any spelling
 * ('l' may be %6C / %4C...) never matches do=login unless it has a '%'; a
 * Set-Cookie value whose name is not appsid is OTHER; a date is within the
 * years 1601-9999; after stripping, no cookie of a stripped name is left for
 * mst_cookie_next to find, the result is never longer than the header, and
 * a header without the names comes back as it was. */
#include <stdint.h>
#include <string.h>

#include <apr_strings.h>

#include "fuzz.h"
#include "mst_cookie.h"
#include "mst_login.h"

static apr_array_header_t *rules_do_login, *rules_user;

static apr_array_header_t *rules(apr_pool_t *p, const char *a, const char *b)
{
    apr_array_header_t *r = apr_array_make(p, 2, sizeof(mst_login_field));
    mst_login_field f;
    FUZZ_CHECK(mst_login_field_parse(p, a, &f) == NULL);
    APR_ARRAY_PUSH(r, mst_login_field) = f;
    if (b) {
        FUZZ_CHECK(mst_login_field_parse(p, b, &f) == NULL);
        APR_ARRAY_PUSH(r, mst_login_field) = f;
    }
    return r;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static apr_pool_t *keep;
    (void)argc;
    (void)argv;
    (void)fuzz_pool();
    FUZZ_CHECK(apr_pool_create(&keep, NULL) == APR_SUCCESS);
    rules_do_login = rules(keep, "do=login", NULL);
    rules_user = rules(keep, "u", "p");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fuzz_pool();
    char *exact = fuzz_dup_exact(data, size);
    char *text = fuzz_dup_cstr(data, size);
    size_t tlen = strlen(text);
    int m1 = mst_login_form_match(p, rules_do_login, exact, size);
    int m2 = mst_login_form_match(p, rules_user, exact, size);
    apr_array_header_t *names = apr_array_make(p, 2, sizeof(const char *));
    const char *stripped, *cur, *v;
    apr_size_t vlen;
    apr_int64_t t;

    FUZZ_CHECK(m1 == 0 || m1 == 1);
    FUZZ_CHECK(m2 == 0 || m2 == 1);
    if (memchr(text, '#', tlen) == NULL) {
        FUZZ_CHECK(mst_login_url_match(p, rules_do_login, apr_pstrcat(p, "/x?", text, NULL)) ==
                   mst_login_form_match(p, rules_do_login, text, tlen));
    }
    if (m1 && memchr(exact, '%', size) == NULL && tlen == size) {
        FUZZ_CHECK(size >= 8 && strstr(text, "do=login") != NULL);
    }

    {
        int e = (int)mst_set_cookie_effect_of(text, "appsid", 6, 1764000000);
        const char *s = text;
        FUZZ_CHECK(e >= MST_SET_COOKIE_OTHER && e <= MST_SET_COOKIE_EXPIRES);
        while (*s == ' ' || *s == '\t') {
            s++;
        }
        if (strncmp(s, "appsid", 6) != 0) {
            FUZZ_CHECK(e == MST_SET_COOKIE_OTHER);
        }
    }
    if (mst_cookie_date(exact, size, &t)) {
        FUZZ_CHECK(t >= APR_INT64_C(-11644473600) && t <= APR_INT64_C(253402300799));
    }

    APR_ARRAY_PUSH(names, const char *) = "appsid";
    APR_ARRAY_PUSH(names, const char *) = "session_timeout";
    stripped = mst_cookie_strip(p, text, names);
    if (stripped != NULL) {
        FUZZ_CHECK(strlen(stripped) <= tlen);
        for (int i = 0; i < names->nelts; i++) {
            const char *n = APR_ARRAY_IDX(names, i, const char *);
            cur = stripped;
            FUZZ_CHECK(!mst_cookie_next(&cur, n, strlen(n), &v, &vlen));
        }
    }
    cur = text;
    if (!mst_cookie_next(&cur, "appsid", 6, &v, &vlen) &&
        (cur = text, !mst_cookie_next(&cur, "session_timeout", 15, &v, &vlen)) &&
        strstr(text, "appsid") == NULL && strstr(text, "session_timeout") == NULL) {
        FUZZ_CHECK(stripped == text);
    }

    free(exact);
    free(text);
    apr_pool_clear(p);
    return 0;
}

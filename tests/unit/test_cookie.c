/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* test_cookie.c: CUnit suite for mst_cookie.c: finding our cookie in a
 * Cookie header, formatting Set-Cookie values, and the name and attribute
 * checks of SessionTimeoutCookie. */
#include <string.h>

#include <CUnit/CUnit.h>
#include <apr_tables.h>

#include "mst_cookie.h"
#include "unit_fixture.h"

#define NAME   "session_timeout"
#define EXPIRE "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"

static void test_next(void)
{
    /* columns: Cookie header, name looked for, values found in order (NULL-terminated) */
    static const struct {
        const char *header;
        const char *name;
        const char *values[5];
    } rows[] = {
        {NAME "=abc", NAME, {"abc", NULL}},
        {NAME "=abc; a=1; b=2", NAME, {"abc", NULL}},
        {"a=1; " NAME "=abc; b=2", NAME, {"abc", NULL}},
        {"a=1; b=2; " NAME "=abc", NAME, {"abc", NULL}},
        {"a=1;" NAME "=abc;b=2", NAME, {"abc", NULL}},
        {NAME "=abc;", NAME, {"abc", NULL}},
        {NAME "=abc; ", NAME, {"abc", NULL}},
        {";" NAME "=abc", NAME, {"abc", NULL}},
        {"  " NAME " =  abc  ; x=1", NAME, {"abc", NULL}},
        {"\t" NAME "=abc\t", NAME, {"abc", NULL}},
        {"x" NAME "=abc", NAME, {NULL}},
        {NAME "x=abc", NAME, {NULL}},
        {NAME "_2=abc", NAME, {NULL}},
        {"Session_Timeout=abc", NAME, {NULL}},
        {"x" NAME "=abc; " NAME "=def", NAME, {"def", NULL}},
        {"a" NAME "=1; " NAME "a=2; " NAME "=3", NAME, {"3", NULL}},
        {NAME "=", NAME, {"", NULL}},
        {NAME "=;a=1", NAME, {"", NULL}},
        {NAME "=; " NAME "=x", NAME, {"", "x", NULL}},
        {NAME "=1; a=2; " NAME "=3; " NAME "=4", NAME, {"1", "3", "4", NULL}},
        {NAME "; a=1", NAME, {NULL}},
        {NAME, NAME, {NULL}},
        {NAME "; " NAME "=v", NAME, {"v", NULL}},
        {"", NAME, {NULL}},
        {";;;", NAME, {NULL}},
        {" ; ; ", NAME, {NULL}},
        {"=abc", NAME, {NULL}},
        {"a=b=c; " NAME "=v=w", NAME, {"v=w", NULL}},
        {NAME "=\"abc\"", NAME, {"\"abc\"", NULL}},
        /* repeated Cookie fields joined by httpd with ", " */
        {NAME "=junk, " NAME "=good", NAME, {"junk", "good", NULL}},
        {NAME "=good, PHPSESSID=abc", NAME, {"good", NULL}},
        /* a cookie of our name planted in another cookie's value (browsers
         * keep commas in values) is never found */
        {"a=1, " NAME "=v;b=2", NAME, {NULL}},
        {"lang=en," NAME "=forged", NAME, {NULL}},
        {"lang=en," NAME "=forged; " NAME "=real", NAME, {"real", NULL}},
        {"lang=\"x," NAME "=forged\"", NAME, {NULL}},
        {"PHPSESSID=abc, " NAME "=v", NAME, {NULL}},
        {NAME "=a,b,c", NAME, {"a", NULL}},
        {NAME "=a," NAME "=b", NAME, {"a", "b", NULL}},
        {NAME "=a ,  " NAME " = b ;c=d", NAME, {"a", "b", NULL}},
        {NAME "=v1.3eb1bd43.x.1.2..mac", NAME, {"v1.3eb1bd43.x.1.2..mac", NULL}},
        {"a=1", "a", {"1", NULL}},
        {"ab=1; a=2", "a", {"2", NULL}},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *header = rows[i].header;
        const char *cursor = header;
        const char *value = NULL;
        apr_size_t len = 0;
        size_t k = 0;
        while (mst_cookie_next(&cursor, rows[i].name, strlen(rows[i].name), &value, &len)) {
            const char *want = rows[i].values[k];
            MST_CHECK(want != NULL, "'%s': unexpected value %zu", header, k);
            if (want == NULL) {
                break;
            }
            MST_CHECK(len == strlen(want) && memcmp(value, want, len) == 0, "'%s' value %zu",
                      header, k);
            MST_CHECK(value >= header && value + len <= header + strlen(header), "'%s' in place",
                      header);
            k++;
        }
        MST_CHECK(rows[i].values[k] == NULL, "'%s': found only %zu", header, k);
        /* after the end it keeps saying no */
        MST_CHECK(mst_cookie_next(&cursor, rows[i].name, strlen(rows[i].name), &value, &len) == 0,
                  "'%s' after the end", header);
    }
}

static void test_next_null_cursor(void)
{
    const char *cursor = NULL;
    const char *value;
    apr_size_t len;
    CU_ASSERT_EQUAL(mst_cookie_next(&cursor, NAME, strlen(NAME), &value, &len), 0);
}

static void test_format(void)
{
    /* columns: name, value, attrs, secure, expire, Set-Cookie value */
    static const struct {
        const char *name, *value, *attrs;
        int secure, expire;
        const char *want;
    } rows[] = {
        {NAME, "v1.x", "Path=/; HttpOnly; SameSite=Lax", 0, 0,
         NAME "=v1.x; Path=/; HttpOnly; SameSite=Lax"},
        {NAME, "v1.x", "Path=/; HttpOnly; SameSite=Lax", 1, 0,
         NAME "=v1.x; Path=/; HttpOnly; SameSite=Lax; Secure"},
        {NAME, "v1.x", "Path=/; HttpOnly; SameSite=Lax", 0, 1,
         NAME "=; Path=/; HttpOnly; SameSite=Lax" EXPIRE},
        {NAME, "v1.x", "Path=/; HttpOnly; SameSite=Lax", 1, 1,
         NAME "=; Path=/; HttpOnly; SameSite=Lax" EXPIRE "; Secure"},
        {NAME, NULL, "Path=/", 0, 1, NAME "=; Path=/" EXPIRE},
        {"a", "b", NULL, 0, 0, "a=b"},
        {"a", "b", "", 0, 0, "a=b"},
        {"a", "b", NULL, 1, 0, "a=b; Secure"},
        {"a", "b", "", 0, 1, "a=" EXPIRE},
        {"a", "b", NULL, 1, 1, "a=" EXPIRE "; Secure"},
        {"a", "", "Path=/app", 0, 0, "a=; Path=/app"},
        /* Secure is never emitted twice (issue 11 item 6) */
        {"a", "b", "Path=/; Secure", 1, 0, "a=b; Path=/; Secure"},
        {"a", "b", "Path=/; secure ; HttpOnly", 1, 0, "a=b; Path=/; secure ; HttpOnly"},
        {"a", "b", "Secure", 1, 1, "a=; Secure" EXPIRE},
        {"a", "b", "Path=/; Secure", 0, 0, "a=b; Path=/; Secure"},
        {"a", "b", "Path=/Secure", 1, 0, "a=b; Path=/Secure; Secure"},
        {"a", "b", "Securex", 1, 0, "a=b; Securex; Secure"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *got = mst_cookie_format(unit_pool, rows[i].name, rows[i].value, rows[i].attrs,
                                            rows[i].secure, rows[i].expire);
        MST_CHECK(strcmp(got, rows[i].want) == 0, "row %zu: %s", i, got);
    }
}

static void test_name_check(void)
{
    /* columns: cookie name, accepted */
    static const struct {
        const char *name;
        int ok;
    } rows[] = {
        {NAME, 1},   {"__Host-session", 1},
        {"a", 1},    {"A.b-c_d!#$%&'*+^`|~", 1},
        {"", 0},     {"a b", 0},
        {"a;b", 0},  {"a=b", 0},
        {"a,b", 0},  {"a\"b", 0},
        {"a\tb", 0}, {"a\x7f", 0},
        {"a/b", 0},  {"a(b)", 0},
        {"a:b", 0},  {"j\xc3\xb6rg", 0},
        {"a[b]", 0}, {"a{b}", 0},
        {"a?b", 0},  {"a@b", 0},
        {"a\\b", 0}, {"a<b>", 0},
    };
    char longest[130];

    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *err = mst_cookie_name_check(unit_pool, rows[i].name);
        MST_CHECK((err == NULL) == rows[i].ok, "'%s'", rows[i].name);
        MST_CHECK(err == NULL || strstr(err, rows[i].name) != NULL, "'%s' named", rows[i].name);
    }
    memset(longest, 'n', sizeof(longest));
    longest[128] = '\0';
    CU_ASSERT_PTR_NULL(mst_cookie_name_check(unit_pool, longest));
    longest[128] = 'n';
    longest[129] = '\0';
    CU_ASSERT_PTR_NOT_NULL(mst_cookie_name_check(unit_pool, longest));
}

static void test_attrs_check(void)
{
    /* columns: attribute string, accepted */
    static const struct {
        const char *attrs;
        int ok;
    } rows[] = {
        {"Path=/; HttpOnly; SameSite=Lax", 1},
        {"", 1},
        {"Secure", 1},
        {"HttpOnly", 1},
        {"SameSite=Strict", 1},
        {"SameSite=None; Secure", 1},
        {"samesite=lax", 1},
        {"SameSite=LAX", 1},
        {"Path=/app; Domain=example.org", 1},
        {"Path=/;;HttpOnly", 1},
        {"Path=/; ", 1},
        {"  Path=/  ;  HttpOnly  ", 1},
        {"Partitioned; Secure", 1},
        {"Max-Agex=5", 1},
        {"SameSite=Foo", 0},
        {"SameSite=", 0},
        {"SameSite", 0},
        {"SameSite=Laxx", 0},
        {"Path=/; SameSite=Lax ; SameSite=x", 0},
        {"Max-Age=5", 0},
        {"max-age=5", 0},
        {"Max-Age", 0},
        {"Expires=Thu", 0},
        {"expires=Thu 01 Jan 2099", 0},
        {"Expires=Thu, 01 Jan 2099 00:00:00 GMT", 0},
        {"=x", 0},
        {"Path=/; =x", 0},
        {"Path=/\n", 0},
        {"Path=/\r\nSet-Cookie: x=y", 0},
        {"Path=/\t", 0},
        {"Path=/\x7f", 0},
        {"Path=/j\xc3\xb6rg", 0},
        {"Domain=a,b", 0},
        /* names and values compared trimmed (issue 11 item 6) */
        {"Max-Age =600", 0},
        {"Max-Age = 600", 0},
        {"Expires =Thu 01 Jan 2099", 0},
        {"SameSite =Bogus", 0},
        {"SameSite= Bogus", 0},
        {"SameSite = Lax", 1},
        {"SameSite =Strict; Path=/", 1},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *err = mst_cookie_attrs_check(unit_pool, rows[i].attrs);
        MST_CHECK((err == NULL) == rows[i].ok, "row %zu: %s", i, err ? err : "accepted");
    }
}

static void test_samesite(void)
{
    static const struct {
        const char *attrs, *want; /* want NULL: no SameSite */
    } rows[] = {
        {NULL, NULL},
        {"", NULL},
        {"Path=/; HttpOnly", NULL},
        {"Path=/; HttpOnly; SameSite=Lax", "Lax"},
        {"SameSite=Strict; Path=/", "Strict"},
        {"samesite=none", "none"},
        {" SAMESITE = Lax ", "Lax"},
        {"SameSite=None; Path=/; SameSite=Strict", "Strict"},
        {"SameSite=Lax;SameSite=None", "None"},
        {"SameSite", NULL},
        {"SameSiteX=Lax", NULL},
        {"XSameSite=Lax", NULL},
        {"Path=/SameSite=Lax", NULL},
        {"SameSite=", ""},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *got = mst_cookie_samesite(unit_pool, rows[i].attrs);
        if (rows[i].want == NULL) {
            MST_CHECK(got == NULL, "row %zu: got '%s'", i, got ? got : "");
        } else {
            MST_CHECK(got != NULL && strcmp(got, rows[i].want) == 0, "row %zu: got '%s'", i,
                      got ? got : "(none)");
        }
    }
}

static void test_attr_lookup(void)
{
    /* columns: attrs, attribute name, present, its value */
    static const struct {
        const char *attrs, *name;
        int present;
        const char *want;
    } rows[] = {
        {"Path=/; HttpOnly; SameSite=Lax", "Path", 1, "/"},
        {"Path=/; HttpOnly; SameSite=Lax", "httponly", 1, ""},
        {"Path=/; HttpOnly; SameSite=Lax", "Secure", 0, NULL},
        {" path = /app ; Secure ", "Path", 1, "/app"},
        {" path = /app ; Secure ", "SECURE", 1, ""},
        {"Path=/Secure", "Secure", 0, NULL},
        {"Securex", "Secure", 0, NULL},
        {"Path=/a; Path=/", "Path", 1, "/"},
        {"Domain =example.org", "Domain", 1, "example.org"},
        {"", "Path", 0, NULL},
        {NULL, "Path", 0, NULL},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *v = NULL;
        apr_size_t len = 0;
        int got = mst_cookie_attr(rows[i].attrs, rows[i].name, &v, &len);
        MST_CHECK(got == rows[i].present, "row %zu", i);
        if (got) {
            MST_CHECK(len == strlen(rows[i].want) && strncmp(v, rows[i].want, len) == 0,
                      "row %zu: %.*s", i, (int)len, v);
        }
        MST_CHECK(mst_cookie_attr(rows[i].attrs, rows[i].name, NULL, NULL) == rows[i].present,
                  "row %zu without value", i);
    }
}

static void test_secure_mode(void)
{
    /* columns: argument, accepted, mode */
    static const struct {
        const char *arg;
        int ok;
        mst_cookie_secure_mode mode;
    } parse[] = {
        {"Auto", 1, MST_COOKIE_SECURE_AUTO}, {"auto", 1, MST_COOKIE_SECURE_AUTO},
        {"On", 1, MST_COOKIE_SECURE_ON},     {"ON", 1, MST_COOKIE_SECURE_ON},
        {"Off", 1, MST_COOKIE_SECURE_OFF},   {"off", 1, MST_COOKIE_SECURE_OFF},
        {"", 0, MST_COOKIE_SECURE_AUTO},     {"yes", 0, MST_COOKIE_SECURE_AUTO},
        {"Onn", 0, MST_COOKIE_SECURE_AUTO},
    };
    /* columns: mode, attrs, https, Secure emitted */
    static const struct {
        mst_cookie_secure_mode mode;
        const char *attrs;
        int https, secure;
    } emit[] = {
        {MST_COOKIE_SECURE_AUTO, "Path=/", 0, 0}, {MST_COOKIE_SECURE_AUTO, "Path=/", 1, 1},
        {MST_COOKIE_SECURE_ON, "Path=/", 0, 1},   {MST_COOKIE_SECURE_ON, "Path=/", 1, 1},
        {MST_COOKIE_SECURE_OFF, "Path=/", 0, 0},  {MST_COOKIE_SECURE_OFF, "Path=/", 1, 0},
        {MST_COOKIE_SECURE_AUTO, "Secure", 0, 1}, {MST_COOKIE_SECURE_AUTO, " secure ", 0, 1},
        {MST_COOKIE_SECURE_AUTO, NULL, 1, 1},     {MST_COOKIE_SECURE_AUTO, NULL, 0, 0},
    };
    for (size_t i = 0; i < sizeof(parse) / sizeof(parse[0]); i++) {
        mst_cookie_secure_mode m = MST_COOKIE_SECURE_AUTO;
        const char *err = mst_cookie_secure_parse(unit_pool, parse[i].arg, &m);
        MST_CHECK((err == NULL) == parse[i].ok, "row %zu: %s", i, err ? err : "accepted");
        MST_CHECK(m == parse[i].mode, "row %zu", i);
    }
    for (size_t i = 0; i < sizeof(emit) / sizeof(emit[0]); i++) {
        int got = mst_cookie_is_secure(emit[i].mode, emit[i].attrs, emit[i].https);
        const char *line = mst_cookie_format(unit_pool, "n", "v", emit[i].attrs, got, 0);
        MST_CHECK(got == emit[i].secure, "row %zu", i);
        /* whatever the source of Secure, it appears once or not at all */
        MST_CHECK((strstr(line, "ecure") != NULL) == emit[i].secure, "row %zu: %s", i, line);
        MST_CHECK(strstr(line, "ecure") == NULL ||
                      strstr(strstr(line, "ecure") + 1, "ecure") == NULL,
                  "row %zu twice: %s", i, line);
    }
}

static void test_config_check(void)
{
    /* columns: name, attrs, mode, accepted, a word the error must contain */
    static const struct {
        const char *name, *attrs;
        mst_cookie_secure_mode mode;
        int ok;
        const char *says;
    } rows[] = {
        {"session_timeout", "Path=/; HttpOnly", MST_COOKIE_SECURE_AUTO, 1, NULL},
        {"session_timeout", "Path=/app; Domain=example.org", MST_COOKIE_SECURE_OFF, 1, NULL},
        {"session_timeout", "Path=/; Secure", MST_COOKIE_SECURE_OFF, 0, "contradicts"},
        {"session_timeout", "Path=/; Secure", MST_COOKIE_SECURE_ON, 1, NULL},
        {"__Host-s", "Path=/; HttpOnly; SameSite=Lax", MST_COOKIE_SECURE_AUTO, 1, NULL},
        {"__Host-s", "Path=/; HttpOnly; SameSite=Lax", MST_COOKIE_SECURE_ON, 1, NULL},
        {"__Host-s", " path = / ; Secure", MST_COOKIE_SECURE_AUTO, 1, NULL},
        {"__Host-s", "Path=/; HttpOnly", MST_COOKIE_SECURE_OFF, 0, "Off"},
        {"__host-s", "Path=/; HttpOnly", MST_COOKIE_SECURE_OFF, 0, "Off"},
        {"__Host-s", "Path=/app/; HttpOnly", MST_COOKIE_SECURE_AUTO, 0, "Path=/"},
        {"__Host-s", "Path=/app", MST_COOKIE_SECURE_ON, 0, "Path=/"},
        {"__Host-s", "HttpOnly", MST_COOKIE_SECURE_ON, 0, "Path=/"},
        {"__Host-s", "Path=; HttpOnly", MST_COOKIE_SECURE_ON, 0, "Path=/"},
        {"__Host-s", "Path=/; Domain=example.org", MST_COOKIE_SECURE_ON, 0, "Domain"},
        {"__Host-s", "Path=/; domain = example.org", MST_COOKIE_SECURE_AUTO, 0, "Domain"},
        {"__Secure-s", "Path=/app; Domain=example.org", MST_COOKIE_SECURE_AUTO, 1, NULL},
        {"__Secure-s", "Path=/app", MST_COOKIE_SECURE_OFF, 0, "Off"},
        {"__SECURE-s", "Path=/", MST_COOKIE_SECURE_OFF, 0, "Off"},
        {"__Hostx", "Path=/app", MST_COOKIE_SECURE_OFF, 1, NULL},
        {"_Host-s", "Path=/app", MST_COOKIE_SECURE_OFF, 1, NULL},
    };
    CU_ASSERT(strcmp(mst_cookie_prefix("__Host-a"), "__Host-") == 0);
    CU_ASSERT(strcmp(mst_cookie_prefix("__secure-a"), "__Secure-") == 0);
    CU_ASSERT_PTR_NULL(mst_cookie_prefix("session_timeout"));
    CU_ASSERT_PTR_NULL(mst_cookie_prefix("__Host"));
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *err =
            mst_cookie_config_check(unit_pool, rows[i].name, rows[i].attrs, rows[i].mode);
        MST_CHECK((err == NULL) == rows[i].ok, "row %zu: %s", i, err ? err : "accepted");
        MST_CHECK(err == NULL || strstr(err, rows[i].says) != NULL, "row %zu: %s", i, err);
    }
}

static void test_clear_attr_parse(void)
{
    /* columns: word, accepted, which (0 Path, 1 Domain), value */
    static const struct {
        const char *word;
        int ok, which;
        const char *value;
    } rows[] = {
        {"Path=/", 1, 0, "/"},
        {"path=/dokuwiki/", 1, 0, "/dokuwiki/"},
        {"Path=/a%20b/~x", 1, 0, "/a%20b/~x"},
        {"Domain=example.org", 1, 1, "example.org"},
        {"domain=.Example-1.org", 1, 1, ".Example-1.org"},
        {"Path=", 0, 0, NULL},
        {"Path=dokuwiki/", 0, 0, NULL},
        {"Path=/a b", 0, 0, NULL},
        {"Path=/a;b", 0, 0, NULL},
        {"Path=/a\tb", 0, 0, NULL},
        {"Path=/\xc3\xa9", 0, 0, NULL},
        {"Domain=", 0, 0, NULL},
        {"Domain=a/b", 0, 0, NULL},
        {"Domain=a..b", 0, 0, NULL},
        {"Domain=a.", 0, 0, NULL},
        {"SameSite=Lax", 0, 0, NULL},
        {"Paths=/", 0, 0, NULL},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        int which = -1;
        const char *value = NULL;
        const char *err = mst_cookie_clear_attr_parse(unit_pool, rows[i].word, &which, &value);
        MST_CHECK((err == NULL) == rows[i].ok, "row %zu: %s", i, err ? err : "accepted");
        if (rows[i].ok && err == NULL) {
            MST_CHECK(which == rows[i].which && strcmp(value, rows[i].value) == 0, "row %zu", i);
        }
    }
}

static void test_cookie_date(void)
{
    /* columns: text, is a date, Unix seconds */
    static const struct {
        const char *text;
        int ok;
        apr_int64_t t;
    } rows[] = {
        {"Thu, 01 Jan 1970 00:00:00 GMT", 1, 0},
        {"Thu, 01-Jan-1970 00:00:01 GMT", 1, 1},    /* PHP */
        {"Thursday, 01-Jan-70 00:00:01 GMT", 1, 1}, /* RFC 850 */
        {"Thu Jan  1 00:00:01 1970", 1, 1},         /* asctime */
        {"Wed, 09 Jun 2021 10:18:14 GMT", 1, 1623233894},
        {"Sun, 06 Nov 1994 08:49:37 GMT", 1, 784111777},
        {"sun, 06 nov 1994 08:49:37 gmt", 1, 784111777}, /* any case */
        {"06 November 1994 08:49:37", 1, 784111777},     /* a month's first three letters */
        {"Fri, 31 Dec 9999 23:59:59 GMT", 1, 253402300799LL},
        {"Thu, 01 Jan 2099 00:00:00 GMT", 1, 4070908800LL},
        {"Sat, 01 Jan 00 12:00:00 GMT", 1, 946728000}, /* 00-69: 20xx */
        {"31 Dec 69 00:00:00", 1, 3155673600LL},
        {"Thu, 29 Feb 2024 00:00:00 GMT", 1, 1709164800},
        {"Mon, 01 Jan 1601 00:00:00 GMT", 1, -11644473600LL},
        {"1 Jan 1970 0:0:0", 1, 0},
        {"", 0, 0},
        {"garbage", 0, 0},
        {"Thu, 01 Jan 1970", 0, 0},           /* no time */
        {"Thu, 01 1970 00:00:00 GMT", 0, 0},  /* no month */
        {"Thu, Jan 1970 00:00:00 GMT", 0, 0}, /* no day */
        {"Thu, 01 Jan 00:00:00 GMT", 0, 0},   /* no year */
        {"Thu, 32 Jan 2000 00:00:00 GMT", 0, 0},
        {"Thu, 00 Jan 2000 00:00:00 GMT", 0, 0},
        {"Thu, 01 Jan 1600 00:00:00 GMT", 0, 0},
        {"Thu, 01 Jan 2000 24:00:00 GMT", 0, 0},
        {"Thu, 01 Jan 2000 00:60:00 GMT", 0, 0},
        {"Thu, 01 Jan 2000 00:00:60 GMT", 0, 0},
        {"Thu, 01 Jan 20000 00:00:00 GMT", 0, 0},
        {"Thu, 001 Jan 2000 00:00:00 GMT", 0, 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        apr_int64_t t = -7;
        int ok = mst_cookie_date(rows[i].text, strlen(rows[i].text), &t);
        MST_CHECK(ok == rows[i].ok, "row %zu: %s", i, rows[i].text);
        MST_CHECK(!ok || t == rows[i].t, "row %zu: %s gave %" APR_INT64_T_FMT, i, rows[i].text, t);
    }
}

static void test_set_cookie_effect(void)
{
    /* columns: Set-Cookie value, effect on "appsid" at now = 1764000000 */
    enum { O = MST_SET_COOKIE_OTHER, S = MST_SET_COOKIE_SETS, E = MST_SET_COOKIE_EXPIRES };
    static const struct {
        const char *value;
        int effect;
    } rows[] = {
        {"appsid=abc", S},
        {"appsid=abc; Path=/; HttpOnly", S},
        {"  appsid  =  abc  ; path=/", S},
        {"appsid=\"abc\"", S},
        {"appsid=\"\"", E},
        {"appsid=", E},
        {"appsid=; Path=/", E},
        {"appsid=  ; Path=/", E},
        {"appsid=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT; Max-Age=0; path=/", E}, /* PHP */
        {"appsid=x; Max-Age=0", E},
        {"appsid=x; max-age=0", E},
        {"appsid=x; MAX-AGE=-1", E},
        {"appsid=x; Max-Age=3600", S},
        {"appsid=x; Max-Age = 3600 ", S},
        {"appsid=x; Max-Age=99999999999999999999", S},
        {"appsid=x; Max-Age=abc", S}, /* not an integer: ignored */
        {"appsid=x; Max-Age=", S},
        {"appsid=x; Max-Age=+5", S},            /* RFC 6265: ignored */
        {"appsid=x; Max-Age=0; Max-Age=60", S}, /* the last one counts */
        {"appsid=x; Max-Age=60; Max-Age=0", E},
        {"appsid=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT", E},
        {"appsid=x; expires=Sun, 06 Nov 1994 08:49:37 GMT", E},
        {"appsid=x; EXPIRES=Thu, 01 Jan 2099 00:00:00 GMT", S},
        {"appsid=x; Expires=Mon, 24 Nov 2025 16:00:00 GMT", E}, /* == now */
        {"appsid=x; Expires=Mon, 24 Nov 2025 16:00:01 GMT", S},
        {"appsid=x; Expires=garbage", S}, /* not a date: ignored */
        {"appsid=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60", S}, /* Max-Age wins */
        {"appsid=x; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT", S}, /* in any order */
        {"appsid=x; Max-Age=0; Expires=Thu, 01 Jan 2099 00:00:00 GMT", E},
        {"appsid=x; Expires=Thu, 01 Jan 2099 00:00:00 GMT; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
         E},
        {"appsid=x;Path=/;Max-Age=0", E},
        {"appsid=x; Path=/a; Domain=example.org; Secure; SameSite=Lax", S},
        {"appsid=x; Max-Ages=0", S},
        {"APPSID=x", O}, /* names are case-sensitive */
        {"appsid2=x", O},
        {"xappsid=x", O},
        {"other=appsid=x", O},
        {"other=x; appsid=y", O}, /* an attribute, not a cookie */
        {"appsid", O},            /* no '=': ignored */
        {"appsid; Max-Age=0", O},
        {"", O},
        {"=x", O},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        int e = (int)mst_set_cookie_effect_of(rows[i].value, "appsid", 6, 1764000000);
        MST_CHECK(e == rows[i].effect, "row %zu: %s gave %d", i, rows[i].value, e);
    }
}

static void test_strip(void)
{
    /* columns: Cookie header, names removed (NULL-terminated), result (NULL: no cookie left) */
    static const struct {
        const char *header;
        const char *names[4];
        const char *want;
    } rows[] = {
        {"a=1; b=2", {"c", NULL}, "a=1; b=2"},
        {"a=1; b=2", {"a", NULL}, "b=2"},
        {"a=1; b=2", {"b", NULL}, "a=1"},
        {"a=1; b=2; c=3", {"b", NULL}, "a=1; c=3"},
        {"a=1; b=2", {"a", "b", NULL}, NULL},
        {"a=1", {"a", NULL}, NULL},
        {"a=1; a=2; b=3", {"a", NULL}, "b=3"},
        {" a = 1 ;b=2", {"a", NULL}, "b=2"},
        {"ab=1; a=2", {"a", NULL}, "ab=1"},
        {"A=1; a=2", {"a", NULL}, "A=1"},
        {"a=1, b=2", {"b", NULL}, "a=1"}, /* httpd's join of two fields */
        {"b=2, a=1", {"b", NULL}, "a=1"},
        {"lang=en,b=forged; c=3", {"b", NULL}, "lang=en; c=3"},
        {"lang=en,fr; c=3", {"b", NULL}, "lang=en,fr; c=3"}, /* untouched, byte for byte */
        {"x=\"a;b=1\"; c=3", {"b", NULL}, "x=\"a; c=3"},     /* removing more, never less */
        {"b; c=3", {"b", NULL}, "c=3"},
        {"b", {"b", NULL}, NULL},
        {"c", {"b", NULL}, "c"},
        {"", {"b", NULL}, ""},
        {";;", {"b", NULL}, ";;"},
        {"session_timeout=v1.x; DW68=abc; DokuWiki=s1; lang=de",
         {"session_timeout", "DW68", "DokuWiki", NULL},
         "lang=de"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        apr_array_header_t *names = apr_array_make(unit_pool, 4, sizeof(const char *));
        const char *got;
        for (int k = 0; rows[i].names[k]; k++) {
            APR_ARRAY_PUSH(names, const char *) = rows[i].names[k];
        }
        got = mst_cookie_strip(unit_pool, rows[i].header, names);
        MST_CHECK((got == NULL && rows[i].want == NULL) ||
                      (got != NULL && rows[i].want != NULL && strcmp(got, rows[i].want) == 0),
                  "row %zu: %s gave %s", i, rows[i].header, got ? got : "(none)");
        if (rows[i].want != NULL && strcmp(rows[i].want, rows[i].header) == 0) {
            MST_CHECK(got == rows[i].header, "row %zu: unchanged is the same text", i);
        }
    }
}

int register_cookie_suite(void)
{
    static const unit_test tests[] = {
        {"the SameSite attribute", test_samesite},
        {"mst_cookie_next", test_next},
        {"mst_cookie_next with a NULL cursor", test_next_null_cursor},
        {"mst_cookie_format", test_format},
        {"cookie names", test_name_check},
        {"clear cookie Path and Domain", test_clear_attr_parse},
        {"cookie attributes", test_attrs_check},
        {"one attribute, trimmed, any case", test_attr_lookup},
        {"SessionTimeoutCookieSecure and Secure emitted once", test_secure_mode},
        {"__Host- and __Secure- rules", test_config_check},
        {"cookie-date (RFC 6265 5.1.1)", test_cookie_date},
        {"what a Set-Cookie does to the application's cookie", test_set_cookie_effect},
        {"removing cookies from a Cookie header", test_strip},
    };
    return UNIT_REGISTER("cookie", unit_fixture_open, unit_fixture_close, tests);
}

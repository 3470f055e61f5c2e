/* test_cookie.c: CUnit suite for mst_cookie.c: finding our cookie in a
 * Cookie header, formatting Set-Cookie values, and the name and attribute
 * checks of SessionTimeoutCookie. */
#include <string.h>

#include <CUnit/CUnit.h>

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
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *err = mst_cookie_attrs_check(unit_pool, rows[i].attrs);
        MST_CHECK((err == NULL) == rows[i].ok, "row %zu: %s", i, err ? err : "accepted");
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

int register_cookie_suite(void)
{
    static const unit_test tests[] = {
        {"mst_cookie_next", test_next},
        {"mst_cookie_next with a NULL cursor", test_next_null_cursor},
        {"mst_cookie_format", test_format},
        {"cookie names", test_name_check},
        {"cookie attributes", test_attrs_check},
        {"clear cookie Path and Domain", test_clear_attr_parse},
    };
    return UNIT_REGISTER("cookie", unit_fixture_open, unit_fixture_close, tests);
}

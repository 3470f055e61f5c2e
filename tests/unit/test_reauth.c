/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* test_reauth.c: CUnit suite for mst_reauth.c: navigation vs script, the
 * open-redirect rules for return targets, same-origin Referer, the login
 * Location, JSON escaping and bodies, and the warning header value. */
#include <string.h>

#include <CUnit/CUnit.h>

#include "mst_reauth.h"
#include "unit_fixture.h"

#define BROWSER_ACCEPT "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

/* strcmp that treats two NULLs as equal */
static int same(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static void test_is_navigation(void)
{
    /* columns: Sec-Fetch-Mode, X-Requested-With, Accept, navigation */
    static const struct {
        const char *mode, *xrw, *accept;
        int nav;
    } rows[] = {
        {NULL, NULL, NULL, 1},
        {"navigate", NULL, BROWSER_ACCEPT, 1},
        {"NAVIGATE", NULL, NULL, 1},
        {"cors", NULL, BROWSER_ACCEPT, 0},
        {"no-cors", NULL, NULL, 0},
        {"same-origin", NULL, NULL, 0},
        {"websocket", NULL, NULL, 0},
        {"", NULL, NULL, 0},
        {"navigatex", NULL, NULL, 0},
        {NULL, "XMLHttpRequest", NULL, 0},
        {NULL, "xmlhttprequest", BROWSER_ACCEPT, 0},
        {"navigate", "XMLHttpRequest", BROWSER_ACCEPT, 0},
        {NULL, "Fetch", NULL, 1},
        {NULL, "", NULL, 1},
        {NULL, NULL, "application/json", 0},
        {NULL, NULL, "application/json, text/plain, */*", 1},
        {NULL, NULL, "*/*", 1},
        {NULL, NULL, "text/*", 1},
        {NULL, NULL, "text/html", 1},
        {NULL, NULL, "TEXT/HTML", 1},
        {NULL, NULL, "application/xhtml+xml", 1},
        {NULL, NULL, "text/plain", 0},
        {NULL, NULL, "text/htmlx", 0},
        {NULL, NULL, "text/htm", 0},
        {NULL, NULL, "image/png,*/*;q=0.8", 1},
        {NULL, NULL, "text/html;q=0", 0},
        {NULL, NULL, "text/html; q=0", 0},
        {NULL, NULL, "text/html;Q=0", 0},
        {NULL, NULL, "text/html;q=0.0", 0},
        {NULL, NULL, "text/html;q=0.000", 0},
        {NULL, NULL, "text/html;q=0.001", 1},
        {NULL, NULL, "text/html;q=0.5", 1},
        {NULL, NULL, "text/html;q=1", 1},
        {NULL, NULL, "text/html;q=1.0", 1},
        {NULL, NULL, "text/html ;q=1", 1},
        {NULL, NULL, "text/html;level=1;q=0", 0},
        {NULL, NULL, "text/html;level=1", 1},
        {NULL, NULL, "*/*;q=0", 0},
        {NULL, NULL, "application/json, text/html;q=0.1", 1},
        {NULL, NULL, "application/json;q=1.0", 0},
        {NULL, NULL, "text/html;q=0, application/json", 0},
        {NULL, NULL, " text/html , application/json", 1},
        {NULL, NULL, "", 0},
        {NULL, NULL, ",", 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        MST_CHECK(mst_is_navigation(rows[i].mode, rows[i].xrw, rows[i].accept) == rows[i].nav,
                  "row %zu: %s / %s / %s", i, rows[i].mode ? rows[i].mode : "-",
                  rows[i].xrw ? rows[i].xrw : "-", rows[i].accept ? rows[i].accept : "-");
    }
}

static void test_local_path_is_safe(void)
{
    /* columns: target, safe */
    static const struct {
        const char *s;
        int safe;
    } rows[] = {
        {"/", 1},
        {"/a/b?c=d&e=f", 1},
        {"/%2F%2Fevil", 1},
        {"/a//b", 1},
        {"/a:b@c", 1},
        {"/?next=//evil", 1},
        {"//evil", 0},
        {"//evil.example/path", 0},
        {"///evil", 0},
        {"/\\evil", 0},
        {"/\\/evil", 0},
        {"\\/evil", 0},
        {"/\t/evil", 0},
        {"/\n/evil", 0},
        {"/\r/evil", 0},
        {"/a\\b", 0},
        {"http://evil", 0},
        {"https:evil", 0},
        {"https://evil", 0},
        {"javascript:alert(1)", 0},
        {"", 0},
        {NULL, 0},
        {"relative", 0},
        {"./a", 0},
        {"../a", 0},
        {"?x=1", 0},
        {"#frag", 0},
        {" /a", 0},
        {"/a b", 0},
        {"/\x7f", 0},
        {"/j\xc3\xb6rg", 0},
        {"/\xe2\x80\xae", 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        MST_CHECK(mst_local_path_is_safe(rows[i].s) == rows[i].safe, "row %zu", i);
    }
}

static void test_origin_form(void)
{
    /* columns: raw request target, expected origin form (NULL: none) */
    static const struct {
        const char *target, *want;
    } rows[] = {
        {"/app/a%20b.html?q=1", "/app/a%20b.html?q=1"},
        {"/", "/"},
        {"http://evil.example/x?y=1", "/x?y=1"},
        {"https://host:8443/a/b", "/a/b"},
        {"http://host", NULL},
        {"*", NULL},
        {"", NULL},
        {"://host/x", NULL},
        {"ht tp://host/x", NULL},
        {"//evil/x", "//evil/x"}, /* origin form as sent; mst_return_target refuses it */
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *got = mst_origin_form(rows[i].target);
        MST_CHECK((got == NULL && rows[i].want == NULL) ||
                      (got && rows[i].want && strcmp(got, rows[i].want) == 0),
                  "%s: got %s", rows[i].target, got ? got : "NULL");
    }
    CU_ASSERT_PTR_NULL(mst_origin_form(NULL));
    CU_ASSERT_STRING_EQUAL(mst_return_target(unit_pool, mst_origin_form("//evil/x"), NULL), "/");
}

static void test_return_target(void)
{
    /* columns: request path, query, return target */
    static const struct {
        const char *path, *query, *want;
    } rows[] = {
        {"/a", "b=1", "/a?b=1"},
        {"/a", "", "/a"},
        {"/a", NULL, "/a"},
        {"/", NULL, "/"},
        {"/a/b%20c", "x=%2F&y", "/a/b%20c?x=%2F&y"},
        {"//evil", NULL, "/"},
        {"//evil", "x=1", "/"},
        {"/\\evil", NULL, "/"},
        {"/\t/evil", NULL, "/"},
        {"http://evil", NULL, "/"},
        {"https:evil", NULL, "/"},
        {"", NULL, "/"},
        {"", "x=1", "/"},
        {NULL, NULL, "/"},
        {NULL, "x=1", "/"},
        {"relative", NULL, "/"},
        {"/j\xc3\xb6rg", NULL, "/"},
        {"/a", "q=a b", "/"},
        {"/a", "q=\xc3\xb6", "/"},
        {"/a", "q=\\", "/"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *got = mst_return_target(unit_pool, rows[i].path, rows[i].query);
        MST_CHECK(strcmp(got, rows[i].want) == 0, "row %zu: got %s", i, got);
    }
}

static void test_referer_local_target(void)
{
    /* columns: Referer, origin of this request, local target (NULL: not same origin) */
    static const struct {
        const char *referer, *origin, *want;
    } rows[] = {
        {"https://host/a?b=1", "https://host", "/a?b=1"},
        {"https://host", "https://host", "/"},
        {"https://host/", "https://host", "/"},
        {"HTTPS://HOST/a", "https://host", "/a"},
        {"https://host/A", "https://HOST", "/A"},
        {"https://host/a#frag", "https://host", "/a"},
        {"https://host/a?x#f?y", "https://host", "/a?x"},
        {"https://host:8443/a", "https://host:8443", "/a"},
        {"https://other/a", "https://host", NULL},
        {"https://host.evil/a", "https://host", NULL},
        {"https://host.evil", "https://host", NULL},
        {"https://hostx/a", "https://host", NULL},
        {"https://host:8443/a", "https://host", NULL},
        {"https://host/a", "https://host:8443", NULL},
        {"http://host/a", "https://host", NULL},
        {"https://host@evil/a", "https://host", NULL},
        {"https://hos", "https://host", NULL},
        {"https://host//evil", "https://host", NULL},
        {"https://host/\\evil", "https://host", NULL},
        {"https://host/a b", "https://host", NULL},
        {"https://host?x=1", "https://host", NULL},
        {"", "https://host", NULL},
        {NULL, "https://host", NULL},
        {"https://host/a", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *got = mst_referer_local_target(unit_pool, rows[i].referer, rows[i].origin);
        MST_CHECK(same(got, rows[i].want), "row %zu: got %s", i, got ? got : "NULL");
    }
}

static void test_query_encode(void)
{
    /* columns: input, encoded */
    static const struct {
        const char *in, *want;
    } rows[] = {
        {"", ""},
        {"/a/b", "/a/b"},
        {"AZaz09-._~", "AZaz09-._~"},
        {"/a?b=c&d=e", "/a%3Fb%3Dc%26d%3De"},
        {" ", "%20"},
        {"%", "%25"},
        {"%2F", "%252F"},
        {"+", "%2B"},
        {"#", "%23"},
        {"\\", "%5C"},
        {":@!$'()*,;", "%3A%40%21%24%27%28%29%2A%2C%3B"},
        {"\xc3\xb6", "%C3%B6"},
        {"\x7f\x01\xff", "%7F%01%FF"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *got = mst_query_encode(unit_pool, rows[i].in);
        MST_CHECK(strcmp(got, rows[i].want) == 0, "row %zu: got %s", i, got);
    }
}

static void test_login_location(void)
{
    /* columns: login URL, parameter, target, Location */
    static const struct {
        const char *url, *param, *target, *want;
    } rows[] = {
        {"https://login/", "return_to", "/a?b=1", "https://login/?return_to=/a%3Fb%3D1"},
        {"https://login/?app=1", "return_to", "/a", "https://login/?app=1&return_to=/a"},
        {"https://login/#frag", "return_to", "/a", "https://login/?return_to=/a#frag"},
        {"https://login/?app=1#f?x", "r", "/a", "https://login/?app=1&r=/a#f?x"},
        {"/login#x?y", "r", "/a", "/login?r=/a#x?y"},
        {"/login", "r", "/", "/login?r=/"},
        {"/login", "r", "/a b&c", "/login?r=/a%20b%26c"},
        {"/login", NULL, "/a", "/login"},
        {"/login", "r", NULL, "/login"},
        {"/login?x", NULL, NULL, "/login?x"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *got = mst_login_location(unit_pool, rows[i].url, rows[i].param, rows[i].target);
        MST_CHECK(strcmp(got, rows[i].want) == 0, "row %zu: got %s", i, got);
    }
}

static void test_json_string(void)
{
    /* columns: input, JSON literal */
    static const struct {
        const char *in, *want;
    } rows[] = {
        {NULL, "null"},
        {"", "\"\""},
        {"abc", "\"abc\""},
        {"a\"b", "\"a\\\"b\""},
        {"a\\b", "\"a\\\\b\""},
        {"\n", "\"\\u000a\""},
        {"\x01\x1f", "\"\\u0001\\u001f\""},
        {"\x7f", "\"\\u007f\""},
        {"<script>&", "\"\\u003cscript\\u003e\\u0026\""},
        {"</", "\"\\u003c/\""},
        {"j\xc3\xb6rg", "\"j\xc3\xb6rg\""},
        {"/a?b=1", "\"/a?b=1\""},
        {"'", "\"'\""},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *got = mst_json_string(unit_pool, rows[i].in);
        MST_CHECK(strcmp(got, rows[i].want) == 0, "row %zu: got %s", i, got);
    }
}

static void test_expired_json(void)
{
    /* columns: reason, login URL, body */
    static const struct {
        const char *reason, *url, *want;
    } rows[] = {
        {"inactivity", "https://l/?x=1",
         "{\"error\":\"session_expired\",\"reason\":\"inactivity\",\"login_url\":\"https://l/"
         "?x=1\"}"},
        {"lifetime", "/login?a=1&b=2",
         "{\"error\":\"session_expired\",\"reason\":\"lifetime\",\"login_url\":\"/login?a=1"
         "\\u0026b=2\"}"},
        {"invalid", NULL,
         "{\"error\":\"session_expired\",\"reason\":\"invalid\",\"login_url\":null}"},
        {"missing", NULL,
         "{\"error\":\"login_required\",\"reason\":\"missing\",\"login_url\":null}"},
        {"missing", "/login",
         "{\"error\":\"login_required\",\"reason\":\"missing\",\"login_url\":\"/login\"}"},
        {"invalid", "/x\"y",
         "{\"error\":\"session_expired\",\"reason\":\"invalid\",\"login_url\":"
         "\"/x\\\"y\"}"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *got = mst_expired_json(unit_pool, rows[i].reason, rows[i].url);
        MST_CHECK(strcmp(got, rows[i].want) == 0, "row %zu: got %s", i, got);
    }
}

static void test_warning_value(void)
{
    /* columns: remaining, limit, header value */
    static const struct {
        apr_int64_t remaining;
        const char *limit, *want;
    } rows[] = {
        {287, "inactivity", "remaining=287, limit=inactivity"},
        {0, "lifetime", "remaining=0, limit=lifetime"},
        {1, "lifetime", "remaining=1, limit=lifetime"},
        {4102444800, "lifetime", "remaining=4102444800, limit=lifetime"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *got = mst_warning_value(unit_pool, rows[i].remaining, rows[i].limit);
        MST_CHECK(strcmp(got, rows[i].want) == 0, "row %zu: got %s", i, got);
    }
}

static void test_cache_control_private(void)
{
    /* columns: what the application sent, fields we add (our Set-Cookie or
     * warning), the merged Cache-Control */
    static const struct {
        const char *app, *fields, *want;
    } rows[] = {
        {NULL, NULL, "private"},
        {"", NULL, "private"},
        {"public, max-age=600", NULL, "max-age=600, private"},
        {"PUBLIC,max-age=600,S-MAXAGE=3600", NULL, "max-age=600, private"},
        {"private", NULL, "private"},
        {"private=\"X-A, X-B\", max-age=5", NULL, "max-age=5, private"},
        {"no-store", "Set-Cookie", "no-store, private"},
        {"no-cache", "Set-Cookie", "no-cache, private"},
        {"max-age=0, must-revalidate", "Set-Cookie",
         "max-age=0, must-revalidate, private, no-cache=\"Set-Cookie\""},
        {NULL, "Set-Cookie, Session-Timeout-Warning",
         "private, no-cache=\"Set-Cookie, Session-Timeout-Warning\""},
        {"no-cache=\"X-App, X-Other\", public", "Set-Cookie",
         "private, no-cache=\"X-App, X-Other, Set-Cookie\""},
        {"no-cache=X-App", NULL, "private, no-cache=\"X-App\""},
        {" , ,max-age=1 ,, ", NULL, "max-age=1, private"},
        {"ext=\"a, public\", public", NULL, "ext=\"a, public\", private"},
        {"ext=\"a\\\", public\"", NULL, "ext=\"a\\\", public\", private"},
        {"publicity, privately", NULL, "publicity, privately, private"},
        {"s-maxage", NULL, "s-maxage, private"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *got = mst_cache_control_private(unit_pool, rows[i].app, rows[i].fields);
        MST_CHECK(strcmp(got, rows[i].want) == 0, "row %zu: got '%s'", i, got);
    }
}

static void test_keepalive_allowed(void)
{
    /* columns: X-Requested-With, Sec-Fetch-Site, Origin, own origin, allowed */
    static const struct {
        const char *xrw, *site, *origin, *own;
        int ok;
    } rows[] = {
        {"XMLHttpRequest", NULL, NULL, "https://a.test", 1},
        {"xmlhttprequest", "same-origin", "https://a.test", "https://a.test", 1},
        {"XMLHttpRequest", "same-origin", "HTTPS://A.TEST", "https://a.test", 1},
        {"XMLHttpRequest", NULL, "https://a.test:443", "https://a.test", 1},
        {"XMLHttpRequest", NULL, "https://a.test", "https://a.test:443", 1},
        {"XMLHttpRequest", NULL, "http://a.test:80", "http://a.test", 1},
        {NULL, NULL, NULL, "https://a.test", 0},
        {"", NULL, NULL, "https://a.test", 0},
        {"Fetch", "same-origin", "https://a.test", "https://a.test", 0},
        {"XMLHttpRequest", "same-site", "https://b.a.test", "https://a.test", 0},
        {"XMLHttpRequest", "same-site", NULL, "https://a.test", 0},
        {"XMLHttpRequest", "cross-site", NULL, "https://a.test", 0},
        {"XMLHttpRequest", "none", NULL, "https://a.test", 0},
        {"XMLHttpRequest", NULL, "https://evil.test", "https://a.test", 0},
        {"XMLHttpRequest", NULL, "null", "https://a.test", 0},
        {"XMLHttpRequest", NULL, "http://a.test", "https://a.test", 0},
        {"XMLHttpRequest", NULL, "https://a.test:8443", "https://a.test", 0},
        {"XMLHttpRequest", NULL, "https://a.test.evil", "https://a.test", 0},
        {"XMLHttpRequest", NULL, "https://a.tes", "https://a.test", 0},
        {"XMLHttpRequest", NULL, "https://a.test", NULL, 0},
        {"XMLHttpRequest", NULL, "https://a.test:443", "https://a.test:8443", 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        MST_CHECK(mst_keepalive_allowed(rows[i].xrw, rows[i].site, rows[i].origin, rows[i].own) ==
                      rows[i].ok,
                  "row %zu", i);
    }
}

int register_reauth_suite(void)
{
    static const unit_test tests[] = {
        {"navigation vs scripted request", test_is_navigation},
        {"safe local paths", test_local_path_is_safe},
        {"origin form of a request target", test_origin_form},
        {"return target and open redirects", test_return_target},
        {"same-origin Referer", test_referer_local_target},
        {"query encoding", test_query_encode},
        {"login Location", test_login_location},
        {"JSON strings", test_json_string},
        {"401 JSON body", test_expired_json},
        {"warning header value", test_warning_value},
        {"Cache-Control of a valid session", test_cache_control_private},
        {"keep-alive POST: same origin only", test_keepalive_allowed},
    };
    return UNIT_REGISTER("reauth", unit_fixture_open, unit_fixture_close, tests);
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* test_login.c: CUnit suite for mst_login.c: the form field rules of
 * SessionTimeoutLoginRequest, and the check of form bodies, query strings
 * and Content-Types against them. */
#include <string.h>

#include <CUnit/CUnit.h>
#include <apr_tables.h>

#include "mst_login.h"
#include "unit_fixture.h"

/* The rules "NAME=VALUE" / "NAME" of a NULL-terminated list, parsed. */
static apr_array_header_t *rules_of(const char *const *args)
{
    apr_array_header_t *rules = apr_array_make(unit_pool, 4, sizeof(mst_login_field));
    for (int i = 0; args[i]; i++) {
        mst_login_field f;
        const char *err = mst_login_field_parse(unit_pool, args[i], &f);
        CU_ASSERT_PTR_NULL(err);
        if (err == NULL) {
            APR_ARRAY_PUSH(rules, mst_login_field) = f;
        }
    }
    return rules;
}

static void test_field_parse(void)
{
    /* columns: argument, ok, name, value (NULL: any non-empty) */
    static const struct {
        const char *arg;
        int ok;
        const char *name, *value;
    } rows[] = {
        {"do=login", 1, "do", "login"},
        {"u", 1, "u", NULL},
        {"a=b=c", 1, "a", "b=c"},
        {"f[x]=1", 1, "f[x]", "1"},
        {"do=log in", 1, "do", "log in"},
        {"do=l%C3%B6g", 1, "do", "l%C3%B6g"}, /* a value is literal text */
        {"", 0, NULL, NULL},
        {"=x", 0, NULL, NULL},
        {"do=", 0, NULL, NULL},
        {"d o", 0, NULL, NULL},
        {"d&o", 0, NULL, NULL},
        {"d%20o", 0, NULL, NULL},
        {"d+o", 0, NULL, NULL},
        {"d\x7fo", 0, NULL, NULL},
        {"d\xc3\xb6", 0, NULL, NULL},
        {"do=a\nb", 0, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_login_field f = {NULL, NULL};
        const char *err = mst_login_field_parse(unit_pool, rows[i].arg, &f);
        MST_CHECK((err == NULL) == rows[i].ok, "row %zu: %s", i, err ? err : "accepted");
        if (err == NULL) {
            MST_CHECK(strcmp(f.name, rows[i].name) == 0, "row %zu: %s", i, f.name);
            MST_CHECK((f.value == NULL && rows[i].value == NULL) ||
                          (f.value && rows[i].value && strcmp(f.value, rows[i].value) == 0),
                      "row %zu", i);
        } else {
            MST_CHECK(strstr(err, "not a usable form field rule") != NULL, "row %zu: %s", i, err);
        }
    }
    /* a name or value of 128 bytes is fine, 129 is not */
    {
        char name[131], arg[140];
        mst_login_field f;
        memset(name, 'n', 129);
        name[128] = '\0';
        CU_ASSERT_PTR_NULL(mst_login_field_parse(unit_pool, name, &f));
        name[128] = 'n';
        name[129] = '\0';
        CU_ASSERT_PTR_NOT_NULL(mst_login_field_parse(unit_pool, name, &f));
        memcpy(arg, "a=", 2);
        memset(arg + 2, 'v', 129);
        arg[2 + 128] = '\0';
        CU_ASSERT_PTR_NULL(mst_login_field_parse(unit_pool, arg, &f));
        arg[2 + 128] = 'v';
        arg[2 + 129] = '\0';
        CU_ASSERT_PTR_NOT_NULL(mst_login_field_parse(unit_pool, arg, &f));
    }
}

static void test_form_match(void)
{
    static const char *const dokuwiki[] = {"do=login", NULL};
    static const char *const with_user[] = {"do=login", "u", "p", NULL};
    static const char *const spaced[] = {"action=log in", NULL};
    /* columns: rules, form text, matches */
    static const struct {
        const char *const *rules;
        const char *form;
        int match;
    } rows[] = {
        {dokuwiki, "do=login", 1},
        {dokuwiki, "sectok=&id=start&do=login&u=alice&p=secret&r=1", 1},
        {dokuwiki, "u=alice&do=login", 1},
        {dokuwiki, "do=login&do=login", 1},
        {dokuwiki, "d%6F=login", 1}, /* names are decoded */
        {dokuwiki, "do=%6Cogin", 1}, /* and values */
        {dokuwiki, "do=%6cogin", 1},
        {dokuwiki, "x=1&&do=login&", 1},
        {dokuwiki, "", 0},
        {dokuwiki, "do=save", 0},
        {dokuwiki, "do=Login", 0}, /* values are case-sensitive */
        {dokuwiki, "DO=login", 0},
        {dokuwiki, "do=login&do=save", 0}, /* every occurrence must match */
        {dokuwiki, "do=save&do=login", 0},
        {dokuwiki, "do=login&do", 0},
        {dokuwiki, "do=login&do[]=save", 0}, /* an array where one value is wanted */
        {dokuwiki, "do=login&do[x]=save", 0},
        {dokuwiki, "do=login&dox=save", 1}, /* another field */
        {dokuwiki, "do=login%00", 0},
        {dokuwiki, "do=login+", 0},
        {dokuwiki, "do=login&x=%zz", 0}, /* a bad escape anywhere: no match */
        {dokuwiki, "do=login&x=%4", 0},
        {dokuwiki, "do=login&x=%", 0},
        {dokuwiki, "id=start;do=login", 0}, /* ';' separates nothing */
        {dokuwiki, "do=login;x=1", 0},
        {with_user, "do=login&u=alice&p=secret", 1},
        {with_user, "do=login&u=alice&p=", 0},
        {with_user, "do=login&u=alice", 0},
        {with_user, "do=login&u=&u=alice&p=x", 0},
        {spaced, "action=log+in", 1},
        {spaced, "action=log%20in", 1},
        {spaced, "action=log in", 1},
        {spaced, "action=login", 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        apr_array_header_t *rules = rules_of(rows[i].rules);
        int m = mst_login_form_match(unit_pool, rules, rows[i].form, strlen(rows[i].form));
        MST_CHECK(m == rows[i].match, "row %zu: %s", i, rows[i].form);
    }
    /* the length decides, not a NUL */
    {
        apr_array_header_t *rules = rules_of(dokuwiki);
        MST_CHECK(mst_login_form_match(unit_pool, rules, "do=loginXYZ", 8) == 1, "length 8");
        MST_CHECK(mst_login_form_match(unit_pool, rules, "do=login", 7) == 0, "length 7");
        MST_CHECK(mst_login_form_match(unit_pool, NULL, "do=login", 8) == 0, "no rules");
        MST_CHECK(mst_login_form_match(unit_pool,
                                       apr_array_make(unit_pool, 1, sizeof(mst_login_field)),
                                       "do=login", 8) == 0,
                  "empty rules");
    }
}

static void test_url_match(void)
{
    static const char *const dokuwiki[] = {"do=login", NULL};
    /* columns: URL, matches */
    static const struct {
        const char *url;
        int match;
    } rows[] = {
        {"/wiki/doku.php?do=login", 1},
        {"/wiki/doku.php?id=start&do=login", 1},
        {"/wiki/doku.php?do=login&return_to=%2Fwiki%2Fdoku.php%3Fdo%3Dsave", 1},
        {"/wiki/doku.php?do=login#top", 1},
        {"/wiki/doku.php?do=login#&do=save", 1},
        {"/wiki/doku.php?do=save", 0},
        {"/wiki/doku.php?do=login&do=save", 0},
        {"/wiki/doku.php", 0},
        {"/wiki/do=login", 0},
        {"/wiki/doku.php#?do=login", 0},
        {"", 0},
    };
    apr_array_header_t *rules = rules_of(dokuwiki);
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        MST_CHECK(mst_login_url_match(unit_pool, rules, rows[i].url) == rows[i].match,
                  "row %zu: %s", i, rows[i].url);
    }
    MST_CHECK(mst_login_url_match(unit_pool, rules, NULL) == 0, "NULL");
}

static void test_form_type(void)
{
    static const struct {
        const char *type;
        int form;
    } rows[] = {
        {"application/x-www-form-urlencoded", 1},
        {"Application/X-WWW-Form-Urlencoded", 1},
        {"application/x-www-form-urlencoded; charset=UTF-8", 1},
        {"application/x-www-form-urlencoded;charset=UTF-8", 1},
        {" application/x-www-form-urlencoded ", 1},
        {"multipart/form-data; boundary=x", 0},
        {"application/x-www-form-urlencodedx", 0},
        {"application/json", 0},
        {"text/plain", 0},
        {"", 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        MST_CHECK(mst_login_is_form_type(rows[i].type) == rows[i].form, "row %zu: %s", i,
                  rows[i].type);
    }
    MST_CHECK(mst_login_is_form_type(NULL) == 0, "NULL");
}

int register_login_suite(void)
{
    static const unit_test tests[] = {
        {"form field rules", test_field_parse},
        {"form bodies against the rules", test_form_match},
        {"query strings against the rules", test_url_match},
        {"the form Content-Type", test_form_type},
    };
    return UNIT_REGISTER("login", unit_fixture_open, unit_fixture_close, tests);
}

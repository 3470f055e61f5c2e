/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* test_scope.c: CUnit suite for mst_scope.c: the defaults read from a scope
 * that sets nothing, every value check at its boundaries, the merge of every
 * setting in every parent x child set/unset combination, the clear-cookies
 * replace rule and the login URL's Off versus unset. */
#include <string.h>

#include <CUnit/CUnit.h>
#include <apr_strings.h>

#include "mst_login.h"
#include "mst_scope.h"
#include "unit_fixture.h"

/* n copies of c, from the unit_pool. */
static const char *repeat(char c, apr_size_t n)
{
    char *s = apr_palloc(unit_pool, n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

/* A row's value: text itself, or text's first character len times when len > 0. */
static const char *row_value(const char *text, apr_size_t len)
{
    return len > 0 ? repeat(text[0], len) : text;
}

static int same_str(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static void test_init(void)
{
    mst_scope s;
    mst_effective e;
    memset(&s, 0x5a, sizeof(s));
    mst_scope_init(&s);
    CU_ASSERT_EQUAL(s.set, 0);
    CU_ASSERT_EQUAL(s.limits.lifetime, MST_UNSET);
    CU_ASSERT_EQUAL(s.limits.inactivity, MST_UNSET);
    CU_ASSERT_EQUAL(s.limits.warning, MST_UNSET);
    CU_ASSERT_EQUAL(s.limits.refresh, MST_UNSET);
    CU_ASSERT_EQUAL(s.limits.profile, MST_PROFILE_UNSET);
    mst_limits_effective(&s.limits, &e);
    CU_ASSERT(memcmp(&e, &s.eff, sizeof(e)) == 0);
}

/* Every accessor of a scope that sets nothing returns the default, also when
 * the unset fields hold garbage (the bit alone decides). */
static void test_defaults_when_read(void)
{
    mst_scope s;
    for (int garbage = 0; garbage < 2; garbage++) {
        mst_scope_init(&s);
        if (garbage) {
            mst_limits l = s.limits;
            mst_effective e = s.eff;
            memset(&s, 0x5a, sizeof(s));
            s.set = 0;
            s.limits = l;
            s.eff = e;
        }
        MST_CHECK(mst_scope_enforce(&s) == 0, "garbage %d", garbage);
        MST_CHECK(mst_scope_activity(&s) == 1, "garbage %d", garbage);
        MST_CHECK(same_str(mst_scope_warning_header(&s), "Session-Timeout-Warning"), "garbage %d",
                  garbage);
        MST_CHECK(same_str(mst_scope_return_param(&s), "return_to"), "garbage %d", garbage);
        MST_CHECK(mst_scope_clear_cookies(&s) == NULL, "garbage %d", garbage);
        MST_CHECK(mst_scope_start_header(&s) == NULL, "garbage %d", garbage);
        MST_CHECK(mst_scope_end_header(&s) == NULL, "garbage %d", garbage);
        MST_CHECK(mst_scope_inject(&s) == 0, "garbage %d", garbage);
        MST_CHECK(same_str(mst_scope_script_url(&s), "/session-timeout.js"), "garbage %d", garbage);
        MST_CHECK(same_str(mst_scope_status_url(&s), "/session/status"), "garbage %d", garbage);
        MST_CHECK(mst_scope_logout_url(&s) == NULL, "garbage %d", garbage);
        for (int t = 0; t < MST_DIALOG_TEXTS; t++) {
            MST_CHECK(mst_scope_text(&s, t) == NULL, "garbage %d text %d", garbage, t);
        }
        MST_CHECK(mst_scope_login_url(&s) == NULL, "garbage %d", garbage);
        MST_CHECK(mst_scope_login_fields(&s) == NULL, "garbage %d", garbage);
        MST_CHECK(mst_scope_start_cookie(&s) == NULL, "garbage %d", garbage);
        MST_CHECK(mst_scope_user_source(&s) == MST_USER_NONE, "garbage %d", garbage);
        MST_CHECK(mst_scope_limits(&s) == &s.limits, "garbage %d", garbage);
        MST_CHECK(mst_scope_effective(&s)->lifetime == 86400, "garbage %d", garbage);
        MST_CHECK(mst_scope_effective(&s)->inactivity == MST_DURATION_OFF, "garbage %d", garbage);
        MST_CHECK(mst_scope_effective(&s)->warning == 300, "garbage %d", garbage);
        MST_CHECK(mst_scope_effective(&s)->refresh == 60, "garbage %d", garbage);
    }
}

static void test_flags(void)
{
    /* columns: setting, value given, value read back through the accessor */
    static const struct {
        mst_scope_setting which;
        int on, want;
    } rows[] = {
        {MST_SCOPE_ENFORCE, 1, 1},  {MST_SCOPE_ENFORCE, 0, 0},  {MST_SCOPE_ENFORCE, 2, 1},
        {MST_SCOPE_ACTIVITY, 1, 1}, {MST_SCOPE_ACTIVITY, 0, 0}, {MST_SCOPE_ACTIVITY, -1, 1},
        {MST_SCOPE_INJECT, 1, 1},   {MST_SCOPE_INJECT, 0, 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_scope s;
        int got;
        mst_scope_init(&s);
        mst_scope_set_flag(&s, rows[i].which, rows[i].on);
        got = rows[i].which == MST_SCOPE_ENFORCE    ? mst_scope_enforce(&s)
              : rows[i].which == MST_SCOPE_ACTIVITY ? mst_scope_activity(&s)
                                                    : mst_scope_inject(&s);
        MST_CHECK(got == rows[i].want, "row %zu", i);
        MST_CHECK(s.set == MST_SCOPE_BIT(rows[i].which), "row %zu sets exactly its bit", i);
    }
    {
        mst_scope s;
        mst_scope_init(&s);
        mst_scope_set_flag(&s, MST_SCOPE_WARNING_HEADER, 1);
        CU_ASSERT_EQUAL(s.set, 0); /* not a flag: ignored */
    }
}

static void test_set_limits(void)
{
    mst_scope s;
    mst_limits l;
    mst_scope_init(&s);
    mst_limits_init(&l);
    l.inactivity = 300;
    l.profile = MST_PROFILE_NIST_AAL3;
    mst_scope_set_limits(&s, &l);
    CU_ASSERT_EQUAL(mst_scope_limits(&s)->inactivity, 300);
    CU_ASSERT_EQUAL(mst_scope_limits(&s)->lifetime, MST_UNSET);
    CU_ASSERT_EQUAL(mst_scope_effective(&s)->inactivity, 300);
    CU_ASSERT_EQUAL(mst_scope_effective(&s)->lifetime, 12 * 3600);
    CU_ASSERT_EQUAL(mst_scope_effective(&s)->refresh, 30);
    CU_ASSERT_EQUAL(mst_scope_effective(&s)->warning, 120);
    CU_ASSERT_EQUAL(s.set, 0); /* limits keep their own unset convention */
}

/* Reads setting `which` through its accessor. */
static const char *read_str(const mst_scope *s, mst_scope_setting which)
{
    switch (which) {
    case MST_SCOPE_WARNING_HEADER:
        return mst_scope_warning_header(s);
    case MST_SCOPE_START_HEADER:
        return mst_scope_start_header(s);
    case MST_SCOPE_END_HEADER:
        return mst_scope_end_header(s);
    case MST_SCOPE_REVOKE_USER:
        return mst_scope_revoke_user_header(s);
    case MST_SCOPE_RETURN_PARAM:
        return mst_scope_return_param(s);
    case MST_SCOPE_SCRIPT_URL:
        return mst_scope_script_url(s);
    case MST_SCOPE_STATUS_URL:
        return mst_scope_status_url(s);
    case MST_SCOPE_LOGOUT_URL:
        return mst_scope_logout_url(s);
    default:
        return "?";
    }
}

static void test_header_names(void)
{
    /* columns: setting, value (or its first character len times when len >
     * 0), len, accepted, value read back (NULL: Off) */
    static const struct {
        mst_scope_setting which;
        const char *value;
        apr_size_t len;
        int ok;
        const char *want;
    } rows[] = {
        {MST_SCOPE_WARNING_HEADER, "X-Warn", 0, 1, "X-Warn"},
        {MST_SCOPE_WARNING_HEADER, "a", 0, 1, "a"},
        {MST_SCOPE_WARNING_HEADER, "a", 127, 1, NULL},
        {MST_SCOPE_WARNING_HEADER, "a", 128, 1, NULL},
        {MST_SCOPE_WARNING_HEADER, "a", 129, 0, NULL},
        {MST_SCOPE_WARNING_HEADER, "", 0, 0, NULL},
        {MST_SCOPE_WARNING_HEADER, "Off", 0, 1, "Off"}, /* a name, not Off, here */
        {MST_SCOPE_WARNING_HEADER, "!#$%&'*+-.^_`|~09azAZ", 0, 1, "!#$%&'*+-.^_`|~09azAZ"},
        {MST_SCOPE_WARNING_HEADER, "X Warn", 0, 0, NULL},
        {MST_SCOPE_WARNING_HEADER, "X-Warn:", 0, 0, NULL},
        {MST_SCOPE_WARNING_HEADER, "X\tWarn", 0, 0, NULL},
        {MST_SCOPE_WARNING_HEADER, "X\"", 0, 0, NULL},
        {MST_SCOPE_WARNING_HEADER, "(X)", 0, 0, NULL},
        {MST_SCOPE_WARNING_HEADER, "X@Y", 0, 0, NULL},
        {MST_SCOPE_WARNING_HEADER, "X,Y", 0, 0, NULL},
        {MST_SCOPE_WARNING_HEADER, "X\xc3\xa9", 0, 0, NULL},
        {MST_SCOPE_WARNING_HEADER, "X\x7f", 0, 0, NULL},
        {MST_SCOPE_START_HEADER, "X-Session-Start", 0, 1, "X-Session-Start"},
        {MST_SCOPE_START_HEADER, "Off", 0, 1, NULL},
        {MST_SCOPE_START_HEADER, "off", 0, 1, NULL},
        {MST_SCOPE_START_HEADER, "OFF", 0, 1, NULL},
        {MST_SCOPE_START_HEADER, "Offf", 0, 1, "Offf"},
        {MST_SCOPE_START_HEADER, "b", 128, 1, NULL},
        {MST_SCOPE_START_HEADER, "b", 129, 0, NULL},
        {MST_SCOPE_START_HEADER, "", 0, 0, NULL},
        {MST_SCOPE_START_HEADER, "X/Y", 0, 0, NULL},
        {MST_SCOPE_END_HEADER, "X-Session-End", 0, 1, "X-Session-End"},
        {MST_SCOPE_END_HEADER, "oFf", 0, 1, NULL},
        {MST_SCOPE_END_HEADER, "c", 128, 1, NULL},
        {MST_SCOPE_END_HEADER, "c", 129, 0, NULL},
        {MST_SCOPE_END_HEADER, "X;Y", 0, 0, NULL},
        {MST_SCOPE_REVOKE_USER, "X-Revoke-User", 0, 1, "X-Revoke-User"},
        {MST_SCOPE_REVOKE_USER, "off", 0, 1, NULL},
        {MST_SCOPE_REVOKE_USER, "X Y", 0, 0, NULL},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *value = row_value(rows[i].value, rows[i].len);
        const char *want = rows[i].len > 0 ? value : rows[i].want;
        mst_scope s;
        const char *err;
        mst_scope_init(&s);
        err = mst_scope_set_header(unit_pool, &s, rows[i].which, value);
        MST_CHECK((err == NULL) == rows[i].ok, "row %zu: %s", i, err ? err : "accepted");
        if (err) {
            MST_CHECK(
                strcmp(err, apr_psprintf(unit_pool, "'%s' is not a valid header name", value)) == 0,
                "row %zu: %s", i, err);
            MST_CHECK(s.set == 0, "row %zu: a refused value sets nothing", i);
        } else {
            MST_CHECK(s.set == MST_SCOPE_BIT(rows[i].which), "row %zu", i);
            MST_CHECK(same_str(read_str(&s, rows[i].which), want), "row %zu: got %s", i,
                      read_str(&s, rows[i].which) ? read_str(&s, rows[i].which) : "NULL");
        }
    }
    CU_ASSERT_PTR_NOT_NULL(
        mst_scope_set_header(unit_pool, &(mst_scope){0}, MST_SCOPE_SCRIPT_URL, "X"));
}

/* Names our header directives refuse (issue 11 item 8): what httpd or the
 * module writes itself, and hop-by-hop fields a proxy strips or acts on. */
static void test_header_reserved(void)
{
    static const char *const refused[] = {
        "Set-Cookie",
        "set-cookie",
        "SET-COOKIE2",
        "Location",
        "Content-Type",
        "content-length",
        "Content-Security-Policy",
        "Content-",
        "Connection",
        "Keep-Alive",
        "Proxy-Authenticate",
        "Proxy-Authorization",
        "Proxy-Connection",
        "TE",
        "te",
        "Trailer",
        "Transfer-Encoding",
        "Upgrade",
    };
    static const char *const accepted[] = {"Set-Cookies",      "X-Set-Cookie",   "Locations",
                                           "Contents",         "X-Content-Type", "TEx",
                                           "Upgrade-Insecure", "Trailers"};
    static const mst_scope_setting which[] = {MST_SCOPE_WARNING_HEADER, MST_SCOPE_START_HEADER,
                                              MST_SCOPE_END_HEADER};
    for (size_t w = 0; w < sizeof(which) / sizeof(which[0]); w++) {
        for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
            mst_scope s;
            const char *err;
            mst_scope_init(&s);
            err = mst_scope_set_header(unit_pool, &s, which[w], refused[i]);
            MST_CHECK(err != NULL && strstr(err, refused[i]) != NULL &&
                          strstr(err, "reserved") != NULL,
                      "%zu '%s': %s", w, refused[i], err ? err : "accepted");
            MST_CHECK(s.set == 0, "%zu '%s': a refused name sets nothing", w, refused[i]);
        }
        for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
            mst_scope s;
            mst_scope_init(&s);
            MST_CHECK(mst_scope_set_header(unit_pool, &s, which[w], accepted[i]) == NULL,
                      "%zu '%s'", w, accepted[i]);
        }
    }
}

static void test_return_param(void)
{
    /* columns: value, accepted, value read back (NULL: Off), the exact error */
    static const struct {
        const char *value;
        int ok;
        const char *want, *err;
    } rows[] = {
        {"return_to", 1, "return_to", NULL},
        {"r", 1, "r", NULL},
        {"next.url-2_x", 1, "next.url-2_x", NULL},
        {"Off", 1, NULL, NULL},
        {"off", 1, NULL, NULL},
        {"OFF", 1, NULL, NULL},
        {"of", 1, "of", NULL},
        {"", 0, NULL, "the parameter name is empty"},
        {"a b", 0, NULL, "'a b' is not a usable query parameter name"},
        {"a=b", 0, NULL, "'a=b' is not a usable query parameter name"},
        {"a&b", 0, NULL, "'a&b' is not a usable query parameter name"},
        {"a%20", 0, NULL, "'a%20' is not a usable query parameter name"},
        {"\xc3\xa4", 0, NULL, "'\xc3\xa4' is not a usable query parameter name"},
        {"x~", 0, NULL, "'x~' is not a usable query parameter name"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_scope s;
        const char *err;
        mst_scope_init(&s);
        err = mst_scope_set_return_param(unit_pool, &s, rows[i].value);
        MST_CHECK((err == NULL) == rows[i].ok, "row %zu: %s", i, err ? err : "accepted");
        MST_CHECK(same_str(err, rows[i].err), "row %zu: %s", i, err ? err : "accepted");
        MST_CHECK(s.set == (rows[i].ok ? MST_SCOPE_BIT(MST_SCOPE_RETURN_PARAM) : 0), "row %zu", i);
        MST_CHECK(!rows[i].ok || same_str(mst_scope_return_param(&s), rows[i].want), "row %zu", i);
    }
}

static void test_urls(void)
{
    /* columns: setting, value (or its first character len times when len >
     * 0), len, accepted, value read back (NULL: Off) */
    static const struct {
        mst_scope_setting which;
        const char *value;
        apr_size_t len;
        int ok;
        const char *want;
    } rows[] = {
        {MST_SCOPE_SCRIPT_URL, "/js/dialog.js", 0, 1, "/js/dialog.js"},
        {MST_SCOPE_SCRIPT_URL, "https://cdn.example.org/a.js?x=1&y=2#f", 0, 1,
         "https://cdn.example.org/a.js?x=1&y=2#f"},
        {MST_SCOPE_SCRIPT_URL, "/", 0, 1, "/"},
        {MST_SCOPE_SCRIPT_URL, "off", 0, 1, "off"}, /* Off only for the logout URL */
        {MST_SCOPE_SCRIPT_URL, "/\xc3\xa9", 0, 1, "/\xc3\xa9"},
        {MST_SCOPE_SCRIPT_URL, "a", 2047, 1, NULL},
        {MST_SCOPE_SCRIPT_URL, "a", 2048, 1, NULL},
        {MST_SCOPE_SCRIPT_URL, "a", 2049, 0, NULL},
        {MST_SCOPE_SCRIPT_URL, "", 0, 0, NULL},
        {MST_SCOPE_SCRIPT_URL, "/a b", 0, 0, NULL},
        {MST_SCOPE_SCRIPT_URL, "/a\tb", 0, 0, NULL},
        {MST_SCOPE_SCRIPT_URL, "/a\x01", 0, 0, NULL},
        {MST_SCOPE_SCRIPT_URL, "/a\x1f", 0, 0, NULL},
        {MST_SCOPE_SCRIPT_URL, "/a\x7f", 0, 0, NULL},
        {MST_SCOPE_SCRIPT_URL, "/a\"", 0, 0, NULL},
        {MST_SCOPE_SCRIPT_URL, "/a'", 0, 0, NULL},
        {MST_SCOPE_SCRIPT_URL, "/a<", 0, 0, NULL},
        {MST_SCOPE_SCRIPT_URL, "/a>", 0, 0, NULL},
        {MST_SCOPE_STATUS_URL, "/api/session", 0, 1, "/api/session"},
        {MST_SCOPE_STATUS_URL, "b", 2048, 1, NULL},
        {MST_SCOPE_STATUS_URL, "b", 2049, 0, NULL},
        {MST_SCOPE_STATUS_URL, "Off", 0, 1, "Off"},
        {MST_SCOPE_STATUS_URL, "/x y", 0, 0, NULL},
        {MST_SCOPE_LOGOUT_URL, "/logout?x=1", 0, 1, "/logout?x=1"},
        {MST_SCOPE_LOGOUT_URL, "Off", 0, 1, NULL},
        {MST_SCOPE_LOGOUT_URL, "off", 0, 1, NULL},
        {MST_SCOPE_LOGOUT_URL, "OFF", 0, 1, NULL},
        {MST_SCOPE_LOGOUT_URL, "c", 2048, 1, NULL},
        {MST_SCOPE_LOGOUT_URL, "c", 2049, 0, NULL},
        {MST_SCOPE_LOGOUT_URL, "", 0, 0, NULL},
        {MST_SCOPE_LOGOUT_URL, "/a>b", 0, 0, NULL},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *value = row_value(rows[i].value, rows[i].len);
        const char *want = rows[i].len > 0 ? value : rows[i].want;
        mst_scope s;
        const char *err;
        mst_scope_init(&s);
        err = mst_scope_set_url(unit_pool, &s, rows[i].which, value);
        MST_CHECK((err == NULL) == rows[i].ok, "row %zu: %s", i, err ? err : "accepted");
        if (err) {
            MST_CHECK(strcmp(err, apr_psprintf(unit_pool,
                                               "'%s' is not a usable URL (empty, too long, or "
                                               "with spaces, quotes, angle brackets or control "
                                               "characters)",
                                               value)) == 0,
                      "row %zu: %s", i, err);
            MST_CHECK(s.set == 0, "row %zu: a refused value sets nothing", i);
        } else {
            MST_CHECK(s.set == MST_SCOPE_BIT(rows[i].which), "row %zu", i);
            MST_CHECK(same_str(read_str(&s, rows[i].which), want), "row %zu", i);
        }
    }
    CU_ASSERT_PTR_NOT_NULL(
        mst_scope_set_url(unit_pool, &(mst_scope){0}, MST_SCOPE_END_HEADER, "/x"));
}

static void test_text_keys(void)
{
    /* columns: key, accepted, mst_dialog_text */
    static const struct {
        const char *key;
        int ok, text;
    } rows[] = {
        {"title", 1, MST_TEXT_TITLE},
        {"inactivity", 1, MST_TEXT_INACTIVITY},
        {"lifetime", 1, MST_TEXT_LIFETIME},
        {"stay", 1, MST_TEXT_STAY},
        {"signout", 1, MST_TEXT_SIGNOUT},
        {"ok", 1, MST_TEXT_OK},
        {"TITLE", 1, MST_TEXT_TITLE},
        {"SignOut", 1, MST_TEXT_SIGNOUT},
        {"Ok", 1, MST_TEXT_OK},
        {"", 0, 0},
        {"titles", 0, 0},
        {"title ", 0, 0},
        {"sign-out", 0, 0},
        {"cancel", 0, 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        int text = -99;
        const char *err = mst_dialog_text_parse(unit_pool, rows[i].key, &text);
        MST_CHECK((err == NULL) == rows[i].ok, "'%s'", rows[i].key);
        MST_CHECK(rows[i].ok ? text == rows[i].text : text == -99, "'%s'", rows[i].key);
        MST_CHECK(
            err == NULL ||
                strcmp(err, apr_psprintf(unit_pool,
                                         "unknown text '%s' (use title, inactivity, lifetime, "
                                         "stay, signout or ok)",
                                         rows[i].key)) == 0,
            "'%s': %s", rows[i].key, err ? err : "");
    }
    /* columns: mst_dialog_text, its key (NULL: none) */
    static const struct {
        int text;
        const char *name;
    } names[] = {
        {MST_TEXT_TITLE, "title"},
        {MST_TEXT_INACTIVITY, "inactivity"},
        {MST_TEXT_LIFETIME, "lifetime"},
        {MST_TEXT_STAY, "stay"},
        {MST_TEXT_SIGNOUT, "signout"},
        {MST_TEXT_OK, "ok"},
        {-1, NULL},
        {MST_DIALOG_TEXTS, NULL},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        MST_CHECK(same_str(mst_dialog_text_name(names[i].text), names[i].name), "row %zu", i);
    }
}

static void test_texts(void)
{
    /* columns: mst_dialog_text, value (or its first character len times when
     * len > 0), len, accepted */
    static const struct {
        int text;
        const char *value;
        apr_size_t len;
        int ok;
    } rows[] = {
        {MST_TEXT_TITLE, "Still there?", 0, 1},
        {MST_TEXT_INACTIVITY, "Signed out in {time}", 0, 1},
        {MST_TEXT_LIFETIME, "x", 0, 1},
        {MST_TEXT_STAY, "y", 1023, 1},
        {MST_TEXT_SIGNOUT, "y", 1024, 1},
        {MST_TEXT_OK, "y", 1025, 0},
        {MST_TEXT_TITLE, "", 0, 0},
        {MST_TEXT_OK, "<b>\"&'</b>", 0, 1},                /* escaped when written, not refused */
        {MST_TEXT_TITLE, "Sitzung l\xc3\xa4uft ab", 0, 1}, /* UTF-8 umlaut */
        {MST_TEXT_TITLE, "\xe2\x8f\xb0 \xf0\x9f\x94\x92", 0, 1}, /* 3- and 4-byte forms */
        {MST_TEXT_TITLE, "Sitzung l\xe4uft ab", 0, 0},           /* Latin-1, not UTF-8 */
        {MST_TEXT_TITLE, "x\xc3", 0, 0},                         /* cut short */
        {MST_TEXT_TITLE, "\xc0\xaf", 0, 0},                      /* overlong '/' */
        {MST_TEXT_TITLE, "\xed\xa0\x80", 0, 0},                  /* a surrogate */
        {MST_TEXT_TITLE, "\xf4\x90\x80\x80", 0, 0},              /* above U+10FFFF */
        {MST_TEXT_TITLE, "\x80", 0, 0},                          /* lone continuation */
        {-1, "x", 0, 0},
        {MST_DIALOG_TEXTS, "x", 0, 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *value = row_value(rows[i].value, rows[i].len);
        mst_scope s;
        const char *err;
        mst_scope_init(&s);
        err = mst_scope_set_text(unit_pool, &s, rows[i].text, value);
        MST_CHECK((err == NULL) == rows[i].ok, "row %zu: %s", i, err ? err : "accepted");
        if (err) {
            MST_CHECK(s.set == 0, "row %zu: a refused value sets nothing", i);
            MST_CHECK(rows[i].text < 0 || rows[i].text >= MST_DIALOG_TEXTS ||
                          strcmp(err, "the text must have 1 to 1024 bytes") == 0 ||
                          strcmp(err, "the text is not valid UTF-8 (save the configuration "
                                      "file as UTF-8)") == 0,
                      "row %zu: %s", i, err);
            continue;
        }
        MST_CHECK(s.set == MST_SCOPE_BIT(MST_SCOPE_TEXT + rows[i].text), "row %zu", i);
        for (int t = 0; t < MST_DIALOG_TEXTS; t++) {
            MST_CHECK(mst_scope_text(&s, t) == (t == rows[i].text ? value : NULL),
                      "row %zu text %d", i, t);
        }
    }
}

static void test_clear_cookie_names(void)
{
    /* columns: cookie name (or its first character len times when len > 0),
     * len, accepted, a text the error contains (mst_cookie_name_check's) */
    static const struct {
        const char *name;
        apr_size_t len;
        int ok;
        const char *says;
    } rows[] = {
        {"PHPSESSID", 0, 1, NULL},
        {"app_session", 0, 1, NULL},
        {"a", 128, 1, NULL},
        {"a", 129, 0, "is not a usable cookie name"},
        {"", 0, 0, "is not a usable cookie name"},
        {"a b", 0, 0, "is not a valid cookie name"},
        {"a=b", 0, 0, "is not a valid cookie name"},
        {"a;b", 0, 0, "is not a valid cookie name"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *name = row_value(rows[i].name, rows[i].len);
        mst_scope s;
        const char *err;
        mst_scope_init(&s);
        err = mst_scope_add_clear_cookie(unit_pool, &s, name);
        MST_CHECK((err == NULL) == rows[i].ok, "row %zu: %s", i, err ? err : "accepted");
        MST_CHECK(err == NULL || strstr(err, rows[i].says) != NULL, "row %zu: %s", i,
                  err ? err : "");
        if (err) {
            MST_CHECK(s.set == 0 && mst_scope_clear_cookies(&s) == NULL, "row %zu", i);
        } else {
            const apr_array_header_t *list = mst_scope_clear_cookies(&s);
            MST_CHECK(list != NULL && list->nelts == 1 &&
                          APR_ARRAY_IDX(list, 0, mst_clear_cookie).name == name &&
                          strcmp(APR_ARRAY_IDX(list, 0, mst_clear_cookie).attrs, "Path=/") == 0,
                      "row %zu", i);
        }
    }
}

/* One SessionTimeoutClearCookie directive's words: names with their Path
 * and Domain; on error nothing is added. */
static void test_clear_cookie_attrs(void)
{
    /* columns: the directive's words (space-separated), the expected list
     * "name|attrs,name|attrs" or NULL with the error's text */
    static const struct {
        const char *words;
        const char *list;
        const char *says;
    } rows[] = {
        {"PHPSESSID", "PHPSESSID|Path=/", NULL},
        {"DokuWiki Path=/dokuwiki/", "DokuWiki|Path=/dokuwiki/", NULL},
        {"a path=/x b", "a|Path=/x,b|Path=/", NULL},
        {"a Domain=example.org", "a|Path=/; Domain=example.org", NULL},
        {"a DOMAIN=.example.org PATH=/w/", "a|Path=/w/; Domain=.example.org", NULL},
        {"a b Path=/b/ Domain=b.test c", "a|Path=/,b|Path=/b/; Domain=b.test,c|Path=/", NULL},
        {"", NULL, "no cookie name"},
        {"Path=/x/", NULL, "must follow a cookie name"},
        {"a Path=/x/ Path=/y/", NULL, "two Path attributes"},
        {"a Domain=x.test Domain=y.test", NULL, "two Domain attributes"},
        {"a Path=x/", NULL, "starts with '/'"},
        {"a Path=", NULL, "empty"},
        {"a Path=/a;b", NULL, "not a usable cookie path"},
        {"a Path=/a,b", NULL, "not a usable cookie path"},
        {"a Domain=ex_ample.org", NULL, "not a usable cookie domain"},
        {"a Domain=a..b", NULL, "not a usable cookie domain"},
        {"a Domain=a.b.", NULL, "not a usable cookie domain"},
        {"a Secure", NULL, NULL}, /* "Secure" is a name: accepted as a cookie */
        {"a Max-Age=0", NULL, "only Path=... and Domain=..."},
        {"a HttpOnly=1", NULL, "only Path=... and Domain=..."},
        {"ok a;b", NULL, "is not a valid cookie name"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *words[8];
        int n = 0;
        char *copy = apr_pstrdup(unit_pool, rows[i].words), *last = NULL;
        mst_scope s;
        const char *err;
        const apr_array_header_t *list;
        for (char *w = apr_strtok(copy, " ", &last); w && n < 8; w = apr_strtok(NULL, " ", &last)) {
            words[n++] = w;
        }
        mst_scope_init(&s);
        err = mst_scope_add_clear_cookies(unit_pool, &s, words, n);
        list = mst_scope_clear_cookies(&s);
        if (rows[i].list == NULL && rows[i].says == NULL) {
            MST_CHECK(err == NULL && list != NULL && list->nelts == 2, "row %zu", i);
            continue;
        }
        if (rows[i].list == NULL) {
            MST_CHECK(err != NULL && strstr(err, rows[i].says) != NULL, "row %zu: %s", i,
                      err ? err : "accepted");
            MST_CHECK(s.set == 0 && list == NULL, "row %zu: something was added", i);
            continue;
        }
        MST_CHECK(err == NULL && list != NULL, "row %zu: %s", i, err ? err : "");
        if (err == NULL && list != NULL) {
            char *got = "";
            for (int k = 0; k < list->nelts; k++) {
                const mst_clear_cookie *c = &APR_ARRAY_IDX(list, k, mst_clear_cookie);
                got = apr_pstrcat(unit_pool, got, k ? "," : "", c->name, "|", c->attrs, NULL);
            }
            MST_CHECK(strcmp(got, rows[i].list) == 0, "row %zu: %s", i, got);
        }
    }
}

static void test_login_fields(void)
{
    /* columns: arguments given in turn to one scope, rules expected (NULL-terminated
     * "name=value" or "name"), error substring of the last argument (NULL: ok) */
    static const struct {
        const char *args[4];
        const char *want[4];
        const char *says;
    } rows[] = {
        {{"do=login", NULL}, {"do=login", NULL}, NULL},
        {{"do=login", "u", "p", NULL}, {"do=login", "u", "p", NULL}, NULL},
        {{"Off", NULL}, {NULL}, NULL},
        {{"off", "do=login", NULL}, {"do=login", NULL}, NULL},
        {{"do=login", "OFF", NULL}, {NULL}, NULL},
        {{"a=b=c", NULL}, {"a=b=c", NULL}, NULL},
        {{"do=log in", NULL}, {"do=log in", NULL}, NULL},
        {{"=login", NULL}, {NULL}, "not a usable form field rule"},
        {{"do=", NULL}, {NULL}, "not a usable form field rule"},
        {{"d o=x", NULL}, {NULL}, "not a usable form field rule"},
        {{"d&o", NULL}, {NULL}, "not a usable form field rule"},
        {{"d%6f=x", NULL}, {NULL}, "not a usable form field rule"},
        {{"d+o", NULL}, {NULL}, "not a usable form field rule"},
        {{"do=a\tb", NULL}, {NULL}, "not a usable form field rule"},
        {{"", NULL}, {NULL}, "not a usable form field rule"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_scope s;
        const char *err = NULL;
        const apr_array_header_t *list;
        int n = 0;
        mst_scope_init(&s);
        for (int a = 0; rows[i].args[a] && err == NULL; a++) {
            err = mst_scope_add_login_field(unit_pool, &s, rows[i].args[a]);
        }
        MST_CHECK((err == NULL) == (rows[i].says == NULL), "row %zu: %s", i, err ? err : "ok");
        MST_CHECK(err == NULL || strstr(err, rows[i].says) != NULL, "row %zu: %s", i,
                  err ? err : "");
        list = mst_scope_login_fields(&s);
        while (rows[i].want[n]) {
            n++;
        }
        MST_CHECK((list ? list->nelts : 0) == n, "row %zu: %d rules", i, list ? list->nelts : 0);
        for (int k = 0; list && k < list->nelts && k < n; k++) {
            const mst_login_field *f = &APR_ARRAY_IDX(list, k, mst_login_field);
            const char *got =
                f->value ? apr_pstrcat(unit_pool, f->name, "=", f->value, NULL) : f->name;
            MST_CHECK(strcmp(got, rows[i].want[k]) == 0, "row %zu rule %d: %s", i, k, got);
        }
    }
}

static void test_start_cookie(void)
{
    /* columns: name, user argument, ok, expected cookie (NULL: Off), source, from */
    static const struct {
        const char *name, *user;
        int ok;
        const char *cookie;
        mst_user_source src;
        const char *from;
    } rows[] = {
        {"appsid", NULL, 1, "appsid", MST_USER_NONE, NULL},
        {"DW68b8", "user=REMOTE_USER", 1, "DW68b8", MST_USER_REMOTE_USER, NULL},
        {"a", "USER=remote_user", 1, "a", MST_USER_REMOTE_USER, NULL},
        {"a", "user=header:X-App-User", 1, "a", MST_USER_HEADER, "X-App-User"},
        {"a", "user=Header:X", 1, "a", MST_USER_HEADER, "X"},
        {"a", "user=env:OIDC_CLAIM_email", 1, "a", MST_USER_ENV, "OIDC_CLAIM_email"},
        {"Off", NULL, 1, NULL, MST_USER_NONE, NULL},
        {"off", "user=REMOTE_USER", 0, NULL, MST_USER_NONE, NULL},
        {"a", "user=header:", 0, NULL, MST_USER_NONE, NULL},
        {"a", "user=header:X Y", 0, NULL, MST_USER_NONE, NULL},
        {"a", "user=header:Set-Cookie", 0, NULL, MST_USER_NONE, NULL}, /* reserved */
        {"a", "user=header:location", 0, NULL, MST_USER_NONE, NULL},
        {"a", "user=header:Content-Type", 0, NULL, MST_USER_NONE, NULL},
        {"a", "user=header:Connection", 0, NULL, MST_USER_NONE, NULL},
        {"a", "user=env:", 0, NULL, MST_USER_NONE, NULL},
        {"a", "user=env:A-B", 0, NULL, MST_USER_NONE, NULL},
        {"a", "user=cookie:x", 0, NULL, MST_USER_NONE, NULL},
        {"a", "REMOTE_USER", 0, NULL, MST_USER_NONE, NULL},
        {"a b", NULL, 0, NULL, MST_USER_NONE, NULL},
        {"", NULL, 0, NULL, MST_USER_NONE, NULL},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_scope s;
        const char *err;
        mst_scope_init(&s);
        err = mst_scope_set_start_cookie(unit_pool, &s, rows[i].name, rows[i].user);
        MST_CHECK((err == NULL) == rows[i].ok, "row %zu: %s", i, err ? err : "accepted");
        if (err) {
            MST_CHECK(s.set == 0 && mst_scope_start_cookie(&s) == NULL, "row %zu", i);
            continue;
        }
        MST_CHECK(mst_scope_has(&s, MST_SCOPE_START_COOKIE), "row %zu", i);
        MST_CHECK(same_str(mst_scope_start_cookie(&s), rows[i].cookie), "row %zu", i);
        MST_CHECK(mst_scope_user_source(&s) == rows[i].src, "row %zu", i);
        MST_CHECK(same_str(mst_scope_user_from(&s), rows[i].from), "row %zu", i);
    }
}

/* ---- the merge ---------------------------------------------------------- */

/* The merge test's settings: the scope's own (mst_scope_setting), then the
 * five fields of the limits. */
enum { F_LIFETIME = MST_SCOPE_SETTINGS, F_INACTIVITY, F_WARNING, F_REFRESH, F_PROFILE, N_FIELDS };

/* Distinct values to point at: [0] for the parent, [1] for the child. */
static char tags[2][N_FIELDS];
static apr_array_header_t arrays[2];

/* The value of field f of s as a number (pointers converted). */
static apr_int64_t field(const mst_scope *s, int f)
{
    switch (f) {
    case MST_SCOPE_ENFORCE:
        return s->enforce;
    case MST_SCOPE_ACTIVITY:
        return s->activity;
    case MST_SCOPE_INJECT:
        return s->inject;
    case MST_SCOPE_WARNING_HEADER:
        return (apr_int64_t)(apr_uintptr_t)s->warning_header;
    case MST_SCOPE_RETURN_PARAM:
        return (apr_int64_t)(apr_uintptr_t)s->return_param;
    case MST_SCOPE_CLEAR_COOKIES:
        return (apr_int64_t)(apr_uintptr_t)s->clear_cookies;
    case MST_SCOPE_START_HEADER:
        return (apr_int64_t)(apr_uintptr_t)s->start_header;
    case MST_SCOPE_END_HEADER:
        return (apr_int64_t)(apr_uintptr_t)s->end_header;
    case MST_SCOPE_SCRIPT_URL:
        return (apr_int64_t)(apr_uintptr_t)s->script_url;
    case MST_SCOPE_STATUS_URL:
        return (apr_int64_t)(apr_uintptr_t)s->status_url;
    case MST_SCOPE_LOGOUT_URL:
        return (apr_int64_t)(apr_uintptr_t)s->logout_url;
    case MST_SCOPE_LOGIN_URL:
        return (apr_int64_t)(apr_uintptr_t)s->login_url;
    case MST_SCOPE_REVOKE_USER:
        return (apr_int64_t)(apr_uintptr_t)s->revoke_user_header;
    case MST_SCOPE_LOGIN_REQUEST:
        return (apr_int64_t)(apr_uintptr_t)s->login_fields;
    case MST_SCOPE_START_COOKIE:
        /* one setting of three fields: a mix of sides changes the number */
        return (apr_int64_t)(apr_uintptr_t)s->start_cookie +
               3 * (apr_int64_t)(apr_uintptr_t)s->user_from + (apr_int64_t)s->user_source;
    case F_LIFETIME:
        return s->limits.lifetime;
    case F_INACTIVITY:
        return s->limits.inactivity;
    case F_WARNING:
        return s->limits.warning;
    case F_REFRESH:
        return s->limits.refresh;
    case F_PROFILE:
        return s->limits.profile;
    default: /* a dialog text */
        return (apr_int64_t)(apr_uintptr_t)s->texts[f - MST_SCOPE_TEXT];
    }
}

/* Whether field f is set in s: its bit, or for the limits not MST_UNSET. */
static int is_set(const mst_scope *s, int f)
{
    if (f < MST_SCOPE_SETTINGS) {
        return mst_scope_has(s, (mst_scope_setting)f);
    }
    return f == F_PROFILE ? s->limits.profile != MST_PROFILE_UNSET : field(s, f) != MST_UNSET;
}

/* A scope with the fields in mask set to values distinct per field and per
 * side (side 0: parent, 1: child), the others unset. The fields are written
 * directly: this tests the merge, not the setters. */
static void scope_with(mst_scope *s, apr_uint64_t mask, int side)
{
    mst_limits l;
    mst_scope_init(s);
    mst_limits_init(&l);
    for (int f = 0; f < N_FIELDS; f++) {
        const char *tag = &tags[side][f];
        if (!(mask & ((apr_uint64_t)1 << f))) {
            continue;
        }
        if (f < MST_SCOPE_SETTINGS) {
            s->set |= MST_SCOPE_BIT(f);
        }
        switch (f) {
        case MST_SCOPE_ENFORCE:
            s->enforce = 1000 * (side + 1) + f;
            break;
        case MST_SCOPE_ACTIVITY:
            s->activity = 1000 * (side + 1) + f;
            break;
        case MST_SCOPE_INJECT:
            s->inject = 1000 * (side + 1) + f;
            break;
        case MST_SCOPE_WARNING_HEADER:
            s->warning_header = tag;
            break;
        case MST_SCOPE_RETURN_PARAM:
            s->return_param = tag;
            break;
        case MST_SCOPE_CLEAR_COOKIES:
            s->clear_cookies = &arrays[side];
            break;
        case MST_SCOPE_START_HEADER:
            s->start_header = tag;
            break;
        case MST_SCOPE_END_HEADER:
            s->end_header = tag;
            break;
        case MST_SCOPE_SCRIPT_URL:
            s->script_url = tag;
            break;
        case MST_SCOPE_STATUS_URL:
            s->status_url = tag;
            break;
        case MST_SCOPE_LOGOUT_URL:
            s->logout_url = tag;
            break;
        case MST_SCOPE_LOGIN_URL:
            s->login_url = tag;
            break;
        case MST_SCOPE_REVOKE_USER:
            s->revoke_user_header = tag;
            break;
        case MST_SCOPE_LOGIN_REQUEST:
            s->login_fields = &arrays[side];
            break;
        case MST_SCOPE_START_COOKIE:
            s->start_cookie = tag;
            s->user_from = tag + 1;
            s->user_source = side == 0 ? MST_USER_HEADER : MST_USER_ENV;
            break;
        case F_LIFETIME:
            l.lifetime = 1000 * (side + 1) + 1;
            break;
        case F_INACTIVITY:
            l.inactivity = 1000 * (side + 1) + 2;
            break;
        case F_WARNING:
            l.warning = 1000 * (side + 1) + 3;
            break;
        case F_REFRESH:
            l.refresh = 1000 * (side + 1) + 4;
            break;
        case F_PROFILE:
            l.profile = side == 0 ? MST_PROFILE_NIST_AAL2 : MST_PROFILE_NIST_AAL3;
            break;
        default:
            s->texts[f - MST_SCOPE_TEXT] = tag;
            break;
        }
    }
    mst_scope_set_limits(s, &l);
}

/* The first field of out that is not what merging parent and child must
 * give, N_FIELDS for none, N_FIELDS + 1 for eff not matching the limits. */
static int first_wrong(const mst_scope *parent, const mst_scope *child, const mst_scope *out)
{
    mst_effective e;
    for (int f = 0; f < N_FIELDS; f++) {
        int from_child = is_set(child, f), want_set = from_child || is_set(parent, f);
        if (is_set(out, f) != want_set) {
            return f;
        }
        if (want_set && field(out, f) != field(from_child ? child : parent, f)) {
            return f;
        }
    }
    if (out->set != (parent->set | child->set)) {
        return N_FIELDS; /* a bit outside the settings */
    }
    mst_limits_effective(&out->limits, &e);
    return memcmp(&e, &out->eff, sizeof(e)) == 0 ? N_FIELDS : N_FIELDS + 1;
}

static void merge_and_check(apr_uint64_t pm, apr_uint64_t cm, unsigned *cases)
{
    mst_scope parent, child, out, alias_p, alias_c;
    int wrong;

    scope_with(&parent, pm, 0);
    scope_with(&child, cm, 1);
    mst_scope_merge(&parent, &child, &out);
    alias_p = parent;
    mst_scope_merge(&alias_p, &child, &alias_p);
    alias_c = child;
    mst_scope_merge(&parent, &alias_c, &alias_c);
    wrong = first_wrong(&parent, &child, &out);
    MST_CHECK(wrong == N_FIELDS, "parent %06lx child %06lx: field %d", (unsigned long)pm,
              (unsigned long)cm, wrong);
    wrong = first_wrong(&parent, &child, &alias_p);
    MST_CHECK(wrong == N_FIELDS, "out=parent %06lx %06lx: field %d", (unsigned long)pm,
              (unsigned long)cm, wrong);
    wrong = first_wrong(&parent, &child, &alias_c);
    MST_CHECK(wrong == N_FIELDS, "out=child %06lx %06lx: field %d", (unsigned long)pm,
              (unsigned long)cm, wrong);
    (*cases)++;
}

static void test_merge_every_combination(void)
{
    /* The 25 settings (20 of the scope, 5 of its limits) have 4^25 joint
     * parent x child set/unset states, too many to enumerate. A merge bug
     * takes one field from the wrong side or from another field's bit, so
     * this enumerates every pair of settings (a, b), a == b included, in all
     * 16 joint states of the pair, with every other setting in each of the
     * four uniform states in turn (unset on both sides, set in the parent
     * only, in the child only, in both). Every setting thus meets every
     * set/unset combination of itself and of each other setting. Each merge
     * is also run with out aliasing the parent and the child. */
    const apr_uint64_t all = ((apr_uint64_t)1 << N_FIELDS) - 1;
    unsigned cases = 0;

    for (int a = 0; a < N_FIELDS; a++) {
        for (int b = a; b < N_FIELDS; b++) {
            const apr_uint64_t ab = ((apr_uint64_t)1 << a) | ((apr_uint64_t)1 << b);
            for (unsigned st = 0; st < 16; st++) {
                for (unsigned rest = 0; rest < 4; rest++) {
                    apr_uint64_t pm = (rest & 1) ? all & ~ab : 0;
                    apr_uint64_t cm = (rest & 2) ? all & ~ab : 0;
                    pm |= (st & 1) ? (apr_uint64_t)1 << a : 0;
                    cm |= (st & 2) ? (apr_uint64_t)1 << a : 0;
                    pm |= (st & 4) ? (apr_uint64_t)1 << b : 0;
                    cm |= (st & 8) ? (apr_uint64_t)1 << b : 0;
                    merge_and_check(pm, cm, &cases);
                }
            }
        }
    }
    /* and the extremes: nothing, everything, on either side */
    merge_and_check(0, 0, &cases);
    merge_and_check(all, 0, &cases);
    merge_and_check(0, all, &cases);
    merge_and_check(all, all, &cases);
    MST_CHECK(cases == (unsigned)(N_FIELDS * (N_FIELDS + 1) / 2) * 64 + 4, "%u cases", cases);
}

static void test_merge_defaults_at_read_time(void)
{
    /* A parent's value survives a child that sets nothing, and a child's Off
     * beats a parent's value: read through the accessors. */
    mst_scope parent, child, out;
    mst_limits l;
    mst_scope_init(&parent);
    mst_scope_init(&child);
    mst_limits_init(&l);
    l.lifetime = 7200;
    mst_scope_set_limits(&parent, &l);
    mst_scope_set_flag(&parent, MST_SCOPE_ENFORCE, 1);
    mst_scope_set_flag(&parent, MST_SCOPE_ACTIVITY, 0);
    CU_ASSERT_PTR_NULL(mst_scope_set_header(unit_pool, &parent, MST_SCOPE_WARNING_HEADER, "X-W"));
    CU_ASSERT_PTR_NULL(mst_scope_set_header(unit_pool, &parent, MST_SCOPE_START_HEADER, "X-S"));
    CU_ASSERT_PTR_NULL(mst_scope_set_return_param(unit_pool, &parent, "next"));
    CU_ASSERT_PTR_NULL(mst_scope_set_url(unit_pool, &parent, MST_SCOPE_LOGOUT_URL, "/bye"));
    CU_ASSERT_PTR_NULL(mst_scope_set_text(unit_pool, &parent, MST_TEXT_OK, "Fine"));

    mst_scope_merge(&parent, &child, &out);
    CU_ASSERT_EQUAL(mst_scope_enforce(&out), 1);
    CU_ASSERT_EQUAL(mst_scope_activity(&out), 0);
    CU_ASSERT(same_str(mst_scope_warning_header(&out), "X-W"));
    CU_ASSERT(same_str(mst_scope_start_header(&out), "X-S"));
    CU_ASSERT(same_str(mst_scope_return_param(&out), "next"));
    CU_ASSERT(same_str(mst_scope_logout_url(&out), "/bye"));
    CU_ASSERT(same_str(mst_scope_text(&out, MST_TEXT_OK), "Fine"));
    CU_ASSERT(same_str(mst_scope_script_url(&out), "/session-timeout.js"));
    CU_ASSERT_EQUAL(mst_scope_effective(&out)->lifetime, 7200);
    CU_ASSERT_EQUAL(mst_scope_effective(&out)->warning, 300);
    CU_ASSERT_EQUAL(mst_scope_limits(&out)->warning, MST_UNSET);

    mst_scope_set_flag(&child, MST_SCOPE_ENFORCE, 0);
    CU_ASSERT_PTR_NULL(mst_scope_set_header(unit_pool, &child, MST_SCOPE_START_HEADER, "Off"));
    CU_ASSERT_PTR_NULL(mst_scope_set_return_param(unit_pool, &child, "off"));
    CU_ASSERT_PTR_NULL(mst_scope_set_url(unit_pool, &child, MST_SCOPE_LOGOUT_URL, "OFF"));
    mst_limits_init(&l);
    l.lifetime = MST_DURATION_OFF;
    mst_scope_set_limits(&child, &l);
    mst_scope_merge(&parent, &child, &out);
    CU_ASSERT_EQUAL(mst_scope_enforce(&out), 0);
    CU_ASSERT_PTR_NULL(mst_scope_start_header(&out));
    CU_ASSERT_PTR_NULL(mst_scope_return_param(&out));
    CU_ASSERT_PTR_NULL(mst_scope_logout_url(&out));
    CU_ASSERT_EQUAL(mst_scope_effective(&out)->lifetime, MST_DURATION_OFF);
    CU_ASSERT(same_str(mst_scope_warning_header(&out), "X-W"));
}

static void test_clear_cookies_replace(void)
{
    mst_scope parent, child, out, grandchild, out2;
    const apr_array_header_t *list;
    mst_scope_init(&parent);
    mst_scope_init(&child);
    mst_scope_init(&grandchild);
    CU_ASSERT_PTR_NULL(mst_scope_add_clear_cookie(unit_pool, &parent, "a"));
    CU_ASSERT_PTR_NULL(mst_scope_add_clear_cookie(unit_pool, &parent, "b"));

    /* a child that names none inherits the list */
    mst_scope_merge(&parent, &child, &out);
    list = mst_scope_clear_cookies(&out);
    CU_ASSERT(list != NULL && list->nelts == 2);
    CU_ASSERT(list == mst_scope_clear_cookies(&parent));

    /* a child that names any replaces it; repeats in one scope append */
    CU_ASSERT_PTR_NULL(mst_scope_add_clear_cookie(unit_pool, &child, "c"));
    CU_ASSERT_PTR_NULL(mst_scope_add_clear_cookie(unit_pool, &child, "d"));
    mst_scope_merge(&parent, &child, &out);
    list = mst_scope_clear_cookies(&out);
    CU_ASSERT_FATAL(list != NULL && list->nelts == 2);
    if (list != NULL) { /* CU_ASSERT_FATAL returns, but the compiler cannot tell */
        CU_ASSERT_STRING_EQUAL(APR_ARRAY_IDX(list, 0, mst_clear_cookie).name, "c");
        CU_ASSERT_STRING_EQUAL(APR_ARRAY_IDX(list, 1, mst_clear_cookie).name, "d");
    }
    list = mst_scope_clear_cookies(&parent); /* the parent's is untouched */
    CU_ASSERT_FATAL(list != NULL && list->nelts == 2);
    if (list != NULL) {
        CU_ASSERT_STRING_EQUAL(APR_ARRAY_IDX(list, 0, mst_clear_cookie).name, "a");
    }

    /* a refused name in a fresh scope starts no list */
    CU_ASSERT_PTR_NOT_NULL(mst_scope_add_clear_cookie(unit_pool, &grandchild, "x y"));
    mst_scope_merge(&out, &grandchild, &out2);
    CU_ASSERT(mst_scope_clear_cookies(&out2) == mst_scope_clear_cookies(&out));
}

/* where (for messages) is not a setting: the child's when it has one. */
static void test_merge_where(void)
{
    mst_scope parent, child, out;
    mst_scope_init(&parent);
    mst_scope_init(&child);
    CU_ASSERT_PTR_NULL(parent.where);
    parent.where = "httpd.conf:3";
    mst_scope_merge(&parent, &child, &out);
    CU_ASSERT_STRING_EQUAL(out.where, "httpd.conf:3");
    child.where = "httpd.conf:9";
    mst_scope_merge(&parent, &child, &out);
    CU_ASSERT_STRING_EQUAL(out.where, "httpd.conf:9");
    CU_ASSERT(out.set == 0);
}

static void test_login_url_off_vs_unset(void)
{
    /* columns: grandparent's, parent's and child's login URL (NONE: unset,
     * OFF: Off, else that value), the URL in force after merging all three */
    static const char url_a[] = "a", url_b[] = "b", none[] = "unset";
#define NONE none
#define OFF  NULL
    static const struct {
        const char *gp, *p, *c, *want;
    } rows[] = {
        {NONE, NONE, NONE, NULL},    {url_a, NONE, NONE, url_a},  {url_a, OFF, NONE, NULL},
        {url_a, NONE, OFF, NULL},    {url_a, OFF, url_b, url_b},  {OFF, NONE, url_b, url_b},
        {OFF, url_a, NONE, url_a},   {url_a, url_b, NONE, url_b}, {NONE, OFF, NONE, NULL},
        {url_a, NONE, url_b, url_b},
    };
#undef NONE
#undef OFF
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *in[3] = {rows[i].gp, rows[i].p, rows[i].c};
        mst_scope s[3], out;
        for (int k = 0; k < 3; k++) {
            mst_scope_init(&s[k]);
            if (in[k] != none) {
                mst_scope_set_login_url(&s[k], in[k]);
            }
            MST_CHECK(mst_scope_has(&s[k], MST_SCOPE_LOGIN_URL) == (in[k] != none), "row %zu", i);
        }
        mst_scope_merge(&s[0], &s[1], &out);
        mst_scope_merge(&out, &s[2], &out);
        MST_CHECK(mst_scope_login_url(&out) == rows[i].want, "row %zu", i);
        MST_CHECK(mst_scope_has(&out, MST_SCOPE_LOGIN_URL) ==
                      (rows[i].gp != none || rows[i].p != none || rows[i].c != none),
                  "row %zu: Off is a set value", i);
    }
}

int register_scope_suite(void)
{
    static const unit_test tests[] = {
        {"init sets nothing", test_init},
        {"defaults when read", test_defaults_when_read},
        {"flags", test_flags},
        {"limits and their effective values", test_set_limits},
        {"header names at 128/129 bytes, Off", test_header_names},
        {"reserved header names refused", test_header_reserved},
        {"return parameter names, Off", test_return_param},
        {"dialog URLs at 2048/2049 bytes, Off", test_urls},
        {"dialog text keys", test_text_keys},
        {"dialog texts at 1024/1025 bytes", test_texts},
        {"clear cookie names", test_clear_cookie_names},
        {"login request field rules, Off", test_login_fields},
        {"start-on-cookie names and user sources, Off", test_start_cookie},
        {"clear cookies with Path and Domain", test_clear_cookie_attrs},
        {"merge: every setting, every set/unset combination", test_merge_every_combination},
        {"merge: inherited values and Off, read with defaults", test_merge_defaults_at_read_time},
        {"merge: clear cookies named in a scope replace the inherited list",
         test_clear_cookies_replace},
        {"merge: login URL Off versus unset", test_login_url_off_vs_unset},
        {"merge: where of the section", test_merge_where},
    };
    return UNIT_REGISTER("scope", unit_fixture_open, unit_fixture_close, tests);
}

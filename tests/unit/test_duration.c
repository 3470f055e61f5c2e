/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* test_duration.c: CUnit suite for mst_duration.c: the strict duration
 * parser (units, Off, minimum, overflow), the formatter and the Unix time
 * parser. */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "mst_duration.h"
#include "unit_fixture.h"

static void test_valid(void)
{
    /* columns: text, allow_off, min_seconds, expected seconds */
    static const struct {
        const char *text;
        int allow_off;
        apr_int64_t min, want;
    } rows[] = {
        {"90", 0, 1, 90},
        {"90s", 0, 1, 90},
        {"30m", 0, 1, 1800},
        {"8h", 0, 1, 28800},
        {"1d", 0, 1, 86400},
        {"0", 0, 0, 0},
        {"0s", 0, 0, 0},
        {"0d", 0, 0, 0},
        {"1", 0, 1, 1},
        {"007", 0, 1, 7},
        {"1440m", 0, 1, 86400},
        {"60", 0, 60, 60},
        {"1m", 0, 60, 60},
        {"Off", 1, 1, MST_DURATION_OFF},
        {"off", 1, 1, MST_DURATION_OFF},
        {"OFF", 1, 1, MST_DURATION_OFF},
        {"oFf", 1, 0, MST_DURATION_OFF},
        {"36500d", 0, 1, MST_DURATION_MAX},
        {"876000h", 0, 1, MST_DURATION_MAX},
        {"3153600000", 0, 1, MST_DURATION_MAX},
        {"3153600000s", 0, 1, MST_DURATION_MAX},
        {"52560000m", 0, 1, MST_DURATION_MAX},
        {"5", 1, 1, 5},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        apr_int64_t out = -99;
        const char *err =
            mst_duration_parse(unit_pool, rows[i].text, rows[i].allow_off, rows[i].min, &out);
        MST_CHECK(err == NULL, "'%s': %s", rows[i].text, err ? err : "");
        MST_CHECK(out == rows[i].want, "'%s'", rows[i].text);
    }
}

static void test_invalid(void)
{
    /* columns: text, allow_off, min_seconds, a word the error must contain */
    static const struct {
        const char *text;
        int allow_off;
        apr_int64_t min;
        const char *says;
    } rows[] = {
        {"", 0, 0, "not a duration"},
        {"", 1, 0, "or Off"},
        {"-5", 0, 0, "not a duration"},
        {"+5", 0, 0, "not a duration"},
        {"1.5h", 0, 0, "not a duration"},
        {"5 m", 0, 0, "not a duration"},
        {"5mm", 0, 0, "not a duration"},
        {"5ms", 0, 0, "not a duration"},
        {"5x", 0, 0, "not a duration"},
        {"1w", 0, 0, "not a duration"},
        {"5M", 0, 0, "not a duration"},
        {"5H", 0, 0, "not a duration"},
        {" 5", 0, 0, "not a duration"},
        {"5 ", 0, 0, "not a duration"},
        {"\t5", 0, 0, "not a duration"},
        {"m", 0, 0, "not a duration"},
        {"s5", 0, 0, "not a duration"},
        {"0x10", 0, 0, "not a duration"},
        {"1e3", 0, 0, "not a duration"},
        {"1h30m", 0, 0, "not a duration"},
        {"Off", 0, 0, "not a duration"},
        {"Of", 1, 0, "or Off"},
        {"Offf", 1, 0, "or Off"},
        {"None", 1, 0, "or Off"},
        {"99999999999999999999", 0, 0, "too long"},
        {"99999999999999999999d", 0, 0, "too long"},
        {"9223372036854775807", 0, 0, "too long"},
        {"9223372036854775808", 0, 0, "too long"},
        {"36501d", 0, 0, "too long"},
        {"876001h", 0, 0, "too long"},
        {"3153600001", 0, 0, "too long"},
        {"52560001m", 0, 0, "too long"},
        {"0", 0, 1, "too short: at least 1 second"},
        {"0", 1, 1, "at least 1 second (or Off)"},
        {"59", 0, 60, "too short"},
        {"59s", 0, 60, "at least 60 seconds"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        apr_int64_t out = 12345;
        const char *err =
            mst_duration_parse(unit_pool, rows[i].text, rows[i].allow_off, rows[i].min, &out);
        MST_CHECK(err != NULL, "'%s'", rows[i].text);
        MST_CHECK(err == NULL || strstr(err, rows[i].says) != NULL, "'%s': %s", rows[i].text,
                  err ? err : "");
        MST_CHECK(err == NULL || strncmp(err, "'", 1) == 0, "'%s' quoted", rows[i].text);
        MST_CHECK(err == NULL || strstr(err, rows[i].text) != NULL, "'%s' quoted", rows[i].text);
        MST_CHECK(out == 12345, "'%s' left *out alone", rows[i].text);
    }
}

static void test_format(void)
{
    /* columns: seconds, text */
    static const struct {
        apr_int64_t seconds;
        const char *text;
    } rows[] = {
        {MST_DURATION_OFF, "Off"},
        {0, "0s"},
        {1, "1s"},
        {59, "59s"},
        {60, "1m"},
        {90, "90s"},
        {1800, "30m"},
        {3600, "1h"},
        {5400, "90m"},
        {28800, "8h"},
        {86399, "86399s"},
        {86400, "1d"},
        {90061, "90061s"},
        {86401, "86401s"},
        {2592000, "30d"},
        {MST_DURATION_MAX, "36500d"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *got = mst_duration_format(unit_pool, rows[i].seconds);
        MST_CHECK(strcmp(got, rows[i].text) == 0, "%s: got %s", rows[i].text, got);
    }
}

static void test_format_parses_back(void)
{
    /* every output parses back to the same number of seconds */
    static const apr_int64_t rows[] = {0,    1,     59,    60,    90,    120,     3600,
                                       5400, 86399, 86400, 86401, 90061, 2592000, MST_DURATION_MAX};
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        apr_int64_t out = -99;
        const char *text = mst_duration_format(unit_pool, rows[i]);
        MST_CHECK(mst_duration_parse(unit_pool, text, 0, 0, &out) == NULL && out == rows[i], "%s",
                  text);
    }
}

static void test_unix_time(void)
{
    /* columns: text, bytes of it given (-1: all), parses, expected seconds.
     * Each is parsed from an exact-size copy without a NUL, so valgrind
     * reports any read past the length. */
    static const struct {
        const char *text;
        int len;
        int ok;
        apr_int64_t want;
    } rows[] = {
        {"0", -1, 1, 0},
        {"1", -1, 1, 1},
        {"1764000000", -1, 1, 1764000000},
        {"2147483648", -1, 1, 2147483648},     /* past 2038 */
        {"999999999999", -1, 1, 999999999999}, /* 12 digits: the largest */
        {"000000000001", -1, 1, 1},            /* leading zeros, 12 digits */
        {"0001764000000", -1, 0, 0},           /* 13 digits, even with leading zeros */
        {"1000000000000", -1, 0, 0},           /* 10^12 */
        {"", -1, 0, 0},
        {"+1", -1, 0, 0},
        {"-1", -1, 0, 0},
        {" 1", -1, 0, 0},
        {"1 ", -1, 0, 0},
        {"1s", -1, 0, 0},
        {"1e9", -1, 0, 0},
        {"0x10", -1, 0, 0},
        {"12.5", -1, 0, 0},
        {"1764000000.1764000600", 10, 1, 1764000000}, /* only len bytes count */
        {"17640000009", 10, 1, 1764000000},
        {"1x", 1, 1, 1},
        {"x1", 1, 0, 0},
        {"5", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        size_t len = rows[i].len < 0 ? strlen(rows[i].text) : (size_t)rows[i].len;
        char *copy = malloc(len ? len : 1);
        apr_int64_t out = -99;
        int ok;
        CU_ASSERT_FATAL(copy != NULL);
        memcpy(copy, rows[i].text, len);
        ok = mst_unix_time_parse(copy, len, &out);
        free(copy);
        MST_CHECK(ok == rows[i].ok, "row %zu '%s'", i, rows[i].text);
        MST_CHECK(out == (rows[i].ok ? rows[i].want : -99), "row %zu '%s': got %" APR_INT64_T_FMT,
                  i, rows[i].text, out);
    }
}

int register_duration_suite(void)
{
    static const unit_test tests[] = {
        {"valid durations", test_valid}, {"invalid durations", test_invalid},
        {"format", test_format},         {"format parses back", test_format_parses_back},
        {"Unix times", test_unix_time},
    };
    return UNIT_REGISTER("duration", unit_fixture_open, unit_fixture_close, tests);
}

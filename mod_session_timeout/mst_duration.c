/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_duration.c: strict duration parser and formatter for the directives,
 * and the strict Unix time parser.
 *
 * Pure core, see mst_duration.h. Unlike atol-style parsing, garbage never
 * becomes 0 or "disabled": anything that is not exactly a number with an
 * optional unit is an error that names the value. */
#include <string.h>

#include <apr_strings.h>

#include "mst_duration.h"

static const char usage[] = "use whole seconds or a number with s, m, h or d, e.g. 90, 30m, 8h, 1d";

const char *mst_duration_parse(apr_pool_t *p, const char *text, int allow_off,
                               apr_int64_t min_seconds, apr_int64_t *out)
{
    apr_int64_t value = 0, unit = 1;
    const char *s = text;
    apr_size_t digits = 0;

    if (allow_off && strcasecmp(text, "off") == 0) {
        *out = MST_DURATION_OFF;
        return NULL;
    }
    while (*s >= '0' && *s <= '9') {
        /* Stop accumulating before overflow; the range check below fails. */
        if (value <= MST_DURATION_MAX) {
            value = value * 10 + (*s - '0');
        }
        s++;
        digits++;
    }
    if (digits == 0) {
        return apr_psprintf(p, "'%s' is not a duration%s: %s", text, allow_off ? " or Off" : "",
                            usage);
    }
    switch (*s) {
    case '\0':
        break;
    case 's':
        s++;
        break;
    case 'm':
        unit = 60, s++;
        break;
    case 'h':
        unit = 3600, s++;
        break;
    case 'd':
        unit = 86400, s++;
        break;
    default:
        return apr_psprintf(p, "'%s' is not a duration%s: %s", text, allow_off ? " or Off" : "",
                            usage);
    }
    if (*s != '\0') {
        return apr_psprintf(p, "'%s' is not a duration%s: %s", text, allow_off ? " or Off" : "",
                            usage);
    }
    if (value > MST_DURATION_MAX / unit) {
        return apr_psprintf(p, "'%s' is too long: at most 36500d", text);
    }
    value *= unit;
    if (value < min_seconds) {
        return apr_psprintf(p, "'%s' is too short: at least %" APR_INT64_T_FMT " second%s%s", text,
                            min_seconds, min_seconds == 1 ? "" : "s", allow_off ? " (or Off)" : "");
    }
    *out = value;
    return NULL;
}

int mst_unix_time_parse(const char *text, apr_size_t len, apr_int64_t *out)
{
    apr_int64_t v = 0;
    if (len == 0 || len > MST_TIME_MAX_DIGITS) {
        return 0;
    }
    for (apr_size_t i = 0; i < len; i++) {
        if (text[i] < '0' || text[i] > '9') {
            return 0;
        }
        v = v * 10 + (text[i] - '0'); /* at most 12 digits: no overflow */
    }
    *out = v;
    return 1;
}

const char *mst_duration_format(apr_pool_t *p, apr_int64_t seconds)
{
    static const struct {
        apr_int64_t size;
        char unit;
    } units[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};

    if (seconds < 0) {
        return "Off";
    }
    /* The largest unit that divides exactly, so the text is a valid value
     * for the directive it is quoted from ("90s", not "1m30s"). */
    for (int i = 0; i < 4; i++) {
        if (seconds % units[i].size == 0 && (seconds > 0 || units[i].unit == 's')) {
            return apr_psprintf(p, "%" APR_INT64_T_FMT "%c", seconds / units[i].size,
                                units[i].unit);
        }
    }
    return "0s"; /* not reached: every value is a whole number of seconds */
}

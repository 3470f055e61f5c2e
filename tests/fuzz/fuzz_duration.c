/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* fuzz_duration.c: libFuzzer target for mst_duration_parse and
 * mst_duration_format (SPEC section 3, durations).
 *
 * Input: the directive argument (NUL-terminated copy; it ends at the first
 * NUL). It is parsed with allow_off 0 and 1 and minimums 0, 1 and 3600 s.
 * Properties:
 * - the verdict and value equal an independent reference parser's (digits,
 *   an optional s/m/h/d, or "Off" in any case when allowed; at most
 *   MST_DURATION_MAX seconds; at least the minimum);
 * - on success the value is Off (only with allow_off) or within
 *   [min, MST_DURATION_MAX]; on failure there is an error message;
 * - mst_duration_format of a parsed value has the documented shape ("Off",
 *   or one number in the largest unit that divides the value exactly:
 *   "90s", "30m", "86399s") and mst_duration_parse reads it back as the
 *   same value.
 * The first 8 input bytes, as an int64, are also formatted and checked for
 * shape (and parsed back when within MST_DURATION_MAX). */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "mst_duration.h"

static const apr_int64_t mins[] = {0, 1, 3600};

/* Reference parser: 1 and *out on success, 0 on any error. */
static int ref_parse(const char *s, int allow_off, apr_int64_t min, apr_int64_t *out)
{
    size_t len = strlen(s), digits = 0;
    unsigned __int128 v = 0, unit = 1;

    if (allow_off && len == 3 && strncasecmp(s, "off", 3) == 0) {
        *out = MST_DURATION_OFF;
        return 1;
    }
    while (digits < len && s[digits] >= '0' && s[digits] <= '9') {
        if (v <= (unsigned __int128)MST_DURATION_MAX) { /* saturate well above MAX */
            v = v * 10 + (unsigned)(s[digits] - '0');
        }
        digits++;
    }
    if (digits == 0 || len - digits > 1) {
        return 0;
    }
    if (len - digits == 1) {
        switch (s[digits]) {
        case 's':
            unit = 1;
            break;
        case 'm':
            unit = 60;
            break;
        case 'h':
            unit = 3600;
            break;
        case 'd':
            unit = 86400;
            break;
        default:
            return 0;
        }
    }
    v *= unit;
    if (v > (unsigned __int128)MST_DURATION_MAX || (apr_int64_t)v < min) {
        return 0;
    }
    *out = (apr_int64_t)v;
    return 1;
}

/* Reads the documented output of mst_duration_format: "Off", or one number
 * (no leading zeros) and the largest of d, h, m, s that divides the value
 * exactly, "0s" for zero. Returns 1 and the seconds, or 0. */
static int read_formatted(const char *s, apr_int64_t *out)
{
    static const char units[] = "dhms";
    static const apr_int64_t size[] = {86400, 3600, 60, 1};
    static const apr_int64_t per_larger[] = {0, 24, 60, 60}; /* units in the next larger one */
    apr_int64_t n = 0;
    const char *u;
    int k;

    if (strcmp(s, "Off") == 0) {
        *out = MST_DURATION_OFF;
        return 1;
    }
    if (strcmp(s, "0s") == 0) {
        *out = 0;
        return 1;
    }
    if (*s < '1' || *s > '9') {
        return 0; /* no empty number, no leading zero, no zero but "0s" */
    }
    while (*s >= '0' && *s <= '9') {
        if (n > (INT64_MAX - (*s - '0')) / 10) {
            return 0;
        }
        n = n * 10 + (*s++ - '0');
    }
    u = *s ? strchr(units, *s) : NULL;
    if (u == NULL || s[1] != '\0') {
        return 0;
    }
    k = (int)(u - units);
    if (n > INT64_MAX / size[k] || (k > 0 && n % per_larger[k] == 0)) {
        return 0; /* overflow, or a larger unit would have divided it */
    }
    *out = n * size[k];
    return 1;
}

static void check_format(apr_pool_t *p, apr_int64_t v)
{
    const char *text = mst_duration_format(p, v);
    apr_int64_t back = 0, reparsed = 0;

    FUZZ_CHECK(text != NULL);
    FUZZ_CHECK(read_formatted(text, &back));
    FUZZ_CHECK(back == (v < 0 ? MST_DURATION_OFF : v));
    if (v <= MST_DURATION_MAX) {
        FUZZ_CHECK(mst_duration_parse(p, text, 1, 0, &reparsed) == NULL);
        FUZZ_CHECK(reparsed == back);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fuzz_pool();
    char *text = fuzz_dup_cstr(data, size);

    for (int allow_off = 0; allow_off <= 1; allow_off++) {
        for (size_t m = 0; m < sizeof(mins) / sizeof(mins[0]); m++) {
            apr_int64_t out = 0, ref = 0;
            const char *err = mst_duration_parse(p, text, allow_off, mins[m], &out);
            int ok = ref_parse(text, allow_off, mins[m], &ref);

            FUZZ_CHECK((err == NULL) == ok);
            if (err != NULL) {
                FUZZ_CHECK(err[0] != '\0');
                continue;
            }
            FUZZ_CHECK(out == ref);
            FUZZ_CHECK((allow_off && out == MST_DURATION_OFF) ||
                       (out >= mins[m] && out <= MST_DURATION_MAX));
            check_format(p, out);
        }
    }
    check_format(p, fuzz_read_i64(data, size));

    free(text);
    apr_pool_clear(p);
    return 0;
}

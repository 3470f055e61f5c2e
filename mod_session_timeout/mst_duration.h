/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_duration.h: parsing and printing of durations such as 90, 90s, 30m, 8h, 1d, Off,
 * and the one parser of Unix times (tokens' CREATED and LAST, the CLI's --now).
 *
 * Pure core: APR only, no httpd headers. Errors are returned as strings
 * allocated from the caller's pool so a directive handler can hand them to
 * httpd unchanged; the time parser allocates nothing. */
#ifndef MST_DURATION_H
#define MST_DURATION_H

#include <apr_pools.h>

#define MST_DURATION_OFF    ((apr_int64_t)-1)                   /* "Off" */
#define MST_DURATION_MAX    (APR_INT64_C(36500) * 24 * 60 * 60) /* 100 years, in seconds */
#define MST_TIME_MAX_DIGITS 12 /* digits of a Unix time (CREATED and LAST in a token) */

/* Parses text as whole seconds with an optional unit s, m, h or d (one number,
 * one unit, no sign, no spaces, no fractions), or "Off" (any case) if
 * allow_off. Sets *out to seconds (0..MST_DURATION_MAX) or MST_DURATION_OFF.
 * Returns NULL, or an error string from p quoting the text. Values below
 * min_seconds are rejected, so callers say whether 0 makes sense. */
const char *mst_duration_parse(apr_pool_t *p, const char *text, int allow_off,
                               apr_int64_t min_seconds, apr_int64_t *out);

/* Formats seconds for humans and logs in the largest unit that divides them
 * exactly: "Off", "0s", "90s", "30m", "8h", "1d", "86399s". The text always
 * parses back to the same value. Result from p. */
const char *mst_duration_format(apr_pool_t *p, apr_int64_t seconds);

/* Parses len bytes of text (need not be NUL-terminated; never read past
 * text[len-1]) as Unix seconds spelled as a token spells CREATED and LAST
 * (SPEC section 2): 1 to MST_TIME_MAX_DIGITS decimal digits and nothing else
 * (no sign, no blanks, no unit); leading zeros are allowed. Returns 1 and
 * sets *out (0 to 10^12 - 1), or returns 0 and leaves *out alone. */
int mst_unix_time_parse(const char *text, apr_size_t len, apr_int64_t *out);

#endif

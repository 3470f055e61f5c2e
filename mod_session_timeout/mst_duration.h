/* mst_duration.h: parsing and printing of durations such as 90, 90s, 30m, 8h, 1d, Off.
 *
 * Pure core: APR only, no httpd headers. Errors are returned as strings
 * allocated from the caller's pool so a directive handler can hand them to
 * httpd unchanged. */
#ifndef MST_DURATION_H
#define MST_DURATION_H

#include <apr_pools.h>

#define MST_DURATION_OFF ((apr_int64_t)-1)                   /* "Off" */
#define MST_DURATION_MAX (APR_INT64_C(36500) * 24 * 60 * 60) /* 100 years, in seconds */

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

#endif

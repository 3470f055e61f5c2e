/* mst_token_impl.h: the field validators of mst_token.c, shared with
 * mst_token_v2.c so that both versions accept exactly the same KID, SID
 * and times. Private to the core: the glue, the CLI and the tests use
 * mst_token.h and mst_token_v2.h. */
#ifndef MST_TOKEN_IMPL_H
#define MST_TOKEN_IMPL_H

#include <apr.h>

#define MST_TOKEN_FIELDS 7 /* fields of a v1 or v2 token */

/* Splits len bytes of value into exactly MST_TOKEN_FIELDS '.'-separated
 * fields (start and length of each); 0 on any other shape. */
int mst_token_impl_split(const char *value, apr_size_t len, const char *start[MST_TOKEN_FIELDS],
                         apr_size_t flen[MST_TOKEN_FIELDS]);

/* 1 if s is a KID: MST_KID_LEN lowercase hex characters. */
int mst_token_impl_kid(const char *s, apr_size_t len);

/* 1 and *out set if s is a time field: 1 to MST_TIME_MAX_DIGITS decimal digits. */
int mst_token_impl_time(const char *s, apr_size_t len, apr_int64_t *out);

/* 1 if the NUL-terminated sid is MST_SID_LEN characters of canonical base64url. */
int mst_token_impl_sid_valid(const char *sid);

/* Writes t, known to be in [0, 10^12), in decimal to dst; returns the digits written. */
apr_size_t mst_token_impl_put_time(char *dst, apr_int64_t t);

#endif

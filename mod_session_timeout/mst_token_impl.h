/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_token_impl.h: the field validators of mst_token.c, shared with
 * mst_token_v2.c so that both versions accept exactly the same KID, SID
 * and times, and parse them in the same order. Private to the core: the glue, the CLI and the tests
 * use mst_token.h and mst_token_v2.h. */
#ifndef MST_TOKEN_IMPL_H
#define MST_TOKEN_IMPL_H

#include <apr.h>

#define MST_TOKEN_FIELDS 7 /* fields of a v1 or v2 token */

struct mst_token;
struct mst_keyring;

/* The fields every version parses alike, in this order: length (1 to
 * MST_TOKEN_MAX_LEN), shape (split into start/flen), the version tag
 * "v<digit>", KID, SID, CREATED and LAST, written into out (version set to
 * digit's value, key_index -1). MST_TOKEN_OK (an mst_token_status) or the
 * first failure. */
int mst_token_impl_head(const char *value, apr_size_t len, char digit,
                        const char *start[MST_TOKEN_FIELDS], apr_size_t flen[MST_TOKEN_FIELDS],
                        struct mst_token *out);

/* The MAC field (the last) of a split token into out, and the signed length;
 * MST_TOKEN_OK or MST_TOKEN_ERR_MACFORM. */
int mst_token_impl_mac(const char *value, const char *start[MST_TOKEN_FIELDS],
                       const apr_size_t flen[MST_TOKEN_FIELDS], struct mst_token *out);

/* The key of ring that verifies the parsed token t (its KID's key, then a
 * constant-time compare of the MAC over the signed part of value): the key's
 * index, or -1 with *status set to MST_TOKEN_ERR_UNKNOWN_KID or
 * MST_TOKEN_ERR_MAC. ring may be NULL (no key is known). */
int mst_token_impl_mac_key(const struct mst_keyring *ring, const char *value,
                           const struct mst_token *t, int *status);

/* 1 if the NUL-terminated sid is MST_SID_LEN characters of canonical base64url. */
int mst_token_impl_sid_valid(const char *sid);

/* Writes t, known to be in [0, 10^12), in decimal to dst; returns the digits written. */
apr_size_t mst_token_impl_put_time(char *dst, apr_int64_t t);

#endif

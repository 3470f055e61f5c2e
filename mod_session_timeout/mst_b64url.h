/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_b64url.h: strict base64url (RFC 4648 section 5) without padding.
 *
 * Part of the pure core: libc and APR types only, no httpd headers, no
 * allocation. Decoding rejects '=' padding, characters outside the URL-safe
 * alphabet, impossible lengths (len % 4 == 1) and non-zero trailing bits, so
 * every byte string has exactly one accepted encoding. */
#ifndef MST_B64URL_H
#define MST_B64URL_H

#include <apr.h>

/* Length of the unpadded encoding of n bytes. */
#define MST_B64URL_ENCODED_LEN(n) ((((n) / 3) * 4) + (((n) % 3) ? ((n) % 3) + 1 : 0))

/* Encodes n bytes of src into dst, which must hold MST_B64URL_ENCODED_LEN(n)+1
 * bytes; dst is NUL-terminated. Returns the encoded length. */
apr_size_t mst_b64url_encode(char *dst, const unsigned char *src, apr_size_t n);

/* Decodes len characters of src into dst (capacity dst_cap bytes). Returns the
 * decoded length, or -1 if src is not canonical unpadded base64url or the
 * result would not fit. Never reads past src[len-1]. */
apr_ssize_t mst_b64url_decode(unsigned char *dst, apr_size_t dst_cap, const char *src,
                              apr_size_t len);

#endif

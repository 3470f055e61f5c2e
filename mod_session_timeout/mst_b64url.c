/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_b64url.c: strict unpadded base64url codec for the token fields.
 *
 * Pure core: no httpd headers, no allocation; see mst_b64url.h. Decoding is
 * strict on purpose: a lenient decoder would give one token several spellings,
 * and the MAC is computed over the spelling. */
#include "mst_b64url.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* 0..63 for alphabet characters, 64 for anything else. */
static const unsigned char decode_table[256] = {
#define X 64
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  62, X,  X,
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, X,  X,  X,  X,  X,  X,  X,  0,  1,  2,  3,  4,  5,  6,
    7,  8,  9,  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, X,  X,  X,  X,  63,
    X,  26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48,
    49, 50, 51, X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
#undef X
};

apr_size_t mst_b64url_encode(char *dst, const unsigned char *src, apr_size_t n)
{
    apr_size_t i = 0, o = 0;
    for (; i + 3 <= n; i += 3) {
        unsigned v = ((unsigned)src[i] << 16) | ((unsigned)src[i + 1] << 8) | src[i + 2];
        dst[o++] = alphabet[(v >> 18) & 63];
        dst[o++] = alphabet[(v >> 12) & 63];
        dst[o++] = alphabet[(v >> 6) & 63];
        dst[o++] = alphabet[v & 63];
    }
    if (n - i == 1) {
        unsigned v = (unsigned)src[i] << 16;
        dst[o++] = alphabet[(v >> 18) & 63];
        dst[o++] = alphabet[(v >> 12) & 63];
    } else if (n - i == 2) {
        unsigned v = ((unsigned)src[i] << 16) | ((unsigned)src[i + 1] << 8);
        dst[o++] = alphabet[(v >> 18) & 63];
        dst[o++] = alphabet[(v >> 12) & 63];
        dst[o++] = alphabet[(v >> 6) & 63];
    }
    dst[o] = '\0';
    return o;
}

apr_ssize_t mst_b64url_decode(unsigned char *dst, apr_size_t dst_cap, const char *src,
                              apr_size_t len)
{
    apr_size_t i = 0, o = 0;
    apr_size_t rem = len % 4;
    apr_size_t need = (len / 4) * 3 + (rem ? rem - 1 : 0);

    if (rem == 1 || need > dst_cap) {
        return -1;
    }
    for (; i + 4 <= len; i += 4) {
        unsigned a = decode_table[(unsigned char)src[i]];
        unsigned b = decode_table[(unsigned char)src[i + 1]];
        unsigned c = decode_table[(unsigned char)src[i + 2]];
        unsigned d = decode_table[(unsigned char)src[i + 3]];
        if ((a | b | c | d) & 64) {
            return -1;
        }
        unsigned v = (a << 18) | (b << 12) | (c << 6) | d;
        dst[o++] = (unsigned char)(v >> 16);
        dst[o++] = (unsigned char)(v >> 8);
        dst[o++] = (unsigned char)v;
    }
    if (rem) {
        unsigned a = decode_table[(unsigned char)src[i]];
        unsigned b = decode_table[(unsigned char)src[i + 1]];
        unsigned c = rem == 3 ? decode_table[(unsigned char)src[i + 2]] : 0;
        if ((a | b | c) & 64) {
            return -1;
        }
        unsigned v = (a << 18) | (b << 12) | (c << 6);
        /* Canonical form: the bits below the last whole byte must be zero. */
        if ((rem == 2 && (v & 0xFFFF)) || (rem == 3 && (v & 0xFF))) {
            return -1;
        }
        dst[o++] = (unsigned char)(v >> 16);
        if (rem == 3) {
            dst[o++] = (unsigned char)(v >> 8);
        }
    }
    return (apr_ssize_t)o;
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* fuzz.h: shared helpers for the libFuzzer targets in tests/fuzz/.
 *
 * Test code only, never linked into the module or the CLI. It gives every
 * target the same APR setup (apr_initialize once, one pool created once and
 * cleared after each input), exact-size copies of the input so ASan flags
 * any read past the length a core function was given, and FUZZ_CHECK, which
 * reports a broken property and aborts so libFuzzer records a crash. */
#ifndef MST_FUZZ_H
#define MST_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_pools.h>

/* Aborts with the failed condition and its location when a property breaks. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond);            \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* The process-wide pool, created on first use; targets clear it per input. */
static inline apr_pool_t *fuzz_pool(void)
{
    static apr_pool_t *pool;
    if (pool == NULL) {
        if (apr_initialize() != APR_SUCCESS || apr_pool_create(&pool, NULL) != APR_SUCCESS) {
            fprintf(stderr, "fuzz: cannot initialise APR\n");
            abort();
        }
    }
    return pool;
}

/* A heap copy of exactly len bytes (no terminator), so a read past the end is
 * an ASan error. Never NULL; free() it. */
static inline char *fuzz_dup_exact(const void *data, size_t len)
{
    char *p = malloc(len ? len : 1);
    FUZZ_CHECK(p != NULL);
    if (len) {
        memcpy(p, data, len);
    }
    return p;
}

/* A heap copy of len bytes plus a NUL, for APIs that take C strings. The C
 * string ends at the first NUL of the input. Never NULL; free() it. */
static inline char *fuzz_dup_cstr(const void *data, size_t len)
{
    char *p = malloc(len + 1);
    FUZZ_CHECK(p != NULL);
    if (len) {
        memcpy(p, data, len);
    }
    p[len] = '\0';
    return p;
}

/* Little-endian integer from up to 8 bytes at data (missing bytes are 0). */
static inline int64_t fuzz_read_i64(const uint8_t *data, size_t len)
{
    uint64_t v = 0;
    for (size_t i = 0; i < 8 && i < len; i++) {
        v |= (uint64_t)data[i] << (8 * i);
    }
    return (int64_t)v;
}

#endif

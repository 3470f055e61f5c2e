/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* unit_fixture.h: what every CUnit suite shares: the suite's pool, key rings
 * made in it, and registration of a suite from a table of {name, fn}.
 *
 * A suite file defines its tests as static functions and lists each one in
 * the table it passes to UNIT_REGISTER. A test left out of the table is an
 * unused static function, which the pragma below makes a compile error in
 * every build (with or without --enable-werror); a test that is not static
 * has no prototype, which -Wmissing-prototypes reports. */
#ifndef UNIT_FIXTURE_H
#define UNIT_FIXTURE_H

#include <stddef.h>

#include <CUnit/CUnit.h>
#include <apr_pools.h>

#include "mst_keys.h"
#include "unit_suites.h"

#pragma GCC diagnostic error "-Wunused-function"
#pragma GCC diagnostic error "-Wmissing-prototypes"

/* One row of a suite's registration table. */
typedef struct {
    const char *name;
    CU_TestFunc fn;
} unit_test;

/* The running suite's pool: made by unit_fixture_open() before the suite's
 * first test, destroyed by unit_fixture_close() after its last. */
extern apr_pool_t *unit_pool;

/* The default suite fixture (CUnit init and cleanup functions); a suite that
 * needs more calls them first / last from its own. Both return 0 on success. */
int unit_fixture_open(void);
int unit_fixture_close(void);

/* A key ring in unit_pool holding the secret first and then, unless it is
 * NULL, second (NUL-terminated strings); NULL if the ring refuses one. */
mst_keyring *unit_ring(const char *first, const char *second);

/* Adds suite NAME, with INIT and CLEAN around it, and every test of TESTS
 * in table order. 0 on success, 1 if CUnit refused the suite or a test. */
int unit_register(const char *name, CU_InitializeFunc init, CU_CleanupFunc clean,
                  const unit_test *tests, size_t ntests);

/* The number of elements of an array; does not compile for a pointer. */
#define UNIT_COUNT(a)                                                                              \
    (sizeof(a) / sizeof((a)[0]) +                                                                  \
     0 * sizeof(char[1 - 2 * __builtin_types_compatible_p(__typeof__(a), __typeof__(&(a)[0]))]))

#define UNIT_REGISTER(name, init, clean, tests)                                                    \
    unit_register((name), (init), (clean), (tests), UNIT_COUNT(tests))

#endif

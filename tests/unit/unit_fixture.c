/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* unit_fixture.c: the shared suite fixture and registration of
 * unit_fixture.h. */
#include <string.h>

#include "unit_fixture.h"

apr_pool_t *unit_pool;

int unit_fixture_open(void)
{
    if (unit_pool != NULL) {
        return 1; /* the previous suite did not close its fixture */
    }
    return apr_pool_create(&unit_pool, NULL) != APR_SUCCESS;
}

int unit_fixture_close(void)
{
    if (unit_pool == NULL) {
        return 1;
    }
    apr_pool_destroy(unit_pool);
    unit_pool = NULL;
    return 0;
}

mst_keyring *unit_ring(const char *first, const char *second)
{
    mst_keyring *ring = mst_keyring_make(unit_pool);
    if (mst_keyring_add(ring, unit_pool, (const unsigned char *)first, strlen(first)) != NULL ||
        (second != NULL &&
         mst_keyring_add(ring, unit_pool, (const unsigned char *)second, strlen(second)) != NULL)) {
        return NULL;
    }
    return ring;
}

int unit_register(const char *name, CU_InitializeFunc init, CU_CleanupFunc clean,
                  const unit_test *tests, size_t ntests)
{
    CU_pSuite suite = CU_add_suite(name, init, clean);
    if (suite == NULL) {
        return 1;
    }
    for (size_t i = 0; i < ntests; i++) {
        if (CU_add_test(suite, tests[i].name, tests[i].fn) == NULL) {
            return 1;
        }
    }
    return 0;
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* unit_main.c: CUnit runner for the core suites; exits non-zero on any failure.
 * Also holds mst_check(), the row-naming assertion of unit_suites.h. */
#include <stdarg.h>
#include <stdio.h>

#include <CUnit/Basic.h>
#include <apr_general.h>

#include "unit_suites.h"

void mst_check(int ok, unsigned line, const char *file, const char *expr, const char *fmt, ...)
{
    char label[400];
    char msg[700];
    va_list ap;

    if (ok) {
        CU_assertImplementation(CU_TRUE, line, expr, file, "", CU_FALSE);
        return;
    }
    va_start(ap, fmt);
    vsnprintf(label, sizeof(label), fmt, ap);
    va_end(ap);
    snprintf(msg, sizeof(msg), "%s [%s]", expr, label);
    /* CUnit copies the message into its failure record. */
    CU_assertImplementation(CU_FALSE, line, msg, file, "", CU_FALSE);
}

int main(void)
{
    int (*const registrations[])(void) = {
        register_b64url_suite,   register_keys_suite,    register_token_suite,
        register_duration_suite, register_limits_suite,  register_policy_suite,
        register_cookie_suite,   register_reauth_suite,  register_cache_suite,
        register_html_suite,     register_session_suite, register_scope_suite,
        register_token_v2_suite, register_metrics_suite, register_login_suite,
        register_store_suite,
    };
    unsigned failures;

    apr_initialize();
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 2;
    }
    for (size_t i = 0; i < sizeof(registrations) / sizeof(registrations[0]); i++) {
        if (registrations[i]() != 0) {
            CU_cleanup_registry();
            return 2;
        }
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failures = CU_get_number_of_failures() + CU_get_number_of_suites_failed() +
               CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    apr_terminate();
    return failures ? 1 : 0;
}

/* unit_main.c: CUnit runner for the core suites; exits non-zero on any failure. */
#include <CUnit/Basic.h>
#include <apr_general.h>

#include "unit_suites.h"

int main(void)
{
    int (*const registrations[])(void) = {
        register_b64url_suite, register_keys_suite,   register_token_suite,
        register_duration_suite, register_limits_suite, register_policy_suite,
        register_cookie_suite, register_reauth_suite,
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

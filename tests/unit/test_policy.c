#include <CUnit/CUnit.h>
#include "unit_suites.h"
int register_policy_suite(void) { return CU_add_suite("policy", NULL, NULL) ? 0 : 1; }

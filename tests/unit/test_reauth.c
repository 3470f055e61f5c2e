#include <CUnit/CUnit.h>
#include "unit_suites.h"
int register_reauth_suite(void) { return CU_add_suite("reauth", NULL, NULL) ? 0 : 1; }

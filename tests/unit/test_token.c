#include <CUnit/CUnit.h>
#include "unit_suites.h"
int register_token_suite(void) { return CU_add_suite("token", NULL, NULL) ? 0 : 1; }

#include <CUnit/CUnit.h>
#include "unit_suites.h"
int register_limits_suite(void) { return CU_add_suite("limits", NULL, NULL) ? 0 : 1; }

#include <CUnit/CUnit.h>
#include "unit_suites.h"
int register_duration_suite(void) { return CU_add_suite("duration", NULL, NULL) ? 0 : 1; }

#include <CUnit/CUnit.h>
#include "unit_suites.h"
int register_keys_suite(void) { return CU_add_suite("keys", NULL, NULL) ? 0 : 1; }

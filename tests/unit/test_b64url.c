#include <CUnit/CUnit.h>
#include "unit_suites.h"
int register_b64url_suite(void) { return CU_add_suite("b64url", NULL, NULL) ? 0 : 1; }

#include <CUnit/CUnit.h>
#include "unit_suites.h"
int register_cookie_suite(void) { return CU_add_suite("cookie", NULL, NULL) ? 0 : 1; }

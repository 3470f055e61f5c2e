/* unit_suites.h: one registration function per core file's CUnit suite. */
#ifndef UNIT_SUITES_H
#define UNIT_SUITES_H
int register_b64url_suite(void);
int register_keys_suite(void);
int register_token_suite(void);
int register_duration_suite(void);
int register_limits_suite(void);
int register_policy_suite(void);
int register_cookie_suite(void);
int register_reauth_suite(void);
#endif

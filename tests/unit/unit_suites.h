/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* unit_suites.h: one registration function per core file's CUnit suite
 * (each a table of tests given to UNIT_REGISTER of unit_fixture.h; main()
 * in unit_main.c calls them all), and MST_CHECK, an assertion that names the
 * table row that failed. */
#ifndef UNIT_SUITES_H
#define UNIT_SUITES_H

int register_b64url_suite(void);
int register_keys_suite(void);
int register_token_suite(void);
int register_token_v2_suite(void);
int register_duration_suite(void);
int register_limits_suite(void);
int register_policy_suite(void);
int register_cookie_suite(void);
int register_reauth_suite(void);
int register_cache_suite(void);
int register_html_suite(void);
int register_session_suite(void);
int register_scope_suite(void);
int register_store_suite(void);
int register_metrics_suite(void);
int register_login_suite(void);

/* Records a CUnit assertion; on failure the message is the expression
 * followed by the printf-style row label, so a failing table row is named. */
void mst_check(int ok, unsigned line, const char *file, const char *expr, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#define MST_CHECK(cond, ...) mst_check(!!(cond), __LINE__, __FILE__, #cond, __VA_ARGS__)

#endif

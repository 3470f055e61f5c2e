/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* test_metrics.c: CUnit suite for mst_metrics.c: label escaping, the
 * verdict-to-counter map, the exposition text (every family with HELP and
 * TYPE, every label value present, zeros included, escaped vhost labels) and
 * the mod_status ?auto lines summed over vhosts. */
#include <string.h>

#include <CUnit/CUnit.h>

#include "mst_metrics.h"
#include "unit_fixture.h"

/* The counters every vhost has: all but the store's. */
#define NOT_STORE (MST_COUNTERS - (MST_C_STORE_UP - MST_C_STORE_OK + 1))

static void test_escape_label(void)
{
    /* columns: label value, escaped as text format 0.0.4 wants it */
    static const struct {
        const char *in, *out;
    } rows[] = {
        {"www.example.org:443", "www.example.org:443"},
        {"", ""},
        {"a\"b", "a\\\"b"},
        {"a\\b", "a\\\\b"},
        {"a\nb", "a\\nb"},
        {"\"\\\n", "\\\"\\\\\\n"},
        {"caf\xc3\xa9:80", "caf\xc3\xa9:80"}, /* UTF-8 passes as it is */
    };
    for (size_t i = 0; i < UNIT_COUNT(rows); i++) {
        const char *got = mst_metrics_escape_label(unit_pool, rows[i].in);
        MST_CHECK(strcmp(got, rows[i].out) == 0, "row %zu: got %s", i, got);
    }
}

static void test_request_counter(void)
{
    /* columns: verdict, its counter, the mod_status name */
    static const struct {
        mst_verdict v;
        mst_counter c;
        const char *status;
    } rows[] = {
        {MST_VERDICT_VALID, MST_C_REQUESTS_VALID, "SessionTimeoutRequestsValid"},
        {MST_VERDICT_MISSING, MST_C_REQUESTS_MISSING, "SessionTimeoutRequestsMissing"},
        {MST_VERDICT_INVALID, MST_C_REQUESTS_INVALID, "SessionTimeoutRequestsInvalid"},
        {MST_VERDICT_LIFETIME, MST_C_REQUESTS_LIFETIME, "SessionTimeoutRequestsLifetime"},
        {MST_VERDICT_INACTIVITY, MST_C_REQUESTS_INACTIVITY, "SessionTimeoutRequestsInactivity"},
    };
    for (size_t i = 0; i < UNIT_COUNT(rows); i++) {
        mst_counter c = mst_metrics_request_counter(rows[i].v);
        MST_CHECK(c == rows[i].c, "row %zu", i);
        MST_CHECK(strcmp(mst_metrics_status_name(c), rows[i].status) == 0, "row %zu", i);
        MST_CHECK(strcmp(mst_metrics_label_value(c), mst_verdict_str(rows[i].v)) == 0, "row %zu",
                  i);
        MST_CHECK(strcmp(mst_metrics_name(c), "session_timeout_requests_total") == 0, "row %zu", i);
    }
}

static void test_names(void)
{
    /* every counter: a name of ours, a status name that starts right, and a
     * label value exactly when the metric has a label */
    for (int c = 0; c < MST_COUNTERS; c++) {
        const char *name = mst_metrics_name((mst_counter)c);
        const char *status = mst_metrics_status_name((mst_counter)c);
        MST_CHECK(name && strncmp(name, "session_timeout_", 16) == 0, "counter %d", c);
        /* counters end in _total; the one gauge does not */
        MST_CHECK((c == MST_C_STORE_UP) !=
                      (strlen(name) > 6 && strcmp(name + strlen(name) - 6, "_total") == 0),
                  "counter %d", c);
        MST_CHECK(status && strncmp(status, "SessionTimeout", 14) == 0, "counter %d", c);
        MST_CHECK((mst_metrics_label((mst_counter)c) == NULL) ==
                      (mst_metrics_label_value((mst_counter)c) == NULL),
                  "counter %d", c);
        for (int d = 0; d < c; d++) {
            MST_CHECK(strcmp(status, mst_metrics_status_name((mst_counter)d)) != 0,
                      "counters %d and %d share a status name", d, c);
        }
    }
}

static void test_exposition(void)
{
    const apr_uint64_t a[MST_COUNTERS] = {[MST_C_REQUESTS_VALID] = 7, [MST_C_ENDED_END_HEADER] = 2};
    const apr_uint64_t b[MST_COUNTERS] = {
        [MST_C_REQUESTS_INACTIVITY] = 12, [MST_C_KEEPALIVES] = UINT64_C(18446744073709551615)};
    mst_metrics_vhost v[2] = {{"a.example:80", a, 0}, {"we\"ird\\name:8080", b, 0}};
    const char *out;

    out = mst_metrics_prometheus(unit_pool, v, 2);
    /* the expected lines, each once */
    static const char *const lines[] = {
        "# HELP session_timeout_requests_total ",
        "# TYPE session_timeout_requests_total counter\n",
        "\nsession_timeout_requests_total{vhost=\"a.example:80\",verdict=\"valid\"} 7\n",
        "\nsession_timeout_requests_total{vhost=\"a.example:80\",verdict=\"revoked\"} 0\n",
        "\nsession_timeout_requests_total{vhost=\"we\\\"ird\\\\name:8080\",verdict=\"inactivity\"} "
        "12\n",
        "\nsession_timeout_requests_total{vhost=\"we\\\"ird\\\\name:8080\",verdict=\"missing\"} "
        "0\n",
        "# TYPE session_timeout_sessions_started_total counter\n",
        "\nsession_timeout_sessions_started_total{vhost=\"a.example:80\"} 0\n",
        "\nsession_timeout_sessions_ended_total{vhost=\"a.example:80\",how=\"end_header\"} 2\n",
        "\nsession_timeout_sessions_ended_total{vhost=\"a.example:80\",how=\"revoked\"} 0\n",
        "\nsession_timeout_sessions_ended_total{vhost=\"we\\\"ird\\\\name:8080\",how=\"logout\"} "
        "0\n",
        "# TYPE session_timeout_cookies_reissued_total counter\n",
        "# TYPE session_timeout_warnings_total counter\n",
        "\nsession_timeout_keepalives_total{vhost=\"we\\\"ird\\\\name:8080\"} "
        "18446744073709551615\n",
    };
    for (size_t i = 0; i < UNIT_COUNT(lines); i++) {
        const char *at = strstr(out, lines[i]);
        MST_CHECK(at != NULL && strstr(at + 1, lines[i]) == NULL, "line %zu: %s", i, lines[i]);
    }
    /* 7 families, each HELP + TYPE; 16 counters per vhost, 2 vhosts; no
     * store's families without a store */
    size_t nl = 0, help = 0;
    for (const char *p = out; *p; p++) {
        nl += *p == '\n';
    }
    for (const char *p = out; (p = strstr(p, "# HELP ")) != NULL; p++) {
        help++;
    }
    CU_ASSERT_EQUAL(help, 7);
    CU_ASSERT_EQUAL(nl, 7 * 2 + 2 * NOT_STORE);
    CU_ASSERT_PTR_NULL(strstr(out, "session_timeout_store_"));
    CU_ASSERT_EQUAL(out[strlen(out) - 1], '\n');
    /* no vhost: still every HELP and TYPE, no sample */
    out = mst_metrics_prometheus(unit_pool, v, 0);
    CU_ASSERT_PTR_NULL(strstr(out, "{"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "# TYPE session_timeout_keepalives_total counter\n"));
}

static void test_status_auto(void)
{
    const apr_uint64_t a[MST_COUNTERS] = {[MST_C_REQUESTS_INACTIVITY] = 5};
    const apr_uint64_t b[MST_COUNTERS] = {
        [MST_C_REQUESTS_INACTIVITY] = 7, [MST_C_ENDED_END_HEADER] = 1};
    mst_metrics_vhost v[2] = {{"a:80", a, 0}, {"b:80", b, 0}};
    const char *out;

    out = mst_metrics_status_auto(unit_pool, v, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "SessionTimeoutRequestsInactivity: 12\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "SessionTimeoutSessionsEndedEndHeader: 1\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "SessionTimeoutRequestsRevoked: 0\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "SessionTimeoutKeepalives: 0\n"));
    size_t nl = 0;
    for (const char *p = out; *p; p++) {
        nl += *p == '\n';
    }
    CU_ASSERT_EQUAL(nl, NOT_STORE); /* no store: none of the store's lines */
}

static void test_store_metrics(void)
{
    /* the store's families for the vhosts that have a store, and only then */
    const apr_uint64_t a[MST_COUNTERS] = {
        [MST_C_STORE_OK] = 40, [MST_C_STORE_TIMEOUT] = 2, [MST_C_STORE_UP] = 1};
    const apr_uint64_t b[MST_COUNTERS] = {[MST_C_STORE_OK] = 99};
    const apr_uint64_t c[MST_COUNTERS] = {[MST_C_STORE_SKIPPED] = 3, [MST_C_STORE_UP] = 0};
    mst_metrics_vhost v[3] = {{"a:80", a, 1}, {"b:80", b, 0}, {"c:80", c, 1}};
    const char *out = mst_metrics_prometheus(unit_pool, v, 3);
    static const char *const lines[] = {
        "# TYPE session_timeout_store_requests_total counter\n",
        "\nsession_timeout_store_requests_total{vhost=\"a:80\",result=\"ok\"} 40\n",
        "\nsession_timeout_store_requests_total{vhost=\"a:80\",result=\"timeout\"} 2\n",
        "\nsession_timeout_store_requests_total{vhost=\"c:80\",result=\"skipped\"} 3\n",
        "\nsession_timeout_store_requests_total{vhost=\"c:80\",result=\"error\"} 0\n",
        "# TYPE session_timeout_store_up gauge\n",
        "\nsession_timeout_store_up{vhost=\"a:80\"} 1\n",
        "\nsession_timeout_store_up{vhost=\"c:80\"} 0\n",
    };
    for (size_t i = 0; i < UNIT_COUNT(lines); i++) {
        const char *at = strstr(out, lines[i]);
        MST_CHECK(at != NULL && strstr(at + 1, lines[i]) == NULL, "line %zu: %s", i, lines[i]);
    }
    MST_CHECK(strstr(out, "store_requests_total{vhost=\"b:80\"") == NULL &&
                  strstr(out, "store_up{vhost=\"b:80\"") == NULL,
              "no store series for a vhost without a store");
    out = mst_metrics_status_auto(unit_pool, v, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "SessionTimeoutStoreRequestsOk: 40\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "SessionTimeoutStoreRequestsSkipped: 3\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "SessionTimeoutStoreUp: 1\n"));
    v[0].has_store = v[2].has_store = 0;
    out = mst_metrics_status_auto(unit_pool, v, 3);
    CU_ASSERT_PTR_NULL(strstr(out, "SessionTimeoutStore"));
}

int register_metrics_suite(void)
{
    static const unit_test tests[] = {
        {"label escaping", test_escape_label},
        {"verdict to counter", test_request_counter},
        {"names of every counter", test_names},
        {"exposition text", test_exposition},
        {"mod_status ?auto lines", test_status_auto},
        {"the store's metrics, for vhosts with a store", test_store_metrics},
    };
    return UNIT_REGISTER("metrics", unit_fixture_open, unit_fixture_close, tests);
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_metrics.c: the counter tables and the text formats (see the header). */
#include <string.h>

#include <apr_strings.h>
#include <apr_tables.h>

#include "mst_metrics.h"

/* One metric: the samples of counters first .. first + n - 1. */
typedef struct family {
    const char *name, *help, *label;
    mst_counter first;
    int n;
    const char *type; /* "counter" or "gauge" */
} family;

static const family families[] = {
    {"session_timeout_requests_total",
     "Top-level requests in an enforced scope, by verdict (the module's own handlers excluded).",
     "verdict", MST_C_REQUESTS_VALID, 6, "counter"},
    {"session_timeout_sessions_started_total",
     "Sessions started (by the start header or the application's cookie).", NULL,
     MST_C_SESSIONS_STARTED, 1, "counter"},
    {"session_timeout_sessions_ended_total",
     "Valid sessions ended, by how: logout handler, end header, revocations written.", "how",
     MST_C_ENDED_LOGOUT, 3, "counter"},
    {"session_timeout_cookies_reissued_total",
     "Cookies re-issued for an existing session (refresh, key rotation, keep-alive).", NULL,
     MST_C_COOKIES_REISSUED, 1, "counter"},
    {"session_timeout_warnings_total", "Responses that carried the warning header.", NULL,
     MST_C_WARNINGS, 1, "counter"},
    {"session_timeout_keepalives_total", "Successful keep-alive POSTs to the status handler.", NULL,
     MST_C_KEEPALIVES, 1, "counter"},
    {"session_timeout_store_requests_total",
     "Round trips to the revocation store, and checks skipped after an error, by result.", "result",
     MST_C_STORE_OK, 4, "counter"},
    {"session_timeout_store_up",
     "1 when the last round trip to the revocation store worked, 0 when it failed.", NULL,
     MST_C_STORE_UP, 1, "gauge"},
    {"session_timeout_token_checks_total",
     "Requests whose cookie token was checked, by what answered: the connection's token cache, "
     "the process's, or a verification (HMAC).",
     "by", MST_C_TOKEN_BY_CONNECTION, 3, "counter"},
};

/* Per counter: its family, label value and mod_status name. */
static const struct {
    int family;
    const char *value, *status;
} counters[MST_COUNTERS] = {
    [MST_C_REQUESTS_VALID] = {0, "valid", "SessionTimeoutRequestsValid"},
    [MST_C_REQUESTS_MISSING] = {0, "missing", "SessionTimeoutRequestsMissing"},
    [MST_C_REQUESTS_INVALID] = {0, "invalid", "SessionTimeoutRequestsInvalid"},
    [MST_C_REQUESTS_LIFETIME] = {0, "lifetime", "SessionTimeoutRequestsLifetime"},
    [MST_C_REQUESTS_INACTIVITY] = {0, "inactivity", "SessionTimeoutRequestsInactivity"},
    [MST_C_REQUESTS_REVOKED] = {0, "revoked", "SessionTimeoutRequestsRevoked"},
    [MST_C_SESSIONS_STARTED] = {1, NULL, "SessionTimeoutSessionsStarted"},
    [MST_C_ENDED_LOGOUT] = {2, "logout", "SessionTimeoutSessionsEndedLogout"},
    [MST_C_ENDED_END_HEADER] = {2, "end_header", "SessionTimeoutSessionsEndedEndHeader"},
    [MST_C_ENDED_REVOKED] = {2, "revoked", "SessionTimeoutSessionsEndedRevoked"},
    [MST_C_COOKIES_REISSUED] = {3, NULL, "SessionTimeoutCookiesReissued"},
    [MST_C_WARNINGS] = {4, NULL, "SessionTimeoutWarnings"},
    [MST_C_KEEPALIVES] = {5, NULL, "SessionTimeoutKeepalives"},
    [MST_C_STORE_OK] = {6, "ok", "SessionTimeoutStoreRequestsOk"},
    [MST_C_STORE_ERROR] = {6, "error", "SessionTimeoutStoreRequestsError"},
    [MST_C_STORE_TIMEOUT] = {6, "timeout", "SessionTimeoutStoreRequestsTimeout"},
    [MST_C_STORE_SKIPPED] = {6, "skipped", "SessionTimeoutStoreRequestsSkipped"},
    [MST_C_STORE_UP] = {7, NULL, "SessionTimeoutStoreUp"},
    [MST_C_TOKEN_BY_CONNECTION] = {8, "connection_cache",
                                   "SessionTimeoutTokenChecksConnectionCache"},
    [MST_C_TOKEN_BY_PROCESS] = {8, "process_cache", "SessionTimeoutTokenChecksProcessCache"},
    [MST_C_TOKEN_BY_VERIFICATION] = {8, "verification", "SessionTimeoutTokenChecksVerification"},
};

int mst_metrics_is_store(mst_counter c)
{
    return c >= MST_C_STORE_OK && c <= MST_C_STORE_UP;
}

/* 1 if any of the n vhosts has a store. */
static int any_store(const mst_metrics_vhost *v, size_t n)
{
    for (size_t h = 0; h < n; h++) {
        if (v[h].has_store) {
            return 1;
        }
    }
    return 0;
}

mst_counter mst_metrics_request_counter(mst_verdict v)
{
    switch (v) {
    case MST_VERDICT_VALID:
        return MST_C_REQUESTS_VALID;
    case MST_VERDICT_MISSING:
        return MST_C_REQUESTS_MISSING;
    case MST_VERDICT_INVALID:
        return MST_C_REQUESTS_INVALID;
    case MST_VERDICT_LIFETIME:
        return MST_C_REQUESTS_LIFETIME;
    case MST_VERDICT_INACTIVITY:
        return MST_C_REQUESTS_INACTIVITY;
    case MST_VERDICT_REVOKED:
        return MST_C_REQUESTS_REVOKED;
    }
    return MST_C_REQUESTS_INVALID; /* not reached: every verdict is listed */
}

const char *mst_metrics_status_name(mst_counter c)
{
    return counters[c].status;
}

const char *mst_metrics_name(mst_counter c)
{
    return families[counters[c].family].name;
}

const char *mst_metrics_label(mst_counter c)
{
    return families[counters[c].family].label;
}

const char *mst_metrics_label_value(mst_counter c)
{
    return counters[c].value;
}

const char *mst_metrics_escape_label(apr_pool_t *p, const char *s)
{
    apr_size_t extra = 0, len = strlen(s);
    char *out, *o;

    for (apr_size_t i = 0; i < len; i++) {
        extra += s[i] == '\\' || s[i] == '"' || s[i] == '\n';
    }
    if (extra == 0) {
        return s;
    }
    out = o = apr_palloc(p, len + extra + 1);
    for (apr_size_t i = 0; i < len; i++) {
        if (s[i] == '\\' || s[i] == '"' || s[i] == '\n') {
            *o++ = '\\';
            *o++ = s[i] == '\n' ? 'n' : s[i];
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

char *mst_metrics_prometheus(apr_pool_t *p, const mst_metrics_vhost *v, size_t n)
{
    apr_array_header_t *parts = apr_array_make(p, 64, sizeof(const char *));
    const char **labels = apr_palloc(p, (n ? n : 1) * sizeof(*labels));

    for (size_t h = 0; h < n; h++) {
        labels[h] = mst_metrics_escape_label(p, v[h].label);
    }
    for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
        const family *fm = &families[f];
        int store = mst_metrics_is_store(fm->first);
        if (store && !any_store(v, n)) {
            continue; /* absent without a store (SPEC section 11) */
        }
        APR_ARRAY_PUSH(parts, const char *) =
            apr_psprintf(p, "# HELP %s %s\n# TYPE %s %s\n", fm->name, fm->help, fm->name, fm->type);
        for (size_t h = 0; h < n; h++) {
            if (store && !v[h].has_store) {
                continue;
            }
            for (int i = 0; i < fm->n; i++) {
                mst_counter c = (mst_counter)((int)fm->first + i);
                APR_ARRAY_PUSH(parts, const char *) =
                    fm->label
                        ? apr_psprintf(p, "%s{vhost=\"%s\",%s=\"%s\"} %" APR_UINT64_T_FMT "\n",
                                       fm->name, labels[h], fm->label, counters[c].value,
                                       v[h].counts[c])
                        : apr_psprintf(p, "%s{vhost=\"%s\"} %" APR_UINT64_T_FMT "\n", fm->name,
                                       labels[h], v[h].counts[c]);
            }
        }
    }
    return apr_array_pstrcat(p, parts, '\0');
}

char *mst_metrics_status_auto(apr_pool_t *p, const mst_metrics_vhost *v, size_t n)
{
    apr_array_header_t *parts = apr_array_make(p, MST_COUNTERS, sizeof(const char *));

    int with_store = any_store(v, n);
    for (int c = 0; c < MST_COUNTERS; c++) {
        apr_uint64_t sum = 0;
        int store = mst_metrics_is_store((mst_counter)c);
        if (store && !with_store) {
            continue;
        }
        for (size_t h = 0; h < n; h++) {
            if (!store || v[h].has_store) {
                sum += v[h].counts[c];
            }
        }
        APR_ARRAY_PUSH(parts, const char *) =
            apr_psprintf(p, "%s: %" APR_UINT64_T_FMT "\n", counters[c].status, sum);
    }
    return apr_array_pstrcat(p, parts, '\0');
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_metrics.h: the module's counters (SPEC section 11): which there are,
 * their Prometheus names, labels and help texts, the mod_status names, and
 * the text formats built from one snapshot of them.
 *
 * Pure core: no httpd headers, no shared memory, no atomics. The glue
 * (mod_session_timeout_metrics.c) keeps one array of MST_COUNTERS counters
 * per vhost in shared memory, increments them, and hands a snapshot of plain
 * numbers to the formatters here.
 *
 * Every counter is one (metric, label value) pair, so every known label
 * value is present from the start, zeros included. The store's metrics
 * (store_requests_total{result} and the gauge store_up) are present exactly
 * for the vhosts that have a store (mst_metrics_vhost.has_store). */
#ifndef MST_METRICS_H
#define MST_METRICS_H

#include <stddef.h>

#include <apr.h>
#include <apr_pools.h>

#include "mst_policy.h"

typedef enum mst_counter {
    /* session_timeout_requests_total{verdict}: MST_C_REQUESTS + verdict */
    MST_C_REQUESTS_VALID = 0,
    MST_C_REQUESTS_MISSING,
    MST_C_REQUESTS_INVALID,
    MST_C_REQUESTS_LIFETIME,
    MST_C_REQUESTS_INACTIVITY,
    MST_C_REQUESTS_REVOKED, /* the store's verdict: 0 until there is one */
    MST_C_SESSIONS_STARTED,
    /* session_timeout_sessions_ended_total{how} */
    MST_C_ENDED_LOGOUT,
    MST_C_ENDED_END_HEADER,
    MST_C_ENDED_REVOKED, /* revocations written: 0 until the store */
    MST_C_COOKIES_REISSUED,
    MST_C_WARNINGS,
    MST_C_KEEPALIVES,
    /* session_timeout_store_requests_total{result}: one per round trip or
     * skip (vhosts with a store only) */
    MST_C_STORE_OK,
    MST_C_STORE_ERROR,
    MST_C_STORE_TIMEOUT,
    MST_C_STORE_SKIPPED,
    /* session_timeout_store_up: a gauge, 1 after a round trip that worked,
     * 0 after one that failed (any child's last) */
    MST_C_STORE_UP,
    /* session_timeout_token_checks_total{by}: what answered a request's
     * token check, MST_C_TOKEN_BY_CONNECTION + mst_cache_answer - 1 */
    MST_C_TOKEN_BY_CONNECTION,
    MST_C_TOKEN_BY_PROCESS,
    MST_C_TOKEN_BY_VERIFICATION,
    MST_COUNTERS
} mst_counter;

/* 1 for the store's metrics, shown only for vhosts with a store. */
int mst_metrics_is_store(mst_counter c);

/* The requests_total counter of a verdict. */
mst_counter mst_metrics_request_counter(mst_verdict v);

/* The counter's name in mod_status: "SessionTimeout" + the metric in
 * CamelCase + the label value, e.g. "SessionTimeoutRequestsInactivity"
 * (static). */
const char *mst_metrics_status_name(mst_counter c);

/* Prometheus metric name, label name (NULL: none) and label value (NULL:
 * none) of a counter (static). */
const char *mst_metrics_name(mst_counter c);
const char *mst_metrics_label(mst_counter c);
const char *mst_metrics_label_value(mst_counter c);

/* One vhost of a snapshot: its label value ("SERVERNAME:PORT") and its
 * MST_COUNTERS numbers. */
typedef struct mst_metrics_vhost {
    const char *label;
    const apr_uint64_t *counts;
    int has_store; /* the store's metrics are shown for this vhost */
} mst_metrics_vhost;

/* s escaped as a label value of the text format 0.0.4: backslash, double
 * quote and line feed become \\, \" and \n. Returns s itself when nothing
 * needs escaping. */
const char *mst_metrics_escape_label(apr_pool_t *p, const char *s);

/* The Prometheus text exposition (format 0.0.4) of n vhosts: for each
 * metric a # HELP and a # TYPE line, then one sample per vhost and label
 * value, in table order. */
char *mst_metrics_prometheus(apr_pool_t *p, const mst_metrics_vhost *v, size_t n);

/* The mod_status ?auto lines: "NAME: VALUE\n" for every counter, summed
 * over the n vhosts (the store's over the vhosts with a store, and only when
 * one has: SessionTimeoutStoreUp is then the number of vhosts whose store is
 * up). */
char *mst_metrics_status_auto(apr_pool_t *p, const mst_metrics_vhost *v, size_t n);

#endif

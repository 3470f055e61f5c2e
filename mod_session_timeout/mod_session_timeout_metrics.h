/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_metrics.h: the counters of SPEC section 11 in shared
 * memory, one block per vhost, summed over every child process; the
 * Prometheus handler and the mod_status section that show them.
 *
 * Glue, layer 1: above the configuration, below every file that counts
 * (the store, request, filter, handlers) and the module declaration that
 * registers its hooks. */
#ifndef MOD_SESSION_TIMEOUT_METRICS_H
#define MOD_SESSION_TIMEOUT_METRICS_H

#include "httpd.h"

#include "mod_session_timeout_config.h"
#include "mst_metrics.h"

/* post_config (second startup pass and every restart): one block of
 * counters per distinct vhost label, in a new anonymous shared memory
 * segment; each server's record points at its block (a vhost that shares
 * the main server's record gets a copy of its own). Registered LAST. */
int mst_metrics_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s);

/* Adds one to counter c of s's vhost: one relaxed atomic add, no lock. A
 * no-op before post_config has made the segment (httpd -t). */
void mst_metrics_count(const server_rec *s, mst_counter c);

/* Sets gauge c (MST_C_STORE_UP) of s's vhost to value, without a lock. */
void mst_metrics_set(const server_rec *s, mst_counter c, apr_uint64_t value);

/* SetHandler session-timeout-metrics: the Prometheus text format 0.0.4 of
 * every vhost's counters. GET (and HEAD) only. */
int mst_metrics_handler(request_rec *r);

/* mod_status' status_hook: a table per vhost in server-status, and the
 * summed "SessionTimeout...: N" lines in ?auto. */
int mst_metrics_status_hook(request_rec *r, int flags);

#endif

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_store.h: the revocation store of the glue (SPEC
 * section 10): asking whether a token is revoked, writing revocations, the
 * store's health, and its setup at post_config / child_init.
 *
 * Backends: redis:// (hiredis) and socache:PROVIDER[:ARGS].
 *
 * Glue, layer 2: above the configuration and the metrics (it counts its
 * round trips), below the request state (which
 * asks it once per judged-valid session) and the handlers and filter (which
 * write revocations). The pure parts (key names, the decision, the TTL, the
 * "not revoked" cache) are the core's mst_store.
 *
 * Bounded failure: one operation costs at most SessionTimeoutStoreTimeout
 * (connect included, no retry within a request); after an error the process
 * skips the store for SessionTimeoutStoreRetry and logs once per window. */
#ifndef MOD_SESSION_TIMEOUT_STORE_H
#define MOD_SESSION_TIMEOUT_STORE_H

#include "httpd.h"

#include "mod_session_timeout_config.h"
#include "mst_token.h"

/* What the store says about one token. */
typedef enum mst_store_verdict {
    MST_STORE_NOT_REVOKED = 0, /* also: no store configured */
    MST_STORE_REVOKED,
    MST_STORE_FAILED /* error, timeout or skipped: the failure mode decides */
} mst_store_verdict;

/* The outcome of one store round trip, or of a skip (for counting: SPEC
 * section 11's session_timeout_store_requests_total{result}). */
typedef enum mst_store_result {
    MST_STORE_RESULT_OK = 0,
    MST_STORE_RESULT_ERROR,
    MST_STORE_RESULT_TIMEOUT,
    MST_STORE_RESULT_SKIPPED
} mst_store_result;

/* "ok", "error", "timeout", "skipped" (static). */
const char *mst_store_result_str(mst_store_result res);

/* Is t revoked? t is a MAC-verified token that is valid otherwise; r's
 * server has the store sc->store (none: MST_STORE_NOT_REVOKED at once). A
 * not-revoked answer is reused for SessionTimeoutRevocationDelay. */
mst_store_verdict mst_store_check(request_rec *r, const mst_server_conf *sc, const mst_token *t);

/* Revocations (SPEC section 10), each one round trip; 1 if written, 0 if not
 * (no store, an error, or the store is being skipped: logged). The server's
 * processes enforce a written revocation at once. cutoff: Unix seconds,
 * sessions with CREATED < cutoff are revoked. */
int mst_store_revoke_sid(request_rec *r, const mst_server_conf *sc, const char *sid);
int mst_store_revoke_user(request_rec *r, const mst_server_conf *sc, const char *user,
                          apr_size_t user_len, apr_int64_t cutoff);
int mst_store_revoke_all(request_rec *r, const mst_server_conf *sc, apr_int64_t cutoff);

/* 1 if the store answers now (one round trip, no skip window), 0 if not;
 * *label is the store's URL without any password (static or from r's pool). */
int mst_store_ping(request_rec *r, const mst_server_conf *sc, const char **label);

/* The answer to a request whose session the store could not check under
 * SessionTimeoutStoreFailure closed: sets Retry-After (the retry seconds)
 * and Cache-Control: no-store, logs, and returns 503 for the hook to return.
 * The cookie is kept. */
int mst_store_unavailable(request_rec *r, const mst_server_conf *sc);

/* pre_config: registers the global mutex type of socache stores;
 * post_config: sets sc->store of every vhost with a store and logs it
 * (a socache provider is created and initialised here);
 * child_init: per-process setup (thread keys, the mutex reopened). */
int mst_store_pre_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp);
int mst_store_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s);
void mst_store_child_init(apr_pool_t *pchild, server_rec *s);

#endif

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_inject.h: the browser side: the handler that serves
 * the warning-dialog script and the filter that puts its <script> tag into
 * HTML pages of valid sessions (SessionTimeoutInjectScript On).
 *
 * Glue, layer 5: it reads the request state and the configuration, and is
 * used by the handlers (the script handler) and the module (its hooks). */
#ifndef MOD_SESSION_TIMEOUT_INJECT_H
#define MOD_SESSION_TIMEOUT_INJECT_H

#include "httpd.h"

/* Registers the injection filter (from register_hooks, before any config is
 * read: the handle is written once and only read afterwards). */
void mst_inject_register(void);

/* post_config: hashes the embedded script once (its ETag and ?v=), before
 * any child serves a request. */
int mst_inject_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s);

/* Serves the script (GET, HEAD): for SetHandler session-timeout-script and at
 * the script URL served by default (the caller dispatches). */
int mst_inject_script_handler(request_rec *r);

/* insert_filter: adds the injection filter to top-level requests of valid
 * sessions in scopes with SessionTimeoutInjectScript On. */
void mst_inject_insert_filter(request_rec *r);

#endif

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_filter.h: the response side: the start and end headers
 * from the backend, the refreshed cookie, the warning header and the
 * Cache-Control of a session's responses, written by one output filter that
 * acts once, on the first brigade, before httpd's header filter sends the
 * headers.
 *
 * Glue, layer 6 (top): used by the module's hook registration only. The
 * filter is added in exactly one place per kind of response: insert_filter
 * for responses of a handler, insert_error_filter for the error responses
 * httpd makes itself. */
#ifndef MOD_SESSION_TIMEOUT_FILTER_H
#define MOD_SESSION_TIMEOUT_FILTER_H

#include "httpd.h"

/* Registers the output filter (from register_hooks: the handle is written
 * once and only read afterwards). */
void mst_filter_register(void);

/* insert_filter: adds the filter where a response needs it (a valid
 * session, or a scope with a start or end header). */
void mst_filter_insert(request_rec *r);

/* insert_error_filter: the same for error responses httpd makes itself (a
 * 404 without ErrorDocument, mod_dir's 301, a 304, our 302 and 401). */
void mst_filter_insert_error(request_rec *r);

#endif

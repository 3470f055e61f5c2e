/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_request.h: the request path: judge the session of a
 * request in an enforced scope, export the verdict to the environment and
 * send expired, invalid or missing sessions to re-authentication.
 *
 * Glue, layer 6 (top): used by the module's hook registration only. */
#ifndef MOD_SESSION_TIMEOUT_REQUEST_H
#define MOD_SESSION_TIMEOUT_REQUEST_H

#include "httpd.h"

/* header_parser: after the <Directory>/<Location> walk (per-directory
 * config applies) and before authentication, authorization and any handler. */
int mst_request_header_parser(request_rec *r);

/* fixups: judges subrequests (SSI includes, DirectoryIndex lookups), which
 * httpd runs through every hook but header_parser; a main request returns
 * DECLINED at once. */
int mst_request_subrequest_fixups(request_rec *r);

#endif

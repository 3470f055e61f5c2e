/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_handlers.h: the module's content handlers behind one
 * hook: session-timeout-status, session-timeout-logout and (through the
 * dialog's file) session-timeout-script.
 *
 * Glue, layer 6 (top): used by the module's hook registration only. */
#ifndef MOD_SESSION_TIMEOUT_HANDLERS_H
#define MOD_SESSION_TIMEOUT_HANDLERS_H

#include "httpd.h"

/* handler: DECLINED unless r->handler is one of ours. */
int mst_handlers_handler(request_rec *r);

/* handler: DECLINED unless r's URL path is a dialog URL the module serves by
 * default (mst_config_served_handler): then serves it, whatever else the URL
 * maps to. */
int mst_handlers_served(request_rec *r);

#endif

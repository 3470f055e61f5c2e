/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout.c: module declaration and hook registration.
 *
 * Enforces an absolute session lifetime and an inactivity limit on a signed
 * session cookie (see README and SPEC). This file only wires httpd to the
 * glue files, the top of their stack; each registration says why that hook
 * and that order. It alone declares the module. */
#define MST_DECLARES_MODULE 1 /* AP_DECLARE_MODULE below says APLOG_USE_MODULE */

#include "httpd.h"
#include "http_config.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_optional_hooks.h"
#include "mod_status.h"

#include "mod_session_timeout_config.h"
#include "mod_session_timeout_filter.h"
#include "mod_session_timeout_handlers.h"
#include "mod_session_timeout_inject.h"
#include "mod_session_timeout_login.h"
#include "mod_session_timeout_metrics.h"
#include "mod_session_timeout_request.h"
#include "mod_session_timeout_state.h"
#include "mod_session_timeout_store.h"

static void register_hooks(apr_pool_t *p)
{
    /* check_config runs before `httpd -t` exits, so every cross-directive
     * error (missing or short secret, profile bounds, warning >= limit, and
     * those of sections as httpd merges them) fails the syntax check;
     * post_config then only logs what each section really enforces (and the
     * warnings, once, on a real start). */
    ap_hook_check_config(mst_config_check, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(mst_config_post, NULL, NULL, APR_HOOK_MIDDLE);

    /* The revocation store: pre_config registers the mutex type a socache
     * provider may need (so `Mutex` can configure it); post_config, after
     * check_config has loaded the
     * keys and the store's AUTH text and computed its entries' TTL, makes
     * the per-store runtime (and the shared generation numbers) in the
     * parent, before any child; child_init makes each child's thread key
     * for its connections, which open on first use, so none crosses a fork.
     * Nothing here connects: startup succeeds with the store down. */
    ap_hook_pre_config(mst_store_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(mst_store_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(mst_store_child_init, NULL, NULL, APR_HOOK_MIDDLE);

    /* child_init, too, makes each process's shared token cache: per process
     * after the fork, so no child writes memory another reads. */
    ap_hook_child_init(mst_state_child_init, NULL, NULL, APR_HOOK_MIDDLE);

    /* header_parser is the first hook after the <Directory>/<Location> walk,
     * so per-directory config is merged, and it runs before access checks,
     * authentication, authorization and every handler, for proxied and CGI
     * locations alike. FIRST puts us ahead of other header parsers. */
    ap_hook_header_parser(mst_request_header_parser, NULL, NULL, APR_HOOK_FIRST);

    /* httpd never runs header_parser for a subrequest (an SSI include, a
     * DirectoryIndex lookup); fixups is the last hook every subrequest runs
     * before it is served, so subrequests are judged there, with the limits
     * of the scope they land in. FIRST: before mod_dir's and mod_rewrite's
     * own fixups act on it. */
    ap_hook_fixups(mst_request_subrequest_fixups, NULL, NULL, APR_HOOK_FIRST);

    /* Our four handlers (status, logout, the dialog script, the metrics)
     * behind one hook, so other requests pay one comparison; MIDDLE like any
     * content handler. */
    ap_hook_handler(mst_handlers_handler, NULL, NULL, APR_HOOK_MIDDLE);
    /* The dialog's script and status URLs of scopes with
     * SessionTimeoutInjectScript On are ours without a SetHandler (issue 12):
     * REALLY_FIRST, so neither a ProxyPass (mod_proxy's handler runs FIRST,
     * whatever r->handler says) nor a file or CGI mapping takes them. Other
     * requests pay one pointer test (a vhost without the dialog) or a few
     * string comparisons. */
    ap_hook_handler(mst_handlers_served, NULL, NULL, APR_HOOK_REALLY_FIRST);

    /* The response side: insert_filter runs after header_parser has judged
     * the session and before the handler, for every top-level request and
     * internal redirect that reaches a handler; insert_error_filter puts the
     * filter back on the error responses httpd makes itself, which drop
     * every resource filter. */
    mst_filter_register();
    /* The input filter that gives a login request's body, read by the
     * header parser to find the login fields, back to the handler. */
    mst_login_register();
    ap_hook_insert_filter(mst_filter_insert, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_insert_error_filter(mst_filter_insert_error, NULL, NULL, APR_HOOK_MIDDLE);

    /* The counters (SPEC 11): post_config, in the parent before any child
     * is forked, makes the shared memory every child then counts into. The
     * metrics handler is reached through mst_handlers_handler; mod_status
     * calls the optional status_hook, when it is loaded, after its own
     * report. LAST: it copies the records of vhosts that share the main
     * server's, after everything else has written them. */
    ap_hook_post_config(mst_metrics_post_config, NULL, NULL, APR_HOOK_LAST);
    APR_OPTIONAL_HOOK(ap, status_hook, mst_metrics_status_hook, NULL, NULL, APR_HOOK_MIDDLE);

    /* The browser dialog. post_config hashes the embedded script once,
     * before any child serves a request; its handler is reached through
     * mst_handlers_handler above. LAST puts the injector after filters that
     * core and mod_mime add at insert_filter (SetOutputFilter INCLUDES,
     * ...), so it sees their output. */
    mst_inject_register();
    ap_hook_post_config(mst_inject_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_insert_filter(mst_inject_insert_filter, NULL, NULL, APR_HOOK_LAST);
}

AP_DECLARE_MODULE(session_timeout) = {
    STANDARD20_MODULE_STUFF,
    mst_config_create_dir,
    mst_config_merge_dir,
    mst_config_create_server,
    mst_config_merge_server,
    mst_config_directives,
    register_hooks,
    0, /* no AP_MODULE_FLAG_ALWAYS_MERGE: sections without our directives cost nothing */
};

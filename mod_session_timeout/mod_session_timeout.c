/* mod_session_timeout.c: module declaration and hook registration.
 *
 * Enforces an absolute session lifetime and an inactivity limit on a signed
 * session cookie (see README and SPEC). This file only wires httpd to the
 * glue files; each registration says why that hook and that order. */
#include "httpd.h"
#include "http_config.h"
#include "http_protocol.h"
#include "http_request.h"

#include "mod_session_timeout.h"

static void register_hooks(apr_pool_t *p)
{
    /* check_config runs before `httpd -t` exits, so every cross-directive
     * error (missing or short secret, profile bounds, warning >= limit) fails
     * the syntax check; post_config then only logs the effective limits. */
    ap_hook_check_config(mst_check_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(mst_post_config, NULL, NULL, APR_HOOK_MIDDLE);

    /* header_parser is the first hook after the <Directory>/<Location> walk,
     * so per-directory config is merged, and it runs before access checks,
     * authentication, authorization and every handler, for proxied and CGI
     * locations alike. FIRST puts us ahead of other header parsers. */
    ap_hook_header_parser(mst_header_parser, NULL, NULL, APR_HOOK_FIRST);

    /* Our three handlers (status, logout, the dialog script) behind one
     * hook, so other requests pay one comparison; MIDDLE like any content
     * handler. */
    ap_hook_handler(mst_handler, NULL, NULL, APR_HOOK_MIDDLE);

    /* The browser dialog (mod_session_timeout_inject.c). post_config hashes
     * the embedded script once, before any child serves a request; its
     * handler is reached through mst_handler above. insert_filter runs
     * after header_parser has cached the verdict and before the handler, for
     * internal redirects too; LAST puts the injector after filters that
     * core and mod_mime add there (SetOutputFilter INCLUDES, ...), so it sees
     * their output. AP_FTYPE_RESOURCE runs before every AP_FTYPE_CONTENT_SET
     * filter, mod_deflate's DEFLATE included, so the injector reads plain
     * HTML and compression happens after it. */
    ap_hook_post_config(mst_inject_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_insert_filter(mst_inject_insert_filter, NULL, NULL, APR_HOOK_LAST);
    ap_register_output_filter(MST_INJECT_FILTER_NAME, mst_inject_output_filter, NULL,
                              AP_FTYPE_RESOURCE);

    /* Added per request only when needed (start/end header, refresh, warning);
     * CONTENT_SET runs before httpd's header filter sends the headers. */
    ap_register_output_filter(MST_FILTER_NAME, mst_output_filter, NULL, AP_FTYPE_CONTENT_SET);
    /* httpd's own error responses drop resource filters; put ours back. */
    ap_hook_insert_error_filter(mst_insert_error_filter, NULL, NULL, APR_HOOK_MIDDLE);
}

module AP_MODULE_DECLARE_DATA session_timeout_module = {
    STANDARD20_MODULE_STUFF,
    mst_create_dir_conf,
    mst_merge_dir_conf,
    mst_create_server_conf,
    mst_merge_server_conf,
    mst_directives,
    register_hooks,
    0, /* no AP_MODULE_FLAG_ALWAYS_MERGE: sections without our directives cost nothing */
};

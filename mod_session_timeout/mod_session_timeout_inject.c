/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_inject.c: the browser side: the warning-dialog script
 * and the filter that puts its <script> tag into HTML pages.
 *
 *   SetHandler session-timeout-script   serves session-timeout.js, which is
 *                                       compiled into the module (generated
 *                                       session-timeout-js.inc), with a
 *                                       content-hash ETag and a year of
 *                                       immutable caching
 *   SessionTimeoutInjectScript On       adds one <script src=... defer> tag
 *                                       to text/html responses of a valid
 *                                       session in an enforcing scope
 *
 * Glue: no session decisions are made here; the filter only reads the
 * verdict the request state holds (mst_state_get). The filter streams: it never
 * holds more than the few bytes of a possibly split "</head" between two
 * brigades, and it removes itself as soon as the tag is in. Everything is
 * allocated from the request pool; the only global, the script's version
 * hash, is written once in post_config. The dialog's directives are in
 * mod_session_timeout_config.c; this file reads them through the accessors
 * of mst_scope. */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_filter.h"
#include "apr_atomic.h"
#include "apr_strings.h"

#include <openssl/evp.h>

#include "mod_session_timeout_config.h"
#include "mod_session_timeout_inject.h"
#include "mod_session_timeout_logtags.h"
#include "mod_session_timeout_state.h"
#include "mst_html.h"

#define INJECT_FILTER_NAME "SESSION_TIMEOUT_INJECT"

/* static const unsigned char mst_script_js[]: generated from
 * session-timeout.js by make (see Makefile.am). */
#include "session-timeout-js.inc"

/* Hex of the first 8 bytes of SHA-256(script): the ETag and the ?v= of the
 * script URL. Written only in post_config, before any child runs, and only
 * read afterwards, so threads share it safely. */
static char script_version[17];

/* The injection filter, registered in register_hooks; read-only after. */
static ap_filter_rec_t *inject_filter;

/* ---- the script handler ------------------------------------------------------ */

int mst_inject_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;

    if (!EVP_Digest(mst_script_js, sizeof(mst_script_js), md, &md_len, EVP_sha256(), NULL) ||
        md_len < 8) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, MST00020 "cannot hash the embedded script");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    for (int i = 0; i < 8; i++) {
        script_version[2 * i] = "0123456789abcdef"[md[i] >> 4];
        script_version[2 * i + 1] = "0123456789abcdef"[md[i] & 0x0f];
    }
    script_version[16] = '\0';
    return OK;
}

int mst_inject_script_handler(request_rec *r)
{
    apr_bucket_brigade *bb;

    r->allowed |= AP_METHOD_BIT << M_GET;
    if (r->method_number != M_GET) {
        return HTTP_METHOD_NOT_ALLOWED;
    }
    ap_set_content_type(r, "text/javascript; charset=utf-8");
    apr_table_setn(r->headers_out, "ETag", apr_pstrcat(r->pool, "\"", script_version, "\"", NULL));
    /* The URL the filter writes carries ?v=<hash>, so a new build is a new URL. */
    apr_table_setn(r->headers_out, "Cache-Control", "public, max-age=31536000, immutable");
    apr_table_setn(r->headers_out, "X-Content-Type-Options", "nosniff");
    if (ap_meets_conditions(r) == HTTP_NOT_MODIFIED) {
        return HTTP_NOT_MODIFIED; /* If-None-Match with our ETag */
    }
    ap_set_content_length(r, (apr_off_t)sizeof(mst_script_js));
    if (r->header_only) {
        return OK;
    }
    bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_immortal_create((const char *)mst_script_js,
                                                           sizeof(mst_script_js),
                                                           r->connection->bucket_alloc));
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(r->connection->bucket_alloc));
    return ap_pass_brigade(r->output_filters, bb) == APR_SUCCESS ? OK : AP_FILTER_ERROR;
}

/* ---- the tag ------------------------------------------------------------------ */

typedef struct nonce_search {
    apr_pool_t *pool;
    const char *nonce;
} nonce_search;

/* apr_table_do callback: stops at the first policy that names a nonce. */
static int find_nonce(void *baton, const char *key, const char *policy)
{
    nonce_search *ns = baton;
    ns->nonce = mst_csp_nonce(ns->pool, policy);
    return ns->nonce == NULL;
}

static const char *csp_nonce(request_rec *r)
{
    nonce_search ns = {r->pool, NULL};
    apr_table_do(find_nonce, &ns, r->headers_out, "Content-Security-Policy", NULL);
    if (ns.nonce == NULL) {
        apr_table_do(find_nonce, &ns, r->err_headers_out, "Content-Security-Policy", NULL);
    }
    return ns.nonce;
}

static const char *attr(apr_pool_t *p, const char *name, const char *value)
{
    /* toasc 0: the texts are UTF-8 (checked at startup) and so is the page
     * for the script, which reads them from the DOM; escaping each byte of a
     * multi-byte character as its own reference would garble it. */
    return apr_pstrcat(p, " ", name, "=\"", ap_escape_html2(p, value, 0), "\"", NULL);
}

/* The <script> tag for this response, from the request pool. */
static const char *build_tag(request_rec *r, const mst_dir_conf *dc)
{
    apr_pool_t *p = r->pool;
    const char *url = mst_scope_script_url(dc);
    apr_int64_t warning = mst_scope_effective(dc)->warning;
    const char *tag, *nonce, *login;

    url = apr_pstrcat(p, url, strchr(url, '?') ? "&v=" : "?v=", script_version, NULL);
    tag = apr_pstrcat(p, "<script", attr(p, "src", url), " defer " MST_HTML_MARKER,
                      attr(p, "data-status-url", mst_scope_status_url(dc)), NULL);
    if (mst_scope_logout_url(dc)) {
        tag = apr_pstrcat(p, tag, attr(p, "data-logout-url", mst_scope_logout_url(dc)), NULL);
    }
    if ((login = mst_state_login_url(r, dc)) != NULL) {
        tag = apr_pstrcat(p, tag, attr(p, "data-login-url", login), NULL);
    }
    if (mst_scope_return_param(dc)) {
        tag = apr_pstrcat(p, tag, attr(p, "data-return-param", mst_scope_return_param(dc)), NULL);
    }
    tag = apr_pstrcat(
        p, tag,
        attr(p, "data-warning", apr_psprintf(p, "%" APR_INT64_T_FMT, warning > 0 ? warning : 0)),
        attr(p, "data-warning-header", mst_scope_warning_header(dc)), NULL);
    for (int i = 0; i < MST_DIALOG_TEXTS; i++) {
        if (mst_scope_text(dc, i)) {
            tag = apr_pstrcat(p, tag,
                              attr(p, apr_pstrcat(p, "data-text-", mst_dialog_text_name(i), NULL),
                                   mst_scope_text(dc, i)),
                              NULL);
        }
    }
    if ((nonce = csp_nonce(r)) != NULL) {
        tag = apr_pstrcat(p, tag, attr(p, "nonce", nonce), NULL);
    }
    return apr_pstrcat(p, tag, "></script>", NULL);
}

/* ---- the filter --------------------------------------------------------------- */

typedef struct inject_ctx {
    const char *tag;
    apr_size_t tag_len;
    apr_bucket_brigade *rest; /* reused by apr_brigade_split_ex */
    mst_html_scanner scan;    /* where the tag goes (the core decides) */
    apr_bucket *cand_b;       /* the bucket holding the open candidate's '<' */
    /* a candidate cut off at the end of the previous brigade */
    char held[MST_HTML_CAND_MAX];
    apr_size_t held_len;
} inject_ctx;

/* Scans bucket b's data; 1 when the insertion point is found, at
 * (ctx->cand_b, ctx->scan.cand_off). */
static int scan(inject_ctx *ctx, apr_bucket *b, const char *data, apr_size_t len)
{
    int found = mst_html_scan(&ctx->scan, data, len);
    if (ctx->scan.cand_here) {
        ctx->cand_b = b;
    }
    return found;
}

/* At the end of what can be sent now, an open candidate's bytes (all the
 * data from its '<' to the end of bb) are taken out of bb and kept for the
 * next brigade, where they are scanned again from the '<'. */
static void hold_candidate(inject_ctx *ctx, apr_bucket_brigade *bb)
{
    apr_bucket *b = ctx->cand_b;
    apr_size_t off = ctx->scan.cand_off;

    ctx->held_len = mst_html_take_candidate(&ctx->scan, ctx->held);
    if (ctx->held_len == 0) {
        return;
    }
    if (off > 0) {
        apr_bucket_split(b, off);
        b = APR_BUCKET_NEXT(b);
    }
    while (b != APR_BRIGADE_SENTINEL(bb)) {
        apr_bucket *next = APR_BUCKET_NEXT(b);
        if (!APR_BUCKET_IS_METADATA(b)) {
            apr_bucket_delete(b);
        }
        b = next;
    }
}

static void unhold(inject_ctx *ctx, apr_bucket_brigade *bb)
{
    if (ctx->held_len > 0) {
        APR_BRIGADE_INSERT_HEAD(
            bb, apr_bucket_heap_create(ctx->held, ctx->held_len, NULL, bb->bucket_alloc));
        ctx->held_len = 0;
    }
}

static int is_html(const char *type)
{
    return type && strncasecmp(type, "text/html", 9) == 0 &&
           (type[9] == '\0' || type[9] == ';' || type[9] == ' ');
}

/* A response body we may change: HTML, not encoded (gzip from a backend or a
 * precompressed file), with a body, and whole: never a part of a
 * representation (a 206, or anything with Content-Range, from a backend), nor
 * the answer to a Range request, which httpd's byterange filter, running
 * after us, would cut out of the file's bytes (a body with the tag would no
 * longer match the ranges, nor the ETag the client resumes with). */
static int injectable(request_rec *r)
{
    const char *ce = apr_table_get(r->headers_out, "Content-Encoding");
    if (ce == NULL) {
        ce = r->content_encoding;
    }
    return is_html(r->content_type) && (ce == NULL || strcasecmp(ce, "identity") == 0) &&
           r->status != HTTP_NO_CONTENT && r->status != HTTP_NOT_MODIFIED &&
           r->status != HTTP_PARTIAL_CONTENT &&
           apr_table_get(r->headers_out, "Content-Range") == NULL &&
           apr_table_get(r->err_headers_out, "Content-Range") == NULL &&
           apr_table_get(r->headers_in, "Range") == NULL;
}

/* A body with the tag is not the bytes the validator was made for: a strong
 * ETag becomes weak (RFC 9110 8.8.3: equivalent, not byte-identical), as
 * mod_deflate marks its own output. Conditional GETs still validate
 * (If-None-Match compares weakly), If-Range and If-Match no longer match.
 * Also on the 304 answers of such pages, so a browser never stores the
 * strong tag with the body it holds. */
static void weaken_etag(request_rec *r)
{
    const char *etag = apr_table_get(r->headers_out, "ETag");
    if (etag != NULL && etag[0] == '"') {
        apr_table_setn(r->headers_out, "ETag", apr_pstrcat(r->pool, "W/", etag, NULL));
    }
}

static apr_status_t inject_output_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    request_rec *r = f->r;
    inject_ctx *ctx = f->ctx;
    apr_bucket *e, *block_on = NULL;
    apr_status_t rv;

    if (ctx == NULL) {
        const mst_dir_conf *dc = mst_config_dir(r);
        if (!injectable(r)) {
            if (r->status == HTTP_NOT_MODIFIED && is_html(r->content_type) &&
                apr_table_get(r->headers_in, "Range") == NULL) {
                weaken_etag(r);
            }
            ap_remove_output_filter(f);
            return ap_pass_brigade(f->next, bb);
        }
        /* The body grows. HEAD goes through the same steps, so httpd's
         * content-length filter reports the length GET would have. */
        apr_table_unset(r->headers_out, "Content-Length");
        weaken_etag(r);
        ctx = f->ctx = apr_pcalloc(r->pool, sizeof(*ctx));
        mst_html_scanner_init(&ctx->scan);
        ctx->tag = build_tag(r, dc);
        ctx->tag_len = strlen(ctx->tag);
        ctx->rest = apr_brigade_create(r->pool, f->c->bucket_alloc);
    }
    unhold(ctx, bb);
    for (e = APR_BRIGADE_FIRST(bb); e != APR_BRIGADE_SENTINEL(bb); e = APR_BUCKET_NEXT(e)) {
        const char *data;
        apr_size_t len;

        if (APR_BUCKET_IS_EOS(e)) {
            break; /* the end without an insertion point: pass everything */
        }
        if (APR_BUCKET_IS_METADATA(e)) {
            continue;
        }
        rv = apr_bucket_read(e, &data, &len, e == block_on ? APR_BLOCK_READ : APR_NONBLOCK_READ);
        if (APR_STATUS_IS_EAGAIN(rv)) {
            /* A pipe or socket with nothing yet: send what is decided, then
             * wait for more, so a slow backend still streams. */
            apr_brigade_split_ex(bb, e, ctx->rest);
            hold_candidate(ctx, bb);
            APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_flush_create(f->c->bucket_alloc));
            rv = ap_pass_brigade(f->next, bb);
            apr_brigade_cleanup(bb);
            APR_BRIGADE_CONCAT(bb, ctx->rest);
            if (rv != APR_SUCCESS) {
                return rv;
            }
            unhold(ctx, bb);
            block_on = e;
            /* restart at the first bucket: the loop step turns the sentinel into it */
            e = APR_BRIGADE_SENTINEL(bb);
            continue;
        }
        if (rv != APR_SUCCESS) {
            return rv;
        }
        if (scan(ctx, e, data, len)) {
            apr_bucket *at = ctx->cand_b;
            if (!ctx->scan.marker_seen) {
                if (ctx->scan.cand_off > 0) {
                    apr_bucket_split(at, ctx->scan.cand_off);
                    at = APR_BUCKET_NEXT(at);
                }
                APR_BUCKET_INSERT_BEFORE(at, apr_bucket_pool_create(ctx->tag, ctx->tag_len, r->pool,
                                                                    f->c->bucket_alloc));
            }
            ap_remove_output_filter(f);
            return ap_pass_brigade(f->next, bb);
        }
    }
    if (e != APR_BRIGADE_SENTINEL(bb)) { /* EOS */
        ctx->scan.cand_len = 0;          /* the end: nothing to hold */
        ap_remove_output_filter(f);
        return ap_pass_brigade(f->next, bb);
    }
    hold_candidate(ctx, bb);
    return APR_BRIGADE_EMPTY(bb) ? APR_SUCCESS : ap_pass_brigade(f->next, bb);
}

/* Set once per child, by the first page that carries the dialog: its URLs
 * were checked against the access rules (a lookup subrequest each, not
 * worth making for every page). Atomic: threads of a child race for it. */
static volatile apr_uint32_t checked_access;

/* The dialog's script and status URLs are subject to the access rules of
 * where they map, as any handler is (a DocumentRoot nothing grants, under
 * an application served through an Alias, refuses them). Said when it
 * matters: for a client being served a page of a scope with the dialog on,
 * as a lookup with that client's request is judged; a client refused
 * everything says nothing. */
static void check_dialog_access(request_rec *r, const mst_dir_conf *dc)
{
    const char *urls[2] = {mst_scope_script_url(dc), mst_scope_status_url(dc)};

    if (apr_atomic_cas32(&checked_access, 1, 0) != 0) {
        return;
    }
    for (int i = 0; i < 2; i++) {
        const char *u = urls[i];
        const char *path;
        request_rec *sub;

        if (u == NULL || u[0] != '/' || u[1] == '/') {
            continue; /* elsewhere (a script from another host): not ours to judge */
        }
        path = apr_pstrmemdup(r->pool, u, strcspn(u, "?#"));
        sub = ap_sub_req_lookup_uri(path, r, NULL);
        if (sub->status == HTTP_FORBIDDEN || sub->status == HTTP_UNAUTHORIZED) {
            ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                          MST00116 "the dialog's %s URL %s is refused (%d) by the access rules "
                                   "of where it maps (%s) to a client served %s with the dialog "
                                   "on, so the dialog cannot work there: give it the access the "
                                   "pages have, e.g. their Require in <Location %s> (checked "
                                   "once per process)",
                          i == 0 ? "script" : "status", path, sub->status,
                          ap_escape_logitem(r->pool, sub->filename ? sub->filename : "no file"),
                          ap_escape_logitem(r->pool, r->uri), path);
        }
        ap_destroy_sub_req(sub);
    }
}

/* insert_filter: adds the filter to top-level requests (and their internal
 * redirects) whose session the request path found valid, in scopes with
 * SessionTimeoutInjectScript On. Subrequests write into the main request's
 * filters, so they are seen there. */
void mst_inject_insert_filter(request_rec *r)
{
    const mst_dir_conf *dc = mst_config_dir(r);
    const mst_state *st;

    if (r->main || dc == NULL || !mst_scope_enforce(dc) || !mst_scope_inject(dc)) {
        return;
    }
    st = mst_state_get(r);
    if (!mst_state_is_valid(st) || st->phase != MST_PHASE_JUDGED) {
        return;
    }
    check_dialog_access(r, dc);
    ap_add_output_filter_handle(inject_filter, NULL, r, r->connection);
}

void mst_inject_register(void)
{
    /* AP_FTYPE_RESOURCE runs before every AP_FTYPE_CONTENT_SET filter,
     * mod_deflate's DEFLATE included, so the injector reads plain HTML and
     * compression happens after it. */
    inject_filter = ap_register_output_filter(INJECT_FILTER_NAME, inject_output_filter, NULL,
                                              AP_FTYPE_RESOURCE);
}

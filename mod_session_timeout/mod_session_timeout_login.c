/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_login.c: login requests and the application's cookie
 * (see the header).
 *
 * Glue: the field rules, the Set-Cookie reading and the Cookie header
 * rewrite are the core's (mst_login, mst_cookie); this file reads the body
 * through httpd's input filters, keeps it in the request pool and gives it
 * back, byte for byte, to the handler (CGI, FastCGI, proxy, ...) through an
 * input filter of its own, like mod_request's kept body. */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_protocol.h"
#include "util_filter.h"
#include "apr_strings.h"

#include "mod_session_timeout_logtags.h"
#include "mod_session_timeout_login.h"
#include "mst_login.h"

#define REPLAY_FILTER "SESSION_TIMEOUT_LOGIN_BODY"

/* The filter, registered in register_hooks; read-only after. */
static ap_filter_rec_t *replay_filter;

typedef struct replay_ctx {
    const char *data; /* the body, from r->pool */
    apr_size_t len, off;
} replay_ctx;

/* Gives the kept body to the reader, then EOS; modes other than READBYTES
 * and SPECULATIVE, and everything after the body, go to the next filter
 * (HTTP_IN, whose body has been read to its end, answers EOS). */
static apr_status_t replay_input_filter(ap_filter_t *f, apr_bucket_brigade *bb,
                                        ap_input_mode_t mode, apr_read_type_e block,
                                        apr_off_t readbytes)
{
    replay_ctx *ctx = f->ctx;
    apr_size_t n;

    if ((mode != AP_MODE_READBYTES && mode != AP_MODE_SPECULATIVE) || ctx->off >= ctx->len) {
        return ap_get_brigade(f->next, bb, mode, block, readbytes);
    }
    n = ctx->len - ctx->off;
    if (readbytes > 0 && (apr_uint64_t)readbytes < (apr_uint64_t)n) {
        n = (apr_size_t)readbytes;
    }
    /* the data lives in the request pool, as long as any reader of it */
    APR_BRIGADE_INSERT_TAIL(
        bb, apr_bucket_immortal_create(ctx->data + ctx->off, n, f->c->bucket_alloc));
    if (mode == AP_MODE_READBYTES) {
        ctx->off += n;
        if (ctx->off >= ctx->len) {
            APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(f->c->bucket_alloc));
        }
    }
    return APR_SUCCESS;
}

void mst_login_register(void)
{
    /* RESOURCE: above the protocol's HTTP_IN, below any filter a handler's
     * configuration adds (those read what we replay). */
    replay_filter =
        ap_register_input_filter(REPLAY_FILTER, replay_input_filter, NULL, AP_FTYPE_RESOURCE);
}

/* Reads r's form body into *body (*len bytes). OK, DECLINED when there is
 * none to read (not a form, announced or found larger than the limit), or
 * an HTTP status for a body that could not be read. */
static int read_form_body(request_rec *r, const char **body, apr_size_t *len)
{
    const char *cl = apr_table_get(r->headers_in, "Content-Length");
    apr_bucket_brigade *bb;
    char *buf;
    apr_size_t n = 0;
    int eos = 0;

    if (!mst_login_is_form_type(apr_table_get(r->headers_in, "Content-Type"))) {
        return DECLINED;
    }
    if (cl != NULL) {
        char *end;
        apr_off_t v;
        if (apr_strtoff(&v, cl, &end, 10) != APR_SUCCESS || *end != '\0' || v < 0 ||
            v > MST_LOGIN_BODY_MAX) {
            return DECLINED;
        }
    }
    bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    buf = apr_palloc(r->pool, MST_LOGIN_BODY_MAX);
    while (!eos) {
        apr_status_t rv = ap_get_brigade(r->input_filters, bb, AP_MODE_READBYTES, APR_BLOCK_READ,
                                         MST_LOGIN_BODY_MAX);
        if (rv != APR_SUCCESS) {
            apr_brigade_destroy(bb);
            return ap_map_http_request_error(rv, HTTP_BAD_REQUEST);
        }
        for (apr_bucket *b = APR_BRIGADE_FIRST(bb); b != APR_BRIGADE_SENTINEL(bb);
             b = APR_BUCKET_NEXT(b)) {
            const char *data;
            apr_size_t dlen;
            if (APR_BUCKET_IS_EOS(b)) {
                eos = 1;
                break;
            }
            if (APR_BUCKET_IS_METADATA(b)) {
                continue;
            }
            rv = apr_bucket_read(b, &data, &dlen, APR_BLOCK_READ);
            if (rv != APR_SUCCESS) {
                apr_brigade_destroy(bb);
                return HTTP_BAD_REQUEST;
            }
            if (dlen > MST_LOGIN_BODY_MAX - n) {
                ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                              MST00114 "not a login request: the body is longer than %d bytes",
                              MST_LOGIN_BODY_MAX);
                apr_brigade_destroy(bb);
                return DECLINED;
            }
            memcpy(buf + n, data, dlen);
            n += dlen;
        }
        apr_brigade_cleanup(bb);
    }
    apr_brigade_destroy(bb);
    *body = buf;
    *len = n;
    return OK;
}

int mst_login_check(request_rec *r, const mst_dir_conf *dc)
{
    const apr_array_header_t *rules = mst_scope_login_fields(dc);
    const char *body = NULL;
    apr_size_t len = 0;
    int rv;

    if (rules == NULL) {
        return DECLINED;
    }
    if (r->method_number == M_GET || r->header_only) {
        return r->args && mst_login_form_match(r->pool, rules, r->args, strlen(r->args)) ? OK
                                                                                         : DECLINED;
    }
    if (r->method_number != M_POST) {
        return DECLINED;
    }
    /* Only the body counts for a POST: PHP and most frameworks let the body
     * win over the query, so a query naming the login proves nothing. */
    if ((rv = read_form_body(r, &body, &len)) != OK) {
        return rv;
    }
    if (!mst_login_form_match(r->pool, rules, body, len)) {
        return DECLINED;
    }
    if (len > 0) {
        replay_ctx *ctx = apr_palloc(r->pool, sizeof(*ctx));
        ctx->data = body;
        ctx->len = len;
        ctx->off = 0;
        ap_add_input_filter_handle(replay_filter, ctx, r, r->connection);
    }
    return OK;
}

void mst_login_strip_cookies(request_rec *r, const mst_server_conf *sc, const mst_dir_conf *dc)
{
    const char *header = apr_table_get(r->headers_in, "Cookie");
    const apr_array_header_t *clear = mst_scope_clear_cookies(dc);
    apr_array_header_t *names;
    const char *left;

    if (header == NULL) {
        return;
    }
    names = apr_array_make(r->pool, 4, sizeof(const char *));
    APR_ARRAY_PUSH(names, const char *) = mst_config_cookie_name(sc);
    if (mst_scope_start_cookie(dc) != NULL) {
        APR_ARRAY_PUSH(names, const char *) = mst_scope_start_cookie(dc);
    }
    for (int i = 0; clear && i < clear->nelts; i++) {
        APR_ARRAY_PUSH(names, const char *) = APR_ARRAY_IDX(clear, i, mst_clear_cookie).name;
    }
    left = mst_cookie_strip(r->pool, header, names);
    if (left == NULL) {
        apr_table_unset(r->headers_in, "Cookie");
    } else if (left != header) {
        apr_table_setn(r->headers_in, "Cookie", left);
    }
}

typedef struct app_cookie_scan {
    const char *name;
    apr_size_t len;
    apr_int64_t now;
    mst_set_cookie_effect last;
} app_cookie_scan;

/* apr_table_do callback: one Set-Cookie value. */
static int scan_set_cookie(void *baton, const char *key, const char *value)
{
    app_cookie_scan *s = baton;
    mst_set_cookie_effect e = mst_set_cookie_effect_of(value, s->name, s->len, s->now);
    (void)key;
    if (e != MST_SET_COOKIE_OTHER) {
        s->last = e;
    }
    return 1;
}

mst_set_cookie_effect mst_login_app_cookie(request_rec *r, const char *name)
{
    app_cookie_scan s = {name, strlen(name), apr_time_sec(apr_time_now()), MST_SET_COOKIE_OTHER};
    apr_table_do(scan_set_cookie, &s, r->err_headers_out, "Set-Cookie", NULL);
    apr_table_do(scan_set_cookie, &s, r->headers_out, "Set-Cookie", NULL);
    return s.last;
}

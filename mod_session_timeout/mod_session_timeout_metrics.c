/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_metrics.c: the counters in shared memory, the
 * Prometheus handler and the mod_status section (see the header).
 *
 * Glue: names, labels and the text formats are the core's (mst_metrics);
 * this file owns the memory, the increments and the two outputs.
 *
 * Life cycle: post_config (in the parent, on the second startup pass and on
 * every restart, graceful or not) creates a fresh anonymous segment from
 * pconf, sized from the configuration: one block of MST_COUNTERS counters
 * per distinct vhost label. Children inherit it through fork, so the sums
 * include children that have exited. A restart makes a new segment: the
 * counters start again from 0 ("since the last (re)start", SPEC section 11),
 * which Prometheus' rate() and increase() treat as a counter reset. Children
 * of the old generation that are still finishing requests after a graceful
 * restart keep their mapping of the old segment; what they count after the
 * restart is not seen. */
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_main.h"
#include "http_protocol.h"
#include "ap_listen.h"
#include "apr_hash.h"
#include "apr_shm.h"
#include "apr_strings.h"
#include "mod_status.h"

#include "mod_session_timeout_metrics.h"
#include "mod_session_timeout_logtags.h"

/* Why sharing these counters between threads and processes is safe without
 * a lock: each counter is a lock-free C11 atomic in a MAP_SHARED mapping
 * that every child inherits from the parent, so all processes address the
 * same physical memory, and a lock-free atomic read-modify-write (a LOCK ADD
 * on x86, LL/SC or LSE atomics on ARM) is atomic in the memory system
 * itself, for every CPU whatever process it runs. Only lock-free atomics
 * qualify: a libatomic fallback takes a lock that exists in one process, so
 * a platform without lock-free 64-bit atomics counts in 32 bits (wrapping at
 * 2^32, which Prometheus reads as a counter reset). The increments are
 * relaxed: nothing else is published through them. */
#if ATOMIC_LLONG_LOCK_FREE == 2
typedef atomic_ullong mst_slot;
#elif ATOMIC_LONG_LOCK_FREE == 2
typedef atomic_ulong mst_slot;
#elif ATOMIC_INT_LOCK_FREE == 2
typedef atomic_uint mst_slot;
#else
#error "mod_session_timeout needs lock-free atomics for its shared-memory counters"
#endif

struct mst_counters {
    mst_slot c[MST_COUNTERS];
};

/* The vhosts of this generation, in the order of the server list: set by
 * post_config in the parent, read-only in the children. */
typedef struct vhost_block {
    const char *label;
    struct mst_counters *counters;
    int has_store; /* a vhost of this label has a revocation store */
} vhost_block;

static vhost_block *blocks;
static int nblocks;

/* The listening port when a vhost names none. */
static apr_port_t listen_port(void)
{
    return ap_listeners && ap_listeners->bind_addr ? ap_listeners->bind_addr->port : 0;
}

/* "SERVERNAME:PORT": the port the vhost is defined on, else the listening
 * port (SPEC section 11). */
static const char *vhost_label(apr_pool_t *p, const server_rec *s)
{
    apr_port_t port = s->port;
    if (port == 0 && s->is_virtual && s->addrs) {
        port = s->addrs->host_port;
    }
    if (port == 0) {
        port = listen_port();
    }
    return apr_psprintf(p, "%s:%u", s->server_hostname ? s->server_hostname : "", (unsigned)port);
}

static apr_status_t make_segment(apr_pool_t *pconf, apr_pool_t *ptemp, apr_size_t size,
                                 apr_shm_t **shm)
{
    apr_status_t rv = apr_shm_create(shm, size, NULL, pconf);
    if (APR_STATUS_IS_ENOTIMPL(rv)) {
        /* no anonymous shared memory: a name-based segment in the runtime
         * directory, one per parent process */
        const char *file = ap_runtime_dir_relative(
            ptemp, apr_psprintf(ptemp, "session_timeout_metrics.%" APR_PID_T_FMT, getpid()));
        apr_shm_remove(file, ptemp);
        rv = apr_shm_create(shm, size, file, pconf);
    }
    return rv;
}

int mst_metrics_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s)
{
    apr_hash_t *seen = apr_hash_make(ptemp);
    apr_shm_t *shm;
    apr_status_t rv;
    struct mst_counters *base;
    int n = 0;

    (void)plog;
    blocks = NULL;
    nblocks = 0;
    /* The first of httpd's two startup passes only checks the config. */
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG) {
        return OK;
    }
    /* Vhosts with the same label (a ServerName repeated on one port) share
     * a block: one series per label. */
    for (server_rec *v = s; v; v = v->next) {
        const char *label = vhost_label(pconf, v);
        if (apr_hash_get(seen, label, APR_HASH_KEY_STRING) == NULL) {
            apr_hash_set(seen, label, APR_HASH_KEY_STRING, label);
            n++;
        }
    }
    rv = make_segment(pconf, ptemp, sizeof(struct mst_counters) * (apr_size_t)n, &shm);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s,
                     MST00060 "cannot create the shared memory for the metrics (%d vhosts)", n);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    base = apr_shm_baseaddr_get(shm);
    for (int i = 0; i < n; i++) {
        for (int c = 0; c < MST_COUNTERS; c++) {
            atomic_init(&base[i].c[c], 0);
        }
    }
    blocks = apr_pcalloc(pconf, sizeof(*blocks) * (apr_size_t)n);
    apr_hash_clear(seen);
    for (server_rec *v = s; v; v = v->next) {
        mst_server_conf *sc = ap_get_module_config(v->module_config, &session_timeout_module);
        if (v != s && sc == ap_get_module_config(s->module_config, &session_timeout_module)) {
            /* A vhost without any directive of ours shares the main
             * server's record (no AP_MODULE_FLAG_ALWAYS_MERGE): give it a
             * copy of its own to hold its counters. This hook runs LAST, so
             * the copy has whatever other post_config hooks wrote. */
            sc = apr_pmemdup(pconf, sc, sizeof(*sc));
            ap_set_module_config(v->module_config, &session_timeout_module, sc);
        }
        const char *label = vhost_label(pconf, v);
        vhost_block *b = apr_hash_get(seen, label, APR_HASH_KEY_STRING);
        if (b == NULL) {
            b = &blocks[nblocks];
            b->label = label;
            b->counters = &base[nblocks];
            nblocks++;
            apr_hash_set(seen, label, APR_HASH_KEY_STRING, b);
        }
        b->has_store |= sc->store_url.kind != MST_STORE_OFF;
        sc->metrics = b->counters;
    }
    return OK;
}

void mst_metrics_count(const server_rec *s, mst_counter c)
{
    struct mst_counters *m = mst_config_server(s)->metrics;
    if (m != NULL) {
        atomic_fetch_add_explicit(&m->c[c], 1, memory_order_relaxed);
    }
}

void mst_metrics_set(const server_rec *s, mst_counter c, apr_uint64_t value)
{
    struct mst_counters *m = mst_config_server(s)->metrics;
    if (m != NULL) {
        atomic_store_explicit(&m->c[c], value, memory_order_relaxed);
    }
}

/* A snapshot of every vhost's counters: each value is read atomically, the
 * set is not (a scrape races with requests, as any scrape does). */
static mst_metrics_vhost *snapshot(apr_pool_t *p)
{
    mst_metrics_vhost *v = apr_palloc(p, sizeof(*v) * (apr_size_t)(nblocks ? nblocks : 1));
    for (int i = 0; i < nblocks; i++) {
        apr_uint64_t *counts = apr_palloc(p, sizeof(*counts) * MST_COUNTERS);
        for (int c = 0; c < MST_COUNTERS; c++) {
            counts[c] = atomic_load_explicit(&blocks[i].counters->c[c], memory_order_relaxed);
        }
        v[i].label = blocks[i].label;
        v[i].counts = counts;
        v[i].has_store = blocks[i].has_store;
    }
    return v;
}

int mst_metrics_handler(request_rec *r)
{
    const char *body;

    if (r->method_number != M_GET) {
        r->allowed = AP_METHOD_BIT << M_GET;
        return HTTP_METHOD_NOT_ALLOWED;
    }
    body = mst_metrics_prometheus(r->pool, snapshot(r->pool), (size_t)nblocks);
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    ap_set_content_type(r, "text/plain; version=0.0.4; charset=utf-8");
    ap_set_content_length(r, (apr_off_t)strlen(body));
    if (!r->header_only) {
        ap_rputs(body, r);
    }
    return OK;
}

int mst_metrics_status_hook(request_rec *r, int flags)
{
    mst_metrics_vhost *v = snapshot(r->pool);

    if (flags & AP_STATUS_SHORT) {
        ap_rputs(mst_metrics_status_auto(r->pool, v, (size_t)nblocks), r);
        return OK;
    }
    ap_rputs("<hr />\n<h2>mod_session_timeout</h2>\n", r);
    for (int i = 0; i < nblocks; i++) {
        ap_rprintf(r, "<table border=\"0\">\n<tr><th colspan=\"2\">%s</th></tr>\n",
                   ap_escape_html(r->pool, v[i].label));
        for (int c = 0; c < MST_COUNTERS; c++) {
            if (mst_metrics_is_store((mst_counter)c) && !v[i].has_store) {
                continue;
            }
            ap_rprintf(r, "<tr><td>%s</td><td>%" APR_UINT64_T_FMT "</td></tr>\n",
                       mst_metrics_status_name((mst_counter)c), v[i].counts[c]);
        }
        ap_rputs("</table>\n", r);
    }
    return OK;
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_store.c: the revocation store: redis:// through
 * hiredis, with real connect and read timeouts, AUTH and SELECT; or
 * socache:PROVIDER[:ARGS] through httpd's socache providers, behind the
 * global mutex a provider asks for (AP_SOCACHE_FLAG_NOTMPSAFE), with
 * expiries never in the past and a persistent provider's data never
 * destroyed on restart.
 *
 * Glue, see the header. Per process, each store has a lock-free cache of
 * "not revoked" answers (mst_revcache), a skip window (an atomic time), and
 * one connection per worker thread (an apr thread key, created at
 * child_init; the connection is opened on first use, so nothing is shared
 * across fork). The processes of one server share, in anonymous shared
 * memory made at post_config, one generation number per store that every
 * revocation written here increments, so this server enforces it at once.
 *
 * Everything that reaches a log line names the store by its URL, never its
 * password; keys hold the SID (already in the cookie) and the user only as
 * a keyed hash (mst_store.h). */
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/time.h>

#include <hiredis/hiredis.h>

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_core.h"
#include "ap_provider.h"
#include "ap_socache.h"
#include "util_mutex.h"
#include "apr_global_mutex.h"
#include "apr_hash.h"
#include "apr_shm.h"
#include "apr_strings.h"
#include "apr_thread_proc.h"

#include "mod_session_timeout_logtags.h"
#include "mod_session_timeout_metrics.h"
#include "mod_session_timeout_store.h"

/* One store, shared by the vhosts with the same settings. Read-only after
 * post_config except the atomics, the cache and the thread key. */
typedef struct mst_store_rt {
    const char *label; /* redis://HOST:PORT/DB, for logs */
    const char *host;
    int port, db;
    const char *user, *password; /* AUTH, NULL: none */
    apr_int64_t timeout_ms, retry_s, delay_ms, ttl;
    int closed;
    const char *context;
    const mst_keyring *keys;
    mst_revcache *cache;               /* per process (copy-on-write after fork) */
    atomic_uint_fast64_t *gen;         /* shared by the server's processes */
    atomic_int_fast64_t skip_until_us; /* per process */
    apr_threadkey_t *conn_key;         /* per process, made at child_init */
    /* socache: */
    const ap_socache_provider_t *provider; /* NULL: redis */
    ap_socache_instance_t *inst;
    apr_global_mutex_t *mutex; /* NULL: the provider needs none */
    int miss_is_egeneral;      /* the provider (dbm) reports a missing key so */
} mst_store_rt;

#define MUTEX_TYPE "session-timeout-store"

const char *mst_store_result_str(mst_store_result res)
{
    switch (res) {
    case MST_STORE_RESULT_OK:
        return "ok";
    case MST_STORE_RESULT_ERROR:
        return "error";
    case MST_STORE_RESULT_TIMEOUT:
        return "timeout";
    case MST_STORE_RESULT_SKIPPED:
        return "skipped";
    }
    return "error";
}

/* The one place every round trip and every skip passes through: counting
 * (store_requests_total{result}, store_up) hooks in here. */
static void store_outcome(request_rec *r, const mst_store_rt *rt, mst_store_result res)
{
    static const mst_counter counter[] = {[MST_STORE_RESULT_OK] = MST_C_STORE_OK,
                                          [MST_STORE_RESULT_ERROR] = MST_C_STORE_ERROR,
                                          [MST_STORE_RESULT_TIMEOUT] = MST_C_STORE_TIMEOUT,
                                          [MST_STORE_RESULT_SKIPPED] = MST_C_STORE_SKIPPED};
    ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, "store %s: %s", rt->label,
                  mst_store_result_str(res));
    mst_metrics_count(r->server, counter[res]);
    if (res != MST_STORE_RESULT_SKIPPED) {
        mst_metrics_set(r->server, MST_C_STORE_UP, res == MST_STORE_RESULT_OK);
    }
}

/* ---- connections ------------------------------------------------------------ */

static struct timeval tv_of_ms(apr_int64_t ms)
{
    struct timeval tv;
    if (ms < 1) {
        ms = 1;
    }
    tv.tv_sec = (time_t)(ms / 1000);
    tv.tv_usec = (suseconds_t)((ms % 1000) * 1000);
    return tv;
}

static void conn_free(void *c)
{
    if (c != NULL) {
        redisFree(c);
    }
}

static int reply_ok(redisReply *reply)
{
    int ok = reply != NULL && reply->type != REDIS_REPLY_ERROR;
    if (reply != NULL) {
        freeReplyObject(reply);
    }
    return ok;
}

/* This thread's connection, opened (connect, AUTH, SELECT, each within what
 * is left of the timeout) if there is none. NULL with *err set on failure. */
static redisContext *conn_get(const mst_store_rt *rt, apr_time_t start, const char **err,
                              int *timed_out)
{
    void *v = NULL;
    redisContext *c;
    apr_int64_t left;

    *timed_out = 0;
    if (rt->conn_key == NULL) {
        *err = "no thread key (child_init did not run)";
        return NULL;
    }
    apr_threadkey_private_get(&v, rt->conn_key);
    if (v != NULL) {
        c = v;
        redisSetTimeout(c, tv_of_ms(rt->timeout_ms));
        return c;
    }
    c = redisConnectWithTimeout(rt->host, rt->port, tv_of_ms(rt->timeout_ms));
    if (c == NULL || c->err) {
        /* this thread's copy of the message: the context is freed here */
        static __thread char msg[128];
        *timed_out = c != NULL && (errno == EINPROGRESS || errno == ETIMEDOUT);
        *err = "out of memory";
        if (c) {
            apr_cpystrn(msg, c->errstr, sizeof(msg));
            *err = msg;
            redisFree(c);
        }
        return NULL;
    }
    left = rt->timeout_ms - apr_time_as_msec(apr_time_now() - start);
    redisSetTimeout(c, tv_of_ms(left));
    if (rt->password != NULL) {
        redisReply *reply = rt->user ? redisCommand(c, "AUTH %s %s", rt->user, rt->password)
                                     : redisCommand(c, "AUTH %s", rt->password);
        if (reply == NULL || reply->type == REDIS_REPLY_ERROR) {
            *timed_out = reply == NULL && (errno == EAGAIN || errno == EWOULDBLOCK);
            *err = reply == NULL ? "no answer to AUTH" : "AUTH refused";
            if (reply) {
                freeReplyObject(reply);
            }
            redisFree(c);
            return NULL;
        }
        freeReplyObject(reply);
    }
    if (rt->db != 0 && !reply_ok(redisCommand(c, "SELECT %d", rt->db))) {
        *timed_out = errno == EAGAIN || errno == EWOULDBLOCK;
        *err = "SELECT failed";
        redisFree(c);
        return NULL;
    }
    apr_threadkey_private_set(c, rt->conn_key);
    return c;
}

/* Drops this thread's connection (after an error its state is unknown). */
static void conn_drop(const mst_store_rt *rt)
{
    void *v = NULL;
    if (rt->conn_key == NULL) {
        return;
    }
    apr_threadkey_private_get(&v, rt->conn_key);
    if (v != NULL) {
        redisFree(v);
        apr_threadkey_private_set(NULL, rt->conn_key);
    }
}

/* 1 while the process skips the store after an error. */
static int skipping(mst_store_rt *rt, apr_time_t now)
{
    return atomic_load_explicit(&rt->skip_until_us, memory_order_relaxed) > (apr_int64_t)now;
}

/* After an error: skip the store for the retry time; the thread that opens
 * the window logs it, once per window. err may point into this thread's
 * connection (its errstr), which is dropped here: it is copied first. */
static void failed(request_rec *r, mst_store_rt *rt, const char *what, const char *err,
                   int timed_out)
{
    apr_time_t now = apr_time_now();
    int_fast64_t old = atomic_load_explicit(&rt->skip_until_us, memory_order_relaxed);
    apr_int64_t until = (apr_int64_t)now + rt->retry_s * APR_USEC_PER_SEC;

    err = apr_pstrdup(r->pool, err);
    conn_drop(rt);
    store_outcome(r, rt, timed_out ? MST_STORE_RESULT_TIMEOUT : MST_STORE_RESULT_ERROR);
    if (old <= (apr_int64_t)now &&
        atomic_compare_exchange_strong(&rt->skip_until_us, &old, (int_fast64_t)until)) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                      MST00094
                      "store %s: %s failed (%s%s); skipping the store for %" APR_INT64_T_FMT
                      "s, failure %s: %s",
                      rt->label, what, timed_out ? "timeout: " : "", err, rt->retry_s,
                      rt->closed ? "closed" : "open",
                      rt->closed ? "requests of sessions are answered 503"
                                 : "sessions are allowed unchecked");
    }
}

/* One command on this thread's connection; NULL after an error (handled). */
static redisReply *command(request_rec *r, mst_store_rt *rt, const char *what, int argc,
                           const char **argv, const size_t *lens)
{
    apr_time_t start = apr_time_now();
    const char *err = NULL;
    int timed_out = 0;
    redisContext *c;
    redisReply *reply;

    if (skipping(rt, start)) {
        store_outcome(r, rt, MST_STORE_RESULT_SKIPPED);
        return NULL;
    }
    c = conn_get(rt, start, &err, &timed_out);
    if (c == NULL) {
        failed(r, rt, what, err, timed_out);
        return NULL;
    }
    errno = 0;
    reply = redisCommandArgv(c, argc, argv, lens);
    if (reply == NULL) {
        timed_out = errno == EAGAIN || errno == EWOULDBLOCK;
        failed(r, rt, what, c->errstr[0] ? c->errstr : "no answer", timed_out);
        return NULL;
    }
    if (reply->type == REDIS_REPLY_ERROR) {
        failed(r, rt, what, "the store answered an error", 0);
        freeReplyObject(reply);
        return NULL;
    }
    store_outcome(r, rt, MST_STORE_RESULT_OK);
    return reply;
}

/* ---- checking ------------------------------------------------------------------ */

/* Reads one MGET element as a cutoff into *cutoff (the largest seen so
 * far); 1 if it is absent or well formed. */
static int take_cutoff(const redisReply *e, apr_int64_t *cutoff)
{
    apr_int64_t v;
    if (e->type == REDIS_REPLY_NIL) {
        return 1;
    }
    if (e->type != REDIS_REPLY_STRING || !mst_store_value_parse(e->str, (apr_size_t)e->len, &v)) {
        return 0;
    }
    if (v > *cutoff) {
        *cutoff = v;
    }
    return 1;
}

/* ---- socache ---------------------------------------------------------------------- */

static void sc_lock(request_rec *r, const mst_store_rt *rt)
{
    if (rt->mutex != NULL && apr_global_mutex_lock(rt->mutex) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      MST00105 "store %s: cannot take the global mutex", rt->label);
    }
}

static void sc_unlock(const mst_store_rt *rt)
{
    if (rt->mutex != NULL) {
        apr_global_mutex_unlock(rt->mutex);
    }
}

/* One entry: 1 found (value in buf, NUL-terminated), 0 absent, -1 error. */
static int sc_get(request_rec *r, const mst_store_rt *rt, const char *key, char *buf,
                  unsigned int cap)
{
    unsigned int len = cap - 1;
    apr_status_t rv =
        rt->provider->retrieve(rt->inst, r->server, (const unsigned char *)key,
                               (unsigned int)strlen(key), (unsigned char *)buf, &len, r->pool);
    /* mod_socache_dbm answers a missing key with APR_EGENERAL (a failure to
     * open its file is another status, which it logs itself) */
    if (rv == APR_NOTFOUND || (rv == APR_EGENERAL && rt->miss_is_egeneral)) {
        return 0;
    }
    if (rv != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, rv, r, "store %s: retrieve failed", rt->label);
        return -1;
    }
    buf[len < cap ? len : cap - 1] = '\0';
    return 1;
}

/* How a check that reached the store ends, for either backend: an entry
 * whose value does not parse (parsed 0) is a store error, never a guess;
 * else the revocation decision on what was read, and a session found not
 * revoked goes into the process's not-revoked cache (rt->label names the
 * backend in the warning). */
static mst_store_verdict check_conclude(request_rec *r, mst_store_rt *rt, const mst_token *t,
                                        int parsed, const mst_store_answer *a, apr_uint64_t gen,
                                        apr_time_t now)
{
    if (!parsed) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                      MST00100 "store %s: an entry of sid=%s holds a malformed value: "
                               "treated as a store error",
                      rt->label, t->sid);
        return MST_STORE_FAILED;
    }
    if (mst_store_revoked(a, t->created)) {
        return MST_STORE_REVOKED;
    }
    mst_revcache_put(rt->cache, t, gen, (apr_int64_t)now);
    return MST_STORE_NOT_REVOKED;
}

static mst_store_verdict socache_check(request_rec *r, mst_store_rt *rt, const mst_token *t,
                                       apr_uint64_t gen, apr_time_t now)
{
    mst_store_answer a = {0, -1, -1};
    char buf[32];
    int found, ok = 1, err;
    apr_int64_t v;

    if (skipping(rt, now)) {
        store_outcome(r, rt, MST_STORE_RESULT_SKIPPED);
        return MST_STORE_FAILED;
    }
    sc_lock(r, rt);
    found = sc_get(r, rt, mst_store_key_sid(r->pool, rt->context, t->sid), buf, sizeof(buf));
    err = found < 0;
    a.sid_revoked = found > 0;
    for (int i = 0; i < mst_keyring_count(rt->keys) && !err && ok; i++) {
        found = sc_get(r, rt,
                       mst_store_key_user(r->pool, rt->keys, i, rt->context, t->user, t->user_len),
                       buf, sizeof(buf));
        err = found < 0;
        if (found > 0) {
            ok = mst_store_value_parse(buf, strlen(buf), &v);
            a.user_cutoff = ok && v > a.user_cutoff ? v : a.user_cutoff;
        }
    }
    if (!err && ok) {
        found = sc_get(r, rt, mst_store_key_all(r->pool, rt->context), buf, sizeof(buf));
        err = found < 0;
        if (found > 0) {
            ok = mst_store_value_parse(buf, strlen(buf), &a.all_cutoff);
        }
    }
    sc_unlock(rt);
    if (err) {
        failed(r, rt, "check", "the socache provider failed", 0);
        return MST_STORE_FAILED;
    }
    store_outcome(r, rt, MST_STORE_RESULT_OK);
    return check_conclude(r, rt, t, ok, &a, gen, now);
}

static int socache_write(request_rec *r, mst_store_rt *rt, const char *what, const char **keys,
                         int nkeys, const char *value)
{
    /* never an expiry in the past (mod_socache_redis turns one into a
     * ~136-year TTL): the TTL is at least 1 s, capped for memcache */
    apr_time_t now = apr_time_now(), expiry = now + apr_time_from_sec(rt->ttl);
    int ok = 1;

    if (skipping(rt, now)) {
        store_outcome(r, rt, MST_STORE_RESULT_SKIPPED);
        return 0;
    }
    sc_lock(r, rt);
    for (int i = 0; i < nkeys && ok; i++) {
        ok = rt->provider->store(rt->inst, r->server, (const unsigned char *)keys[i],
                                 (unsigned int)strlen(keys[i]), expiry, (unsigned char *)value,
                                 (unsigned int)strlen(value), r->pool) == APR_SUCCESS;
    }
    sc_unlock(rt);
    if (!ok) {
        failed(r, rt, what, "the socache provider did not store it", 0);
        return 0;
    }
    store_outcome(r, rt, MST_STORE_RESULT_OK);
    atomic_fetch_add_explicit(rt->gen, 1, memory_order_acq_rel);
    return 1;
}

mst_store_verdict mst_store_check(request_rec *r, const mst_server_conf *sc, const mst_token *t)
{
    mst_store_rt *rt = sc->store;
    apr_time_t now;
    apr_uint64_t gen;
    int nkeys, argc;
    const char **argv;
    size_t *lens;
    redisReply *reply;
    mst_store_answer a = {0, -1, -1};
    int ok = 1;

    if (rt == NULL) {
        return MST_STORE_NOT_REVOKED;
    }
    now = apr_time_now();
    gen = atomic_load_explicit(rt->gen, memory_order_acquire);
    if (mst_revcache_hit(rt->cache, t, gen, (apr_int64_t)now)) {
        return MST_STORE_NOT_REVOKED;
    }
    if (rt->provider != NULL) {
        return socache_check(r, rt, t, gen, now);
    }
    /* one round trip: MGET sid-key user-key(each ring key) all-key */
    nkeys = mst_keyring_count(rt->keys);
    argc = nkeys + 3;
    argv = apr_palloc(r->pool, sizeof(*argv) * (apr_size_t)argc);
    lens = apr_palloc(r->pool, sizeof(*lens) * (apr_size_t)argc);
    argv[0] = "MGET";
    argv[1] = mst_store_key_sid(r->pool, rt->context, t->sid);
    for (int i = 0; i < nkeys; i++) {
        argv[2 + i] = mst_store_key_user(r->pool, rt->keys, i, rt->context, t->user, t->user_len);
    }
    argv[argc - 1] = mst_store_key_all(r->pool, rt->context);
    for (int i = 0; i < argc; i++) {
        lens[i] = strlen(argv[i]);
    }
    reply = command(r, rt, "check", argc, argv, lens);
    if (reply == NULL) {
        return MST_STORE_FAILED;
    }
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements != (size_t)(argc - 1)) {
        ok = 0;
    } else {
        a.sid_revoked = reply->element[0]->type != REDIS_REPLY_NIL;
        for (int i = 0; i < nkeys && ok; i++) {
            ok = take_cutoff(reply->element[1 + i], &a.user_cutoff);
        }
        ok = ok && take_cutoff(reply->element[argc - 2], &a.all_cutoff);
    }
    freeReplyObject(reply);
    return check_conclude(r, rt, t, ok, &a, gen, now);
}

/* ---- writing ---------------------------------------------------------------------- */

/* SET key value EX ttl for each key, pipelined: one round trip. */
static int write_keys(request_rec *r, mst_store_rt *rt, const char *what, const char **keys,
                      int nkeys, const char *value)
{
    apr_time_t start = apr_time_now();
    const char *ttl = apr_psprintf(r->pool, "%" APR_INT64_T_FMT, rt->ttl);
    const char *err = NULL;
    int timed_out = 0, ok = 1;
    redisContext *c;

    if (rt->provider != NULL) {
        return socache_write(r, rt, what, keys, nkeys, value);
    }
    if (skipping(rt, start)) {
        store_outcome(r, rt, MST_STORE_RESULT_SKIPPED);
        return 0;
    }
    c = conn_get(rt, start, &err, &timed_out);
    if (c == NULL) {
        failed(r, rt, what, err, timed_out);
        return 0;
    }
    for (int i = 0; i < nkeys; i++) {
        const char *argv[5] = {"SET", keys[i], value, "EX", ttl};
        size_t lens[5];
        for (int j = 0; j < 5; j++) {
            lens[j] = strlen(argv[j]);
        }
        if (redisAppendCommandArgv(c, 5, argv, lens) != REDIS_OK) {
            failed(r, rt, what, "out of memory", 0);
            return 0;
        }
    }
    for (int i = 0; i < nkeys; i++) {
        void *reply = NULL;
        errno = 0;
        if (redisGetReply(c, &reply) != REDIS_OK || reply == NULL) {
            timed_out = errno == EAGAIN || errno == EWOULDBLOCK;
            failed(r, rt, what, c->errstr[0] ? c->errstr : "no answer", timed_out);
            return 0;
        }
        ok = ok && ((redisReply *)reply)->type != REDIS_REPLY_ERROR;
        freeReplyObject(reply);
    }
    if (!ok) {
        failed(r, rt, what, "the store answered an error", 0);
        return 0;
    }
    store_outcome(r, rt, MST_STORE_RESULT_OK);
    /* every process of this server stops reusing older answers now */
    atomic_fetch_add_explicit(rt->gen, 1, memory_order_acq_rel);
    return 1;
}

static int report_write(request_rec *r, const mst_store_rt *rt, int ok, const char *what)
{
    if (ok) {
        /* sessions_ended_total{how="revoked"} counts revocations written */
        mst_metrics_count(r->server, MST_C_ENDED_REVOKED);
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, MST00095 "revoked %s in store %s (context %s)",
                      what, rt->label, rt->context);
    } else {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      MST00096 "could not revoke %s: store %s did not take it", what, rt->label);
    }
    return ok;
}

int mst_store_revoke_sid(request_rec *r, const mst_server_conf *sc, const char *sid)
{
    mst_store_rt *rt = sc->store;
    const char *key;
    if (rt == NULL) {
        return 0;
    }
    key = mst_store_key_sid(r->pool, rt->context, sid);
    return report_write(r, rt, write_keys(r, rt, "revoke", &key, 1, "1"),
                        apr_pstrcat(r->pool, "sid=", sid, NULL));
}

int mst_store_revoke_user(request_rec *r, const mst_server_conf *sc, const char *user,
                          apr_size_t user_len, apr_int64_t cutoff)
{
    mst_store_rt *rt = sc->store;
    int n;
    const char **keys;
    if (rt == NULL) {
        return 0;
    }
    n = mst_keyring_count(rt->keys);
    keys = apr_palloc(r->pool, sizeof(*keys) * (apr_size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++) {
        keys[i] = mst_store_key_user(r->pool, rt->keys, i, rt->context, user, user_len);
    }
    return report_write(
        r, rt,
        n > 0 && write_keys(r, rt, "revoke", keys, n,
                            apr_psprintf(r->pool, "%" APR_INT64_T_FMT, cutoff)),
        apr_psprintf(r->pool, "the sessions of user \"%s\" created before %" APR_INT64_T_FMT,
                     ap_escape_logitem(r->pool, apr_pstrmemdup(r->pool, user, user_len)), cutoff));
}

int mst_store_revoke_all(request_rec *r, const mst_server_conf *sc, apr_int64_t cutoff)
{
    mst_store_rt *rt = sc->store;
    const char *key;
    if (rt == NULL) {
        return 0;
    }
    key = mst_store_key_all(r->pool, rt->context);
    return report_write(
        r, rt,
        write_keys(r, rt, "revoke", &key, 1, apr_psprintf(r->pool, "%" APR_INT64_T_FMT, cutoff)),
        apr_psprintf(r->pool, "every session created before %" APR_INT64_T_FMT, cutoff));
}

int mst_store_ping(request_rec *r, const mst_server_conf *sc, const char **label)
{
    mst_store_rt *rt = sc->store;
    const char *argv[1] = {"PING"};
    size_t lens[1] = {4};
    redisReply *reply;

    *label = rt ? rt->label : "none";
    if (rt == NULL) {
        return 0;
    }
    /* the health check ignores the skip window: it is how an admin sees recovery */
    atomic_store_explicit(&rt->skip_until_us, 0, memory_order_relaxed);
    if (rt->provider != NULL) {
        char buf[8];
        int found;
        sc_lock(r, rt);
        found = sc_get(r, rt, "mst:v1:ping", buf, sizeof(buf));
        sc_unlock(rt);
        if (found < 0) {
            failed(r, rt, "ping", "the socache provider failed", 0);
        }
        return found >= 0;
    }
    reply = command(r, rt, "ping", 1, argv, lens);
    if (reply == NULL) {
        return 0;
    }
    freeReplyObject(reply);
    return 1;
}

int mst_store_unavailable(request_rec *r, const mst_server_conf *sc)
{
    /* SPEC section 10: never clear the cookie or send to login because the
     * store failed; the client may retry once the skip window is over. */
    apr_table_setn(r->err_headers_out, "Retry-After",
                   apr_psprintf(r->pool, "%" APR_INT64_T_FMT, mst_config_store_retry(sc)));
    apr_table_setn(r->err_headers_out, "Cache-Control", "no-store");
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                  MST00097 "store unavailable, SessionTimeoutStoreFailure closed: 503");
    return HTTP_SERVICE_UNAVAILABLE;
}

/* ---- setup ----------------------------------------------------------------------------- */

static const char *failure_str(const mst_store_rt *rt)
{
    return rt->closed ? "closed" : "open";
}

int mst_store_pre_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp)
{
    /* the mutex a socache provider that is not multi-process safe needs;
     * configurable with `Mutex ... session-timeout-store` */
    return ap_mutex_register(pconf, MUTEX_TYPE, NULL, APR_LOCK_DEFAULT, 0) == APR_SUCCESS
               ? OK
               : HTTP_INTERNAL_SERVER_ERROR;
}

/* A persistent provider: its data outlives a restart, and destroy would
 * delete it (mod_socache_dbm's unlinks its files). */
static int is_persistent(const char *provider)
{
    return strcmp(provider, "dbm") == 0;
}

static apr_status_t socache_destroy(void *data)
{
    mst_store_rt *rt = data;
    rt->provider->destroy(rt->inst, NULL);
    return APR_SUCCESS;
}

/* Creates and initialises the socache instance of rt (the n-th store). */
static int socache_open(apr_pool_t *pconf, apr_pool_t *ptemp, server_rec *v,
                        const mst_server_conf *sc, mst_store_rt *rt, int n)
{
    static const struct ap_socache_hints hints = {64, 16, APR_USEC_PER_SEC * 30};
    const char *name = sc->store_url.provider, *err;
    apr_status_t rv;

    rt->label = apr_psprintf(pconf, "socache:%s%s%s", name, sc->store_url.args ? ":" : "",
                             sc->store_url.args ? sc->store_url.args : "");
    rt->provider = ap_lookup_provider(AP_SOCACHE_PROVIDER_GROUP, name, AP_SOCACHE_PROVIDER_VERSION);
    rv = APR_SUCCESS;
    if (rt->provider == NULL) {
        err = apr_psprintf(ptemp, "no socache provider '%s' (LoadModule socache_%s_module)", name,
                           name);
    } else if ((err = rt->provider->create(&rt->inst, sc->store_url.args, ptemp, pconf)) != NULL) {
        /* the provider's own message */
    } else if ((rt->provider->flags & AP_SOCACHE_FLAG_NOTMPSAFE) &&
               (rv = ap_global_mutex_create(&rt->mutex, NULL, MUTEX_TYPE, apr_itoa(ptemp, n), v,
                                            pconf, 0)) != APR_SUCCESS) {
        err = "cannot create its global mutex";
    } else if ((rv = rt->provider->init(rt->inst, apr_psprintf(ptemp, "mst-store-%d", n), &hints, v,
                                        pconf)) != APR_SUCCESS) {
        err = "the provider did not start";
    }
    if (err != NULL) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, v, MST00101 "SessionTimeoutStore %s: %s",
                     rt->label, err);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (!is_persistent(name)) {
        apr_pool_cleanup_register(pconf, rt, socache_destroy, apr_pool_cleanup_null);
    }
    rt->miss_is_egeneral = strcmp(name, "dbm") == 0;
    if (strcmp(name, "shmcb") == 0) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, v,
                     MST00093 "SessionTimeoutStore %s: shmcb keeps revocations in shared memory: "
                              "they do not survive a restart (graceful included), and a full "
                              "cache silently drops the oldest; use socache:dbm:PATH or redis:// "
                              "where that matters",
                     rt->label);
    } else if (strcmp(name, "redis") == 0) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, v,
                     MST00107 "SessionTimeoutStore %s: mod_socache_redis has no AUTH, database "
                              "or TLS and no working timeout (a hung Redis stalls a worker); "
                              "use redis:// instead",
                     rt->label);
    }
    return OK;
}

int mst_store_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s)
{
    apr_hash_t *seen = apr_hash_make(ptemp);
    apr_array_header_t *all = apr_array_make(ptemp, 4, sizeof(mst_store_rt *));
    apr_shm_t *shm = NULL;
    atomic_uint_fast64_t *gens = NULL;
    int n = 0;

    /* The first of httpd's two startup passes only checks the config. */
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG) {
        return OK;
    }
    for (server_rec *v = s; v; v = v->next) {
        mst_server_conf *sc = ap_get_module_config(v->module_config, &session_timeout_module);
        const char *id;
        mst_store_rt *rt;
        if (sc->store_url.kind == MST_STORE_OFF) {
            sc->store = NULL;
            continue;
        }
        id = apr_psprintf(
            ptemp,
            "%s|%s|%s|%d|%d|%s|%s|%s|%pp|%" APR_INT64_T_FMT "|%d|%" APR_INT64_T_FMT
            "|%" APR_INT64_T_FMT "|%" APR_INT64_T_FMT,
            sc->store_url.provider ? sc->store_url.provider : "",
            sc->store_url.args ? sc->store_url.args : "",
            sc->store_url.host ? sc->store_url.host : "", sc->store_url.port, sc->store_url.db,
            sc->store_user ? sc->store_user : "", sc->store_password ? sc->store_password : "",
            mst_config_store_context(sc), (void *)sc->keys, mst_config_store_timeout_ms(sc),
            mst_config_store_closed(sc), mst_config_store_retry(sc),
            mst_config_revocation_delay_ms(sc), sc->store_ttl);
        rt = apr_hash_get(seen, id, APR_HASH_KEY_STRING);
        if (rt == NULL) {
            rt = apr_pcalloc(pconf, sizeof(*rt));
            rt->host = sc->store_url.host;
            rt->port = sc->store_url.port;
            rt->db = sc->store_url.db;
            if (sc->store_url.kind == MST_STORE_REDIS) {
                rt->label = apr_psprintf(pconf, "redis://%s:%d/%d", rt->host, rt->port, rt->db);
            } else if (socache_open(pconf, ptemp, v, sc, rt, n) != OK) {
                return HTTP_INTERNAL_SERVER_ERROR;
            }
            rt->user = sc->store_user;
            rt->password = sc->store_password;
            rt->timeout_ms = mst_config_store_timeout_ms(sc);
            rt->retry_s = mst_config_store_retry(sc);
            rt->delay_ms = mst_config_revocation_delay_ms(sc);
            rt->closed = mst_config_store_closed(sc);
            rt->ttl = sc->store_ttl;
            rt->context = mst_config_store_context(sc);
            rt->keys = sc->keys;
            rt->cache = apr_palloc(pconf, sizeof(*rt->cache));
            mst_revcache_init(rt->cache, rt->delay_ms);
            atomic_init(&rt->skip_until_us, 0);
            apr_hash_set(seen, id, APR_HASH_KEY_STRING, rt);
            APR_ARRAY_PUSH(all, mst_store_rt *) = rt;
            n++;
        }
        sc->store = rt;
        ap_log_error(APLOG_MARK, APLOG_INFO, 0, v,
                     MST00092 "vhost %s:%u: revocation store %s, context %s, failure %s, "
                              "revocation delay %" APR_INT64_T_FMT "ms, timeout %" APR_INT64_T_FMT
                              "ms, retry %" APR_INT64_T_FMT "s, entries live %" APR_INT64_T_FMT
                              "s%s",
                     v->server_hostname ? v->server_hostname : "?", v->port, rt->label, rt->context,
                     failure_str(rt), rt->delay_ms, rt->timeout_ms, rt->retry_s, rt->ttl,
                     rt->password ? ", AUTH set" : "");
    }
    if (n == 0) {
        return OK;
    }
    /* one generation number per store, shared by this server's processes */
    if (apr_shm_create(&shm, sizeof(*gens) * (apr_size_t)n, NULL, pconf) == APR_SUCCESS) {
        gens = apr_shm_baseaddr_get(shm);
    } else {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                     MST00099 "no anonymous shared memory for the store: a revocation written "
                              "here reaches this server's other processes within the "
                              "revocation delay, not at once");
        gens = apr_palloc(pconf, sizeof(*gens) * (apr_size_t)n);
    }
    for (int i = 0; i < n; i++) {
        mst_store_rt *rt = APR_ARRAY_IDX(all, i, mst_store_rt *);
        atomic_init(&gens[i], 0);
        rt->gen = &gens[i];
    }
    return OK;
}

void mst_store_child_init(apr_pool_t *pchild, server_rec *s)
{
    for (server_rec *v = s; v; v = v->next) {
        const mst_server_conf *sc = mst_config_server(v);
        mst_store_rt *rt = sc->store;
        if (rt == NULL || rt->conn_key != NULL) {
            continue;
        }
        if (rt->mutex != NULL &&
            apr_global_mutex_child_init(&rt->mutex, apr_global_mutex_lockfile(rt->mutex), pchild) !=
                APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, v,
                         MST00108 "store %s: cannot reopen its global mutex in this child",
                         rt->label);
        }
        if (apr_threadkey_private_create(&rt->conn_key, conn_free, pchild) != APR_SUCCESS) {
            rt->conn_key = NULL;
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, v,
                         MST00104 "store %s: no thread key for connections; the store is "
                                  "treated as down",
                         rt->label);
        }
    }
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* micro.c: micro-benchmark of the pure core (libmst), without httpd.
 *
 * Measures, per operation, the work the module does on every request with a
 * valid cookie and on every re-issue:
 *   hmac           HMAC-SHA256 of the signed part of a token (the floor: two
 *                  SHA-256 compressions for the message, two for the pads'
 *                  finalisation, with prepared pad states)
 *   scan           finding our cookie in a realistic Cookie header
 *   verify         mst_session_find on a Cookie header holding only a valid
 *                  token, no cache (scan + parse + KID + HMAC + constant-time
 *                  compare + the clock rule): step 1 of the module's path
 *   verify_decide  mst_session_evaluate on the same header (find + decide
 *                  for a counting request): the module's per-request core
 *                  path for a valid cookie on a token cache miss
 *   mint           mst_token_mint (a re-issue)
 * Each operation runs in its own noinline function run_<op>(), so callgrind
 * can attribute instructions to it (bench/run.sh runs this binary once under
 * callgrind with a fixed iteration count and divides the inclusive cost of
 * run_<op> by the count).
 *
 * Usage: micro [ITERATIONS [--no-warmup]]   (default 1000000)
 * Without --no-warmup each operation first runs min(ITERATIONS, 1000) times
 * untimed; under callgrind pass --no-warmup so that run_<op> executes exactly
 * ITERATIONS operations.
 * Output: one line per operation: "op ns_per_op checksum".
 * Depends only on libmst, APR and libcrypto; it must not include httpd
 * headers, like the core itself. Built by bench/run.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <apr_general.h>
#include <apr_pools.h>

#include "mst_cookie.h"
#include "mst_keys.h"
#include "mst_limits.h"
#include "mst_policy.h"
#include "mst_session.h"
#include "mst_token.h"

/* SPEC section 2 test vector (user alice). */
static const char SECRET[] = "0123456789abcdef0123456789abcdef";
static const char TOKEN[] = "v1.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1764000000.1764000600.YWxpY2U."
                            "Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLelew";
static const apr_int64_t NOW = 1764000605; /* 5 s after LAST */

static const mst_keyring *ring;
static mst_effective limits;
static char cookie_header[2048];
static char own_cookie[2048];       /* "session_timeout=TOKEN" */
static mst_session_ctx session_ctx; /* the ring, no cache, NOW, the default skew */
static volatile unsigned long sink; /* keeps results alive */

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

__attribute__((noinline)) static void run_hmac(long n)
{
    unsigned char mac[MST_MAC_RAW_LEN];
    size_t signed_len = strrchr(TOKEN, '.') - TOKEN;
    for (long i = 0; i < n; i++) {
        mst_keyring_hmac(ring, 0, TOKEN, signed_len, mac);
        sink += mac[i & 31];
    }
}

__attribute__((noinline)) static void run_scan(long n)
{
    for (long i = 0; i < n; i++) {
        const char *cursor = cookie_header, *v;
        apr_size_t vlen;
        while (mst_cookie_next(&cursor, "session_timeout", 15, &v, &vlen)) {
            sink += vlen;
        }
    }
}

__attribute__((noinline)) static void run_verify(long n)
{
    mst_session s;
    for (long i = 0; i < n; i++) {
        mst_session_find(&session_ctx, own_cookie, &s);
        sink += (unsigned long)s.status + (unsigned long)s.token.last;
    }
}

__attribute__((noinline)) static void run_verify_decide(long n)
{
    mst_session s;
    for (long i = 0; i < n; i++) {
        mst_session_evaluate(&session_ctx, own_cookie, &limits, MST_ACTIVITY_COUNTS, &s);
        sink += (unsigned long)s.decision.verdict + (unsigned long)s.decision.expires_in;
    }
}

__attribute__((noinline)) static void run_mint(long n)
{
    char buf[MST_TOKEN_MAX_LEN + 1];
    for (long i = 0; i < n; i++) {
        apr_size_t len = mst_token_mint(ring, "AAECAwQFBgcICQoLDA0ODw", 1764000000, NOW + (i & 1),
                                        "alice", 5, buf, sizeof(buf));
        sink += len + (unsigned char)buf[len - 1];
    }
}

typedef struct op {
    const char *name;
    void (*run)(long);
} op;

int main(int argc, char **argv)
{
    static const op ops[] = {{"hmac", run_hmac},
                             {"scan", run_scan},
                             {"verify", run_verify},
                             {"verify_decide", run_verify_decide},
                             {"mint", run_mint}};
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
    int warmup = !(argc > 2 && strcmp(argv[2], "--no-warmup") == 0);
    apr_pool_t *pool;
    mst_keyring *kr;
    mst_limits lim;
    mst_session s;
    const char *err;

    if (n <= 0) {
        fprintf(stderr, "usage: micro [ITERATIONS [--no-warmup]]\n");
        return 2;
    }
    apr_initialize();
    apr_pool_create(&pool, NULL);
    kr = mst_keyring_make(pool);
    err = mst_keyring_add(kr, pool, (const unsigned char *)SECRET, sizeof(SECRET) - 1);
    if (err) {
        fprintf(stderr, "micro: %s\n", err);
        return 1;
    }
    ring = kr;
    /* Lifetime 24h, inactivity 1h, refresh 60 s: LAST is 5 s old, so a valid
     * cookie is not re-issued (the common request). */
    mst_limits_init(&lim);
    lim.lifetime = 86400;
    lim.inactivity = 3600;
    lim.refresh = 60;
    mst_limits_effective(&lim, &limits);
    /* A browser-like Cookie header: analytics and app cookies around ours. */
    snprintf(cookie_header, sizeof(cookie_header),
             "_ga=GA1.1.1234567890.1764000000; lang=en; "
             "PHPSESSID=0123456789abcdef0123456789; session_timeout=%s; theme=dark",
             TOKEN);
    snprintf(own_cookie, sizeof(own_cookie), "session_timeout=%s", TOKEN);
    session_ctx.keys = ring;
    session_ctx.cache = NULL; /* every iteration pays the HMAC, as a cache miss does */
    session_ctx.cookie_name = "session_timeout";
    session_ctx.cookie_name_len = strlen(session_ctx.cookie_name);
    session_ctx.now = NOW;
    session_ctx.skew = MST_DEFAULT_SKEW;
    session_ctx.versions = 0;

    /* The benchmark is worthless if the token does not verify. */
    mst_session_evaluate(&session_ctx, own_cookie, &limits, MST_ACTIVITY_COUNTS, &s);
    if (!s.has_token || s.status != MST_TOKEN_OK) {
        fprintf(stderr, "micro: the test token does not verify\n");
        return 1;
    }
    if (s.decision.verdict != MST_VERDICT_VALID || s.decision.reissue) {
        fprintf(stderr, "micro: unexpected decision (verdict %d, reissue %d)\n", s.decision.verdict,
                s.decision.reissue);
        return 1;
    }

    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        double t0, t1;
        if (warmup) {
            ops[i].run(n < 1000 ? n : 1000); /* warm caches and branch predictors */
        }
        t0 = now_ns();
        ops[i].run(n);
        t1 = now_ns();
        printf("%s %.1f %lu\n", ops[i].name, (t1 - t0) / (double)n, (unsigned long)sink);
    }
    apr_pool_destroy(pool);
    apr_terminate();
    return 0;
}

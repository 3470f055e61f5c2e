/* micro.c: micro-benchmark of the pure core (libmst), without httpd.
 *
 * Measures, per operation, the work the module does on every request with a
 * valid cookie and on every re-issue:
 *   hmac           HMAC-SHA256 of the signed part of a token (the floor: two
 *                  SHA-256 compressions for the message, two for the pads'
 *                  finalisation, with prepared pad states)
 *   scan           finding our cookie in a realistic Cookie header
 *   verify         mst_token_verify on a valid token (parse + KID + HMAC +
 *                  constant-time compare + time checks)
 *   verify_decide  mst_token_verify + mst_policy_decide (the per-request core
 *                  path for a valid cookie)
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
#include "mst_token.h"

/* SPEC section 2 test vector (user alice). */
static const char SECRET[] = "0123456789abcdef0123456789abcdef";
static const char TOKEN[] = "v1.3eb1bd43.AAECAwQFBgcICQoLDA0ODw.1764000000.1764000600.YWxpY2U."
                            "Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLelew";
static const apr_int64_t NOW = 1764000605; /* 5 s after LAST */

static const mst_keyring *ring;
static mst_effective limits;
static char cookie_header[2048];
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
    mst_token tok;
    for (long i = 0; i < n; i++) {
        mst_token_status st = mst_token_verify(ring, TOKEN, sizeof(TOKEN) - 1, NOW, 30, &tok);
        sink += (unsigned long)st + (unsigned long)tok.last;
    }
}

__attribute__((noinline)) static void run_verify_decide(long n)
{
    mst_token tok;
    mst_decision d;
    for (long i = 0; i < n; i++) {
        mst_token_status st = mst_token_verify(ring, TOKEN, sizeof(TOKEN) - 1, NOW, 30, &tok);
        mst_policy_decide(&limits, &tok, st, NOW, 1, &d);
        sink += (unsigned long)d.verdict + (unsigned long)d.expires_in;
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
    mst_token tok;
    mst_decision d;
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

    /* The benchmark is worthless if the token does not verify. */
    if (mst_token_verify(ring, TOKEN, sizeof(TOKEN) - 1, NOW, 30, &tok) != MST_TOKEN_OK) {
        fprintf(stderr, "micro: the test token does not verify\n");
        return 1;
    }
    mst_policy_decide(&limits, &tok, MST_TOKEN_OK, NOW, 1, &d);
    if (d.verdict != MST_VERDICT_VALID || d.reissue) {
        fprintf(stderr, "micro: unexpected decision (verdict %d, reissue %d)\n", d.verdict,
                d.reissue);
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

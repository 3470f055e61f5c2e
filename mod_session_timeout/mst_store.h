/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_store.h: the pure parts of the revocation store (SPEC section 10):
 * the store URL, the key names, the decision "revoked?" from what the store
 * answered, the entries' TTL, and the per-process cache of "not revoked"
 * answers.
 *
 *   keys     mst:v1:CONTEXT:s:SID        a revoked session id, value "1"
 *            mst:v1:CONTEXT:u:USERHASH   a user's cutoff: decimal Unix seconds T,
 *                                        every session of the user with CREATED < T
 *                                        is revoked
 *            mst:v1:CONTEXT:a            everyone's cutoff, same value
 *   USERHASH is base64url(HMAC-SHA256(key i of the ring,
 *            "mst-store-user" NUL CONTEXT NUL USER)): the store never holds a
 *            user name in a reversible form; a lookup asks for the hash of
 *            every key of the ring (so a rotation keeps the cutoffs), a
 *            revocation writes every one of them.
 *
 * The store can only shorten a session: mst_store_revoked() is asked only
 * for a token that is valid otherwise, and what it answers can only turn it
 * into "revoked".
 *
 * Pure core: libc (C11 atomics), APR and OpenSSL (through the key ring) only;
 * no httpd headers, no logging, no clock (`now` is a parameter). Allocation
 * only where a pool is given. */
#ifndef MST_STORE_H
#define MST_STORE_H

#include <apr.h>
#include <apr_pools.h>

#include "mst_keys.h"
#include "mst_limits.h"
#include "mst_seqlock.h"
#include "mst_token.h"

#define MST_STORE_DEFAULT_TIMEOUT_MS 250     /* SessionTimeoutStoreTimeout */
#define MST_STORE_DEFAULT_RETRY      5       /* seconds, SessionTimeoutStoreRetry */
#define MST_STORE_DEFAULT_DELAY_MS   1000    /* SessionTimeoutRevocationDelay */
#define MST_STORE_CONTEXT_MAX        64      /* bytes in a context name */
#define MST_STORE_MEMCACHE_TTL_MAX   2592000 /* 30 days: memcached reads more as a timestamp */
#define MST_STORE_DEFAULT_PORT       6379

typedef enum mst_store_kind {
    MST_STORE_OFF = 0,
    MST_STORE_REDIS,  /* redis://HOST[:PORT][/DB] */
    MST_STORE_SOCACHE /* socache:PROVIDER[:ARGS] */
} mst_store_kind;

/* A parsed SessionTimeoutStore value. Strings point into p's memory. */
typedef struct mst_store_url {
    mst_store_kind kind;
    const char *host;     /* redis: host name or address */
    int port;             /* redis: 1..65535 (default 6379) */
    int db;               /* redis: database number 0..1023 (default 0) */
    const char *provider; /* socache: provider name (dbm, shmcb, memcache, ...) */
    const char *args;     /* socache: provider arguments, NULL for none */
} mst_store_url;

/* Parses "redis://HOST[:PORT][/DB]", "socache:PROVIDER[:ARGS]" or "Off" (any
 * case) into out. Returns NULL or an error (from p) naming the value. No
 * user or password in the URL (SessionTimeoutStoreAuth holds those). */
const char *mst_store_url_parse(apr_pool_t *p, const char *url, mst_store_url *out);

/* Parses a duration that may be given in milliseconds: "250ms", or any
 * duration mst_duration_parse takes ("1", "2s", "1m"), into *ms, which must
 * lie in [min_ms, max_ms]. NULL or an error from p naming the value. */
const char *mst_store_ms_parse(apr_pool_t *p, const char *text, apr_int64_t min_ms,
                               apr_int64_t max_ms, apr_int64_t *ms);

/* Checks a context name: 1 to MST_STORE_CONTEXT_MAX bytes of letters, digits
 * and "._-". NULL or an error from p. */
const char *mst_store_context_check(apr_pool_t *p, const char *name);

/* Splits a redis AUTH text ("PASSWORD" or "USER PASSWORD", already without
 * trailing whitespace) into *user (NULL for the first form) and *password,
 * from p. Returns NULL or an error (an empty text) that never holds the text. */
const char *mst_store_auth_split(apr_pool_t *p, const char *text, const char **user,
                                 const char **password);

/* ---- key names (from p) ---- */
char *mst_store_key_sid(apr_pool_t *p, const char *context, const char *sid);
char *mst_store_key_all(apr_pool_t *p, const char *context);
/* The user key made with key i of ring (0 <= i < mst_keyring_count). */
char *mst_store_key_user(apr_pool_t *p, const mst_keyring *ring, int i, const char *context,
                         const char *user, apr_size_t user_len);

/* ---- the decision ---- */

/* What the store answered for one token. A cutoff is -1 when absent. */
typedef struct mst_store_answer {
    int sid_revoked;         /* the SID entry exists */
    apr_int64_t user_cutoff; /* the latest of the user's cutoffs (over the ring's keys) */
    apr_int64_t all_cutoff;
} mst_store_answer;

/* Parses a cutoff value: 1 to 12 decimal digits, no sign, into *out.
 * Returns 1, or 0 for anything else (a store error: the caller fails as its
 * failure mode says, never "not revoked"). */
int mst_store_value_parse(const char *v, apr_size_t len, apr_int64_t *out);

/* 1 if a token created at `created` is revoked by the answer: its SID is
 * listed, or created < user_cutoff, or created < all_cutoff. */
int mst_store_revoked(const mst_store_answer *a, apr_int64_t created);

/* ---- entry lifetimes ---- */

/* The longest a token may stay valid in a scope: the lifetime, or the
 * inactivity where the lifetime is Off; -1 when both are Off (nothing bounds
 * the entries: such a scope may not use a store). */
apr_int64_t mst_store_scope_bound(const mst_effective *e);

/* Seconds an entry written now must live so that no token it revokes can
 * still be valid: bound (the longest mst_store_scope_bound of the scopes
 * sharing the context) + skew + the revocation delay (rounded up to whole
 * seconds: other servers may accept and refresh a revoked session that long),
 * at least 1, and at most cap when cap > 0 (memcache). Never 0 or negative. */
apr_int64_t mst_store_ttl(apr_int64_t bound, apr_int64_t skew, apr_int64_t delay_ms,
                          apr_int64_t cap);

/* ---- the "not revoked" cache ----
 * One per store per process. A not-revoked answer for a token (SID, CREATED,
 * user) is reused for at most delay; readers and writers take no lock: each
 * slot is a sequence lock (odd while written; a reader that sees the number
 * change retries nothing and misses). A writer that finds a slot being
 * written skips the insert. gen is a generation number that every
 * revocation this server writes increments (the caller keeps it, shared by
 * the processes of a server): an entry of an older generation is a miss, so
 * the server that wrote a revocation enforces it at once. */
#define MST_REVCACHE_SLOTS 4096 /* a power of two */

typedef struct mst_revcache_slot {
    mst_seqword seq;
    mst_seqword w[6]; /* SID (16 bytes), created, user hash, checked_at, gen */
} mst_revcache_slot;

typedef struct mst_revcache {
    apr_int64_t delay_us; /* 0: disabled, every lookup misses */
    mst_revcache_slot slots[MST_REVCACHE_SLOTS];
} mst_revcache;

/* Empties c; delay_ms is how long an answer may be reused. */
void mst_revcache_init(mst_revcache *c, apr_int64_t delay_ms);

/* 1 if a not-revoked answer for t, of generation gen, checked less than
 * delay before now_us (microseconds), is remembered. */
int mst_revcache_hit(mst_revcache *c, const mst_token *t, apr_uint64_t gen, apr_int64_t now_us);

/* Remembers that t was not revoked at checked_us in generation gen (the one
 * read before the store was asked). */
void mst_revcache_put(mst_revcache *c, const mst_token *t, apr_uint64_t gen,
                      apr_int64_t checked_us);

#endif

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_cache.h: a small cache of verified and minted tokens, one per client
 * connection.
 *
 * Pure core: no httpd headers, no allocation, no clock. A browser sends the
 * same cookie on every request of a keep-alive (or HTTP/2) connection, and
 * after we re-issue a cookie its next request carries the token we just
 * minted. Remembering the last verified value and the last minted token lets
 * those requests skip the HMAC (three SHA-256 blocks) while the first request
 * on a connection pays it in full. Only MAC-verified tokens enter the cache,
 * keyed by the exact cookie bytes and the key ring, so a hit proves what a
 * verification would; the clock checks are always redone by the caller.
 * One cache belongs to one connection, which httpd serves from one thread at
 * a time: no locking.
 *
 * Behind it, a cache shared by the threads of one process (mst_shared_cache)
 * catches what the connection's misses: the first request of every new
 * connection, every HTTP/2 stream (mod_http2 gives each its own connection
 * record) and every connection a reverse proxy opens for another client. It
 * holds verified tokens keyed by their exact bytes and the ring, found by
 * value (verify) and by fields (a re-issue of the same session in the same
 * second, as a page's parallel requests do). Lock-free: a sequence lock per
 * slot (mst_seqlock.h); a writer that meets another skips. The compare of a
 * presented value with a slot is constant-time: the slot an attacker's value
 * lands in may hold another user's token, and a compare that stopped at the
 * first differing byte would tell how much of it the attacker had guessed. */
#ifndef MST_CACHE_H
#define MST_CACHE_H

#include <apr.h>

#include "mst_keys.h"
#include "mst_seqlock.h"
#include "mst_token.h"
#include "mst_token_v2.h"

typedef struct mst_cache_entry {
    const mst_keyring *ring; /* ring the token verified with / was minted by; NULL: empty */
    apr_size_t len;          /* bytes in value */
    char value[MST_TOKEN_MAX_LEN + 1];
    mst_token token; /* parsed fields, key_index set */
} mst_cache_entry;

#define MST_SHARED_SLOTS      512 /* a power of two: 266 KB a process */
#define MST_SHARED_SLOT_WORDS 64  /* 512 bytes: a token of up to about 330 bytes */

typedef struct mst_shared_slot {
    mst_seqword seq;
    mst_seqword w[MST_SHARED_SLOT_WORDS];
} mst_shared_slot;

typedef struct mst_shared_cache {
    mst_shared_slot slots[MST_SHARED_SLOTS];
} mst_shared_cache;

/* What answered the last verify call on a cache (for the metrics). */
typedef enum mst_cache_answer {
    MST_CACHE_NONE = 0,       /* no verify call since the caller reset it */
    MST_CACHE_BY_CONNECTION,  /* the connection's entries */
    MST_CACHE_BY_PROCESS,     /* the shared cache */
    MST_CACHE_BY_VERIFICATION /* neither: the token was verified (or refused) */
} mst_cache_answer;

typedef struct mst_token_cache {
    mst_cache_entry presented; /* the last cookie value that verified */
    mst_cache_entry minted;    /* the last token minted */
    mst_shared_cache *shared;  /* the process's, or NULL */
    mst_cache_answer answered; /* by the last verify call; the caller may reset it */
} mst_token_cache;

/* Empties the cache; it has no shared cache behind it. */
void mst_cache_init(mst_token_cache *c);

/* Empties a shared cache (before any thread uses it). */
void mst_shared_init(mst_shared_cache *s);

/* 1 and the token into out if s holds exactly this value verified (or
 * minted) with ring; never verifies. For tests and diagnostics: the verify
 * and mint functions below consult s themselves. */
int mst_shared_find(mst_shared_cache *s, const mst_keyring *ring, const char *value, apr_size_t len,
                    mst_token *out);

/* Puts s behind c: misses of c look in s, verified and minted tokens enter
 * both. s may be NULL. */
void mst_cache_attach(mst_token_cache *c, mst_shared_cache *s);

/* mst_token_verify_mac() through the cache: on a hit copies the remembered
 * token into out; on a miss verifies and, if the MAC verified, remembers the
 * value. Same results as mst_token_verify_mac(). c may be NULL (no caching). */
mst_token_status mst_cache_verify_mac(mst_token_cache *c, const mst_keyring *ring,
                                      const char *value, apr_size_t len, mst_token *out);

/* mst_token_mint() through the cache: returns the token's text (owned by the
 * cache, valid until the next mint on c) and sets *len, or NULL if an input is
 * invalid. A mint of the same ring, SID, times and user as the previous one
 * returns the remembered text. The minted token also verifies from the cache
 * afterwards. */
const char *mst_cache_mint(mst_token_cache *c, const mst_keyring *ring, const char *sid,
                           apr_int64_t created, apr_int64_t last, const char *user,
                           apr_size_t user_len, apr_size_t *len);

/* mst_cache_verify_mac() for the token versions in the mask (mst_token_v2.h):
 * a remembered token is a hit only if its version is in the mask too. Same
 * results as mst_token_verify_mac_versions(); a v2 hit carries the decrypted
 * user. mst_cache_verify_mac() is this with MST_TOKEN_V1. */
mst_token_status mst_cache_verify_mac_versions(mst_token_cache *c, const mst_keyring *ring,
                                               const char *value, apr_size_t len, unsigned versions,
                                               mst_token *out);

/* mst_cache_mint() of a token of version 1 (mst_token_mint) or 2
 * (mst_token_mint_v2, with nonce: 12 random bytes per call; ignored and may
 * be NULL for version 1). A mint of the same version, ring, SID, times and
 * user as the previous one returns the remembered text, whatever the nonce.
 * Returns NULL for another version or an invalid input. mst_cache_mint() is
 * this with version 1. */
const char *mst_cache_mint_version(mst_token_cache *c, const mst_keyring *ring, int version,
                                   const unsigned char *nonce, const char *sid, apr_int64_t created,
                                   apr_int64_t last, const char *user, apr_size_t user_len,
                                   apr_size_t *len);

#endif

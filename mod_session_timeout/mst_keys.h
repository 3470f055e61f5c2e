/* mst_keys.h: secrets, the key ring and HMAC-SHA256.
 *
 * Pure core: APR and OpenSSL libcrypto only, no httpd headers. A key ring is
 * built once at configuration time; for each secret it keeps only the KID and
 * the two prepared HMAC pad states, so verifying a token costs the SHA-256
 * compressions of the message and nothing else (no key schedule, no provider
 * lookup, no heap allocation). The first key signs, every key verifies. The
 * raw secret is wiped as soon as the pads are prepared. A ring is read-only
 * after configuration and safe to share between threads. */
#ifndef MST_KEYS_H
#define MST_KEYS_H

#include <apr_pools.h>

#define MST_SECRET_MIN_LEN 32   /* bytes, after trailing whitespace is removed */
#define MST_SECRET_MAX_LEN 4096 /* bytes read from a secret file at most */
#define MST_KID_LEN        8    /* lowercase hex of the first 4 bytes of SHA-256(secret) */
#define MST_MAC_RAW_LEN    32   /* HMAC-SHA256 output */
#define MST_MAX_KEYS       16   /* secrets in one ring */

typedef struct mst_keyring mst_keyring;

/* An empty ring allocated from p (lives as long as p). */
mst_keyring *mst_keyring_make(apr_pool_t *p);

/* Adds a secret of len bytes as the next key. Trailing whitespace is ignored.
 * Returns NULL, or an error (from p) if the secret is shorter than
 * MST_SECRET_MIN_LEN, duplicates a key already in the ring or the ring is full.
 * The caller keeps ownership of secret and should wipe it afterwards. */
const char *mst_keyring_add(mst_keyring *ring, apr_pool_t *p, const unsigned char *secret,
                            apr_size_t len);

/* Loads a secret named by spec, "file:PATH" or "env:NAME", and adds it to the
 * ring. The bytes read are wiped before returning. Returns NULL or an error
 * string (from p) that names the spec but never contains secret bytes. */
const char *mst_keyring_add_spec(mst_keyring *ring, apr_pool_t *p, const char *spec);

/* Checks the syntax of a secret spec without reading it: NULL or an error. */
const char *mst_secret_spec_check(apr_pool_t *p, const char *spec);

/* Number of keys in the ring (0 for NULL). */
int mst_keyring_count(const mst_keyring *ring);

/* KID of key i as an 8-character NUL-terminated string owned by the ring. */
const char *mst_keyring_kid(const mst_keyring *ring, int i);

/* Index of the key whose KID equals the MST_KID_LEN characters at kid, or -1. */
int mst_keyring_find(const mst_keyring *ring, const char *kid);

/* out = HMAC-SHA256(key i, data[0..len)). */
void mst_keyring_hmac(const mst_keyring *ring, int i, const void *data, apr_size_t len,
                      unsigned char out[MST_MAC_RAW_LEN]);

/* Computes the KID (8 hex chars + NUL) of a secret, ignoring trailing whitespace. */
void mst_secret_kid(const unsigned char *secret, apr_size_t len, char kid[MST_KID_LEN + 1]);

/* For a "file:PATH" spec, NULL if the file can be read by its owner only,
 * an error (from p) naming the file and its mode if group or others may
 * read or write it, since then the key signs sessions for anyone who can read
 * it. Other specs, and files that cannot be stat()ed (the read reports
 * those), give NULL. */
const char *mst_secret_file_private(apr_pool_t *p, const char *spec);

#endif

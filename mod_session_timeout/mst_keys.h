/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_keys.h: secrets, the key ring and HMAC-SHA256.
 *
 * Pure core: APR and OpenSSL libcrypto only, no httpd headers. A key ring is
 * built once at configuration time; for each secret it keeps only the KID and
 * the two prepared HMAC pad states, so verifying a token costs the SHA-256
 * compressions of the message and nothing else (no key schedule, no provider
 * lookup, no heap allocation). The first key signs, every key verifies. The
 * raw secret is wiped as soon as the pads are prepared. A ring is read-only
 * after configuration and safe to share between threads.
 *
 * For token v2 each key also keeps a 32-byte AES-256-GCM key derived from
 * the secret when it is added (HKDF-SHA256, see mst_keyring_seal); like the
 * pads it never leaves this file and is never logged. */
#ifndef MST_KEYS_H
#define MST_KEYS_H

#include <apr_pools.h>

#define MST_SECRET_MIN_LEN 32   /* bytes, after trailing whitespace is removed */
#define MST_SECRET_MAX_LEN 4096 /* bytes read from a secret file at most */
#define MST_KID_LEN        8    /* lowercase hex of the first 4 bytes of SHA-256(secret) */
#define MST_MAC_RAW_LEN    32   /* HMAC-SHA256 output */
#define MST_MAX_KEYS       16   /* secrets in one ring */
#define MST_AEAD_KEY_LEN   32   /* AES-256 key derived from each secret (token v2) */
#define MST_AEAD_NONCE_LEN 12   /* AES-GCM nonce */
#define MST_AEAD_TAG_LEN   16   /* AES-GCM authentication tag */
#define MST_AEAD_INFO      "mod_session_timeout v2 user" /* HKDF info of that key */

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

/* Reads the text named by spec ("file:PATH" or "env:NAME") without trailing
 * whitespace into *out (from p; NULL on error), for secrets that are not
 * keys (the store's password). Returns NULL or an error that names the spec
 * but never holds its bytes. */
const char *mst_secret_spec_read(apr_pool_t *p, const char *spec, char **out);

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

/* AES-256-GCM with the derived key of key i: its key is
 * HKDF-SHA256(IKM = the secret without trailing whitespace, salt = empty,
 * info = MST_AEAD_INFO), 32 bytes, computed once by mst_keyring_add.
 * seal encrypts len bytes of in under nonce with additional data aad and
 * writes ciphertext || tag (len + MST_AEAD_TAG_LEN bytes) to out. open takes
 * that ciphertext || tag as in (len >= MST_AEAD_TAG_LEN bytes) and writes the
 * len - MST_AEAD_TAG_LEN bytes of plaintext to out only if the tag verifies
 * (out is wiped otherwise). Both return 1 on success, 0 on failure. A call
 * allocates and frees one libcrypto cipher context (libcrypto has no
 * caller-allocated GCM context); nothing is kept. Never reuse a nonce with
 * the same key for different data. */
int mst_keyring_seal(const mst_keyring *ring, int i, const unsigned char nonce[MST_AEAD_NONCE_LEN],
                     const void *aad, apr_size_t aad_len, const unsigned char *in, apr_size_t len,
                     unsigned char *out);
int mst_keyring_open(const mst_keyring *ring, int i, const unsigned char nonce[MST_AEAD_NONCE_LEN],
                     const void *aad, apr_size_t aad_len, const unsigned char *in, apr_size_t len,
                     unsigned char *out);

/* Computes the KID (8 hex chars + NUL) of a secret, ignoring trailing whitespace. */
void mst_secret_kid(const unsigned char *secret, apr_size_t len, char kid[MST_KID_LEN + 1]);

/* For a "file:PATH" spec, NULL if the file can be read by its owner only,
 * an error (from p) naming the file and its mode if group or others may
 * read or write it, since then the key signs sessions for anyone who can read
 * it. Other specs, and files that cannot be stat()ed (the read reports
 * those), give NULL. */
const char *mst_secret_file_private(apr_pool_t *p, const char *spec);

#endif

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_keys.c: the key ring: secret loading, KIDs and prepared HMAC-SHA256.
 *
 * Pure core: APR and libcrypto only, see mst_keys.h. We use libcrypto's
 * SHA-256 block functions directly and build HMAC (RFC 2104) from two
 * prepared pad states. The EVP_MAC interface would fetch the algorithm from a
 * provider and allocate a context per call; the pad states are computed once
 * per key at config time and copied by value per request, which is the floor
 * for HMAC cost. The low-level SHA-256 API is deprecated in OpenSSL 3 but kept
 * and assembler-optimised; we ask for it explicitly. The token v2 user key is
 * derived with libcrypto's HKDF when a key is added, and used through EVP's
 * AES-256-GCM. */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/sha.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <apr_file_io.h>
#include <apr_strings.h>

#include "mst_keys.h"

typedef struct mst_key {
    char kid[MST_KID_LEN + 1];
    SHA256_CTX inner; /* state after absorbing key ^ ipad */
    SHA256_CTX outer; /* state after absorbing key ^ opad */
    /* the token v2 user encryption key, derived from the secret (HKDF) */
    unsigned char aead[MST_AEAD_KEY_LEN];
} mst_key;

struct mst_keyring {
    int count;
    mst_key keys[MST_MAX_KEYS];
};

static apr_size_t trimmed_len(const unsigned char *s, apr_size_t len)
{
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
                       s[len - 1] == '\r' || s[len - 1] == '\v' || s[len - 1] == '\f')) {
        len--;
    }
    return len;
}

void mst_secret_kid(const unsigned char *secret, apr_size_t len, char kid[MST_KID_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char digest[SHA256_DIGEST_LENGTH];
    len = trimmed_len(secret, len);
    SHA256(secret, len, digest);
    for (int i = 0; i < MST_KID_LEN / 2; i++) {
        kid[2 * i] = hex[digest[i] >> 4];
        kid[2 * i + 1] = hex[digest[i] & 15];
    }
    kid[MST_KID_LEN] = '\0';
    OPENSSL_cleanse(digest, sizeof(digest));
}

mst_keyring *mst_keyring_make(apr_pool_t *p)
{
    return apr_pcalloc(p, sizeof(mst_keyring));
}

static void prepare_pads(mst_key *key, const unsigned char *secret, apr_size_t len)
{
    unsigned char block[SHA256_CBLOCK];
    unsigned char pad[SHA256_CBLOCK];

    memset(block, 0, sizeof(block));
    if (len > SHA256_CBLOCK) {
        SHA256(secret, len, block); /* RFC 2104: long keys are hashed first */
    } else {
        memcpy(block, secret, len);
    }
    for (int i = 0; i < SHA256_CBLOCK; i++) {
        pad[i] = block[i] ^ 0x36;
    }
    SHA256_Init(&key->inner);
    SHA256_Update(&key->inner, pad, sizeof(pad));
    for (int i = 0; i < SHA256_CBLOCK; i++) {
        pad[i] = block[i] ^ 0x5c;
    }
    SHA256_Init(&key->outer);
    SHA256_Update(&key->outer, pad, sizeof(pad));
    OPENSSL_cleanse(block, sizeof(block));
    OPENSSL_cleanse(pad, sizeof(pad));
}

/* key->aead = HKDF-SHA256(secret, salt empty, MST_AEAD_INFO), RFC 5869. With
 * no salt set libcrypto uses the empty salt, which HMAC pads to the
 * RFC's HashLen zero bytes. Config time only: the context may allocate. */
static int derive_aead_key(mst_key *key, const unsigned char *secret, apr_size_t len)
{
    static const char info[] = MST_AEAD_INFO;
    size_t out_len = sizeof(key->aead);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL);
    int ok = ctx != NULL && len <= INT_MAX && EVP_PKEY_derive_init(ctx) > 0 &&
             EVP_PKEY_CTX_set_hkdf_md(ctx, EVP_sha256()) > 0 &&
             EVP_PKEY_CTX_set1_hkdf_key(ctx, secret, (int)len) > 0 &&
             EVP_PKEY_CTX_add1_hkdf_info(ctx, (const unsigned char *)info,
                                         (int)(sizeof(info) - 1)) > 0 &&
             EVP_PKEY_derive(ctx, key->aead, &out_len) > 0 && out_len == sizeof(key->aead);
    EVP_PKEY_CTX_free(ctx);
    return ok;
}

const char *mst_keyring_add(mst_keyring *ring, apr_pool_t *p, const unsigned char *secret,
                            apr_size_t len)
{
    char kid[MST_KID_LEN + 1];

    len = trimmed_len(secret, len);
    if (len < MST_SECRET_MIN_LEN) {
        return apr_psprintf(p, "the secret is %" APR_SIZE_T_FMT " bytes, at least %d are needed",
                            len, MST_SECRET_MIN_LEN);
    }
    if (ring->count >= MST_MAX_KEYS) {
        return apr_psprintf(p, "at most %d secrets can be configured", MST_MAX_KEYS);
    }
    mst_secret_kid(secret, len, kid);
    if (mst_keyring_find(ring, kid) >= 0) {
        return apr_psprintf(p, "the secret with KID %s is configured twice", kid);
    }
    mst_key *key = &ring->keys[ring->count];
    memcpy(key->kid, kid, sizeof(kid));
    prepare_pads(key, secret, len);
    if (!derive_aead_key(key, secret, len)) {
        OPENSSL_cleanse(key, sizeof(*key));
        return "libcrypto cannot derive the token v2 key (HKDF-SHA256)";
    }
    ring->count++;
    return NULL;
}

const char *mst_secret_spec_check(apr_pool_t *p, const char *spec)
{
    if (strncmp(spec, "file:", 5) == 0 && spec[5] != '\0') {
        return NULL;
    }
    if (strncmp(spec, "env:", 4) == 0 && spec[4] != '\0') {
        return NULL;
    }
    return apr_psprintf(p, "'%s' is not a secret source: use file:PATH or env:NAME", spec);
}

/* The rwx bits of APR's protection (one hex digit per class) as a Unix mode. */
static unsigned unix_mode(apr_fileperms_t prot)
{
    return (unsigned)((((prot >> 8) & 7) << 6) | (((prot >> 4) & 7) << 3) | (prot & 7));
}

const char *mst_secret_file_private(apr_pool_t *p, const char *spec)
{
    const apr_fileperms_t shared = APR_GREAD | APR_GWRITE | APR_WREAD | APR_WWRITE;
    apr_finfo_t fi;

    if (strncmp(spec, "file:", 5) != 0 ||
        apr_stat(&fi, spec + 5, APR_FINFO_PROT | APR_FINFO_TYPE, p) != APR_SUCCESS ||
        fi.filetype != APR_REG || (fi.protection & shared) == 0) {
        return NULL;
    }
    return apr_psprintf(p,
                        "secret file %s has mode %04o: group or others can %s it; make it "
                        "readable by its owner only (chmod 600, owned by root)",
                        spec + 5, unix_mode(fi.protection),
                        (fi.protection & (APR_GREAD | APR_WREAD)) ? "read" : "write");
}

/* Reads at most MST_SECRET_MAX_LEN bytes of a file into buf; returns the
 * length or -1 with *err set. */
static apr_ssize_t read_secret_file(apr_pool_t *p, const char *path, unsigned char *buf,
                                    const char **err)
{
    apr_file_t *f;
    apr_size_t got = 0;
    char msg[120];
    apr_status_t rv = apr_file_open(&f, path, APR_FOPEN_READ | APR_FOPEN_BINARY, 0, p);
    if (rv != APR_SUCCESS) {
        *err = apr_psprintf(p, "cannot read secret file %s: %s", path,
                            apr_strerror(rv, msg, sizeof(msg)));
        return -1;
    }
    /* One byte more than the limit tells an over-long file from a full one. */
    rv = apr_file_read_full(f, buf, MST_SECRET_MAX_LEN + 1, &got);
    apr_file_close(f);
    if (rv != APR_SUCCESS && rv != APR_EOF) {
        *err = apr_psprintf(p, "cannot read secret file %s: %s", path,
                            apr_strerror(rv, msg, sizeof(msg)));
        return -1;
    }
    if (got > MST_SECRET_MAX_LEN) {
        *err = apr_psprintf(p, "secret file %s is longer than %d bytes", path, MST_SECRET_MAX_LEN);
        return -1;
    }
    return (apr_ssize_t)got;
}

/* Reads the secret a spec names (file: or env:, at most MST_SECRET_MAX_LEN
 * bytes) into buf; returns its length, or -1 with *err set. */
static apr_ssize_t read_spec(apr_pool_t *p, const char *spec, unsigned char *buf, const char **err)
{
    apr_ssize_t len;

    if ((*err = mst_secret_spec_check(p, spec)) != NULL) {
        return -1;
    }
    if (spec[0] == 'f') {
        return read_secret_file(p, spec + 5, buf, err);
    }
    const char *value = getenv(spec + 4);
    if (value == NULL) {
        *err = apr_psprintf(p, "environment variable %s is not set", spec + 4);
        return -1;
    }
    len = (apr_ssize_t)strlen(value);
    if (len > MST_SECRET_MAX_LEN) {
        *err = apr_psprintf(p, "environment variable %s is longer than %d bytes", spec + 4,
                            MST_SECRET_MAX_LEN);
        return -1;
    }
    memcpy(buf, value, (size_t)len);
    return len;
}

const char *mst_keyring_add_spec(mst_keyring *ring, apr_pool_t *p, const char *spec)
{
    unsigned char buf[MST_SECRET_MAX_LEN + 1];
    const char *err = NULL;
    apr_ssize_t len = read_spec(p, spec, buf, &err);

    if (len < 0) {
        return err;
    }
    err = mst_keyring_add(ring, p, buf, (apr_size_t)len);
    OPENSSL_cleanse(buf, sizeof(buf));
    return err ? apr_psprintf(p, "%s: %s", spec, err) : NULL;
}

const char *mst_secret_spec_read(apr_pool_t *p, const char *spec, char **out)
{
    unsigned char buf[MST_SECRET_MAX_LEN + 1];
    const char *err = NULL;
    apr_ssize_t len = read_spec(p, spec, buf, &err);

    *out = NULL;
    if (len < 0) {
        return err;
    }
    while (len > 0 && (buf[len - 1] == ' ' || buf[len - 1] == '\t' || buf[len - 1] == '\r' ||
                       buf[len - 1] == '\n')) {
        len--;
    }
    *out = apr_pstrmemdup(p, (const char *)buf, (apr_size_t)len);
    OPENSSL_cleanse(buf, sizeof(buf));
    return NULL;
}

int mst_keyring_count(const mst_keyring *ring)
{
    return ring ? ring->count : 0;
}

const char *mst_keyring_kid(const mst_keyring *ring, int i)
{
    return ring->keys[i].kid;
}

int mst_keyring_find(const mst_keyring *ring, const char *kid)
{
    for (int i = 0; i < ring->count; i++) {
        if (memcmp(ring->keys[i].kid, kid, MST_KID_LEN) == 0) {
            return i;
        }
    }
    return -1;
}

void mst_keyring_hmac(const mst_keyring *ring, int i, const void *data, apr_size_t len,
                      unsigned char out[MST_MAC_RAW_LEN])
{
    SHA256_CTX ctx = ring->keys[i].inner;
    unsigned char inner_digest[SHA256_DIGEST_LENGTH];

    SHA256_Update(&ctx, data, len);
    SHA256_Final(inner_digest, &ctx);
    ctx = ring->keys[i].outer;
    SHA256_Update(&ctx, inner_digest, sizeof(inner_digest));
    SHA256_Final(out, &ctx);
}

int mst_keyring_seal(const mst_keyring *ring, int i, const unsigned char nonce[MST_AEAD_NONCE_LEN],
                     const void *aad, apr_size_t aad_len, const unsigned char *in, apr_size_t len,
                     unsigned char *out)
{
    EVP_CIPHER_CTX *ctx;
    int n = 0, ok;

    if (aad_len > INT_MAX || len > INT_MAX - MST_AEAD_TAG_LEN) {
        return 0;
    }
    ctx = EVP_CIPHER_CTX_new();
    ok = ctx != NULL &&
         EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, ring->keys[i].aead, nonce) == 1 &&
         EVP_EncryptUpdate(ctx, NULL, &n, aad, (int)aad_len) == 1 &&
         (len == 0 || (EVP_EncryptUpdate(ctx, out, &n, in, (int)len) == 1 && n == (int)len)) &&
         EVP_EncryptFinal_ex(ctx, out + len, &n) == 1 && n == 0 &&
         EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, MST_AEAD_TAG_LEN, out + len) == 1;
    EVP_CIPHER_CTX_free(ctx);
    return ok;
}

int mst_keyring_open(const mst_keyring *ring, int i, const unsigned char nonce[MST_AEAD_NONCE_LEN],
                     const void *aad, apr_size_t aad_len, const unsigned char *in, apr_size_t len,
                     unsigned char *out)
{
    unsigned char tag[MST_AEAD_TAG_LEN];
    EVP_CIPHER_CTX *ctx;
    apr_size_t ct_len;
    int n = 0, ok;

    if (len < MST_AEAD_TAG_LEN || aad_len > INT_MAX || len > INT_MAX) {
        return 0;
    }
    ct_len = len - MST_AEAD_TAG_LEN;
    memcpy(tag, in + ct_len, sizeof(tag)); /* the ctrl takes a non-const pointer */
    ctx = EVP_CIPHER_CTX_new();
    ok = ctx != NULL &&
         EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, ring->keys[i].aead, nonce) == 1 &&
         EVP_DecryptUpdate(ctx, NULL, &n, aad, (int)aad_len) == 1 &&
         (ct_len == 0 ||
          (EVP_DecryptUpdate(ctx, out, &n, in, (int)ct_len) == 1 && n == (int)ct_len)) &&
         EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, MST_AEAD_TAG_LEN, tag) == 1 &&
         EVP_DecryptFinal_ex(ctx, out + ct_len, &n) == 1;
    EVP_CIPHER_CTX_free(ctx);
    if (!ok) {
        OPENSSL_cleanse(out, ct_len); /* no unauthenticated plaintext leaves */
    }
    return ok;
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_token_v2.h: token format v2, whose user name is encrypted (README
 * "Token format"), and the functions that accept v1 and v2 side by side.
 *
 *     v2 . KID . SID . CREATED . LAST . EUSER . MAC
 *
 * KID, SID, CREATED, LAST and MAC are as in v1 (mst_token.h), with the same
 * limits; a value over MST_TOKEN_MAX_LEN bytes is invalid. EUSER is the
 * base64url (no padding) of nonce (12 bytes) || ciphertext || tag (16
 * bytes): the UTF-8 user name (0 to 255 bytes) encrypted with AES-256-GCM
 * under the key derived from the secret (HKDF-SHA256, mst_keys.h), with
 * additional data the bytes "v2.KID.SID.CREATED.LAST" (the value up to the
 * '.' before EUSER), so a ciphertext moved into another token does not
 * decrypt. MAC is HMAC-SHA256 of everything before the last '.', as in v1.
 * Verification order: shape, known KID, MAC (constant time), decryption,
 * LAST >= CREATED; the clock is checked separately (mst_token.h) for both
 * versions alike.
 *
 * Which versions a caller accepts is a mask of MST_TOKEN_V1 and
 * MST_TOKEN_V2; the v1 functions of mst_token.h accept v1 only and are
 * unchanged. Pure core like mst_token.h: no clock, no randomness (the mint
 * takes the nonce), caller-provided buffers; the AES-GCM step allocates one
 * libcrypto context per call and frees it (see mst_keyring_seal). */
#ifndef MST_TOKEN_V2_H
#define MST_TOKEN_V2_H

#include <apr.h>

#include "mst_keys.h"
#include "mst_token.h"

/* Bits of an accepted-versions mask. */
#define MST_TOKEN_V1             0x1u
#define MST_TOKEN_V2             0x2u
#define MST_TOKEN_VERSION_BIT(v) (1u << ((v)-1)) /* the bit of mst_token.version v */

/* Bytes of EUSER before base64url: nonce || ciphertext || tag. */
#define MST_EUSER_RAW_MIN (MST_AEAD_NONCE_LEN + MST_AEAD_TAG_LEN) /* 28: the empty name */
#define MST_EUSER_RAW_MAX (MST_EUSER_RAW_MIN + MST_USER_MAX_LEN)  /* 283: a 255-byte name */

/* mst_token_parse for the versions in the mask: never reads past
 * value[len-1], checks neither MAC nor clock. A value that starts with "v2."
 * is parsed as v2 when MST_TOKEN_V2 is accepted, anything else as v1 when
 * MST_TOKEN_V1 is; a version not in the mask is MST_TOKEN_ERR_VERSION (or
 * MST_TOKEN_ERR_SHAPE for a value of another shape). On MST_TOKEN_OK
 * out->version is set; for v2 out->user is empty (user_len 0) because the
 * name is still encrypted, and EUSER has the length of a 0 to 255 byte name
 * (else MST_TOKEN_ERR_USER). */
mst_token_status mst_token_parse_versions(const char *value, apr_size_t len, unsigned versions,
                                          mst_token *out);

/* mst_token_verify_mac for the versions in the mask: parse as above, known
 * KID, MAC (constant time), then for v2 the decryption of EUSER with the key
 * that verified the MAC (MST_TOKEN_ERR_DECRYPT if the tag fails, which no
 * token minted by mst_token_mint_v2 does; MST_TOKEN_ERR_USER if the
 * plaintext is not a valid user name), then LAST >= CREATED. On MST_TOKEN_OK
 * out->key_index is set and out->user holds the decrypted name,
 * NUL-terminated; on MST_TOKEN_ERR_ORDER the name is decrypted too. No
 * plaintext is left in out when decryption fails. */
mst_token_status mst_token_verify_mac_versions(const mst_keyring *ring, const char *value,
                                               apr_size_t len, unsigned versions, mst_token *out);

/* mst_token_mint for v2: the same inputs and checks, plus the nonce, 12
 * bytes that the caller takes from a random source for every mint (the
 * parameter exists so tests are deterministic; a nonce used twice with one
 * key for different names or fields breaks the encryption). Writes a
 * NUL-terminated value into buf of size cap (MST_TOKEN_MAX_LEN + 1 always
 * suffices; a v2 value is at most 483 bytes) and returns its length, or 0
 * if an input is invalid or libcrypto fails. */
apr_size_t mst_token_mint_v2(const mst_keyring *ring, const unsigned char nonce[MST_AEAD_NONCE_LEN],
                             const char *sid, apr_int64_t created, apr_int64_t last,
                             const char *user, apr_size_t user_len, char *buf, apr_size_t cap);

#endif

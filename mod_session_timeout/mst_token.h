/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_token.h: token format v1 (SPEC section 2): strict parse, verify, mint.
 *
 *     v1 . KID . SID . CREATED . LAST . USER . MAC
 *
 * Pure core: APR types, the key ring and the time parser only, no httpd
 * headers, no allocation: every function works on caller-provided buffers,
 * so the same code serves the module, the CLI, the unit tests and the
 * fuzzers. Nothing here reads the clock; `now` is always a parameter. Times
 * are 64-bit Unix seconds (CREATED and LAST have 1 to 12 digits). */
#ifndef MST_TOKEN_H
#define MST_TOKEN_H

#include <apr.h>

#include "mst_duration.h"
#include "mst_keys.h"

#define MST_TOKEN_MAX_LEN 1024 /* longest acceptable cookie value, bytes */
#define MST_SID_RAW_LEN   16   /* random bytes in a session id */
#define MST_SID_LEN       22   /* base64url of MST_SID_RAW_LEN bytes */
#define MST_MAC_LEN       43   /* base64url of MST_MAC_RAW_LEN bytes */
#define MST_USER_MAX_LEN  255  /* bytes of UTF-8 in a user name */
/* MST_TIME_MAX_DIGITS (digits of CREATED and LAST) comes from mst_duration.h. */

/* A parsed token. Invariant after a successful parse: sid is 22 base64url
 * characters; user holds user_len bytes of valid UTF-8 without control
 * characters, NUL-terminated; created and last are in [0, 10^12). */
typedef struct mst_token {
    char kid[MST_KID_LEN + 1];
    char sid[MST_SID_LEN + 1];
    apr_int64_t created;
    apr_int64_t last;
    char user[MST_USER_MAX_LEN + 1];
    apr_size_t user_len;
    apr_size_t signed_len; /* bytes covered by the MAC: everything before the last '.' */
    char mac[MST_MAC_LEN + 1];
    unsigned char mac_raw[MST_MAC_RAW_LEN]; /* the MAC field decoded */
    int key_index;    /* key that verified the MAC (0 = the signing key); -1 if none */
    int last_clamped; /* LAST lay in the future and was set to now (clock step) */
    int version;      /* 1 or 2, from the version field (v2: see mst_token_v2.h) */
} mst_token;

typedef enum {
    MST_TOKEN_OK = 0,
    MST_TOKEN_ERR_LENGTH,      /* empty or longer than MST_TOKEN_MAX_LEN */
    MST_TOKEN_ERR_SHAPE,       /* not seven '.'-separated fields */
    MST_TOKEN_ERR_VERSION,     /* first field is not "v1" */
    MST_TOKEN_ERR_KID,         /* KID is not 8 lowercase hex characters */
    MST_TOKEN_ERR_SID,         /* SID is not base64url of 16 bytes */
    MST_TOKEN_ERR_TIME,        /* CREATED or LAST not 1-12 decimal digits */
    MST_TOKEN_ERR_USER,        /* USER not base64url of a valid user name */
    MST_TOKEN_ERR_MACFORM,     /* MAC field is not base64url of 32 bytes */
    MST_TOKEN_ERR_UNKNOWN_KID, /* no configured key has this KID */
    MST_TOKEN_ERR_MAC,         /* MAC does not match */
    MST_TOKEN_ERR_ORDER,       /* LAST < CREATED */
    MST_TOKEN_ERR_FUTURE,      /* CREATED or LAST later than now + skew */
    MST_TOKEN_ERR_DECRYPT      /* v2: MAC verified but the user does not decrypt */
} mst_token_status;

/* Short lowercase description of a status for logs and the CLI (static). */
const char *mst_token_status_str(mst_token_status st);

/* Parses len bytes of value (need not be NUL-terminated) into out without
 * checking the MAC or the clock. Never reads past value[len-1]. */
mst_token_status mst_token_parse(const char *value, apr_size_t len, mst_token *out);

/* Verification without the clock: parse, known KID, MAC (constant-time
 * compare), LAST >= CREATED. On MST_TOKEN_OK out->key_index says which key
 * verified it (0 = the signing key); on failure it is -1. */
mst_token_status mst_token_verify_mac(const mst_keyring *ring, const char *value, apr_size_t len,
                                      mst_token *out);

/* The clock rule, the only one (the module, the CLI and the tests apply it
 * through mst_session), for a token that passed mst_token_verify_mac:
 * MST_TOKEN_ERR_FUTURE if CREATED is later than now + skew (seconds);
 * otherwise MST_TOKEN_OK, where a LAST later than now + skew (the server
 * clock stepped back) is set to max(now, CREATED) and last_clamped is set.
 * Nothing is gained by that: any request at `now` sets LAST = now anyway. A
 * CREATED beyond the skew still fails, so no session outlives its lifetime
 * by more than the skew. A negative skew counts as 0, so a repaired LAST is
 * always earlier than the LAST it replaces. Exact for every now and skew (no
 * overflow). */
mst_token_status mst_token_check_time(mst_token *t, apr_int64_t now, apr_int64_t skew);

/* Serialises and signs a token with key 0 of the ring from sid (22-char
 * base64url), created, last and user (user_len bytes). Writes a
 * NUL-terminated value into buf of size cap (MST_TOKEN_MAX_LEN + 1 always
 * suffices) and returns its length, or 0 if an input is invalid (no key, bad
 * SID, negative or over-12-digit time, LAST < CREATED, invalid user). */
apr_size_t mst_token_mint(const mst_keyring *ring, const char *sid, apr_int64_t created,
                          apr_int64_t last, const char *user, apr_size_t user_len, char *buf,
                          apr_size_t cap);

/* Encodes MST_SID_RAW_LEN random bytes as a session id (MST_SID_LEN + 1 bytes). */
void mst_sid_encode(const unsigned char raw[MST_SID_RAW_LEN], char sid[MST_SID_LEN + 1]);

/* 1 if len bytes of user form a valid user name: at most MST_USER_MAX_LEN
 * bytes of well-formed UTF-8 (no overlongs, surrogates or code points above
 * U+10FFFF) without control characters (U+0000-U+001F, U+007F-U+009F).
 * allow_empty says whether the empty name is valid (tokens: yes; start
 * headers: no). */
int mst_user_valid(const char *user, apr_size_t len, int allow_empty);

#endif

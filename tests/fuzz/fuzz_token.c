/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* fuzz_token.c: libFuzzer target for the token v1 parser and the module's
 * verification of one cookie value (mst_token_parse, mst_session_find_value,
 * mst_session_decide, mst_session_status_json; SPEC sections 2, 4 and 5).
 *
 * Input: the cookie value, optionally followed by a NUL byte and a trailer of
 * up to 16 bytes: now (8 bytes, little-endian int64) and skew (8 bytes). With
 * no trailer now is 1764000600 and skew 30 s, so the SPEC vectors verify.
 * The value is handed over in an exact-size heap copy, so any read past len
 * is an ASan error.
 *
 * The ring is built once from two fixed secrets: key 0 is the SPEC secret,
 * key 1 another one. Properties checked:
 * - a failed parse fails verification with the same status (the empty value
 *   is no cookie at all); a parsed token has the shape the header promises
 *   (22-char SID, times below 10^12, a valid NUL-terminated user, a 43-char
 *   MAC, signed_len at the last '.');
 * - verification only adds KID/MAC/order/future failures to a good parse,
 *   a NULL ring knows no KID, and the token cache (cold, then warm) changes
 *   nothing;
 * - it is mst_token_verify_mac followed by the clock rule, which fails only
 *   for a CREATED later than now + skew; a LAST later than that is set to
 *   max(now, CREATED) and flagged, anything else is left alone;
 * - on MST_TOKEN_OK: the KID is the verifying key's, the user is valid,
 *   LAST >= CREATED, CREATED is not later than now + skew nor is LAST unless
 *   it was clamped (computed without overflow), and re-minting the fields
 *   with the key that verified (key 0, or key 1 through a ring that signs
 *   with it) reproduces the input byte for byte when the times are spelled
 *   canonically (no leading zeros) and LAST was not clamped, and otherwise
 *   gives a token with the same fields that verifies again;
 * - the decision, for passive, counting and keep-alive requests under a few
 *   fixed limits, is mst_policy_decide on what verification found (a
 *   keep-alive with the refresh interval 0), is valid only for MST_TOKEN_OK,
 *   and the status JSON says "active":true exactly when it is valid; this
 *   only for a now in [0, 10^13) and a skew in [0, MST_DURATION_MAX], the
 *   clocks a server can have (the policy's arithmetic assumes them). */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "mst_b64url.h"
#include "mst_keys.h"
#include "mst_session.h"
#include "mst_token.h"

#define DEFAULT_NOW  APR_INT64_C(1764000600)
#define DEFAULT_SKEW APR_INT64_C(MST_DEFAULT_SKEW)

static const char secret0[] = "0123456789abcdef0123456789abcdef"; /* SPEC test secret */
static const char secret1[] = "fuzz-second-key-fuzz-second-key-0123";

static mst_keyring *verify_ring;  /* key 0 = secret0, key 1 = secret1 */
static mst_keyring *sign_ring[2]; /* sign_ring[k] signs with key k of verify_ring */

static mst_keyring *ring_of(apr_pool_t *p, const char *first, const char *second)
{
    mst_keyring *ring = mst_keyring_make(p);
    FUZZ_CHECK(mst_keyring_add(ring, p, (const unsigned char *)first, strlen(first)) == NULL);
    if (second != NULL) {
        FUZZ_CHECK(mst_keyring_add(ring, p, (const unsigned char *)second, strlen(second)) == NULL);
    }
    return ring;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static apr_pool_t *ring_pool;
    (void)argc;
    (void)argv;
    /* A root pool of its own: clearing the per-input pool must not free the rings. */
    (void)fuzz_pool();
    FUZZ_CHECK(apr_pool_create(&ring_pool, NULL) == APR_SUCCESS);
    verify_ring = ring_of(ring_pool, secret0, secret1);
    sign_ring[0] = verify_ring;
    sign_ring[1] = ring_of(ring_pool, secret1, NULL);
    FUZZ_CHECK(strcmp(mst_keyring_kid(verify_ring, 0), "3eb1bd43") == 0);
    FUZZ_CHECK(strcmp(mst_keyring_kid(verify_ring, 1), mst_keyring_kid(sign_ring[1], 0)) == 0);
    return 0;
}

/* 1 if t is later than now + skew, computed without overflow. */
/* t later than now + skew, exactly; a negative skew counts as 0 (the rule's
 * contract, mst_token.h). */
static int after(apr_int64_t t, apr_int64_t now, apr_int64_t skew)
{
    return (__int128)t > (__int128)now + (__int128)(skew < 0 ? 0 : skew);
}

static mst_session_ctx ctx_of(const mst_keyring *ring, mst_token_cache *cache, apr_int64_t now,
                              apr_int64_t skew)
{
    mst_session_ctx ctx;
    ctx.keys = ring;
    ctx.cache = cache;
    ctx.cookie_name = NULL;
    ctx.cookie_name_len = 0;
    ctx.now = now;
    ctx.skew = skew;
    ctx.versions = 0;
    ctx.mint_version = 0;
    return ctx;
}

/* What the module finds for one cookie value. */
static void verify(const mst_keyring *ring, mst_token_cache *cache, const char *v, size_t len,
                   apr_int64_t now, apr_int64_t skew, mst_session *out)
{
    mst_session_ctx ctx = ctx_of(ring, cache, now, skew);
    mst_session_find_value(&ctx, v, len, out);
    FUZZ_CHECK(out->now == now);
    FUZZ_CHECK(out->has_token == (len > 0));
}

/* 1 if the CREATED and LAST fields of a token that parsed are spelled
 * without leading zeros (the only spelling freedom the format has). */
static int times_canonical(const char *v, size_t len)
{
    size_t field = 0, begin = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || v[i] == '.') {
            if ((field == 3 || field == 4) && i - begin > 1 && v[begin] == '0') {
                return 0;
            }
            field++;
            begin = i + 1;
        }
    }
    return 1;
}

static void check_parsed_shape(const char *v, size_t len, const mst_token *t)
{
    unsigned char raw[MST_SID_RAW_LEN + 1];
    const char *last_dot = NULL;

    for (size_t i = 0; i < len; i++) {
        if (v[i] == '.') {
            last_dot = v + i;
        }
    }
    FUZZ_CHECK(strlen(t->kid) == MST_KID_LEN && memcmp(t->kid, v + 3, MST_KID_LEN) == 0);
    FUZZ_CHECK(strlen(t->sid) == MST_SID_LEN);
    FUZZ_CHECK(mst_b64url_decode(raw, sizeof(raw), t->sid, MST_SID_LEN) == MST_SID_RAW_LEN);
    FUZZ_CHECK(t->created >= 0 && t->created < APR_INT64_C(1000000000000));
    FUZZ_CHECK(t->last >= 0 && t->last < APR_INT64_C(1000000000000));
    FUZZ_CHECK(t->user_len <= MST_USER_MAX_LEN && strlen(t->user) == t->user_len);
    FUZZ_CHECK(mst_user_valid(t->user, t->user_len, 1));
    FUZZ_CHECK(strlen(t->mac) == MST_MAC_LEN);
    FUZZ_CHECK(last_dot != NULL && t->signed_len == (apr_size_t)(last_dot - v));
    FUZZ_CHECK(memcmp(t->mac, last_dot + 1, MST_MAC_LEN) == 0 && len == t->signed_len + 44);
}

static void check_verified(const char *v, size_t len, const mst_token *t, apr_int64_t now,
                           apr_int64_t skew)
{
    char buf[MST_TOKEN_MAX_LEN + 1];
    apr_size_t n;
    mst_token reparsed;
    mst_session again;

    FUZZ_CHECK(t->key_index == 0 || t->key_index == 1);
    FUZZ_CHECK(strcmp(t->kid, mst_keyring_kid(verify_ring, t->key_index)) == 0);
    FUZZ_CHECK(mst_user_valid(t->user, t->user_len, 1));
    FUZZ_CHECK(t->last >= t->created);
    FUZZ_CHECK(!after(t->created, now, skew) && (!after(t->last, now, skew) || t->last_clamped));

    /* Re-mint with the key that verified. */
    n = mst_token_mint(sign_ring[t->key_index], t->sid, t->created, t->last, t->user, t->user_len,
                       buf, sizeof(buf));
    FUZZ_CHECK(n > 0 && n <= MST_TOKEN_MAX_LEN && strlen(buf) == n);
    if (times_canonical(v, len) && !t->last_clamped) {
        FUZZ_CHECK(n == len && memcmp(buf, v, len) == 0);
    } else {
        FUZZ_CHECK(mst_token_parse(buf, n, &reparsed) == MST_TOKEN_OK);
        FUZZ_CHECK(strcmp(reparsed.sid, t->sid) == 0 && reparsed.created == t->created &&
                   reparsed.last == t->last && reparsed.user_len == t->user_len &&
                   memcmp(reparsed.user, t->user, t->user_len) == 0);
    }
    verify(verify_ring, NULL, buf, n, now, skew, &again);
    FUZZ_CHECK(again.status == MST_TOKEN_OK);
    FUZZ_CHECK(again.token.key_index == t->key_index);
    FUZZ_CHECK(again.token.created == t->created);
    if (!t->last_clamped) {
        FUZZ_CHECK(!again.token.last_clamped && again.token.last == t->last);
    }
}

/* Verification is mst_token_verify_mac then the clock rule, which only
 * forgives a future LAST. */
static void check_split(const char *v, size_t len, apr_int64_t now, apr_int64_t skew,
                        const mst_session *s)
{
    mst_token mac;
    mst_token_status mst = mst_token_verify_mac(verify_ring, v, len, &mac);

    FUZZ_CHECK(mst == MST_TOKEN_OK || mst == MST_TOKEN_ERR_UNKNOWN_KID ||
               mst == MST_TOKEN_ERR_MAC || mst == MST_TOKEN_ERR_ORDER);
    if (mst != MST_TOKEN_OK) {
        FUZZ_CHECK(s->status == mst);
        return;
    }
    FUZZ_CHECK(mac.key_index == 0 || mac.key_index == 1);
    FUZZ_CHECK(mac.last >= mac.created && !mac.last_clamped);
    FUZZ_CHECK((s->status == MST_TOKEN_ERR_FUTURE) == after(mac.created, now, skew));
    FUZZ_CHECK(s->status == MST_TOKEN_OK || s->status == MST_TOKEN_ERR_FUTURE);
    if (s->status != MST_TOKEN_OK) {
        FUZZ_CHECK(s->token.key_index == -1);
        return;
    }
    FUZZ_CHECK(s->token.created == mac.created && s->token.key_index == mac.key_index);
    if (after(mac.last, now, skew)) {
        FUZZ_CHECK(s->token.last_clamped);
        FUZZ_CHECK(s->token.last == (now > mac.created ? now : mac.created));
        FUZZ_CHECK(s->token.last >= s->token.created);
        FUZZ_CHECK(s->token.last < mac.last); /* a repair only moves LAST back */
    } else {
        FUZZ_CHECK(!s->token.last_clamped && s->token.last == mac.last);
    }
}

static int same_decision(const mst_decision *a, const mst_decision *b)
{
    return a->verdict == b->verdict && a->reissue == b->reissue && a->new_last == b->new_last &&
           a->expires_in == b->expires_in && a->limit == b->limit &&
           a->lifetime_left == b->lifetime_left && a->inactivity_left == b->inactivity_left &&
           a->warn == b->warn;
}

/* The same session through a cold and then a warm cache. */
static void check_cache(const char *v, size_t len, apr_int64_t now, apr_int64_t skew,
                        const mst_session *s)
{
    static mst_token_cache cache;
    mst_session c;
    mst_cache_init(&cache);
    for (int round = 0; round < 2; round++) {
        verify(verify_ring, &cache, v, len, now, skew, &c);
        FUZZ_CHECK(c.status == s->status && c.token.key_index == s->token.key_index);
        if (s->status == MST_TOKEN_OK) {
            FUZZ_CHECK(c.token.created == s->token.created && c.token.last == s->token.last &&
                       c.token.last_clamped == s->token.last_clamped &&
                       strcmp(c.token.user, s->token.user) == 0);
        }
    }
}

/* The decision under a few limits and every activity, against the policy. */
static void check_decisions(mst_session *s)
{
    static const mst_effective limits[] = {
        {86400, MST_DURATION_OFF, 300, 60}, /* the defaults */
        {86400, 3600, 300, 60},
        {MST_DURATION_OFF, MST_DURATION_OFF, MST_DURATION_OFF, 0},
        {1, 1, 0, 0},
    };
    static const mst_activity acts[] = {MST_ACTIVITY_PASSIVE, MST_ACTIVITY_COUNTS,
                                        MST_ACTIVITY_KEEPALIVE};
    apr_pool_t *p = fuzz_pool();

    for (size_t l = 0; l < sizeof(limits) / sizeof(limits[0]); l++) {
        for (size_t a = 0; a < sizeof(acts) / sizeof(acts[0]); a++) {
            mst_effective forced = limits[l];
            mst_decision d;
            const char *json;
            if (acts[a] == MST_ACTIVITY_KEEPALIVE) {
                forced.refresh = 0;
            }
            mst_session_decide(s, &limits[l], acts[a]);
            mst_policy_decide(&forced, s->has_token ? &s->token : NULL, s->status, s->now,
                              acts[a] != MST_ACTIVITY_PASSIVE, &d);
            FUZZ_CHECK(same_decision(&d, &s->decision));
            FUZZ_CHECK(s->decision.verdict != MST_VERDICT_VALID || s->status == MST_TOKEN_OK);
            FUZZ_CHECK(s->decision.verdict != MST_VERDICT_MISSING || !s->has_token);
            if (s->decision.verdict == MST_VERDICT_VALID && acts[a] == MST_ACTIVITY_PASSIVE) {
                FUZZ_CHECK(s->decision.new_last == s->token.last);
            }
            json = mst_session_status_json(p, s);
            FUZZ_CHECK((strncmp(json, "{\"active\":true,", 15) == 0) ==
                       (s->decision.verdict == MST_VERDICT_VALID));
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t len = nul ? (size_t)(nul - data) : size;
    apr_int64_t now = DEFAULT_NOW, skew = DEFAULT_SKEW;
    char *value;
    mst_token parsed;
    mst_session verified, unkeyed;
    mst_token_status pst, vst;

    if (nul != NULL) {
        size_t rest = size - len - 1;
        now = fuzz_read_i64(nul + 1, rest);
        skew = rest > 8 ? fuzz_read_i64(nul + 9, rest - 8) : 0;
    }
    value = fuzz_dup_exact(data, len);

    pst = mst_token_parse(value, len, &parsed);
    verify(verify_ring, NULL, value, len, now, skew, &verified);
    vst = verified.status;
    if (pst != MST_TOKEN_OK) {
        FUZZ_CHECK(vst == pst);
        FUZZ_CHECK(parsed.key_index == -1 && verified.token.key_index == -1);
    } else {
        check_parsed_shape(value, len, &parsed);
        verify(NULL, NULL, value, len, now, skew, &unkeyed);
        FUZZ_CHECK(unkeyed.status == MST_TOKEN_ERR_UNKNOWN_KID);
        FUZZ_CHECK(vst == MST_TOKEN_OK || vst == MST_TOKEN_ERR_UNKNOWN_KID ||
                   vst == MST_TOKEN_ERR_MAC || vst == MST_TOKEN_ERR_ORDER ||
                   vst == MST_TOKEN_ERR_FUTURE);
        check_split(value, len, now, skew, &verified);
        if (vst == MST_TOKEN_OK) {
            check_verified(value, len, &verified.token, now, skew);
        } else {
            FUZZ_CHECK(verified.token.key_index == -1);
        }
    }
    check_cache(value, len, now, skew, &verified);
    if (now >= 0 && now < APR_INT64_C(10000000000000) && skew >= 0 && skew <= MST_DURATION_MAX) {
        check_decisions(&verified); /* a clock a server could have: the policy's arithmetic
                                       assumes it */
    }
    FUZZ_CHECK(mst_token_status_str(vst) != NULL);

    free(value);
    apr_pool_clear(fuzz_pool());
    return 0;
}

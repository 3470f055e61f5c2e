/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* fuzz_cookie.c: libFuzzer target for the Cookie header scanner
 * (mst_cookie_next), the module's choice of our cookie in a header
 * (mst_session_find, mst_session_evaluate) and the cookie name/attribute
 * checks.
 *
 * Input: arbitrary header text. Two scans are made per input:
 * 1. the whole input (NUL-terminated copy) for the fixed name
 *    "session_timeout";
 * 2. if the input contains '\n', the text before it is the cookie name (an
 *    exact-size copy, so memcmp past name_len is an ASan error) and the text
 *    after it the header.
 * Properties: every returned value lies within the header text (up to its
 * NUL), has no ';' or ',' and no leading/trailing blanks; the cursor stays
 * inside the text and moves forward on every hit, so the loop ends; and the
 * hits, in order, are exactly those of an independent reference scan (pairs
 * split on ';' only, a value of ours ended by ',' too, trim, compare the name
 * before the first '='). The session
 * found in the same header, with the SPEC key and a second one at now =
 * 1764000600 (the seeds hold valid tokens), is the rule applied to the
 * reference hits: empty values skipped, the first non-empty value that
 * verifies on its own (mst_session_find_value) wins, else the status of the
 * last one; without a cache, with a cold and a warm one alike. Name and
 * attribute checkers and the Set-Cookie formatter run on the same text for
 * crashes. */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "mst_cookie.h"
#include "mst_keys.h"
#include "mst_session.h"

#define NOW APR_INT64_C(1764000600)

static const char fixed_name[] = "session_timeout";
static const char secret0[] = "0123456789abcdef0123456789abcdef"; /* SPEC test secret */
static const char secret1[] = "fuzz-second-key-fuzz-second-key-0123";
static mst_keyring *ring;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static apr_pool_t *ring_pool;
    (void)argc;
    (void)argv;
    (void)fuzz_pool();
    FUZZ_CHECK(apr_pool_create(&ring_pool, NULL) == APR_SUCCESS);
    ring = mst_keyring_make(ring_pool);
    FUZZ_CHECK(mst_keyring_add(ring, ring_pool, (const unsigned char *)secret0, strlen(secret0)) ==
               NULL);
    FUZZ_CHECK(mst_keyring_add(ring, ring_pool, (const unsigned char *)secret1, strlen(secret1)) ==
               NULL);
    return 0;
}

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* Reference scan (see mst_cookie.h): pairs end at ';' only; the value of a
 * cookie of ours ends at ';' or ',' and the scan goes on right after it;
 * blanks, ';' and ',' before a pair are skipped. Offset and length of the
 * k-th (0-based) value of name in hdr, or 0 when there are fewer than k+1. */
static int ref_nth(const char *hdr, const char *name, size_t name_len, size_t k, size_t *off,
                   size_t *vlen)
{
    size_t hlen = strlen(hdr), i = 0, found = 0;
    while (i < hlen) {
        size_t end, eq, ne;
        while (i < hlen && (is_ows(hdr[i]) || hdr[i] == ';' || hdr[i] == ',')) {
            i++;
        }
        for (end = i; end < hlen && hdr[end] != ';'; end++) {
        }
        for (eq = i; eq < end && hdr[eq] != '='; eq++) {
        }
        ne = eq;
        while (ne > i && is_ows(hdr[ne - 1])) {
            ne--;
        }
        if (eq < end && ne - i == name_len && memcmp(hdr + i, name, name_len) == 0) {
            size_t vb = eq + 1, ve = eq + 1;
            while (ve < hlen && hdr[ve] != ';' && hdr[ve] != ',') {
                ve++;
            }
            i = ve;
            while (vb < ve && is_ows(hdr[vb])) {
                vb++;
            }
            while (ve > vb && is_ows(hdr[ve - 1])) {
                ve--;
            }
            if (found++ == k) {
                *off = vb;
                *vlen = ve - vb;
                return 1;
            }
            continue;
        }
        i = end;
    }
    return 0;
}

static void scan(const char *hdr, const char *name, size_t name_len)
{
    const char *cursor = hdr, *value;
    const char *text_end = hdr + strlen(hdr);
    apr_size_t vlen;
    size_t hits = 0, off, rlen;

    while (mst_cookie_next(&cursor, name, name_len, &value, &vlen)) {
        FUZZ_CHECK(value >= hdr && value <= text_end);
        FUZZ_CHECK(vlen <= (size_t)(text_end - value));
        FUZZ_CHECK(memchr(value, ';', vlen) == NULL && memchr(value, ',', vlen) == NULL);
        FUZZ_CHECK(memchr(value, '\0', vlen) == NULL);
        FUZZ_CHECK(vlen == 0 || (!is_ows(value[0]) && !is_ows(value[vlen - 1])));
        FUZZ_CHECK(cursor >= value + vlen && cursor <= text_end);
        FUZZ_CHECK(ref_nth(hdr, name, name_len, hits, &off, &rlen));
        FUZZ_CHECK(off == (size_t)(value - hdr) && rlen == vlen);
        hits++;
        FUZZ_CHECK(hits <= (size_t)(text_end - hdr) + 1);
    }
    FUZZ_CHECK(cursor == NULL || (cursor >= hdr && cursor <= text_end));
    FUZZ_CHECK(!ref_nth(hdr, name, name_len, hits, &off, &rlen));
}

static mst_session_ctx ctx_of(const char *name, size_t name_len, mst_token_cache *cache)
{
    mst_session_ctx ctx;
    ctx.keys = ring;
    ctx.cache = cache;
    ctx.cookie_name = name;
    ctx.cookie_name_len = name_len;
    ctx.now = NOW;
    ctx.skew = MST_DEFAULT_SKEW;
    ctx.versions = 0;
    ctx.mint_version = 0;
    return ctx;
}

/* The session in hdr against the rule applied to the reference hits. */
static void check_session(const char *hdr, const char *name, size_t name_len)
{
    static const mst_effective limits = {86400, 3600, 300, 60};
    static mst_token_cache cache;
    mst_session_ctx ctx = ctx_of(name, name_len, NULL);
    int has = 0;
    mst_token_status want = MST_TOKEN_ERR_LENGTH;
    mst_session want_s, s;
    size_t off, vlen;

    for (size_t k = 0; ref_nth(hdr, name, name_len, k, &off, &vlen); k++) {
        if (vlen == 0) {
            continue;
        }
        mst_session_find_value(&ctx, hdr + off, vlen, &want_s);
        has = 1;
        want = want_s.status;
        if (want == MST_TOKEN_OK) {
            break;
        }
    }
    mst_cache_init(&cache);
    for (int m = 0; m < 3; m++) {
        ctx = ctx_of(name, name_len, m == 0 ? NULL : &cache);
        mst_session_evaluate(&ctx, hdr, &limits, MST_ACTIVITY_COUNTS, &s);
        FUZZ_CHECK(s.has_token == has && s.status == want);
        FUZZ_CHECK((s.decision.verdict == MST_VERDICT_MISSING) == !has);
        if (want == MST_TOKEN_OK) {
            FUZZ_CHECK(s.token.key_index == want_s.token.key_index &&
                       s.token.created == want_s.token.created &&
                       s.token.last == want_s.token.last &&
                       strcmp(s.token.sid, want_s.token.sid) == 0 &&
                       strcmp(s.token.user, want_s.token.user) == 0);
        } else {
            FUZZ_CHECK(s.token.key_index == -1 && s.decision.verdict != MST_VERDICT_VALID);
        }
    }
    mst_session_find(&ctx, NULL, &s);
    FUZZ_CHECK(!s.has_token && s.status == MST_TOKEN_ERR_LENGTH);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fuzz_pool();
    char *whole = fuzz_dup_cstr(data, size);
    const uint8_t *nl = memchr(data, '\n', size);

    scan(whole, fixed_name, strlen(fixed_name));
    check_session(whole, fixed_name, strlen(fixed_name));
    (void)mst_cookie_attrs_check(p, whole);

    if (nl != NULL) {
        size_t name_len = (size_t)(nl - data);
        char *name = fuzz_dup_exact(data, name_len);
        char *name_c = fuzz_dup_cstr(data, name_len);
        char *hdr = fuzz_dup_cstr(nl + 1, size - name_len - 1);
        char *set;

        scan(hdr, name, name_len);
        check_session(hdr, name, name_len);
        if (mst_cookie_name_check(p, name_c) == NULL) {
            FUZZ_CHECK(name_c[0] != '\0' && strpbrk(name_c, "=; \t\r\n,") == NULL);
        }
        set = mst_cookie_format(p, name_c, hdr, hdr, 1, 0);
        FUZZ_CHECK(strncmp(set, name_c, strlen(name_c)) == 0);
        set = mst_cookie_format(p, name_c, hdr, NULL, 0, 1);
        FUZZ_CHECK(strstr(set, "; Max-Age=0") != NULL);
        free(name);
        free(name_c);
        free(hdr);
    }

    free(whole);
    apr_pool_clear(p);
    return 0;
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* test_b64url.c: CUnit suite for mst_b64url.c, the strict unpadded base64url
 * codec. Inputs to the decoder are copied into buffers of exactly their
 * length (no NUL terminator), so valgrind reports any read past len. */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <openssl/evp.h>

#include "mst_b64url.h"
#include "unit_fixture.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* A malloc'd copy of len bytes of s without a terminator. */
static char *exact_copy(const char *s, size_t len)
{
    char *p = malloc(len ? len : 1);
    CU_ASSERT_FATAL(p != NULL);
    memcpy(p, s, len);
    return p;
}

/* Decodes len bytes of s from an exact-size copy. */
static apr_ssize_t decode_exact(unsigned char *dst, apr_size_t cap, const char *s, size_t len)
{
    char *copy = exact_copy(s, len);
    apr_ssize_t n = mst_b64url_decode(dst, cap, copy, len);
    free(copy);
    return n;
}

/* The reference encoding: OpenSSL's padded standard base64, translated. */
static size_t reference_encode(char *dst, const unsigned char *src, size_t n)
{
    size_t len = (size_t)EVP_EncodeBlock((unsigned char *)dst, src, (int)n);
    for (size_t i = 0; i < len; i++) {
        dst[i] = dst[i] == '+' ? '-' : dst[i] == '/' ? '_' : dst[i];
    }
    while (len > 0 && dst[len - 1] == '=') {
        len--;
    }
    dst[len] = '\0';
    return len;
}

static void test_round_trip_lengths(void)
{
    for (size_t n = 0; n <= 40; n++) {
        unsigned char src[40], back[41];
        char ref[64];
        size_t enc_len = MST_B64URL_ENCODED_LEN(n);
        char *enc = malloc(enc_len + 1); /* exactly what the header asks for */

        CU_ASSERT_FATAL(enc != NULL);
        for (size_t i = 0; i < n; i++) {
            src[i] = (unsigned char)(i * 37 + n * 11 + (i % 3 == 0 ? 0xf0 : 0));
        }
        MST_CHECK(mst_b64url_encode(enc, src, n) == enc_len, "n=%zu", n);
        MST_CHECK(enc[enc_len] == '\0', "n=%zu", n);
        MST_CHECK(strspn(enc, alphabet) == enc_len, "n=%zu", n);
        MST_CHECK(reference_encode(ref, src, n) == enc_len && strcmp(ref, enc) == 0, "n=%zu", n);
        MST_CHECK(decode_exact(back, n, enc, enc_len) == (apr_ssize_t)n, "n=%zu", n);
        MST_CHECK(memcmp(back, src, n) == 0, "n=%zu", n);
        if (n > 0) {
            MST_CHECK(decode_exact(back, n - 1, enc, enc_len) == -1, "cap n-1, n=%zu", n);
        }
        free(enc);
    }
}

static void test_known_vectors(void)
{
    /* columns: raw bytes, raw length, encoding (RFC 4648 section 10 and the URL-safe pair) */
    static const struct {
        const char *raw;
        size_t len;
        const char *enc;
    } rows[] = {
        {"", 0, ""},
        {"f", 1, "Zg"},
        {"fo", 2, "Zm8"},
        {"foo", 3, "Zm9v"},
        {"foob", 4, "Zm9vYg"},
        {"fooba", 5, "Zm9vYmE"},
        {"foobar", 6, "Zm9vYmFy"},
        {"\xfb\xff", 2, "-_8"},
        {"\xff\xff\xff", 3, "____"},
        {"\x00\x00\x00", 3, "AAAA"},
        {"\xfb\xef\xbe", 3, "----"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char enc[16];
        unsigned char raw[16];
        size_t elen = strlen(rows[i].enc);
        MST_CHECK(mst_b64url_encode(enc, (const unsigned char *)rows[i].raw, rows[i].len) == elen,
                  "%s", rows[i].enc);
        MST_CHECK(strcmp(enc, rows[i].enc) == 0, "%s", rows[i].enc);
        MST_CHECK(decode_exact(raw, sizeof(raw), rows[i].enc, elen) == (apr_ssize_t)rows[i].len,
                  "%s", rows[i].enc);
        MST_CHECK(memcmp(raw, rows[i].raw, rows[i].len) == 0, "%s", rows[i].enc);
    }
}

static void test_rejects(void)
{
    /* columns: input, its length (may include a NUL), why it must be refused */
    static const struct {
        const char *in;
        size_t len;
        const char *why;
    } rows[] = {
        {"Zg==", 4, "padding"},
        {"Zg=", 3, "padding, short"},
        {"Zm8=", 4, "padding one"},
        {"=", 1, "padding only"},
        {"Zm9v====", 8, "padding after a full group"},
        {"Zm+v", 4, "'+' is standard base64"},
        {"Zm/v", 4, "'/' is standard base64"},
        {"Zm v", 4, "space"},
        {"Zm9v\n", 5, "newline"},
        {"Zm\0v", 4, "NUL inside len"},
        {"\0\0\0\0", 4, "all NUL"},
        {"Zm\xffv", 4, "high byte 0xff"},
        {"Zm\x80v", 4, "high byte 0x80"},
        {"Zm.v", 4, "dot"},
        {"Z", 1, "len%4==1"},
        {"Zm9vY", 5, "len%4==1 after a group"},
        {"Zm9vYmFyZ", 9, "len%4==1 after two groups"},
        {"Zh", 2, "non-zero trailing bits (1 byte)"},
        {"Zv", 2, "non-zero trailing bits, low bit (1 byte)"},
        {"Zm9", 3, "non-zero trailing bits (2 bytes)"},
        {"Zm-", 3, "non-zero trailing bits in '-' (2 bytes)"},
        {"AAAAAB", 6, "trailing bits after a group"},
        {"Z=", 2, "padding char as data"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        unsigned char out[16];
        MST_CHECK(decode_exact(out, sizeof(out), rows[i].in, rows[i].len) == -1, "%s", rows[i].why);
    }
}

static void test_every_byte_value(void)
{
    /* "AAA" + c decodes iff c is in the alphabet (and c is not NUL) */
    for (int c = 0; c < 256; c++) {
        char in[4] = {'A', 'A', 'A', (char)c};
        unsigned char out[3];
        int in_alphabet = c != 0 && strchr(alphabet, c) != NULL;
        apr_ssize_t n = decode_exact(out, sizeof(out), in, sizeof(in));
        MST_CHECK(n == (in_alphabet ? 3 : -1), "byte 0x%02x", c);
        if (in_alphabet) {
            MST_CHECK(out[2] == (unsigned char)(strchr(alphabet, c) - alphabet), "byte 0x%02x", c);
        }
    }
}

static void test_capacity(void)
{
    /* columns: input, capacity, expected result */
    static const struct {
        const char *in;
        apr_size_t cap;
        apr_ssize_t want;
    } rows[] = {
        {"", 0, 0},       {"Zg", 0, -1},       {"Zg", 1, 1},       {"Zm8", 1, -1},
        {"Zm8", 2, 2},    {"Zm9v", 2, -1},     {"Zm9v", 3, 3},     {"Zm9vYg", 3, -1},
        {"Zm9vYg", 4, 4}, {"Zm9vYmFy", 5, -1}, {"Zm9vYmFy", 6, 6}, {"Zm9vYmFy", 100, 6},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        unsigned char *out = malloc(rows[i].cap ? rows[i].cap : 1); /* exact: catches overruns */
        CU_ASSERT_FATAL(out != NULL);
        MST_CHECK(decode_exact(out, rows[i].cap, rows[i].in, strlen(rows[i].in)) == rows[i].want,
                  "%s cap %zu", rows[i].in, (size_t)rows[i].cap);
        free(out);
    }
}

static void test_reads_only_len(void)
{
    /* columns: text, how many leading characters to decode, expected bytes */
    static const struct {
        const char *text;
        size_t len;
        const char *want;
    } rows[] = {
        {"Zm9vYmFy", 4, "foo"}, {"Zm9vYg==", 6, "foob"}, {"Zm9v====", 4, "foo"},
        {"Zg==", 2, "f"},       {"Zm8!", 3, "fo"},       {"AAAA", 0, ""},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        unsigned char out[8];
        size_t wlen = strlen(rows[i].want);
        MST_CHECK(decode_exact(out, sizeof(out), rows[i].text, rows[i].len) == (apr_ssize_t)wlen,
                  "%s/%zu", rows[i].text, rows[i].len);
        MST_CHECK(memcmp(out, rows[i].want, wlen) == 0, "%s/%zu", rows[i].text, rows[i].len);
    }
}

int register_b64url_suite(void)
{
    static const unit_test tests[] = {
        {"round trip for lengths 0..40", test_round_trip_lengths},
        {"RFC 4648 vectors", test_known_vectors},
        {"rejects padding, alphabet, length, trailing bits", test_rejects},
        {"every byte value as the last character", test_every_byte_value},
        {"destination capacity", test_capacity},
        {"reads only len characters", test_reads_only_len},
    };
    return UNIT_REGISTER("b64url", unit_fixture_open, unit_fixture_close, tests);
}

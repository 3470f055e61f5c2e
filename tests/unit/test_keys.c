/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* test_keys.c: CUnit suite for mst_keys.c: KIDs, the key ring rules, the
 * prepared HMAC-SHA256 (checked against OpenSSL's one-shot HMAC()), and
 * loading secrets from files and environment variables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <apr_strings.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "mst_keys.h"
#include "unit_fixture.h"

#define SPEC_SECRET "0123456789abcdef0123456789abcdef"
#define SPEC_KID    "3eb1bd43"

static char tmpdir[64];

static int suite_init(void)
{
    strcpy(tmpdir, "/tmp/mst-keys-XXXXXX");
    return unit_fixture_open() != 0 || mkdtemp(tmpdir) == NULL;
}

static int suite_clean(void)
{
    int removed = rmdir(tmpdir) == 0;
    return unit_fixture_close() != 0 || !removed;
}

/* Adds len bytes of s to ring; returns the error or NULL. */
static const char *add(mst_keyring *ring, const char *s, size_t len)
{
    return mst_keyring_add(ring, unit_pool, (const unsigned char *)s, len);
}

/* Writes len bytes of data to a new file in tmpdir; returns its path. */
static const char *write_file(const char *name, const char *data, size_t len)
{
    const char *path = apr_pstrcat(unit_pool, tmpdir, "/", name, NULL);
    FILE *f = fopen(path, "wb");
    CU_ASSERT_FATAL(f != NULL);
    CU_ASSERT_FATAL(fwrite(data, 1, len, f) == len);
    fclose(f);
    return path;
}

static void test_spec_kid(void)
{
    char kid[MST_KID_LEN + 1];
    mst_keyring *ring = mst_keyring_make(unit_pool);

    mst_secret_kid((const unsigned char *)SPEC_SECRET, strlen(SPEC_SECRET), kid);
    CU_ASSERT_STRING_EQUAL(kid, SPEC_KID);
    CU_ASSERT_EQUAL(mst_keyring_count(ring), 0);
    CU_ASSERT_EQUAL(mst_keyring_count(NULL), 0);
    CU_ASSERT_PTR_NULL(add(ring, SPEC_SECRET, strlen(SPEC_SECRET)));
    CU_ASSERT_EQUAL(mst_keyring_count(ring), 1);
    CU_ASSERT_STRING_EQUAL(mst_keyring_kid(ring, 0), SPEC_KID);
    CU_ASSERT_EQUAL(mst_keyring_find(ring, SPEC_KID), 0);
    CU_ASSERT_EQUAL(mst_keyring_find(ring, "3eb1bd44"), -1);
    CU_ASSERT_EQUAL(mst_keyring_find(ring, "3EB1BD43"), -1);
}

static void test_kid_whitespace(void)
{
    /* columns: secret text, whether its KID equals the SPEC secret's */
    static const struct {
        const char *secret;
        int same;
    } rows[] = {
        {SPEC_SECRET, 1},
        {SPEC_SECRET " ", 1},
        {SPEC_SECRET "\n", 1},
        {SPEC_SECRET "\r\n", 1},
        {SPEC_SECRET "\t", 1},
        {SPEC_SECRET "\v\f", 1},
        {SPEC_SECRET "  \n\n\t ", 1},
        {" " SPEC_SECRET, 0},
        {"\n" SPEC_SECRET, 0},
        {SPEC_SECRET "x", 0},
        {SPEC_SECRET "\n\nx", 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char kid[MST_KID_LEN + 1];
        mst_keyring *ring = mst_keyring_make(unit_pool);
        mst_secret_kid((const unsigned char *)rows[i].secret, strlen(rows[i].secret), kid);
        MST_CHECK((strcmp(kid, SPEC_KID) == 0) == rows[i].same, "row %zu", i);
        MST_CHECK(add(ring, rows[i].secret, strlen(rows[i].secret)) == NULL, "row %zu", i);
        MST_CHECK((strcmp(mst_keyring_kid(ring, 0), SPEC_KID) == 0) == rows[i].same, "row %zu", i);
    }
}

static void test_secret_length(void)
{
    /* columns: secret length, trailing whitespace appended, accepted */
    static const struct {
        size_t len;
        const char *tail;
        int ok;
    } rows[] = {
        {0, "", 0},    {1, "", 0},  {31, "", 0}, {31, " ", 0}, {31, "\n\n", 0}, {32, "", 1},
        {32, "\n", 1}, {33, "", 1}, {64, "", 1}, {100, "", 1}, {4096, "", 1},   {0, "\n", 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mst_keyring *ring = mst_keyring_make(unit_pool);
        char *s = apr_palloc(unit_pool, rows[i].len + strlen(rows[i].tail) + 1);
        const char *err;
        memset(s, 'k', rows[i].len);
        strcpy(s + rows[i].len, rows[i].tail);
        err = add(ring, s, strlen(s));
        MST_CHECK((err == NULL) == rows[i].ok, "len %zu tail %zu", rows[i].len,
                  strlen(rows[i].tail));
        MST_CHECK(err == NULL || strstr(err, "at least 32") != NULL, "len %zu", rows[i].len);
        MST_CHECK(mst_keyring_count(ring) == rows[i].ok, "len %zu", rows[i].len);
    }
}

static void test_duplicates(void)
{
    mst_keyring *ring = mst_keyring_make(unit_pool);
    const char *err;

    CU_ASSERT_PTR_NULL(add(ring, SPEC_SECRET, 32));
    err = add(ring, SPEC_SECRET, 32);
    CU_ASSERT_PTR_NOT_NULL(err);
    CU_ASSERT(err != NULL && strstr(err, SPEC_KID) != NULL && strstr(err, "twice") != NULL);
    CU_ASSERT_PTR_NOT_NULL(add(ring, SPEC_SECRET "\n", 33));
    CU_ASSERT_EQUAL(mst_keyring_count(ring), 1);
    CU_ASSERT_PTR_NULL(add(ring, SPEC_SECRET "0", 33));
    CU_ASSERT_EQUAL(mst_keyring_count(ring), 2);
}

static void test_max_keys(void)
{
    mst_keyring *ring = mst_keyring_make(unit_pool);
    char secret[40];
    char kids[MST_MAX_KEYS][MST_KID_LEN + 1];

    for (int i = 0; i < MST_MAX_KEYS; i++) {
        snprintf(secret, sizeof(secret), "secret-number-%02d-0123456789abcdef", i);
        mst_secret_kid((const unsigned char *)secret, strlen(secret), kids[i]);
        MST_CHECK(add(ring, secret, strlen(secret)) == NULL, "key %d", i);
    }
    CU_ASSERT_EQUAL(mst_keyring_count(ring), MST_MAX_KEYS);
    snprintf(secret, sizeof(secret), "secret-number-%02d-0123456789abcdef", MST_MAX_KEYS);
    CU_ASSERT_PTR_NOT_NULL(add(ring, secret, strlen(secret)));
    CU_ASSERT_EQUAL(mst_keyring_count(ring), MST_MAX_KEYS);
    for (int i = 0; i < MST_MAX_KEYS; i++) {
        MST_CHECK(strcmp(mst_keyring_kid(ring, i), kids[i]) == 0, "key %d", i);
        MST_CHECK(mst_keyring_find(ring, kids[i]) == i, "key %d", i);
    }
}

static void test_hmac_matches_openssl(void)
{
    /* columns (crossed): key length (64 is one SHA-256 block; longer keys are
     * hashed first), message length (55/56 and 63/64/65 straddle padding) */
    static const size_t key_lens[] = {32, 33, 63, 64, 65, 100, 128, 4096};
    static const size_t msg_lens[] = {0, 1, 3, 55, 56, 63, 64, 65, 127, 128, 1000};
    static unsigned char key[4096], msg[1000];

    for (size_t i = 0; i < sizeof(key); i++) {
        key[i] = (unsigned char)('!' + (i * 7) % 90); /* printable, no trailing space */
    }
    for (size_t i = 0; i < sizeof(msg); i++) {
        msg[i] = (unsigned char)(i * 13 + 5);
    }
    for (size_t k = 0; k < sizeof(key_lens) / sizeof(key_lens[0]); k++) {
        mst_keyring *ring = mst_keyring_make(unit_pool);
        CU_ASSERT_PTR_NULL_FATAL(mst_keyring_add(ring, unit_pool, key, key_lens[k]));
        for (size_t m = 0; m < sizeof(msg_lens) / sizeof(msg_lens[0]); m++) {
            unsigned char ours[MST_MAC_RAW_LEN], theirs[EVP_MAX_MD_SIZE];
            unsigned int theirs_len = 0;
            mst_keyring_hmac(ring, 0, msg, msg_lens[m], ours);
            HMAC(EVP_sha256(), key, (int)key_lens[k], msg, msg_lens[m], theirs, &theirs_len);
            MST_CHECK(theirs_len == MST_MAC_RAW_LEN && memcmp(ours, theirs, theirs_len) == 0,
                      "key %zu msg %zu", key_lens[k], msg_lens[m]);
        }
    }
}

static void test_hmac_ring_index_and_trim(void)
{
    static const char msg[] = "v1.3eb1bd43.message";
    const char *second = "another-secret-of-at-least-32-bytes";
    mst_keyring *ring = mst_keyring_make(unit_pool);
    unsigned char ours[MST_MAC_RAW_LEN], theirs[EVP_MAX_MD_SIZE];
    unsigned int theirs_len;

    CU_ASSERT_PTR_NULL(add(ring, SPEC_SECRET "\r\n", strlen(SPEC_SECRET) + 2));
    CU_ASSERT_PTR_NULL(add(ring, second, strlen(second)));
    /* key 0 is the secret without its trailing whitespace */
    mst_keyring_hmac(ring, 0, msg, strlen(msg), ours);
    HMAC(EVP_sha256(), SPEC_SECRET, 32, (const unsigned char *)msg, strlen(msg), theirs,
         &theirs_len);
    CU_ASSERT(memcmp(ours, theirs, MST_MAC_RAW_LEN) == 0);
    /* key 1 is the second secret */
    mst_keyring_hmac(ring, 1, msg, strlen(msg), ours);
    HMAC(EVP_sha256(), second, (int)strlen(second), (const unsigned char *)msg, strlen(msg), theirs,
         &theirs_len);
    CU_ASSERT(memcmp(ours, theirs, MST_MAC_RAW_LEN) == 0);
    /* the ring is reusable: the same input gives the same MAC again */
    mst_keyring_hmac(ring, 1, msg, strlen(msg), theirs);
    CU_ASSERT(memcmp(ours, theirs, MST_MAC_RAW_LEN) == 0);
}

static void test_spec_check(void)
{
    /* columns: spec, accepted */
    static const struct {
        const char *spec;
        int ok;
    } rows[] = {
        {"file:/etc/secret", 1},
        {"file:relative", 1},
        {"env:MST_SECRET", 1},
        {"file:", 0},
        {"env:", 0},
        {"", 0},
        {"/etc/secret", 0},
        {"FILE:/x", 0},
        {"Env:X", 0},
        {"files:/x", 0},
        {"file", 0},
        {"env", 0},
        {"secret:abc", 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *err = mst_secret_spec_check(unit_pool, rows[i].spec);
        MST_CHECK((err == NULL) == rows[i].ok, "'%s'", rows[i].spec);
        MST_CHECK(err == NULL || strstr(err, "file:PATH or env:NAME") != NULL, "'%s'",
                  rows[i].spec);
    }
}

static void test_load_file(void)
{
    static char big[MST_SECRET_MAX_LEN + 1];
    const char *good = write_file("good", SPEC_SECRET "\n", 33);
    const char *shortf = write_file("short", "tooshort-secret-XYZ\n", 20);
    const char *empty = write_file("empty", "", 0);
    const char *exact, *toolong;
    mst_keyring *ring = mst_keyring_make(unit_pool);
    const char *err;

    memset(big, 'b', sizeof(big));
    exact = write_file("exact", big, MST_SECRET_MAX_LEN);
    toolong = write_file("toolong", big, MST_SECRET_MAX_LEN + 1);

    CU_ASSERT_PTR_NULL(
        mst_keyring_add_spec(ring, unit_pool, apr_pstrcat(unit_pool, "file:", good, NULL)));
    CU_ASSERT_STRING_EQUAL(mst_keyring_kid(ring, 0), SPEC_KID);
    CU_ASSERT_PTR_NULL(
        mst_keyring_add_spec(ring, unit_pool, apr_pstrcat(unit_pool, "file:", exact, NULL)));
    CU_ASSERT_EQUAL(mst_keyring_count(ring), 2);

    err = mst_keyring_add_spec(ring, unit_pool, apr_pstrcat(unit_pool, "file:", toolong, NULL));
    CU_ASSERT(err != NULL && strstr(err, "longer than 4096") != NULL && strstr(err, toolong));
    err = mst_keyring_add_spec(ring, unit_pool, apr_pstrcat(unit_pool, "file:", shortf, NULL));
    CU_ASSERT(err != NULL && strstr(err, shortf) != NULL && strstr(err, "at least 32") != NULL);
    CU_ASSERT(err != NULL && strstr(err, "tooshort") == NULL); /* no secret bytes */
    err = mst_keyring_add_spec(ring, unit_pool, apr_pstrcat(unit_pool, "file:", empty, NULL));
    CU_ASSERT(err != NULL && strstr(err, "0 bytes") != NULL);
    err = mst_keyring_add_spec(ring, unit_pool,
                               apr_pstrcat(unit_pool, "file:", tmpdir, "/missing", NULL));
    CU_ASSERT(err != NULL && strstr(err, "cannot read") != NULL && strstr(err, "/missing"));
    err = mst_keyring_add_spec(ring, unit_pool, apr_pstrcat(unit_pool, "file:", tmpdir, NULL));
    CU_ASSERT(err != NULL && strstr(err, "cannot read") != NULL); /* a directory */
    err = mst_keyring_add_spec(ring, unit_pool, apr_pstrcat(unit_pool, "file:", good, NULL));
    CU_ASSERT(err != NULL && strstr(err, "twice") != NULL);
    if (geteuid() != 0) { /* root reads anything */
        CU_ASSERT_FATAL(chmod(good, 0) == 0);
        err = mst_keyring_add_spec(mst_keyring_make(unit_pool), unit_pool,
                                   apr_pstrcat(unit_pool, "file:", good, NULL));
        CU_ASSERT(err != NULL && strstr(err, "cannot read") != NULL);
    }
    CU_ASSERT_EQUAL(mst_keyring_count(ring), 2);
    unlink(good);
    unlink(shortf);
    unlink(empty);
    unlink(exact);
    unlink(toolong);
}

static void test_load_env(void)
{
    static char big[MST_SECRET_MAX_LEN + 2];
    mst_keyring *ring = mst_keyring_make(unit_pool);
    const char *err;

    setenv("MST_TEST_SECRET", SPEC_SECRET "\n", 1);
    CU_ASSERT_PTR_NULL(mst_keyring_add_spec(ring, unit_pool, "env:MST_TEST_SECRET"));
    CU_ASSERT_STRING_EQUAL(mst_keyring_kid(ring, 0), SPEC_KID);

    setenv("MST_TEST_SECRET", "", 1);
    err = mst_keyring_add_spec(ring, unit_pool, "env:MST_TEST_SECRET");
    CU_ASSERT(err != NULL && strstr(err, "env:MST_TEST_SECRET") != NULL);

    setenv("MST_TEST_SECRET", "short-secret-XYZ", 1);
    err = mst_keyring_add_spec(ring, unit_pool, "env:MST_TEST_SECRET");
    CU_ASSERT(err != NULL && strstr(err, "short-secret") == NULL);

    memset(big, 'e', MST_SECRET_MAX_LEN + 1);
    setenv("MST_TEST_SECRET", big, 1);
    err = mst_keyring_add_spec(ring, unit_pool, "env:MST_TEST_SECRET");
    CU_ASSERT(err != NULL && strstr(err, "longer than 4096") != NULL);
    big[MST_SECRET_MAX_LEN] = '\0';
    setenv("MST_TEST_SECRET", big, 1);
    CU_ASSERT_PTR_NULL(mst_keyring_add_spec(ring, unit_pool, "env:MST_TEST_SECRET"));

    unsetenv("MST_TEST_SECRET");
    err = mst_keyring_add_spec(ring, unit_pool, "env:MST_TEST_SECRET");
    CU_ASSERT(err != NULL && strstr(err, "MST_TEST_SECRET is not set") != NULL);
    err = mst_keyring_add_spec(ring, unit_pool, "MST_TEST_SECRET");
    CU_ASSERT(err != NULL && strstr(err, "file:PATH or env:NAME") != NULL);
    CU_ASSERT_EQUAL(mst_keyring_count(ring), 2);
}

static void test_file_private(void)
{
    /* columns: file mode, refused (group or others may read or write) */
    static const struct {
        mode_t mode;
        int refused;
    } rows[] = {
        {0600, 0}, {0400, 0}, {0700, 0}, {0610, 0}, {0601, 0}, {0644, 1},
        {0640, 1}, {0604, 1}, {0620, 1}, {0602, 1}, {0666, 1}, {0660, 1},
    };
    const char *path = write_file("mode.key", SPEC_SECRET, strlen(SPEC_SECRET));
    const char *spec = apr_pstrcat(unit_pool, "file:", path, NULL);

    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *err;
        CU_ASSERT_FATAL(chmod(path, rows[i].mode) == 0);
        err = mst_secret_file_private(unit_pool, spec);
        MST_CHECK((err != NULL) == rows[i].refused, "row %zu (mode %04o): %s", i,
                  (unsigned)rows[i].mode, err ? err : "accepted");
        if (err) {
            MST_CHECK(strstr(err, apr_psprintf(unit_pool, "mode %04o", (unsigned)rows[i].mode)) !=
                          NULL,
                      "row %zu names the mode: %s", i, err);
            MST_CHECK(strstr(err, path) != NULL, "row %zu names the file: %s", i, err);
        }
    }
    /* not a file: spec, and a missing file (the read reports it) */
    MST_CHECK(mst_secret_file_private(unit_pool, "env:HOME") == NULL, "env: spec");
    MST_CHECK(mst_secret_file_private(unit_pool, "file:/nonexistent/k") == NULL, "missing file");
    unlink(path);
}

int register_keys_suite(void)
{
    static const unit_test tests[] = {
        {"KID of the SPEC secret", test_spec_kid},
        {"trailing whitespace is ignored", test_kid_whitespace},
        {"secrets under 32 bytes are refused", test_secret_length},
        {"duplicate secrets are refused", test_duplicates},
        {"at most 16 keys", test_max_keys},
        {"HMAC equals OpenSSL HMAC()", test_hmac_matches_openssl},
        {"HMAC per key index, trimmed secret", test_hmac_ring_index_and_trim},
        {"secret spec syntax", test_spec_check},
        {"file: secrets", test_load_file},
        {"env: secrets", test_load_env},
        {"secret files readable by their owner only", test_file_private},
    };
    return UNIT_REGISTER("keys", suite_init, suite_clean, tests);
}

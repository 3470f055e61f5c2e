/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* fuzz_store.c: libFuzzer target for the store's parsers (mst_store.h):
 * mst_store_url_parse, mst_store_value_parse, mst_store_ms_parse,
 * mst_store_context_check and mst_store_auth_split.
 *
 * Input: the text (NUL-terminated copy; it ends at the first NUL); the
 * cutoff parser also sees the exact bytes. Properties:
 * - a parsed redis:// URL has a non-empty host of letters, digits, '.', '-'
 *   and '_', a port in 1..65535 and a database in 0..1023; a socache: URL
 *   a non-empty provider of lowercase letters, digits and '_'; an error
 *   names the value; Off only for "off" in any case;
 * - a cutoff parses exactly when it is 1 to 12 decimal digits, to their
 *   value (an independent reference);
 * - a parsed millisecond duration lies in the range asked for;
 * - a context passes only with 1 to 64 bytes of letters, digits and "._-";
 * - a split AUTH text gives a non-empty password, and the user and password
 *   joined by one space are the text again. */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "mst_store.h"

static int ref_cutoff(const char *s, size_t len, apr_int64_t *out)
{
    apr_int64_t v = 0;
    if (len == 0 || len > 12) {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fuzz_pool();
    char *text = fuzz_dup_cstr(data, size);
    char *exact = fuzz_dup_exact(data, size);
    mst_store_url u;
    const char *err = mst_store_url_parse(p, text, &u);
    apr_int64_t v = -1, ref = -1, ms = -1;
    const char *user, *password;
    size_t len = strlen(text);

    if (err == NULL) {
        if (u.kind == MST_STORE_OFF) {
            FUZZ_CHECK(strcasecmp(text, "off") == 0);
        } else if (u.kind == MST_STORE_REDIS) {
            FUZZ_CHECK(u.host != NULL && u.host[0] != '\0');
            for (const char *c = u.host; *c; c++) {
                FUZZ_CHECK(isalnum((unsigned char)*c) || *c == '.' || *c == '-' || *c == '_');
            }
            FUZZ_CHECK(u.port >= 1 && u.port <= 65535 && u.db >= 0 && u.db <= 1023);
        } else {
            FUZZ_CHECK(u.kind == MST_STORE_SOCACHE && u.provider && u.provider[0]);
            for (const char *c = u.provider; *c; c++) {
                FUZZ_CHECK((*c >= 'a' && *c <= 'z') || isdigit((unsigned char)*c) || *c == '_');
            }
        }
    } else {
        FUZZ_CHECK(strstr(err, text) != NULL);
    }

    {
        int ok = mst_store_value_parse(exact, size, &v);
        FUZZ_CHECK(ok == ref_cutoff(exact, size, &ref));
        FUZZ_CHECK(!ok || v == ref);
    }

    if (mst_store_ms_parse(p, text, 1, 60000, &ms) == NULL) {
        FUZZ_CHECK(ms >= 1 && ms <= 60000);
    }

    if (mst_store_context_check(p, text) == NULL) {
        FUZZ_CHECK(len >= 1 && len <= MST_STORE_CONTEXT_MAX);
        for (size_t i = 0; i < len; i++) {
            FUZZ_CHECK(isalnum((unsigned char)text[i]) || strchr("._-", text[i]) != NULL);
        }
    }

    if (mst_store_auth_split(p, text, &user, &password) == NULL) {
        FUZZ_CHECK(password != NULL && password[0] != '\0');
        if (user == NULL) {
            FUZZ_CHECK(strcmp(password, text) == 0);
        } else {
            size_t ul = strlen(user);
            FUZZ_CHECK(ul > 0 && strncmp(text, user, ul) == 0 && text[ul] == ' ' &&
                       strcmp(text + ul + 1, password) == 0);
        }
    }

    free(exact);
    free(text);
    apr_pool_clear(p);
    return 0;
}

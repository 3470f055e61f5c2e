/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* fuzz_user.c: libFuzzer target for user-name validation and the re-auth
 * helpers that decide where a user is sent (mst_user_valid; mst_reauth.h:
 * mst_local_path_is_safe, mst_return_target, mst_origin_form,
 * mst_referer_local_target, mst_query_encode, mst_login_location,
 * mst_json_string).
 *
 * Input: all bytes are the user name for mst_user_valid (exact-size copy,
 * so a read past len is an ASan error). For the C-string helpers the input
 * is split at NUL bytes into up to three strings: path, query, and a login
 * URL / referer origin.
 * Properties:
 * - mst_user_valid agrees with an independent UTF-8 validator written from
 *   Unicode table 3-7 (well-formed byte sequences) plus the control-character
 *   and length rules of mst_token.h, for allow_empty 0 and 1;
 * - mst_local_path_is_safe agrees with the rule in mst_reauth.h;
 * - mst_return_target is always safe and starts with a single '/', and is
 *   path?query itself whenever that is safe; a referer target is NULL or safe;
 * - mst_origin_form is NULL or a '/' inside its input (the input itself when
 *   that starts with '/'), and the return target built from it is safe;
 * - mst_query_encode output holds only A-Z a-z 0-9 - . _ ~ / and %XX (upper
 *   case hex) and decodes back to its input;
 * - mst_login_location is the login URL with "&|?return_to=<encoded>" put
 *   before the fragment;
 * - mst_json_string is one JSON string literal without raw control
 *   characters or < > &, and decodes back to its input;
 * - mst_is_navigation answers 0 or 1, 0 for any Sec-Fetch-Mode other than
 *   navigate, and (with the whole first string as Accept) exercises the
 *   media-range and q-value parser. */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <apr_strings.h>

#include "fuzz.h"
#include "mst_reauth.h"
#include "mst_token.h"

/* Reference: is s[0..len) well-formed UTF-8 (Unicode 15, table 3-7)? */
static int ref_utf8_ok(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char b = s[i];
        unsigned char lo = 0x80, hi = 0xbf; /* allowed range of the second byte */
        size_t n;                           /* bytes in the sequence */
        if (b <= 0x7f) {
            i++;
            continue;
        }
        if (b >= 0xc2 && b <= 0xdf) {
            n = 2;
        } else if (b == 0xe0) {
            n = 3, lo = 0xa0;
        } else if ((b >= 0xe1 && b <= 0xec) || b == 0xee || b == 0xef) {
            n = 3;
        } else if (b == 0xed) {
            n = 3, hi = 0x9f;
        } else if (b == 0xf0) {
            n = 4, lo = 0x90;
        } else if (b >= 0xf1 && b <= 0xf3) {
            n = 4;
        } else if (b == 0xf4) {
            n = 4, hi = 0x8f;
        } else {
            return 0;
        }
        if (len - i < n || s[i + 1] < lo || s[i + 1] > hi) {
            return 0;
        }
        for (size_t k = 2; k < n; k++) {
            if (s[i + k] < 0x80 || s[i + k] > 0xbf) {
                return 0;
            }
        }
        i += n;
    }
    return 1;
}

/* Reference: a user name per mst_token.h. */
static int ref_user_valid(const unsigned char *s, size_t len, int allow_empty)
{
    if (len > MST_USER_MAX_LEN || (len == 0 && !allow_empty) || !ref_utf8_ok(s, len)) {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        /* C0 controls and DEL as bytes; C1 controls U+0080-U+009F are C2 80..C2 9F. */
        if (s[i] < 0x20 || s[i] == 0x7f) {
            return 0;
        }
        if (s[i] == 0xc2 && i + 1 < len && s[i + 1] <= 0x9f) {
            return 0;
        }
    }
    return 1;
}

/* Reference: mst_local_path_is_safe as documented. */
static int ref_safe(const char *s)
{
    if (s == NULL || s[0] != '/' || s[1] == '/' || s[1] == '\\') {
        return 0;
    }
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c < 0x21 || *c > 0x7e || *c == '\\') {
            return 0;
        }
    }
    return 1;
}

static int unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

static void check_query_encode(apr_pool_t *p, const char *s)
{
    const char *enc = mst_query_encode(p, s);
    size_t i = 0;

    for (const char *e = enc; *e;) {
        unsigned char c = (unsigned char)*e;
        if (unreserved(c) || c == '/') {
            FUZZ_CHECK((unsigned char)s[i] == c);
            e++;
        } else {
            FUZZ_CHECK(c == '%' && hexval(e[1]) >= 0 && hexval(e[2]) >= 0);
            FUZZ_CHECK(!(e[1] >= 'a' && e[1] <= 'f') && !(e[2] >= 'a' && e[2] <= 'f'));
            FUZZ_CHECK((unsigned char)s[i] == hexval(e[1]) * 16 + hexval(e[2]));
            FUZZ_CHECK(!unreserved((unsigned char)s[i]) && s[i] != '/');
            e += 3;
        }
        i++;
    }
    FUZZ_CHECK(s[i] == '\0');
}

static void check_json(apr_pool_t *p, const char *s)
{
    const char *j = mst_json_string(p, s);
    size_t i = 0;

    FUZZ_CHECK(j[0] == '"');
    j++;
    while (*j != '"') {
        unsigned char c = (unsigned char)*j;
        FUZZ_CHECK(c >= 0x20 && c != 0x7f && c != '<' && c != '>' && c != '&');
        if (c == '\\') {
            if (j[1] == '"' || j[1] == '\\') {
                FUZZ_CHECK(s[i] == j[1]);
                j += 2;
            } else {
                FUZZ_CHECK(j[1] == 'u' && j[2] == '0' && j[3] == '0');
                FUZZ_CHECK(hexval(j[4]) >= 0 && hexval(j[5]) >= 0);
                FUZZ_CHECK((unsigned char)s[i] == hexval(j[4]) * 16 + hexval(j[5]));
                j += 6;
            }
        } else {
            FUZZ_CHECK(c != '\0' && (unsigned char)s[i] == c);
            j++;
        }
        i++;
    }
    FUZZ_CHECK(s[i] == '\0' && j[1] == '\0');
    FUZZ_CHECK(strcmp(mst_json_string(p, NULL), "null") == 0);
}

static void check_return_target(apr_pool_t *p, const char *path, const char *query)
{
    const char *t = mst_return_target(p, path, query);
    const char *joined;

    FUZZ_CHECK(t != NULL && t[0] == '/' && t[1] != '/' && t[1] != '\\');
    FUZZ_CHECK(mst_local_path_is_safe(t) && ref_safe(t));
    if (path != NULL) {
        joined = (query && query[0]) ? apr_pstrcat(p, path, "?", query, NULL) : path;
        FUZZ_CHECK(strcmp(t, ref_safe(joined) ? joined : "/") == 0);
    }
}

static void check_login_location(apr_pool_t *p, const char *login, const char *target)
{
    const char *loc = mst_login_location(p, login, "return_to", target);
    const char *hash = strchr(login, '#');
    size_t base_len = hash ? (size_t)(hash - login) : strlen(login);
    const char *base = apr_pstrmemdup(p, login, base_len);
    const char *want =
        apr_pstrcat(p, base, strchr(base, '?') ? "&" : "?",
                    "return_to=", mst_query_encode(p, target), hash ? hash : "", NULL);

    FUZZ_CHECK(strcmp(loc, want) == 0);
    FUZZ_CHECK(mst_login_location(p, login, NULL, target) == login);
    FUZZ_CHECK(mst_login_location(p, login, "return_to", NULL) == login);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fuzz_pool();
    char *user = fuzz_dup_exact(data, size);
    char *all = fuzz_dup_cstr(data, size);
    const char *part[3] = {NULL, NULL, NULL};
    const char *target, *ref, *origin_form;
    size_t off = 0;

    /* User name validation, both modes. */
    for (int allow_empty = 0; allow_empty <= 1; allow_empty++) {
        int got = mst_user_valid(user, size, allow_empty);
        FUZZ_CHECK(got == 0 || got == 1);
        FUZZ_CHECK(got == ref_user_valid(data, size, allow_empty));
    }

    /* Up to three NUL-separated C strings. */
    for (int k = 0; k < 3 && off <= size; k++) {
        part[k] = all + off;
        off += strlen(all + off) + 1;
    }

    FUZZ_CHECK(mst_local_path_is_safe(part[0]) == ref_safe(part[0]));
    check_return_target(p, part[0], part[1]);
    check_return_target(p, part[0], NULL);
    check_return_target(p, NULL, part[1]);

    origin_form = mst_origin_form(part[0]);
    FUZZ_CHECK(origin_form == NULL ||
               (origin_form >= part[0] && origin_form < part[0] + strlen(part[0]) &&
                origin_form[0] == '/'));
    FUZZ_CHECK(part[0][0] != '/' || origin_form == part[0]);
    check_return_target(p, origin_form, part[1]);
    FUZZ_CHECK(mst_origin_form(NULL) == NULL);

    ref = mst_referer_local_target(p, part[0], "https://example.org");
    FUZZ_CHECK(ref == NULL || (mst_local_path_is_safe(ref) && strchr(ref, '#') == NULL));
    if (part[2] != NULL) {
        ref = mst_referer_local_target(p, part[0], part[2]);
        FUZZ_CHECK(ref == NULL || mst_local_path_is_safe(ref));
    }

    check_query_encode(p, part[0]);
    target = mst_return_target(p, part[0], part[1]);
    check_login_location(p, part[2] ? part[2] : "https://login.example.org/login?a=b#top", target);
    check_login_location(p, part[0], target);

    check_json(p, part[0]);
    FUZZ_CHECK(strstr(mst_expired_json(p, part[0], part[1]), "\"error\":") != NULL);

    {
        /* Navigation: only the whole input as Accept reaches the q-value
         * parser often; a Sec-Fetch-Mode other than navigate is never one. */
        int nav = mst_is_navigation(part[0], part[1], part[2]);
        int by_accept = mst_is_navigation(NULL, NULL, part[0]);
        FUZZ_CHECK(nav == 0 || nav == 1);
        FUZZ_CHECK(by_accept == 0 || by_accept == 1);
        FUZZ_CHECK(mst_is_navigation("navigate", NULL, part[0]) == by_accept);
        FUZZ_CHECK(strcasecmp(part[0], "navigate") == 0 ||
                   mst_is_navigation(part[0], NULL, NULL) == 0);
        FUZZ_CHECK(mst_is_navigation(NULL, NULL, NULL) == 1);
    }

    free(user);
    free(all);
    apr_pool_clear(p);
    return 0;
}

/* fuzz_cookie.c: libFuzzer target for the Cookie header scanner
 * (mst_cookie_next) and the cookie name/attribute checks.
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
 * hits, in order, are exactly those of an independent reference scan (split
 * on ';' and ',', trim, compare the name before the first '='). Name and
 * attribute checkers and the Set-Cookie formatter run on the same text for
 * crashes. */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "mst_cookie.h"

static const char fixed_name[] = "session_timeout";

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* Reference scan (pairs separated by ';' or ',', see mst_cookie.h): offset
 * and length of the k-th (0-based) value of name in hdr, or 0 when there are
 * fewer than k+1. */
static int ref_nth(const char *hdr, const char *name, size_t name_len, size_t k, size_t *off,
                   size_t *vlen)
{
    size_t hlen = strlen(hdr), start = 0, found = 0;
    while (start <= hlen) {
        size_t end = start, a = start, eq;
        while (end < hlen && hdr[end] != ';' && hdr[end] != ',') {
            end++;
        }
        while (a < end && is_ows(hdr[a])) {
            a++;
        }
        for (eq = a; eq < end && hdr[eq] != '='; eq++) {
        }
        if (eq < end) {
            size_t ne = eq, vb = eq + 1, ve = end;
            while (ne > a && is_ows(hdr[ne - 1])) {
                ne--;
            }
            if (ne - a == name_len && memcmp(hdr + a, name, name_len) == 0) {
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
            }
        }
        start = end + 1;
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fuzz_pool();
    char *whole = fuzz_dup_cstr(data, size);
    const uint8_t *nl = memchr(data, '\n', size);

    scan(whole, fixed_name, strlen(fixed_name));
    (void)mst_cookie_attrs_check(p, whole);

    if (nl != NULL) {
        size_t name_len = (size_t)(nl - data);
        char *name = fuzz_dup_exact(data, name_len);
        char *name_c = fuzz_dup_cstr(data, name_len);
        char *hdr = fuzz_dup_cstr(nl + 1, size - name_len - 1);
        char *set;

        scan(hdr, name, name_len);
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

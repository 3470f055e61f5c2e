/* fuzz_html.c: libFuzzer target for mst_html.c, the dialog filter's HTML
 * insertion-point scanner and CSP nonce reader.
 *
 * Properties: the insertion point found in the whole input is the one found
 * when the input arrives in two pieces cut anywhere (the first input byte
 * picks the cut) or byte by byte, with held candidates fed again as the
 * filter does; it always lies on a '<' of the input; and a nonce read from
 * the input as a CSP value is base64 text that occurs in the input. */
#include "fuzz.h"
#include "mst_html.h"

/* The document offset of the insertion point, or -1; cuts as in test_html.c. */
static long scan_in_pieces(const char *doc, size_t len, size_t step)
{
    mst_html_scanner s;
    char held[MST_HTML_CAND_MAX] = {0};
    size_t held_len = 0, start = 0, cand_doc_off = 0;

    mst_html_scanner_init(&s);
    while (start < len || (start == len && len == 0)) {
        size_t end = step && start + step < len ? start + step : len;
        size_t n = end - start, plen = held_len + n;
        size_t piece_doc_off = start - held_len;
        /* exact size, so ASan flags a read past the piece */
        char *piece = malloc(plen ? plen : 1);
        int found;
        FUZZ_CHECK(piece != NULL);
        memcpy(piece, held, held_len);
        memcpy(piece + held_len, doc + start, n);
        found = mst_html_scan(&s, piece, plen);
        if (s.cand_here) {
            cand_doc_off = piece_doc_off + s.cand_off;
        }
        free(piece);
        if (found) {
            return (long)cand_doc_off;
        }
        held_len = mst_html_take_candidate(&s, held);
        start = end;
        if (len == 0) {
            break;
        }
    }
    return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *doc = (const char *)data;
    size_t cut = size ? data[0] % (size + 1) : 0;
    long whole = scan_in_pieces(doc, size, 0);
    char *policy;
    const char *nonce;

    FUZZ_CHECK(whole < 0 || (size_t)whole < size);
    FUZZ_CHECK(whole < 0 || doc[whole] == '<');
    FUZZ_CHECK(scan_in_pieces(doc, size, cut ? cut : 1) == whole);
    FUZZ_CHECK(scan_in_pieces(doc, size, 1) == whole);

    policy = fuzz_dup_cstr(data, size);
    nonce = mst_csp_nonce(fuzz_pool(), policy);
    if (nonce != NULL) {
        FUZZ_CHECK(*nonce != '\0' && strstr(policy, nonce) != NULL);
        for (const char *c = nonce; *c; c++) {
            FUZZ_CHECK((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
                       (*c >= '0' && *c <= '9') || strchr("+/=-_", *c));
        }
    }
    free(policy);
    apr_pool_clear(fuzz_pool());
    return 0;
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* test_html.c: CUnit suite for mst_html.c: where the dialog's <script> tag
 * goes in an HTML stream (the same answer however the stream is split, as
 * httpd's brigades split it anywhere), and the CSP nonce. */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <apr_pools.h>

#include "mst_html.h"
#include "unit_fixture.h"

/* Feeds doc in pieces cut at the offsets in cuts (ascending, ending with
 * len); held candidates are fed again at the start of the next piece, as
 * the filter does. Returns the document offset of the insertion point, or
 * -1; *marker gets marker_seen. */
static long insertion_point(const char *doc, const apr_size_t *cuts, int ncuts, int *marker)
{
    mst_html_scanner s;
    char held[MST_HTML_CAND_MAX] = {0};
    apr_size_t held_len = 0, start = 0, cand_doc_off = 0;

    mst_html_scanner_init(&s);
    for (int k = 0; k < ncuts; k++) {
        /* the piece as the filter sees it: held bytes + the new bytes (exact
         * size, so valgrind catches a read past it) */
        apr_size_t n = cuts[k] - start;
        apr_size_t plen = held_len + n;
        apr_size_t piece_doc_off = start - held_len;
        char *piece = malloc(plen ? plen : 1);
        int found;
        memcpy(piece, held, held_len);
        memcpy(piece + held_len, doc + start, n);
        found = mst_html_scan(&s, piece, plen);
        if (s.cand_here) {
            cand_doc_off = piece_doc_off + s.cand_off;
        }
        free(piece);
        if (found) {
            *marker = s.marker_seen;
            return (long)cand_doc_off;
        }
        held_len = mst_html_take_candidate(&s, held);
        start = cuts[k];
    }
    *marker = s.marker_seen;
    return -1;
}

/* columns: document, expected insertion offset (-1: none), marker seen.
 * The insertion point is the first "</head" or "</body" (with whitespace,
 * '/' or '>' after it) whose '<' the HTML tokenizer reads in the data
 * state; the marker counts only as an attribute of a <script> start tag
 * (issue 12 item 1). */
static const struct {
    const char *doc;
    long at;
    int marker;
} docs[] = {
    {"<html><head><title>t</title></head><body>x</body></html>", 28, 0},
    {"<HTML><HEAD></HEAD>", 12, 0},
    {"<p>no head</p></body>", 14, 0},
    {"<header>h</header></head>", 18, 0},                /* </header> is not </head> */
    {"<!-- </head> --></head>", 16, 0},                  /* not inside a comment */
    {"<!--></head>", 5, 0},                              /* "<!-->" ends the comment */
    {"<script>if (a</head>) x;</script></head>", 33, 0}, /* not inside a script */
    {"<style>/* </body> */</style></body>", 28, 0},
    {"<scripts></head>", 9, 0},     /* <scripts> is not <script> */
    {"<plaintexts></head>", 12, 0}, /* nor is a longer name plaintext */
    {"</head >", 0, 0},
    {"</head/>", 0, 0},
    {"</head\t>", 0, 0},
    {"</head\r\n>", 0, 0},      /* CR is whitespace (it becomes LF) */
    {"</head\v></head>", 8, 0}, /* VT is not: an end tag named "head\v" */
    {"<p>text only</p>", -1, 0},
    {"", -1, 0},
    {"<<</head>", 2, 0},
    {"</></head>", 3, 0}, /* "</>" is nothing */
    {"<head><meta property=\"og:description\" content=\"</head><img src=x "
     "onerror=alert(1)>\"></head>",
     84, 0},                                    /* the og:description attack */
    {"<meta content='</head>'></head>", 24, 0}, /* single-quoted */
    {"<a title='\"</head>\"'></head>", 21, 0},
    {"<a title=</head>></head>", 17, 0},  /* unquoted: the value is "</head" */
    {"<a b=\"x\"</head>></head>", 16, 0}, /* no space after a value: "<" starts an attribute name */
    {"<a </head>x</head>", 11, 0},        /* attribute names "<" and "head" */
    {"<a title=\"x\" =</head>></head>", 22, 0}, /* an attribute name starting with '=' */
    {"<meta content=\"</head>", -1, 0},         /* the value never ends */
    {"<meta content=\"a\"/></head>", 19, 0},
    {"<title></head></title></head>", 22, 0},
    {"<TITLE>x</TITLE ></head>", 17, 0},
    {"<title></titlex></head></title></head>", 31, 0}, /* </titlex> is text in a title */
    {"<textarea></body></textarea></body>", 28, 0},
    {"<textarea/></body></textarea></body>", 29, 0}, /* a trailing / is ignored */
    {"<style></head></style></head>", 22, 0},
    {"<style></style x=\"</head>\"></head>", 27, 0}, /* an end tag's attribute value */
    {"<noscript></head></noscript></head>", 28, 0},
    {"<xmp></head></xmp></head>", 18, 0},
    {"<iframe></head></iframe></head>", 24, 0},
    {"<noembed></head></noembed></head>", 26, 0},
    {"<noframes></head></noframes></head>", 28, 0},
    {"<plaintext></head></plaintext></head>", -1, 0}, /* plaintext never ends */
    {"<script/></head></script></head>", 25, 0},
    {"<script>d.write(\"</scr\" + \"ipt>\"); \"</head>\"</script></head>", 53, 0},
    {"<script>a<!--b</script></head>", 23, 0}, /* an escaped script still ends at </script> */
    {"<script><!--></script></head>", 22, 0},
    {"<script><!--<script></script></head>--></script></head>", 48, 0}, /* double escaped */
    {"<script><!--<script>--></head></script></head>", 39, 0},
    {"<script><!--<scripts></script></head>", 30, 0},
    {"<script></script\f></head>", 18, 0},
    {"<!-- </head> --!></head>", 17, 0}, /* "--!>" ends a comment */
    {"<!---></head>", 6, 0},
    {"<!----!></head>", 8, 0},
    {"<!---!></head>-->", -1, 0},
    {"<!-- -- > </head> --></head>", 21, 0},
    {"<!-- --!-> </head> --></head>", 22, 0},
    {"<!--<!--></head>-->", 9, 0}, /* a nested opener does not nest */
    {"<!DOCTYPE html PUBLIC \"a></head>\"></head>", 25,
     0}, /* a DOCTYPE ends at '>', quoted or not */
    {"<? </head> ?></head>", 13, 0},
    {"</ </head>x</head>", 11, 0},
    {"<![CDATA[</head>]]></head>", 19, 0}, /* a bogus comment in HTML content */
    {"<!x></head>", 4, 0},
    {"<script src=/x.js defer data-session-timeout></script></head>", 54, 1},
    {"<SCRIPT DATA-SESSION-TIMEOUT></SCRIPT></head>", 38, 1},
    {"<script data-session-timeout=\"\"></script></head>", 41, 1},
    {"<script defer data-session-timeout/></script></head>", 45, 1},
    {"<p>DATA-SESSION-TIMEOUT</p></head>", 27, 0},  /* text */
    {"<p data-session-timeout></p></head>", 28, 0}, /* another tag */
    {"<!-- <script data-session-timeout> --></head>", 38, 0},
    {"<meta content=\"<script data-session-timeout>\"></head>", 46, 0},
    {"<script>t = '<script data-session-timeout>';</script></head>", 53, 0},
    {"<title><script data-session-timeout></title></head>", 44, 0},
    {"<script data-session-timeout-x></script></head>", 40, 0},
    {"<script data-session-timeou></script></head>", 37, 0},
    {"<script x=data-session-timeout></script></head>", 40, 0},
    {"<scriptx data-session-timeout></scriptx></head>", 40, 0},
    {"</script data-session-timeout></head>", 30, 0}, /* an end tag */
};

static void test_unsplit(void)
{
    for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
        apr_size_t len = strlen(docs[i].doc);
        int marker = -1;
        long at = insertion_point(docs[i].doc, &len, 1, &marker);
        MST_CHECK(at == docs[i].at, "doc %zu: at %ld", i, at);
        MST_CHECK(at < 0 || marker == docs[i].marker, "doc %zu: marker %d", i, marker);
    }
}

static void test_every_split(void)
{
    /* every single cut point, and every byte in its own piece */
    for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
        apr_size_t len = strlen(docs[i].doc);
        apr_size_t *bytes = malloc((len + 1) * sizeof(*bytes));
        int marker;
        for (apr_size_t cut = 0; cut <= len; cut++) {
            apr_size_t cuts[2] = {cut, len};
            long at = insertion_point(docs[i].doc, cuts, 2, &marker);
            MST_CHECK(at == docs[i].at, "doc %zu cut %zu: at %ld", i, (size_t)cut, at);
        }
        for (apr_size_t k = 0; k < len; k++) {
            bytes[k] = k + 1;
        }
        MST_CHECK(insertion_point(docs[i].doc, bytes, (int)len, &marker) == docs[i].at || len == 0,
                  "doc %zu byte by byte", i);
        MST_CHECK(docs[i].at < 0 || len == 0 || marker == docs[i].marker,
                  "doc %zu byte by byte marker", i);
        free(bytes);
    }
}

static void test_take_candidate(void)
{
    mst_html_scanner s;
    char out[MST_HTML_CAND_MAX];
    mst_html_scanner_init(&s);
    CU_ASSERT_EQUAL(mst_html_scan(&s, "abc</he", 7), 0);
    CU_ASSERT_EQUAL(s.cand_here, 1);
    CU_ASSERT_EQUAL(s.cand_off, 3);
    CU_ASSERT_EQUAL(mst_html_take_candidate(&s, out), 4);
    CU_ASSERT_EQUAL(memcmp(out, "</he", 4), 0);
    CU_ASSERT_EQUAL(s.cand_len, 0);
    CU_ASSERT_EQUAL(mst_html_take_candidate(&s, out), 0);
}

static void test_csp_nonce(void)
{
    /* columns: Content-Security-Policy value, expected nonce (NULL: none) */
    static const struct {
        const char *policy, *nonce;
    } rows[] = {
        {"script-src 'nonce-abc123'", "abc123"},
        {"default-src 'self'; script-src 'self' 'nonce-R2V0-_/+='", "R2V0-_/+="},
        {"default-src 'nonce-dflt'", "dflt"},
        {"default-src 'nonce-dflt'; script-src 'self'", NULL}, /* script-src wins, no nonce */
        {"script-src 'nonce-aa'; script-src-elem 'nonce-bb'", "bb"},
        {"script-src-elem 'nonce-bb'; script-src 'nonce-aa'", "bb"},
        {"style-src 'nonce-style'", NULL},
        {"script-src 'nonce-x'", NULL}, /* one character: too short */
        {"script-src 'nonce-a b'", NULL},
        {"script-src 'nonce-<bad>'", NULL}, /* not base64 */
        {"script-src nonce-abc", NULL},     /* not quoted */
        {"SCRIPT-SRC 'NONCE-abc'", "abc"},
        {"", NULL},
        {";;;", NULL},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *got = mst_csp_nonce(unit_pool, rows[i].policy);
        MST_CHECK((got == NULL && rows[i].nonce == NULL) ||
                      (got && rows[i].nonce && strcmp(got, rows[i].nonce) == 0),
                  "%s: got %s", rows[i].policy, got ? got : "NULL");
    }
}

int register_html_suite(void)
{
    static const unit_test tests[] = {
        {"insertion point of whole documents", test_unsplit},
        {"the same point at every split", test_every_split},
        {"a held candidate", test_take_candidate},
        {"CSP nonce", test_csp_nonce},
    };
    return UNIT_REGISTER("html", unit_fixture_open, unit_fixture_close, tests);
}

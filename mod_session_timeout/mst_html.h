/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_html.h: where the warning-dialog <script> tag goes in an HTML stream,
 * and the nonce a Content-Security-Policy allows scripts with.
 *
 * Pure core: APR only, no httpd headers, no allocation in the scanner. The
 * scanner reads a document piece by piece (httpd's brigades split it
 * anywhere) with a small state machine shaped like the WHATWG HTML
 * tokenizer: tags and their attributes (quoted and unquoted values),
 * comments, bogus comments and DOCTYPEs, and the elements whose content is
 * not markup (script with its escaped forms; style, xmp, iframe, noembed,
 * noframes and noscript as raw text; title and textarea as RCDATA;
 * plaintext to the end). It finds the first end tag "</head" or "</body"
 * whose '<' the tokenizer reads in the data state, so the tag inserted
 * before it is markup of its own and never lands inside an attribute
 * value, a comment or a script. It notices a page that already carries our
 * tag: a <script> start tag with the attribute MST_HTML_MARKER.
 *
 * What it does not model is tree construction: inside <svg> or <math>
 * (foreign content) the tokenizer of a browser treats "<![CDATA[" and the
 * raw-text elements differently, and a few insertion modes ignore a start
 * tag (a <style> in <select>, anything in <frameset>); there the scanner
 * reads the markup as it would in HTML content. */
#ifndef MST_HTML_H
#define MST_HTML_H

#include <apr_pools.h>

#define MST_HTML_MARKER "data-session-timeout" /* attribute of our <script> tag */
/* The most bytes of one candidate the glue holds between two pieces: '<' +
 * "/head" + delimiter is 7; the rest is room to spare. */
#define MST_HTML_CAND_MAX 16
#define MST_HTML_NAME_MAX 9 /* the longest tag name the scanner tells apart: "plaintext" */

/* Scanner state. Fields read by callers: marker_seen, cand_len (bytes of an
 * open candidate, 0: none), cand_off and cand_here (see mst_html_scan). The
 * others belong to mst_html.c. */
typedef struct mst_html_scanner {
    int state;                    /* tokenizer state */
    int tag_end;                  /* the current tag is an end tag */
    char name[MST_HTML_NAME_MAX]; /* its name, lowercase, while it fits */
    apr_size_t name_len;          /* its length (more than fits: no name we know) */
    apr_size_t attr_len;          /* length of the current attribute name ... */
    int attr_ok;                  /* ... and whether it is MST_HTML_MARKER so far */
    int text_elem;                /* the raw-text/RCDATA/script element we are in */
    apr_size_t buf_len;           /* an end tag name inside it (or "script" in an */
    int buf_ok;                   /* escaped script): length, matches so far */
    int buf_elem;                 /* the element whose name it is compared with */
    int marker_seen;              /* the page already has our tag */
    char cand[MST_HTML_CAND_MAX]; /* a '<' and the bytes after it, not yet decided */
    apr_size_t cand_len;
    apr_size_t cand_off; /* offset of the candidate's '<' in the piece where it began */
    int cand_here;       /* the last '<' that opened a candidate was in the last piece */
} mst_html_scanner;

/* Starts a document. */
void mst_html_scanner_init(mst_html_scanner *s);

/* Scans the next len bytes of the document. Returns 1 when the insertion
 * point is complete: the tag goes before the '<' of the candidate, which is
 * at data[cand_off] if cand_here, else at cand_off of the earlier piece where
 * it began. Returns 0 otherwise; a candidate may then still be open. */
int mst_html_scan(mst_html_scanner *s, const char *data, apr_size_t len);

/* Takes an open candidate out of the scanner so that it can be scanned again
 * at the start of the next piece: copies its bytes to out (at least
 * MST_HTML_CAND_MAX bytes), rewinds the scanner to the state before the
 * candidate's '<', and returns the count (0 when none is open). */
apr_size_t mst_html_take_candidate(mst_html_scanner *s, char *out);

/* The nonce that one Content-Security-Policy header value gives scripts: the
 * 'nonce-XYZ' source of script-src-elem, else script-src, else (when neither
 * directive is present) default-src; XYZ must be base64 or base64url. NULL
 * when there is none. Result from p. */
const char *mst_csp_nonce(apr_pool_t *p, const char *policy);

#endif

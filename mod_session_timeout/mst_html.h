/* mst_html.h: where the warning-dialog <script> tag goes in an HTML stream,
 * and the nonce a Content-Security-Policy allows scripts with.
 *
 * Pure core: APR only, no httpd headers, no allocation in the scanner. The
 * scanner reads a document piece by piece (httpd's brigades split it
 * anywhere) and finds the first "</head" or "</body" outside comments,
 * <script> and <style>; the glue inserts the tag before its '<'. It also
 * notices a page that already carries our tag (MST_HTML_MARKER). */
#ifndef MST_HTML_H
#define MST_HTML_H

#include <apr_pools.h>

#define MST_HTML_MARKER                                                                            \
    "data-session-timeout"   /* attribute of our tag; a page with it gets none                     \
                              */
#define MST_HTML_CAND_MAX 16 /* '<' + the longest markup name + delimiter */

/* Scanner state. Fields read by callers: marker_seen, cand_len (bytes of an
 * open candidate, 0: none), cand_off and cand_here (see mst_html_scan). */
typedef struct mst_html_scanner {
    int mode;                     /* text, comment, script or style */
    int dashes;                   /* in a comment: consecutive '-' just seen */
    int marker;                   /* characters of MST_HTML_MARKER matched so far */
    int marker_seen;              /* the page already has our tag */
    int marker_at_cand;           /* marker as it was at the candidate's '<' */
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
 * MST_HTML_CAND_MAX bytes), rewinds the marker match, and returns the count
 * (0 when none is open). */
apr_size_t mst_html_take_candidate(mst_html_scanner *s, char *out);

/* The nonce that one Content-Security-Policy header value gives scripts: the
 * 'nonce-XYZ' source of script-src-elem, else script-src, else (when neither
 * directive is present) default-src; XYZ must be base64 or base64url. NULL
 * when there is none. Result from p. */
const char *mst_csp_nonce(apr_pool_t *p, const char *policy);

#endif

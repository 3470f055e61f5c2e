/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* fuzz_html.c: libFuzzer target for mst_html.c, the dialog filter's HTML
 * insertion-point scanner and CSP nonce reader.
 *
 * Properties:
 *   - the insertion point found in the whole input is the one found when the
 *     input arrives in two pieces cut anywhere (the first input byte picks
 *     the cut) or byte by byte, with held candidates fed again as the filter
 *     does, and so is the marker;
 *   - it is the one an independent reference finds: ref_tokenize below reads
 *     the whole input at once, transcribing the tokenizer of the HTML
 *     Living Standard (13.2.5) state by state, without the merged states of
 *     mst_html.c, and says which bytes are read in the data state. The
 *     insertion point is the first '<' read in the data state that begins
 *     "</head" or "</body" plus whitespace, '/' or '>'; the tag inserted
 *     there always starts in the data state (issue 12 item 1). The marker
 *     is seen iff a <script> start tag with a data-session-timeout attribute
 *     was emitted before that point;
 *   - a nonce read from the input as a CSP value is base64 text that occurs
 *     in the input. */
#include "fuzz.h"
#include "mst_html.h"

/* ---- the streaming scanner, fed as the filter feeds it ---- */

/* The document offset of the insertion point, or -1; *marker gets
 * marker_seen at that point. step 0: the whole input in one piece. */
static long scan_in_pieces(const char *doc, size_t len, size_t step, int *marker)
{
    mst_html_scanner s;
    char held[MST_HTML_CAND_MAX] = {0};
    size_t held_len = 0, start = 0, cand_doc_off = 0;

    mst_html_scanner_init(&s);
    *marker = 0;
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
            *marker = s.marker_seen;
            return (long)cand_doc_off;
        }
        held_len = mst_html_take_candidate(&s, held);
        FUZZ_CHECK(held_len <= MST_HTML_CAND_MAX);
        start = end;
        if (len == 0) {
            break;
        }
    }
    return -1;
}

/* ---- the reference: the standard's tokenizer over the whole input ---- */

enum {
    R_DATA,
    R_RCDATA,
    R_RAWTEXT,
    R_SCRIPT_DATA,
    R_PLAINTEXT,
    R_TAG_OPEN,
    R_END_TAG_OPEN,
    R_TAG_NAME,
    R_RCDATA_LT,
    R_RCDATA_END_TAG_OPEN,
    R_RCDATA_END_TAG_NAME,
    R_RAWTEXT_LT,
    R_RAWTEXT_END_TAG_OPEN,
    R_RAWTEXT_END_TAG_NAME,
    R_SCRIPT_DATA_LT,
    R_SCRIPT_DATA_END_TAG_OPEN,
    R_SCRIPT_DATA_END_TAG_NAME,
    R_SCRIPT_DATA_ESCAPE_START,
    R_SCRIPT_DATA_ESCAPE_START_DASH,
    R_SCRIPT_DATA_ESCAPED,
    R_SCRIPT_DATA_ESCAPED_DASH,
    R_SCRIPT_DATA_ESCAPED_DASH_DASH,
    R_SCRIPT_DATA_ESCAPED_LT,
    R_SCRIPT_DATA_ESCAPED_END_TAG_OPEN,
    R_SCRIPT_DATA_ESCAPED_END_TAG_NAME,
    R_SCRIPT_DATA_DOUBLE_ESCAPE_START,
    R_SCRIPT_DATA_DOUBLE_ESCAPED,
    R_SCRIPT_DATA_DOUBLE_ESCAPED_DASH,
    R_SCRIPT_DATA_DOUBLE_ESCAPED_DASH_DASH,
    R_SCRIPT_DATA_DOUBLE_ESCAPED_LT,
    R_SCRIPT_DATA_DOUBLE_ESCAPE_END,
    R_BEFORE_ATTRIBUTE_NAME,
    R_ATTRIBUTE_NAME,
    R_AFTER_ATTRIBUTE_NAME,
    R_BEFORE_ATTRIBUTE_VALUE,
    R_ATTRIBUTE_VALUE_DOUBLE_QUOTED,
    R_ATTRIBUTE_VALUE_SINGLE_QUOTED,
    R_ATTRIBUTE_VALUE_UNQUOTED,
    R_AFTER_ATTRIBUTE_VALUE_QUOTED,
    R_SELF_CLOSING_START_TAG,
    R_BOGUS_COMMENT,
    R_MARKUP_DECLARATION_OPEN,
    R_COMMENT_START,
    R_COMMENT_START_DASH,
    R_COMMENT,
    R_COMMENT_LT,
    R_COMMENT_LT_BANG,
    R_COMMENT_LT_BANG_DASH,
    R_COMMENT_LT_BANG_DASH_DASH,
    R_COMMENT_END_DASH,
    R_COMMENT_END,
    R_COMMENT_END_BANG,
    R_DOCTYPE,
    R_BEFORE_DOCTYPE_NAME,
    R_DOCTYPE_NAME,
    R_AFTER_DOCTYPE_NAME,
    R_AFTER_DOCTYPE_PUBLIC_KEYWORD,
    R_BEFORE_DOCTYPE_PUBLIC_IDENTIFIER,
    R_DOCTYPE_PUBLIC_IDENTIFIER_DOUBLE_QUOTED,
    R_DOCTYPE_PUBLIC_IDENTIFIER_SINGLE_QUOTED,
    R_AFTER_DOCTYPE_PUBLIC_IDENTIFIER,
    R_BETWEEN_DOCTYPE_PUBLIC_AND_SYSTEM_IDENTIFIERS,
    R_AFTER_DOCTYPE_SYSTEM_KEYWORD,
    R_BEFORE_DOCTYPE_SYSTEM_IDENTIFIER,
    R_DOCTYPE_SYSTEM_IDENTIFIER_DOUBLE_QUOTED,
    R_DOCTYPE_SYSTEM_IDENTIFIER_SINGLE_QUOTED,
    R_AFTER_DOCTYPE_SYSTEM_IDENTIFIER,
    R_BOGUS_DOCTYPE
};

#define REF_NAME 64 /* longer names are kept as their first REF_NAME bytes + a flag */

/* A growing string of bounded length: enough to compare with known names. */
typedef struct {
    char b[REF_NAME];
    size_t n;
    int over;
} ref_str;

static void rs_clear(ref_str *s)
{
    s->n = 0;
    s->over = 0;
}

static void rs_add(ref_str *s, char c)
{
    if (s->n < REF_NAME) {
        s->b[s->n++] = c;
    } else {
        s->over = 1;
    }
}

static int rs_is(const ref_str *s, const char *name)
{
    return !s->over && s->n == strlen(name) && memcmp(s->b, name, s->n) == 0;
}

static int rs_eq(const ref_str *a, const ref_str *b)
{
    return !a->over && !b->over && a->n == b->n && memcmp(a->b, b->b, a->n) == 0;
}

typedef struct {
    int state;
    int end_tag;        /* the current tag token is an end tag */
    ref_str tag;        /* its name */
    ref_str attr;       /* the attribute name being read */
    int has_marker;     /* the current tag has a data-session-timeout attribute */
    ref_str last_start; /* the name of the last start tag emitted */
    ref_str tmp;        /* the temporary buffer */
    long marker_at;     /* offset of the '>' of the first <script data-session-timeout> */
} ref_tok;

/* Whitespace as the tokenizer sees it: tab, LF, FF, space, and CR, which the
 * input stream preprocessor turns into LF (a CR LF pair becomes one LF; two
 * whitespace characters in a row are read as one wherever it matters). */
static int r_ws(unsigned char c)
{
    return c == 0x09 || c == 0x0a || c == 0x0c || c == 0x20 || c == 0x0d;
}

static int r_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

static int r_lower(unsigned char c)
{
    return c >= 'a' && c <= 'z';
}

static int r_alpha(unsigned char c)
{
    return r_upper(c) || r_lower(c);
}

static char r_tolower(unsigned char c)
{
    return (char)(r_upper(c) ? c + 0x20 : c);
}

/* The ASCII case-insensitive match of word at d[i..n). */
static int r_ahead_ci(const unsigned char *d, size_t n, size_t i, const char *word)
{
    size_t k = strlen(word);
    if (n - i < k) {
        return 0;
    }
    for (size_t j = 0; j < k; j++) {
        if (r_tolower(d[i + j]) != r_tolower((unsigned char)word[j])) {
            return 0;
        }
    }
    return 1;
}

static void r_new_tag(ref_tok *t, int end)
{
    t->end_tag = end;
    rs_clear(&t->tag);
    t->has_marker = 0;
}

static void r_leave_attribute_name(ref_tok *t)
{
    if (rs_is(&t->attr, MST_HTML_MARKER)) {
        t->has_marker = 1;
    }
}

/* Emits the current tag: data state, then what the tree builder does for
 * the start tags of elements with text content (scripting enabled). */
static void r_emit_tag(ref_tok *t, size_t i)
{
    t->state = R_DATA;
    if (t->end_tag) {
        return;
    }
    t->last_start = t->tag;
    if (rs_is(&t->tag, "script")) {
        t->state = R_SCRIPT_DATA;
        if (t->has_marker && t->marker_at < 0) {
            t->marker_at = (long)i;
        }
    } else if (rs_is(&t->tag, "title") || rs_is(&t->tag, "textarea")) {
        t->state = R_RCDATA;
    } else if (rs_is(&t->tag, "style") || rs_is(&t->tag, "xmp") || rs_is(&t->tag, "iframe") ||
               rs_is(&t->tag, "noembed") || rs_is(&t->tag, "noframes") ||
               rs_is(&t->tag, "noscript")) {
        t->state = R_RAWTEXT;
    } else if (rs_is(&t->tag, "plaintext")) {
        t->state = R_PLAINTEXT;
    }
}

static void r_tag_name_add(ref_tok *t, unsigned char c)
{
    if (c == 0) {
        rs_add(&t->tag, (char)0xef); /* U+FFFD */
        rs_add(&t->tag, (char)0xbf);
        rs_add(&t->tag, (char)0xbd);
    } else {
        rs_add(&t->tag, r_tolower(c));
    }
}

/* The RCDATA / RAWTEXT / script data (escaped) end tag name states; text is
 * the state to go back to. Returns 1 to reconsume. */
static int r_text_end_tag_name(ref_tok *t, unsigned char c, size_t i, int text)
{
    int appropriate = rs_eq(&t->tag, &t->last_start);
    if (r_ws(c) && appropriate) {
        t->state = R_BEFORE_ATTRIBUTE_NAME;
        return 0;
    }
    if (c == '/' && appropriate) {
        t->state = R_SELF_CLOSING_START_TAG;
        return 0;
    }
    if (c == '>' && appropriate) {
        r_emit_tag(t, i);
        return 0;
    }
    if (r_alpha(c)) {
        rs_add(&t->tag, r_tolower(c));
        rs_add(&t->tmp, (char)c);
        return 0;
    }
    t->state = text;
    return 1;
}

/* Tokenises d[0..n); in_data[i] = 1 iff byte i is consumed in the data state
 * (after any reconsuming). Returns the offset of the first marker tag's '>',
 * or -1. */
static long ref_tokenize(const unsigned char *d, size_t n, unsigned char *in_data)
{
    ref_tok t;
    size_t i = 0;

    memset(&t, 0, sizeof(t));
    t.state = R_DATA;
    t.marker_at = -1;
    memset(in_data, 0, n);
    while (i < n) {
        unsigned char c = d[i];
        int again = 0; /* reconsume c in the new state */
        switch (t.state) {
        case R_DATA:
            in_data[i] = 1;
            if (c == '<') {
                t.state = R_TAG_OPEN;
            }
            break;
        case R_RCDATA:
            if (c == '<') {
                t.state = R_RCDATA_LT;
            }
            break;
        case R_RAWTEXT:
            if (c == '<') {
                t.state = R_RAWTEXT_LT;
            }
            break;
        case R_SCRIPT_DATA:
            if (c == '<') {
                t.state = R_SCRIPT_DATA_LT;
            }
            break;
        case R_PLAINTEXT:
            break;
        case R_TAG_OPEN:
            if (c == '!') {
                t.state = R_MARKUP_DECLARATION_OPEN;
            } else if (c == '/') {
                t.state = R_END_TAG_OPEN;
            } else if (r_alpha(c)) {
                r_new_tag(&t, 0);
                t.state = R_TAG_NAME;
                again = 1;
            } else if (c == '?') {
                t.state = R_BOGUS_COMMENT;
                again = 1;
            } else {
                t.state = R_DATA;
                again = 1;
            }
            break;
        case R_END_TAG_OPEN:
            if (r_alpha(c)) {
                r_new_tag(&t, 1);
                t.state = R_TAG_NAME;
                again = 1;
            } else if (c == '>') {
                t.state = R_DATA;
            } else {
                t.state = R_BOGUS_COMMENT;
                again = 1;
            }
            break;
        case R_TAG_NAME:
            if (r_ws(c)) {
                t.state = R_BEFORE_ATTRIBUTE_NAME;
            } else if (c == '/') {
                t.state = R_SELF_CLOSING_START_TAG;
            } else if (c == '>') {
                r_emit_tag(&t, i);
            } else {
                r_tag_name_add(&t, c);
            }
            break;
        case R_RCDATA_LT:
        case R_RAWTEXT_LT: {
            int text = t.state == R_RCDATA_LT ? R_RCDATA : R_RAWTEXT;
            if (c == '/') {
                rs_clear(&t.tmp);
                t.state = text == R_RCDATA ? R_RCDATA_END_TAG_OPEN : R_RAWTEXT_END_TAG_OPEN;
            } else {
                t.state = text;
                again = 1;
            }
            break;
        }
        case R_RCDATA_END_TAG_OPEN:
        case R_RAWTEXT_END_TAG_OPEN: {
            int rc = t.state == R_RCDATA_END_TAG_OPEN;
            if (r_alpha(c)) {
                r_new_tag(&t, 1);
                t.state = rc ? R_RCDATA_END_TAG_NAME : R_RAWTEXT_END_TAG_NAME;
            } else {
                t.state = rc ? R_RCDATA : R_RAWTEXT;
            }
            again = 1;
            break;
        }
        case R_RCDATA_END_TAG_NAME:
            again = r_text_end_tag_name(&t, c, i, R_RCDATA);
            break;
        case R_RAWTEXT_END_TAG_NAME:
            again = r_text_end_tag_name(&t, c, i, R_RAWTEXT);
            break;
        case R_SCRIPT_DATA_LT:
            if (c == '/') {
                rs_clear(&t.tmp);
                t.state = R_SCRIPT_DATA_END_TAG_OPEN;
            } else if (c == '!') {
                t.state = R_SCRIPT_DATA_ESCAPE_START;
            } else {
                t.state = R_SCRIPT_DATA;
                again = 1;
            }
            break;
        case R_SCRIPT_DATA_END_TAG_OPEN:
            if (r_alpha(c)) {
                r_new_tag(&t, 1);
                t.state = R_SCRIPT_DATA_END_TAG_NAME;
            } else {
                t.state = R_SCRIPT_DATA;
            }
            again = 1;
            break;
        case R_SCRIPT_DATA_END_TAG_NAME:
            again = r_text_end_tag_name(&t, c, i, R_SCRIPT_DATA);
            break;
        case R_SCRIPT_DATA_ESCAPE_START:
            if (c == '-') {
                t.state = R_SCRIPT_DATA_ESCAPE_START_DASH;
            } else {
                t.state = R_SCRIPT_DATA;
                again = 1;
            }
            break;
        case R_SCRIPT_DATA_ESCAPE_START_DASH:
            if (c == '-') {
                t.state = R_SCRIPT_DATA_ESCAPED_DASH_DASH;
            } else {
                t.state = R_SCRIPT_DATA;
                again = 1;
            }
            break;
        case R_SCRIPT_DATA_ESCAPED:
            if (c == '-') {
                t.state = R_SCRIPT_DATA_ESCAPED_DASH;
            } else if (c == '<') {
                t.state = R_SCRIPT_DATA_ESCAPED_LT;
            }
            break;
        case R_SCRIPT_DATA_ESCAPED_DASH:
            if (c == '-') {
                t.state = R_SCRIPT_DATA_ESCAPED_DASH_DASH;
            } else if (c == '<') {
                t.state = R_SCRIPT_DATA_ESCAPED_LT;
            } else {
                t.state = R_SCRIPT_DATA_ESCAPED;
            }
            break;
        case R_SCRIPT_DATA_ESCAPED_DASH_DASH:
            if (c == '-') {
                /* stay */
            } else if (c == '<') {
                t.state = R_SCRIPT_DATA_ESCAPED_LT;
            } else if (c == '>') {
                t.state = R_SCRIPT_DATA;
            } else {
                t.state = R_SCRIPT_DATA_ESCAPED;
            }
            break;
        case R_SCRIPT_DATA_ESCAPED_LT:
            if (c == '/') {
                rs_clear(&t.tmp);
                t.state = R_SCRIPT_DATA_ESCAPED_END_TAG_OPEN;
            } else if (r_alpha(c)) {
                rs_clear(&t.tmp);
                t.state = R_SCRIPT_DATA_DOUBLE_ESCAPE_START;
                again = 1;
            } else {
                t.state = R_SCRIPT_DATA_ESCAPED;
                again = 1;
            }
            break;
        case R_SCRIPT_DATA_ESCAPED_END_TAG_OPEN:
            if (r_alpha(c)) {
                r_new_tag(&t, 1);
                t.state = R_SCRIPT_DATA_ESCAPED_END_TAG_NAME;
            } else {
                t.state = R_SCRIPT_DATA_ESCAPED;
            }
            again = 1;
            break;
        case R_SCRIPT_DATA_ESCAPED_END_TAG_NAME:
            again = r_text_end_tag_name(&t, c, i, R_SCRIPT_DATA_ESCAPED);
            break;
        case R_SCRIPT_DATA_DOUBLE_ESCAPE_START:
        case R_SCRIPT_DATA_DOUBLE_ESCAPE_END: {
            int start = t.state == R_SCRIPT_DATA_DOUBLE_ESCAPE_START;
            int inner = start ? R_SCRIPT_DATA_DOUBLE_ESCAPED : R_SCRIPT_DATA_ESCAPED;
            int outer = start ? R_SCRIPT_DATA_ESCAPED : R_SCRIPT_DATA_DOUBLE_ESCAPED;
            if (r_ws(c) || c == '/' || c == '>') {
                t.state = rs_is(&t.tmp, "script") ? inner : outer;
            } else if (r_alpha(c)) {
                rs_add(&t.tmp, r_tolower(c));
            } else {
                t.state = outer;
                again = 1;
            }
            break;
        }
        case R_SCRIPT_DATA_DOUBLE_ESCAPED:
            if (c == '-') {
                t.state = R_SCRIPT_DATA_DOUBLE_ESCAPED_DASH;
            } else if (c == '<') {
                t.state = R_SCRIPT_DATA_DOUBLE_ESCAPED_LT;
            }
            break;
        case R_SCRIPT_DATA_DOUBLE_ESCAPED_DASH:
            if (c == '-') {
                t.state = R_SCRIPT_DATA_DOUBLE_ESCAPED_DASH_DASH;
            } else if (c == '<') {
                t.state = R_SCRIPT_DATA_DOUBLE_ESCAPED_LT;
            } else {
                t.state = R_SCRIPT_DATA_DOUBLE_ESCAPED;
            }
            break;
        case R_SCRIPT_DATA_DOUBLE_ESCAPED_DASH_DASH:
            if (c == '-') {
                /* stay */
            } else if (c == '<') {
                t.state = R_SCRIPT_DATA_DOUBLE_ESCAPED_LT;
            } else if (c == '>') {
                t.state = R_SCRIPT_DATA;
            } else {
                t.state = R_SCRIPT_DATA_DOUBLE_ESCAPED;
            }
            break;
        case R_SCRIPT_DATA_DOUBLE_ESCAPED_LT:
            if (c == '/') {
                rs_clear(&t.tmp);
                t.state = R_SCRIPT_DATA_DOUBLE_ESCAPE_END;
            } else {
                t.state = R_SCRIPT_DATA_DOUBLE_ESCAPED;
                again = 1;
            }
            break;
        case R_BEFORE_ATTRIBUTE_NAME:
            if (r_ws(c)) {
                /* ignore */
            } else if (c == '/' || c == '>') {
                t.state = R_AFTER_ATTRIBUTE_NAME;
                again = 1;
            } else if (c == '=') {
                rs_clear(&t.attr);
                rs_add(&t.attr, '=');
                t.state = R_ATTRIBUTE_NAME;
            } else {
                rs_clear(&t.attr);
                t.state = R_ATTRIBUTE_NAME;
                again = 1;
            }
            break;
        case R_ATTRIBUTE_NAME:
            if (r_ws(c) || c == '/' || c == '>') {
                r_leave_attribute_name(&t);
                t.state = R_AFTER_ATTRIBUTE_NAME;
                again = 1;
            } else if (c == '=') {
                r_leave_attribute_name(&t);
                t.state = R_BEFORE_ATTRIBUTE_VALUE;
            } else if (c == 0) {
                rs_add(&t.attr, (char)0xef);
                rs_add(&t.attr, (char)0xbf);
                rs_add(&t.attr, (char)0xbd);
            } else {
                rs_add(&t.attr, r_tolower(c));
            }
            break;
        case R_AFTER_ATTRIBUTE_NAME:
            if (r_ws(c)) {
                /* ignore */
            } else if (c == '/') {
                t.state = R_SELF_CLOSING_START_TAG;
            } else if (c == '=') {
                t.state = R_BEFORE_ATTRIBUTE_VALUE;
            } else if (c == '>') {
                r_emit_tag(&t, i);
            } else {
                rs_clear(&t.attr);
                t.state = R_ATTRIBUTE_NAME;
                again = 1;
            }
            break;
        case R_BEFORE_ATTRIBUTE_VALUE:
            if (r_ws(c)) {
                /* ignore */
            } else if (c == '"') {
                t.state = R_ATTRIBUTE_VALUE_DOUBLE_QUOTED;
            } else if (c == '\'') {
                t.state = R_ATTRIBUTE_VALUE_SINGLE_QUOTED;
            } else if (c == '>') {
                r_emit_tag(&t, i);
            } else {
                t.state = R_ATTRIBUTE_VALUE_UNQUOTED;
                again = 1;
            }
            break;
        case R_ATTRIBUTE_VALUE_DOUBLE_QUOTED:
            if (c == '"') {
                t.state = R_AFTER_ATTRIBUTE_VALUE_QUOTED;
            }
            break;
        case R_ATTRIBUTE_VALUE_SINGLE_QUOTED:
            if (c == '\'') {
                t.state = R_AFTER_ATTRIBUTE_VALUE_QUOTED;
            }
            break;
        case R_ATTRIBUTE_VALUE_UNQUOTED:
            if (r_ws(c)) {
                t.state = R_BEFORE_ATTRIBUTE_NAME;
            } else if (c == '>') {
                r_emit_tag(&t, i);
            }
            break;
        case R_AFTER_ATTRIBUTE_VALUE_QUOTED:
            if (r_ws(c)) {
                t.state = R_BEFORE_ATTRIBUTE_NAME;
            } else if (c == '/') {
                t.state = R_SELF_CLOSING_START_TAG;
            } else if (c == '>') {
                r_emit_tag(&t, i);
            } else {
                t.state = R_BEFORE_ATTRIBUTE_NAME;
                again = 1;
            }
            break;
        case R_SELF_CLOSING_START_TAG:
            if (c == '>') {
                r_emit_tag(&t, i);
            } else {
                t.state = R_BEFORE_ATTRIBUTE_NAME;
                again = 1;
            }
            break;
        case R_BOGUS_COMMENT:
            if (c == '>') {
                t.state = R_DATA;
            }
            break;
        case R_MARKUP_DECLARATION_OPEN:
            /* looks ahead from c, consuming what matches */
            if (n - i >= 2 && d[i] == '-' && d[i + 1] == '-') {
                i += 2;
                t.state = R_COMMENT_START;
                continue;
            }
            if (r_ahead_ci(d, n, i, "DOCTYPE")) {
                i += 7;
                t.state = R_DOCTYPE;
                continue;
            }
            if (n - i >= 7 && memcmp(d + i, "[CDATA[", 7) == 0) {
                /* HTML content: a bogus comment (foreign content is not modelled) */
                i += 7;
                t.state = R_BOGUS_COMMENT;
                continue;
            }
            t.state = R_BOGUS_COMMENT;
            again = 1;
            break;
        case R_COMMENT_START:
            if (c == '-') {
                t.state = R_COMMENT_START_DASH;
            } else if (c == '>') {
                t.state = R_DATA;
            } else {
                t.state = R_COMMENT;
                again = 1;
            }
            break;
        case R_COMMENT_START_DASH:
            if (c == '-') {
                t.state = R_COMMENT_END;
            } else if (c == '>') {
                t.state = R_DATA;
            } else {
                t.state = R_COMMENT;
                again = 1;
            }
            break;
        case R_COMMENT:
            if (c == '<') {
                t.state = R_COMMENT_LT;
            } else if (c == '-') {
                t.state = R_COMMENT_END_DASH;
            }
            break;
        case R_COMMENT_LT:
            if (c == '!') {
                t.state = R_COMMENT_LT_BANG;
            } else if (c == '<') {
                /* stay */
            } else {
                t.state = R_COMMENT;
                again = 1;
            }
            break;
        case R_COMMENT_LT_BANG:
            if (c == '-') {
                t.state = R_COMMENT_LT_BANG_DASH;
            } else {
                t.state = R_COMMENT;
                again = 1;
            }
            break;
        case R_COMMENT_LT_BANG_DASH:
            if (c == '-') {
                t.state = R_COMMENT_LT_BANG_DASH_DASH;
            } else {
                t.state = R_COMMENT_END_DASH;
                again = 1;
            }
            break;
        case R_COMMENT_LT_BANG_DASH_DASH:
            t.state = R_COMMENT_END; /* on '>' and on anything else (nested-comment) */
            again = 1;
            break;
        case R_COMMENT_END_DASH:
            if (c == '-') {
                t.state = R_COMMENT_END;
            } else {
                t.state = R_COMMENT;
                again = 1;
            }
            break;
        case R_COMMENT_END:
            if (c == '>') {
                t.state = R_DATA;
            } else if (c == '!') {
                t.state = R_COMMENT_END_BANG;
            } else if (c == '-') {
                /* stay */
            } else {
                t.state = R_COMMENT;
                again = 1;
            }
            break;
        case R_COMMENT_END_BANG:
            if (c == '-') {
                t.state = R_COMMENT_END_DASH;
            } else if (c == '>') {
                t.state = R_DATA;
            } else {
                t.state = R_COMMENT;
                again = 1;
            }
            break;
        case R_DOCTYPE:
            t.state = R_BEFORE_DOCTYPE_NAME;
            again = !r_ws(c);
            break;
        case R_BEFORE_DOCTYPE_NAME:
            if (r_ws(c)) {
                /* ignore */
            } else if (c == '>') {
                t.state = R_DATA;
            } else {
                t.state = R_DOCTYPE_NAME;
            }
            break;
        case R_DOCTYPE_NAME:
            if (r_ws(c)) {
                t.state = R_AFTER_DOCTYPE_NAME;
            } else if (c == '>') {
                t.state = R_DATA;
            }
            break;
        case R_AFTER_DOCTYPE_NAME:
            if (r_ws(c)) {
                /* ignore */
            } else if (c == '>') {
                t.state = R_DATA;
            } else if (r_ahead_ci(d, n, i, "PUBLIC")) {
                i += 6;
                t.state = R_AFTER_DOCTYPE_PUBLIC_KEYWORD;
                continue;
            } else if (r_ahead_ci(d, n, i, "SYSTEM")) {
                i += 6;
                t.state = R_AFTER_DOCTYPE_SYSTEM_KEYWORD;
                continue;
            } else {
                t.state = R_BOGUS_DOCTYPE;
                again = 1;
            }
            break;
        case R_AFTER_DOCTYPE_PUBLIC_KEYWORD:
        case R_BEFORE_DOCTYPE_PUBLIC_IDENTIFIER:
            if (r_ws(c)) {
                if (t.state == R_AFTER_DOCTYPE_PUBLIC_KEYWORD) {
                    t.state = R_BEFORE_DOCTYPE_PUBLIC_IDENTIFIER;
                }
            } else if (c == '"') {
                t.state = R_DOCTYPE_PUBLIC_IDENTIFIER_DOUBLE_QUOTED;
            } else if (c == '\'') {
                t.state = R_DOCTYPE_PUBLIC_IDENTIFIER_SINGLE_QUOTED;
            } else if (c == '>') {
                t.state = R_DATA;
            } else {
                t.state = R_BOGUS_DOCTYPE;
                again = 1;
            }
            break;
        case R_DOCTYPE_PUBLIC_IDENTIFIER_DOUBLE_QUOTED:
        case R_DOCTYPE_PUBLIC_IDENTIFIER_SINGLE_QUOTED: {
            char q = t.state == R_DOCTYPE_PUBLIC_IDENTIFIER_DOUBLE_QUOTED ? '"' : '\'';
            if (c == q) {
                t.state = R_AFTER_DOCTYPE_PUBLIC_IDENTIFIER;
            } else if (c == '>') {
                t.state = R_DATA; /* abrupt-doctype-public-identifier */
            }
            break;
        }
        case R_AFTER_DOCTYPE_PUBLIC_IDENTIFIER:
        case R_BETWEEN_DOCTYPE_PUBLIC_AND_SYSTEM_IDENTIFIERS:
            if (r_ws(c)) {
                t.state = R_BETWEEN_DOCTYPE_PUBLIC_AND_SYSTEM_IDENTIFIERS;
            } else if (c == '>') {
                t.state = R_DATA;
            } else if (c == '"') {
                t.state = R_DOCTYPE_SYSTEM_IDENTIFIER_DOUBLE_QUOTED;
            } else if (c == '\'') {
                t.state = R_DOCTYPE_SYSTEM_IDENTIFIER_SINGLE_QUOTED;
            } else {
                t.state = R_BOGUS_DOCTYPE;
                again = 1;
            }
            break;
        case R_AFTER_DOCTYPE_SYSTEM_KEYWORD:
        case R_BEFORE_DOCTYPE_SYSTEM_IDENTIFIER:
            if (r_ws(c)) {
                if (t.state == R_AFTER_DOCTYPE_SYSTEM_KEYWORD) {
                    t.state = R_BEFORE_DOCTYPE_SYSTEM_IDENTIFIER;
                }
            } else if (c == '"') {
                t.state = R_DOCTYPE_SYSTEM_IDENTIFIER_DOUBLE_QUOTED;
            } else if (c == '\'') {
                t.state = R_DOCTYPE_SYSTEM_IDENTIFIER_SINGLE_QUOTED;
            } else if (c == '>') {
                t.state = R_DATA;
            } else {
                t.state = R_BOGUS_DOCTYPE;
                again = 1;
            }
            break;
        case R_DOCTYPE_SYSTEM_IDENTIFIER_DOUBLE_QUOTED:
        case R_DOCTYPE_SYSTEM_IDENTIFIER_SINGLE_QUOTED: {
            char q = t.state == R_DOCTYPE_SYSTEM_IDENTIFIER_DOUBLE_QUOTED ? '"' : '\'';
            if (c == q) {
                t.state = R_AFTER_DOCTYPE_SYSTEM_IDENTIFIER;
            } else if (c == '>') {
                t.state = R_DATA; /* abrupt-doctype-system-identifier */
            }
            break;
        }
        case R_AFTER_DOCTYPE_SYSTEM_IDENTIFIER:
            if (r_ws(c)) {
                /* ignore */
            } else if (c == '>') {
                t.state = R_DATA;
            } else {
                t.state = R_BOGUS_DOCTYPE;
                again = 1;
            }
            break;
        case R_BOGUS_DOCTYPE:
            if (c == '>') {
                t.state = R_DATA;
            }
            break;
        default:
            FUZZ_CHECK(!"unknown reference state");
        }
        if (!again) {
            i++;
        }
    }
    return t.marker_at;
}

/* The reference insertion point: the first '<' read in the data state that
 * begins "</head" or "</body" and a delimiter. -1 when there is none. */
static long ref_insertion_point(const unsigned char *d, size_t n, const unsigned char *in_data)
{
    for (size_t i = 0; i + 6 < n; i++) {
        if (in_data[i] && d[i] == '<' &&
            (r_ahead_ci(d, n, i, "</head") || r_ahead_ci(d, n, i, "</body")) &&
            (r_ws(d[i + 6]) || d[i + 6] == '/' || d[i + 6] == '>')) {
            return (long)i;
        }
    }
    return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *doc = (const char *)data;
    size_t cut = size ? data[0] % (size + 1) : 0;
    int marker, m2, m1;
    long whole = scan_in_pieces(doc, size, 0, &marker);
    unsigned char *in_data = malloc(size ? size : 1);
    long ref, marker_at;
    char *policy;
    const char *nonce;

    FUZZ_CHECK(in_data != NULL);
    marker_at = ref_tokenize(data, size, in_data);
    ref = ref_insertion_point(data, size, in_data);

    FUZZ_CHECK(whole < 0 || (size_t)whole < size);
    FUZZ_CHECK(whole < 0 || doc[whole] == '<');
    /* the inserted tag starts in the data state, at the reference's point */
    FUZZ_CHECK(whole < 0 || in_data[whole]);
    FUZZ_CHECK(whole == ref);
    FUZZ_CHECK(whole < 0 || marker == (marker_at >= 0 && marker_at < whole));
    FUZZ_CHECK(scan_in_pieces(doc, size, cut ? cut : 1, &m2) == whole);
    FUZZ_CHECK(scan_in_pieces(doc, size, 1, &m1) == whole);
    FUZZ_CHECK(whole < 0 || (m2 == marker && m1 == marker));
    free(in_data);

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

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_html.c: the HTML insertion-point scanner and the CSP nonce reader
 * behind the warning-dialog filter, see mst_html.h.
 *
 * The scanner is the part of the WHATWG HTML tokenizer (HTML Living
 * Standard, 13.2.5 "Tokenization") that decides which state each byte is
 * read in, one byte at a time so that a document may arrive in any number
 * of pieces. Its states and their names follow the standard; it merges
 * states that differ only in what they emit or report:
 *   - DOCTYPE and all its sub-states end at the first '>' (every one of
 *     them switches to the data state on '>'), and so do "<![CDATA[" in
 *     HTML content and any other "<!": all are the bogus comment state;
 *   - the comment less-than-sign states lead back to the same comment
 *     states a '-' or '>' would reach without them;
 *   - RCDATA (title, textarea) differs from RAWTEXT only in character
 *     references, which never change the state: one family serves both.
 * Character references are ignored everywhere for the same reason. The
 * input is taken as bytes of an ASCII-compatible encoding; CR is
 * whitespace, as the input stream preprocessor turns it into LF. */
#include <string.h>

#include <apr_lib.h>
#include <apr_strings.h>

#include "mst_html.h"

typedef enum {
    S_DATA,
    S_TAG_OPEN,
    S_END_TAG_OPEN,
    S_TAG_NAME,
    S_BEFORE_ATTR_NAME,
    S_ATTR_NAME,
    S_AFTER_ATTR_NAME,
    S_BEFORE_ATTR_VALUE,
    S_ATTR_VALUE_DQ,
    S_ATTR_VALUE_SQ,
    S_ATTR_VALUE_UQ,
    S_AFTER_ATTR_VALUE_QUOTED,
    S_SELF_CLOSING_START_TAG,
    S_MARKUP_DECLARATION_OPEN, /* after "<!" */
    S_MARKUP_DECLARATION_DASH, /* after "<!-" */
    S_BOGUS_COMMENT,
    S_COMMENT_START,
    S_COMMENT_START_DASH,
    S_COMMENT,
    S_COMMENT_END_DASH,
    S_COMMENT_END,
    S_COMMENT_END_BANG,
    S_RAWTEXT, /* also RCDATA */
    S_RAWTEXT_LT,
    S_RAWTEXT_END_TAG_OPEN,
    S_RAWTEXT_END_TAG_NAME,
    S_SCRIPT,
    S_SCRIPT_LT,
    S_SCRIPT_END_TAG_OPEN,
    S_SCRIPT_END_TAG_NAME,
    S_SCRIPT_ESCAPE_START,
    S_SCRIPT_ESCAPE_START_DASH,
    S_SCRIPT_ESCAPED,
    S_SCRIPT_ESCAPED_DASH,
    S_SCRIPT_ESCAPED_DASH_DASH,
    S_SCRIPT_ESCAPED_LT,
    S_SCRIPT_ESCAPED_END_TAG_OPEN,
    S_SCRIPT_ESCAPED_END_TAG_NAME,
    S_SCRIPT_DOUBLE_ESCAPE_START,
    S_SCRIPT_DOUBLE_ESCAPED,
    S_SCRIPT_DOUBLE_ESCAPED_DASH,
    S_SCRIPT_DOUBLE_ESCAPED_DASH_DASH,
    S_SCRIPT_DOUBLE_ESCAPED_LT,
    S_SCRIPT_DOUBLE_ESCAPE_END,
    S_PLAINTEXT
} html_state;

/* The start tags after which the tree builder switches the tokenizer out of
 * the data state (scripting enabled, as in a browser), and to which state. */
#define ELEM_SCRIPT 0
static const struct {
    const char *name;
    html_state state;
} text_elems[] = {
    {"script", S_SCRIPT},       {"style", S_RAWTEXT},    {"xmp", S_RAWTEXT},
    {"iframe", S_RAWTEXT},      {"noembed", S_RAWTEXT},  {"noframes", S_RAWTEXT},
    {"noscript", S_RAWTEXT},    {"textarea", S_RAWTEXT}, {"title", S_RAWTEXT},
    {"plaintext", S_PLAINTEXT},
};
#define N_TEXT_ELEMS ((int)(sizeof(text_elems) / sizeof(text_elems[0])))

/* The end tags the tag goes before, as "/name" after the '<'. */
static const char *const insert_before[] = {"/head", "/body"};
#define INSERT_NAME_LEN 5

/* HTML's ASCII whitespace, with CR (the preprocessor makes it LF). Not VT. */
static int is_space(unsigned char c)
{
    return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(unsigned char c)
{
    return (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

void mst_html_scanner_init(mst_html_scanner *s)
{
    memset(s, 0, sizeof(*s));
    s->state = S_DATA;
}

/* ---- the current tag ---- */

static void tag_begin(mst_html_scanner *s, int end)
{
    s->tag_end = end;
    s->name_len = 0;
}

static void name_add(mst_html_scanner *s, unsigned char c)
{
    if (s->name_len < MST_HTML_NAME_MAX) {
        s->name[s->name_len] = lower(c);
    }
    if (s->name_len <= MST_HTML_NAME_MAX) {
        s->name_len++; /* MST_HTML_NAME_MAX + 1: longer than any name we know */
    }
}

static int name_is(const mst_html_scanner *s, const char *name)
{
    return s->name_len == strlen(name) && memcmp(s->name, name, s->name_len) == 0;
}

static void attr_begin(mst_html_scanner *s)
{
    s->attr_len = 0;
    s->attr_ok = 1;
}

static void attr_add(mst_html_scanner *s, unsigned char c)
{
    static const char marker[] = MST_HTML_MARKER;
    if (s->attr_ok && (s->attr_len >= sizeof(marker) - 1 || lower(c) != marker[s->attr_len])) {
        s->attr_ok = 0;
    }
    if (s->attr_ok) {
        s->attr_len++;
    }
}

/* The attribute name is complete: our marker on a <script> start tag? */
static void attr_end(mst_html_scanner *s)
{
    if (s->attr_ok && s->attr_len == sizeof(MST_HTML_MARKER) - 1 && !s->tag_end &&
        name_is(s, text_elems[ELEM_SCRIPT].name)) {
        s->marker_seen = 1;
    }
}

/* The tag is complete ('>'): a start tag of a raw-text, RCDATA, script or
 * plaintext element switches the tokenizer to its content state. */
static void tag_emit(mst_html_scanner *s)
{
    s->state = S_DATA;
    if (s->tag_end) {
        return;
    }
    for (int i = 0; i < N_TEXT_ELEMS; i++) {
        if (name_is(s, text_elems[i].name)) {
            s->state = (int)text_elems[i].state;
            s->text_elem = i;
            return;
        }
    }
}

/* ---- the temporary buffer: an end tag name inside raw text, or "script"
 * in an escaped script, compared with the name of text_elems[elem] ---- */

static void buf_begin(mst_html_scanner *s, int elem)
{
    s->buf_len = 0;
    s->buf_ok = 1;
    s->buf_elem = elem;
}

static void buf_add(mst_html_scanner *s, unsigned char c)
{
    const char *name = text_elems[s->buf_elem].name;
    if (s->buf_ok && (s->buf_len >= strlen(name) || lower(c) != name[s->buf_len])) {
        s->buf_ok = 0;
    }
    if (s->buf_ok) {
        s->buf_len++;
    }
}

static int buf_full(const mst_html_scanner *s)
{
    return s->buf_ok && s->buf_len == strlen(text_elems[s->buf_elem].name);
}

/* The RAWTEXT, script data and script data escaped end tag name states:
 * the "appropriate end tag" (the element's own name) followed by
 * whitespace, '/' or '>' is a real end tag; anything else is text again
 * (fallback). Returns 1 when c is to be read again in the new state. */
static int end_tag_name(mst_html_scanner *s, unsigned char c, html_state fallback)
{
    if (is_space(c) || c == '/' || c == '>') {
        if (!buf_full(s)) {
            s->state = (int)fallback;
            return 1;
        }
        tag_begin(s, 1);
        if (c == '>') {
            tag_emit(s);
        } else {
            s->state = c == '/' ? S_SELF_CLOSING_START_TAG : S_BEFORE_ATTR_NAME;
        }
        return 0;
    }
    if (is_alpha(c)) {
        buf_add(s, c);
        return 0;
    }
    s->state = (int)fallback;
    return 1;
}

/* Reads one byte. Returns 1 if it is a '<' read in the data state (after
 * any reconsuming), i.e. one that may start the end tag we look for. */
static int step(mst_html_scanner *s, unsigned char c)
{
    for (;;) {
        switch ((html_state)s->state) {
        case S_DATA:
            if (c == '<') {
                s->state = S_TAG_OPEN;
                return 1;
            }
            return 0;
        case S_TAG_OPEN:
            if (c == '!') {
                s->state = S_MARKUP_DECLARATION_OPEN;
            } else if (c == '/') {
                s->state = S_END_TAG_OPEN;
            } else if (is_alpha(c)) {
                tag_begin(s, 0);
                s->state = S_TAG_NAME;
                continue;
            } else if (c == '?') {
                s->state = S_BOGUS_COMMENT;
            } else {
                s->state = S_DATA; /* the '<' was text */
                continue;
            }
            return 0;
        case S_END_TAG_OPEN:
            if (is_alpha(c)) {
                tag_begin(s, 1);
                s->state = S_TAG_NAME;
                continue;
            }
            if (c == '>') {
                s->state = S_DATA; /* "</>" is nothing */
                return 0;
            }
            s->state = S_BOGUS_COMMENT;
            continue;
        case S_TAG_NAME:
            if (is_space(c)) {
                s->state = S_BEFORE_ATTR_NAME;
            } else if (c == '/') {
                s->state = S_SELF_CLOSING_START_TAG;
            } else if (c == '>') {
                tag_emit(s);
            } else {
                name_add(s, c);
            }
            return 0;
        case S_BEFORE_ATTR_NAME:
            if (is_space(c)) {
                return 0;
            }
            if (c == '/' || c == '>') {
                s->state = S_AFTER_ATTR_NAME;
                continue;
            }
            attr_begin(s);
            s->state = S_ATTR_NAME;
            if (c == '=') {
                attr_add(s, c); /* a name that starts with '=' */
                return 0;
            }
            continue;
        case S_ATTR_NAME:
            if (is_space(c) || c == '/' || c == '>') {
                attr_end(s);
                s->state = S_AFTER_ATTR_NAME;
                continue;
            }
            if (c == '=') {
                attr_end(s);
                s->state = S_BEFORE_ATTR_VALUE;
            } else {
                attr_add(s, c);
            }
            return 0;
        case S_AFTER_ATTR_NAME:
            if (is_space(c)) {
                return 0;
            }
            if (c == '/') {
                s->state = S_SELF_CLOSING_START_TAG;
            } else if (c == '=') {
                s->state = S_BEFORE_ATTR_VALUE;
            } else if (c == '>') {
                tag_emit(s);
            } else {
                attr_begin(s);
                s->state = S_ATTR_NAME;
                continue;
            }
            return 0;
        case S_BEFORE_ATTR_VALUE:
            if (is_space(c)) {
                return 0;
            }
            if (c == '"') {
                s->state = S_ATTR_VALUE_DQ;
            } else if (c == '\'') {
                s->state = S_ATTR_VALUE_SQ;
            } else if (c == '>') {
                tag_emit(s);
            } else {
                s->state = S_ATTR_VALUE_UQ;
                continue;
            }
            return 0;
        case S_ATTR_VALUE_DQ:
            if (c == '"') {
                s->state = S_AFTER_ATTR_VALUE_QUOTED;
            }
            return 0;
        case S_ATTR_VALUE_SQ:
            if (c == '\'') {
                s->state = S_AFTER_ATTR_VALUE_QUOTED;
            }
            return 0;
        case S_ATTR_VALUE_UQ:
            if (is_space(c)) {
                s->state = S_BEFORE_ATTR_NAME;
            } else if (c == '>') {
                tag_emit(s);
            }
            return 0;
        case S_AFTER_ATTR_VALUE_QUOTED:
            if (is_space(c)) {
                s->state = S_BEFORE_ATTR_NAME;
            } else if (c == '/') {
                s->state = S_SELF_CLOSING_START_TAG;
            } else if (c == '>') {
                tag_emit(s);
            } else {
                s->state = S_BEFORE_ATTR_NAME; /* a missing space */
                continue;
            }
            return 0;
        case S_SELF_CLOSING_START_TAG:
            if (c == '>') {
                tag_emit(s); /* "<script/>" still starts a script */
                return 0;
            }
            s->state = S_BEFORE_ATTR_NAME;
            continue;
        case S_MARKUP_DECLARATION_OPEN:
            if (c == '-') {
                s->state = S_MARKUP_DECLARATION_DASH;
                return 0;
            }
            s->state = S_BOGUS_COMMENT; /* DOCTYPE, [CDATA[ and the rest */
            continue;
        case S_MARKUP_DECLARATION_DASH:
            if (c == '-') {
                s->state = S_COMMENT_START;
                return 0;
            }
            s->state = S_BOGUS_COMMENT; /* "<!-x": the '-' is no '>' either */
            continue;
        case S_BOGUS_COMMENT:
            if (c == '>') {
                s->state = S_DATA;
            }
            return 0;
        case S_COMMENT_START:
            if (c == '-') {
                s->state = S_COMMENT_START_DASH;
            } else if (c == '>') {
                s->state = S_DATA; /* "<!-->" */
            } else {
                s->state = S_COMMENT;
                continue;
            }
            return 0;
        case S_COMMENT_START_DASH:
            if (c == '-') {
                s->state = S_COMMENT_END;
            } else if (c == '>') {
                s->state = S_DATA; /* "<!--->" */
            } else {
                s->state = S_COMMENT;
                continue;
            }
            return 0;
        case S_COMMENT:
            if (c == '-') {
                s->state = S_COMMENT_END_DASH;
            }
            return 0;
        case S_COMMENT_END_DASH:
            if (c == '-') {
                s->state = S_COMMENT_END;
                return 0;
            }
            s->state = S_COMMENT;
            continue;
        case S_COMMENT_END:
            if (c == '>') {
                s->state = S_DATA;
            } else if (c == '!') {
                s->state = S_COMMENT_END_BANG;
            } else if (c != '-') {
                s->state = S_COMMENT;
                continue;
            }
            return 0;
        case S_COMMENT_END_BANG:
            if (c == '-') {
                s->state = S_COMMENT_END_DASH;
            } else if (c == '>') {
                s->state = S_DATA; /* "--!>" */
            } else {
                s->state = S_COMMENT;
                continue;
            }
            return 0;
        case S_RAWTEXT:
            if (c == '<') {
                s->state = S_RAWTEXT_LT;
            }
            return 0;
        case S_RAWTEXT_LT:
            if (c == '/') {
                s->state = S_RAWTEXT_END_TAG_OPEN;
                return 0;
            }
            s->state = S_RAWTEXT;
            continue;
        case S_RAWTEXT_END_TAG_OPEN:
            if (is_alpha(c)) {
                buf_begin(s, s->text_elem);
                s->state = S_RAWTEXT_END_TAG_NAME;
            } else {
                s->state = S_RAWTEXT;
            }
            continue;
        case S_RAWTEXT_END_TAG_NAME:
            if (end_tag_name(s, c, S_RAWTEXT)) {
                continue;
            }
            return 0;
        case S_SCRIPT:
            if (c == '<') {
                s->state = S_SCRIPT_LT;
            }
            return 0;
        case S_SCRIPT_LT:
            if (c == '/') {
                s->state = S_SCRIPT_END_TAG_OPEN;
            } else if (c == '!') {
                s->state = S_SCRIPT_ESCAPE_START;
            } else {
                s->state = S_SCRIPT;
                continue;
            }
            return 0;
        case S_SCRIPT_END_TAG_OPEN:
            if (is_alpha(c)) {
                buf_begin(s, ELEM_SCRIPT);
                s->state = S_SCRIPT_END_TAG_NAME;
            } else {
                s->state = S_SCRIPT;
            }
            continue;
        case S_SCRIPT_END_TAG_NAME:
            if (end_tag_name(s, c, S_SCRIPT)) {
                continue;
            }
            return 0;
        case S_SCRIPT_ESCAPE_START:
            if (c == '-') {
                s->state = S_SCRIPT_ESCAPE_START_DASH;
                return 0;
            }
            s->state = S_SCRIPT;
            continue;
        case S_SCRIPT_ESCAPE_START_DASH:
            if (c == '-') {
                s->state = S_SCRIPT_ESCAPED_DASH_DASH; /* "<!--" */
                return 0;
            }
            s->state = S_SCRIPT;
            continue;
        case S_SCRIPT_ESCAPED:
            if (c == '-') {
                s->state = S_SCRIPT_ESCAPED_DASH;
            } else if (c == '<') {
                s->state = S_SCRIPT_ESCAPED_LT;
            }
            return 0;
        case S_SCRIPT_ESCAPED_DASH:
            s->state = c == '-'   ? S_SCRIPT_ESCAPED_DASH_DASH
                       : c == '<' ? S_SCRIPT_ESCAPED_LT
                                  : S_SCRIPT_ESCAPED;
            return 0;
        case S_SCRIPT_ESCAPED_DASH_DASH:
            if (c == '<') {
                s->state = S_SCRIPT_ESCAPED_LT;
            } else if (c == '>') {
                s->state = S_SCRIPT; /* "-->" */
            } else if (c != '-') {
                s->state = S_SCRIPT_ESCAPED;
            }
            return 0;
        case S_SCRIPT_ESCAPED_LT:
            if (c == '/') {
                s->state = S_SCRIPT_ESCAPED_END_TAG_OPEN;
                return 0;
            }
            if (is_alpha(c)) {
                buf_begin(s, ELEM_SCRIPT);
                s->state = S_SCRIPT_DOUBLE_ESCAPE_START;
            } else {
                s->state = S_SCRIPT_ESCAPED;
            }
            continue;
        case S_SCRIPT_ESCAPED_END_TAG_OPEN:
            if (is_alpha(c)) {
                buf_begin(s, ELEM_SCRIPT);
                s->state = S_SCRIPT_ESCAPED_END_TAG_NAME;
            } else {
                s->state = S_SCRIPT_ESCAPED;
            }
            continue;
        case S_SCRIPT_ESCAPED_END_TAG_NAME:
            if (end_tag_name(s, c, S_SCRIPT_ESCAPED)) {
                continue;
            }
            return 0;
        case S_SCRIPT_DOUBLE_ESCAPE_START: /* "<script" inside "<!--" */
            if (is_space(c) || c == '/' || c == '>') {
                s->state = buf_full(s) ? S_SCRIPT_DOUBLE_ESCAPED : S_SCRIPT_ESCAPED;
            } else if (is_alpha(c)) {
                buf_add(s, c);
            } else {
                s->state = S_SCRIPT_ESCAPED;
                continue;
            }
            return 0;
        case S_SCRIPT_DOUBLE_ESCAPED:
            if (c == '-') {
                s->state = S_SCRIPT_DOUBLE_ESCAPED_DASH;
            } else if (c == '<') {
                s->state = S_SCRIPT_DOUBLE_ESCAPED_LT;
            }
            return 0;
        case S_SCRIPT_DOUBLE_ESCAPED_DASH:
            s->state = c == '-'   ? S_SCRIPT_DOUBLE_ESCAPED_DASH_DASH
                       : c == '<' ? S_SCRIPT_DOUBLE_ESCAPED_LT
                                  : S_SCRIPT_DOUBLE_ESCAPED;
            return 0;
        case S_SCRIPT_DOUBLE_ESCAPED_DASH_DASH:
            if (c == '<') {
                s->state = S_SCRIPT_DOUBLE_ESCAPED_LT;
            } else if (c == '>') {
                s->state = S_SCRIPT;
            } else if (c != '-') {
                s->state = S_SCRIPT_DOUBLE_ESCAPED;
            }
            return 0;
        case S_SCRIPT_DOUBLE_ESCAPED_LT:
            if (c == '/') {
                buf_begin(s, ELEM_SCRIPT);
                s->state = S_SCRIPT_DOUBLE_ESCAPE_END;
                return 0;
            }
            s->state = S_SCRIPT_DOUBLE_ESCAPED;
            continue;
        case S_SCRIPT_DOUBLE_ESCAPE_END: /* "</script" inside "<!--<script" */
            if (is_space(c) || c == '/' || c == '>') {
                s->state = buf_full(s) ? S_SCRIPT_ESCAPED : S_SCRIPT_DOUBLE_ESCAPED;
            } else if (is_alpha(c)) {
                buf_add(s, c);
            } else {
                s->state = S_SCRIPT_DOUBLE_ESCAPED;
                continue;
            }
            return 0;
        case S_PLAINTEXT:
            return 0;
        }
        return 0; /* not reached: every state is handled above */
    }
}

/* What the n bytes after a candidate's '<' are: 1 the end tag we insert
 * before (complete with its delimiter), 0 still a prefix of one, -1 not. */
static int classify(const char *b, apr_size_t n)
{
    for (size_t i = 0; i < sizeof(insert_before) / sizeof(insert_before[0]); i++) {
        apr_size_t k = n < INSERT_NAME_LEN ? n : INSERT_NAME_LEN;
        if (strncasecmp(b, insert_before[i], k) != 0) {
            continue;
        }
        if (n <= INSERT_NAME_LEN) {
            return 0;
        }
        return is_space((unsigned char)b[INSERT_NAME_LEN]) || b[INSERT_NAME_LEN] == '/' ||
                       b[INSERT_NAME_LEN] == '>'
                   ? 1
                   : -1;
    }
    return -1;
}

int mst_html_scan(mst_html_scanner *s, const char *data, apr_size_t len)
{
    s->cand_here = 0;
    for (apr_size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (s->cand_len > 0) {
            int verdict;
            s->cand[s->cand_len++] = (char)c;
            verdict = classify(s->cand + 1, s->cand_len - 1);
            if (verdict > 0) {
                return 1;
            }
            if (verdict < 0) {
                s->cand_len = 0; /* c may still start the next one */
            }
        }
        if (step(s, c)) {
            s->cand[0] = (char)c;
            s->cand_len = 1;
            s->cand_off = i;
            s->cand_here = 1;
        }
    }
    return 0;
}

apr_size_t mst_html_take_candidate(mst_html_scanner *s, char *out)
{
    apr_size_t n = s->cand_len;
    if (n == 0) {
        return 0;
    }
    memcpy(out, s->cand, n);
    s->cand_len = 0;
    /* A candidate is a '<' read in the data state and the start of an end
     * tag name after it: rewinding to the data state undoes it (the tag
     * fields it touched are set afresh by the next tag). */
    s->state = S_DATA;
    return n;
}

/* 1 if v is non-empty base64 or base64url text. */
static int is_b64_text(const char *v)
{
    if (*v == '\0') {
        return 0;
    }
    for (; *v; v++) {
        if (!(apr_isalnum(*v) || strchr("+/=-_", *v))) {
            return 0;
        }
    }
    return 1;
}

const char *mst_csp_nonce(apr_pool_t *p, const char *policy)
{
    const char *best = NULL;
    int best_rank = 0; /* 3 script-src-elem, 2 script-src, 1 default-src */
    char *copy = apr_pstrdup(p, policy), *last = NULL;

    for (char *dir = apr_strtok(copy, ";", &last); dir; dir = apr_strtok(NULL, ";", &last)) {
        char *tlast = NULL;
        const char *name = apr_strtok(dir, " \t", &tlast);
        int rank = !name                                      ? 0
                   : strcasecmp(name, "script-src-elem") == 0 ? 3
                   : strcasecmp(name, "script-src") == 0      ? 2
                   : strcasecmp(name, "default-src") == 0     ? 1
                                                              : 0;
        if (rank <= best_rank) {
            continue;
        }
        best_rank = rank;
        best = NULL;
        for (const char *t = apr_strtok(NULL, " \t", &tlast); t;
             t = apr_strtok(NULL, " \t", &tlast)) {
            apr_size_t n = strlen(t);
            if (n > 9 && strncasecmp(t, "'nonce-", 7) == 0 && t[n - 1] == '\'' && best == NULL) {
                const char *v = apr_pstrmemdup(p, t + 7, n - 8);
                best = is_b64_text(v) ? v : NULL;
            }
        }
    }
    return best;
}

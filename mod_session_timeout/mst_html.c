/* mst_html.c: the HTML insertion-point scanner and the CSP nonce reader
 * behind the warning-dialog filter, see mst_html.h. */
#include <string.h>

#include <apr_lib.h>
#include <apr_strings.h>

#include "mst_html.h"

typedef enum { SCAN_TEXT, SCAN_COMMENT, SCAN_SCRIPT, SCAN_STYLE } scan_mode;

typedef enum { ACT_NONE, ACT_COMMENT, ACT_SCRIPT, ACT_STYLE, ACT_TEXT, ACT_INSERT } scan_action;

/* Markup recognised after a '<' in a mode; with delim, the name must be
 * followed by whitespace, '/' or '>' ("</header>" is not "</head>"). */
static const struct {
    scan_mode mode;
    const char *name;
    int delim;
    scan_action action;
} patterns[] = {
    {SCAN_TEXT, "!--", 0, ACT_COMMENT},  {SCAN_TEXT, "script", 1, ACT_SCRIPT},
    {SCAN_TEXT, "style", 1, ACT_STYLE},  {SCAN_TEXT, "/head", 1, ACT_INSERT},
    {SCAN_TEXT, "/body", 1, ACT_INSERT}, {SCAN_SCRIPT, "/script", 1, ACT_TEXT},
    {SCAN_STYLE, "/style", 1, ACT_TEXT},
};

void mst_html_scanner_init(mst_html_scanner *s)
{
    memset(s, 0, sizeof(*s));
    s->mode = SCAN_TEXT;
}

static int is_delim(char c)
{
    return c == '>' || c == '/' || apr_isspace(c);
}

/* What the bytes after '<' (n of them, at s) mean in mode: ACT_* when
 * complete, ACT_NONE when still a possible prefix, -1 when nothing matches. */
static int classify(int mode, const char *s, apr_size_t n)
{
    int possible = 0;
    for (apr_size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
        apr_size_t nl = strlen(patterns[i].name);
        if ((int)patterns[i].mode != mode) {
            continue;
        }
        if (n <= nl && strncasecmp(s, patterns[i].name, n) == 0) {
            if (n == nl && !patterns[i].delim) {
                return (int)patterns[i].action;
            }
            possible = 1;
        } else if (n == nl + 1 && patterns[i].delim && strncasecmp(s, patterns[i].name, nl) == 0 &&
                   is_delim(s[nl])) {
            return (int)patterns[i].action;
        }
    }
    return possible ? ACT_NONE : -1;
}

static void match_marker(mst_html_scanner *s, char c)
{
    static const char marker[] = MST_HTML_MARKER;
    c = (char)apr_tolower(c);
    if (c == marker[s->marker]) {
        if (++s->marker == (int)sizeof(marker) - 1) {
            s->marker_seen = 1;
            s->marker = 0;
        }
    } else {
        s->marker = c == marker[0]; /* 'd' occurs only first in the marker */
    }
}

/* Applies a completed markup action; returns 1 for the insertion point. */
static int apply(mst_html_scanner *s, scan_action act)
{
    switch (act) {
    case ACT_INSERT:
        return 1;
    case ACT_COMMENT:
        s->mode = SCAN_COMMENT;
        s->dashes = 2; /* "<!-->" already ends the comment */
        break;
    case ACT_SCRIPT:
        s->mode = SCAN_SCRIPT;
        break;
    case ACT_STYLE:
        s->mode = SCAN_STYLE;
        break;
    default:
        s->mode = SCAN_TEXT;
        break;
    }
    return 0;
}

int mst_html_scan(mst_html_scanner *s, const char *data, apr_size_t len)
{
    s->cand_here = 0;
    for (apr_size_t i = 0; i < len; i++) {
        char c = data[i];
        if (s->cand_len > 0) {
            int act;
            s->cand[s->cand_len++] = c;
            act = classify(s->mode, s->cand + 1, s->cand_len - 1);
            if (act == ACT_NONE) {
                continue;
            }
            if (act > 0) {
                s->cand_len = 0;
                if (apply(s, (scan_action)act)) {
                    return 1;
                }
                match_marker(s, c);
                continue;
            }
            s->cand_len = 0; /* no match: look at c afresh (it may be '<') */
        }
        if (s->mode == SCAN_COMMENT) {
            if (c == '-') {
                s->dashes++;
            } else {
                if (c == '>' && s->dashes >= 2) {
                    s->mode = SCAN_TEXT;
                }
                s->dashes = 0;
            }
            continue;
        }
        if (c == '<') {
            s->cand_off = i;
            s->cand_here = 1;
            s->cand[0] = c;
            s->cand_len = 1;
            s->marker_at_cand = s->marker;
        }
        match_marker(s, c);
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
    s->marker = s->marker_at_cand;
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

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* test_session.c: CUnit suite for mst_session.c: which cookie wins in a
 * Cookie header (none, empty, ours among others, two of ours, names that
 * contain ours), with the signing key, a rotated old key and an unknown one,
 * at the clock-skew and limit boundaries and +-1 s, for passive, counting and
 * keep-alive requests; deciding again with another scope's limits; one value
 * as the CLI gives it; and the status handler's JSON. Every row runs without
 * a cache, with a cold one and with a warm one, and must give the same. */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <apr_strings.h>

#include "mst_session.h"
#include "unit_fixture.h"

#define SECRET_A "0123456789abcdef0123456789abcdef"       /* signs: key 0 */
#define SECRET_B "a-second-secret-for-key-rotation-tests" /* the old key: key 1 */
#define SECRET_C "a-third-secret-nobody-here-has-configured"
#define SID      "AAECAwQFBgcICQoLDA0ODw"
#define NAME     "session_timeout"
#define SKEW     30
#define OFF      MST_DURATION_OFF

#define P     MST_ACTIVITY_PASSIVE
#define C     MST_ACTIVITY_COUNTS
#define K     MST_ACTIVITY_KEEPALIVE
#define OK    MST_TOKEN_OK
#define LEN   MST_TOKEN_ERR_LENGTH
#define VALID MST_VERDICT_VALID
#define MISS  MST_VERDICT_MISSING
#define INV   MST_VERDICT_INVALID
#define LIFE  MST_VERDICT_LIFETIME
#define IDLE  MST_VERDICT_INACTIVITY

/* The tokens the rows put into Cookie headers. Most rows run at now =
 * 100000 with lifetime 3600 and inactivity 600: GOOD then expires by
 * inactivity at 100500 and by lifetime at 102600. */
enum {
    X = -1,  /* no token */
    GOOD,    /* key A, created 99000, last 99900 */
    OLD,     /* the same, signed with the old key B */
    UNK,     /* the same, signed with a key nobody configured */
    BADMAC,  /* GOOD with LAST changed to 99901 after signing */
    JUNK,    /* not a token at all */
    FUTC,    /* created = last = 100031: CREATED beyond the skew at 100000 */
    EDGEC,   /* created = last = 100030: CREATED exactly at the skew */
    FUTL,    /* created 99000, last 100031: LAST beyond the skew */
    EDGEL,   /* created 99000, last 100030: LAST exactly at the skew */
    FUTL2,   /* created 100020, last 100500: LAST clamped to CREATED, not now */
    EXPIRED, /* created 96000, last 99990: verifies, but lifetime has passed */
    ESCUSER, /* GOOD with a user that needs JSON escaping */
    NTOKENS
};

/* columns: signing secret, created, last, user */
static const struct {
    const char *secret;
    apr_int64_t created, last;
    const char *user;
} token_defs[NTOKENS] = {
    [GOOD] = {SECRET_A, 99000, 99900, "alice"},
    [OLD] = {SECRET_B, 99000, 99900, "alice"},
    [UNK] = {SECRET_C, 99000, 99900, "alice"},
    [BADMAC] = {SECRET_A, 99000, 99900, "alice"}, /* altered in suite_init */
    [JUNK] = {NULL, 0, 0, NULL},
    [FUTC] = {SECRET_A, 100031, 100031, "alice"},
    [EDGEC] = {SECRET_A, 100030, 100030, "alice"},
    [FUTL] = {SECRET_A, 99000, 100031, "alice"},
    [EDGEL] = {SECRET_A, 99000, 100030, "alice"},
    [FUTL2] = {SECRET_A, 100020, 100500, "alice"},
    [EXPIRED] = {SECRET_A, 96000, 99990, "alice"},
    [ESCUSER] = {SECRET_A, 99000, 99900, "<b>\"x\\ j\xc3\xb6rg"},
};

static mst_keyring *ring; /* [A, B]: A signs, B is the rotated old key */
static const char *tokens[NTOKENS];

static int suite_init(void)
{
    if (unit_fixture_open() != 0) {
        return 1;
    }
    ring = unit_ring(SECRET_A, SECRET_B);
    if (ring == NULL) {
        return 1;
    }
    for (int i = 0; i < NTOKENS; i++) {
        char buf[MST_TOKEN_MAX_LEN + 1];
        mst_keyring *signer;
        if (token_defs[i].secret == NULL) {
            tokens[i] = "v1.not-a-token";
            continue;
        }
        signer = unit_ring(token_defs[i].secret, NULL);
        if (signer == NULL ||
            mst_token_mint(signer, SID, token_defs[i].created, token_defs[i].last,
                           token_defs[i].user, strlen(token_defs[i].user), buf, sizeof(buf)) == 0) {
            return 1;
        }
        tokens[i] = apr_pstrdup(unit_pool, buf);
    }
    /* BADMAC: the MAC no longer covers the fields */
    tokens[BADMAC] =
        apr_pstrcat(unit_pool, "v1.", mst_keyring_kid(ring, 0), "." SID ".99000.99901.",
                    strchr(strstr(tokens[GOOD], ".99900.") + 1, '.') + 1, NULL);
    return 0;
}

static mst_effective limits(apr_int64_t lifetime, apr_int64_t inactivity, apr_int64_t refresh)
{
    mst_effective e;
    e.lifetime = lifetime;
    e.inactivity = inactivity;
    e.warning = 60;
    e.refresh = refresh;
    return e;
}

static mst_session_ctx ctx_at(apr_int64_t now, mst_token_cache *cache)
{
    mst_session_ctx c;
    c.keys = ring;
    c.cache = cache;
    c.cookie_name = NAME;
    c.cookie_name_len = strlen(NAME);
    c.now = now;
    c.skew = SKEW;
    c.versions = 0;
    c.mint_version = 0;
    return c;
}

/* The template with its first '#' replaced by tokens[t1] and its second by
 * tokens[t2], in an exact-size heap copy (free it), or NULL for NULL. */
static char *cookie_header(const char *tmpl, int t1, int t2)
{
    const char *parts[2] = {t1 == X ? "" : tokens[t1], t2 == X ? "" : tokens[t2]};
    const char *text = "";
    int n = 0;
    char *copy;

    if (tmpl == NULL) {
        return NULL;
    }
    for (const char *s = tmpl; *s; s++) {
        if (*s == '#' && n < 2) {
            text = apr_pstrcat(unit_pool, text, parts[n++], NULL);
        } else {
            text = apr_pstrcat(unit_pool, text, apr_pstrndup(unit_pool, s, 1), NULL);
        }
    }
    copy = malloc(strlen(text) + 1);
    if (copy != NULL) {
        memcpy(copy, text, strlen(text) + 1);
    }
    return copy;
}

static int same_decision(const mst_decision *a, const mst_decision *b)
{
    return a->verdict == b->verdict && a->reissue == b->reissue && a->new_last == b->new_last &&
           a->expires_in == b->expires_in && a->limit == b->limit &&
           a->lifetime_left == b->lifetime_left && a->inactivity_left == b->inactivity_left &&
           a->warn == b->warn;
}

/* One row of the request table. */
typedef struct {
    const char *cookies;     /* Cookie header, '#' = the next token; NULL: no header */
    int t1, t2;              /* tokens for the first and second '#' */
    apr_int64_t now;         /* request time */
    apr_int64_t L, I, R;     /* lifetime, inactivity, refresh interval (warning 60, skew 30) */
    mst_activity act;        /* P passive, C counts, K keep-alive */
    int has;                 /* expected: a non-empty cookie of ours was present */
    mst_token_status status; /* of the winner, else of the last candidate */
    int key;                 /* key_index: 0 signing key, 1 old key, -1 none */
    apr_int64_t last;        /* LAST of the winner after the clock rule (status OK only) */
    int clamped;             /* LAST was clamped (status OK only) */
    mst_verdict verdict;
    int reissue;
    apr_int64_t new_last;   /* -1 when not valid */
    apr_int64_t expires_in; /* -1 when not valid */
} session_row;

static const session_row rows[] = {
    /* cookies                       t1  t2  now    L     I    R  act has status key last  cl
       verdict re new_last expires */
    /* no cookie of ours */
    {NULL, X, X, 100000, 3600, 600, 60, P, 0, LEN, -1, 0, 0, MISS, 0, -1, -1},
    {"", X, X, 100000, 3600, 600, 60, C, 0, LEN, -1, 0, 0, MISS, 0, -1, -1},
    {NAME "=", X, X, 100000, 3600, 600, 60, P, 0, LEN, -1, 0, 0, MISS, 0, -1, -1},
    {NAME "= ; a=b", X, X, 100000, 3600, 600, 60, K, 0, LEN, -1, 0, 0, MISS, 0, -1, -1},
    {"a=b; c=d", X, X, 100000, 3600, 600, 60, C, 0, LEN, -1, 0, 0, MISS, 0, -1, -1},
    /* names that contain ours, and case: never ours */
    {"x" NAME "=#", GOOD, X, 100000, 3600, 600, 60, P, 0, LEN, -1, 0, 0, MISS, 0, -1, -1},
    {NAME "x=#", GOOD, X, 100000, 3600, 600, 60, P, 0, LEN, -1, 0, 0, MISS, 0, -1, -1},
    {NAME "_old=#; Session_Timeout=#", GOOD, GOOD, 100000, 3600, 600, 60, P, 0, LEN, -1, 0, 0, MISS,
     0, -1, -1},
    {"x" NAME "=#; " NAME "=#", GOOD, OLD, 100000, 3600, 600, 60, P, 1, OK, 1, 99900, 0, VALID, 1,
     99900, 500},
    {NAME "=#; " NAME "_x=#", OLD, GOOD, 100000, 3600, 600, 60, P, 1, OK, 1, 99900, 0, VALID, 1,
     99900, 500},
    /* ours alone, second, among others, blanks around '=' */
    {NAME "=#", GOOD, X, 100000, 3600, 600, 60, P, 1, OK, 0, 99900, 0, VALID, 0, 99900, 500},
    {"a=b; " NAME "=#", GOOD, X, 100000, 3600, 600, 60, P, 1, OK, 0, 99900, 0, VALID, 0, 99900,
     500},
    {"_ga=GA1.1.1234567890.1764000000; lang=en; " NAME "=#; theme=dark", GOOD, X, 100000, 3600, 600,
     60, P, 1, OK, 0, 99900, 0, VALID, 0, 99900, 500},
    /* behind a ',' in another cookie's value: planted, never ours (SPEC 9) */
    {"a=b, " NAME "=#", GOOD, X, 100000, 3600, 600, 60, P, 0, LEN, -1, 0, 0, MISS, 0, -1, -1},
    /* a repeated Cookie field that httpd joined with ", " after ours */
    {NAME "=#, a=b", GOOD, X, 100000, 3600, 600, 60, P, 1, OK, 0, 99900, 0, VALID, 0, 99900, 500},
    {" " NAME " = # ;", GOOD, X, 100000, 3600, 600, 60, P, 1, OK, 0, 99900, 0, VALID, 0, 99900,
     500},
    {NAME "=; " NAME "=#", GOOD, X, 100000, 3600, 600, 60, P, 1, OK, 0, 99900, 0, VALID, 0, 99900,
     500},
    /* two of ours: the first that verifies wins */
    {NAME "=#; " NAME "=#", BADMAC, GOOD, 100000, 3600, 600, 60, P, 1, OK, 0, 99900, 0, VALID, 0,
     99900, 500},
    {NAME "=#; " NAME "=#", UNK, GOOD, 100000, 3600, 600, 60, P, 1, OK, 0, 99900, 0, VALID, 0,
     99900, 500},
    {NAME "=#; " NAME "=#", JUNK, GOOD, 100000, 3600, 600, 60, P, 1, OK, 0, 99900, 0, VALID, 0,
     99900, 500},
    {NAME "=#; " NAME "=#", FUTC, GOOD, 100000, 3600, 600, 60, P, 1, OK, 0, 99900, 0, VALID, 0,
     99900, 500},
    {NAME "=#; " NAME "=#", GOOD, BADMAC, 100000, 3600, 600, 60, P, 1, OK, 0, 99900, 0, VALID, 0,
     99900, 500},
    {NAME "=#; " NAME "=#", OLD, GOOD, 100000, 3600, 600, 60, P, 1, OK, 1, 99900, 0, VALID, 1,
     99900, 500},
    /* verification picks the winner, not the policy: an expired first one wins */
    {NAME "=#; " NAME "=#", EXPIRED, GOOD, 100000, 3600, 600, 60, C, 1, OK, 0, 99990, 0, LIFE, 0,
     -1, -1},
    /* both bad: the status of the last */
    {NAME "=#; " NAME "=#", BADMAC, UNK, 100000, 3600, 600, 60, P, 1, MST_TOKEN_ERR_UNKNOWN_KID, -1,
     0, 0, INV, 0, -1, -1},
    {NAME "=#; " NAME "=#", UNK, BADMAC, 100000, 3600, 600, 60, P, 1, MST_TOKEN_ERR_MAC, -1, 0, 0,
     INV, 0, -1, -1},
    {NAME "=#; " NAME "=#", BADMAC, FUTC, 100000, 3600, 600, 60, P, 1, MST_TOKEN_ERR_FUTURE, -1, 0,
     0, INV, 0, -1, -1},
    {NAME "=#; " NAME "=#", FUTC, JUNK, 100000, 3600, 600, 60, K, 1, MST_TOKEN_ERR_SHAPE, -1, 0, 0,
     INV, 0, -1, -1},
    {NAME "=#; " NAME "=", FUTC, X, 100000, 3600, 600, 60, P, 1, MST_TOKEN_ERR_FUTURE, -1, 0, 0,
     INV, 0, -1, -1},
    /* keys: signing key, rotated old key (always re-issued), unknown */
    {NAME "=#", OLD, X, 100000, 3600, 600, 60, P, 1, OK, 1, 99900, 0, VALID, 1, 99900, 500},
    {NAME "=#", OLD, X, 100000, 3600, 600, 60, C, 1, OK, 1, 99900, 0, VALID, 1, 100000, 600},
    {NAME "=#", OLD, X, 99959, 3600, 600, 60, K, 1, OK, 1, 99900, 0, VALID, 1, 99959, 600},
    {NAME "=#", UNK, X, 100000, 3600, 600, 60, P, 1, MST_TOKEN_ERR_UNKNOWN_KID, -1, 0, 0, INV, 0,
     -1, -1},
    {NAME "=#", UNK, X, 100000, 3600, 600, 60, K, 1, MST_TOKEN_ERR_UNKNOWN_KID, -1, 0, 0, INV, 0,
     -1, -1},
    {NAME "=#", BADMAC, X, 100000, 3600, 600, 60, C, 1, MST_TOKEN_ERR_MAC, -1, 0, 0, INV, 0, -1,
     -1},
    {NAME "=#", JUNK, X, 100000, 3600, 600, 60, C, 1, MST_TOKEN_ERR_SHAPE, -1, 0, 0, INV, 0, -1,
     -1},
    /* CREATED from the future: beyond the skew fails, at the skew passes */
    {NAME "=#", FUTC, X, 100000, 3600, 600, 60, P, 1, MST_TOKEN_ERR_FUTURE, -1, 0, 0, INV, 0, -1,
     -1},
    {NAME "=#", FUTC, X, 100001, 3600, 600, 60, P, 1, OK, 0, 100031, 0, VALID, 0, 100031, 630},
    {NAME "=#", EDGEC, X, 100000, 3600, 600, 60, P, 1, OK, 0, 100030, 0, VALID, 0, 100030, 630},
    {NAME "=#", EDGEC, X, 99999, 3600, 600, 60, P, 1, MST_TOKEN_ERR_FUTURE, -1, 0, 0, INV, 0, -1,
     -1},
    /* LAST from the future: beyond the skew clamped (and re-issued), at it kept */
    {NAME "=#", FUTL, X, 100000, 3600, 600, 60, P, 1, OK, 0, 100000, 1, VALID, 1, 100000, 600},
    {NAME "=#", FUTL, X, 100001, 3600, 600, 60, P, 1, OK, 0, 100031, 0, VALID, 0, 100031, 630},
    {NAME "=#", EDGEL, X, 100000, 3600, 600, 60, P, 1, OK, 0, 100030, 0, VALID, 0, 100030, 630},
    {NAME "=#", EDGEL, X, 100000, 3600, 600, 60, C, 1, OK, 0, 100030, 0, VALID, 0, 100030, 630},
    /* a keep-alive with LAST still ahead of now (within the skew) keeps LAST */
    {NAME "=#", EDGEL, X, 100000, 3600, 600, 60, K, 1, OK, 0, 100030, 0, VALID, 0, 100030, 630},
    {NAME "=#", FUTL2, X, 100000, 3600, 600, 60, P, 1, OK, 0, 100020, 1, VALID, 1, 100020, 620},
    /* inactivity at the limit and +-1 s; activity never rescues */
    {NAME "=#", GOOD, X, 100499, 3600, 600, 60, P, 1, OK, 0, 99900, 0, VALID, 0, 99900, 1},
    {NAME "=#", GOOD, X, 100500, 3600, 600, 60, P, 1, OK, 0, 99900, 0, IDLE, 0, -1, -1},
    {NAME "=#", GOOD, X, 100501, 3600, 600, 60, P, 1, OK, 0, 99900, 0, IDLE, 0, -1, -1},
    {NAME "=#", GOOD, X, 100500, 3600, 600, 60, C, 1, OK, 0, 99900, 0, IDLE, 0, -1, -1},
    {NAME "=#", GOOD, X, 100500, 3600, 600, 60, K, 1, OK, 0, 99900, 0, IDLE, 0, -1, -1},
    {NAME "=#", GOOD, X, 100499, 3600, 600, 60, K, 1, OK, 0, 99900, 0, VALID, 1, 100499, 600},
    /* lifetime at the limit and +-1 s */
    {NAME "=#", GOOD, X, 102599, 3600, OFF, 60, P, 1, OK, 0, 99900, 0, VALID, 0, 99900, 1},
    {NAME "=#", GOOD, X, 102600, 3600, OFF, 60, P, 1, OK, 0, 99900, 0, LIFE, 0, -1, -1},
    {NAME "=#", GOOD, X, 102601, 3600, OFF, 60, P, 1, OK, 0, 99900, 0, LIFE, 0, -1, -1},
    {NAME "=#", GOOD, X, 102600, 3600, OFF, 60, K, 1, OK, 0, 99900, 0, LIFE, 0, -1, -1},
    {NAME "=#", GOOD, X, 102599, 3600, OFF, 60, K, 1, OK, 0, 99900, 0, VALID, 1, 102599, 1},
    /* refresh interval at the limit and +-1 s, per activity */
    {NAME "=#", GOOD, X, 99959, 3600, 600, 60, P, 1, OK, 0, 99900, 0, VALID, 0, 99900, 541},
    {NAME "=#", GOOD, X, 99960, 3600, 600, 60, P, 1, OK, 0, 99900, 0, VALID, 0, 99900, 540},
    {NAME "=#", GOOD, X, 99959, 3600, 600, 60, C, 1, OK, 0, 99900, 0, VALID, 0, 99900, 541},
    {NAME "=#", GOOD, X, 99960, 3600, 600, 60, C, 1, OK, 0, 99900, 0, VALID, 1, 99960, 600},
    {NAME "=#", GOOD, X, 99961, 3600, 600, 60, C, 1, OK, 0, 99900, 0, VALID, 1, 99961, 600},
    {NAME "=#", GOOD, X, 99959, 3600, 600, 60, K, 1, OK, 0, 99900, 0, VALID, 1, 99959, 600},
    /* a keep-alive re-issues even with LAST = now; a counting request does not */
    {NAME "=#", GOOD, X, 99900, 3600, 600, 60, K, 1, OK, 0, 99900, 0, VALID, 1, 99900, 600},
    {NAME "=#", GOOD, X, 99900, 3600, 600, 60, C, 1, OK, 0, 99900, 0, VALID, 0, 99900, 600},
    {NAME "=#", GOOD, X, 99900, 3600, 600, 0, C, 1, OK, 0, 99900, 0, VALID, 1, 99900, 600},
    /* both limits Off */
    {NAME "=#", GOOD, X, 999999, OFF, OFF, 60, C, 1, OK, 0, 99900, 0, VALID, 1, 999999, -1},
};

static void check_row(size_t i, const char *mode, const session_row *r, const mst_session *s)
{
    MST_CHECK(s->has_token == r->has, "row %zu %s", i, mode);
    MST_CHECK(s->status == r->status, "row %zu %s: got %s", i, mode,
              mst_token_status_str(s->status));
    MST_CHECK(s->token.key_index == r->key, "row %zu %s: got %d", i, mode, s->token.key_index);
    MST_CHECK(s->now == r->now, "row %zu %s", i, mode);
    if (s->status == MST_TOKEN_OK) {
        MST_CHECK(s->token.last == r->last, "row %zu %s: got %" APR_INT64_T_FMT, i, mode,
                  s->token.last);
        MST_CHECK(s->token.last_clamped == r->clamped, "row %zu %s", i, mode);
        MST_CHECK(strcmp(s->token.sid, SID) == 0, "row %zu %s", i, mode);
    }
    MST_CHECK(s->decision.verdict == r->verdict, "row %zu %s: got %s", i, mode,
              mst_verdict_str(s->decision.verdict));
    MST_CHECK(s->decision.reissue == r->reissue, "row %zu %s", i, mode);
    MST_CHECK(s->decision.new_last == r->new_last, "row %zu %s: got %" APR_INT64_T_FMT, i, mode,
              s->decision.new_last);
    MST_CHECK(s->decision.expires_in == r->expires_in, "row %zu %s: got %" APR_INT64_T_FMT, i, mode,
              s->decision.expires_in);
}

/* What the glue computed before mst_session: the policy on what find found,
 * a keep-alive with a copy of the limits whose refresh interval is 0. */
static void check_policy_oracle(size_t i, const mst_session *s, const mst_effective *lim,
                                mst_activity act)
{
    mst_effective forced = *lim;
    mst_decision d;
    if (act == K) {
        forced.refresh = 0;
    }
    mst_policy_decide(&forced, s->has_token ? &s->token : NULL, s->status, s->now, act != P, &d);
    MST_CHECK(same_decision(&d, &s->decision), "row %zu", i);
}

static void test_requests(void)
{
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const session_row *r = &rows[i];
        mst_effective lim = limits(r->L, r->I, r->R);
        char *hdr = cookie_header(r->cookies, r->t1, r->t2);
        mst_token_cache cache;
        mst_session_ctx ctx;
        mst_session s;
        /* no cache, a cold cache, the same cache warm */
        static const char *const modes[] = {"no cache", "cold cache", "warm cache"};

        CU_ASSERT_FATAL(r->cookies == NULL || hdr != NULL);
        mst_cache_init(&cache);
        for (int m = 0; m < 3; m++) {
            ctx = ctx_at(r->now, m == 0 ? NULL : &cache);
            memset(&s, 0x5a, sizeof(s));
            mst_session_evaluate(&ctx, hdr, &lim, r->act, &s);
            check_row(i, modes[m], r, &s);
            check_policy_oracle(i, &s, &lim, r->act);
        }
        /* the two steps one by one give the same */
        ctx = ctx_at(r->now, NULL);
        memset(&s, 0x5a, sizeof(s));
        mst_session_find(&ctx, hdr, &s);
        mst_session_decide(&s, &lim, r->act);
        check_row(i, "find+decide", r, &s);
        free(hdr);
    }
}

static void test_decide_again(void)
{
    /* An internal redirect into a stricter scope decides again on the same
     * session; coming back to the first limits gives the first decision. */
    mst_effective vhost = limits(3600, 600, 60), strict = limits(3600, 60, 10);
    mst_session_ctx ctx = ctx_at(100000, NULL);
    char *hdr = cookie_header(NAME "=#", GOOD, X);
    mst_session s, fresh;
    mst_token before;

    CU_ASSERT_FATAL(hdr != NULL);
    memset(&s, 0, sizeof(s)); /* every byte defined, for the memcmp below */
    mst_session_evaluate(&ctx, hdr, &vhost, C, &fresh);
    mst_session_evaluate(&ctx, hdr, &vhost, C, &s);
    before = s.token;
    CU_ASSERT_EQUAL(s.decision.verdict, VALID);
    CU_ASSERT_EQUAL(s.decision.reissue, 1);
    mst_session_decide(&s, &strict, C);
    CU_ASSERT_EQUAL(s.decision.verdict, IDLE);
    CU_ASSERT_EQUAL(s.decision.reissue, 0);
    mst_session_decide(&s, &strict, P);
    CU_ASSERT_EQUAL(s.decision.verdict, IDLE);
    mst_session_decide(&s, &vhost, C);
    CU_ASSERT(same_decision(&s.decision, &fresh.decision));
    CU_ASSERT(memcmp(&s.token, &before, sizeof(before)) == 0); /* decide never touches it */
    CU_ASSERT_EQUAL(s.has_token, 1);
    CU_ASSERT_EQUAL(s.status, OK);
    free(hdr);
}

static void test_find_value(void)
{
    /* One value (the CLI's) finds exactly what a header holding only it
     * finds, at several times; the value is an exact-size copy. */
    static const apr_int64_t nows[] = {99959, 100000, 100001, 100500, 102600};
    for (int t = 0; t < NTOKENS; t++) {
        for (size_t n = 0; n < sizeof(nows) / sizeof(nows[0]); n++) {
            size_t len = strlen(tokens[t]);
            char *value = malloc(len);
            char *hdr = cookie_header(NAME "=#", t, X);
            mst_session_ctx ctx = ctx_at(nows[n], NULL);
            mst_session a, b;
            CU_ASSERT_FATAL(value != NULL && hdr != NULL);
            memcpy(value, tokens[t], len);
            mst_session_find_value(&ctx, value, len, &a);
            mst_session_find(&ctx, hdr, &b);
            MST_CHECK(a.has_token == 1 && b.has_token == 1, "token %d now %zu", t, n);
            MST_CHECK(a.status == b.status, "token %d now %zu", t, n);
            MST_CHECK(a.token.key_index == b.token.key_index, "token %d now %zu", t, n);
            MST_CHECK(a.now == nows[n], "token %d now %zu", t, n);
            if (a.status == OK) {
                MST_CHECK(a.token.created == b.token.created && a.token.last == b.token.last &&
                              a.token.last_clamped == b.token.last_clamped &&
                              strcmp(a.token.user, b.token.user) == 0,
                          "token %d now %zu", t, n);
            }
            free(value);
            free(hdr);
        }
    }
}

/* The version the caller mints reaches the decision: a valid v1 cookie
 * accepted beside v2 is re-issued at once when the caller mints v2, not when
 * it mints v1 or names no version; a v2 one only when the caller mints v1.
 * GOOD at 100000 is well inside the refresh interval (LAST 99900, refresh
 * 600). */
static void test_mint_version_reissues(void)
{
    static const unsigned char nonce[MST_AEAD_NONCE_LEN] = {1, 2, 3};
    static const struct {
        int v2_token, mint_version, reissue;
    } vrows[] = {
        {0, 2, 1}, {0, 1, 0}, {0, 0, 0}, {1, 1, 1}, {1, 2, 0}, {1, 0, 0},
    };
    char v2[MST_TOKEN_MAX_LEN + 1];
    mst_effective lim = limits(3600, 6000, 600);
    CU_ASSERT_FATAL(mst_token_mint_v2(ring, nonce, SID, 99000, 99900, "alice", 5, v2, sizeof(v2)) >
                    0);
    for (size_t i = 0; i < sizeof(vrows) / sizeof(vrows[0]); i++) {
        const char *tok = vrows[i].v2_token ? v2 : tokens[GOOD];
        mst_session_ctx ctx = ctx_at(100000, NULL);
        mst_session s;
        ctx.versions = MST_TOKEN_V1 | MST_TOKEN_V2;
        ctx.mint_version = vrows[i].mint_version;
        mst_session_find_value(&ctx, tok, strlen(tok), &s);
        mst_session_decide(&s, &lim, C);
        MST_CHECK(s.decision.verdict == VALID, "row %zu", i);
        MST_CHECK(s.decision.reissue == vrows[i].reissue, "row %zu", i);
        MST_CHECK(s.decision.new_last == 99900, "row %zu", i);
        MST_CHECK(s.token.version == (vrows[i].v2_token ? 2 : 1), "row %zu", i);
    }
}

static void test_find_value_edges(void)
{
    mst_session_ctx ctx = ctx_at(100000, NULL);
    mst_session s;

    /* the empty value is no cookie */
    mst_session_find_value(&ctx, "", 0, &s);
    CU_ASSERT_EQUAL(s.has_token, 0);
    CU_ASSERT_EQUAL(s.status, LEN);
    CU_ASSERT_EQUAL(s.token.key_index, -1);
    /* only len bytes count */
    mst_session_find_value(&ctx, tokens[GOOD], strlen(tokens[GOOD]) - 1, &s);
    CU_ASSERT_EQUAL(s.status, MST_TOKEN_ERR_MACFORM);
    /* no ring: nothing verifies */
    ctx.keys = NULL;
    mst_session_find_value(&ctx, tokens[GOOD], strlen(tokens[GOOD]), &s);
    CU_ASSERT_EQUAL(s.has_token, 1);
    CU_ASSERT_EQUAL(s.status, MST_TOKEN_ERR_UNKNOWN_KID);
    CU_ASSERT_EQUAL(s.token.key_index, -1);
    /* nothing from a bad candidate survives as a key: FUTC's MAC verified */
    ctx.keys = ring;
    mst_session_find_value(&ctx, tokens[FUTC], strlen(tokens[FUTC]), &s);
    CU_ASSERT_EQUAL(s.status, MST_TOKEN_ERR_FUTURE);
    CU_ASSERT_EQUAL(s.token.key_index, -1);
}

static void test_status_json(void)
{
    /* columns: token (X: none), now, lifetime, inactivity, activity, expected body */
    static const struct {
        int t;
        apr_int64_t now, L, I;
        mst_activity act;
        const char *want;
    } json_rows[] = {
        {GOOD, 100000, 3600, 600, P,
         "{\"active\":true,\"user\":\"alice\",\"session_id\":\"" SID "\",\"created\":99000,"
         "\"last_activity\":99900,\"now\":100000,\"expires_in\":500,\"limit\":\"inactivity\","
         "\"lifetime_remaining\":2600,\"inactivity_remaining\":500,\"warning\":false}"},
        /* a keep-alive: last_activity is the LAST the client now holds */
        {GOOD, 100000, 3600, 600, K,
         "{\"active\":true,\"user\":\"alice\",\"session_id\":\"" SID "\",\"created\":99000,"
         "\"last_activity\":100000,\"now\":100000,\"expires_in\":600,\"limit\":\"inactivity\","
         "\"lifetime_remaining\":2600,\"inactivity_remaining\":600,\"warning\":false}"},
        /* within the warning window (60 s) */
        {GOOD, 100460, 3600, 600, P,
         "{\"active\":true,\"user\":\"alice\",\"session_id\":\"" SID "\",\"created\":99000,"
         "\"last_activity\":99900,\"now\":100460,\"expires_in\":40,\"limit\":\"inactivity\","
         "\"lifetime_remaining\":2140,\"inactivity_remaining\":40,\"warning\":true}"},
        /* lifetime only; both Off */
        {GOOD, 100000, 3600, OFF, P,
         "{\"active\":true,\"user\":\"alice\",\"session_id\":\"" SID "\",\"created\":99000,"
         "\"last_activity\":99900,\"now\":100000,\"expires_in\":2600,\"limit\":\"lifetime\","
         "\"lifetime_remaining\":2600,\"inactivity_remaining\":null,\"warning\":false}"},
        {GOOD, 100000, OFF, OFF, P,
         "{\"active\":true,\"user\":\"alice\",\"session_id\":\"" SID "\",\"created\":99000,"
         "\"last_activity\":99900,\"now\":100000,\"expires_in\":null,\"limit\":null,"
         "\"lifetime_remaining\":null,\"inactivity_remaining\":null,\"warning\":false}"},
        /* a user that needs escaping; UTF-8 passes through */
        {ESCUSER, 100000, 3600, 600, P,
         "{\"active\":true,\"user\":\"\\u003cb\\u003e\\\"x\\\\ j\xc3\xb6rg\",\"session_id\":"
         "\"" SID "\",\"created\":99000,\"last_activity\":99900,\"now\":100000,\"expires_in\":500,"
         "\"limit\":\"inactivity\",\"lifetime_remaining\":2600,\"inactivity_remaining\":500,"
         "\"warning\":false}"},
        /* not valid */
        {X, 100000, 3600, 600, P, "{\"active\":false,\"reason\":\"missing\"}"},
        {UNK, 100000, 3600, 600, P, "{\"active\":false,\"reason\":\"invalid\"}"},
        {ESCUSER, 100500, 3600, 600, K, "{\"active\":false,\"reason\":\"inactivity\"}"},
        {GOOD, 102600, 3600, OFF, P, "{\"active\":false,\"reason\":\"lifetime\"}"},
    };
    for (size_t i = 0; i < sizeof(json_rows) / sizeof(json_rows[0]); i++) {
        mst_effective lim = limits(json_rows[i].L, json_rows[i].I, 60);
        mst_session_ctx ctx = ctx_at(json_rows[i].now, NULL);
        char *hdr = cookie_header(NAME "=#", json_rows[i].t, X);
        mst_session s;
        const char *got;
        CU_ASSERT_FATAL(hdr != NULL);
        mst_session_evaluate(&ctx, hdr, &lim, json_rows[i].act, &s);
        got = mst_session_status_json(unit_pool, &s);
        MST_CHECK(strcmp(got, json_rows[i].want) == 0, "row %zu: got %s", i, got);
        free(hdr);
    }
}

int register_session_suite(void)
{
    static const unit_test tests[] = {
        {"which cookie wins, keys, clock, limits and activity", test_requests},
        {"deciding again with another scope's limits", test_decide_again},
        {"one value finds what a header of it finds", test_find_value},
        {"one value: empty, truncated, no ring, future", test_find_value_edges},
        {"a token of another version than minted is re-issued", test_mint_version_reissues},
        {"status JSON", test_status_json},
    };
    return UNIT_REGISTER("session", suite_init, unit_fixture_close, tests);
}

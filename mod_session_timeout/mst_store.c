/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_store.c: the store's URL, key names, decision, TTL and the "not
 * revoked" cache.
 *
 * Pure core, see mst_store.h. Nothing here talks to a store: the glue
 * (mod_session_timeout_store.c) does the round trips and hands the answers
 * to mst_store_revoked(). */
#include <string.h>

#include <apr_strings.h>

#include "mst_b64url.h"
#include "mst_duration.h"
#include "mst_store.h"

/* ---- URL, context, auth --------------------------------------------------- */

static int parse_uint(const char *s, apr_size_t len, long max, long *out)
{
    long v = 0;
    if (len == 0 || len > 6) {
        return 0;
    }
    for (apr_size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
        v = v * 10 + (s[i] - '0');
    }
    if (v > max) {
        return 0;
    }
    *out = v;
    return 1;
}

static const char *parse_redis(apr_pool_t *p, const char *url, const char *rest, mst_store_url *out)
{
    const char *slash = strchr(rest, '/');
    apr_size_t hostport_len = slash ? (apr_size_t)(slash - rest) : strlen(rest);
    const char *colon = memchr(rest, ':', hostport_len);
    apr_size_t host_len = colon ? (apr_size_t)(colon - rest) : hostport_len;
    long v;

    if (host_len == 0 || memchr(rest, '@', hostport_len) != NULL) {
        return apr_psprintf(p,
                            "'%s': expected redis://HOST[:PORT][/DB] (a password goes into "
                            "SessionTimeoutStoreAuth)",
                            url);
    }
    for (apr_size_t i = 0; i < host_len; i++) {
        char c = rest[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_')) {
            return apr_psprintf(p, "'%s': the host is not a host name or IPv4 address", url);
        }
    }
    out->host = apr_pstrmemdup(p, rest, host_len);
    out->port = MST_STORE_DEFAULT_PORT;
    if (colon) {
        if (!parse_uint(colon + 1, hostport_len - host_len - 1, 65535, &v) || v == 0) {
            return apr_psprintf(p, "'%s': the port is not a number from 1 to 65535", url);
        }
        out->port = (int)v;
    }
    out->db = 0;
    if (slash && slash[1] != '\0') {
        if (!parse_uint(slash + 1, strlen(slash + 1), 1023, &v)) {
            return apr_psprintf(p, "'%s': the database is not a number from 0 to 1023", url);
        }
        out->db = (int)v;
    }
    out->kind = MST_STORE_REDIS;
    return NULL;
}

const char *mst_store_url_parse(apr_pool_t *p, const char *url, mst_store_url *out)
{
    memset(out, 0, sizeof(*out));
    if (strcasecmp(url, "off") == 0) {
        out->kind = MST_STORE_OFF;
        return NULL;
    }
    if (strncasecmp(url, "redis://", 8) == 0) {
        return parse_redis(p, url, url + 8, out);
    }
    if (strncasecmp(url, "socache:", 8) == 0) {
        const char *name = url + 8, *colon = strchr(name, ':');
        apr_size_t len = colon ? (apr_size_t)(colon - name) : strlen(name);
        for (apr_size_t i = 0; i < len; i++) {
            char c = name[i];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                len = 0;
                break;
            }
        }
        if (len == 0) {
            return apr_psprintf(p, "'%s': expected socache:PROVIDER[:ARGS], e.g. socache:dbm:PATH",
                                url);
        }
        out->kind = MST_STORE_SOCACHE;
        out->provider = apr_pstrmemdup(p, name, len);
        out->args = colon && colon[1] ? colon + 1 : NULL;
        return NULL;
    }
    return apr_psprintf(
        p, "'%s': expected redis://HOST[:PORT][/DB], socache:PROVIDER[:ARGS] or Off", url);
}

const char *mst_store_ms_parse(apr_pool_t *p, const char *text, apr_int64_t min_ms,
                               apr_int64_t max_ms, apr_int64_t *ms)
{
    apr_size_t len = strlen(text);
    apr_int64_t v;

    if (len > 2 && strcasecmp(text + len - 2, "ms") == 0) {
        if (!mst_unix_time_parse(text, len - 2, &v)) {
            return apr_psprintf(p, "'%s' is not a duration", text);
        }
    } else {
        const char *err = mst_duration_parse(p, text, 0, 0, &v);
        if (err) {
            return err;
        }
        v = v > max_ms ? max_ms + 1 : v * 1000;
    }
    if (v < min_ms || v > max_ms) {
        return apr_psprintf(
            p, "'%s' is out of range (%" APR_INT64_T_FMT "ms to %" APR_INT64_T_FMT "ms)", text,
            min_ms, max_ms);
    }
    *ms = v;
    return NULL;
}

const char *mst_store_context_check(apr_pool_t *p, const char *name)
{
    apr_size_t len = strlen(name);
    if (len == 0 || len > MST_STORE_CONTEXT_MAX) {
        return apr_psprintf(p, "a context has 1 to %d bytes", MST_STORE_CONTEXT_MAX);
    }
    for (apr_size_t i = 0; i < len; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-')) {
            return apr_psprintf(p, "'%s' is not a context name (letters, digits, '.', '_', '-')",
                                name);
        }
    }
    return NULL;
}

const char *mst_store_auth_split(apr_pool_t *p, const char *text, const char **user,
                                 const char **password)
{
    const char *space = strchr(text, ' ');
    *user = NULL;
    *password = NULL;
    if (*text == '\0' || (space && (space == text || space[1] == '\0'))) {
        return "the store password is empty";
    }
    if (space) {
        *user = apr_pstrmemdup(p, text, (apr_size_t)(space - text));
        *password = apr_pstrdup(p, space + 1);
    } else {
        *password = apr_pstrdup(p, text);
    }
    return NULL;
}

/* ---- key names ------------------------------------------------------------ */

char *mst_store_key_sid(apr_pool_t *p, const char *context, const char *sid)
{
    return apr_pstrcat(p, "mst:v1:", context, ":s:", sid, NULL);
}

char *mst_store_key_all(apr_pool_t *p, const char *context)
{
    return apr_pstrcat(p, "mst:v1:", context, ":a", NULL);
}

#define USER_DOMAIN "mst-store-user"

char *mst_store_key_user(apr_pool_t *p, const mst_keyring *ring, int i, const char *context,
                         const char *user, apr_size_t user_len)
{
    apr_size_t clen = strlen(context);
    apr_size_t n = sizeof(USER_DOMAIN) + clen + 1 + user_len; /* both NULs included */
    unsigned char *msg = apr_palloc(p, n);
    unsigned char mac[MST_MAC_RAW_LEN];
    char enc[MST_B64URL_ENCODED_LEN(MST_MAC_RAW_LEN) + 1];

    memcpy(msg, USER_DOMAIN, sizeof(USER_DOMAIN)); /* with its NUL */
    memcpy(msg + sizeof(USER_DOMAIN), context, clen);
    msg[sizeof(USER_DOMAIN) + clen] = '\0';
    memcpy(msg + sizeof(USER_DOMAIN) + clen + 1, user, user_len);
    mst_keyring_hmac(ring, i, msg, n, mac);
    mst_b64url_encode(enc, mac, sizeof(mac));
    return apr_pstrcat(p, "mst:v1:", context, ":u:", enc, NULL);
}

/* ---- the decision ------------------------------------------------------------ */

int mst_store_value_parse(const char *v, apr_size_t len, apr_int64_t *out)
{
    apr_int64_t t = 0;
    if (v == NULL || len == 0 || len > 12) {
        return 0;
    }
    for (apr_size_t i = 0; i < len; i++) {
        if (v[i] < '0' || v[i] > '9') {
            return 0;
        }
        t = t * 10 + (v[i] - '0');
    }
    *out = t;
    return 1;
}

int mst_store_revoked(const mst_store_answer *a, apr_int64_t created)
{
    return a->sid_revoked || (a->user_cutoff >= 0 && created < a->user_cutoff) ||
           (a->all_cutoff >= 0 && created < a->all_cutoff);
}

apr_int64_t mst_store_scope_bound(const mst_effective *e)
{
    if (e->lifetime != MST_DURATION_OFF) {
        return e->lifetime;
    }
    return e->inactivity != MST_DURATION_OFF ? e->inactivity : -1;
}

apr_int64_t mst_store_ttl(apr_int64_t bound, apr_int64_t skew, apr_int64_t delay_ms,
                          apr_int64_t cap)
{
    apr_int64_t ttl = (bound > 0 ? bound : 0) + (skew > 0 ? skew : 0) +
                      (delay_ms > 0 ? (delay_ms + 999) / 1000 : 0);
    if (ttl < 1) {
        ttl = 1;
    }
    if (cap > 0 && ttl > cap) {
        ttl = cap;
    }
    return ttl;
}

/* ---- the "not revoked" cache -------------------------------------------------- */

void mst_revcache_init(mst_revcache *c, apr_int64_t delay_ms)
{
    c->delay_us = delay_ms > 0 ? delay_ms * 1000 : 0;
    for (size_t i = 0; i < MST_REVCACHE_SLOTS; i++) {
        mst_seqlock_init(&c->slots[i].seq, c->slots[i].w, 6);
    }
}

/* The words that identify t: its SID's 16 bytes, CREATED, a hash of the user. */
static int token_words(const mst_token *t, apr_uint64_t w[4])
{
    unsigned char raw[MST_SID_RAW_LEN];
    apr_uint64_t h = 1469598103934665603ULL; /* FNV-1a 64 */

    if (mst_b64url_decode(raw, sizeof(raw), t->sid, MST_SID_LEN) != MST_SID_RAW_LEN) {
        return 0;
    }
    memcpy(&w[0], raw, 8);
    memcpy(&w[1], raw + 8, 8);
    w[2] = (apr_uint64_t)t->created;
    for (apr_size_t i = 0; i < t->user_len; i++) {
        h = (h ^ (unsigned char)t->user[i]) * 1099511628211ULL;
    }
    w[3] = h ^ (apr_uint64_t)t->user_len;
    return 1;
}

static mst_revcache_slot *slot_of(mst_revcache *c, const apr_uint64_t w[4])
{
    apr_uint64_t h = w[0] ^ (w[1] * 0x9e3779b97f4a7c15ULL) ^ w[2];
    return &c->slots[(h ^ (h >> 29)) & (MST_REVCACHE_SLOTS - 1)];
}

int mst_revcache_hit(mst_revcache *c, const mst_token *t, apr_uint64_t gen, apr_int64_t now_us)
{
    apr_uint64_t w[4], got[6], s;
    mst_revcache_slot *slot;

    if (c == NULL || c->delay_us == 0 || !token_words(t, w)) {
        return 0;
    }
    slot = slot_of(c, w);
    if ((s = mst_seqlock_read_begin(&slot->seq)) == 0) {
        return 0; /* being written, or never written */
    }
    mst_seqlock_load(slot->w, 6, got);
    if (!mst_seqlock_read_ok(&slot->seq, s)) {
        return 0; /* changed while read */
    }
    if (got[0] != w[0] || got[1] != w[1] || got[2] != w[2] || got[3] != w[3] || got[5] != gen) {
        return 0;
    }
    /* checked_at <= now < checked_at + delay: a clock step back is a miss too */
    return (apr_int64_t)got[4] <= now_us && now_us - (apr_int64_t)got[4] < c->delay_us;
}

void mst_revcache_put(mst_revcache *c, const mst_token *t, apr_uint64_t gen, apr_int64_t checked_us)
{
    apr_uint64_t w[6];

    if (c == NULL || c->delay_us == 0 || !token_words(t, w)) {
        return;
    }
    w[4] = (apr_uint64_t)checked_us;
    w[5] = gen;
    mst_revcache_slot *slot = slot_of(c, w);
    (void)mst_seqlock_write(&slot->seq, slot->w, 6, w);
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* session_timeout_token.c: the admin command line `session-timeout-token`
 * (SPEC sections 8 and 10): keygen writes a new secret, mint prints a token
 * for a user, inspect prints a token's fields, whether its MAC verifies and
 * the verdict the module would reach; revoke writes a revocation into a
 * redis:// store and store-check tells whether one answers.
 *
 * Links the pure core (libmst) and hiredis only: no httpd. Exit status: 0 valid (or
 * done), 1 invalid or expired, 2 usage error (unknown command or option,
 * missing argument, bad value), 3 I/O error (a key file or standard input
 * not readable, a file or standard output not written, no random bytes).
 * Secrets are never printed except by keygen, whose job it is. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <apr_file_info.h>
#include <apr_file_io.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include <apr_time.h>
#include <hiredis/hiredis.h>
#include <openssl/crypto.h>

#include "mst_b64url.h"
#include "mst_cookie.h"
#include "mst_duration.h"
#include "mst_keys.h"
#include "mst_limits.h"
#include "mst_policy.h"
#include "mst_reauth.h"
#include "mst_session.h"
#include "mst_store.h"
#include "mst_token.h"
#include "mst_token_v2.h"

#define PROG         "session-timeout-token"
#define EXIT_VALID   0
#define EXIT_INVALID 1
#define EXIT_USAGE   2
#define EXIT_IO      3
#define KEYGEN_BYTES 32

/* The token versions inspect recognises. */
#define ALL_VERSIONS (MST_TOKEN_V1 | MST_TOKEN_V2)

#ifndef MST_VERSION
#define MST_VERSION "unknown"
#endif

/* The cookie inspect looks for in a pasted Cookie header (the module's default name). */
#define DEFAULT_COOKIE "session_timeout"

static const char usage_text[] =
    "usage: " PROG " COMMAND [OPTIONS]\n"
    "\n"
    "  keygen [-o FILE]\n"
    "      32 random bytes as base64url text, on stdout or into a new FILE (mode 0600;\n"
    "      an existing file is never overwritten).\n"
    "  mint --key KEY --user NAME [--created T] [--last T] [--sid SID]\n"
    "          [--format v1|v2] [--nonce HEX]\n"
    "      Prints a signed token. T is Unix seconds (default: now; --last defaults\n"
    "      to --created); SID is 22 base64url characters (default: random).\n"
    "      --format v2 encrypts the user name (default: v1, the name in clear).\n"
    "      --nonce, 24 hex digits, fixes v2's nonce for test vectors only: a\n"
    "      nonce used twice with one key weakens the encryption (default: random).\n"
    "  inspect --key KEY [--key KEY...] [--lifetime D] [--inactivity D] [--skew D]\n"
    "          [--now T] TOKEN|-\n"
    "      Prints the token's fields, whether the MAC verifies and with which key,\n"
    "      and the verdict with the seconds remaining. Without --lifetime and\n"
    "      --inactivity the module's defaults apply (24h, Off); --skew is 30s.\n"
    "      TOKEN is v1 or v2; a v2 user name is shown once the MAC verifies.\n"
    "      - reads TOKEN from standard input (keeps it out of the shell history).\n"
    "      A pasted NAME=TOKEN, Cookie or Set-Cookie value is fine: the token is\n"
    "      taken from the session_timeout cookie, else from the first one.\n"
    "  revoke --store URL [--store-auth SRC] [--context NAME] [--key KEY...]\n"
    "          [--ttl D] (--sid SID | --user NAME | --all)\n"
    "      Revokes in a redis:// store, as the module's admin handler does: one\n"
    "      session id, every session of NAME created before now (needs the\n"
    "      servers' --key, each of which is used), or every session created before\n"
    "      now. --context defaults to session_timeout (the default cookie name);\n"
    "      entries live --ttl (default 24h) plus 31 s.\n"
    "  store-check --store URL [--store-auth SRC]\n"
    "      Tells whether the store answers (PING), within 2 seconds.\n"
    "\n"
    "KEY is a secret file, file:PATH or env:NAME, as for SessionTimeoutSecret; the\n"
    "first --key signs, every --key verifies. SRC holds the store's AUTH text, as\n"
    "for SessionTimeoutStoreAuth. D is a duration: 90, 90s, 30m, 8h, 1d or Off.\n"
    "\n"
    "--help prints this text, --version the version.\n"
    "\n"
    "Exit status: 0 valid or done, 1 invalid, expired or store failed, 2 usage error, 3 I/O "
    "error.\n";

/* Everything the command line can say; NULL where not given. */
typedef struct cli_opts {
    apr_array_header_t *keys; /* const char *: key arguments in order */
    const char *out;
    const char *user;
    const char *created;
    const char *last;
    const char *sid;
    const char *format;
    const char *nonce;
    const char *lifetime;
    const char *inactivity;
    const char *skew;
    const char *now;
    const char *store;
    const char *store_auth;
    const char *context;
    const char *ttl;
    const char *all;          /* a flag: "1" when given */
    apr_array_header_t *args; /* const char *: positional arguments */
} cli_opts;

/* An option a command accepts: its spellings and where its value goes. */
typedef struct opt_def {
    const char *name;  /* "--name" */
    const char *alias; /* short spelling or NULL */
    size_t offset;     /* of the const char * field; the key list for --key */
} opt_def;

#define OPT(name, alias, field)                                                                    \
    {                                                                                              \
        name, alias, offsetof(cli_opts, field)                                                     \
    }
#define OPT_END                                                                                    \
    {                                                                                              \
        NULL, NULL, 0                                                                              \
    }

static const opt_def keygen_opts[] = {OPT("--out", "-o", out), OPT_END};
static const opt_def mint_opts[] = {OPT("--key", NULL, keys),        OPT("--user", NULL, user),
                                    OPT("--created", NULL, created), OPT("--last", NULL, last),
                                    OPT("--sid", NULL, sid),         OPT("--format", NULL, format),
                                    OPT("--nonce", NULL, nonce),     OPT_END};
static const opt_def inspect_opts[] = {OPT("--key", NULL, keys),
                                       OPT("--lifetime", NULL, lifetime),
                                       OPT("--inactivity", NULL, inactivity),
                                       OPT("--skew", NULL, skew),
                                       OPT("--now", NULL, now),
                                       OPT_END};
static const opt_def revoke_opts[] = {OPT("--store", NULL, store),
                                      OPT("--store-auth", NULL, store_auth),
                                      OPT("--context", NULL, context),
                                      OPT("--key", NULL, keys),
                                      OPT("--ttl", NULL, ttl),
                                      OPT("--sid", NULL, sid),
                                      OPT("--user", NULL, user),
                                      OPT("--all", NULL, all),
                                      OPT_END};
static const opt_def store_check_opts[] = {OPT("--store", NULL, store),
                                           OPT("--store-auth", NULL, store_auth), OPT_END};

/* Reports a usage error on stderr; returns EXIT_USAGE. */
static int usage_error(const char *msg)
{
    fprintf(stderr, "%s: %s\nTry '%s --help'.\n", PROG, msg, PROG);
    return EXIT_USAGE;
}

/* Reports an error that is not about the command line; returns EXIT_USAGE. */
static int fail(const char *msg)
{
    fprintf(stderr, "%s: %s\n", PROG, msg);
    return EXIT_USAGE;
}

/* Reports an I/O or system failure; returns EXIT_IO. */
static int fail_io(const char *msg)
{
    fprintf(stderr, "%s: %s\n", PROG, msg);
    return EXIT_IO;
}

/* The option of defs spelled like arg (up to '=' if any), or NULL. */
static const opt_def *find_opt(const opt_def *defs, const char *arg, size_t len)
{
    for (; defs->name != NULL; defs++) {
        if ((strlen(defs->name) == len && strncmp(arg, defs->name, len) == 0) ||
            (defs->alias != NULL && strlen(defs->alias) == len &&
             strncmp(arg, defs->alias, len) == 0)) {
            return defs;
        }
    }
    return NULL;
}

/* Stores value for def in o. Only --key may be repeated. */
static const char *store_opt(apr_pool_t *p, cli_opts *o, const opt_def *def, const char *value)
{
    const char **slot;
    if (def->offset == offsetof(cli_opts, keys)) {
        APR_ARRAY_PUSH(o->keys, const char *) = value;
        return NULL;
    }
    slot = (const char **)((char *)o + def->offset);
    if (*slot != NULL) {
        return apr_psprintf(p, "option %s given twice", def->name);
    }
    *slot = value;
    return NULL;
}

/* Parses one option at argv[*i] ("--name VALUE" or "--name=VALUE"). */
static const char *parse_opt(apr_pool_t *p, cli_opts *o, const opt_def *defs, int argc,
                             const char *const *argv, int *i)
{
    const char *arg = argv[*i];
    const char *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    const opt_def *def = find_opt(defs, arg, len);

    if (def == NULL) {
        return apr_psprintf(p, "unknown option '%.*s'", (int)len, arg);
    }
    if (def->offset == offsetof(cli_opts, all)) {
        return eq ? apr_psprintf(p, "option %s takes no value", def->name)
                  : store_opt(p, o, def, "1");
    }
    if (eq != NULL) {
        return store_opt(p, o, def, eq + 1);
    }
    if (*i + 1 >= argc) {
        return apr_psprintf(p, "option %s needs a value", arg);
    }
    *i += 1;
    return store_opt(p, o, def, argv[*i]);
}

/* Parses argv[first..argc) into o. "--" ends the options. */
static const char *parse_args(apr_pool_t *p, cli_opts *o, const opt_def *defs, int argc,
                              const char *const *argv, int first)
{
    int options_done = 0;
    memset(o, 0, sizeof(*o));
    o->keys = apr_array_make(p, 2, sizeof(const char *));
    o->args = apr_array_make(p, 1, sizeof(const char *));
    for (int i = first; i < argc; i++) {
        const char *err = NULL;
        if (!options_done && strcmp(argv[i], "--") == 0) {
            options_done = 1;
        } else if (!options_done && argv[i][0] == '-' && argv[i][1] != '\0') {
            err = parse_opt(p, o, defs, argc, argv, &i);
        } else {
            APR_ARRAY_PUSH(o->args, const char *) = argv[i];
        }
        if (err != NULL) {
            return err;
        }
    }
    return NULL;
}

/* Unix seconds: 1 to 12 decimal digits, nothing else (as in a token). */
static const char *parse_time(apr_pool_t *p, const char *opt, const char *text, apr_int64_t *out)
{
    if (!mst_unix_time_parse(text, strlen(text), out)) {
        return apr_psprintf(p, "%s '%s' is not a time: use Unix seconds, 1 to 12 digits", opt,
                            text);
    }
    return NULL;
}

static apr_int64_t time_now(void)
{
    return (apr_int64_t)apr_time_sec(apr_time_now());
}

/* NULL if the file at path can be opened for reading, else the error. */
static const char *unreadable(apr_pool_t *p, const char *path)
{
    apr_file_t *f;
    apr_status_t rv = apr_file_open(&f, path, APR_FOPEN_READ, APR_FPROT_OS_DEFAULT, p);
    if (rv != APR_SUCCESS) {
        char msg[120];
        return apr_psprintf(p, "cannot read secret file %s: %s", path,
                            apr_strerror(rv, msg, sizeof(msg)));
    }
    apr_file_close(f);
    return NULL;
}

/* Loads every key argument into a new ring. A bare path means file:PATH.
 * Returns EXIT_VALID, or EXIT_USAGE / EXIT_IO (a file not readable) with
 * *err set. */
static int load_ring(apr_pool_t *p, const apr_array_header_t *keys, mst_keyring **out,
                     const char **err)
{
    mst_keyring *ring = mst_keyring_make(p);
    if (keys->nelts == 0) {
        *err = "--key is required";
        return EXIT_USAGE;
    }
    for (int i = 0; i < keys->nelts; i++) {
        const char *arg = APR_ARRAY_IDX(keys, i, const char *);
        const char *spec = (strncmp(arg, "file:", 5) == 0 || strncmp(arg, "env:", 4) == 0)
                               ? arg
                               : apr_pstrcat(p, "file:", arg, NULL);
        if (strncmp(spec, "file:", 5) == 0 && (*err = unreadable(p, spec + 5)) != NULL) {
            return EXIT_IO;
        }
        if ((*err = mst_keyring_add_spec(ring, p, spec)) != NULL) {
            return EXIT_USAGE;
        }
    }
    *out = ring;
    return EXIT_VALID;
}

/* The error status of a failed load_ring: a usage error is reported as one. */
static int ring_error(int status, const char *err)
{
    return status == EXIT_IO ? fail_io(err) : usage_error(err);
}

/* Creates path (never overwriting) with mode 0600 and writes len bytes. */
static const char *write_new_file(apr_pool_t *p, const char *path, const char *data, apr_size_t len)
{
    const apr_fileperms_t perms = APR_FPROT_UREAD | APR_FPROT_UWRITE;
    char msg[120];
    apr_file_t *f;
    apr_status_t rv = apr_file_open(
        &f, path, APR_FOPEN_WRITE | APR_FOPEN_CREATE | APR_FOPEN_EXCL | APR_FOPEN_BINARY, perms, p);

    if (APR_STATUS_IS_EEXIST(rv)) {
        return apr_psprintf(p, "%s exists; not overwriting it", path);
    }
    if (rv == APR_SUCCESS) {
        rv = apr_file_perms_set(path, perms); /* exactly 0600, whatever the umask */
        if (rv == APR_SUCCESS || APR_STATUS_IS_ENOTIMPL(rv)) {
            rv = apr_file_write_full(f, data, len, NULL);
        }
        if (apr_file_close(f) != APR_SUCCESS && rv == APR_SUCCESS) {
            rv = APR_EGENERAL;
        }
    }
    return rv == APR_SUCCESS
               ? NULL
               : apr_psprintf(p, "cannot write %s: %s", path, apr_strerror(rv, msg, sizeof(msg)));
}

static int cmd_keygen(apr_pool_t *p, const cli_opts *o)
{
    unsigned char raw[KEYGEN_BYTES];
    char text[MST_B64URL_ENCODED_LEN(KEYGEN_BYTES) + 2];
    const char *err = NULL;
    apr_size_t n;

    if (o->args->nelts > 0) {
        return usage_error("keygen takes no arguments");
    }
    if (apr_generate_random_bytes(raw, sizeof(raw)) != APR_SUCCESS) {
        return fail_io("no random bytes available");
    }
    n = mst_b64url_encode(text, raw, sizeof(raw));
    text[n++] = '\n';
    text[n] = '\0';
    if (o->out == NULL) {
        fputs(text, stdout);
    } else {
        err = write_new_file(p, o->out, text, n);
    }
    OPENSSL_cleanse(raw, sizeof(raw));
    OPENSSL_cleanse(text, sizeof(text));
    return err ? fail_io(err) : EXIT_VALID;
}

/* The session id: --sid checked, or 16 random bytes. */
static const char *mint_sid(apr_pool_t *p, const char *given, char sid[MST_SID_LEN + 1])
{
    unsigned char raw[MST_SID_RAW_LEN];
    if (given == NULL) {
        if (apr_generate_random_bytes(raw, sizeof(raw)) != APR_SUCCESS) {
            return "no random bytes available";
        }
        mst_sid_encode(raw, sid);
        return NULL;
    }
    if (strlen(given) != MST_SID_LEN ||
        mst_b64url_decode(raw, sizeof(raw), given, MST_SID_LEN) != MST_SID_RAW_LEN) {
        return apr_psprintf(p, "--sid '%s' is not a session id: 22 base64url characters", given);
    }
    memcpy(sid, given, MST_SID_LEN + 1);
    return NULL;
}

/* Checks and fills created, last and sid for mint. */
static const char *mint_inputs(apr_pool_t *p, const cli_opts *o, apr_int64_t *created,
                               apr_int64_t *last, char sid[MST_SID_LEN + 1])
{
    const char *err = NULL;
    *created = time_now();
    if (o->user == NULL) {
        return "--user is required (it may be empty: --user '')";
    }
    if (!mst_user_valid(o->user, strlen(o->user), 1)) {
        return "--user must be at most 255 bytes of UTF-8 without control characters";
    }
    if (o->created != NULL) {
        err = parse_time(p, "--created", o->created, created);
    }
    *last = *created;
    if (err == NULL && o->last != NULL) {
        err = parse_time(p, "--last", o->last, last);
    }
    if (err == NULL && *last < *created) {
        err = "--last must not be before --created";
    }
    return err ? err : mint_sid(p, o->sid, sid);
}

/* --format (1 or 2 into *version) and, for v2, the nonce: --nonce or random. */
static const char *mint_format(apr_pool_t *p, const cli_opts *o, int *version,
                               unsigned char nonce[MST_AEAD_NONCE_LEN])
{
    static const char hex[] = "0123456789abcdef0123456789ABCDEF";
    *version = 1;
    if (o->format != NULL && strcmp(o->format, "v2") == 0) {
        *version = 2;
    } else if (o->format != NULL && strcmp(o->format, "v1") != 0) {
        return apr_psprintf(p, "--format '%s' is not a token format: v1 or v2", o->format);
    }
    if (*version == 1) {
        return o->nonce == NULL ? NULL : "--nonce needs --format v2";
    }
    if (o->nonce == NULL) {
        return apr_generate_random_bytes(nonce, MST_AEAD_NONCE_LEN) == APR_SUCCESS
                   ? NULL
                   : "no random bytes available";
    }
    if (strlen(o->nonce) != 2 * MST_AEAD_NONCE_LEN ||
        strspn(o->nonce, hex) != 2 * MST_AEAD_NONCE_LEN) {
        return apr_psprintf(p, "--nonce '%s' is not a nonce: 24 hex digits", o->nonce);
    }
    for (int i = 0; i < MST_AEAD_NONCE_LEN; i++) {
        unsigned hi = (unsigned)(strchr(hex, o->nonce[2 * i]) - hex) & 15;
        unsigned lo = (unsigned)(strchr(hex, o->nonce[2 * i + 1]) - hex) & 15;
        nonce[i] = (unsigned char)(hi << 4 | lo);
    }
    return NULL;
}

static int cmd_mint(apr_pool_t *p, const cli_opts *o)
{
    char buf[MST_TOKEN_MAX_LEN + 1];
    char sid[MST_SID_LEN + 1];
    unsigned char nonce[MST_AEAD_NONCE_LEN];
    apr_int64_t created, last;
    mst_keyring *ring;
    const char *err;
    int version, status;
    apr_size_t n;

    if (o->args->nelts > 0) {
        return usage_error("mint takes no arguments besides its options");
    }
    err = mint_inputs(p, o, &created, &last, sid);
    if (err == NULL) {
        err = mint_format(p, o, &version, nonce);
    }
    if (err != NULL) {
        return usage_error(err);
    }
    status = load_ring(p, o->keys, &ring, &err);
    if (status != EXIT_VALID) {
        return ring_error(status, err);
    }
    n = version == 2
            ? mst_token_mint_v2(ring, nonce, sid, created, last, o->user, strlen(o->user), buf,
                                sizeof(buf))
            : mst_token_mint(ring, sid, created, last, o->user, strlen(o->user), buf, sizeof(buf));
    if (n == 0) {
        return fail("cannot mint a token from these values");
    }
    puts(buf);
    return EXIT_VALID;
}

/* Limits, skew and now for inspect, from the options or the defaults. */
typedef struct inspect_ctx {
    mst_keyring *ring;
    mst_effective limits;
    apr_int64_t skew;
    apr_int64_t now;
    const char *token;
} inspect_ctx;

static const char *parse_dur(apr_pool_t *p, const char *opt, const char *text, int allow_off,
                             apr_int64_t *out)
{
    const char *err = text ? mst_duration_parse(p, text, allow_off, 0, out) : NULL;
    return err ? apr_pstrcat(p, opt, ": ", err, NULL) : NULL;
}

/* The first line of standard input (at most a cookie's worth), or NULL
 * with *err set when it cannot be read. */
static const char *read_stdin_token(apr_pool_t *p, const char **err)
{
    char buf[8192];
    size_t n = fread(buf, 1, sizeof(buf) - 1, stdin);
    if (ferror(stdin)) {
        *err = "cannot read the token from standard input";
        return NULL;
    }
    buf[n] = '\0';
    buf[strcspn(buf, "\r\n")] = '\0';
    return apr_pstrdup(p, buf);
}

/* The token in text as a user pastes it: surrounding whitespace, a
 * "Cookie:" or "Set-Cookie:" prefix, and a NAME= before the value are
 * dropped. With several cookies, ours (session_timeout) is taken, else the
 * first one; a Set-Cookie's attributes after ';' are ignored. A token has
 * no '=' and no ';' (base64url without padding), so a bare one is kept as
 * it is. */
static const char *pasted_token(apr_pool_t *p, const char *text)
{
    const char *cur, *value, *end;
    apr_size_t len, vlen;

    while (*text == ' ' || *text == '\t') {
        text++;
    }
    if (strncasecmp(text, "Set-Cookie:", 11) == 0) {
        text += 11;
    } else if (strncasecmp(text, "Cookie:", 7) == 0) {
        text += 7;
    }
    while (*text == ' ' || *text == '\t') {
        text++;
    }
    len = strlen(text);
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == ';')) {
        len--;
    }
    text = apr_pstrmemdup(p, text, len);
    if (strchr(text, '=') == NULL) {
        return text;
    }
    cur = text;
    if (mst_cookie_next(&cur, DEFAULT_COOKIE, strlen(DEFAULT_COOKIE), &value, &vlen)) {
        return apr_pstrmemdup(p, value, vlen);
    }
    value = strchr(text, '=') + 1;
    end = value + strcspn(value, ";");
    while (value < end && *value == ' ') {
        value++;
    }
    while (end > value && end[-1] == ' ') {
        end--;
    }
    return apr_pstrmemdup(p, value, (apr_size_t)(end - value));
}

/* Fills c from the options. Returns EXIT_VALID, or EXIT_USAGE / EXIT_IO
 * with *err set. */
static int inspect_inputs(apr_pool_t *p, const cli_opts *o, inspect_ctx *c, const char **err)
{
    mst_limits l;
    const char *arg;

    if (o->args->nelts != 1) {
        *err = "inspect needs exactly one TOKEN";
        return EXIT_USAGE;
    }
    arg = APR_ARRAY_IDX(o->args, 0, const char *);
    if (strcmp(arg, "-") == 0 && (arg = read_stdin_token(p, err)) == NULL) {
        return EXIT_IO;
    }
    c->token = pasted_token(p, arg);
    mst_limits_init(&l);
    c->skew = MST_DEFAULT_SKEW;
    c->now = time_now();
    if ((*err = parse_dur(p, "--lifetime", o->lifetime, 1, &l.lifetime)) != NULL ||
        (*err = parse_dur(p, "--inactivity", o->inactivity, 1, &l.inactivity)) != NULL ||
        (*err = parse_dur(p, "--skew", o->skew, 0, &c->skew)) != NULL ||
        (o->now != NULL && (*err = parse_time(p, "--now", o->now, &c->now)) != NULL)) {
        return EXIT_USAGE;
    }
    mst_limits_effective(&l, &c->limits);
    return load_ring(p, o->keys, &c->ring, err);
}

/* "1764000000 (2025-11-24T16:00:00Z)" */
static const char *show_time(apr_pool_t *p, apr_int64_t t)
{
    apr_time_exp_t tm;
    char iso[40];
    apr_size_t len = 0;
    apr_time_exp_gmt(&tm, apr_time_from_sec(t));
    apr_strftime(iso, &len, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return apr_psprintf(p, "%" APR_INT64_T_FMT " (%s)", t, iso);
}

static const char *show_left(apr_pool_t *p, apr_int64_t seconds)
{
    return seconds < 0 ? "Off" : apr_psprintf(p, "%" APR_INT64_T_FMT " s", seconds);
}

/* st is the result of the MAC check: a v2 user is shown only once decrypted. */
static void print_fields(apr_pool_t *p, const mst_token *t, mst_token_status st)
{
    int sealed = t->version == 2 && st != MST_TOKEN_OK && st != MST_TOKEN_ERR_ORDER;
    printf("version:    v%d\n", t->version);
    printf("kid:        %s\n", t->kid);
    printf("sid:        %s\n", t->sid);
    printf("created:    %s\n", show_time(p, t->created));
    printf("last:       %s\n", show_time(p, t->last));
    printf("user:       %s\n", sealed ? "(encrypted)" : mst_json_string(p, t->user));
}

static void print_mac(const inspect_ctx *c, const mst_token *t, mst_token_status st)
{
    int key = mst_keyring_find(c->ring, t->kid);
    if (st == MST_TOKEN_ERR_UNKNOWN_KID) {
        printf("mac:        not checked: no --key has KID %s\n", t->kid);
    } else if (st == MST_TOKEN_ERR_MAC) {
        printf("mac:        does not verify with KID %s\n", t->kid);
    } else {
        printf("mac:        verifies with KID %s (key %d of %d%s)\n", t->kid, key + 1,
               mst_keyring_count(c->ring), key == 0 ? ", the signing key" : "");
    }
}

/* When the limit that ended the session passed (Unix seconds). */
static apr_int64_t expired_at(const inspect_ctx *c, const mst_token *t, const mst_decision *d)
{
    return d->verdict == MST_VERDICT_LIFETIME ? t->created + c->limits.lifetime
                                              : t->last + c->limits.inactivity;
}

static void print_verdict(apr_pool_t *p, const inspect_ctx *c, const mst_token *t,
                          mst_token_status st, const mst_decision *d)
{
    printf("limits:     lifetime %s, inactivity %s, skew %s\n",
           mst_duration_format(p, c->limits.lifetime), mst_duration_format(p, c->limits.inactivity),
           mst_duration_format(p, c->skew));
    printf("now:        %s\n", show_time(p, c->now));
    if (d->verdict == MST_VERDICT_INVALID) {
        printf("verdict:    invalid (%s)\n", mst_token_status_str(st));
    } else if (d->verdict != MST_VERDICT_VALID) {
        printf("verdict:    expired (%s) %" APR_INT64_T_FMT " s ago\n", mst_verdict_str(d->verdict),
               c->now - expired_at(c, t, d));
    } else {
        printf("verdict:    valid\n");
        printf("expires_in: %s (%s)\n", show_left(p, d->expires_in), mst_limit_str(d->limit));
        printf("lifetime_remaining:   %s\n", show_left(p, d->lifetime_left));
        printf("inactivity_remaining: %s\n", show_left(p, d->inactivity_left));
    }
}

static int cmd_inspect(apr_pool_t *p, const cli_opts *o)
{
    inspect_ctx c;
    mst_token t;
    mst_session_ctx ctx;
    mst_session s;
    mst_token_status st;
    apr_size_t len;
    const char *err = NULL;
    int status = inspect_inputs(p, o, &c, &err);

    if (status != EXIT_VALID) {
        return ring_error(status, err);
    }
    len = strlen(c.token);
    st = mst_token_parse_versions(c.token, len, ALL_VERSIONS, &t);
    if (st != MST_TOKEN_OK) {
        printf("format:     invalid (%s)\nverdict:    invalid (%s)\n", mst_token_status_str(st),
               mst_token_status_str(st));
        return EXIT_INVALID;
    }
    /* The fields; a v2 user is decrypted once the MAC verifies. */
    print_fields(p, &t, mst_token_verify_mac_versions(c.ring, c.token, len, ALL_VERSIONS, &t));
    /* The module's own verdict (mst_session): MAC first, then the clock
     * rule that repairs a LAST from the future (a server clock stepped
     * back) instead of refusing it; a status request's decision (passive). */
    ctx.keys = c.ring;
    ctx.cache = NULL;
    ctx.cookie_name = NULL;
    ctx.cookie_name_len = 0;
    ctx.now = c.now;
    ctx.skew = c.skew;
    ctx.versions = ALL_VERSIONS;
    ctx.mint_version = 0; /* the CLI re-issues nothing */
    mst_session_find_value(&ctx, c.token, len, &s);
    print_mac(&c, &t, s.status);
    if (s.status == MST_TOKEN_OK && s.token.last_clamped) {
        printf("clock:      LAST %" APR_INT64_T_FMT " is more than the skew ahead of now; "
               "the module takes it as %" APR_INT64_T_FMT " and re-issues the cookie\n",
               t.last, s.token.last);
    }
    mst_session_decide(&s, &c.limits, MST_ACTIVITY_PASSIVE);
    print_verdict(p, &c, &s.token, s.status, &s.decision);
    return s.decision.verdict == MST_VERDICT_VALID ? EXIT_VALID : EXIT_INVALID;
}

/* ---- revoke and store-check: a redis:// store (SPEC section 10) ---- */

#define CLI_STORE_TIMEOUT_MS 2000

/* Connects (with AUTH and SELECT) to the --store of o; NULL with *err set
 * and *usage 1 when the options are at fault (not the store). */
static redisContext *store_connect(apr_pool_t *p, const cli_opts *o, const char **err, int *usage)
{
    struct timeval tv = {CLI_STORE_TIMEOUT_MS / 1000, 0};
    const char *user = NULL, *password = NULL;
    mst_store_url url;
    redisContext *c;
    redisReply *reply;

    if (o->store == NULL) {
        *err = "--store is required";
        return NULL;
    }
    *err = mst_store_url_parse(p, o->store, &url);
    if (*err == NULL && url.kind != MST_STORE_REDIS) {
        *err = "--store takes a redis:// URL (a socache: store is reached through the module's "
               "admin handler)";
    }
    if (*err == NULL && o->store_auth != NULL) {
        char *text;
        *err = mst_secret_spec_read(p, o->store_auth, &text);
        if (*err == NULL) {
            *err = mst_store_auth_split(p, text, &user, &password);
        }
    }
    *usage = *err != NULL;
    if (*err != NULL) {
        return NULL;
    }
    c = redisConnectWithTimeout(url.host, url.port, tv);
    if (c == NULL || c->err) {
        *err = apr_psprintf(p, "cannot connect to %s: %s", o->store, c ? c->errstr : "no memory");
        if (c) {
            redisFree(c);
        }
        return NULL;
    }
    redisSetTimeout(c, tv);
    if (password != NULL) {
        reply = user ? redisCommand(c, "AUTH %s %s", user, password)
                     : redisCommand(c, "AUTH %s", password);
        if (reply == NULL || reply->type == REDIS_REPLY_ERROR) {
            *err = apr_psprintf(p, "%s refused AUTH", o->store);
        }
        if (reply) {
            freeReplyObject(reply);
        }
    }
    if (*err == NULL && url.db != 0) {
        reply = redisCommand(c, "SELECT %d", url.db);
        if (reply == NULL || reply->type == REDIS_REPLY_ERROR) {
            *err = apr_psprintf(p, "%s refused SELECT %d", o->store, url.db);
        }
        if (reply) {
            freeReplyObject(reply);
        }
    }
    if (*err != NULL) {
        redisFree(c);
        return NULL;
    }
    return c;
}

static const char *revoke_inputs(apr_pool_t *p, const cli_opts *o, apr_int64_t *ttl,
                                 mst_keyring **ring)
{
    int given = (o->sid != NULL) + (o->user != NULL) + (o->all != NULL);
    apr_int64_t bound = 86400;
    const char *err;

    if (o->args->nelts != 0) {
        return "revoke takes no arguments besides its options";
    }
    if (given != 1) {
        return "revoke needs exactly one of --sid, --user, --all";
    }
    if (o->context != NULL && (err = mst_store_context_check(p, o->context)) != NULL) {
        return apr_psprintf(p, "--context: %s", err);
    }
    if (o->ttl != NULL) {
        err = mst_duration_parse(p, o->ttl, 0, 1, &bound);
        if (err) {
            return apr_psprintf(p, "--ttl: %s", err);
        }
    }
    *ttl = mst_store_ttl(bound, MST_DEFAULT_SKEW, MST_STORE_DEFAULT_DELAY_MS, 0);
    if (o->sid != NULL) {
        unsigned char raw[MST_SID_RAW_LEN];
        if (strlen(o->sid) != MST_SID_LEN ||
            mst_b64url_decode(raw, sizeof(raw), o->sid, MST_SID_LEN) != MST_SID_RAW_LEN) {
            return apr_psprintf(p, "--sid '%s' is not a session id (22 base64url characters)",
                                o->sid);
        }
    }
    if (o->user != NULL) {
        if (!mst_user_valid(o->user, strlen(o->user), 0)) {
            return "--user: not a user name (1 to 255 bytes of UTF-8, no control characters)";
        }
        const char *err_ring = NULL;
        if (load_ring(p, o->keys, ring, &err_ring) != EXIT_VALID) {
            return err_ring;
        }
    }
    return NULL;
}

static int cmd_revoke(apr_pool_t *p, const cli_opts *o)
{
    const char *ctx = o->context ? o->context : "session_timeout";
    apr_int64_t ttl = 0, now = time_now();
    mst_keyring *ring = NULL;
    apr_array_header_t *keys = apr_array_make(p, 2, sizeof(const char *));
    const char *value = "1", *err = revoke_inputs(p, o, &ttl, &ring), *ttl_text;
    redisContext *c;
    int ok = 1, usage = 0;

    if (err != NULL) {
        return usage_error(err);
    }
    if (o->sid != NULL) {
        APR_ARRAY_PUSH(keys, const char *) = mst_store_key_sid(p, ctx, o->sid);
    } else if (o->user != NULL) {
        for (int i = 0; i < mst_keyring_count(ring); i++) {
            APR_ARRAY_PUSH(keys, const char *) =
                mst_store_key_user(p, ring, i, ctx, o->user, strlen(o->user));
        }
        value = apr_psprintf(p, "%" APR_INT64_T_FMT, now);
    } else {
        APR_ARRAY_PUSH(keys, const char *) = mst_store_key_all(p, ctx);
        value = apr_psprintf(p, "%" APR_INT64_T_FMT, now);
    }
    c = store_connect(p, o, &err, &usage);
    if (c == NULL) {
        if (usage) {
            return usage_error(err);
        }
        fprintf(stderr, "%s: %s\n", PROG, err);
        return EXIT_INVALID;
    }
    ttl_text = apr_psprintf(p, "%" APR_INT64_T_FMT, ttl);
    for (int i = 0; i < keys->nelts && ok; i++) {
        redisReply *reply = redisCommand(c, "SET %s %s EX %s", APR_ARRAY_IDX(keys, i, const char *),
                                         value, ttl_text);
        ok = reply != NULL && reply->type != REDIS_REPLY_ERROR;
        if (reply) {
            freeReplyObject(reply);
        }
    }
    redisFree(c);
    if (!ok) {
        fprintf(stderr, "%s: %s did not take the revocation\n", PROG, o->store);
        return EXIT_INVALID;
    }
    if (o->sid != NULL) {
        printf("revoked: sid %s (context %s)\n", o->sid, ctx);
    } else {
        printf("revoked: %s created before %s (context %s)\n",
               o->user ? apr_psprintf(p, "the sessions of user \"%s\"", o->user) : "every session",
               value, ctx);
    }
    return EXIT_VALID;
}

static int cmd_store_check(apr_pool_t *p, const cli_opts *o)
{
    const char *err = NULL;
    redisContext *c;
    redisReply *reply;
    int ok, usage = 0;

    if (o->args->nelts != 0) {
        return usage_error("store-check takes no arguments besides its options");
    }
    if (o->store == NULL) {
        return usage_error("--store is required");
    }
    c = store_connect(p, o, &err, &usage);
    if (c == NULL) {
        if (usage) {
            return usage_error(err);
        }
        printf("store: down (%s)\n", err);
        return EXIT_INVALID;
    }
    reply = redisCommand(c, "PING");
    ok = reply != NULL && reply->type != REDIS_REPLY_ERROR;
    if (reply) {
        freeReplyObject(reply);
    }
    redisFree(c);
    printf("store: %s\n", ok ? "up" : "down (no answer to PING)");
    return ok ? EXIT_VALID : EXIT_INVALID;
}
/* 1 if any argument (before "--") is one of the spellings a and b. */
static int has_flag(int argc, const char *const *argv, const char *a, const char *b)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            break;
        }
        if (strcmp(argv[i], a) == 0 || (b != NULL && strcmp(argv[i], b) == 0)) {
            return 1;
        }
    }
    return 0;
}

/* 1 if any argument asks for help. */
static int wants_help(int argc, const char *const *argv)
{
    return has_flag(argc, argv, "--help", "-h") || (argc > 1 && strcmp(argv[1], "help") == 0);
}

static int dispatch(apr_pool_t *p, int argc, const char *const *argv)
{
    static const struct {
        const char *name;
        const opt_def *opts;
        int (*run)(apr_pool_t *, const cli_opts *);
    } commands[] = {
        {"keygen", keygen_opts, cmd_keygen},
        {"mint", mint_opts, cmd_mint},
        {"inspect", inspect_opts, cmd_inspect},
        {"revoke", revoke_opts, cmd_revoke},
        {"store-check", store_check_opts, cmd_store_check},
    };
    cli_opts o;

    if (wants_help(argc, argv)) {
        fputs(usage_text, stdout);
        return EXIT_VALID;
    }
    if (has_flag(argc, argv, "--version", NULL)) {
        puts(PROG " " MST_VERSION);
        return EXIT_VALID;
    }
    if (argc < 2) {
        return usage_error("a command is needed: keygen, mint, inspect, revoke or store-check");
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            const char *err = parse_args(p, &o, commands[i].opts, argc, argv, 2);
            return err ? usage_error(err) : commands[i].run(p, &o);
        }
    }
    return usage_error(apr_psprintf(p, "unknown command '%s'", argv[1]));
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;
    int status;

    if (apr_app_initialize(&argc, &argv, NULL) != APR_SUCCESS ||
        apr_pool_create(&pool, NULL) != APR_SUCCESS) {
        fprintf(stderr, "%s: cannot initialise APR\n", PROG);
        return EXIT_IO;
    }
    status = dispatch(pool, argc, argv);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "%s: cannot write to standard output\n", PROG);
        status = EXIT_IO;
    }
    apr_pool_destroy(pool);
    apr_terminate();
    return status;
}

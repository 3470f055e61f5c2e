/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_scope.c: the per-directory settings: one set bit per setting, the
 * merge, and the value checks of their directives.
 *
 * Pure core, see mst_scope.h. The error texts are the ones `httpd -t` has
 * always printed after the directive name; keep them. */
#include <string.h>

#include <apr_lib.h>
#include <apr_strings.h>

#include "mst_cookie.h"
#include "mst_login.h"
#include "mst_scope.h"

/* Keys of SessionTimeoutDialogText, in mst_dialog_text order. */
static const char *const text_keys[MST_DIALOG_TEXTS] = {"title", "inactivity", "lifetime",
                                                        "stay",  "signout",    "ok"};

void mst_scope_init(mst_scope *s)
{
    memset(s, 0, sizeof(*s));
    mst_limits_init(&s->limits);
    mst_limits_effective(&s->limits, &s->eff);
}

/* Field by field, each field read only from the same field of the inputs
 * before it is written, so out may alias either input with no copy. */
#define MERGE(field, which)                                                                        \
    out->field = (cset & MST_SCOPE_BIT(which)) ? child->field : parent->field

void mst_scope_merge(const mst_scope *parent, const mst_scope *child, mst_scope *out)
{
    const apr_uint32_t cset = child->set, pset = parent->set;

    MERGE(enforce, MST_SCOPE_ENFORCE);
    MERGE(activity, MST_SCOPE_ACTIVITY);
    MERGE(inject, MST_SCOPE_INJECT);
    MERGE(warning_header, MST_SCOPE_WARNING_HEADER);
    MERGE(return_param, MST_SCOPE_RETURN_PARAM);
    MERGE(clear_cookies, MST_SCOPE_CLEAR_COOKIES);
    MERGE(start_header, MST_SCOPE_START_HEADER);
    MERGE(end_header, MST_SCOPE_END_HEADER);
    MERGE(script_url, MST_SCOPE_SCRIPT_URL);
    MERGE(status_url, MST_SCOPE_STATUS_URL);
    MERGE(logout_url, MST_SCOPE_LOGOUT_URL);
    for (int i = 0; i < MST_DIALOG_TEXTS; i++) {
        MERGE(texts[i], MST_SCOPE_TEXT + i);
    }
    MERGE(login_url, MST_SCOPE_LOGIN_URL);
    MERGE(revoke_user_header, MST_SCOPE_REVOKE_USER);
    out->where = child->where ? child->where : parent->where;
    MERGE(login_fields, MST_SCOPE_LOGIN_REQUEST);
    MERGE(start_cookie, MST_SCOPE_START_COOKIE);
    MERGE(user_source, MST_SCOPE_START_COOKIE);
    MERGE(user_from, MST_SCOPE_START_COOKIE);
    out->set = pset | cset;
    mst_limits_merge(&parent->limits, &child->limits, &out->limits);
    mst_limits_effective(&out->limits, &out->eff);
}

static void mark(mst_scope *s, int which)
{
    s->set |= MST_SCOPE_BIT(which);
}

void mst_scope_set_flag(mst_scope *s, mst_scope_setting which, int on)
{
    on = on != 0;
    switch (which) {
    case MST_SCOPE_ENFORCE:
        s->enforce = on;
        break;
    case MST_SCOPE_ACTIVITY:
        s->activity = on;
        break;
    case MST_SCOPE_INJECT:
        s->inject = on;
        break;
    default:
        return; /* not a flag */
    }
    mark(s, which);
}

void mst_scope_set_limits(mst_scope *s, const mst_limits *l)
{
    s->limits = *l;
    mst_limits_effective(&s->limits, &s->eff);
}

static int is_off(const char *arg)
{
    return strcasecmp(arg, "off") == 0;
}

/* An RFC 9110 field name (token) of 1 to MST_HEADER_NAME_MAX bytes. */
static int is_header_name(const char *s)
{
    if (*s == '\0' || strlen(s) > MST_HEADER_NAME_MAX) {
        return 0;
    }
    for (; *s; s++) {
        if (!(apr_isalnum(*s) || strchr("!#$%&'*+-.^_`|~", *s))) {
            return 0;
        }
    }
    return 1;
}

/* Why a header name is reserved (SPEC section 9), or NULL: the fields httpd
 * or the module write themselves, and hop-by-hop fields (RFC 9110 section
 * 7.6.1) that a proxy acts on or strips. Case-insensitive. */
static const char *reserved_why(const char *name)
{
    static const char *const hop[] = {"Connection",
                                      "Keep-Alive",
                                      "Proxy-Authenticate",
                                      "Proxy-Authorization",
                                      "Proxy-Connection",
                                      "TE",
                                      "Trailer",
                                      "Transfer-Encoding",
                                      "Upgrade"};
    if (strcasecmp(name, "Set-Cookie") == 0 || strcasecmp(name, "Set-Cookie2") == 0) {
        return "the module writes its own cookies";
    }
    if (strcasecmp(name, "Location") == 0) {
        return "it redirects the response";
    }
    if (strncasecmp(name, "Content-", 8) == 0) {
        return "Content-* fields describe the body";
    }
    for (size_t i = 0; i < sizeof(hop) / sizeof(hop[0]); i++) {
        if (strcasecmp(name, hop[i]) == 0) {
            return "it is a hop-by-hop field that proxies act on or drop";
        }
    }
    return NULL;
}

const char *mst_scope_set_header(apr_pool_t *p, mst_scope *s, mst_scope_setting which,
                                 const char *name)
{
    const char *why;
    const char **field;
    int off_ok = 1;

    switch (which) {
    case MST_SCOPE_WARNING_HEADER:
        field = &s->warning_header;
        off_ok = 0;
        break;
    case MST_SCOPE_START_HEADER:
        field = &s->start_header;
        break;
    case MST_SCOPE_END_HEADER:
        field = &s->end_header;
        break;
    case MST_SCOPE_REVOKE_USER:
        field = &s->revoke_user_header;
        break;
    default:
        return "not a header setting";
    }
    if (off_ok && is_off(name)) {
        *field = NULL;
    } else if (!is_header_name(name)) {
        return apr_psprintf(p, "'%s' is not a valid header name", name);
    } else if ((why = reserved_why(name)) != NULL) {
        return apr_psprintf(p,
                            "'%s' is reserved: %s; use a name of your own, such as "
                            "X-Session-Start",
                            name, why);
    } else {
        *field = name;
    }
    mark(s, which);
    return NULL;
}

const char *mst_scope_set_return_param(apr_pool_t *p, mst_scope *s, const char *name)
{
    if (is_off(name)) {
        s->return_param = NULL;
        mark(s, MST_SCOPE_RETURN_PARAM);
        return NULL;
    }
    for (const char *c = name; *c; c++) {
        if (!(apr_isalnum(*c) || *c == '_' || *c == '-' || *c == '.')) {
            return apr_psprintf(p, "'%s' is not a usable query parameter name", name);
        }
    }
    if (*name == '\0') {
        return "the parameter name is empty";
    }
    s->return_param = name;
    mark(s, MST_SCOPE_RETURN_PARAM);
    return NULL;
}

const char *mst_scope_add_clear_cookie(apr_pool_t *p, mst_scope *s, const char *name)
{
    return mst_scope_add_clear_cookies(p, s, &name, 1);
}

/* Checks words[0..n) and, when add is set, appends their cookies to s. */
static const char *clear_cookie_words(apr_pool_t *p, mst_scope *s, const char *const *words, int n,
                                      int add)
{
    int i = 0;

    if (n <= 0) {
        return "no cookie name";
    }
    while (i < n) {
        const char *name = words[i++], *attr[2] = {NULL, NULL}, *err;
        if (strncasecmp(name, "Path=", 5) == 0 || strncasecmp(name, "Domain=", 7) == 0) {
            return apr_psprintf(p, "'%s' must follow a cookie name", name);
        }
        if ((err = mst_cookie_name_check(p, name)) != NULL) {
            return err;
        }
        for (; i < n && strchr(words[i], '=') != NULL; i++) {
            int which;
            const char *value;
            if ((err = mst_cookie_clear_attr_parse(p, words[i], &which, &value)) != NULL) {
                return err;
            }
            if (attr[which] != NULL) {
                return apr_psprintf(p, "'%s' has two %s attributes", name,
                                    which ? "Domain" : "Path");
            }
            attr[which] = value;
        }
        if (add) {
            mst_clear_cookie *c;
            /* The first one of a scope starts a fresh list, so a scope that
             * names clear cookies replaces the inherited list. */
            if (!mst_scope_has(s, MST_SCOPE_CLEAR_COOKIES)) {
                s->clear_cookies = apr_array_make(p, 2, sizeof(mst_clear_cookie));
                mark(s, MST_SCOPE_CLEAR_COOKIES);
            }
            c = apr_array_push(s->clear_cookies);
            c->name = name;
            c->attrs = apr_pstrcat(p, "Path=", attr[0] ? attr[0] : "/", attr[1] ? "; Domain=" : "",
                                   attr[1] ? attr[1] : "", NULL);
        }
    }
    return NULL;
}

const char *mst_scope_add_clear_cookies(apr_pool_t *p, mst_scope *s, const char *const *words,
                                        int n)
{
    const char *err = clear_cookie_words(p, s, words, n, 0);
    return err ? err : clear_cookie_words(p, s, words, n, 1);
}

/* A URL for an HTML attribute: no whitespace, no control characters, no
 * quotes or angle brackets (it is escaped anyway; these are typos, not URLs). */
static int url_usable(const char *s)
{
    if (*s == '\0' || strlen(s) > MST_URL_MAX) {
        return 0;
    }
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>') {
            return 0;
        }
    }
    return 1;
}

const char *mst_scope_set_url(apr_pool_t *p, mst_scope *s, mst_scope_setting which, const char *url)
{
    const char **field;

    switch (which) {
    case MST_SCOPE_SCRIPT_URL:
        field = &s->script_url;
        break;
    case MST_SCOPE_STATUS_URL:
        field = &s->status_url;
        break;
    case MST_SCOPE_LOGOUT_URL:
        field = &s->logout_url;
        break;
    default:
        return "not a URL setting";
    }
    if (which == MST_SCOPE_LOGOUT_URL && is_off(url)) {
        *field = NULL;
    } else if (!url_usable(url)) {
        return apr_psprintf(p,
                            "'%s' is not a usable URL (empty, too long, or with spaces, "
                            "quotes, angle brackets or control characters)",
                            url);
    } else {
        *field = url;
    }
    mark(s, which);
    return NULL;
}

const char *mst_dialog_text_parse(apr_pool_t *p, const char *key, int *out)
{
    for (int i = 0; i < MST_DIALOG_TEXTS; i++) {
        if (strcasecmp(key, text_keys[i]) == 0) {
            *out = i;
            return NULL;
        }
    }
    return apr_psprintf(p,
                        "unknown text '%s' (use title, inactivity, lifetime, stay, signout "
                        "or ok)",
                        key);
}

const char *mst_dialog_text_name(int text)
{
    return text >= 0 && text < MST_DIALOG_TEXTS ? text_keys[text] : NULL;
}

/* 1 if len bytes of s are well-formed UTF-8 (no overlongs, surrogates or
 * code points above U+10FFFF), the rule of mst_user_valid without its
 * length and control-character limits. */
static int utf8_valid(const unsigned char *s, apr_size_t len)
{
    apr_size_t i = 0;
    while (i < len) {
        unsigned c = s[i], cp, need, min;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1, cp = c & 0x1f, min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2, cp = c & 0x0f, min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return 0; /* continuation byte, overlong lead (c0, c1) or > U+10FFFF lead */
        }
        if (len - i <= need) {
            return 0;
        }
        for (unsigned k = 1; k <= need; k++) {
            if ((s[i + k] & 0xc0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return 0;
        }
        i += need + 1;
    }
    return 1;
}

const char *mst_scope_set_text(apr_pool_t *p, mst_scope *s, int text, const char *value)
{
    if (text < 0 || text >= MST_DIALOG_TEXTS) {
        return "not a dialog text";
    }
    if (*value == '\0' || strlen(value) > MST_DIALOG_TEXT_MAX) {
        return apr_psprintf(p, "the text must have 1 to %d bytes", MST_DIALOG_TEXT_MAX);
    }
    if (!utf8_valid((const unsigned char *)value, strlen(value))) {
        return "the text is not valid UTF-8 (save the configuration file as UTF-8)";
    }
    s->texts[text] = value;
    mark(s, MST_SCOPE_TEXT + text);
    return NULL;
}

void mst_scope_set_login_url(mst_scope *s, const void *expr)
{
    s->login_url = expr;
    mark(s, MST_SCOPE_LOGIN_URL);
}

const char *mst_scope_add_login_field(apr_pool_t *p, mst_scope *s, const char *arg)
{
    mst_login_field f;
    const char *err;

    if (is_off(arg)) {
        s->login_fields = NULL;
        mark(s, MST_SCOPE_LOGIN_REQUEST);
        return NULL;
    }
    if ((err = mst_login_field_parse(p, arg, &f)) != NULL) {
        return err;
    }
    if (!mst_scope_has(s, MST_SCOPE_LOGIN_REQUEST) || s->login_fields == NULL) {
        s->login_fields = apr_array_make(p, 2, sizeof(mst_login_field));
        mark(s, MST_SCOPE_LOGIN_REQUEST);
    }
    APR_ARRAY_PUSH(s->login_fields, mst_login_field) = f;
    return NULL;
}

/* An environment variable name: 1 to 128 letters, digits and '_'. */
static int is_env_name(const char *s)
{
    if (*s == '\0' || strlen(s) > 128) {
        return 0;
    }
    for (; *s; s++) {
        if (!(apr_isalnum(*s) || *s == '_')) {
            return 0;
        }
    }
    return 1;
}

const char *mst_scope_set_start_cookie(apr_pool_t *p, mst_scope *s, const char *name,
                                       const char *user)
{
    mst_user_source src = MST_USER_NONE;
    const char *from = NULL, *err;

    if (is_off(name)) {
        if (user != NULL) {
            return "Off takes no user source";
        }
        s->start_cookie = NULL;
        s->user_source = MST_USER_NONE;
        s->user_from = NULL;
        mark(s, MST_SCOPE_START_COOKIE);
        return NULL;
    }
    if ((err = mst_cookie_name_check(p, name)) != NULL) {
        return err;
    }
    if (user != NULL) {
        if (strcasecmp(user, "user=REMOTE_USER") == 0) {
            src = MST_USER_REMOTE_USER;
        } else if (strncasecmp(user, "user=header:", 12) == 0 && is_header_name(user + 12)) {
            const char *why = reserved_why(user + 12);
            if (why != NULL) {
                /* the user header is removed from every response */
                return apr_psprintf(p,
                                    "'%s' is reserved: %s; use a name of your own, such as "
                                    "X-App-User",
                                    user + 12, why);
            }
            src = MST_USER_HEADER;
            from = user + 12;
        } else if (strncasecmp(user, "user=env:", 9) == 0 && is_env_name(user + 9)) {
            src = MST_USER_ENV;
            from = user + 9;
        } else {
            return apr_psprintf(p,
                                "'%s' is not a user source (user=header:NAME, "
                                "user=REMOTE_USER or user=env:NAME)",
                                user);
        }
    }
    s->start_cookie = name;
    s->user_source = src;
    s->user_from = from;
    mark(s, MST_SCOPE_START_COOKIE);
    return NULL;
}

/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_scope.h: every plain per-directory setting of the module (SPEC section
 * 3 and the browser dialog): one "unset" convention, defaults applied when
 * read, the value checks of their directives, and the merge.
 *
 * Pure core: libc and APR only, no httpd headers, no logging. A scope stores
 * only what its directives set; mst_scope_merge() keeps the child's settings
 * and inherits the rest; the typed accessors below apply the defaults, so a
 * default never masks a parent's value. The glue's per-directory config IS an
 * mst_scope: httpd calls the merge for every matching section of every
 * request, so it copies and recomputes a few numbers and allocates nothing.
 *
 * Value checks return NULL or an error string from the pool they are given.
 * The error never names the directive: the glue prefixes it. Strings are not
 * copied: a scope points at the caller's argument, which must live as long as
 * the scope (httpd's config pool does). */
#ifndef MST_SCOPE_H
#define MST_SCOPE_H

#include <apr_pools.h>
#include <apr_tables.h>

#include "mst_limits.h"

#define MST_DEFAULT_WARNING_HEADER "Session-Timeout-Warning"
#define MST_DEFAULT_RETURN_PARAM   "return_to"
#define MST_DEFAULT_SCRIPT_URL     "/session-timeout.js"
#define MST_DEFAULT_STATUS_URL     "/session/status"
#define MST_HEADER_NAME_MAX        128  /* bytes in a header name */
#define MST_DIALOG_TEXT_MAX        1024 /* bytes in a dialog text */
#define MST_URL_MAX                2048 /* bytes in a dialog URL */

/* The texts of the browser dialog (SessionTimeoutDialogText KEY TEXT). */
typedef enum {
    MST_TEXT_TITLE,
    MST_TEXT_INACTIVITY,
    MST_TEXT_LIFETIME,
    MST_TEXT_STAY,
    MST_TEXT_SIGNOUT,
    MST_TEXT_OK,
    MST_DIALOG_TEXTS /* how many */
} mst_dialog_text;

/* One cookie of SessionTimeoutClearCookie: its name and the attributes it
 * is expired with, "Path=P[; Domain=D]" (Path=/ unless given). */
typedef struct mst_clear_cookie {
    const char *name;
    const char *attrs;
} mst_clear_cookie;

/* The settings of a scope other than the limits; each is one bit of
 * mst_scope.set (MST_SCOPE_BIT). */
typedef enum {
    MST_SCOPE_ENFORCE,        /* SessionTimeout */
    MST_SCOPE_ACTIVITY,       /* SessionTimeoutActivity */
    MST_SCOPE_WARNING_HEADER, /* SessionTimeoutWarningHeader */
    MST_SCOPE_RETURN_PARAM,   /* SessionTimeoutReturnParam */
    MST_SCOPE_CLEAR_COOKIES,  /* SessionTimeoutClearCookie */
    MST_SCOPE_START_HEADER,   /* SessionTimeoutStartHeader */
    MST_SCOPE_END_HEADER,     /* SessionTimeoutEndHeader */
    MST_SCOPE_INJECT,         /* SessionTimeoutInjectScript */
    MST_SCOPE_SCRIPT_URL,     /* SessionTimeoutScriptURL */
    MST_SCOPE_STATUS_URL,     /* SessionTimeoutStatusURL */
    MST_SCOPE_LOGOUT_URL,     /* SessionTimeoutLogoutURL */
    MST_SCOPE_LOGIN_URL,      /* SessionTimeoutLoginURL */
    MST_SCOPE_REVOKE_USER,    /* SessionTimeoutRevokeUserHeader */
    MST_SCOPE_LOGIN_REQUEST,  /* SessionTimeoutLoginRequest */
    MST_SCOPE_START_COOKIE,   /* SessionTimeoutStartOnCookie (cookie, user source) */
    MST_SCOPE_TEXT,           /* SessionTimeoutDialogText: MST_SCOPE_TEXT + mst_dialog_text */
    MST_SCOPE_SETTINGS = MST_SCOPE_TEXT + MST_DIALOG_TEXTS /* how many */
} mst_scope_setting;

/* Where SessionTimeoutStartOnCookie reads the user name from. */
typedef enum mst_user_source {
    MST_USER_NONE = 0,    /* nowhere: the session has an empty user name */
    MST_USER_HEADER,      /* user=header:NAME, a response header (removed from the response) */
    MST_USER_REMOTE_USER, /* user=REMOTE_USER, the user httpd authenticated (r->user) */
    MST_USER_ENV          /* user=env:NAME, a variable of the request's environment */
} mst_user_source;

#define MST_SCOPE_BIT(setting) ((apr_uint32_t)1 << (setting))

/* The settings of one configuration section, or of several merged.
 * Invariant: a setting's field is meaningful only when its bit is in set
 * (whatever it holds otherwise is never read); the limits instead carry
 * MST_UNSET per field as mst_limits.h describes, and eff is always
 * mst_limits_effective(&limits): every function here that changes limits
 * recomputes it. A set string that may be Off holds NULL for Off. */
typedef struct mst_scope {
    apr_uint32_t set; /* MST_SCOPE_BIT of each setting this scope sets */
    int enforce;      /* 1 On, 0 Off */
    int activity;     /* 1 On, 0 Off */
    int inject;       /* 1 On, 0 Off */
    mst_limits limits;
    mst_effective eff;
    const char *warning_header;
    const char *return_param;          /* NULL: Off */
    apr_array_header_t *clear_cookies; /* mst_clear_cookie, at least one */
    const char *start_header;          /* NULL: Off */
    const char *end_header;            /* NULL: Off */
    const char *script_url;
    const char *status_url;
    const char *logout_url;              /* NULL: Off */
    const char *texts[MST_DIALOG_TEXTS]; /* by mst_dialog_text */
    const void *login_url; /* opaque to the core (the glue's parsed expression); NULL: Off */
    const char *revoke_user_header; /* NULL: Off */
    /* Where the scope's limits were configured, the glue's text (e.g.
     * "file:line" of the section); NULL: not known. Not a setting: only for
     * messages; the merge keeps the child's when it has one. */
    const char *where;
    apr_array_header_t *login_fields; /* mst_login_field (mst_login.h); NULL: Off */
    const char *start_cookie;         /* the application's cookie; NULL: Off */
    mst_user_source user_source;      /* with start_cookie */
    const char *user_from;            /* header or variable name of user_source */
} mst_scope;

/* Makes s a scope that sets nothing: no bit, limits unset, eff the defaults. */
void mst_scope_init(mst_scope *s);

/* out = the child's set settings, the parent's for the rest; limits merged
 * field by field (mst_limits_merge) and eff recomputed. Clear cookies are one
 * setting: a child that names any replaces the parent's list (the list is
 * shared, not copied). out may alias either input. Allocates nothing. */
void mst_scope_merge(const mst_scope *parent, const mst_scope *child, mst_scope *out);

/* ---- setting: each sets the setting's bit, or returns an error and leaves s
 * as it was. A `which` the function does not handle is a programming error:
 * it sets nothing and returns a static error (mst_scope_set_flag: ignored). */

/* which is MST_SCOPE_ENFORCE, MST_SCOPE_ACTIVITY or MST_SCOPE_INJECT; on is
 * nonzero for On. */
void mst_scope_set_flag(mst_scope *s, mst_scope_setting which, int on);

/* Replaces the limits (durations in seconds, see mst_limits.h) and
 * recomputes eff. Checks nothing: mst_limits_check() does, on the merged
 * scope. */
void mst_scope_set_limits(mst_scope *s, const mst_limits *l);

/* which is MST_SCOPE_WARNING_HEADER, MST_SCOPE_START_HEADER,
 * MST_SCOPE_END_HEADER or MST_SCOPE_REVOKE_USER. name must be an RFC 9110
 * token of 1 to MST_HEADER_NAME_MAX bytes; all but the warning header also
 * take "Off" (any case). Refused, case-insensitively, as reserved (SPEC section 9):
 * Set-Cookie, Set-Cookie2, Location, Content-* and the hop-by-hop fields
 * (Connection, Keep-Alive, Proxy-Authenticate, Proxy-Authorization,
 * Proxy-Connection, TE, Trailer, Transfer-Encoding, Upgrade). Errors:
 * "'NAME' is not a valid header name", "'NAME' is reserved: WHY; use a name
 * of your own, such as X-Session-Start". */
const char *mst_scope_set_header(apr_pool_t *p, mst_scope *s, mst_scope_setting which,
                                 const char *name);

/* A query parameter name of letters, digits, '_', '-' and '.', or "Off" (any
 * case). Errors: "'NAME' is not a usable query parameter name", "the
 * parameter name is empty". */
const char *mst_scope_set_return_param(apr_pool_t *p, mst_scope *s, const char *name);

/* Appends a cookie name (checked by mst_cookie_name_check, whose error it
 * returns) to the scope's clear cookies, with Path=/; the first one of a
 * scope starts a new list, allocated from p. */
const char *mst_scope_add_clear_cookie(apr_pool_t *p, mst_scope *s, const char *name);

/* The words of one SessionTimeoutClearCookie directive: cookie names, each
 * optionally followed by its Path=... and Domain=... (mst_cookie_clear_attr_parse),
 * e.g. "DokuWiki Path=/dokuwiki/ sid Domain=example.org". A word with '=' is
 * an attribute of the name before it (a cookie name has no '='). All words
 * are checked before any is added. Errors: those of the checks, "'W' must
 * follow a cookie name", "'NAME' has two Path (or Domain) attributes",
 * "no cookie name". */
const char *mst_scope_add_clear_cookies(apr_pool_t *p, mst_scope *s, const char *const *words,
                                        int n);

/* which is MST_SCOPE_SCRIPT_URL, MST_SCOPE_STATUS_URL or MST_SCOPE_LOGOUT_URL.
 * url must have 1 to MST_URL_MAX bytes and no whitespace, control
 * characters, quotes or angle brackets; the logout URL also takes "Off" (any
 * case). Error: "'URL' is not a usable URL (empty, too long, or with spaces,
 * quotes, angle brackets or control characters)". */
const char *mst_scope_set_url(apr_pool_t *p, mst_scope *s, mst_scope_setting which,
                              const char *url);

/* Looks up a dialog text key (title, inactivity, lifetime, stay, signout, ok;
 * case-insensitive) and stores its mst_dialog_text in *out. Error, *out
 * untouched: "unknown text 'KEY' (use title, inactivity, lifetime, stay,
 * signout or ok)". */
const char *mst_dialog_text_parse(apr_pool_t *p, const char *key, int *out);

/* The key of a dialog text, as the script's data-text-KEY attribute names
 * it. Static string; NULL for a number outside mst_dialog_text. */
const char *mst_dialog_text_name(int text);

/* Sets dialog text `text` (an mst_dialog_text) to 1 to MST_DIALOG_TEXT_MAX
 * bytes of well-formed UTF-8 (the script and the page read the texts as
 * UTF-8). Errors: "the text must have 1 to 1024 bytes", "the text is not
 * valid UTF-8 (save the configuration file as UTF-8)". */
const char *mst_scope_set_text(apr_pool_t *p, mst_scope *s, int text, const char *value);

/* Sets the login URL: the glue's parsed expression, or NULL for Off. */
void mst_scope_set_login_url(mst_scope *s, const void *expr);

/* SessionTimeoutLoginRequest: appends one form field rule (NAME or
 * NAME=VALUE, mst_login_field_parse, whose error it returns); the first one
 * of a scope starts a new list, so a scope that names rules replaces the
 * inherited ones. "Off" (any case) removes them. */
const char *mst_scope_add_login_field(apr_pool_t *p, mst_scope *s, const char *arg);

/* SessionTimeoutStartOnCookie NAME [user=SOURCE]: name is a cookie name
 * (mst_cookie_name_check) or "Off" (any case, then user must be NULL); user
 * is NULL, "user=REMOTE_USER" (any case), "user=header:NAME" (a header name
 * as for mst_scope_set_header, reserved names refused: "'NAME' is reserved:
 * ...") or "user=env:NAME" (1 to 128 letters, digits and '_'). Error:
 * "'USER' is not a user source (user=header:NAME, user=REMOTE_USER or
 * user=env:NAME)". */
const char *mst_scope_set_start_cookie(apr_pool_t *p, mst_scope *s, const char *name,
                                       const char *user);

/* ---- reading: defaults applied; trivial, for the per-request path ---- */

static inline int mst_scope_has(const mst_scope *s, mst_scope_setting which)
{
    return (s->set & MST_SCOPE_BIT(which)) != 0;
}

/* SessionTimeout: 1 to enforce here (default Off). */
static inline int mst_scope_enforce(const mst_scope *s)
{
    return mst_scope_has(s, MST_SCOPE_ENFORCE) && s->enforce;
}

/* SessionTimeoutActivity: 1 if requests here count as activity (default On). */
static inline int mst_scope_activity(const mst_scope *s)
{
    return !mst_scope_has(s, MST_SCOPE_ACTIVITY) || s->activity;
}

/* The limits as configured (MST_UNSET where no section set them). */
static inline const mst_limits *mst_scope_limits(const mst_scope *s)
{
    return &s->limits;
}

/* The limits in force, defaults applied (seconds or MST_DURATION_OFF). */
static inline const mst_effective *mst_scope_effective(const mst_scope *s)
{
    return &s->eff;
}

static inline const char *mst_scope_warning_header(const mst_scope *s)
{
    return mst_scope_has(s, MST_SCOPE_WARNING_HEADER) ? s->warning_header
                                                      : MST_DEFAULT_WARNING_HEADER;
}

/* NULL when Off. */
static inline const char *mst_scope_return_param(const mst_scope *s)
{
    return mst_scope_has(s, MST_SCOPE_RETURN_PARAM) ? s->return_param : MST_DEFAULT_RETURN_PARAM;
}

/* The other cookies to expire with ours (mst_clear_cookie); NULL when none. */
static inline const apr_array_header_t *mst_scope_clear_cookies(const mst_scope *s)
{
    return mst_scope_has(s, MST_SCOPE_CLEAR_COOKIES) ? s->clear_cookies : NULL;
}

/* NULL when Off or not set. */
static inline const char *mst_scope_start_header(const mst_scope *s)
{
    return mst_scope_has(s, MST_SCOPE_START_HEADER) ? s->start_header : NULL;
}

/* NULL when Off or not set. */
static inline const char *mst_scope_end_header(const mst_scope *s)
{
    return mst_scope_has(s, MST_SCOPE_END_HEADER) ? s->end_header : NULL;
}

/* SessionTimeoutRevokeUserHeader: NULL when Off or not set. */
static inline const char *mst_scope_revoke_user_header(const mst_scope *s)
{
    return mst_scope_has(s, MST_SCOPE_REVOKE_USER) ? s->revoke_user_header : NULL;
}

/* SessionTimeoutInjectScript: 1 to add the dialog script (default Off). */
static inline int mst_scope_inject(const mst_scope *s)
{
    return mst_scope_has(s, MST_SCOPE_INJECT) && s->inject;
}

static inline const char *mst_scope_script_url(const mst_scope *s)
{
    return mst_scope_has(s, MST_SCOPE_SCRIPT_URL) ? s->script_url : MST_DEFAULT_SCRIPT_URL;
}

static inline const char *mst_scope_status_url(const mst_scope *s)
{
    return mst_scope_has(s, MST_SCOPE_STATUS_URL) ? s->status_url : MST_DEFAULT_STATUS_URL;
}

/* NULL when Off or not set: the dialog has no Sign out button. */
static inline const char *mst_scope_logout_url(const mst_scope *s)
{
    return mst_scope_has(s, MST_SCOPE_LOGOUT_URL) ? s->logout_url : NULL;
}

/* Dialog text `text` (an mst_dialog_text); NULL: the script's own. */
static inline const char *mst_scope_text(const mst_scope *s, int text)
{
    return mst_scope_has(s, (mst_scope_setting)(MST_SCOPE_TEXT + text)) ? s->texts[text] : NULL;
}

/* The glue's login URL expression; NULL when Off or not set. */
static inline const void *mst_scope_login_url(const mst_scope *s)
{
    return mst_scope_has(s, MST_SCOPE_LOGIN_URL) ? s->login_url : NULL;
}

/* The form field rules of login requests (mst_login_field); NULL when Off or
 * not set. */
static inline const apr_array_header_t *mst_scope_login_fields(const mst_scope *s)
{
    return mst_scope_has(s, MST_SCOPE_LOGIN_REQUEST) ? s->login_fields : NULL;
}

/* The application's cookie that starts and ends sessions; NULL when Off or
 * not set. */
static inline const char *mst_scope_start_cookie(const mst_scope *s)
{
    return mst_scope_has(s, MST_SCOPE_START_COOKIE) ? s->start_cookie : NULL;
}

/* Where the start cookie's user name comes from (MST_USER_NONE without a
 * start cookie), and the header or variable name (NULL for none). */
static inline mst_user_source mst_scope_user_source(const mst_scope *s)
{
    return mst_scope_start_cookie(s) ? s->user_source : MST_USER_NONE;
}

static inline const char *mst_scope_user_from(const mst_scope *s)
{
    return mst_scope_start_cookie(s) ? s->user_from : NULL;
}

#endif

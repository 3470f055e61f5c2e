/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mst_login.h: login requests (SessionTimeoutLoginRequest): the form fields
 * that mark a request as a login, and the check of a query string or an
 * application/x-www-form-urlencoded body against them.
 *
 * Pure core: libc and APR only, no httpd headers, no logging. A login
 * request is let through without a session, as an anonymous request (the
 * glue removes our cookie and the application's before the application sees
 * it); these rules only decide which requests those are. The text is read
 * the way PHP, Python and most frameworks read forms: pairs separated by
 * '&', names and values percent-decoded with '+' as a space. To be safe
 * against an application that reads another occurrence than we do, every
 * occurrence of a rule's field must satisfy the rule, and a name written as
 * an array ("do[]", "do[x]") fails the rule of "do". */
#ifndef MST_LOGIN_H
#define MST_LOGIN_H

#include <apr_pools.h>
#include <apr_tables.h>

#define MST_LOGIN_FIELD_MAX 128   /* bytes in a rule's name or value */
#define MST_LOGIN_BODY_MAX  16384 /* bytes of a login POST body the module reads */

/* One rule: the field `name` must be present, and equal `value`, or be
 * non-empty when value is NULL. */
typedef struct mst_login_field {
    const char *name;
    const char *value; /* NULL: any non-empty value */
} mst_login_field;

/* Parses "NAME=VALUE" or "NAME" (1 to MST_LOGIN_FIELD_MAX printable ASCII
 * bytes each, no '&', '=', '%', '+' or spaces in the name, no control
 * characters in the value, which may not be empty) into *out, pointing into
 * arg. Error (from p): "'ARG' is not a usable form field rule (NAME or
 * NAME=VALUE)". */
const char *mst_login_field_parse(apr_pool_t *p, const char *arg, mst_login_field *out);

/* 1 if the form text (len bytes, need not be NUL-terminated) satisfies every
 * rule of rules (an array of mst_login_field; NULL or empty: never). A
 * percent sign not followed by two hex digits makes the text fail. */
int mst_login_form_match(apr_pool_t *p, const apr_array_header_t *rules, const char *form,
                         apr_size_t len);

/* The same for the query of a URL or request target (from the first '?' to
 * '#' or the end; no query: never). */
int mst_login_url_match(apr_pool_t *p, const apr_array_header_t *rules, const char *url);

/* 1 if the Content-Type value names application/x-www-form-urlencoded (any
 * case, parameters allowed), the only body a login POST may have. */
int mst_login_is_form_type(const char *content_type);

#endif

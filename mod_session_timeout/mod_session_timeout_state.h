/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_state.h: the request state: what the module found out
 * about this request's session, written by this file only, through named
 * transitions; the per-connection token cache; the one evaluation of the
 * login URL; and the test for the module's own handlers.
 *
 * Glue, layer 3: above the configuration and the store, below the rest. The state
 * lives in the top-level request's request_config, so subrequests and
 * internal redirects see the state of the request they belong to. Readers
 * get it const; the phase only moves forward:
 *
 *     NONE --judge--> JUDGED --reject--> REJECTED
 *                            \--let_login--> LOGIN
 *
 * and the response side (cookie, warning, Cache-Control) is applied at most
 * once per request, by whoever first takes it (mst_state_take_response). */
#ifndef MOD_SESSION_TIMEOUT_STATE_H
#define MOD_SESSION_TIMEOUT_STATE_H

#include "mod_session_timeout_config.h"
#include "mod_session_timeout_store.h"
#include "mst_cache.h"
#include "mst_session.h"
#include "mst_token_v2.h"

typedef enum mst_phase {
    MST_PHASE_NONE = 0, /* only the response side is tracked: sess is not meaningful */
    MST_PHASE_JUDGED,   /* the session was evaluated: sess holds the verdict */
    MST_PHASE_REJECTED, /* and the request was answered with a redirect or a 401 */
    MST_PHASE_LOGIN     /* or, not valid, let through as a login request (anonymous) */
} mst_phase;

typedef struct mst_state {
    mst_phase phase;
    int response_taken;    /* the response side was applied (once per request) */
    int json_401;          /* our 401 carries the JSON body: the filter sets its type */
    int sub_status;        /* a subrequest was refused with this status (0: none) */
    mst_activity activity; /* the activity the decision was made with */
    mst_effective limits;  /* the limits the decision was made with */
    int store_checked;     /* the store was asked about sess.token (once per request) */
    int store_answer;      /* its mst_store_verdict, when store_checked */
    int store_failed;      /* the store could not say whether a valid session is revoked */
    mst_session sess;      /* the verified token and the decision (mst_session.h) */
} mst_state;

/* The state of r's request, NULL while nothing was judged. */
const mst_state *mst_state_get(request_rec *r);

/* 1 if st is a judged, valid session (st may be NULL). */
int mst_state_is_valid(const mst_state *st);

/* Judges r's session once per top-level request: the Cookie header against
 * sc's keys (through the connection cache) at the request time, decided with
 * dc's limits and the given activity. Later calls reuse the verified token
 * (it is never verified twice); when r is a subrequest or an internal
 * redirect that lands where the effective limits differ from those of the
 * decision in force, the token is decided again with dc's limits (and the
 * activity counts only if it counted for both):
 *   - an internal redirect: the new decision governs the request's
 *     response (the final request's scope), and is returned;
 *   - a subrequest: the decision is the subrequest's own, returned in a
 *     state of its own (from r's pool, response side already taken); the
 *     request's state, its cookie and its warning, are unchanged.
 * A state already REJECTED is returned as it is. Returns the state that
 * A decision valid by all of that is asked of sc's store (if any), once per
 * request: revoked there, its verdict is revoked; the store failing sets
 * store_failed (under SessionTimeoutStoreFailure closed the session is then
 * neither refreshed nor warned).
 * governs r (never NULL). */
const mst_state *mst_state_judge(request_rec *r, const mst_dir_conf *dc, const mst_server_conf *sc,
                                 mst_activity activity);

/* JUDGED -> REJECTED: r was answered with a redirect or a 401; json says the
 * 401 carries our JSON body. */
void mst_state_reject(request_rec *r, int json);

/* Subrequest r was answered with status (a redirect or a 401) because its
 * own decision rejects the session: the request's state keeps its verdict
 * and records the status (sub_status); a response of the request with that
 * same status is the subrequest's rejection passed on (mod_dir does so for
 * a DirectoryIndex) and must carry no refreshed cookie. */
void mst_state_reject_subrequest(request_rec *r, int status);

/* The request r belongs to: the top-level request of its subrequests and
 * internal redirects (what the client asked for). */
request_rec *mst_state_top_request(request_rec *r);

/* JUDGED -> LOGIN: r has no valid session but is a login request of its
 * scope (SessionTimeoutLoginRequest) and goes on, as an anonymous request. */
void mst_state_let_login(request_rec *r);

/* 1 if r serves our own rejection's error document (an internal redirect
 * after REJECTED): it must be served, not judged again. */
int mst_state_is_error_document(request_rec *r, const mst_state *st);

/* 1 the first time it is called for r's request, 0 after: the caller applies
 * the response side (Set-Cookie, warning, Cache-Control) then. */
int mst_state_take_response(request_rec *r);

/* 1 while the response side is still to be applied. */
int mst_state_response_pending(const mst_state *st);

/* The token cache of connection c (created on first use, from c's pool).
 * One connection is served by one thread at a time, so it needs no lock.
 * Behind it is the cache the process's threads share (made by
 * mst_state_child_init), so a new connection or an HTTP/2 stream finds a
 * token another one verified. */
mst_token_cache *mst_state_conn_cache(conn_rec *c);

/* child_init: makes this process's shared token cache, before its threads
 * serve any request. */
void mst_state_child_init(apr_pool_t *pchild, server_rec *s);

/* SessionTimeoutLoginURL of dc evaluated for r: NULL when there is none, and
 * NULL (logged once here, MST00007) when the expression fails or is empty. */
const char *mst_state_login_url(request_rec *r, const mst_dir_conf *dc);

/* 1 if r is served by one of the module's handlers (status, logout, the
 * dialog script, the metrics; by SetHandler or at a URL served by default, see
 * mst_config_served_handler), or is a subrequest one of them made (the
 * status handler's lookup of a page's scope): they judge the session
 * themselves or need none. */
int mst_state_is_own_handler(request_rec *r);

#endif

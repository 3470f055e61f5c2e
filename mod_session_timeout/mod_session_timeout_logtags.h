/* Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0 */
/* mod_session_timeout_logtags.h: the module's log identity and every log tag
 * of the module, in one place; the one header every glue file includes.
 *
 * APLOG_USE_MODULE (with the module's extern) makes every log line carry our
 * module name, so `LogLevel session_timeout:debug` works. Tags are our own
 * namespace ("MSTnnnnn: "); httpd's AH numbers belong to httpd. One tag per
 * call site; never reuse a number (tests/check-log-tags.sh holds this list
 * to the code). Next free: 00118 (00090-00109 are the store's). Retired (never
 * reuse): 00005, 00008, 00103, 00106.
 * Levels: ERR/CRIT for configuration and startup, INFO for ordinary expiry
 * and bad cookies (clients can trigger those at will), DEBUG for detail.
 *
 * Glue, the bottom of the stack: it includes no other glue header. */
#ifndef MOD_SESSION_TIMEOUT_LOGTAGS_H
#define MOD_SESSION_TIMEOUT_LOGTAGS_H

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"

extern module AP_MODULE_DECLARE_DATA session_timeout_module;

/* mod_session_timeout.c declares the module with AP_DECLARE_MODULE, which
 * says APLOG_USE_MODULE itself. */
#ifndef MST_DECLARES_MODULE
APLOG_USE_MODULE(session_timeout);
#endif

#define MST00001 "MST00001: " /* check_config: enforcing scope without a secret */
#define MST00002 "MST00002: " /* check_config: a secret could not be loaded */
#define MST00003 "MST00003: " /* check_config: limits break a rule or a profile bound */
#define MST00004 "MST00004: " /* post_config: effective limits of an enforcing vhost */
#define MST00006 "MST00006: " /* request: session rejected: lifetime, inactivity or revoked */
#define MST00007 "MST00007: " /* state: the login URL expression failed or is empty */
#define MST00009 "MST00009: " /* filter: session started by the start header */
#define MST00010 "MST00010: " /* filter: start header with an invalid user name ignored */
#define MST00011 "MST00011: " /* filter: session ended by the end header */
#define MST00012 "MST00012: " /* filter: could not mint a token */
#define MST00013 "MST00013: " /* filter/handler: no key to sign with */
#define MST00014 "MST00014: " /* request: cookie re-issued (debug) */
#define MST00015 "MST00015: " /* request: the login URL is itself enforced, 401 not a loop */
#define MST00016 "MST00016: " /* handler: logout */
#define MST00017 "MST00017: " /* handler: status keep-alive */
#define MST00018 "MST00018: " /* check_config: start/end header scope without a secret */
#define MST00019 "MST00019: " /* request: random bytes for a session id unavailable */
#define MST00020 "MST00020: " /* post_config: the embedded dialog script cannot be hashed */
#define MST00021 "MST00021: " /* request: session rejected: invalid token (why) */
#define MST00022 "MST00022: " /* request: session rejected: no cookie of ours */
#define MST00030 "MST00030: " /* post_config: a section with our directives is not enforced */
#define MST00031 "MST00031: " /* check_config: a later section surely switches enforcement off */
#define MST00032 "MST00032: " /* check_config: a <Files>/<If> may switch enforcement off */
#define MST00033 "MST00033: " /* check_config: merged sections surely break a profile bound */
#define MST00034 "MST00034: " /* check_config: a <Files>/<If> may break a bound (clamped) */
#define MST00035 "MST00035: " /* post_config: what a section really enforces, as merged */
#define MST00036 "MST00036: " /* check_config: a section may be switched off by a later one */
#define MST00040 "MST00040: " /* check_config: cookie prefix rules or Secure contradiction */
#define MST00041 "MST00041: " /* cookies: prefixed cookie without Secure (plain http, Auto) */
#define MST00042 "MST00042: " /* check_config: start/end header in a section covering the site */
#define MST00043 "MST00043: " /* handler: keep-alive POST refused (not same-origin) */
#define MST00044 "MST00044: " /* handler: keep-alive refused from our https twin (TLS offload) */
#define MST00050 "MST00050: " /* check_config: nist-aal* vhost still accepts token v1 (warning) */
#define MST00051 "MST00051: " /* check_config: nist-aal* vhost may be https, no __Host- name */
#define MST00052 "MST00052: " /* check_config: nist-aal* profile without token v2 */
#define MST00053 "MST00053: " /* check_config: nist-aal* profile without SameSite Lax/Strict */
#define MST00054 "MST00054: " /* cookies: random bytes for a token v2 nonce unavailable */
#define MST00060 "MST00060: " /* post_config: no shared memory for the metrics */
#define MST00070 "MST00070: " /* startup: a dialog's status URL is not a path on this site */
#define MST00071 "MST00071: " /* startup: a dialog URL is another scope's other dialog URL */
#define MST00080 "MST00080: " /* request: stricter scope rejected, session kept (debug) */
/* the revocation store: MST00090-MST00109 */
#define MST00090 "MST00090: " /* check_config: a store scope with both limits Off */
#define MST00091 "MST00091: " /* check_config: the store's AUTH text could not be read */
#define MST00092 "MST00092: " /* post_config: the store, failure mode, delay, TTL (info) */
#define MST00093 "MST00093: " /* post_config: shmcb: revocations do not survive a restart */
#define MST00094 "MST00094: " /* store: a round trip failed; the store is skipped for a while */
#define MST00095 "MST00095: " /* store: a revocation was written (info) */
#define MST00096 "MST00096: " /* store: a revocation could not be written */
#define MST00097 "MST00097: " /* request: store down, failure closed: 503 (info) */
#define MST00098 "MST00098: " /* admin handler: request refused (info) */
#define MST00099 "MST00099: " /* post_config: no shared memory for the store's generation */
#define MST00100 "MST00100: " /* store: an entry holds a malformed value (either backend) */
#define MST00101 "MST00101: " /* post_config: the socache provider is unknown or failed */
#define MST00102 "MST00102: " /* filter: revoke-user header with an invalid user name */
#define MST00104 "MST00104: " /* child_init: no thread key for the store's connections */
#define MST00105 "MST00105: " /* store: cannot take the socache global mutex */
#define MST00107                                                                                   \
    "MST00107: "              /* post_config: socache:redis has no working timeout, use redis://   \
                               */
#define MST00108 "MST00108: " /* child_init: cannot reopen the socache global mutex */
#define MST00109 "MST00109: " /* check_config: SessionTimeoutStore names an unknown provider */
/* 00110-00119: login requests and the application's cookie */
#define MST00110 "MST00110: " /* request: a login request let through without a session */
#define MST00111 "MST00111: " /* filter: session started by the application's cookie */
#define MST00112 "MST00112: " /* filter: session ended by the application's cookie */
#define MST00113 "MST00113: " /* filter: application's cookie set, but no valid user name */
#define MST00114 "MST00114: " /* login: not a login request: body too long (debug) */
#define MST00115 "MST00115: " /* check_config: start-on-cookie scope without a secret */
#define MST00116 "MST00116: " /* inject: a dialog URL refused to a client served its page */
#define MST00117 "MST00117: " /* status: a keep-alive with no enforced scope */

#endif

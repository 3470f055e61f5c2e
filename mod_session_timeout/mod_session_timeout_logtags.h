/* mod_session_timeout_logtags.h: the module's log identity and every log tag
 * of the module, in one place; the one header every glue file includes.
 *
 * APLOG_USE_MODULE (with the module's extern) makes every log line carry our
 * module name, so `LogLevel session_timeout:debug` works. Tags are our own
 * namespace ("MSTnnnnn: "); httpd's AH numbers belong to httpd. One tag per
 * call site; never reuse a number. Next free: 00023. Retired (never reuse):
 * 00005, 00008. Levels: ERR/CRIT for configuration and startup, INFO for
 * ordinary expiry and bad cookies (clients can trigger those at will), DEBUG
 * for detail.
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
#define MST00021                                                                                   \
    "MST00021: "              /* request: session rejected: invalid token (the check that failed)  \
                               */
#define MST00022 "MST00022: " /* request: session rejected: no cookie of ours */
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
#define MST00100 "MST00100: " /* store: an entry holds a malformed value */
#define MST00101 "MST00101: " /* post_config: the socache provider is unknown or failed */
#define MST00102 "MST00102: " /* filter: revoke-user header with an invalid user name */
#define MST00103 "MST00103: " /* request: store down, failure open: allowed (debug) */
#define MST00104 "MST00104: " /* child_init: no thread key for the store's connections */
#define MST00105 "MST00105: " /* store: cannot take the socache global mutex */
#define MST00106 "MST00106: " /* store: a socache entry holds a malformed value */
#define MST00107                                                                                   \
    "MST00107: "              /* post_config: socache:redis has no working timeout, use redis://   \
                               */
#define MST00108 "MST00108: " /* child_init: cannot reopen the socache global mutex */
#define MST00109 "MST00109: " /* check_config: SessionTimeoutStore names an unknown provider */

#endif

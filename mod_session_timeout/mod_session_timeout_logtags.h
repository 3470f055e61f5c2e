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
#define MST00006 "MST00006: " /* request: session rejected: lifetime or inactivity (SID, user) */
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
#define MST00080 "MST00080: " /* request: stricter scope rejected, session kept (debug) */

#endif

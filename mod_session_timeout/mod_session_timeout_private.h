/* mod_session_timeout_private.h: what every glue file shares, and nothing
 * else: the module's extern (through APLOG_USE_MODULE, so every log line
 * carries our module name and `LogLevel session_timeout:debug` works) and
 * the log tags.
 *
 * Glue, below the config floor: it includes no other glue header. Each glue
 * file has its own header declaring only what the files above it use. */
#ifndef MOD_SESSION_TIMEOUT_PRIVATE_H
#define MOD_SESSION_TIMEOUT_PRIVATE_H

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"

#include "mod_session_timeout_logtags.h"

extern module AP_MODULE_DECLARE_DATA session_timeout_module;

/* mod_session_timeout.c declares the module with AP_DECLARE_MODULE, which
 * says APLOG_USE_MODULE itself. */
#ifndef MST_DECLARES_MODULE
APLOG_USE_MODULE(session_timeout);
#endif

#endif

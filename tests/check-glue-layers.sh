#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# check-glue-layers.sh: fails if a glue file (mod_session_timeout/
# mod_session_timeout*.[ch]) includes the header of a glue file on its own
# layer or above it. The glue is a stack, config at the floor:
#
#   7  mod_session_timeout.c         the module declaration and hooks
#   6  _request  _filter  _handlers  the request path, response side, handlers
#   5  _inject                       the dialog script and its filter
#   4  _cookies  _login              Set-Cookie: mint, expire; login requests, the app's cookie
#   3  _state                        the request state, connection cache, login URL
#   2  _store                        the revocation store: check, revoke, setup
#   1  _metrics                      the counters in shared memory and their outputs
#   0  _config                       structs, directive table, create/merge, checks
#  -1  _logtags                      APLOG_USE_MODULE, the module extern, the log tags
#
# A file may include its own header and headers of lower layers only, so no
# arrow points up and there is no circle. A glue file missing from the table
# fails too: a new file must take its place in the stack.
src="${top_srcdir:-$(dirname "$0")/..}/mod_session_timeout"

layer_of() {
    case "$1" in
        mod_session_timeout_logtags) echo -1 ;;
        mod_session_timeout_config) echo 0 ;;
        mod_session_timeout_metrics) echo 1 ;;
        mod_session_timeout_store) echo 2 ;;
        mod_session_timeout_state) echo 3 ;;
        mod_session_timeout_cookies | mod_session_timeout_login) echo 4 ;;
        mod_session_timeout_inject) echo 5 ;;
        mod_session_timeout_request | mod_session_timeout_filter | mod_session_timeout_handlers) echo 6 ;;
        mod_session_timeout) echo 7 ;;
        *) echo none ;;
    esac
}

status=0
files=0
edges=0
for f in "$src"/mod_session_timeout*.c "$src"/mod_session_timeout*.h; do
    [ -e "$f" ] || continue
    files=$((files + 1))
    base=$(basename "$f")
    unit=${base%.*}
    mine=$(layer_of "$unit")
    if [ "$mine" = none ]; then
        echo "FAIL: $base has no layer in tests/check-glue-layers.sh"
        status=1
        continue
    fi
    for hdr in $(sed -n -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"(mod_session_timeout[a-z_]*)\.h".*/\1/p' "$f"); do
        edges=$((edges + 1))
        theirs=$(layer_of "$hdr")
        if [ "$hdr" = "$unit" ]; then
            continue # a file and its own header
        fi
        if [ "$theirs" = none ]; then
            echo "FAIL: $base includes $hdr.h, which has no layer"
            status=1
        elif [ "$theirs" -ge "$mine" ]; then
            echo "FAIL: $base (layer $mine) includes $hdr.h (layer $theirs): arrows point down only"
            status=1
        fi
    done
done
if [ "$files" -eq 0 ]; then
    echo "FAIL: no glue files found in $src"
    status=1
fi
if [ $status -eq 0 ]; then
    echo "glue layers: $files glue files, $edges includes, every one points down"
fi
exit $status

#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# test_conf_examples.sh: keeps conf-examples/ from rotting. Every file there
# must start with a comment block saying when to use it and what to change,
# and must pass `apache2 -t` with the built module loaded.
#
# Each example is Included from a minimal private wrapper config (temporary
# ServerRoot, Listen on a free 127.0.0.1 port, the usual modules, ErrorLog and
# PidFile in the temp dir). Before that, its documented placeholders are
# rewritten:
#   /etc/apache2/session-timeout*.key  -> a distinct random test secret each
#   /var/www/...                       -> a directory under the temp dir
# Backends (http://127.0.0.1:8081/ ...) need not run for `apache2 -t`.
# Output (tests/lib/tap.sh): "ok - <file>" / "not ok - <file>" lines and a
# final "N passed, N failed"; the exit status is non-zero on failure.
#
# Environment (from TESTS_ENVIRONMENT in Makefile.am): top_srcdir,
# top_builddir, HTTPD (used only if it is an httpd binary, not apxs);
# MST_HTTPD_MODULEDIR overrides /usr/lib/apache2/modules.
set -eu

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
. "$top_srcdir/tests/lib/tap.sh"
EXAMPLES="$top_srcdir/conf-examples"
MODULE="$top_builddir/.libs/mod_session_timeout.so"
MODULEDIR=${MST_HTTPD_MODULEDIR:-/usr/lib/apache2/modules}
APACHE2=/usr/sbin/apache2
case ${HTTPD:-} in
    */apxs* | '') ;;
    *) if [ -x "$HTTPD" ]; then APACHE2=$HTTPD; fi ;;
esac

for need in "$APACHE2" "$MODULE" "$MODULEDIR/mod_mpm_event.so"; do
    if [ ! -e "$need" ]; then
        tap_bail "$need is missing"
    fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mst-test-conf.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18089)

# The modules the examples may use; httpd's built-in ones are skipped.
load_modules() {
    for m in mpm_event authz_core authz_host mime dir alias headers env setenvif proxy proxy_http cgi log_config; do
        printf '<IfModule !%s_module>\n    LoadModule %s_module "%s/mod_%s.so"\n</IfModule>\n' \
            "$m" "$m" "$MODULEDIR" "$m"
    done
    printf 'LoadModule session_timeout_module "%s"\n' "$MODULE"
}

# check_config NAME FILE: prepares a private tree for FILE and runs
# `apache2 -t` on it; output in $TMP/NAME/out. Returns 0 if it passes cleanly.
check_config() {
    root="$TMP/$1"
    mkdir -p "$root/conf" "$root/logs" "$root/run" "$root/keys" "$root/www"
    : >"$root/conf/mime.types"

    # one distinct random secret per placeholder key path
    grep -o '/etc/apache2/session-timeout[A-Za-z0-9._-]*\.key' "$2" | sort -u >"$root/keynames" || true
    while read -r key; do
        keyfile="$root/keys/${key##*/}"
        head -c 32 /dev/urandom | base64 >"$keyfile"
        chmod 600 "$keyfile"
    done <"$root/keynames"
    # every /var/www/... path becomes a directory of the temp tree
    grep -o '/var/www/[A-Za-z0-9._/-]*' "$2" | sort -u >"$root/dirs" || true
    while read -r dir; do
        mkdir -p "$root/www/${dir#/var/www/}"
    done <"$root/dirs"

    sed -e "s|/etc/apache2/\\(session-timeout[A-Za-z0-9._-]*\\.key\\)|$root/keys/\\1|g" \
        -e "s|/var/www/|$root/www/|g" \
        "$2" >"$root/conf/example.conf"

    {
        echo "# wrapper for $2, written by tests/conf-examples/test_conf_examples.sh"
        echo "ServerRoot \"$root\""
        echo "ServerName localhost"
        echo "Listen 127.0.0.1:$PORT"
        echo "PidFile \"$root/run/httpd.pid\""
        echo "ErrorLog \"$root/logs/error_log\""
        echo "DefaultRuntimeDir \"$root/run\""
        echo "Mutex file:$root/run default"
        echo "TypesConfig \"$root/conf/mime.types\""
        echo "DocumentRoot \"$root/www\""
        load_modules
        echo "Include \"$root/conf/example.conf\""
    } >"$root/conf/httpd.conf"

    rc=0
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C \
        "$APACHE2" -d "$root" -f "$root/conf/httpd.conf" -t >"$root/out" 2>&1 || rc=$?
    # clean means: exit 0, "Syntax OK", and nothing else said
    [ "$rc" -eq 0 ] && grep -qx 'Syntax OK' "$root/out" && [ "$(grep -cvx 'Syntax OK' "$root/out")" -eq 0 ]
}

# has_header_block FILE: the file opens with a comment block of at least 5
# lines that says when to use the example and what to change.
has_header_block() {
    awk '
        NR == 1 && !/^#/ { exit 1 }
        /^#/ { block = block "\n" $0; n++; next }
        { exit }
        END {
            if (n < 5) exit 1
            if (tolower(block) !~ /use it when/) exit 1
            if (tolower(block) !~ /what to change/) exit 1
        }' "$1"
}

# ---- the checker itself must catch a broken example --------------------------------

printf '# broken example\nSessionTimeoutLifetime forever\n' >"$TMP/broken.conf"
if check_config _broken "$TMP/broken.conf"; then
    not_ok "the checker rejects a broken example" "$(cat "$TMP/_broken/out")"
elif grep -q 'SessionTimeoutLifetime' "$TMP/_broken/out"; then
    ok "the checker rejects a broken example ($(head -n 1 "$TMP/_broken/out"))"
else
    not_ok "the checker rejects a broken example with a message naming the directive" \
        "$(cat "$TMP/_broken/out")"
fi

# ---- every example ------------------------------------------------------------------------

count=0
for f in "$EXAMPLES"/* "$EXAMPLES"/.[!.]*; do
    [ -f "$f" ] || continue
    count=$((count + 1))
    name=${f##*/}
    problems=""
    if ! has_header_block "$f"; then
        problems="no leading comment block saying 'Use it when' and 'What to change'"
    fi
    if ! check_config "ex-$count" "$f"; then
        problems="${problems:+$problems
}apache2 -t failed:
$(cat "$TMP/ex-$count/out")"
    fi
    if [ -z "$problems" ]; then
        ok "$name"
    else
        not_ok "$name" "$problems"
    fi
done
if [ "$count" -lt 8 ]; then
    not_ok "conf-examples/ has the 8 examples issue 4 asks for (found $count)"
fi

tap_summary

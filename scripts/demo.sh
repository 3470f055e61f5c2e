#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# demo.sh: the quick-start demo of mod_session_timeout.
#
# On a fresh Debian 12 machine, as root:
#     scripts/demo.sh [PORT]          (or PORT=8081 scripts/demo.sh)
# installs what is missing (scripts/install-deps.sh), builds (scripts/build.sh)
# and runs a private httpd in the foreground on 127.0.0.1:PORT (default 8080)
# with the module protecting the small demo site in demo/. Everything lives in
# a temporary ServerRoot with a freshly generated secret; Ctrl-C stops httpd
# and removes the directory, leaving nothing running.
#
# For tests:
#     scripts/demo.sh --background [PORT]   start, print KEY=value lines
#                                           (DEMO_URL, DEMO_PORT, DEMO_PIDFILE,
#                                           DEMO_ROOT, DEMO_SECRET), return
#     scripts/demo.sh --stop [DEMO_ROOT]    stop that demo and remove its root
# Environment:
#     PORT                 port (a PORT argument wins)
#     DEMO_LIFETIME        SessionTimeoutLifetime   (default 10m)
#     DEMO_INACTIVITY      SessionTimeoutInactivity (default 2m)
#     DEMO_WARNING         SessionTimeoutWarning    (default 1m)
#     DEMO_NO_BUILD=1      skip install-deps.sh and build.sh (use what is built)
#     DEMO_BUILDDIR        where the module and CLI were built (default: repo)
#     DEMO_STATE_FILE      where --background records DEMO_ROOT for --stop
#     HTTPD                the httpd binary (default /usr/sbin/apache2)
#     MST_HTTPD_MODULEDIR  httpd's modules (default /usr/lib/apache2/modules)
#
# The demo's login (demo/cgi-bin/login.cgi) accepts ANY user name: DEMO ONLY,
# NOT FOR PRODUCTION. Real deployments start from conf-examples/.
set -eu

SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
DEMO_DIR="$SRCDIR/demo"
BUILDDIR=${DEMO_BUILDDIR:-$SRCDIR}
HTTPD=${HTTPD:-/usr/sbin/apache2}
MODULEDIR=${MST_HTTPD_MODULEDIR:-/usr/lib/apache2/modules}
STATE_FILE=${DEMO_STATE_FILE:-${TMPDIR:-/tmp}/mod_session_timeout-demo.state}
MARKER=".mod_session_timeout-demo"

usage() {
    cat <<EOF
usage: $0 [PORT]                 run the demo in the foreground (Ctrl-C stops it)
       $0 --background [PORT]    start it in the background and return
       $0 --stop [DEMO_ROOT]     stop a background demo
EOF
}

die() {
    echo "demo: $*" >&2
    exit 1
}

mode=foreground
port_arg=""
stop_root=""
for arg in "$@"; do
    case $arg in
        --background) mode=background ;;
        --stop) mode=stop ;;
        -h | --help)
            usage
            exit 0
            ;;
        [0-9]*)
            if [ "$mode" = stop ]; then die "--stop takes a DEMO_ROOT, not a port"; fi
            port_arg=$arg
            ;;
        /*) stop_root=$arg ;;
        *)
            usage >&2
            exit 2
            ;;
    esac
done

# ---- --stop -----------------------------------------------------------------

# Stops the httpd whose PID file is in $1 (SIGTERM, at most 10 s, then
# SIGKILL of that one process); its children follow their parent.
stop_httpd() {
    pidfile=$1/run/httpd.pid
    [ -f "$pidfile" ] || return 0
    pid=$(cat "$pidfile" 2>/dev/null || true)
    case $pid in '' | *[!0-9]*) return 0 ;; esac
    kill -TERM "$pid" 2>/dev/null || return 0
    i=0
    while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "demo: httpd $pid did not stop within 10 s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
}

# Removes a demo root, but only one this script created.
remove_root() {
    if [ -n "$1" ] && [ -f "$1/$MARKER" ]; then
        rm -rf "$1"
    fi
}

if [ "$mode" = stop ]; then
    root=$stop_root
    if [ -z "$root" ] && [ -f "$STATE_FILE" ]; then
        root=$(cat "$STATE_FILE")
    fi
    [ -n "$root" ] || die "no background demo recorded in $STATE_FILE"
    [ -f "$root/$MARKER" ] || die "$root is not a demo root"
    stop_httpd "$root"
    remove_root "$root"
    if [ -f "$STATE_FILE" ] && [ "$(cat "$STATE_FILE")" = "$root" ]; then
        rm -f "$STATE_FILE"
    fi
    echo "demo: stopped and removed $root"
    exit 0
fi

# ---- settings ---------------------------------------------------------------

PORT=${port_arg:-${PORT:-8080}}
case $PORT in
    '' | *[!0-9]*) die "port '$PORT' is not a number" ;;
esac
if [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; then die "port $PORT is out of range"; fi

LIFETIME=${DEMO_LIFETIME:-10m}
INACTIVITY=${DEMO_INACTIVITY:-2m}
WARNING=${DEMO_WARNING:-1m}
for v in "$LIFETIME" "$INACTIVITY" "$WARNING"; do
    # Only plain durations reach the config; the module checks the rest.
    case $v in
        [Oo][Ff][Ff]) ;;
        '' | *[!0-9smhd]*) die "'$v' is not a duration (e.g. 90, 90s, 2m, 1h, Off)" ;;
    esac
done

# ---- install and build --------------------------------------------------------

if [ "${DEMO_NO_BUILD:-0}" != 1 ]; then
    "$SRCDIR/scripts/install-deps.sh"
    "$SRCDIR/scripts/build.sh"
fi

MODULE="$BUILDDIR/.libs/mod_session_timeout.so"
CLI="$BUILDDIR/session-timeout-token"
[ -f "$MODULE" ] || die "$MODULE is missing: run scripts/build.sh"
[ -x "$HTTPD" ] || die "$HTTPD is missing: run scripts/install-deps.sh as root"
[ -f "$MODULEDIR/mod_mpm_event.so" ] || die "no httpd modules in $MODULEDIR"

# ---- the temporary ServerRoot ------------------------------------------------------

ROOT=$(mktemp -d "${TMPDIR:-/tmp}/mst-demo.XXXXXX")
: >"$ROOT/$MARKER"
HTTPD_PID=""

# shellcheck disable=SC2317 # called from the traps
cleanup() {
    trap - EXIT INT TERM HUP
    if [ -n "$HTTPD_PID" ] && kill -0 "$HTTPD_PID" 2>/dev/null; then
        kill -TERM "$HTTPD_PID" 2>/dev/null || true
        i=0
        while kill -0 "$HTTPD_PID" 2>/dev/null && [ "$i" -lt 100 ]; do
            sleep 0.1
            i=$((i + 1))
        done
        kill -KILL "$HTTPD_PID" 2>/dev/null || true
    fi
    stop_httpd "$ROOT" # in case the PID file names a daemonised parent
    remove_root "$ROOT"
}
# Until a background demo is up, any exit cleans up; the foreground demo
# cleans up on every exit, Ctrl-C included.
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

mkdir -p "$ROOT/conf" "$ROOT/logs" "$ROOT/run" "$ROOT/keys"
cp -R "$DEMO_DIR/htdocs" "$ROOT/htdocs"
cp -R "$DEMO_DIR/cgi-bin" "$ROOT/cgi-bin"
: >"$ROOT/conf/mime.types"

# A fresh secret: 32 random bytes, readable only by whoever starts httpd (root
# under sudo); httpd's parent reads it before the children drop privileges.
SECRET="$ROOT/keys/secret.key"
umask 077
if [ -x "$CLI" ] && "$CLI" keygen -o "$SECRET" >/dev/null 2>&1 &&
    [ "$(wc -c <"$SECRET")" -ge 32 ]; then
    secret_from="session-timeout-token keygen"
else
    rm -f "$SECRET"
    head -c 32 /dev/urandom | base64 >"$SECRET"
    secret_from="/dev/urandom"
fi
umask 022
chmod 600 "$SECRET"
chmod 700 "$ROOT/keys"

if [ "$(id -u)" -eq 0 ]; then
    RUNAS_USER="User www-data"
    RUNAS_GROUP="Group www-data"
else
    RUNAS_USER="# (not root: httpd runs as $(id -un))"
    RUNAS_GROUP=""
fi
if [ "$mode" = foreground ]; then
    ERRORLOG=/dev/stderr
    ACCESSLOG=/dev/stdout
else
    ERRORLOG="$ROOT/logs/error_log"
    ACCESSLOG="$ROOT/logs/access_log"
fi

# sed replacement text: escape the delimiter, '&' and backslashes
sedesc() {
    printf '%s' "$1" | sed 's/[|&\\]/\\&/g'
}
sed -e "s|@ROOT@|$(sedesc "$ROOT")|g" \
    -e "s|@PORT@|$PORT|g" \
    -e "s|@MODULEDIR@|$(sedesc "$MODULEDIR")|g" \
    -e "s|@MODULE@|$(sedesc "$MODULE")|g" \
    -e "s|@SECRET@|$(sedesc "$SECRET")|g" \
    -e "s|@RUNAS_USER@|$(sedesc "$RUNAS_USER")|g" \
    -e "s|@RUNAS_GROUP@|$(sedesc "$RUNAS_GROUP")|g" \
    -e "s|@ERRORLOG@|$(sedesc "$ERRORLOG")|g" \
    -e "s|@ACCESSLOG@|$(sedesc "$ACCESSLOG")|g" \
    -e "s|@LIFETIME@|$LIFETIME|g" \
    -e "s|@INACTIVITY@|$INACTIVITY|g" \
    -e "s|@WARNING@|$WARNING|g" \
    "$DEMO_DIR/httpd.conf.in" >"$ROOT/conf/httpd.conf"

# Children run as www-data: everything but the secret is world-readable.
chmod 755 "$ROOT" "$ROOT/conf" "$ROOT/logs" "$ROOT/run"
find "$ROOT/htdocs" "$ROOT/cgi-bin" -type d -exec chmod 755 {} +
find "$ROOT/htdocs" -type f -exec chmod 644 {} +
chmod 755 "$ROOT/cgi-bin"/*.cgi
chmod 644 "$ROOT/conf/httpd.conf" "$ROOT/conf/mime.types"

CONF="$ROOT/conf/httpd.conf"
# Refuse a port something already answers on (curl exit 7: nothing listens).
port_rc=0
curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/" || port_rc=$?
if [ "$port_rc" -ne 7 ]; then
    die "something already listens on 127.0.0.1:$PORT; pick another port (PORT=... or an argument)"
fi
if ! out=$("$HTTPD" -d "$ROOT" -f "$CONF" -t 2>&1); then
    echo "$out" >&2
    die "the generated config does not pass '$HTTPD -t'"
fi

# Waits (at most 10 s) until the port answers HTTP; fails if httpd died.
wait_for_port() {
    i=0
    while [ "$i" -lt 100 ]; do
        if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/login/"; then
            return 0
        fi
        if [ -n "$HTTPD_PID" ] && ! kill -0 "$HTTPD_PID" 2>/dev/null; then
            return 1
        fi
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

URL="http://127.0.0.1:$PORT/"

if [ "$mode" = background ]; then
    # httpd daemonises itself; its PID file is $ROOT/run/httpd.pid.
    if ! "$HTTPD" -d "$ROOT" -f "$CONF" -k start; then
        cat "$ROOT/logs/error_log" >&2 2>/dev/null || true
        die "httpd did not start on 127.0.0.1:$PORT"
    fi
    if ! wait_for_port; then
        cat "$ROOT/logs/error_log" >&2 2>/dev/null || true
        die "httpd did not answer on 127.0.0.1:$PORT within 10 s"
    fi
    printf '%s\n' "$ROOT" >"$STATE_FILE"
    trap - EXIT INT TERM HUP
    echo "DEMO_URL=$URL"
    echo "DEMO_PORT=$PORT"
    echo "DEMO_PIDFILE=$ROOT/run/httpd.pid"
    echo "DEMO_ROOT=$ROOT"
    echo "DEMO_SECRET=$SECRET"
    echo "DEMO_STOP='$0 --stop $ROOT'"
    exit 0
fi

# Foreground: httpd is our child, so the traps above stop it on Ctrl-C.
"$HTTPD" -d "$ROOT" -f "$CONF" -DFOREGROUND &
HTTPD_PID=$!
if ! wait_for_port; then
    die "httpd did not answer on 127.0.0.1:$PORT within 10 s"
fi

cat <<EOF

  mod_session_timeout demo: $URL
  (temporary ServerRoot $ROOT, secret from $secret_from)
  Limits: lifetime $LIFETIME, inactivity $INACTIVITY, warning $WARNING before either.

  Try, in a browser on this machine (from elsewhere: ssh -L $PORT:127.0.0.1:$PORT this-host):
    1. Open ${URL}app/ : without a session you are sent to ${URL}login/
    2. Sign in with any name (DEMO ONLY login: no password).
    3. Watch the remaining times; they come from GET /session/status, which
       is passive. Stay idle and the warning shows $WARNING before the end;
       click "Stay signed in" (POST /session/status) to renew.
    4. Stay idle for $INACTIVITY and the page reports the session ended; a
       reload sends you to the login page. "Sign out" is /logout.

  Or with curl:
    curl -i ${URL}app/
    curl -i -c /tmp/demo-cookies -d user=alice ${URL}login/login.cgi
    curl -i -b /tmp/demo-cookies ${URL}app/
    curl -s -b /tmp/demo-cookies ${URL}session/status
    curl -i -b /tmp/demo-cookies -H 'Sec-Fetch-Mode: cors' ${URL}app/poll

  The module's log lines and the access log follow below. Ctrl-C stops httpd
  and removes $ROOT.

EOF

# wait returns when httpd exits or a trapped signal arrives; the EXIT trap
# stops httpd and removes the root either way.
status=0
wait "$HTTPD_PID" || status=$?
echo "demo: httpd exited (status $status)" >&2
exit "$status"

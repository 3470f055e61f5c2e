#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# test_demo.sh: checks the quick-start demo (scripts/demo.sh) end to end with
# curl: it starts the demo in the background on a free loopback port with
# short limits, walks through what README promises a newcomer will see
# (redirect to login, cookie after login, warning header in the window, 401
# JSON for a fetch after expiry, a passive status GET and a keep-alive POST),
# and stops the demo at the end whatever happens.
#
# Cookies are backdated by minting them with the demo's secret (the CLI
# `session-timeout-token mint` when it works, else the SPEC section 2 recipe
# in python3), so nothing sleeps. Output (tests/lib/tap.sh): "ok - ..." /
# "not ok - ..." lines and a final "N passed, N failed"; the exit status is
# non-zero on failure.
#
# Environment (from TESTS_ENVIRONMENT in Makefile.am): top_srcdir,
# top_builddir, PYTHON3, HTTPD; MST_DEMO_MINTER=python forces the python
# minter.
set -eu

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
. "$top_srcdir/tests/lib/tap.sh"
PYTHON3=${PYTHON3:-python3}
case $PYTHON3 in '' | *python3*) ;; *) PYTHON3=python3 ;; esac
CLI="$top_builddir/session-timeout-token"
DEMO="$top_srcdir/scripts/demo.sh"

# Short limits (seconds), passed to the demo.
LIFETIME=300
INACTIVITY=120
WARNING=60

if ! command -v curl >/dev/null 2>&1; then
    tap_bail "curl is not installed"
fi
if [ ! -f "$top_builddir/.libs/mod_session_timeout.so" ]; then
    tap_bail "$top_builddir/.libs/mod_session_timeout.so is not built"
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mst-test-demo.XXXXXX")
STATE="$TMP/demo.state"
DEMO_ROOT=""
cleanup() {
    trap - EXIT INT TERM
    if [ -n "$DEMO_ROOT" ]; then
        DEMO_STATE_FILE="$STATE" "$DEMO" --stop "$DEMO_ROOT" >/dev/null 2>&1 || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    "$PYTHON3" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---- start the demo ----------------------------------------------------------

PORT=$(free_port)
if ! DEMO_NO_BUILD=1 DEMO_BUILDDIR="$top_builddir" DEMO_STATE_FILE="$STATE" \
    DEMO_LIFETIME=$LIFETIME DEMO_INACTIVITY=$INACTIVITY DEMO_WARNING=$WARNING \
    "$DEMO" --background "$PORT" >"$TMP/demo.out" 2>&1; then
    tap_bail "scripts/demo.sh --background starts the demo" "$(cat "$TMP/demo.out")"
fi
value_of() { sed -n "s/^$1=//p" "$TMP/demo.out" | head -n 1; }
DEMO_ROOT=$(value_of DEMO_ROOT)
SECRET=$(value_of DEMO_SECRET)
PIDFILE=$(value_of DEMO_PIDFILE)
URL=$(value_of DEMO_URL)
if [ -n "$DEMO_ROOT" ] && [ -f "$SECRET" ] && [ -f "$PIDFILE" ] &&
    [ "$URL" = "http://127.0.0.1:$PORT/" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    ok "demo runs in the background on 127.0.0.1:$PORT (PID file $PIDFILE)"
else
    tap_bail "demo runs in the background and reports its root, secret, PID file and URL" \
        "$(cat "$TMP/demo.out")"
fi

# ---- helpers -------------------------------------------------------------------

# req URLPATH [curl args...]: one request; status in $STATUS, headers in
# $TMP/h (CR removed), body in $TMP/b.
req() {
    path=$1
    shift
    STATUS=$(curl -s --max-time 10 -D "$TMP/h.raw" -o "$TMP/b" -w '%{http_code}' "$@" \
        "http://127.0.0.1:$PORT$path") || STATUS=000
    tr -d '\r' <"$TMP/h.raw" >"$TMP/h"
}

# has_prefix STRING PREFIX
has_prefix() {
    case $1 in "$2"*) return 0 ;; *) return 1 ;; esac
}

# hdr NAME: the value of the last response header NAME (empty if none)
hdr() {
    grep -i "^$1:" "$TMP/h" | tail -n 1 | sed 's/^[^:]*:[[:space:]]*//'
}

# session_cookie: the value of our Set-Cookie in the last response
session_cookie() {
    hdr_all=$(grep -i '^set-cookie:[[:space:]]*session_timeout=' "$TMP/h" | tail -n 1 || true)
    printf '%s' "$hdr_all" | sed 's/^[^=]*=//; s/;.*//'
}

# json_num FIELD: a numeric field of the JSON body
json_num() {
    sed -n "s/.*\"$1\":\\([0-9-]*\\).*/\\1/p" "$TMP/b" | head -n 1
}

show() {
    printf 'status %s\n' "$STATUS"
    cat "$TMP/h"
    head -c 400 "$TMP/b"
}

near() { # near A B TOLERANCE: |A - B| <= TOLERANCE
    [ -n "$1" ] && [ -n "$2" ] && [ $(($1 - $2)) -le "$3" ] && [ $(($2 - $1)) -le "$3" ]
}

MINTER=cli
if [ "${MST_DEMO_MINTER:-}" = python ] || [ ! -x "$CLI" ] ||
    ! "$CLI" mint --key "$SECRET" --user probe --created 1764000000 --last 1764000000 \
        2>/dev/null | grep -Eq '^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{22}\.1764000000\.1764000000\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{43}$'; then
    MINTER=python
fi

# mint USER CREATED LAST: a token signed with the demo's secret
mint() {
    if [ "$MINTER" = cli ]; then
        "$CLI" mint --key "$SECRET" --user "$1" --created "$2" --last "$3"
    else
        "$PYTHON3" - "$SECRET" "$1" "$2" "$3" <<'EOF'
import base64, hashlib, hmac, os, sys
def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
path, user, created, last = sys.argv[1:]
secret = open(path, "rb").read().rstrip(b" \t\r\n")
kid = hashlib.sha256(secret).digest()[:4].hex()
body = "v1.%s.%s.%s.%s.%s" % (kid, b64u(os.urandom(16)), created, last, b64u(user.encode()))
print(body + "." + b64u(hmac.new(secret, body.encode(), hashlib.sha256).digest()))
EOF
    fi
}
echo "# minting test cookies with: $MINTER"

# ---- the login page and the redirect to it --------------------------------------

req /login/
if [ "$STATUS" = 200 ] && grep -q 'DEMO ONLY, NOT FOR PRODUCTION' "$TMP/b"; then
    ok "GET /login/ is the login page, marked DEMO ONLY, NOT FOR PRODUCTION"
else
    not_ok "GET /login/ is the login page, marked DEMO ONLY" "$(show)"
fi

req /app/
loc=$(hdr Location)
case $loc in
    /login/\?return_to=/app/ | /login/\?return_to=%2Fapp%2F | "http://127.0.0.1:$PORT/login/?return_to=/app/")
        if [ "$STATUS" = 302 ]; then ok "GET /app/ without a cookie: 302 to $loc"; else
            not_ok "GET /app/ without a cookie: 302 to the login page" "$(show)"; fi
        ;;
    *) not_ok "GET /app/ without a cookie: 302 to /login/?return_to=/app/" "$(show)" ;;
esac

# ---- login ------------------------------------------------------------------------------

req /login/login.cgi -d 'user=alice&return_to=/app/'
COOKIE=$(session_cookie)
if [ "$STATUS" = 303 ] && [ "$(hdr Location)" = /app/ ] &&
    printf '%s' "$COOKIE" | grep -Eq '^v1\.[0-9a-f]{8}\.'; then
    ok "POST /login/login.cgi: 303 to /app/ with Set-Cookie session_timeout=v1..."
else
    not_ok "POST /login/login.cgi: 303 to /app/ with a session cookie" "$(show)"
fi
if [ -z "$(hdr X-Session-Start)" ]; then
    ok "the start header does not reach the client"
else
    not_ok "the start header does not reach the client" "$(show)"
fi

req /login/login.cgi -d 'user=mallory&return_to=//evil.example/'
if [ "$STATUS" = 303 ] && [ "$(hdr Location)" = /app/ ]; then
    ok "login with return_to=//evil.example/ returns to /app/ instead"
else
    not_ok "login with return_to=//evil.example/ returns to /app/ instead" "$(show)"
fi

req /login/login.cgi -d 'user=&return_to=/app/'
if [ "$STATUS" = 303 ] && [ -z "$(session_cookie)" ] &&
    has_prefix "$(hdr Location)" '/login/?error='; then
    ok "login with an empty name starts no session and returns to the form"
else
    not_ok "login with an empty name starts no session" "$(show)"
fi

req /app/ -b "session_timeout=$COOKIE"
if [ "$STATUS" = 200 ] && grep -q 'app.js' "$TMP/b"; then
    ok "GET /app/ with the login cookie: 200"
else
    not_ok "GET /app/ with the login cookie: 200" "$(show)"
fi

req /app/poll -b "session_timeout=$COOKIE" -H "Sec-Fetch-Mode: cors" -H "Accept: application/json"
if [ "$STATUS" = 200 ] && grep -q '"user": "alice"' "$TMP/b" && [ -z "$(session_cookie)" ]; then
    ok "GET /app/poll (passive): 200 JSON for alice, no cookie re-issued"
else
    not_ok "GET /app/poll (passive): 200 JSON for alice, no cookie re-issued" "$(show)"
fi

# ---- warning window ---------------------------------------------------------------------

now=$(date +%s)
t=$(mint alice $((now - 100)) $((now - INACTIVITY + 30)))
req /app/poll -b "session_timeout=$t"
w=$(hdr Session-Timeout-Warning)
rem=$(printf '%s' "$w" | sed -n 's/^remaining=\([0-9]*\), limit=inactivity$/\1/p')
if [ "$STATUS" = 200 ] && near "$rem" 30 2; then
    ok "cookie 30 s before the inactivity limit: Session-Timeout-Warning: $w"
else
    not_ok "cookie 30 s before the inactivity limit: warning header remaining=30, limit=inactivity" \
        "$(show)"
fi

now=$(date +%s)
t=$(mint alice $((now - LIFETIME + 20)) "$now")
req /app/ -b "session_timeout=$t"
w=$(hdr Session-Timeout-Warning)
rem=$(printf '%s' "$w" | sed -n 's/^remaining=\([0-9]*\), limit=lifetime$/\1/p')
if [ "$STATUS" = 200 ] && near "$rem" 20 2; then
    ok "cookie 20 s before the lifetime limit: Session-Timeout-Warning: $w"
else
    not_ok "cookie 20 s before the lifetime limit: warning header remaining=20, limit=lifetime" \
        "$(show)"
fi

# ---- expiry -----------------------------------------------------------------------------

now=$(date +%s)
t=$(mint alice $((now - 200)) $((now - INACTIVITY - 30)))
req /app/poll -b "session_timeout=$t" -H "Sec-Fetch-Mode: cors" -H "Accept: application/json"
if [ "$STATUS" = 401 ] && has_prefix "$(hdr Content-Type)" application/json &&
    grep -q '"error":"session_expired"' "$TMP/b" && grep -q '"reason":"inactivity"' "$TMP/b"; then
    ok "fetch with an expired cookie: 401 $(cat "$TMP/b")"
else
    not_ok "fetch with an expired cookie: 401 JSON session_expired" "$(show)"
fi
if grep -qi '^set-cookie: session_timeout=;.*Max-Age=0' "$TMP/h"; then
    ok "the expired cookie is cleared"
else
    not_ok "the expired cookie is cleared" "$(show)"
fi

req /app/ -b "session_timeout=$t"
if [ "$STATUS" = 302 ] && has_prefix "$(hdr Location)" '/login/?return_to='; then
    ok "navigation with an expired cookie: 302 to the login page"
else
    not_ok "navigation with an expired cookie: 302 to the login page" "$(show)"
fi

# ---- status handler: passive GET, keep-alive POST -------------------------------------------

N=45
now=$(date +%s)
fresh=$(mint alice $((now - 60)) "$now")
old=$(mint alice $((now - 60)) $((now - N)))
req /session/status -b "session_timeout=$fresh"
a=$(json_num inactivity_remaining)
req /session/status -b "session_timeout=$old"
b=$(json_num inactivity_remaining)
if [ "$STATUS" = 200 ] && near "$a" "$INACTIVITY" 2 && near "$((a - b))" "$N" 1 &&
    [ -z "$(session_cookie)" ]; then
    ok "GET /session/status with LAST $N s older: inactivity_remaining $a -> $b, no cookie"
else
    not_ok "GET /session/status with LAST $N s older: inactivity_remaining reduced by $N" \
        "fresh: $a, backdated: $b" "$(show)"
fi

req /session/status -b "session_timeout=$old"
b2=$(json_num inactivity_remaining)
if [ "$STATUS" = 200 ] && [ -n "$b2" ] && [ "$b2" -le "$b" ]; then
    ok "a second GET is passive too: inactivity_remaining $b2"
else
    not_ok "a second GET is passive too" "$(show)"
fi

# A keep-alive counts only from a page of this origin (SPEC section 9): a
# cross-origin text/plain form POST is refused and extends nothing.
req /session/status -X POST -H 'Content-Type: text/plain' -H 'Origin: http://evil.example' \
    -b "session_timeout=$old"
if [ "$STATUS" = 403 ] && [ -z "$(session_cookie)" ]; then
    ok "a cross-origin text/plain POST /session/status: 403, no cookie"
else
    not_ok "a cross-origin text/plain POST /session/status: 403, no cookie" "$(show)"
fi

# without the page's scope: the status handler's own scope enforces nothing
req /session/status -X POST -H 'X-Requested-With: XMLHttpRequest' -b "session_timeout=$old"
if [ "$STATUS" = 400 ] && [ -z "$(session_cookie)" ]; then
    ok "a keep-alive POST /session/status without ?scope=: 400, no cookie"
else
    not_ok "a keep-alive POST /session/status without ?scope=: 400, no cookie" "$(show)"
fi

# what the dialog script sends: the page's path as ?scope=
req '/session/status?scope=%2Fapp%2F' -X POST -H 'X-Requested-With: XMLHttpRequest' \
    -b "session_timeout=$old"
c=$(json_num inactivity_remaining)
renewed=$(session_cookie)
if [ "$STATUS" = 200 ] && near "$c" "$INACTIVITY" 1 && [ -n "$renewed" ]; then
    ok "POST /session/status restores inactivity_remaining to $c and re-issues the cookie"
else
    not_ok "POST /session/status restores inactivity_remaining" "$(show)"
fi

req /session/status -b "session_timeout=$renewed"
d=$(json_num inactivity_remaining)
if [ "$STATUS" = 200 ] && near "$d" "$INACTIVITY" 2; then
    ok "the renewed cookie shows inactivity_remaining $d"
else
    not_ok "the renewed cookie shows the full inactivity time" "$(show)"
fi

req /session/status
if [ "$STATUS" = 401 ] && grep -q '"active":false' "$TMP/b"; then
    ok "GET /session/status without a cookie: 401 $(cat "$TMP/b")"
else
    not_ok "GET /session/status without a cookie: 401 active:false" "$(show)"
fi

# ---- logout -----------------------------------------------------------------------------

req /logout -b "session_timeout=$COOKIE"
if [ "$STATUS" = 303 ] && [ "$(hdr Location)" = /login/ ] &&
    grep -qi '^set-cookie: session_timeout=;.*Max-Age=0' "$TMP/h"; then
    ok "GET /logout: cookie cleared, 303 to /login/"
else
    not_ok "GET /logout: cookie cleared, 303 to /login/" "$(show)"
fi

# ---- the error log ------------------------------------------------------------------------

LOG="$DEMO_ROOT/logs/error_log"
mac=${COOKIE##*.}
if [ -f "$LOG" ] && ! grep -Eq '\[[a-z_]*:?(warn|error|crit|alert|emerg)\]|exit signal|Segmentation' "$LOG" &&
    grep -q 'MST00009: session started' "$LOG" &&
    { [ -z "$mac" ] || ! grep -qF -- "$mac" "$LOG"; }; then
    ok "the error log has the module's lines, no warnings and no cookie MAC"
else
    not_ok "the error log has no warnings and no cookie MAC" "$(cat "$LOG" 2>/dev/null || true)"
fi

# ---- stop -------------------------------------------------------------------------------

pid=$(cat "$PIDFILE")
if DEMO_STATE_FILE="$STATE" "$DEMO" --stop >"$TMP/stop.out" 2>&1 &&
    ! kill -0 "$pid" 2>/dev/null && [ ! -e "$DEMO_ROOT" ]; then
    ok "scripts/demo.sh --stop stops httpd and removes the demo root"
    DEMO_ROOT=""
else
    not_ok "scripts/demo.sh --stop stops httpd and removes the demo root" "$(cat "$TMP/stop.out")"
fi

tap_summary

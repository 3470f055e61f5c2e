#!/usr/bin/env bash
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# bench/run.sh: the performance benchmark of mod_session_timeout (issues 6
# and 14): our module against plain httpd and against its peers, in three
# connection modes side by side, in one run.
#
# Usage:  bench/run.sh [--quick] [--only NAME,NAME...] [--modes MODE,MODE...]
#                      [--no-callgrind] [--no-wrk] [--no-micro] [--keep]
#   --quick         about 2 minutes instead of about 15 (one 1 s load round
#                   per scenario and mode, one callgrind batch of 100
#                   requests, no breakdowns)
#   --only LIST     run only these scenarios (baseline is always added)
#   --modes LIST    connection modes, default keepalive,newconn,h2:
#                     keepalive  one keep-alive connection for all requests
#                                (req/s: wrk)
#                     newconn    a new TCP connection for every request
#                                (req/s: ab without -k)
#                     h2         HTTP/2 cleartext with prior knowledge (h2c),
#                                many streams on one connection (h2load)
#                   The *-cold scenarios, store-dbm, store-shmcb and
#                   session-crypto are measured in keepalive only: the cold
#                   ones already miss the token cache on every request, as a
#                   new connection makes the others do; the socache stores
#                   cost the same per request in any mode; session-crypto is
#                   too slow under callgrind for more.
#   --no-callgrind, --no-wrk (no req/s and p99 at all), --no-micro
#                   skip a measurement
#   --keep          keep the temporary ServerRoots (printed at the end)
# Run as root (it installs missing Debian packages with scripts/install-deps.sh
# and runs the servers as www-data) or as a user who has them all.
#
# What it does, in order:
#  1. Installs what is missing (wrk, apache2-utils for ab, nghttp2-client for
#     h2load, valgrind, libapache2-mod-auth-tkt, ...)
#     and builds the module and libmst if needed (make; scripts/build.sh on a
#     fresh tree).
#  2. Mints the cookies: our token v1 (bench/mint.py, LAST 5 s old or 2 h old
#     for "expired"), mod_auth_tkt tickets in its documented format, and a
#     mod_session_crypto cookie obtained from the server itself: a tiny CGI
#     answers with the SessionHeader (X-Replace-Session: user=bench), so
#     mod_session encrypts and sets a real session cookie; a second CGI with
#     SessionEnv On proves that the cookie decrypts (HTTP_SESSION has user=bench).
#  3. Starts one private httpd per scenario: Debian's /usr/sbin/apache2 with a
#     generated config in a temporary ServerRoot, Listen 127.0.0.1:<free port>,
#     mpm_event with one process of 8 threads, mod_http2 with
#     `Protocols h2c http/1.1` (in every scenario, whichever modes run, so
#     that all load the same modules), no access log, AllowOverride None,
#     serving the same 1 KB static file at /p/index.html (the protected
#     location). Only the module under test differs between scenarios:
#       baseline            our module not loaded
#       off                 our module loaded, SessionTimeout Off
#       valid               SessionTimeout On, valid cookie, refresh interval 30m
#       valid-cold          the same, but every request carries another valid
#                           token (own random SID), so neither the connection's
#                           nor the process's token cache hits: the cost of a
#                           token the process has not seen
#       reissue             inactivity 1h, refresh interval 0: Set-Cookie every time
#       reissue-cold        the same with another token on every request
#       expired             LAST 2 h old, inactivity 1h: 302 to the login URL
#       tkt-md5             peer: mod_auth_tkt (MD5, its default), valid ticket
#       tkt-sha256          peer: mod_auth_tkt, TKTAuthDigestType SHA256
#       tkt-sha256-reissue  peer: same with TKTAuthTimeoutRefresh 1 (new ticket
#                           on every request)
#       session-crypto      peer: mod_session + mod_session_cookie +
#                           mod_session_crypto, SessionMaxAge 3600, valid cookie
#       store-redis         valid, with SessionTimeoutStore redis:// (a private
#                           redis-server on loopback, persistence off) and the
#                           default revocation delay 1s
#       store-redis-0       the same with delay 0: one MGET per request
#       store-dbm           valid, SessionTimeoutStore socache:dbm, delay 0
#       store-shmcb         valid, SessionTimeoutStore socache:shmcb, delay 0
#     baseline and off send our valid cookie too, so the requests are alike.
#     Every scenario is checked with curl before anything is timed (status
#     200, 302 for expired; no Set-Cookie where none is due, Set-Cookie where a
#     re-issue is due; the protected scenarios refuse a request without
#     cookie; the same checks over h2c with curl --http2-prior-knowledge for
#     the scenarios measured in mode h2), and every timed request's status
#     is checked again: a benchmark of rejected requests is worthless.
#  4. Instructions per request: each scenario's config runs once more as
#     `apache2 -X` (one process) under valgrind --tool=callgrind with
#     --dump-before=ap_send_http_options --zero-before=ap_send_http_options.
#     For each of the scenario's modes in turn, bench/client.py sends a
#     warm-up, then batches framed by OPTIONS requests to an unprotected
#     URL; each OPTIONS dumps and zeroes the counters, so one dump holds a
#     batch of N requests plus the framing overhead and the next holds the
#     framing overhead alone, and (batch - framing) / N is exact:
#       keepalive  everything on one keep-alive connection;
#       newconn    every request on a connection of its own (Connection:
#                  close; the markers too), so a counted request includes
#                  httpd's accept, connection set-up and close;
#       h2         a batch is one `h2load -n N -c 1 -m M` (N streams on one
#                  h2c connection, M = MST_BENCH_CG_H2_STREAMS, default 1),
#                  the markers are HTTP/1.1 on connections of their own; the
#                  HTTP/2 connection's set-up is in the batch, amortised over
#                  N, and the same for baseline and ours. client.py waits
#                  300 ms after h2load so that the connection is torn down
#                  before the closing marker.
#     The client pauses 3 ms before each request (10 ms in newconn, for
#     the lingering close) so that httpd always hands the idle connection
#     back to the event MPM's listener first (without the pause, whether the
#     next request is already there is a race that moves the count by about
#     ±100 instructions). (callgrind_control --zero/--dump
#     cannot be used here: its vgdb needs ptrace to wake a process blocked in
#     epoll, which stops the process on this kind of VM.) The figure is the
#     median over the batches; bench/cgreport.py also writes where the
#     instructions go (bench/results/breakdown-*.md). Instruction counts are
#     the primary figure: they do not depend on the machine's load.
#     Note: valgrind hides SHA-NI, so OpenSSL's SHA-256 runs its AVX2 code
#     under callgrind (about 2,000 instructions per 64-byte block).
#  5. Throughput and latency, per mode: keepalive with wrk (1 thread, 4
#     connections, --latency), newconn with ab without -k (4 concurrent
#     requests, a new HTTP/1.0 connection each, -e for the percentiles),
#     h2 with h2load (1 thread, 4 h2c connections of MST_BENCH_H2_STREAMS,
#     default 4, concurrent streams each; --log-file gives every request's
#     time, from which the p99 is computed). Each round runs every mode and,
#     within a mode, every scenario in alternation, A B C ... A B C, for
#     ROUNDS rounds of SECONDS seconds; the client is pinned to CPU 0 and
#     every httpd to CPU 1 (taskset). Every status is checked: wrk must
#     report no non-2xx/3xx and no socket errors; ab "Failed requests" 0 and
#     "Non-2xx responses" 0 (all of them for the 302 scenario); h2load
#     "succeeded" equal to "done", nothing failed, errored or timed out, and
#     the expected status class for all of them. Reported per scenario and
#     mode: median req/s, the median of the same-round ratios to the same
#     mode's baseline (req/s on these shared machines swing by about ±10%),
#     and the median of the rounds' p99 latency. The *-cold scenarios rotate
#     4096 tokens with a generated wrk Lua script. (4 connections for 8
#     threads: the event MPM closes keep-alive connections whenever all its
#     threads are busy, which wrk would count as socket errors.)
#  6. The core micro-benchmark bench/micro.c (verify + decide, mint; ns/op
#     natively and instructions/op under callgrind), built with cc against
#     .libs/libmst.a.
# Output: a Markdown table (per scenario and mode: instr/req, Δ vs the same
# mode's baseline, req/s median, ratio to the same mode's baseline, p99
# latency), the targets of issues 14 and 6 as pass/fail lines computed from
# it, the micro-benchmark and the machine, printed and written to
# bench/results/latest.md; raw data and the callgrind breakdowns are in
# bench/results/ too (gitignored).
#
# Environment: MST_BENCH_ROUNDS, MST_BENCH_SECONDS (load rounds),
# MST_BENCH_CONNECTIONS (wrk, ab, h2load), MST_BENCH_H2_STREAMS (h2load -m),
# MST_BENCH_CG_REQUESTS, MST_BENCH_CG_BATCHES, MST_BENCH_CG_WARMUP,
# MST_BENCH_CG_H2_STREAMS, MST_BENCH_CG_GAP_NEWCONN (callgrind),
# APACHE2 (default /usr/sbin/apache2), APACHE_MODULES (default
# /usr/lib/apache2/modules).
# Every httpd started here listens on 127.0.0.1 only and is stopped on exit
# (trap), by its own process id. All loops are bounded.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$TOP/bench
RESULTS=$BENCH/results
APACHE2=${APACHE2:-/usr/sbin/apache2}
MODDIR=${APACHE_MODULES:-/usr/lib/apache2/modules}
SO=$TOP/.libs/mod_session_timeout.so
ALL_SCENARIOS="baseline off valid valid-cold reissue reissue-cold expired tkt-md5 tkt-sha256 tkt-sha256-reissue session-crypto store-redis store-redis-0 store-dbm store-shmcb"
ACCEPT='text/html,application/xhtml+xml,*/*;q=0.8'
COMMAND="bench/run.sh${*:+ $*}"

ALL_MODES="keepalive newconn h2"
QUICK=0 ONLY="" DO_CG=1 DO_WRK=1 DO_MICRO=1 KEEP=0 MODES_ARG=keepalive,newconn,h2
while [ $# -gt 0 ]; do
    case $1 in
    --quick) QUICK=1 ;;
    --modes)
        [ $# -ge 2 ] || { echo "bench: --modes needs a list" >&2; exit 2; }
        MODES_ARG=$2
        shift
        ;;
    --only)
        [ $# -ge 2 ] || { echo "bench: --only needs a list" >&2; exit 2; }
        ONLY=$2
        shift
        ;;
    --no-callgrind) DO_CG=0 ;;
    --no-wrk) DO_WRK=0 ;;
    --no-micro) DO_MICRO=0 ;;
    --keep) KEEP=1 ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "bench: unknown option $1 (see --help)" >&2
        exit 2
        ;;
    esac
    shift
done

if [ $QUICK = 1 ]; then
    ROUNDS=${MST_BENCH_ROUNDS:-1} SECS=${MST_BENCH_SECONDS:-1}
    CG_N=${MST_BENCH_CG_REQUESTS:-100} CG_K=${MST_BENCH_CG_BATCHES:-1} CG_W=${MST_BENCH_CG_WARMUP:-20}
    MICRO_N=200000 MICRO_CG_N=2000 WARM_SECS=0 MODE=quick
else
    ROUNDS=${MST_BENCH_ROUNDS:-5} SECS=${MST_BENCH_SECONDS:-3}
    CG_N=${MST_BENCH_CG_REQUESTS:-200} CG_K=${MST_BENCH_CG_BATCHES:-3} CG_W=${MST_BENCH_CG_WARMUP:-50}
    MICRO_N=1000000 MICRO_CG_N=10000 WARM_SECS=1 MODE=full
fi
CONNS=${MST_BENCH_CONNECTIONS:-4}
CG_GAP_NEWCONN=${MST_BENCH_CG_GAP_NEWCONN:-10} # ms before each request, newconn callgrind batches
H2_STREAMS=${MST_BENCH_H2_STREAMS:-4}       # h2load -m for req/s
CG_H2_STREAMS=${MST_BENCH_CG_H2_STREAMS:-1} # h2load -m for the callgrind batches

MODES=""
for m in ${MODES_ARG//,/ }; do
    case " $ALL_MODES " in *" $m "*) ;; *)
        echo "bench: unknown mode $m (known: ${ALL_MODES// /,})" >&2
        exit 2
        ;;
    esac
    case " $MODES " in *" $m "*) ;; *) MODES="$MODES${MODES:+ }$m" ;; esac
done
[ -n "$MODES" ] || { echo "bench: --modes is empty" >&2; exit 2; }
has_mode() { case " $MODES " in *" $1 "*) return 0 ;; esac; return 1; }

if [ -n "$ONLY" ]; then
    SCENARIOS="baseline"
    for s in ${ONLY//,/ }; do
        case " $ALL_SCENARIOS " in *" $s "*) ;; *)
            echo "bench: unknown scenario $s (known: $ALL_SCENARIOS)" >&2
            exit 2
            ;;
        esac
        [ "$s" = baseline ] || SCENARIOS="$SCENARIOS $s"
    done
else
    SCENARIOS=$ALL_SCENARIOS
fi

log() { printf 'bench [%3ds]: %s\n' "$SECONDS" "$*" >&2; }
die() {
    printf 'bench: ERROR: %s\n' "$*" >&2
    exit 1
}

# ---- processes we started, and their cleanup ----
PIDS=()
W="" RAW=""
is_running() {
    local st
    st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    [[ $st != Z* ]]
}
stop_pid() { # pid, seconds to wait before SIGKILL
    local pid=$1 tries=$((${2:-10} * 10))
    if is_running "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        while [ $tries -gt 0 ] && is_running "$pid"; do
            sleep 0.1
            tries=$((tries - 1))
        done
        if is_running "$pid"; then
            pkill -KILL -P "$pid" 2>/dev/null || true
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do stop_pid "$pid" 10; done
    if [ -n "$RAW" ] && [ -d "$RAW" ]; then rm -rf "$RAW"; fi # an unfinished run
    if [ -n "$W" ] && [ -d "$W" ]; then
        if [ $KEEP = 1 ]; then log "kept $W"; else rm -rf "$W"; fi
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- 1. dependencies and build ----
if [ "$(id -u)" -eq 0 ]; then
    # MST_BENCH=1: wrk, apache2-utils (ab), nghttp2-client (h2load), libapache2-mod-auth-tkt
    MST_BENCH=1 "$TOP/scripts/install-deps.sh"
fi
for cmd in wrk ab h2load valgrind callgrind_annotate taskset python3 curl cc pkg-config make; do
    command -v "$cmd" >/dev/null 2>&1 || die "$cmd is missing: run as root, or: MST_BENCH=1 scripts/install-deps.sh"
done
[ -x "$APACHE2" ] || die "$APACHE2 is missing (Debian package apache2)"
[ -f "$MODDIR/mod_auth_tkt.so" ] || die "$MODDIR/mod_auth_tkt.so is missing (libapache2-mod-auth-tkt)"
[ -f "$MODDIR/mod_http2.so" ] || die "$MODDIR/mod_http2.so is missing (Debian package apache2)"
python3 "$BENCH/mint.py" selftest || die "bench/mint.py does not reproduce SPEC's test vector"

if [ ! -f "$TOP/Makefile" ] || [ "$TOP/configure.ac" -nt "$TOP/Makefile" ] ||
    [ "$TOP/Makefile.am" -nt "$TOP/Makefile" ]; then
    log "building (scripts/build.sh)"
    buildlog=$(mktemp /tmp/mst-bench-build.XXXXXX)
    "$TOP/scripts/build.sh" >"$buildlog" 2>&1 || { cat "$buildlog" >&2; rm -f "$buildlog"; die "the build failed"; }
    rm -f "$buildlog"
else
    make -C "$TOP" -s -j"$(nproc)" libmst.la mod_session_timeout.la >&2 || die "the build failed"
fi
if [ ! -f "$SO" ] || [ ! -f "$TOP/.libs/libmst.a" ]; then
    die "the build did not produce $SO and .libs/libmst.a"
fi

# ---- CPUs, users, work directory ----
if [ "$(nproc)" -ge 2 ]; then
    CLIENT=(taskset -c 0) SERVER=(taskset -c 1) PINNING="wrk on CPU 0, httpd on CPU 1 (taskset)"
else
    CLIENT=() SERVER=() PINNING="none (one CPU)"
fi
if [ "$(id -u)" -eq 0 ]; then
    # httpd refuses to serve as root; start it as www-data directly (no
    # setuid inside httpd), so callgrind can write its dumps.
    RUNAS=(setpriv --reuid=www-data --regid=www-data --init-groups --) SRVUSER=www-data
else
    RUNAS=() SRVUSER=$(id -un)
fi

W=$(mktemp -d /tmp/mst-bench.XXXXXX)
chmod 755 "$W"
mkdir -p "$W/htdocs/p" "$W/cgi" "$RESULTS"
head -c 1024 /dev/zero | tr '\0' 'x' >"$W/htdocs/p/index.html"
cp "$W/htdocs/p/index.html" "$W/htdocs/index.html"
cat >"$W/cgi/mint.cgi" <<'EOF'
#!/bin/sh
printf 'Content-Type: text/plain\r\nX-Replace-Session: user=bench\r\n\r\nminted\n'
EOF
cat >"$W/cgi/show.cgi" <<'EOF'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\nsession=%s\n' "$HTTP_SESSION"
EOF
chmod 755 "$W/cgi/"*.cgi
SECRET=$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n') # 48 hex characters
printf '%s' "$SECRET" >"$W/secret"
chown "$SRVUSER" "$W/secret"
chmod 600 "$W/secret"

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---- 2. cookies ----
NOW=$(date +%s)
COOKIE_VALID="session_timeout=$(python3 "$BENCH/mint.py" mst "$W/secret" $((NOW - 60)) $((NOW - 5)) alice)"
COOKIE_OLD="session_timeout=$(python3 "$BENCH/mint.py" mst "$W/secret" $((NOW - 7200)) $((NOW - 7200)) alice)"
COOKIE_TKT_MD5="auth_tkt=$(python3 "$BENCH/mint.py" tkt "$SECRET" MD5 $((NOW - 10)) alice)"
COOKIE_TKT_SHA="auth_tkt=$(python3 "$BENCH/mint.py" tkt "$SECRET" SHA256 $((NOW - 10)) alice)"
COOKIE_SESSION="" # obtained from the server, see mint_session_cookie
# 4096 tokens, 8 times the process's shared token cache (512 slots): a token
# comes round again only after its slot was overwritten about 8 times, so a
# cold request is a miss of both caches (and the counted batches, fewer than
# 4096 requests, never repeat one).
python3 "$BENCH/mint.py" mst-many "$W/secret" $((NOW - 60)) $((NOW - 5)) alice 4096 |
    sed 's/^/session_timeout=/' >"$W/cold.cookies"
COOKIE_COLD=$(head -1 "$W/cold.cookies")
{
    echo "-- generated by bench/run.sh: a different Cookie on every request"
    echo "local cookies = {"
    sed 's/.*/  "&",/' "$W/cold.cookies"
    echo "}"
    echo "local i = 0"
    echo "request = function()"
    echo "  i = i % #cookies + 1"
    echo "  wrk.headers[\"Cookie\"] = cookies[i]"
    echo "  return wrk.format()"
    echo "end"
} >"$W/cold.lua"

# ---- 3. scenarios ----
# scenario NAME sets: S_KIND (base|ours|peer), S_LABEL, S_MODULES (LoadModule
# lines), S_SERVER (server directives), S_LOC (directives in <Location /p/>),
# S_COOKIE, S_COLD (1: rotate the 4096 tokens of cold.cookies), S_STATUS
# (expected status), S_CHECK (none|noset|set:NAME|location) and S_NEG
# (status expected without a cookie, or "").
scenario() {
    S_MODULES="" S_SERVER="" S_LOC="" S_CHECK=none S_NEG="" S_STATUS=200 S_COOKIE=$COOKIE_VALID S_COLD=0
    S_MODES=$ALL_MODES
    local ours="LoadModule session_timeout_module $SO"
    local tkt="LoadModule authn_core_module $MODDIR/mod_authn_core.so
LoadModule authz_user_module $MODDIR/mod_authz_user.so
LoadModule auth_tkt_module $MODDIR/mod_auth_tkt.so"
    local tkt_loc="AuthType Basic
    AuthName bench
    TKTAuthLoginURL /login
    TKTAuthIgnoreIP on
    Require valid-user"
    case $1 in
    baseline)
        S_KIND=base S_LABEL="baseline: httpd, module not loaded" ;;
    off)
        S_KIND=ours S_LABEL="module loaded, SessionTimeout Off" S_CHECK=noset
        S_MODULES=$ours S_SERVER="SessionTimeout Off" ;;
    valid)
        S_KIND=ours S_LABEL="valid cookie, no re-issue" S_CHECK=noset S_NEG=302
        S_MODULES=$ours S_SERVER="SessionTimeoutSecret file:$W/secret"
        S_LOC="SessionTimeout On
    SessionTimeoutInactivity 1h
    SessionTimeoutRefreshInterval 30m
    SessionTimeoutLoginURL /login" ;;
    valid-cold)
        scenario valid
        S_LABEL="valid cookie, no re-issue, token cache miss" S_COLD=1 S_COOKIE=$COOKIE_COLD
        S_MODES=keepalive ;;
    reissue)
        S_KIND=ours S_LABEL="valid cookie, re-issued on every request" S_CHECK=set:session_timeout S_NEG=302
        S_MODULES=$ours S_SERVER="SessionTimeoutSecret file:$W/secret"
        S_LOC="SessionTimeout On
    SessionTimeoutInactivity 1h
    SessionTimeoutRefreshInterval 0
    SessionTimeoutLoginURL /login" ;;
    reissue-cold)
        scenario reissue
        S_LABEL="valid cookie, re-issued on every request, token cache miss" S_COLD=1 S_COOKIE=$COOKIE_COLD
        S_MODES=keepalive ;;
    expired)
        S_KIND=ours S_LABEL="expired cookie: 302 to the login URL" S_STATUS=302 S_CHECK=location
        S_COOKIE=$COOKIE_OLD S_MODULES=$ours S_SERVER="SessionTimeoutSecret file:$W/secret"
        S_LOC="SessionTimeout On
    SessionTimeoutInactivity 1h
    SessionTimeoutLoginURL /login" ;;
    store-redis | store-redis-0 | store-dbm | store-shmcb)
        # the revocation store (README "Revocation"): a valid cookie checked
        # against a private redis-server on loopback, or a socache provider
        scenario valid
        S_MODULES="$ours
LoadModule socache_dbm_module $MODDIR/mod_socache_dbm.so
LoadModule socache_shmcb_module $MODDIR/mod_socache_shmcb.so"
        case $1 in
        store-redis)
            S_LABEL="store: Redis on loopback, revocation delay 1s"
            S_SERVER="$S_SERVER
SessionTimeoutStore redis://127.0.0.1:$REDIS_PORT
SessionTimeoutRevocationDelay 1s" ;;
        store-redis-0)
            S_LABEL="store: Redis on loopback, delay 0 (one MGET per request)"
            S_SERVER="$S_SERVER
SessionTimeoutStore redis://127.0.0.1:$REDIS_PORT
SessionTimeoutRevocationDelay 0" ;;
        store-dbm)
            S_LABEL="store: socache dbm, delay 0" S_MODES=keepalive
            S_SERVER="$S_SERVER
SessionTimeoutStore socache:dbm:$W/store-dbm/run/revocations
SessionTimeoutRevocationDelay 0" ;;
        store-shmcb)
            S_LABEL="store: socache shmcb, delay 0" S_MODES=keepalive
            S_SERVER="$S_SERVER
SessionTimeoutStore socache:shmcb
SessionTimeoutRevocationDelay 0" ;;
        esac ;;
    tkt-md5)
        S_KIND=peer S_LABEL="peer: mod_auth_tkt, MD5 (its default)" S_CHECK=noset S_NEG=307
        S_COOKIE=$COOKIE_TKT_MD5 S_MODULES=$tkt S_SERVER="TKTAuthSecret \"$SECRET\""
        S_LOC=$tkt_loc ;;
    tkt-sha256)
        S_KIND=peer S_LABEL="peer: mod_auth_tkt, SHA256" S_CHECK=noset S_NEG=307
        S_COOKIE=$COOKIE_TKT_SHA S_MODULES=$tkt
        S_SERVER="TKTAuthSecret \"$SECRET\"
TKTAuthDigestType SHA256" S_LOC=$tkt_loc ;;
    tkt-sha256-reissue)
        S_KIND=peer S_LABEL="peer: mod_auth_tkt, SHA256, new ticket every request" S_CHECK=set:auth_tkt S_NEG=307
        S_COOKIE=$COOKIE_TKT_SHA S_MODULES=$tkt
        S_SERVER="TKTAuthSecret \"$SECRET\"
TKTAuthDigestType SHA256" S_LOC="$tkt_loc
    TKTAuthTimeoutRefresh 1" ;;
    session-crypto)
        S_KIND=peer S_LABEL="peer: mod_session_crypto, SessionMaxAge" S_CHECK=set:session
        S_MODES=keepalive # ~75 million instructions a request: one mode is enough
        S_COOKIE=$COOKIE_SESSION
        S_MODULES="LoadModule session_module $MODDIR/mod_session.so
LoadModule session_cookie_module $MODDIR/mod_session_cookie.so
LoadModule session_crypto_module $MODDIR/mod_session_crypto.so
LoadModule alias_module $MODDIR/mod_alias.so
LoadModule cgi_module $MODDIR/mod_cgi.so"
        S_SERVER="ScriptAlias /p/cgi/ \"$W/cgi/\"
<Directory \"$W/cgi\">
    Require all granted
</Directory>
<Location /p/cgi/>
    SessionEnv On
    SessionHeader X-Replace-Session
</Location>"
        S_LOC="Session On
    SessionCookieName session path=/
    SessionCryptoPassphrase \"$SECRET\"
    SessionMaxAge 3600" ;;
    *) die "no scenario $1" ;;
    esac
    # the modes of this run that this scenario is measured in
    local m modes=""
    for m in $S_MODES; do has_mode "$m" && modes="$modes${modes:+ }$m"; done
    S_MODES=$modes
}

# write_conf NAME DIR PORT [notest]: the private config of one scenario,
# checked with apache2 -t unless notest.
write_conf() {
    local dir=$2 port=$3
    scenario "$1"
    mkdir -p "$dir/run" "$dir/cg"
    chown "$SRVUSER" "$dir/run" "$dir/cg"
    cat >"$dir/httpd.conf" <<EOF
# Generated by bench/run.sh: scenario $1
ServerRoot "$dir"
DefaultRuntimeDir "$dir/run"
PidFile "$dir/run/httpd.pid"
Mutex file:$dir/run default
Listen 127.0.0.1:$port
ServerName 127.0.0.1
LoadModule mpm_event_module $MODDIR/mod_mpm_event.so
LoadModule authz_core_module $MODDIR/mod_authz_core.so
LoadModule mime_module $MODDIR/mod_mime.so
LoadModule http2_module $MODDIR/mod_http2.so
$S_MODULES
TypesConfig /etc/mime.types
StartServers 1
ServerLimit 1
ThreadLimit 8
ThreadsPerChild 8
MaxRequestWorkers 8
MinSpareThreads 1
MaxSpareThreads 8
MaxConnectionsPerChild 0
KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout 60
# HTTP/2 cleartext with prior knowledge (h2load) for every scenario, so that
# all of them load the same modules whichever modes are measured.
Protocols h2c http/1.1
ErrorLog "$dir/run/error.log"
LogLevel warn
# No CustomLog: no access log.
DocumentRoot "$W/htdocs"
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "$W/htdocs">
    AllowOverride None
    Require all granted
</Directory>
$S_SERVER
<Location /p/>
    $S_LOC
</Location>
EOF
    [ "${4:-}" = notest ] || "$APACHE2" -t -f "$dir/httpd.conf" >"$dir/configtest.log" 2>&1 ||
        die "scenario $1: apache2 -t failed: $(cat "$dir/configtest.log")"
}

wait_port() { # port, seconds, pid
    local tries=$(($2 * 10))
    while [ $tries -gt 0 ]; do
        is_running "$3" || return 1
        if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$1/index.html"; then return 0; fi
        sleep 0.1
        tries=$((tries - 1))
    done
    return 1
}

errors_in_log() { # dir: fails if the error log has error-level lines
    if grep -E '\[[a-z_]*:(emerg|alert|crit|error)\]' "$1/run/error.log" >&2; then
        return 1
    fi
    return 0
}

# check NAME PORT: the status checks before timing.
check() {
    local name=$1 port=$2 url="http://127.0.0.1:$2/p/index.html" hdr status
    scenario "$name"
    hdr=$(curl -s -o /dev/null -D - -H "Cookie: $S_COOKIE" -H "Accept: $ACCEPT" "$url" | tr -d '\r')
    status=$(printf '%s\n' "$hdr" | awk 'NR==1 {print $2}')
    [ "$status" = "$S_STATUS" ] || die "scenario $name: status $status, expected $S_STATUS:
$hdr"
    case $S_CHECK in
    noset) ! printf '%s\n' "$hdr" | grep -qi '^Set-Cookie:' ||
        die "scenario $name: unexpected Set-Cookie:
$hdr" ;;
    set:*) printf '%s\n' "$hdr" | grep -qi "^Set-Cookie: ${S_CHECK#set:}=." ||
        die "scenario $name: no Set-Cookie ${S_CHECK#set:}= (re-issue expected):
$hdr" ;;
    location) printf '%s\n' "$hdr" | grep -qi '^Location: .*/login?return_to=' ||
        die "scenario $name: no redirect to the login URL:
$hdr" ;;
    esac
    if [ -n "$S_NEG" ]; then
        status=$(curl -s -o /dev/null -w '%{http_code}' -H "Accept: $ACCEPT" "$url")
        [ "$status" = "$S_NEG" ] || die "scenario $name: without a cookie the status is $status, expected $S_NEG (not enforced?)"
    fi
    local h2=""
    case " $S_MODES " in *" h2 "*)
        # the same request over prior-knowledge h2c
        hdr=$(curl -s --http2-prior-knowledge -o /dev/null -D - -H "Cookie: $S_COOKIE" -H "Accept: $ACCEPT" "$url" | tr -d '\r')
        status=$(printf '%s\n' "$hdr" | awk 'NR==1 {print $1, $2}')
        [ "$status" = "HTTP/2 $S_STATUS" ] || die "scenario $name over h2c: $status, expected HTTP/2 $S_STATUS:
$hdr"
        case $S_CHECK in
        noset) ! printf '%s\n' "$hdr" | grep -qi '^Set-Cookie:' || die "scenario $name over h2c: unexpected Set-Cookie:
$hdr" ;;
        set:*) printf '%s\n' "$hdr" | grep -qi "^Set-Cookie: ${S_CHECK#set:}=." ||
            die "scenario $name over h2c: no Set-Cookie ${S_CHECK#set:}=:
$hdr" ;;
        esac
        h2=", also over h2c"
        ;;
    esac
    log "checked $name: $S_STATUS${S_NEG:+, $S_NEG without cookie}${S_CHECK:+ ($S_CHECK)}$h2 (modes: $S_MODES)"
}

# mint_session_cookie PORT: a real mod_session_crypto cookie from the server.
mint_session_cookie() {
    local port=$1 hdr body
    hdr=$(curl -s -o /dev/null -D - "http://127.0.0.1:$port/p/cgi/mint.cgi" | tr -d '\r')
    COOKIE_SESSION=$(printf '%s\n' "$hdr" | sed -n 's/^[Ss]et-[Cc]ookie: \(session=[^;]*\).*/\1/p' | head -1)
    if [ -z "$COOKIE_SESSION" ] || [ "$COOKIE_SESSION" = "session=" ]; then
        die "session-crypto: the CGI got no session cookie:
$hdr"
    fi
    body=$(curl -s -H "Cookie: $COOKIE_SESSION" "http://127.0.0.1:$port/p/cgi/show.cgi")
    case $body in *user=bench*) ;; *) die "session-crypto: the cookie does not decrypt (HTTP_SESSION: $body)" ;; esac
    log "minted a mod_session_crypto cookie (${#COOKIE_SESSION} bytes) and checked that it decrypts"
}

declare -A PORT PID
REDIS_PORT=0
# a scenario none of whose modes is measured in this run is left out
kept=""
for s in $SCENARIOS; do
    scenario "$s"
    if [ -n "$S_MODES" ]; then kept="$kept${kept:+ }$s"; else log "$s: not measured in modes ${MODES// /,}, left out"; fi
done
SCENARIOS=$kept
read -r -a SCEN_ARR <<<"$SCENARIOS"
# The Redis scenarios need a private redis-server (Debian's, never the
# service): a free loopback port, persistence off, stopped with the rest.
case " $SCENARIOS " in *" store-redis"*)
    command -v redis-server >/dev/null || die "the store-redis scenarios need redis-server (Debian package redis-server)"
    REDIS_PORT=$(free_port)
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
        --daemonize no --dir "$W" >"$W/redis.log" 2>&1 &
    PIDS+=("$!")
    tries=100
    until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do
        tries=$((tries - 1))
        [ $tries -gt 0 ] || die "redis-server did not start: $(cat "$W/redis.log")"
        sleep 0.1
    done
    log "redis-server on 127.0.0.1:$REDIS_PORT"
    ;;
esac
RAW=$(mktemp -d "$RESULTS/run.XXXXXX")
: >"$RAW/scenarios.tsv"
for s in "${SCEN_ARR[@]}"; do
    scenario "$s"
    printf '%s\t%s\t%s\n' "$s" "$S_KIND" "$S_LABEL" >>"$RAW/scenarios.tsv"
done

log "starting ${#SCEN_ARR[@]} httpd instances in $W"
for s in "${SCEN_ARR[@]}"; do
    PORT[$s]=$(free_port)
    write_conf "$s" "$W/$s" "${PORT[$s]}"
    "${SERVER[@]}" "${RUNAS[@]}" "$APACHE2" -f "$W/$s/httpd.conf" -D FOREGROUND \
        >"$W/$s/stdout.log" 2>&1 &
    PID[$s]=$!
    PIDS+=("${PID[$s]}")
done
for s in "${SCEN_ARR[@]}"; do
    wait_port "${PORT[$s]}" 20 "${PID[$s]}" ||
        die "scenario $s: httpd did not start: $(cat "$W/$s/stdout.log" "$W/$s/run/error.log" 2>/dev/null)"
done
case " $SCENARIOS " in *" session-crypto "*) mint_session_cookie "${PORT[session-crypto]}" ;; esac
for s in "${SCEN_ARR[@]}"; do check "$s" "${PORT[$s]}"; done

median_of() { tr ',' '\n' | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

# ---- 4. instructions per request (callgrind, httpd -X) ----
: >"$RAW/cg.tsv"
if [ $DO_CG = 1 ]; then
    # All instances start at once (valgrind's start-up is the slow part);
    # the counted batches then run one scenario at a time, while the others
    # sleep in epoll, so nothing competes with the measured process. One
    # instance per scenario runs the sequences of all its modes in turn.
    declare -A CGPORT CGPID
    for s in "${SCEN_ARR[@]}"; do
        CGPORT[$s]=$(free_port)
        write_conf "$s" "$W/cg-$s" "${CGPORT[$s]}" notest # same config as checked above
        "${RUNAS[@]}" valgrind --tool=callgrind --dump-before=ap_send_http_options \
            --zero-before=ap_send_http_options --callgrind-out-file="$W/cg-$s/cg/out.%p" \
            "$APACHE2" -X -f "$W/cg-$s/httpd.conf" >"$W/cg-$s/valgrind.log" 2>&1 &
        CGPID[$s]=$!
        PIDS+=("${CGPID[$s]}")
    done
    for s in "${SCEN_ARR[@]}"; do
        dir=$W/cg-$s port=${CGPORT[$s]} cgpid=${CGPID[$s]}
        scenario "$s"
        n=$CG_N k=$CG_K warm=$CG_W
        if [ "$s" = session-crypto ]; then # ~75 million instructions a request
            n=$([ $QUICK = 1 ] && echo 1 || echo 2) k=1 warm=1
        fi
        wait_port "$port" 180 "$cgpid" || die "scenario $s: httpd -X under callgrind did not start: $(tail -5 "$dir/valgrind.log")"
        cookies=()
        [ "$S_COLD" = 0 ] || cookies=(--cookie-file "$W/cold.cookies")
        for m in $S_MODES; do
            # newconn: a longer pause, so that httpd has closed the previous
            # connection (lingering close) before the next one is accepted
            gap=3
            [ "$m" != newconn ] || gap=$CG_GAP_NEWCONN
            python3 "$BENCH/client.py" "$port" /p/index.html "$n" "$S_STATUS" -H "Cookie: $S_COOKIE" \
                -H "Accept: $ACCEPT" --batches "$k" --warmup "$warm" --marker-path /index.html \
                --gap-ms "$gap" --mode "$m" --streams "$CG_H2_STREAMS" "${cookies[@]}" ||
                die "scenario $s ($m): a counted request had the wrong status"
        done
        stop_pid "$cgpid" 60
        errors_in_log "$dir" || die "scenario $s: errors in the error log (above)"
        # Each mode's sequence sends 1 + 2k OPTIONS and callgrind writes dump
        # j before OPTIONS j (counted over the whole process), so batch i of
        # the sequence that follows `off` earlier dumps is the pair
        # off+2i (markers alone), off+2i+1 (markers and n requests).
        off=0
        for m in $S_MODES; do
            vals=""
            for i in $(seq 1 "$k"); do
                mk=$dir/cg/out.$cgpid.$((off + 2 * i)) b=$dir/cg/out.$cgpid.$((off + 2 * i + 1))
                if [ ! -f "$mk" ] || [ ! -f "$b" ]; then die "scenario $s ($m): callgrind dumps missing ($mk, $b)"; fi
                vals="$vals${vals:+,}$(python3 "$BENCH/cgreport.py" total "$n" "$mk" "$b")"
                cp "$mk" "$RAW/cg-$s-$m.marker"
                cp "$b" "$RAW/cg-$s-$m.batch"
            done
            off=$((off + 2 * k + 1))
            printf '%s\t%s\t%s\n' "$s" "$m" "$vals" >>"$RAW/cg.tsv"
            log "callgrind $s ($m): $(echo "$vals" | median_of) instructions/request (batches: $vals)"
        done
        echo "$n" >"$RAW/cg-$s.count"
    done
    # Where the instructions go: our scenarios against the same mode's
    # baseline (full mode); breakdown-NAME.md for keep-alive,
    # breakdown-NAME-MODE.md for the other modes.
    for s in off valid valid-cold reissue reissue-cold expired store-redis; do
        [ $QUICK = 0 ] || break
        for m in $ALL_MODES; do
            if [ ! -f "$RAW/cg-$s-$m.batch" ] || [ ! -f "$RAW/cg-baseline-$m.batch" ]; then continue; fi
            [ "$(cat "$RAW/cg-$s.count")" = "$(cat "$RAW/cg-baseline.count")" ] || continue
            out=$RESULTS/breakdown-$s.md
            [ "$m" = keepalive ] || out=$RESULTS/breakdown-$s-$m.md
            {
                echo "# Callgrind breakdown: $s against baseline ($m)"
                echo
                python3 "$BENCH/cgreport.py" breakdown "$(cat "$RAW/cg-$s.count")" \
                    "$RAW/cg-baseline-$m.marker" "$RAW/cg-baseline-$m.batch" "$RAW/cg-$s-$m.marker" "$RAW/cg-$s-$m.batch" 40
            } >"$out"
        done
    done
fi

# ---- 5. throughput and p99 latency (wrk, ab, h2load; alternating rounds) ----
: >"$RAW/rps.tsv"
to_ms() { # wrk's latency figure (850.00us, 1.23ms, 1.02s, 1.00m) in ms
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) f = 0.001; else if (v ~ /ms$/) f = 1; else if (v ~ /m$/) f = 60000; else if (v ~ /s$/) f = 1000; else exit 1
        sub(/[a-z]+$/, "", v); printf "%.3f\n", v * f }'
}
run_load() { # scenario, mode, seconds -> prints "req/s p99_ms"
    local s=$1 m=$2 secs=$3 url out cookie rps p99 done2 non2 fail
    scenario "$s"
    url="http://127.0.0.1:${PORT[$s]}/p/index.html"
    case $m in
    keepalive) # wrk: CONNS keep-alive connections
        cookie=(-H "Cookie: $S_COOKIE")
        [ "$S_COLD" = 0 ] || cookie=(-s "$W/cold.lua")
        out=$("${CLIENT[@]}" wrk -t1 -c"$CONNS" -d"${secs}s" --latency "${cookie[@]}" -H "Accept: $ACCEPT" \
            "$url" 2>&1) || die "wrk failed on $s: $out"
        if printf '%s\n' "$out" | grep -Eq 'Non-2xx or 3xx|Socket errors'; then
            die "wrk on $s: errors (requests were rejected or failed):
$out"
        fi
        rps=$(printf '%s\n' "$out" | awk '/^Requests\/sec:/ {print $2}')
        p99=$(printf '%s\n' "$out" | awk '$1 == "99%" {print $2; exit}')
        p99=$(to_ms "$p99") || die "wrk on $s: no 99% latency:
$out"
        ;;
    newconn) # ab without -k: HTTP/1.0, a new connection for every request
        out=$("${CLIENT[@]}" ab -q -t "$secs" -n 10000000 -c "$CONNS" -e "$W/ab.csv" \
            -H "Cookie: $S_COOKIE" -H "Accept: $ACCEPT" "$url" 2>&1) || die "ab failed on $s: $out"
        done2=$(printf '%s\n' "$out" | awk '/^Complete requests:/ {print $3}')
        fail=$(printf '%s\n' "$out" | awk '/^Failed requests:/ {print $3}')
        non2=$(printf '%s\n' "$out" | awk '/^Non-2xx responses:/ {print $3}')
        non2=${non2:-0}
        if [ -z "$done2" ] || [ "$done2" -le 0 ] || [ "$fail" != 0 ]; then
            die "ab on $s: failed requests:
$out"
        fi
        if [ "${S_STATUS:0:1}" = 2 ]; then
            [ "$non2" = 0 ] || die "ab on $s: $non2 responses were not 2xx:
$out"
        else
            # ab -t counts the response of the request its time limit cut
            # off among the non-2xx ones too, so there may be one more
            [ "$non2" -ge "$done2" ] || die "ab on $s: only $non2 of $done2 responses were the expected $S_STATUS:
$out"
        fi
        rps=$(printf '%s\n' "$out" | awk '/^Requests per second:/ {print $4}')
        p99=$(awk -F, '$1 == 99 {printf "%.3f\n", $2}' "$W/ab.csv")
        ;;
    h2) # h2load: CONNS prior-knowledge h2c connections, H2_STREAMS streams each
        rm -f "$W/h2.log"
        out=$("${CLIENT[@]}" h2load -D "$secs" -c "$CONNS" -m "$H2_STREAMS" -t 1 --log-file="$W/h2.log" \
            -H "Cookie: $S_COOKIE" -H "Accept: $ACCEPT" "$url" 2>&1) || die "h2load failed on $s: $out"
        # every request that was done succeeded, with the expected status class
        printf '%s\n' "$out" | awk -v cls="${S_STATUS:0:1}" '
            /^Application protocol: h2c$/ {proto = 1}
            /^requests: / {done = $6; ok = $8; bad = $10 + $12 + $14}
            /^status codes: / {for (i = 3; i <= NF; i += 2) if ($(i + 1) == cls "xx," || $(i + 1) == cls "xx") n = $i}
            END {exit !(proto && done > 0 && ok == done && bad == 0 && n == done)}' ||
            die "h2load on $s: not every request succeeded with status ${S_STATUS:0:1}xx over h2c:
$out"
        rps=$(printf '%s\n' "$out" | awk '/^finished in/ {print $4}')
        p99=$(sort -t"$(printf '\t')" -k3,3n "$W/h2.log" | awk -F'\t' '{t[NR] = $3} END {
            i = int(NR * 0.99); if (i < NR * 0.99) i++; if (i < 1) i = 1; printf "%.3f\n", t[i] / 1000 }')
        ;;
    esac
    if [ -z "$rps" ] || [ -z "$p99" ]; then
        die "$m load on $s printed no req/s or p99:
$out"
    fi
    echo "$rps $p99"
}
if [ $DO_WRK = 1 ]; then
    if [ "$WARM_SECS" -gt 0 ]; then
        for m in $MODES; do
            for s in "${SCEN_ARR[@]}"; do
                scenario "$s"
                case " $S_MODES " in *" $m "*) res=$(run_load "$s" "$m" "$WARM_SECS") ;; esac
            done
        done
    fi
    for r in $(seq 1 "$ROUNDS"); do
        for m in $MODES; do
            line=""
            for s in "${SCEN_ARR[@]}"; do
                scenario "$s"
                case " $S_MODES " in *" $m "*) ;; *) continue ;; esac
                res=$(run_load "$s" "$m" "$SECS")
                read -r rps p99 <<<"$res"
                printf '%s\t%s\t%s\t%s\t%s\n' "$s" "$m" "$r" "$rps" "$p99" >>"$RAW/rps.tsv"
                line="$line $s=${rps%.*}"
            done
            log "load round $r/$ROUNDS ($m):$line"
        done
    done
    for s in "${SCEN_ARR[@]}"; do
        errors_in_log "$W/$s" || die "scenario $s: errors in the error log (above)"
    done
fi
for s in "${SCEN_ARR[@]}"; do stop_pid "${PID[$s]}" 10; done

# ---- 6. micro-benchmark of the core ----
: >"$RAW/micro.tsv"
if [ $DO_MICRO = 1 ]; then
    # shellcheck disable=SC2046
    cc -O2 -g -std=gnu11 -Wall -Wextra -I"$TOP/mod_session_timeout" \
        $(pkg-config --cflags apr-1 apr-util-1 libcrypto) "$BENCH/micro.c" "$TOP/.libs/libmst.a" \
        $(pkg-config --libs apr-1 apr-util-1 libcrypto) -o "$W/micro" || die "bench/micro.c does not build"
    "${SERVER[@]}" "$W/micro" "$MICRO_N" >"$W/micro.ns" || die "micro failed"
    valgrind --tool=callgrind --callgrind-out-file="$W/micro.cg" "$W/micro" "$MICRO_CG_N" --no-warmup \
        >/dev/null 2>"$W/micro.vg" || die "micro under callgrind failed: $(tail -5 "$W/micro.vg")"
    callgrind_annotate --inclusive=yes --threshold=100 --auto=no "$W/micro.cg" >"$W/micro.annotate"
    while read -r op ns _; do
        ins=$(awk -v f=":run_$op " -v n="$MICRO_CG_N" 'index($0, f) {gsub(",", "", $1); printf "%.0f", $1 / n; exit}' "$W/micro.annotate")
        printf '%s\t%s\t%s\n' "$op" "$ns" "$ins" >>"$RAW/micro.tsv"
    done <"$W/micro.ns"
fi

# ---- report ----
{
    printf 'command\t%s\n' "$COMMAND"
    printf 'mode\t%s\n' "$MODE"
    printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf 'rounds\t%s\n' "$ROUNDS"
    printf 'seconds\t%s\n' "$SECS"
    printf 'cg_requests\t%s\n' "$CG_N"
    printf 'cg_batches\t%s\n' "$CG_K"
    printf 'machine\t%s CPUs (nproc), %s RAM\n' "$(nproc)" "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    printf 'cpu\t%s\n' "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
    printf 'kernel\t%s\n' "$(uname -sr)"
    printf 'debian\t%s\n' "$(cat /etc/debian_version 2>/dev/null || echo unknown)"
    printf 'httpd\t%s, mpm_event, 1 process x 8 threads, mod_http2 loaded (Protocols h2c http/1.1)\n' "$("$APACHE2" -v | sed -n 's/^Server version: //p')"
    printf 'openssl\t%s\n' "$(openssl version 2>/dev/null || echo unknown)"
    printf 'valgrind\t%s\n' "$(valgrind --version)"
    printf 'modes\t%s\n' "$MODES"
    printf 'wrk\t%s, 1 thread, %s connections, keep-alive (mode keepalive)\n' "$(dpkg-query -W -f='${Version}' wrk 2>/dev/null || echo '?')" "$CONNS"
    printf 'ab\t%s, %s concurrent requests, a new connection each, HTTP/1.0 (mode newconn)\n' "$(dpkg-query -W -f='${Version}' apache2-utils 2>/dev/null || echo '?')" "$CONNS"
    printf 'h2load\t%s, 1 thread, %s h2c connections x %s streams (mode h2); callgrind batches: 1 connection x %s\n' "$(h2load --version 2>/dev/null | head -1)" "$CONNS" "$H2_STREAMS" "$CG_H2_STREAMS"
    printf 'pinning\t%s\n' "$PINNING"
    printf 'commit\t%s\n' "$(git -C "$TOP" describe --always --dirty 2>/dev/null || echo unknown)"
} >"$RAW/meta.tsv"
python3 "$BENCH/table.py" "$RAW" >"$RESULTS/latest.md"
rm -rf "$RESULTS/last-raw"
mv "$RAW" "$RESULTS/last-raw"
RAW=""
cat "$RESULTS/latest.md"
log "written to bench/results/latest.md (raw data: bench/results/last-raw/)"

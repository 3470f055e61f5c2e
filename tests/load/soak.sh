#!/bin/bash
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# soak.sh: load and soak test of mod_session_timeout (issue 7 item 4).
#
# Starts a private apache2 (loopback, free port, private ServerRoot in a temp
# dir) with the built module, and drives it with wrk for a fixed time with a
# mix of cookies: valid (40 %, expect 200), refreshing (old LAST, re-issued on
# every request: 20 %, expect 200 + Set-Cookie), expired (inactivity and
# lifetime: 20 %, expect 302) and invalid (tampered MAC, unknown key, garbage,
# CREATED from the future: 20 %, expect 302) -- first under mpm_event, then
# under mpm_prefork. Halfway through each run it writes a new key file in
# front of the rotation (new config before the signal) and runs
# `apache2 -k graceful` while the load continues; a curl probe sends the old
# cookie around the restart. Reports, per MPM:
#   requests, socket errors (must be 0), statuses per cookie class,
#   non-expected statuses (must be 0), child crashes in the error log (must
#   be 0), resident memory (sum of VmRSS of the parent and its children,
#   under load) after warm-up and at the end: growth must stay under 5 %
#   between the warm-up sample and the last sample before the restart (same
#   children), between the new generation's first sample and the end of the
#   load, and for the parent (which lives through the restart); and for the
#   restart: failed requests around it (must be 0), old-key cookies still
#   valid and all re-issued with the new KID once the new generation serves,
#   none re-issued before it.
# Around the restart wrk sends "Connection: close" (see mix.lua): a request
# sent on a keep-alive connection at the moment the old generation closes it
# while idle gets no answer; HTTP clients retry those (RFC 9112 9.3.1), wrk
# counts them as read errors.
# Exits 0 only if every criterion holds for every MPM.
#
# Usage: tests/load/soak.sh [--quick] [--duration S] [--connections N]
#                           [--threads N] [--mpm event|prefork|both] [--keep]
#                           [--no-graceful]
#   --quick        15 s per MPM (CI); default 60 s
#   --keep         keep the temp tree (configs, logs, wrk output)
#   --no-graceful  no restart (keep-alive throughout)
# Environment: top_builddir (default: the source tree), HTTPD (apache2 binary,
# default /usr/sbin/apache2), MST_HTTPD_MODULEDIR (default
# /usr/lib/apache2/modules), WRK (default wrk).
# Needs: wrk (Debian package wrk: MST_EXTRA_PACKAGES=wrk scripts/install-deps.sh),
# curl, python3 (free port only). Every wait is bounded; everything started
# is stopped on exit.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
builddir=${top_builddir:-$top}
apache2=${HTTPD:-/usr/sbin/apache2}
case "$apache2" in */apxs | */apxs2 | apxs | apxs2 | "") apache2=/usr/sbin/apache2 ;; esac
moddir=${MST_HTTPD_MODULEDIR:-/usr/lib/apache2/modules}
wrk=${WRK:-wrk}
module="$builddir/.libs/mod_session_timeout.so"
cli="$builddir/session-timeout-token"

duration=60
connections=16
threads=2
mpms="event prefork"
keep=0
graceful=1
while [ $# -gt 0 ]; do
    case "$1" in
    --quick) duration=15 ;;
    --duration) duration=$2; shift ;;
    --connections) connections=$2; shift ;;
    --threads) threads=$2; shift ;;
    --mpm) case "$2" in both) mpms="event prefork" ;; event | prefork) mpms=$2 ;;
        *) echo "soak.sh: --mpm event|prefork|both" >&2; exit 2 ;; esac; shift ;;
    --keep) keep=1 ;;
    --no-graceful) graceful=0 ;;
    -h | --help) sed -n '2,42p' "$0"; exit 0 ;;
    *) echo "soak.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
case "$duration$connections$threads" in *[!0-9]*)
    echo "soak.sh: --duration, --connections and --threads take whole numbers" >&2; exit 2 ;;
esac
if [ "$duration" -lt 10 ]; then
    echo "soak.sh: --duration must be at least 10 s" >&2
    exit 2
fi
for need in "$wrk" curl python3 "$apache2"; do
    if ! command -v "$need" >/dev/null 2>&1; then
        echo "soak.sh: $need not found (wrk: MST_EXTRA_PACKAGES=wrk scripts/install-deps.sh)" >&2
        exit 2
    fi
done
for f in "$module" "$cli"; do
    if [ ! -e "$f" ]; then
        echo "soak.sh: $f not built (scripts/build.sh)" >&2
        exit 2
    fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/mst-soak.XXXXXX") || exit 2
chmod 755 "$work"
httpd_pid=""
probe_pid=""
wrk_pid=""

stop_httpd() {
    [ -n "$httpd_pid" ] || return 0
    kill -TERM "$httpd_pid" 2>/dev/null
    local i
    for i in $(seq 1 100); do
        kill -0 "$httpd_pid" 2>/dev/null || break
        sleep 0.1
    done
    # whatever is left of its process group (children of an old generation)
    kill -KILL -- "-$httpd_pid" 2>/dev/null
    kill -KILL "$httpd_pid" 2>/dev/null
    wait "$httpd_pid" 2>/dev/null
    httpd_pid=""
}

cleanup() {
    [ -n "$probe_pid" ] && kill "$probe_pid" 2>/dev/null
    [ -n "$wrk_pid" ] && kill "$wrk_pid" 2>/dev/null
    stop_httpd
    if [ "$keep" = 1 ]; then
        echo "soak: tree kept in $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# rss_kb PID: VmRSS of PID and of its children, in kB (one pass over /proc,
# quick enough not to disturb the schedule on a loaded machine)
rss_kb() {
    cat /proc/[0-9]*/status 2>/dev/null | awk -v p="$1" '
        /^Pid:/ {pid = $2} /^PPid:/ {pp = $2}
        /^VmRSS:/ {if (pid == p || pp == p) s += $2} END {print s + 0}'
}

# rss_one PID: VmRSS of PID alone, in kB
rss_one() {
    awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0
}

# nprocs PID: PID and its children
nprocs() {
    cat /proc/[0-9]*/status 2>/dev/null | awk -v p="$1" '
        /^Pid:/ {pid = $2} /^PPid:/ {if (pid == p || $2 == p) n++} END {print n + 0}'
}

wait_until() { # wait_until UNIX_SECONDS (bounded by the run's own schedule)
    while [ "$(date +%s)" -lt "$1" ]; do sleep 0.05; done
}

kid_of() { # kid_of KEYFILE
    sed -e 's/[[:space:]]*$//' "$1" | tr -d '\n' | openssl dgst -sha256 -binary | head -c 4 |
        od -An -tx1 | tr -d ' \n'
}

mint() { # mint KEY USER CREATED LAST
    "$cli" mint --key "$1" --user "$2" --created "$3" --last "$4"
}

# tamper TOKEN: one character of the MAC changed
tamper() {
    local t=$1 c=${1: -5:1} r
    if [ "$c" = A ]; then r=B; else r=A; fi
    echo "${t:0:${#t}-5}$r${t: -4}"
}

write_conf() { # write_conf ROOT MPM PORT
    local root=$1 mpm=$2 port=$3 m user=""
    if [ "$(id -u)" = 0 ]; then
        user="User www-data
Group www-data"
    fi
    {
        echo "# generated by tests/load/soak.sh"
        echo "ServerRoot \"$root\""
        echo "ServerName localhost"
        echo "Listen 127.0.0.1:$port"
        echo "PidFile \"$root/logs/httpd.pid\""
        echo "ErrorLog \"$root/logs/error_log\""
        echo "ScoreBoardFile \"$root/logs/apache_runtime_status\""
        echo "Mutex file:$root/run default"
        echo "DefaultRuntimeDir \"$root/run\""
        for m in "mpm_$mpm" authz_core mime alias headers setenvif; do
            if ! "$apache2" -l | grep -q "mod_$m.c"; then
                echo "LoadModule ${m}_module $moddir/mod_$m.so"
            fi
        done
        echo "LoadModule session_timeout_module \"$module\""
        echo "$user"
        cat <<EOF
# notice: child crashes (AH00052) and restarts are logged; rejections (info) are not
LogLevel notice
TypesConfig /dev/null
AddType text/html .html
Timeout 30
KeepAlive On
MaxKeepAliveRequests 1000
KeepAliveTimeout 5
MaxConnectionsPerChild 0
# fixed process counts, so resident memory compares like with like
<IfModule mpm_event_module>
    StartServers 2
    ServerLimit 4
    ThreadsPerChild 25
    MaxRequestWorkers 50
    MinSpareThreads 25
    MaxSpareThreads 50
</IfModule>
<IfModule mpm_prefork_module>
    StartServers 24
    MinSpareServers 5
    MaxSpareServers 24
    ServerLimit 24
    MaxRequestWorkers 24
</IfModule>
DocumentRoot "$root/htdocs"
<Directory />
    Require all denied
</Directory>
<Directory "$root/htdocs">
    Require all granted
</Directory>
# /c/<class>/page.html is one static page; the class is echoed for wrk
AliasMatch "^/c/[a-z]+/(.*)\$" "$root/htdocs/\$1"
SetEnvIf Request_URI "^/c/([a-z]+)/" MST_CLASS=\$1
Header always set X-Mst-Class "%{MST_CLASS}e" env=MST_CLASS
Include "$root/conf/keys.conf"
SessionTimeout On
SessionTimeoutLifetime 8h
SessionTimeoutInactivity 30m
SessionTimeoutRefreshInterval 5m
SessionTimeoutLoginURL /login/
<Location /login/>
    SessionTimeout Off
</Location>
EOF
    } >"$root/conf/httpd.conf"
}

start_httpd() { # start_httpd ROOT PORT
    local root=$1 port=$2 i
    setsid "$apache2" -d "$root" -f "$root/conf/httpd.conf" -DFOREGROUND \
        >"$root/logs/stdout" 2>&1 </dev/null &
    httpd_pid=$!
    for i in $(seq 1 100); do
        if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/login/"; then
            return 0
        fi
        kill -0 "$httpd_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "soak: apache2 did not start:" >&2
    cat "$root/logs/stdout" "$root/logs/error_log" >&2 2>/dev/null
    return 1
}

# probe PORT TOKEN UNTIL OUT: one request with TOKEN every 0.1 s until
# UNTIL (Unix seconds); writes "time status kid-of-set-cookie" lines to OUT
probe() {
    local port=$1 tok=$2 until=$3 out=$4 code hdr kid
    while [ "$(date +%s)" -lt "$until" ]; do
        hdr=$(curl -s -D - -o /dev/null --max-time 5 -H "Accept: text/html" \
            -H "Cookie: session_timeout=$tok" "http://127.0.0.1:$port/c/probe/page.html")
        code=$(printf '%s\n' "$hdr" | awk 'NR==1 {print $2}')
        kid=$(printf '%s\n' "$hdr" | sed -n 's/^Set-Cookie: session_timeout=v1\.\([0-9a-f]*\)\..*/\1/p')
        echo "$(date +%s.%N | cut -c1-14) ${code:-ERR} ${kid:--}" >>"$out"
        sleep 0.1
    done
}

failures=0
summary=""

fail() {
    echo "  FAIL: $*"
    failures=$((failures + 1))
}

run_mpm() {
    local mpm=$1 port t i
    local root="$work/$mpm"
    mkdir -p "$root/conf" "$root/logs" "$root/run" "$root/htdocs" "$root/keys"
    chmod 755 "$root" "$root/conf" "$root/logs" "$root/run" "$root/htdocs"
    chmod 700 "$root/keys"
    echo '<!doctype html><title>p</title><p>protected page</p>' >"$root/htdocs/page.html"
    chmod 644 "$root/htdocs/page.html"
    local key_old="$root/keys/old" key_new="$root/keys/new" key_other="$root/keys/other"
    "$cli" keygen -o "$key_old" >/dev/null && "$cli" keygen -o "$key_new" >/dev/null &&
        "$cli" keygen -o "$key_other" >/dev/null || { fail "keygen"; return; }
    local kid_old kid_new
    kid_old=$(kid_of "$key_old")
    kid_new=$(kid_of "$key_new")
    echo "SessionTimeoutSecret file:$key_old" >"$root/conf/keys.conf"
    port=$(free_port)
    write_conf "$root" "$mpm" "$port"

    # tokens, all signed with the old key (the only one at start)
    t=$(date +%s)
    local valid=() refresh=() expired=() invalid=()
    for i in $(seq 1 20); do
        valid+=("$(mint "$key_old" "valid$i" $((t - 600)) $((t - 10)))")
        refresh+=("$(mint "$key_old" "refresh$i" $((t - 3600)) $((t - 1200)))")
    done
    for i in $(seq 1 10); do
        expired+=("$(mint "$key_old" "idle$i" $((t - 7200)) $((t - 3600)))")
        expired+=("$(mint "$key_old" "old$i" $((t - 9 * 3600)) $((t - 60)))")
        invalid+=("$(tamper "$(mint "$key_old" "tampered$i" $((t - 600)) $((t - 10)))")")
        invalid+=("$(mint "$key_other" "otherkey$i" $((t - 600)) $((t - 10)))")
    done
    for i in $(seq 1 5); do
        invalid+=("garbage-$i-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')")
        invalid+=("$(mint "$key_old" "future$i" $((t + 3600)) $((t + 3600)))")
    done
    {
        echo "return {"
        for c in valid refresh expired invalid; do
            local -n arr=$c
            printf '  %s = {' "$c"
            printf '"%s",' "${arr[@]}"
            echo "},"
        done
        echo "}"
    } >"$root/tokens.lua"

    echo "== mpm_$mpm: $duration s, $connections connections, $threads threads, port $port"
    start_httpd "$root" "$port" || { fail "apache2 did not start"; return; }
    # every class answers as expected before the load starts
    local c code expect
    for c in valid refresh expired invalid; do
        local -n arr=$c
        case $c in valid | refresh) expect=200 ;; *) expect=302 ;; esac
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Accept: text/html" \
            -H "Cookie: session_timeout=${arr[0]}" "http://127.0.0.1:$port/c/$c/page.html")
        [ "$code" = "$expect" ] || fail "pre-check: a $c cookie got $code, expected $expect"
    done

    local rss_warm procs_warm parent_warm rss_pre procs_pre rss_warm2 procs_warm2 rss_end procs_end
    local parent_end graceful_rc=0 wrk_rc warm2_t
    local start warm_at graceful_at=0 pre_at warm2_at end
    local warmup=$((duration / 6 > 3 ? duration / 6 : 3))
    start=$(date +%s)
    end=$((start + duration))
    warm_at=$((start + warmup))
    pre_at=$((start + duration / 2 - 2))
    warm2_at=$((start + duration / 2 + warmup + 1))
    if [ "$graceful" = 1 ]; then
        graceful_at=$((start + duration / 2))
    fi
    MST_SOAK_DATA="$root/tokens.lua" MST_SOAK_GRACEFUL_AT=$graceful_at MST_SOAK_SETTLE=5 \
        MST_SOAK_GRACEFUL_DONE="$root/graceful.done" \
        timeout --kill-after=10 $((duration + 30)) \
        "$wrk" -t "$threads" -c "$connections" -d "${duration}s" --timeout 10s \
        -s "$here/mix.lua" "http://127.0.0.1:$port/" >"$root/wrk.out" 2>&1 &
    wrk_pid=$!

    # memory, four samples under load: after warm-up and just before the
    # restart (the first generation of children), after the new generation's
    # warm-up and just before the end of the load (the second generation);
    # each pair compares the same processes. The parent lives through both.
    wait_until "$warm_at"
    rss_warm=$(rss_kb "$httpd_pid")
    procs_warm=$(nprocs "$httpd_pid")
    parent_warm=$(rss_one "$httpd_pid")
    wait_until "$pre_at"
    rss_pre=$(rss_kb "$httpd_pid")
    procs_pre=$(nprocs "$httpd_pid")

    : >"$root/probe.out"
    if [ "$graceful" = 1 ]; then
        # the probe sends an old-key cookie from 2 s before to 6 s after the restart
        probe "$port" "${valid[0]}" $((graceful_at + 6)) "$root/probe.out" &
        probe_pid=$!
        wait_until "$graceful_at"
        # a second secret in front of the rotation: the new config first, then the
        # signal; wrk's phases count from the second written here
        printf 'SessionTimeoutSecret file:%s\nSessionTimeoutSecret file:%s\n' "$key_new" "$key_old" \
            >"$root/conf/keys.conf"
        date +%s >"$root/graceful.done"
        "$apache2" -d "$root" -f "$root/conf/httpd.conf" -k graceful >"$root/logs/graceful.out" 2>&1 ||
            graceful_rc=$?
    fi
    # the new generation's warm-up sample waits (until 5 s before the end at
    # most) for as many processes as before: prefork replaces its children
    # gradually after a restart
    wait_until "$warm2_at"
    procs_warm2=$(nprocs "$httpd_pid")
    while [ "$procs_warm2" != "$procs_warm" ] && [ "$(date +%s)" -lt $((end - 5)) ]; do
        sleep 0.5
        procs_warm2=$(nprocs "$httpd_pid")
    done
    rss_warm2=$(rss_kb "$httpd_pid")
    warm2_t=$(($(date +%s) - start))
    if [ -n "$probe_pid" ]; then
        wait "$probe_pid"
        probe_pid=""
    fi
    wait_until $((end - 1))
    rss_end=$(rss_kb "$httpd_pid")
    procs_end=$(nprocs "$httpd_pid")
    parent_end=$(rss_one "$httpd_pid")
    wait "$wrk_pid"
    wrk_rc=$?
    wrk_pid=""

    # after the load: an old-key cookie is re-issued with the new key, a
    # new-key cookie is not re-issued
    local after_old="" after_new=""
    [ "$graceful" = 1 ] && after_old=$(curl -s -D - -o /dev/null --max-time 5 -H "Accept: text/html" \
        -H "Cookie: session_timeout=${valid[1]}" "http://127.0.0.1:$port/c/check/page.html")
    t=$(date +%s)
    [ "$graceful" = 1 ] && after_new=$(curl -s -D - -o /dev/null --max-time 5 -H "Accept: text/html" \
        -H "Cookie: session_timeout=$(mint "$key_new" fresh $((t - 60)) $((t - 5)))" \
        "http://127.0.0.1:$port/c/check/page.html")
    stop_httpd

    # ---- the report
    local W="$root/wrk.out"
    grep -q '^MSTSOAK requests' "$W" || { cat "$W"; fail "wrk produced no report (rc=$wrk_rc)"; return; }
    val() { awk -v k="$1" '$1 == "MSTSOAK" && $2 == k {print $3; exit}' "$W"; }
    local requests errors
    requests=$(val requests)
    errors=$(awk '$1 == "MSTSOAK" && $2 == "errors" {print $3, $4, $5, $6, $7}' "$W")
    echo "  requests: $requests in $(($(val duration_us) / 1000000)) s ($((requests * 1000000 / $(val duration_us))) req/s); latency $(awk '$2 == "latency_us" {print $3, $4, $5}' "$W") us"
    echo "  socket errors: $errors; requests on new connections (Connection: close) around the restart: $(val close-mode)"
    local e
    for e in $errors; do
        case "$e" in status=*) ;; *=0) ;; *) fail "socket error $e" ;; esac
    done

    local unexpected=0 n expect st
    for c in valid refresh expired invalid; do
        case $c in valid | refresh) expect=200 ;; *) expect=302 ;; esac
        local line="" total=0
        while read -r _ _ cls st n; do
            [ "$cls" = "$c" ] || continue
            line="$line $st:$n"
            total=$((total + n))
            if [ "$st" != "$expect" ]; then unexpected=$((unexpected + n)); fi
        done < <(grep '^MSTSOAK status ' "$W")
        echo "  $c (expect $expect): $total responses, by status:${line:- none}"
        [ "$total" -gt 0 ] || fail "no responses for class $c"
    done
    n=$(awk '$2 == "status" && $3 == "unknown" {s += $5} END {print s + 0}' "$W")
    unexpected=$((unexpected + n))
    echo "  non-expected statuses: $unexpected"
    [ "$unexpected" = 0 ] || fail "$unexpected responses with a non-expected status"

    # refresh: every response re-issues. valid: none before the restart (LAST
    # is fresh and the key first), every one once the new generation serves
    # (old key: re-signed with the new one)
    cnt() { awk -v a="$1" -v b="$2" -v c="$3" -v d="${4:-}" \
        '$1 == "MSTSOAK" && $2 == a && $3 == b && $4 == c && (d == "" || $5 == d) {s += $NF} END {print s + 0}' "$W"; }
    local ph refresh_total refresh_cookies
    refresh_total=$(awk '$2 == "status" && $3 == "refresh" {s += $5} END {print s + 0}' "$W")
    refresh_cookies=$(awk '$2 == "cookie" && $3 == "refresh" {s += $6} END {print s + 0}' "$W")
    echo "  refresh: $refresh_cookies of $refresh_total responses re-issued the cookie"
    [ "$refresh_cookies" = "$refresh_total" ] || fail "refreshing cookies not re-issued every time"
    local graceful_note="no restart"
    if [ "$graceful" = 1 ]; then
        for ph in before during after; do
            echo "  valid, $ph the restart: $(cnt phase valid "$ph") responses, re-issued with the old KID $kid_old: $(cnt cookie valid "$ph" "$kid_old"), with the new KID $kid_new: $(cnt cookie valid "$ph" "$kid_new")"
        done
        [ "$(cnt cookie valid before "$kid_old")" = 0 ] || fail "valid cookies re-issued before the restart"
        [ "$(cnt cookie valid before "$kid_new")" = 0 ] || fail "new KID seen before the restart"
        [ "$(cnt phase valid after)" -gt 0 ] || fail "no valid-class responses after the restart"
        [ "$(cnt cookie valid after "$kid_new")" = "$(cnt phase valid after)" ] ||
            fail "not every old-key cookie was re-issued with the new key after the restart"
        local old_after
        old_after=$(awk -v k="$kid_old" '$2 == "cookie" && $4 == "after" && $5 == k {s += $6} END {print s + 0}' "$W")
        [ "$old_after" = 0 ] || fail "$old_after cookies signed with the old key after the restart"

        # the graceful restart itself
        local probe_total probe_bad probe_new first_new
        probe_total=$(wc -l <"$root/probe.out")
        probe_bad=$(awk '$2 != "200"' "$root/probe.out" | wc -l)
        probe_new=$(awk -v k="$kid_new" '$3 == k' "$root/probe.out" | wc -l)
        first_new=$(awk -v k="$kid_new" -v g="$(cat "$root/graceful.done" 2>/dev/null || echo "$graceful_at")" '$3 == k {printf "%+.1f", $1 - g; exit}' "$root/probe.out")
        echo "  graceful restart (new key in front): apache2 -k graceful rc=$graceful_rc;" \
            "probe with the old cookie: $probe_total requests, $probe_bad failed," \
            "$probe_new re-issued with the new KID (first at ${first_new:-never} s)"
        [ "$graceful_rc" = 0 ] || { fail "apache2 -k graceful failed:"; cat "$root/logs/graceful.out"; }
        grep -qE 'AH00493|AH00171' "$root/logs/error_log" || fail "the error log shows no graceful restart"
        { [ "$probe_total" -gt 0 ] && [ "$probe_bad" = 0 ]; } || fail "probe requests failed around the restart"
        [ "$probe_new" -gt 0 ] || fail "the probe never saw the new key"
        local code_old kid_after code_new
        code_old=$(printf '%s\n' "$after_old" | awk 'NR==1 {print $2}')
        kid_after=$(printf '%s\n' "$after_old" | sed -n 's/^Set-Cookie: session_timeout=v1\.\([0-9a-f]*\)\..*/\1/p')
        code_new=$(printf '%s\n' "$after_new" | awk 'NR==1 {print $2}')
        echo "  after the load: old-key cookie -> $code_old, re-issued with KID ${kid_after:-none};" \
            "new-key cookie -> $code_new, $(printf '%s\n' "$after_new" | grep -c '^Set-Cookie: session_timeout=') Set-Cookie"
        { [ "$code_old" = 200 ] && [ "$kid_after" = "$kid_new" ]; } || fail "old-key cookie after the restart"
        [ "$code_new" = 200 ] || fail "new-key cookie after the restart"
        graceful_note="restart: probe $probe_bad/$probe_total failed, new KID on $(cnt cookie valid after "$kid_new")/$(cnt phase valid after) old-key responses after it"
    fi

    # crashes and memory
    local crashes
    crashes=$(grep -cE 'exit signal|Segmentation|AH00052|AddressSanitizer|runtime error' \
        "$root/logs/error_log" "$root/logs/stdout" | awk -F: '{s += $NF} END {print s + 0}')
    echo "  child crashes in the error log: $crashes"
    [ "$crashes" = 0 ] || { fail "child crashes"; grep -E 'exit signal|Segmentation|AH00052' "$root/logs/error_log" | head; }
    # growth in percent of the warm-up sample; parentheses keep awk from
    # reading ">" as an output redirection
    pct() { awk -v a="$1" -v b="$2" 'BEGIN {if (a > 0) printf("%.1f", (b - a) * 100 / a); else print 999}'; }
    local g_first g_second g_all g_parent basis="sum"
    g_first=$(pct "$rss_warm" "$rss_pre")
    g_all=$(pct "$rss_warm" "$rss_end")
    g_parent=$(pct "$parent_warm" "$parent_end")
    if [ "$procs_end" = "$procs_warm2" ]; then
        g_second=$(pct "$rss_warm2" "$rss_end")
    else
        # different process counts: compare the mean per process instead
        basis="mean per process"
        g_second=$(pct $((rss_warm2 / procs_warm2)) $((rss_end / procs_end)))
    fi
    echo "  resident memory (VmRSS summed over the parent and its children, under load):"
    echo "    after warm-up (${warmup} s)         $rss_warm kB ($procs_warm processes)"
    echo "    before the restart         $rss_pre kB ($procs_pre processes): $g_first % since warm-up"
    echo "    new generation (at ${warm2_t} s)   $rss_warm2 kB ($procs_warm2 processes)"
    echo "    end of the load            $rss_end kB ($procs_end processes): $g_second % since then ($basis)"
    echo "    end against first warm-up  $g_all %; the parent alone $parent_warm -> $parent_end kB: $g_parent %"
    awk -v g="$g_first" 'BEGIN {exit !(g < 5)}' || fail "memory growth $g_first % before the restart (limit 5 %)"
    awk -v g="$g_second" 'BEGIN {exit !(g < 5)}' || fail "memory growth $g_second % after the restart (limit 5 %)"
    awk -v g="$g_parent" 'BEGIN {exit !(g < 5)}' || fail "parent memory growth $g_parent % (limit 5 %)"
    [ "$procs_pre" = "$procs_warm" ] || fail "process count changed before the restart"
    summary="$summary
  mpm_$mpm: $requests requests, $unexpected non-expected statuses, socket errors [$errors], $crashes crashes, RSS $rss_warm -> $rss_pre kB ($g_first %), $rss_warm2 -> $rss_end kB ($g_second %), parent $g_parent %, $graceful_note"
}

for m in $mpms; do
    run_mpm "$m"
done
echo "== soak summary (${duration} s per MPM):$summary"
if [ "$failures" -gt 0 ]; then
    echo "soak: FAILED ($failures criteria)"
    exit 1
fi
echo "soak: OK"
exit 0

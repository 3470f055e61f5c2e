#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# test_package.sh: builds the Debian package libapache2-mod-session-timeout
# from this checkout (dpkg-buildpackage -us -uc -b in a copy of the tracked
# files), runs lintian on it, installs it with apt-get, checks that it enabled
# the module, runs a2enmod session_timeout and apache2ctl -t, smoke-tests the
# installed module with the system's apache2 binary under a private
# ServerRoot on a loopback port, and purges it, checking that nothing is left
# enabled or installed. Prints "ok - ..." / "not ok - ..." per check, the
# build, install and purge output as "# " lines, and "N passed, N failed".
#
# Debian 12 as root (CI). Never starts the system's apache2 service: a
# /usr/sbin/policy-rc.d that exits 101 is in place while the package is
# installed (the machine's own one is put back afterwards). The machine is
# left as found: the package is purged on every exit.
#
# Environment: MST_PACKAGE_KEEP=DIR copies the built .deb files into DIR.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
PKG=libapache2-mod-session-timeout
APACHE2=/usr/sbin/apache2
MODDIR=/usr/lib/apache2/modules
pass=0
fail=0

ok() {
    pass=$((pass + 1))
    echo "ok - $1"
}
not_ok() {
    fail=$((fail + 1))
    echo "not ok - $1"
    if [ -n "${2:-}" ]; then
        printf '%s\n' "$2" | sed 's/^/#   /'
    fi
}
# check DESCRIPTION COMMAND...: ok if COMMAND succeeds, else not ok with its output.
check() {
    desc=$1
    shift
    if out=$("$@" 2>&1); then ok "$desc"; else not_ok "$desc" "$out"; fi
}
# show FILE: FILE's lines as comments.
show() {
    sed 's/^/# /' "$1"
}
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit $?
}
installed() {
    dpkg-query -W -f='${db:Status-Status}' "$PKG" 2>/dev/null | grep -qv '^not-installed$'
}

if [ "$(id -u)" -ne 0 ]; then
    not_ok "test_package.sh runs as root (it installs and purges $PKG)"
    finish
fi
if ! command -v dpkg >/dev/null 2>&1 || [ ! -f /etc/debian_version ]; then
    not_ok "a Debian system (dpkg, /etc/debian_version)"
    finish
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mst-package.XXXXXX") || exit 2
chmod 755 "$tmp"
policy=/usr/sbin/policy-rc.d
policy_saved=""
installed_by_us=0
httpd_root=""

# shellcheck disable=SC2317 # called from the traps
cleanup() {
    trap - EXIT INT TERM HUP
    stop_private_httpd
    if [ "$installed_by_us" = 1 ] && installed; then
        echo "# cleanup: purging $PKG"
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "$PKG" >/dev/null 2>&1 || true
    fi
    restore_policy
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---- policy-rc.d: no service starts while the package is installed ----------
# shellcheck disable=SC2317
restore_policy() {
    if [ -n "$policy_saved" ]; then
        if [ "$policy_saved" = none ]; then
            rm -f "$policy"
        else
            cp -p "$policy_saved" "$policy"
        fi
        policy_saved=""
    fi
}
deny_services() {
    if [ -e "$policy" ]; then
        cp -p "$policy" "$tmp/policy-rc.d.saved"
        policy_saved="$tmp/policy-rc.d.saved"
    else
        policy_saved=none
    fi
    printf '#!/bin/sh\n# test_package.sh: no service starts while it runs\nexit 101\n' >"$policy"
    chmod 755 "$policy"
}

# ---- the private httpd of the smoke test --------------------------------------
# shellcheck disable=SC2317
stop_private_httpd() {
    [ -n "$httpd_root" ] || return 0
    pidfile=$httpd_root/run/httpd.pid
    if [ -f "$pidfile" ]; then
        pid=$(cat "$pidfile" 2>/dev/null || true)
        case $pid in '' | *[!0-9]*) pid="" ;; esac
        if [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; then
            i=0
            while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 100 ]; do
                sleep 0.1
                i=$((i + 1))
            done
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    httpd_root=""
}

# The system service's PID, if it runs: it must be the same after install.
service_pid() {
    p=$(cat /run/apache2/apache2.pid 2>/dev/null || true)
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then echo "$p"; else echo none; fi
}

# ---- tools ----------------------------------------------------------------------
# What building (debian/control's Build-Depends) and checking need, through
# the project's installer.
if ! out=$(MST_EXTRA_PACKAGES="debhelper dh-autoreconf lintian curl ${MST_EXTRA_PACKAGES:-}" \
    "$top/scripts/install-deps.sh" 2>&1); then
    not_ok "the packaging tools are installed (debhelper, lintian)" "$out"
    finish
fi
ok "the packaging tools are installed (debhelper, lintian, apache2-dev)"

if installed; then
    # an earlier run that was killed before its cleanup
    echo "# $PKG is installed already: purging it first"
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "$PKG" >/dev/null 2>&1
fi
ls /etc/apache2/mods-enabled/ >"$tmp/enabled.before" 2>/dev/null

# ---- build ------------------------------------------------------------------------
# A copy of the files git knows (tracked, and new ones not ignored), so the
# build starts from a clean tree and writes its results into $tmp only.
mkdir "$tmp/src"
if ! (cd "$top" && git ls-files -co --exclude-standard -z >"$tmp/files" &&
    tar -cf "$tmp/src.tar" --null -T "$tmp/files" && tar -xf "$tmp/src.tar" -C "$tmp/src") \
    >"$tmp/copy.err" 2>&1; then
    not_ok "the source tree is copied (this needs a git checkout)" "$(cat "$tmp/copy.err")"
    finish
fi
rm -f "$tmp/src.tar"
echo "# dpkg-buildpackage -us -uc -b"
start=$(date +%s)
if (cd "$tmp/src" && dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1; then
    grep -E '^(PASS|FAIL|SKIP|ERROR): |^dpkg-deb: building|^dpkg-buildpackage: info|^ +module dir:' \
        "$tmp/build.log" | sed 's/^/# /'
    ok "dpkg-buildpackage -us -uc -b builds $PKG ($(($(date +%s) - start)) s)"
else
    tail -n 60 "$tmp/build.log" | sed 's/^/# /'
    not_ok "dpkg-buildpackage -us -uc -b builds $PKG"
    finish
fi
version=$(cd "$tmp/src" && dpkg-parsechangelog -S Version)
arch=$(dpkg --print-architecture)
deb=$tmp/${PKG}_${version}_$arch.deb
changes=$tmp/${PKG}_${version}_$arch.changes
if [ -n "${MST_PACKAGE_KEEP:-}" ]; then
    mkdir -p "$MST_PACKAGE_KEEP" && cp "$tmp"/*.deb "$tmp"/*.changes "$tmp"/*.buildinfo "$MST_PACKAGE_KEEP"/
fi

dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$tmp/contents"
missing=""
for f in $MODDIR/mod_session_timeout.so /etc/apache2/mods-available/session_timeout.load \
    /etc/apache2/mods-available/session_timeout.conf /usr/bin/session-timeout-token \
    /usr/share/man/man1/session-timeout-token.1.gz \
    /usr/share/doc/$PKG/README.md.gz /usr/share/doc/$PKG/copyright; do
    grep -qx "$f" "$tmp/contents" || missing="$missing $f"
done
if [ -z "$missing" ]; then
    ok "the package holds the module, its .load and .conf, the CLI, its manual page and README"
else
    not_ok "the package holds the module, its .load and .conf, the CLI, its manual page and README" \
        "missing:$missing"
fi
if grep -q '\.la$' "$tmp/contents"; then
    not_ok "no libtool .la file in the package" "$(grep '\.la$' "$tmp/contents")"
else
    ok "no libtool .la file in the package"
fi

# ---- lintian ------------------------------------------------------------------------
# As an unprivileged user (lintian advises against root); --pedantic shows
# everything, -I the informational tags, and overrides are shown as O:.
echo "# lintian -I -E --pedantic --show-overrides $(basename "$changes")"
lint_user=nobody
id "$lint_user" >/dev/null 2>&1 || lint_user=""
if [ -n "$lint_user" ]; then
    chmod a+r "$tmp"/*.deb "$tmp"/*.changes "$tmp"/*.buildinfo
    (cd "$tmp" && runuser -u "$lint_user" -- env HOME="$tmp" \
        lintian -I -E --pedantic --show-overrides "$changes") >"$tmp/lintian.out" 2>&1
else
    lintian -I -E --pedantic --show-overrides "$changes" >"$tmp/lintian.out" 2>&1
fi
lint_rc=$?
if [ -s "$tmp/lintian.out" ]; then
    sed 's/^/# lintian: /' "$tmp/lintian.out"
else
    echo "# lintian: (no tags)"
fi
if [ "$lint_rc" -eq 0 ] && ! grep -q '^[EW]: ' "$tmp/lintian.out"; then
    ok "lintian: no errors and no warnings (overridden tags are explained in debian/)"
else
    not_ok "lintian: no errors and no warnings (exit $lint_rc)"
fi

# ---- install --------------------------------------------------------------------------
pid_before=$(service_pid)
deny_services
echo "# apt-get install -y $(basename "$deb")"
if DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb" \
    >"$tmp/install.log" 2>&1; then
    installed_by_us=1
    grep -Ev '^(Reading|Building|Need to get|After this|Get:|Fetched|Selecting|\(Reading)' \
        "$tmp/install.log" | sed 's/^/# /'
    ok "apt-get installs $PKG $version"
else
    installed_by_us=1
    show "$tmp/install.log"
    not_ok "apt-get installs $PKG $version"
    finish
fi
if [ -L /etc/apache2/mods-enabled/session_timeout.load ] &&
    [ -L /etc/apache2/mods-enabled/session_timeout.conf ]; then
    ok "installing enabled the module (mods-enabled/session_timeout.load and .conf)"
else
    not_ok "installing enabled the module (mods-enabled/session_timeout.load and .conf)" \
        "$(ls -l /etc/apache2/mods-enabled/session_timeout.* 2>&1)"
fi
if [ "$(service_pid)" = "$pid_before" ]; then
    ok "the system apache2 service was neither started nor restarted (PID: $pid_before)"
else
    not_ok "the system apache2 service was neither started nor restarted" \
        "before: $pid_before, after: $(service_pid)"
fi

echo "# a2enmod session_timeout"
if a2enmod session_timeout >"$tmp/a2enmod.out" 2>&1; then
    show "$tmp/a2enmod.out"
    ok "a2enmod session_timeout"
else
    show "$tmp/a2enmod.out"
    not_ok "a2enmod session_timeout"
fi
check "a2query -m session_timeout: enabled" a2query -m session_timeout

echo "# apache2ctl -t"
if apache2ctl -t >"$tmp/configtest.out" 2>&1 && grep -q 'Syntax OK' "$tmp/configtest.out"; then
    show "$tmp/configtest.out"
    ok "apache2ctl -t: Syntax OK with the module enabled"
else
    show "$tmp/configtest.out"
    not_ok "apache2ctl -t: Syntax OK with the module enabled"
fi
if apache2ctl -M 2>/dev/null | grep -q 'session_timeout_module (shared)'; then
    ok "apache2ctl -M lists session_timeout_module (shared)"
else
    not_ok "apache2ctl -M lists session_timeout_module (shared)"
fi
check "man -w session-timeout-token finds the manual page" man -w session-timeout-token

# ---- smoke test: the installed module, the system's apache2, a private config -----
# Loads the module and its configuration through the files the package
# enabled, with the installed .conf's commented defaults and handlers
# uncommented, a secret from the installed CLI, and a protected site.
CLI=/usr/bin/session-timeout-token
httpd_root="$tmp/httpd"
mkdir -p "$httpd_root/conf" "$httpd_root/logs" "$httpd_root/run" "$httpd_root/keys" \
    "$httpd_root/htdocs/app" "$httpd_root/htdocs/login"
chmod 755 "$httpd_root" "$httpd_root/conf" "$httpd_root/logs" "$httpd_root/run" \
    "$httpd_root/htdocs" "$httpd_root/htdocs/app" "$httpd_root/htdocs/login"
chmod 700 "$httpd_root/keys"
echo "protected page" >"$httpd_root/htdocs/app/index.html"
echo "login page" >"$httpd_root/htdocs/login/index.html"
chmod 644 "$httpd_root/htdocs/app/index.html" "$httpd_root/htdocs/login/index.html"
key=$httpd_root/keys/secret.key
check "the installed session-timeout-token keygen writes a 0600 secret" \
    sh -c "'$CLI' keygen -o '$key' && [ \"\$(stat -c %a '$key')\" = 600 ]"
# The store's AUTH secret the .conf names (the store itself may be down:
# startup succeeds then, by design).
auth=$httpd_root/keys/redis.auth
printf 'test-redis-password\n' >"$auth"
chmod 600 "$auth"
# Every "#Directive" and "#<Section>" line of the installed .conf, uncommented.
sed -e 's/^\([[:space:]]*\)#\(	*[A-Za-z<]\)/\1\2/' \
    -e "s|file:/etc/apache2/session-timeout.key|file:$key|" \
    -e "s|file:/etc/apache2/session-timeout-redis.auth|file:$auth|" \
    /etc/apache2/mods-enabled/session_timeout.conf >"$httpd_root/conf/session_timeout-defaults.conf"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$httpd_root/conf/base.conf" <<EOF
# test_package.sh: a private server; nothing here is the system's service
ServerRoot "$httpd_root"
ServerName localhost
Listen 127.0.0.1:$port
PidFile "$httpd_root/run/httpd.pid"
ErrorLog "$httpd_root/logs/error_log"
LogLevel info
DefaultRuntimeDir "$httpd_root/run"
Mutex file:$httpd_root/run default
ScoreBoardFile "$httpd_root/run/scoreboard"
User www-data
Group www-data
LoadModule mpm_event_module $MODDIR/mod_mpm_event.so
LoadModule authz_core_module $MODDIR/mod_authz_core.so
# Require ip in the .conf's handler blocks, as in Debian's default apache2
LoadModule authz_host_module $MODDIR/mod_authz_host.so
LoadModule dir_module $MODDIR/mod_dir.so
LoadModule mime_module $MODDIR/mod_mime.so
TypesConfig /dev/null
# the module as the package enabled it
Include /etc/apache2/mods-enabled/session_timeout.load
EOF
{
    cat "$httpd_root/conf/base.conf"
    echo "Include $httpd_root/conf/session_timeout-defaults.conf"
} >"$httpd_root/conf/defaults.conf"
{
    cat "$httpd_root/conf/base.conf"
    cat <<EOF
Include /etc/apache2/mods-enabled/session_timeout.conf
DocumentRoot "$httpd_root/htdocs"
DirectoryIndex index.html
<Directory "$httpd_root/htdocs">
    Require all granted
</Directory>
SessionTimeoutSecret file:$key
SessionTimeout On
SessionTimeoutLifetime 8h
SessionTimeoutInactivity 30m
SessionTimeoutLoginURL /login/
<Location /login/>
    SessionTimeout Off
</Location>
<Location /session/status>
    SetHandler session-timeout-status
</Location>
EOF
} >"$httpd_root/conf/httpd.conf"
chmod 644 "$httpd_root/conf/"*
check "apache2 -t accepts the installed .conf with its defaults and handlers uncommented" \
    "$APACHE2" -d "$httpd_root" -f "$httpd_root/conf/defaults.conf" -t
check "apache2 -t accepts the private configuration" \
    "$APACHE2" -d "$httpd_root" -f "$httpd_root/conf/httpd.conf" -t

echo "# $APACHE2 -k start on 127.0.0.1:$port (ServerRoot $httpd_root)"
if "$APACHE2" -d "$httpd_root" -f "$httpd_root/conf/httpd.conf" -k start >"$tmp/start.out" 2>&1; then
    i=0
    until curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/login/" || [ "$i" -ge 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
fi
url=http://127.0.0.1:$port
# req NAME ARGS...: curl, headers and body in $tmp/NAME.hdr and $tmp/NAME.body
req() {
    name=$1
    shift
    curl -s --max-time 10 -D "$tmp/$name.hdr" -o "$tmp/$name.body" "$@"
}
status_of() {
    head -n 1 "$tmp/$1.hdr" 2>/dev/null | awk '{print $2}'
}
header_of() {
    grep -i "^$2:" "$tmp/$1.hdr" 2>/dev/null | head -n 1 | cut -d' ' -f2- | tr -d '\r'
}

if req login "$url/login/" && [ "$(status_of login)" = 200 ]; then
    ok "the private apache2 with the installed module answers on 127.0.0.1:$port"
    req nocookie "$url/app/"
    st=$(status_of nocookie)
    loc=$(header_of nocookie Location)
    echo "# GET /app/ without a session: $st, Location: $loc"
    if [ "$st" = 302 ] && [ "$loc" = "/login/?return_to=/app/" ]; then
        ok "without a session, GET /app/ is redirected to /login/?return_to=/app/"
    else
        not_ok "without a session, GET /app/ is redirected to /login/?return_to=/app/" \
            "$(cat "$tmp/nocookie.hdr")"
    fi
    req scripted -H 'Sec-Fetch-Mode: cors' "$url/app/"
    echo "# GET /app/ from a script without a session: $(status_of scripted) $(cat "$tmp/scripted.body")"
    if [ "$(status_of scripted)" = 401 ] && grep -q '"error":"login_required"' "$tmp/scripted.body"; then
        ok "a scripted request without a session gets 401 login_required"
    else
        not_ok "a scripted request without a session gets 401 login_required" "$(cat "$tmp/scripted.hdr")"
    fi
    # a session that began 10 minutes ago, last active 5 minutes ago: valid,
    # and re-issued (LAST is older than the refresh interval)
    now=$(date +%s)
    token=$("$CLI" mint --key "$key" --user alice --created $((now - 600)) --last $((now - 300)))
    req valid -b "session_timeout=$token" "$url/app/"
    echo "# GET /app/ with a token from session-timeout-token mint: $(status_of valid) $(cat "$tmp/valid.body")"
    if [ "$(status_of valid)" = 200 ] && grep -q 'protected page' "$tmp/valid.body"; then
        ok "with a minted token, GET /app/ serves the page"
    else
        not_ok "with a minted token, GET /app/ serves the page" "$(cat "$tmp/valid.hdr")"
    fi
    reissued=$(header_of valid Set-Cookie | sed -n 's/^session_timeout=\([^;]*\);.*/\1/p')
    if [ -n "$reissued" ] && "$CLI" inspect --key "$key" --lifetime 8h --inactivity 30m "$reissued" \
        >"$tmp/inspect.out" 2>&1 && grep -q '^verdict: *valid' "$tmp/inspect.out"; then
        ok "the installed CLI verifies the cookie the installed module re-issued"
    else
        not_ok "the installed CLI verifies the cookie the installed module re-issued" \
            "$(header_of valid Set-Cookie; cat "$tmp/inspect.out" 2>/dev/null)"
    fi
    req status -b "session_timeout=$token" "$url/session/status"
    echo "# GET /session/status: $(status_of status) $(cat "$tmp/status.body")"
    if [ "$(status_of status)" = 200 ] && grep -q '"active":true' "$tmp/status.body" &&
        grep -q '"user":"alice"' "$tmp/status.body"; then
        ok "the status handler reports alice's active session"
    else
        not_ok "the status handler reports alice's active session" "$(cat "$tmp/status.hdr")"
    fi
    expired=$("$CLI" mint --key "$key" --user alice --created $((now - 3600)) --last $((now - 1900)))
    req expired -b "session_timeout=$expired" "$url/app/"
    if [ "$(status_of expired)" = 302 ] && grep -qi '^Set-Cookie: session_timeout=;' "$tmp/expired.hdr"; then
        ok "an idle session (31 minutes) is redirected and its cookie expired"
    else
        not_ok "an idle session (31 minutes) is redirected and its cookie expired" \
            "$(cat "$tmp/expired.hdr")"
    fi
else
    not_ok "the private apache2 with the installed module answers on 127.0.0.1:$port" \
        "$(cat "$tmp/start.out" "$httpd_root/logs/error_log" 2>/dev/null)"
fi
if grep -E 'exit signal|Segmentation|AH00052' "$httpd_root/logs/error_log" >/dev/null 2>&1; then
    not_ok "the private apache2 logged no crash" "$(cat "$httpd_root/logs/error_log")"
else
    ok "the private apache2 logged no crash"
fi
grep -E 'session_timeout' "$httpd_root/logs/error_log" 2>/dev/null | head -n 5 | sed 's/^/# error_log: /'
stop_private_httpd

# ---- purge -------------------------------------------------------------------------------
echo "# apt-get purge -y $PKG"
if DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "$PKG" >"$tmp/purge.log" 2>&1; then
    grep -Ev '^(Reading|Building|\(Reading)' "$tmp/purge.log" | sed 's/^/# /'
    ok "apt-get purge removes $PKG"
else
    show "$tmp/purge.log"
    not_ok "apt-get purge removes $PKG"
fi
if installed; then
    not_ok "dpkg no longer knows $PKG (not even its configuration files)" \
        "$(dpkg-query -W -f='${db:Status-Abbrev}\n' "$PKG")"
else
    ok "dpkg no longer knows $PKG (not even its configuration files)"
fi
left=$(ls -d /etc/apache2/mods-enabled/session_timeout.* /etc/apache2/mods-available/session_timeout.* \
    /var/lib/apache2/module/*/session_timeout $MODDIR/mod_session_timeout.so \
    /usr/bin/session-timeout-token /usr/share/man/man1/session-timeout-token.1.gz \
    /usr/share/doc/$PKG 2>/dev/null)
if [ -z "$left" ]; then
    ok "nothing of the module is left: not enabled, not available, no files"
else
    not_ok "nothing of the module is left: not enabled, not available, no files" "$left"
fi
ls /etc/apache2/mods-enabled/ >"$tmp/enabled.after" 2>/dev/null
if cmp -s "$tmp/enabled.before" "$tmp/enabled.after"; then
    ok "mods-enabled is as it was before the install"
else
    not_ok "mods-enabled is as it was before the install" \
        "$(diff "$tmp/enabled.before" "$tmp/enabled.after")"
fi
echo "# apache2ctl -t"
if apache2ctl -t >"$tmp/configtest2.out" 2>&1 && grep -q 'Syntax OK' "$tmp/configtest2.out"; then
    show "$tmp/configtest2.out"
    ok "apache2ctl -t: Syntax OK after the purge"
else
    show "$tmp/configtest2.out"
    not_ok "apache2ctl -t: Syntax OK after the purge"
fi
restore_policy
if [ "$(service_pid)" = "$pid_before" ]; then
    ok "the system apache2 service is as it was (PID: $pid_before)"
else
    not_ok "the system apache2 service is as it was" "before: $pid_before, now: $(service_pid)"
fi
finish

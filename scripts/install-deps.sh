#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# install-deps.sh: installs, with apt-get on Debian 12, what building and
# testing mod_session_timeout needs and is missing. Run as root. Safe to re-run.
set -eu
pkgs="build-essential autoconf automake libtool pkg-config apache2 apache2-dev
libapr1-dev libaprutil1-dev libssl-dev libcunit1-dev valgrind curl python3 python3-pytest
python3-cryptography
libhiredis-dev redis-server redis-tools nghttp2-client"
pkgs="$pkgs ${MST_EXTRA_PACKAGES:-}"
# bench/run.sh (which sets MST_BENCH=1): wrk, ab (apache2-utils) and h2load
# (nghttp2-client) for the three connection modes, and the mod_auth_tkt peer.
if [ "${MST_BENCH:-}" = 1 ]; then
    pkgs="$pkgs wrk apache2-utils nghttp2-client libapache2-mod-auth-tkt"
fi
# The browser tests (tests/browser, skipped without it) need Debian's chromium,
# and node with npm where the machine has none: CI always, else on request.
if [ "${CI:-}" = true ] || [ "${MST_BROWSER_TESTS:-}" = 1 ]; then
    pkgs="$pkgs chromium"
    command -v npm >/dev/null 2>&1 || pkgs="$pkgs nodejs npm"
    # tests/app: DokuWiki on php-fpm (php8.2-fpm named, so that apt does not
    # pick libapache2-mod-php for DokuWiki's php dependency); the package
    # must not configure the system's apache2 for it.
    pkgs="$pkgs dokuwiki php8.2-fpm"
    if [ "$(id -u)" -eq 0 ] && command -v debconf-set-selections >/dev/null 2>&1; then
        printf '%s\n' 'dokuwiki dokuwiki/system/configure-webserver multiselect ' \
            'dokuwiki dokuwiki/system/restart-webserver boolean false' | debconf-set-selections
    fi
fi
# promtool (Debian's prometheus package, about 100 MB) checks the metrics
# output in tests/integration/test_metrics.py, which skips without it except
# in CI: CI always, else on request.
if [ "${CI:-}" = true ] || [ "${MST_PROMTOOL_TESTS:-}" = 1 ]; then
    pkgs="$pkgs prometheus"
fi
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "install-deps: missing Debian packages:$missing (run as root to install them)" >&2
        exit 1
    fi
    echo "install-deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    # Packages such as apache2, prometheus or redis-server would start their
    # service (some on every interface); the tests start their own on
    # loopback. A policy-rc.d that says no keeps every service down during
    # the install; one the machine already has is left alone.
    policy=/usr/sbin/policy-rc.d
    made_policy=""
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\n# written by mod_session_timeout install-deps.sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        made_policy=yes
    fi
    apt-get -o DPkg::Lock::Timeout=300 update -q
    # shellcheck disable=SC2086
    apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends $missing ||
        { [ -z "$made_policy" ] || rm -f "$policy"; exit 1; }
    [ -z "$made_policy" ] || rm -f "$policy"
fi

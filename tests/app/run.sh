#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# tests/app/run.sh: the module in front of a real application (issue 13):
# Debian's DokuWiki on php-fpm, in Debian's chromium (dokuwiki.test.mjs,
# harness.mjs). Private copies of DokuWiki's code, config and data, private
# ServerRoot and php-fpm pool: the system's apache2 and DokuWiki are never
# touched. Run by `make check`; exits 77, automake's SKIP, when dokuwiki,
# php-fpm, chromium or node is missing (apt-get install --no-install-recommends
# dokuwiki php8.2-fpm chromium: see README "Development").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
chromium=${MST_CHROMIUM:-/usr/bin/chromium}
fpm=${MST_PHP_FPM:-/usr/sbin/php-fpm8.2}

for need in "$chromium" "$fpm" /usr/share/dokuwiki/doku.php /usr/bin/php; do
    if [ ! -e "$need" ]; then
        echo "SKIP: DokuWiki test: $need not found"
        exit 77
    fi
done
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "SKIP: DokuWiki test: node and npm are needed"
    exit 77
fi
# playwright-core comes from the browser tests' node_modules.
browser="$here/../browser"
if [ ! -f "$browser/node_modules/playwright-core/package.json" ] ||
    [ "$browser/package-lock.json" -nt "$browser/node_modules/.package-lock.json" ]; then
    (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error)
fi
export MST_CHROMIUM="$chromium" MST_PHP_FPM="$fpm"
cd "$here"
# About 15 s; the bound only catches a hung browser, php-fpm or httpd.
exec timeout -k 10 180 node --test --test-reporter=spec --test-concurrency=1 dokuwiki.test.mjs

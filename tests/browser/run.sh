#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# tests/browser/run.sh: the real-browser tests of the warning dialog and the
# script injection (issue 5). Debian's chromium, driven by playwright-core
# from npm, under node's built-in test runner, against a private httpd with
# the built module (see session-timeout.test.mjs and dialog-config.test.mjs).
# Run by `make check`.
# Exits 77, automake's SKIP, when chromium or node is missing: CI installs
# chromium (scripts/install-deps.sh), elsewhere `apt-get install chromium`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
chromium=${MST_CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$chromium" ]; then
    echo "SKIP: browser tests: $chromium not found (apt-get install chromium," \
        "or MST_BROWSER_TESTS=1 scripts/install-deps.sh)"
    exit 77
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "SKIP: browser tests: node and npm are needed (apt-get install nodejs npm)"
    exit 77
fi

cd "$here"
# playwright-core ships no browser and downloads none: it drives $chromium.
if [ ! -f node_modules/playwright-core/package.json ] ||
    [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
fi
export MST_CHROMIUM="$chromium"
# Every *.test.mjs here, one after the other. The suites take about 70 s and
# 60 s; the bound only catches a hung browser or httpd.
exec timeout -k 10 480 node --test --test-reporter=spec --test-concurrency=1 \
    ./*.test.mjs

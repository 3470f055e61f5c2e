#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# run.sh: runs the integration suite: a real Debian apache2 with the built
# module (top_builddir/.libs/mod_session_timeout.so), private ServerRoots in
# temp dirs, loopback ports. Needs root (children switch to www-data), apache2,
# python3-pytest and curl-free Python only. "No tests collected" (pytest exit
# status 5) counts as a failure.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
export top_srcdir top_builddir
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE
py=/usr/bin/python3
[ -x "$py" ] || py=${PYTHON3:-python3}
cd "$top_srcdir" || exit 1
"$py" -m pytest -q -p no:cacheprovider tests/integration "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
    echo "run.sh: no integration tests were collected" >&2
    exit 1
fi
exit "$rc"

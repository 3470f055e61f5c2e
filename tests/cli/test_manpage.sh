#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# test_manpage.sh: the manual page session-timeout-token(1), README's CLI
# section it is made from, and the command's --help agree (the checks are in
# test_manpage.py, next to this file). Run by make check.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
export top_srcdir top_builddir
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE
py=/usr/bin/python3
[ -x "$py" ] || py=${PYTHON3:-python3}
exec "$py" "$top_srcdir/tests/cli/test_manpage.py"

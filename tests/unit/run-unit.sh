#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# run-unit.sh: runs the CUnit suites, under valgrind when it is installed and
# the build has no sanitizers (valgrind and ASan do not mix). Any CUnit
# failure or valgrind error makes this exit non-zero.
bin="${top_builddir:-.}/tests/unit/mst_unit_tests"
if [ -n "$VALGRIND" ] && [ "$MST_SANITIZERS" != yes ]; then
    exec "$VALGRIND" --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
        --track-origins=yes "$bin" "$@"
fi
exec "$bin" "$@"

#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# build-asan.sh: builds a second, separate copy of the project with
# ./configure --enable-sanitizers (AddressSanitizer + UndefinedBehaviorSanitizer,
# -fno-sanitize-recover=all) and runs the core purity guard, the CUnit suites
# and the CLI tests against that build (run-unit.sh skips valgrind there).
#
# Usage: tests/sanitize/build-asan.sh [BUILD_DIR]
#   BUILD_DIR  where the copy is built (default $MST_ASAN_BUILD, else
#              ${TMPDIR:-/tmp}/mst-asan-build); emptied first. It then holds
#              .libs/mod_session_timeout.so built with ASan, which
#              run-asan-integration.sh loads into httpd.
#
# Why a copy and not a VPATH build: the source tree is configured in place
# (scripts/build.sh), and automake's configure refuses a VPATH build from a
# configured source tree. The copy takes every tracked and untracked,
# not-ignored file (git ls-files), so it is exactly what would be committed.
# Exits non-zero if the build or any test fails. Bounded: about a minute.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-${MST_ASAN_BUILD:-${TMPDIR:-/tmp}/mst-asan-build}}

case "$build" in
/*) ;;
*) build="$(pwd)/$build" ;;
esac
case "$build" in
"$top" | "$top"/*)
    echo "build-asan.sh: BUILD_DIR must be outside the source tree ($top)" >&2
    exit 2
    ;;
esac

echo "build-asan: copying $top to $build"
rm -rf "$build"
mkdir -p "$build"
(cd "$top" && git ls-files -z -c -o --exclude-standard | xargs -0 -r sh -c '
    for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) |
    (cd "$top" && tar --null -T - -cf -) | (cd "$build" && tar -xf -)

cd "$build"
echo "build-asan: autoreconf + configure --enable-sanitizers --enable-werror"
autoreconf -fi >autoreconf.out 2>&1 || { cat autoreconf.out >&2; exit 1; }
./configure --enable-sanitizers --enable-werror >configure.out 2>&1 || {
    tail -40 configure.out >&2
    exit 1
}
grep -q '^SAN_CFLAGS = .*-fsanitize=address' Makefile || {
    echo "build-asan.sh: configure did not enable the sanitizers" >&2
    exit 1
}
echo "build-asan: make"
make -j"$(nproc)" >make.out 2>&1 || { tail -60 make.out >&2; exit 1; }
make -j"$(nproc)" tests/unit/mst_unit_tests >>make.out 2>&1 || { tail -60 make.out >&2; exit 1; }

# halt_on_error/abort_on_error: any finding fails the test that triggered it.
ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:halt_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS
echo "build-asan: make check (purity guard, unit suites, CLI) with ASAN_OPTIONS=$ASAN_OPTIONS"
# enable_sanitizers=yes: configure.ac does not AC_SUBST it, so without this
# MST_SANITIZERS is empty and run-unit.sh would start valgrind on an ASan binary.
make check TESTS="tests/check-core-purity.sh tests/unit/run-unit.sh tests/cli/test_cli.sh" \
    enable_sanitizers=yes >check.out 2>&1 || {
    cat check.out >&2
    exit 1
}
grep -E '^(PASS|FAIL|SKIP|XFAIL|ERROR|# )' check.out || true
echo "build-asan: OK (ASan+UBSan build in $build)"

#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# run-fuzz.sh: builds the libFuzzer targets in tests/fuzz/ against the pure
# core (mod_session_timeout/mst_*.c) with ASan and UBSan, runs each for a
# bounded time on a scratch copy of its seed corpus, and prints per target:
# executions, final coverage (cov: edges, ft: features), corpus size and
# crashes. Exits non-zero if any target crashed or could not be built.
#
# Usage: tests/fuzz/run-fuzz.sh [SECONDS_PER_TARGET [TARGET...]]
#   SECONDS_PER_TARGET  libFuzzer -max_total_time (default 30)
#   TARGET              token, token_v2, cookie, duration, user, html, login, store (default: all eight)
# Environment: CC (default clang), FUZZ_BUILD (scratch dir, default
# tests/fuzz/build, gitignored), FUZZ_ARGS (extra libFuzzer flags).
#
# Everything is written under the scratch dir: binaries, the working corpus
# (a fresh copy of tests/fuzz/corpus/<target>/ per run, so the committed
# seeds are never modified), logs and crash artifacts. To keep a new
# regression seed, copy it from there into tests/fuzz/corpus/<target>/.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
seconds=${1:-30}
[ $# -gt 0 ] && shift
targets=${*:-token token_v2 cookie duration user html login store}
build=${FUZZ_BUILD:-$here/build}
cc=${CC:-clang}

case "$seconds" in
'' | *[!0-9]*)
    echo "run-fuzz.sh: SECONDS_PER_TARGET must be a whole number, got '$seconds'" >&2
    exit 2
    ;;
esac

flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -std=c11 -Wall -Wextra"
cflags=$(pkg-config --cflags apr-1 apr-util-1 libcrypto)
libs=$(pkg-config --libs apr-1 apr-util-1 libcrypto)

# Per-target libFuzzer input size limit.
max_len_of() {
    case "$1" in
    token | token_v2 | cookie) echo 4096 ;;
    duration) echo 128 ;;
    *) echo 1024 ;;
    esac
}

mkdir -p "$build"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

status=0
summary=""
for t in $targets; do
    src="$here/fuzz_$t.c"
    bin="$build/fuzz_$t"
    if [ ! -f "$src" ]; then
        echo "run-fuzz.sh: no target $src" >&2
        exit 2
    fi
    echo "== building fuzz_$t"
    # shellcheck disable=SC2086 # flag lists are meant to split
    if ! $cc $flags $cflags -I"$top/mod_session_timeout" -o "$bin" "$src" \
        "$top"/mod_session_timeout/mst_*.c $libs; then
        echo "run-fuzz.sh: building fuzz_$t failed" >&2
        exit 1
    fi

    corpus="$build/corpus/$t"
    artifacts="$build/artifacts/$t"
    log="$build/fuzz_$t.log"
    rm -rf "$corpus" "$artifacts"
    mkdir -p "$corpus" "$artifacts"
    if [ -d "$here/corpus/$t" ]; then
        cp "$here/corpus/$t"/* "$corpus"/ 2>/dev/null || true
    fi
    seeds=$(find "$corpus" -type f | wc -l)
    dict=""
    [ -f "$here/$t.dict" ] && dict="-dict=$here/$t.dict"

    echo "== running fuzz_$t for ${seconds}s on $seeds seeds (log: $log)"
    start=$(date +%s)
    rc=0
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$seconds" -max_len="$(max_len_of "$t")" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" $dict \
        ${FUZZ_ARGS:-} "$corpus" >"$log" 2>&1 || rc=$?
    elapsed=$(($(date +%s) - start))

    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1 || true)
    cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    files=$(find "$corpus" -type f | wc -l)
    bytes=$(find "$corpus" -type f -exec cat {} + | wc -c)
    crashes=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
        -o -name 'oom-*' \) | wc -l)
    if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then
        crashes=1 # it died without leaving an artifact; the log says why
    fi
    line=$(printf '%-9s execs=%-10s time=%ss cov=%-5s ft=%-6s corpus=%s files/%s bytes (from %s seeds) crashes=%s' \
        "$t" "${execs:-?}" "$elapsed" "${cov:-?}" "${ft:-?}" "$files" "$bytes" "$seeds" "$crashes")
    echo "$line"
    summary="$summary$line
"
    if [ "$crashes" -ne 0 ]; then
        status=1
        echo "run-fuzz.sh: fuzz_$t crashed; see $log and $artifacts/" >&2
        grep -E 'ERROR|SUMMARY|property failed|runtime error' "$log" | head -n 5 >&2 || true
    fi
done

echo "== summary (${seconds}s per target)"
printf '%s' "$summary"
exit $status

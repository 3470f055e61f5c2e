# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# tap.sh: the TAP-style output of the shell test scripts (tests/cli,
# tests/demo, tests/conf-examples). POSIX sh; source it, do not run it:
#   . "$top_srcdir/tests/lib/tap.sh"
#
#   ok DESCRIPTION                 prints "ok - DESCRIPTION", counts a pass
#   not_ok DESCRIPTION [DETAIL...] prints "not ok - DESCRIPTION" and every
#                                  line of each non-empty DETAIL as "#   line",
#                                  counts a failure
#   skip DESCRIPTION REASON        prints "ok - DESCRIPTION # SKIP REASON",
#                                  counts a skip (neither passed nor failed)
#   tap_summary                    prints "N passed, N failed" (", N skipped"
#                                  appended when something was skipped);
#                                  returns 0 if nothing failed, else 1
#   tap_bail DESCRIPTION [DETAIL...]  not_ok, tap_summary, exit 1: for a
#                                  missing prerequisite or a check the rest
#                                  of the script cannot go on without
#
# Safe under set -eu. The counters are TAP_PASSED, TAP_FAILED, TAP_SKIPPED.

TAP_PASSED=0
TAP_FAILED=0
TAP_SKIPPED=0

ok() {
    TAP_PASSED=$((TAP_PASSED + 1))
    printf 'ok - %s\n' "$1"
}

not_ok() {
    TAP_FAILED=$((TAP_FAILED + 1))
    printf 'not ok - %s\n' "$1"
    shift
    for tap_detail in "$@"; do
        if [ -n "$tap_detail" ]; then
            printf '%s\n' "$tap_detail" | sed 's/^/#   /'
        fi
    done
}

skip() {
    TAP_SKIPPED=$((TAP_SKIPPED + 1))
    printf 'ok - %s # SKIP %s\n' "$1" "${2:-}"
}

tap_summary() {
    if [ "$TAP_SKIPPED" -gt 0 ]; then
        printf '%d passed, %d failed, %d skipped\n' "$TAP_PASSED" "$TAP_FAILED" "$TAP_SKIPPED"
    else
        printf '%d passed, %d failed\n' "$TAP_PASSED" "$TAP_FAILED"
    fi
    [ "$TAP_FAILED" -eq 0 ]
}

tap_bail() {
    not_ok "$@"
    tap_summary || true
    exit 1
}

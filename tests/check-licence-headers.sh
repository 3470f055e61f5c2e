#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# check-licence-headers.sh: every source file (C, shell, Python, JavaScript,
# the build files) carries the short licence line (Apache-2.0, see LICENSE)
# in its first lines.
top="${top_srcdir:-$(dirname "$0")/..}"
bad=0
n=0
for f in $(find "$top" \( -name node_modules -o -name corpus -o -name .git -o -name build \
        -o -name '_build' -o -name '*.dir' \) -prune -o -type f \
        \( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.py' -o -name '*.js' \
        -o -name '*.mjs' -o -name Makefile.am -o -name configure.ac \) -print); do
    case "$f" in
        */mod_session_timeout/session-timeout-js.inc | */config.h | */_build/*) continue ;;
    esac
    # generated and third-party files of the build tree are not ours
    case "$(basename "$f")" in
        config.h | ltmain.sh | install-sh | missing | depcomp | compile | test-driver | ar-lib) continue ;;
    esac
    n=$((n + 1))
    if ! head -3 "$f" | grep -q 'SPDX-License-Identifier: Apache-2.0'; then
        echo "FAIL: $f has no licence line (SPDX-License-Identifier: Apache-2.0)"
        bad=1
    fi
done
[ $bad -eq 0 ] && echo "licence headers: $n source files, each with its licence line"
exit $bad

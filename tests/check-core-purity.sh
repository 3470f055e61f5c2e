#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# check-core-purity.sh: fails if a core file (mod_session_timeout/mst_*.[ch])
# includes anything but libc, APR/APR-util, OpenSSL or another core header.
# The core is linked by the CLI, the unit tests and the fuzzers without httpd;
# an httpd include would make that split a fiction.
src="${top_srcdir:-$(dirname "$0")/..}/mod_session_timeout"
status=0
for f in "$src"/mst_*.c "$src"/mst_*.h; do
    grep -n '^[[:space:]]*#[[:space:]]*include' "$f" | while IFS= read -r line; do
        hdr=$(printf '%s\n' "$line" | sed -E 's/.*#[[:space:]]*include[[:space:]]*[<"]([^>"]+)[>"].*/\1/')
        case "$hdr" in
            apr.h|apr_*.h|apu.h|apu_*.h|openssl/*|mst_*.h) ;;
            assert.h|ctype.h|errno.h|inttypes.h|limits.h|stdarg.h|stdatomic.h|stdbool.h|stddef.h|stdint.h|stdio.h|stdlib.h|string.h|strings.h|time.h) ;;
            *) echo "FAIL: $(basename "$f"):${line%%:*} includes <$hdr>, which the pure core must not use"; echo x ;;
        esac
    done
done | { bad=0; while IFS= read -r l; do [ "$l" = x ] && bad=1 || echo "$l"; done; exit $bad; } || status=1
if [ $status -eq 0 ]; then
    echo "core purity: $(ls "$src"/mst_*.[ch] | wc -l) core files include only libc, APR and OpenSSL headers"
fi
exit $status

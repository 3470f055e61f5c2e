#!/bin/sh
# check-log-tags.sh: the log tags are what mod_session_timeout_logtags.h says:
# every tag a glue file logs is listed there, every listed tag is logged at
# exactly one call site (one tag per call site), and "Next free" is above
# every listed number.
src="${top_srcdir:-$(dirname "$0")/..}/mod_session_timeout"
hdr="$src/mod_session_timeout_logtags.h"
status=0
listed=$(sed -n 's/^#define \(MST[0-9]\{5\}\) .*/\1/p' "$hdr")
used=$(cat "$src"/mod_session_timeout*.c | grep -o 'MST[0-9]\{5\}' | sort -u)
for t in $used; do
    printf '%s\n' "$listed" | grep -qx "$t" || { echo "FAIL: $t is logged but not listed in $(basename "$hdr")"; status=1; }
done
for t in $listed; do
    n=$(cat "$src"/mod_session_timeout*.c | grep -c "\\b$t\\b")
    [ "$n" -eq 1 ] || { echo "FAIL: $t is used at $n call sites (one tag per call site)"; status=1; }
done
next=$(sed -n 's/.*Next free: \([0-9]\{5\}\).*/\1/p' "$hdr" | head -1)
max=$(printf '%s\n' $listed | sed 's/MST0*//' | sort -n | tail -1)
if [ -z "$next" ] || [ "$(echo "$next" | sed 's/^0*//')" -le "$max" ]; then
    echo "FAIL: 'Next free' ($next) must be above the highest listed tag (MST$max)"
    status=1
fi
[ $status -eq 0 ] && echo "log tags: $(printf '%s\n' $listed | wc -l) tags listed, each logged at one call site; next free $next"
exit $status

#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# check-log-tags.sh: the log tags are what mod_session_timeout_logtags.h says:
# every tag a glue file logs is listed there, every listed tag is logged at
# exactly one call site (one tag per call site; comments do not count), and
# "Next free" is above every listed number.
src="${top_srcdir:-$(dirname "$0")/..}/mod_session_timeout"
exec "${PYTHON3:-python3}" - "$src" <<'PY'
import glob, os, re, sys
src = sys.argv[1]
hdr = open(os.path.join(src, "mod_session_timeout_logtags.h")).read()
listed = re.findall(r"^#define (MST\d{5}) ", hdr, re.M)
uses = {}


def strip(text):
    """The code of a C file without its comments, strings and characters."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            out.append(c + c)
        else:
            out.append(c)
            i += 1
    return "".join(out)


for f in sorted(glob.glob(os.path.join(src, "mod_session_timeout*.c"))):
    code = strip(open(f).read())
    for t in re.findall(r"\bMST\d{5}\b", code):
        uses.setdefault(t, []).append(os.path.basename(f))
bad = []
bad += ["%s is logged but not listed" % t for t in sorted(uses) if t not in listed]
bad += ["%s is used at %d call sites (one tag per call site)" % (t, len(uses.get(t, [])))
        for t in listed if len(uses.get(t, [])) != 1]
m = re.search(r"Next free: (\d{5})", hdr)
top = max(int(t[3:]) for t in listed)
if not m or int(m.group(1)) <= top:
    bad.append("'Next free' must be above the highest listed tag (MST%05d)" % top)
for b in bad:
    print("FAIL: " + b)
if not bad:
    print("log tags: %d listed, each logged at one call site; next free %s"
          % (len(listed), m.group(1)))
sys.exit(1 if bad else 0)
PY

#!/usr/bin/env python3
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""cgreport.py: turns the callgrind dumps written by bench/run.sh into
per-request figures (standard library + callgrind_annotate only).

Every counted batch comes as two dumps (see client.py): MARKER holds the
marker overhead alone and BATCH the same overhead plus COUNT requests, so a
per-request figure is always (BATCH - MARKER) / COUNT, for the program total
and for each function alike.

  cgreport.py total COUNT MARKER BATCH
      instructions per request (program total), as an integer.

  cgreport.py breakdown COUNT BASE_MARKER BASE_BATCH MARKER BATCH [TOP]
      Markdown: (1) inclusive instructions per request of every function in
      our module (mod_session_timeout.so) and in libcrypto; (2) the TOP
      functions whose self cost per request differs most from the baseline's,
      with the sum of all differences, so the whole delta is accounted for.
"""
import os
import re
import subprocess
import sys

LINE = re.compile(r"^\s*([0-9,]+)\s+(?:\([^)]*\)\s+)?(\S.*)$")


def annotate(path, inclusive):
    """{function label: Ir} from callgrind_annotate (all functions)."""
    args = ["callgrind_annotate", "--threshold=100", "--auto=no",
            "--inclusive=" + ("yes" if inclusive else "no"), os.path.abspath(path)]
    # From the source tree, callgrind_annotate would name a function once by
    # its relative and once by its absolute file name (with the same
    # inclusive cost): run it where no source file is found.
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd="/").stdout
    costs = {}
    started = False
    for line in out.splitlines():
        if "file:function" in line:
            started = True
            continue
        if not started:
            continue
        m = LINE.match(line)
        if not m:
            continue
        label = m.group(2).strip()
        if label.endswith("PROGRAM TOTALS"):
            continue
        costs[label] = costs.get(label, 0) + int(m.group(1).replace(",", ""))
    return costs


def total(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    raise SystemExit("cgreport: no summary line in %s" % path)


def per_request(count, marker, batch):
    return (total(batch) - total(marker)) / count


def per_function(count, marker, batch, inclusive):
    m = annotate(marker, inclusive)
    b = annotate(batch, inclusive)
    if not inclusive:
        # A dump taken in mid-request lists the thread entry functions that
        # never returned (clone, start_thread, the MPM's thread functions)
        # with the whole total as "self" cost: drop those artefacts.
        limit = 0.9 * total(batch)
        b = {k: v for k, v in b.items() if v < limit}
        m = {k: v for k, v in m.items() if k in b}
    return {k: (b.get(k, 0) - m.get(k, 0)) / count for k in set(m) | set(b)}


def short(label):
    """'path/file.c:func [/usr/lib/x/libfoo.so.3]' -> 'func (libfoo.so.3)'."""
    obj = ""
    m = re.search(r"\[([^\]]+)\]\s*$", label)
    if m:
        obj = m.group(1).rsplit("/", 1)[-1]
        label = label[: m.start()].strip()
    func = label.rsplit(":", 1)[-1] if ":" in label else label
    return "%s (%s)" % (func, obj) if obj else func


def by_function(costs, combine):
    """Merges the entries of one function that callgrind_annotate lists once
    per source file (inlined header code) under one 'func (object)' name."""
    objs = {}
    for label in costs:
        name = short(label)
        if "(" in name:
            objs[name.split(" (")[0]] = name
    out = {}
    for label, v in costs.items():
        name = short(label)
        name = objs.get(name, name)
        out[name] = combine(out[name], v) if name in out else v
    return out


def breakdown(count, base_marker, base_batch, marker, batch, top):
    incl = {}
    for label, v in per_function(count, marker, batch, True).items():
        if "mod_session_timeout" in label or "libcrypto" in label:
            incl[label] = v
    ours = sorted(((v, k) for k, v in by_function(incl, max).items() if v >= 0.5), reverse=True)
    print("Inclusive instructions per request, our module and libcrypto:\n")
    print("| function | instr/req (inclusive) |")
    print("|---|---:|")
    for v, k in ours:
        print("| `%s` | %s |" % (k, format(round(v), ",")))
    base = by_function(per_function(count, base_marker, base_batch, False), lambda a, b: a + b)
    scen = by_function(per_function(count, marker, batch, False), lambda a, b: a + b)
    diff = {k: scen.get(k, 0.0) - base.get(k, 0.0) for k in set(base) | set(scen)}
    rows = sorted(diff.items(), key=lambda kv: -abs(kv[1]))
    print("\nSelf instructions per request, difference to baseline (top %d):\n" % top)
    print("| function | Δ instr/req |")
    print("|---|---:|")
    for k, v in rows[:top]:
        print("| `%s` | %+d |" % (k, round(v)))
    rest = sum(v for _, v in rows[top:])
    print("| (all other functions) | %+d |" % round(rest))
    print("| **sum** | **%+d** |" % round(sum(diff.values())))
    print("\n(Program total per request: %d here, %d in the baseline, Δ %+d.)"
          % (round(per_request(count, marker, batch)),
             round(per_request(count, base_marker, base_batch)),
             round(per_request(count, marker, batch) - per_request(count, base_marker, base_batch))))


def main(argv):
    if len(argv) == 5 and argv[1] == "total":
        print(round(per_request(int(argv[2]), argv[3], argv[4])))
        return 0
    if len(argv) in (7, 8) and argv[1] == "breakdown":
        top = int(argv[7]) if len(argv) == 8 else 30
        breakdown(int(argv[2]), argv[3], argv[4], argv[5], argv[6], top)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

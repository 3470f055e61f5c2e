#!/usr/bin/env python3
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""table.py: writes the Markdown report of bench/run.sh from its raw files
(standard library only).

  table.py DIR

DIR holds (tab-separated, written by run.sh; any may be missing):
  scenarios.tsv  name, kind (base|ours|peer), label     in table order
  cg.tsv         name, instructions per request of each counted batch (comma-separated)
  wrk.tsv        name, round, requests per second
  micro.tsv      operation, ns/op, instructions/op
  meta.tsv       key, value (machine and run description)
The report goes to standard output.
"""
import os
import statistics
import sys


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def fmt_int(v):
    return "—" if v is None else format(int(round(v)), ",")


def fmt_delta(v):
    if v is None:
        return "—"
    r = int(round(v))
    return ("+" if r >= 0 else "-") + format(abs(r), ",")


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    d = argv[1]
    scen = read_tsv(os.path.join(d, "scenarios.tsv"))
    cg = {r[0]: [float(x) for x in r[1].split(",") if x] for r in read_tsv(os.path.join(d, "cg.tsv"))}
    wrk = {}
    for name, rnd, rps in read_tsv(os.path.join(d, "wrk.tsv")):
        wrk.setdefault(name, {})[int(rnd)] = float(rps)
    meta = dict((r[0], r[1]) for r in read_tsv(os.path.join(d, "meta.tsv")) if len(r) >= 2)
    micro = read_tsv(os.path.join(d, "micro.tsv"))

    instr = {n: statistics.median(v) for n, v in cg.items() if v}
    base_i = instr.get("baseline")
    base_w = wrk.get("baseline", {})

    def ratio(name):
        rounds = wrk.get(name, {})
        rs = [rounds[r] / base_w[r] for r in rounds if r in base_w and base_w[r] > 0]
        return statistics.median(rs) if rs else None

    out = []
    out.append("| scenario | instr/req | Δ vs baseline | req/s (median) | ratio to baseline |")
    out.append("|---|---:|---:|---:|---:|")
    for name, kind, label in scen:
        i = instr.get(name)
        delta = None if i is None or base_i is None else i - base_i
        rps = statistics.median(wrk[name].values()) if wrk.get(name) else None
        rt = ratio(name)
        out.append("| %s | %s | %s | %s | %s |" % (
            label, fmt_int(i), "—" if name == "baseline" else fmt_delta(delta), fmt_int(rps),
            "—" if rt is None else "%.3f" % rt))
    out.append("")
    spread = {n: (max(v) - min(v)) for n, v in cg.items() if len(v) > 1}
    if spread:
        out.append("instr/req: median of %s counted batches of %s requests each (largest "
                   "spread between batches of one scenario: %s instructions/request). "
                   "req/s: median over %s rounds of %s s; ratio: median of the same-round "
                   "ratios to baseline."
                   % (meta.get("cg_batches", "?"), meta.get("cg_requests", "?"),
                      fmt_int(max(spread.values())), meta.get("rounds", "?"),
                      meta.get("seconds", "?")))
        out.append("")

    # Targets of issue 6.
    def d(name):
        return None if name not in instr or base_i is None else instr[name] - base_i
    peers = [(n, d(n)) for n, k, _ in scen if k == "peer" and d(n) is not None]
    cheapest_peer = min(peers, key=lambda p: p[1]) if peers else None
    checks = []
    for name, limit, what in (
            ("valid", 6000, "valid cookie, no re-issue"),
            ("valid-cold", 6000, "valid cookie, no re-issue, token cache miss"),
            ("reissue", 12000, "re-issue on every request"),
            ("reissue-cold", 12000, "re-issue on every request, token cache miss"),
            ("off", 300, "module loaded, enforcement Off")):
        v = d(name)
        if v is None:
            continue
        ok = v <= limit
        peer_ok = cheapest_peer is None or v < cheapest_peer[1]
        checks.append("- %s: Δ %s instr/req, target ≤ +%s: **%s**; below every peer "
                      "(cheapest: %s, %s): **%s**"
                      % (what, fmt_delta(v), format(limit, ","), "met" if ok else "missed",
                         cheapest_peer[0] if cheapest_peer else "none",
                         fmt_delta(cheapest_peer[1]) if cheapest_peer else "—",
                         "yes" if peer_ok else "no"))
    rt = ratio("valid")
    if rt is not None:
        checks.append("- valid cookie, no re-issue: req/s ratio %.3f, target ≥ 0.97: **%s**"
                      % (rt, "met" if rt >= 0.97 else "missed"))
    if checks:
        out.append("Targets (issue 6):")
        out.append("")
        out.extend(checks)
        out.append("")

    if micro:
        out.append("Core micro-benchmark (bench/micro.c, libmst without httpd):")
        out.append("")
        out.append("| operation | ns/op | instr/op |")
        out.append("|---|---:|---:|")
        for op, ns, ins in micro:
            out.append("| %s | %s | %s |" % (op, ns, fmt_int(float(ins)) if ins else "—"))
        out.append("")

    if meta:
        out.append("Run: `%s` (%s mode), %s." % (meta.get("command", "?"), meta.get("mode", "?"),
                                                 meta.get("date", "?")))
        out.append("")
        for key in ("machine", "cpu", "kernel", "debian", "httpd", "openssl", "valgrind",
                    "wrk", "pinning", "commit"):
            if key in meta:
                out.append("- %s: %s" % (key, meta[key]))
        out.append("")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

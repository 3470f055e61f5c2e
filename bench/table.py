#!/usr/bin/env python3
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""table.py: writes the Markdown report of bench/run.sh from its raw files
(standard library only).

  table.py DIR

DIR holds (tab-separated, written by run.sh; any may be missing):
  scenarios.tsv  name, kind (base|ours|peer), label     in table order
  cg.tsv         name, mode, instructions per request of each counted batch
                 (comma-separated)
  rps.tsv        name, mode, round, requests per second, p99 latency in ms
  micro.tsv      operation, ns/op, instructions/op
  meta.tsv       key, value (machine and run description)
Modes: keepalive (one connection for all requests), newconn (a new TCP
connection per request), h2 (HTTP/2 cleartext, many streams a connection).
Every comparison is within one mode: Δ and ratio are against the same mode's
baseline. The report goes to standard output.
"""
import os
import statistics
import sys

MODES = ("keepalive", "newconn", "h2")
MODE_LABEL = {"keepalive": "keep-alive", "newconn": "new conn", "h2": "h2c"}


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


def fmt_ms(v):
    return "—" if v is None else "%.2f ms" % v


class Data:
    def __init__(self, d):
        self.scen = read_tsv(os.path.join(d, "scenarios.tsv"))
        self.cg = {}
        for row in read_tsv(os.path.join(d, "cg.tsv")):
            vals = [float(x) for x in row[2].split(",") if x] if len(row) > 2 else []
            if vals:
                self.cg[(row[0], row[1])] = vals
        self.rps = {}  # (name, mode) -> {round: rps}
        self.p99 = {}  # (name, mode) -> [p99 per round]
        for name, mode, rnd, rps, p99 in read_tsv(os.path.join(d, "rps.tsv")):
            self.rps.setdefault((name, mode), {})[int(rnd)] = float(rps)
            self.p99.setdefault((name, mode), []).append(float(p99))
        self.meta = dict((r[0], r[1]) for r in read_tsv(os.path.join(d, "meta.tsv")) if len(r) >= 2)
        self.micro = read_tsv(os.path.join(d, "micro.tsv"))
        self.modes = [m for m in MODES
                      if any(k[1] == m for k in list(self.cg) + list(self.rps))]

    def instr(self, name, mode):
        v = self.cg.get((name, mode))
        return statistics.median(v) if v else None

    def delta(self, name, mode, ref="baseline"):
        i, b = self.instr(name, mode), self.instr(ref, mode)
        return None if i is None or b is None else i - b

    def rps_median(self, name, mode):
        v = self.rps.get((name, mode))
        return statistics.median(v.values()) if v else None

    def ratio(self, name, mode, ref="baseline"):
        """median of the same-round ratios to REF in the same mode"""
        rounds, base = self.rps.get((name, mode), {}), self.rps.get((ref, mode), {})
        rs = [rounds[r] / base[r] for r in rounds if r in base and base[r] > 0]
        return statistics.median(rs) if rs else None

    def p99_median(self, name, mode):
        v = self.p99.get((name, mode))
        return statistics.median(v) if v else None


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    D = Data(argv[1])
    meta = D.meta
    out = []
    out.append("| scenario | mode | instr/req | Δ vs baseline | req/s (median) "
               "| ratio to baseline | p99 latency |")
    out.append("|---|---|---:|---:|---:|---:|---:|")
    for name, _kind, label in D.scen:
        for mode in D.modes:
            if (name, mode) not in D.cg and (name, mode) not in D.rps:
                continue
            rt = D.ratio(name, mode)
            out.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                label, MODE_LABEL[mode], fmt_int(D.instr(name, mode)),
                "—" if name == "baseline" else fmt_delta(D.delta(name, mode)),
                fmt_int(D.rps_median(name, mode)), "—" if rt is None else "%.3f" % rt,
                fmt_ms(D.p99_median(name, mode))))
    out.append("")
    spread = {k: (max(v) - min(v)) for k, v in D.cg.items() if len(v) > 1}
    note = ("Δ and ratio compare with the baseline of the same mode. instr/req: median of %s "
            "counted batches of %s requests each"
            % (meta.get("cg_batches", "?"), meta.get("cg_requests", "?")))
    if spread:
        note += (" (largest spread between batches of one scenario and mode: %s "
                 "instructions/request)" % fmt_int(max(spread.values())))
    note += (". req/s and p99: median over %s rounds of %s s per scenario and mode; ratio: "
             "median of the same-round ratios to that mode's baseline."
             % (meta.get("rounds", "?"), meta.get("seconds", "?")))
    out.append(note)
    out.append("")

    def verdict(ok):
        return "**pass**" if ok else "**FAIL**"

    # Targets of issue 14 (per connection mode).
    checks = []
    d = D.delta("store-redis", "keepalive", ref="valid")
    if d is not None:
        checks.append("- valid cookie with Redis store (delay 1s), keep-alive: Δ %s instr/req "
                      "vs stateless valid keep-alive, target ≤ +3,000: %s"
                      % (fmt_delta(d), verdict(d <= 3000)))
    rt = D.ratio("store-redis", "keepalive", ref="valid")
    if rt is not None:
        n = len(set(D.rps.get(("store-redis", "keepalive"), {}))
                & set(D.rps.get(("valid", "keepalive"), {})))
        checks.append("- valid cookie with Redis store (delay 1s), keep-alive: req/s ratio %.3f "
                      "to stateless valid keep-alive (median of %d same-round ratios), "
                      "target ≥ 0.95: %s" % (rt, n, verdict(rt >= 0.95)))
    for name, limit, what in (("valid", 6000, "valid cookie, no re-issue"),
                              ("reissue", 12000, "re-issue on every request")):
        for mode in ("newconn", "h2"):
            v = D.delta(name, mode)
            if v is None:
                continue
            checks.append("- %s, %s: Δ %s instr/req vs that mode's baseline, target ≤ +%s: %s"
                          % (what, MODE_LABEL[mode], fmt_delta(v), format(limit, ","),
                             verdict(v <= limit)))
    if checks:
        out.append("Targets (issue 14):")
        out.append("")
        out.extend(checks)
        out.append("")

    # Targets of issue 6 (keep-alive).
    peers = [(n, D.delta(n, "keepalive")) for n, k, _ in D.scen
             if k == "peer" and D.delta(n, "keepalive") is not None]
    cheapest_peer = min(peers, key=lambda p: p[1]) if peers else None
    checks = []
    for name, limit, what in (
            ("valid", 6000, "valid cookie, no re-issue"),
            ("valid-cold", 6000, "valid cookie, no re-issue, token cache miss"),
            ("reissue", 12000, "re-issue on every request"),
            ("reissue-cold", 12000, "re-issue on every request, token cache miss"),
            ("off", 300, "module loaded, enforcement Off")):
        v = D.delta(name, "keepalive")
        if v is None:
            continue
        peer_ok = cheapest_peer is None or v < cheapest_peer[1]
        checks.append("- %s: Δ %s instr/req, target ≤ +%s: **%s**; below every peer "
                      "(cheapest: %s, %s): **%s**"
                      % (what, fmt_delta(v), format(limit, ","), "met" if v <= limit else "missed",
                         cheapest_peer[0] if cheapest_peer else "none",
                         fmt_delta(cheapest_peer[1]) if cheapest_peer else "—",
                         "yes" if peer_ok else "no"))
    rt = D.ratio("valid", "keepalive")
    if rt is not None:
        checks.append("- valid cookie, no re-issue: req/s ratio %.3f, target ≥ 0.97: **%s**"
                      % (rt, "met" if rt >= 0.97 else "missed"))
    if checks:
        out.append("Targets (issue 6, keep-alive):")
        out.append("")
        out.extend(checks)
        out.append("")

    if D.micro:
        out.append("Core micro-benchmark (bench/micro.c, libmst without httpd):")
        out.append("")
        out.append("| operation | ns/op | instr/op |")
        out.append("|---|---:|---:|")
        for op, ns, ins in D.micro:
            out.append("| %s | %s | %s |" % (op, ns, fmt_int(float(ins)) if ins else "—"))
        out.append("")

    if meta:
        out.append("Run: `%s` (%s mode), %s." % (meta.get("command", "?"), meta.get("mode", "?"),
                                                 meta.get("date", "?")))
        out.append("")
        for key in ("machine", "cpu", "kernel", "debian", "httpd", "openssl", "valgrind",
                    "modes", "wrk", "ab", "h2load", "pinning", "commit"):
            if key in meta:
                out.append("- %s: %s" % (key, meta[key]))
        out.append("")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

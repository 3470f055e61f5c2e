#!/usr/bin/env python3
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""client.py: exact-count HTTP client for bench/run.sh (standard library only,
plus h2load for --mode h2).

wrk, ab and h2load run for a duration; the instruction counts need an exact
number of requests. This client sends them and checks the status of every
response, so a counted batch can never silently measure rejected requests.

  --mode keepalive (default): every request, markers included, on one
      keep-alive connection.
  --mode newconn: every request (warm-up, counted GETs and each OPTIONS
      marker) on a connection of its own, with "Connection: close"; the
      client reads the response to its end and closes, so a counted request
      includes the TCP connection's accept, set-up and close in httpd.
  --mode h2: the warm-up and each counted batch are one run of
      h2load -n COUNT -c 1 -m STREAMS (prior-knowledge h2c, one HTTP/2
      connection, COUNT streams); h2load's summary must say that COUNT
      requests succeeded with the expected status class. The markers are
      HTTP/1.1 requests on connections of their own. After each h2load run
      the client waits --settle-ms, so that httpd has torn the HTTP/2
      connection down before the next marker arrives.

  client.py PORT PATH COUNT STATUS [-H 'Name: value']...
      COUNT identical GET requests; every status must be STATUS.

  client.py PORT PATH COUNT STATUS --batches K --warmup W [-H ...]
      The callgrind sequence. httpd runs under
      valgrind --tool=callgrind --dump-before=ap_send_http_options
                                --zero-before=ap_send_http_options,
      so every OPTIONS request ("marker", sent to MARKER_PATH, an unprotected
      URL) dumps the counters collected since the previous one and zeroes them.
      Sequence: W warm-up GETs, OPTIONS, then K times [OPTIONS, COUNT GETs,
      OPTIONS]. Dump 1 is start-up and warm-up; for batch i, dump 2i holds
      only the marker overhead (the rest of one OPTIONS request plus the
      start of the next) and dump 2i+1 the same overhead plus COUNT requests,
      so (dump 2i+1 - dump 2i) / COUNT is exactly the cost of one request.

With --cookie-file FILE, request i carries the Cookie header of line
(i mod lines) of FILE instead of a fixed one (for the cache-miss scenarios).

Exit status 0 if every response had the expected status, 1 otherwise (the
first mismatch is printed with its headers).
"""
import argparse
import http.client
import re
import subprocess
import sys
import time


class Client:
    def __init__(self, port, headers, gap, cookies, mode, streams, settle):
        self.port = port
        self.headers = headers
        self.gap = gap
        self.cookies = cookies
        self.mode = mode
        self.streams = streams
        self.settle = settle
        self.n = 0
        self.conn = None
        if mode == "keepalive":
            self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=900)

    def request(self, method, path, expect):
        if self.gap:
            # Lets httpd finish the previous request and hand the connection
            # back to the event MPM's listener before the next one arrives, so
            # every request takes the same path through the MPM.
            time.sleep(self.gap)
        if self.cookies and method == "GET":
            self.headers["Cookie"] = self.cookies[self.n % len(self.cookies)]
            self.n += 1
        if self.mode == "keepalive":
            conn, headers = self.conn, self.headers
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=900)
            headers = dict(self.headers, Connection="close")
        conn.request(method, path, headers=headers)
        resp = conn.getresponse()
        resp.read()
        if conn is not self.conn:
            conn.close()
        if resp.status != expect:
            print("client: %s %s gave %d, expected %d" % (method, path, resp.status, expect),
                  file=sys.stderr)
            for k, v in resp.getheaders():
                print("  %s: %s" % (k, v), file=sys.stderr)
            raise SystemExit(1)
        if self.mode == "keepalive" and resp.will_close:
            # Would add a connection set-up to a counted batch: refuse.
            print("client: the server closed the connection (keep-alive expected)",
                  file=sys.stderr)
            raise SystemExit(1)
        return resp

    def get_batch(self, path, count, expect):
        """COUNT GET requests to PATH (in h2 mode: one h2load run)."""
        if self.mode != "h2":
            for _ in range(count):
                self.request("GET", path, expect)
            return
        if count <= 0:
            return
        cmd = ["h2load", "-n", str(count), "-c", "1", "-t", "1", "-m", str(self.streams)]
        for k, v in self.headers.items():
            cmd += ["-H", "%s: %s" % (k, v)]
        cmd.append("http://127.0.0.1:%d%s" % (self.port, path))
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=900).stdout
        h2load_check(out, count, expect)
        time.sleep(self.settle)


def h2load_check(out, count, expect):
    """Fails unless h2load's summary says COUNT requests succeeded over
    HTTP/2 with the status class of EXPECT. Returns nothing."""
    m = re.search(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, "
                  r"(\d+) failed, (\d+) errored, (\d+) timeout", out)
    st = re.search(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", out)
    proto = re.search(r"Application protocol: (\S+)", out)
    cls = {2: 0, 3: 1, 4: 2, 5: 3}.get(expect // 100)
    ok = (m is not None and st is not None and proto is not None and proto.group(1) == "h2c"
          and int(m.group(4)) == count and int(m.group(3)) == count
          and cls is not None and int(st.group(cls + 1)) == count)
    if not ok:
        print("client: h2load did not get %d responses with status %dxx over h2c:\n%s"
              % (count, expect // 100, out), file=sys.stderr)
        raise SystemExit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("path")
    ap.add_argument("count", type=int)
    ap.add_argument("expect", type=int)
    ap.add_argument("-H", "--header", action="append", default=[])
    ap.add_argument("--batches", type=int, default=0)
    ap.add_argument("--warmup", type=int, default=0)
    ap.add_argument("--marker-path", default="/")
    ap.add_argument("--cookie-file", help="Cookie header values, one a line, used in turn")
    ap.add_argument("--gap-ms", type=float, default=0.0,
                    help="pause before each request (makes the MPM path deterministic)")
    ap.add_argument("--mode", choices=("keepalive", "newconn", "h2"), default="keepalive")
    ap.add_argument("--streams", type=int, default=1,
                    help="h2 mode: h2load -m (concurrent streams on the one connection)")
    ap.add_argument("--settle-ms", type=float, default=300.0,
                    help="h2 mode: pause after each h2load run")
    a = ap.parse_args()
    if a.mode == "h2" and a.cookie_file:
        ap.error("--cookie-file is not supported with --mode h2")

    headers = {"User-Agent": "mst-bench", "Accept": "text/html,*/*;q=0.8"}
    for h in a.header:
        name, _, value = h.partition(":")
        headers[name.strip()] = value.strip()
    cookies = []
    if a.cookie_file:
        with open(a.cookie_file, encoding="utf-8") as f:
            cookies = [line.strip() for line in f if line.strip()]
    c = Client(a.port, headers, a.gap_ms / 1000.0, cookies, a.mode, a.streams,
               a.settle_ms / 1000.0)
    c.get_batch(a.path, a.warmup, a.expect)
    if a.batches > 0:
        c.request("OPTIONS", a.marker_path, 200)
        for _ in range(a.batches):
            c.request("OPTIONS", a.marker_path, 200)
            c.get_batch(a.path, a.count, a.expect)
            c.request("OPTIONS", a.marker_path, 200)
    else:
        c.get_batch(a.path, a.count, a.expect)
    if c.conn is not None:
        c.conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

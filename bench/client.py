#!/usr/bin/env python3
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""client.py: exact-count HTTP/1.1 client for bench/run.sh (standard library only).

wrk runs for a duration; the instruction counts need an exact number of
requests. This client sends them over one keep-alive connection and checks
the status of every response, so a counted batch can never silently measure
rejected requests.

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
import sys
import time


class Client:
    def __init__(self, port, headers, gap, cookies):
        self.port = port
        self.headers = headers
        self.gap = gap
        self.cookies = cookies
        self.n = 0
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
        self.conn.request(method, path, headers=self.headers)
        resp = self.conn.getresponse()
        resp.read()
        if resp.status != expect:
            print("client: %s %s gave %d, expected %d" % (method, path, resp.status, expect),
                  file=sys.stderr)
            for k, v in resp.getheaders():
                print("  %s: %s" % (k, v), file=sys.stderr)
            raise SystemExit(1)
        if resp.will_close:
            # Would add a connection set-up to a counted batch: refuse.
            print("client: the server closed the connection (keep-alive expected)",
                  file=sys.stderr)
            raise SystemExit(1)
        return resp


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
    a = ap.parse_args()

    headers = {"User-Agent": "mst-bench", "Accept": "text/html,*/*;q=0.8"}
    for h in a.header:
        name, _, value = h.partition(":")
        headers[name.strip()] = value.strip()
    cookies = []
    if a.cookie_file:
        with open(a.cookie_file, encoding="utf-8") as f:
            cookies = [line.strip() for line in f if line.strip()]
    c = Client(a.port, headers, a.gap_ms / 1000.0, cookies)
    for _ in range(a.warmup):
        c.request("GET", a.path, a.expect)
    if a.batches > 0:
        c.request("OPTIONS", a.marker_path, 200)
        for _ in range(a.batches):
            c.request("OPTIONS", a.marker_path, 200)
            for _ in range(a.count):
                c.request("GET", a.path, a.expect)
            c.request("OPTIONS", a.marker_path, 200)
    else:
        for _ in range(a.count):
            c.request("GET", a.path, a.expect)
    c.conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

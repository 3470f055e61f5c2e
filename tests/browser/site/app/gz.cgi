#!/usr/bin/python3
# gz.cgi: an HTML page the backend already compressed (Content-Encoding:
# gzip), which the injector must pass untouched (tests/browser).
import gzip
import sys

html = b"<!doctype html><html><head><title>Gzip</title></head><body><h1>Gzip</h1></body></html>\n"
body = gzip.compress(html, mtime=0)
out = sys.stdout.buffer
out.write(b"Content-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n")
out.write(b"Cache-Control: no-store\r\nContent-Length: %d\r\n\r\n" % len(body))
out.write(body)

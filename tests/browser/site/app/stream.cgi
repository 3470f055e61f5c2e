#!/usr/bin/python3
# stream.cgi: an HTML page written in pieces with pauses (tests/browser), so
# httpd sends it chunked and the injector sees "</head" split between two
# brigades (it reads the CGI pipe, finds it empty, passes what it has).
import sys
import time

out = sys.stdout.buffer
out.write(b"Content-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n\r\n")
out.write(b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Stream</title></he")
out.flush()
time.sleep(0.4)
out.write(b"ad><body><h1>Stream</h1>")
out.flush()
time.sleep(0.2)
out.write(b"<p id=\"tail\">tail</p></body></html>\n")
out.flush()

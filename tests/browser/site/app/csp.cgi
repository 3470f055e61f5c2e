#!/usr/bin/python3
# csp.cgi: a page whose Content-Security-Policy allows scripts by nonce only
# (tests/browser); the module must give its tag the same nonce.
import sys

nonce = "dGVzdC1ub25jZS0xMjM0"
sys.stdout.write("Content-Type: text/html; charset=utf-8\r\n")
sys.stdout.write("Content-Security-Policy: default-src 'self'; script-src 'nonce-%s'\r\n" % nonce)
sys.stdout.write("Cache-Control: no-store\r\n\r\n")
sys.stdout.write("<!doctype html><html><head><title>CSP</title>"
                 "<script nonce=\"%s\">window.inline = 1;</script></head>"
                 "<body><h1>CSP</h1></body></html>\n" % nonce)

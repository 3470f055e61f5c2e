#!/usr/bin/python3
# echo.cgi: says which session the request carried (tests/browser). Protected
# by the module, so it only runs with a valid session cookie.
import os
import sys

user = os.environ.get("SESSION_TIMEOUT_USER", "")
body = ("<!doctype html><html><head><title>Echo</title></head><body>"
        "<p id=\"method\">%s</p><p id=\"user\">%s</p></body></html>\n"
        % (os.environ.get("REQUEST_METHOD", ""), user.replace("<", "&lt;")))
sys.stdout.write("Content-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n\r\n")
sys.stdout.write(body)

#!/usr/bin/python3
# login.cgi: the demo's login handler.
#
# ***************************************************************************
# *  DEMO ONLY - NOT FOR PRODUCTION.                                        *
# *  It accepts ANY user name without a password. It exists to show how a   *
# *  login application starts a mod_session_timeout session: after checking *
# *  the user's credentials (which this demo does not do), it answers with  *
# *  the start header configured by SessionTimeoutStartHeader, whose value  *
# *  is the user name. The module signs a fresh session cookie for that     *
# *  user and removes the header from the response.                         *
# ***************************************************************************
#
# POST /login/login.cgi  (application/x-www-form-urlencoded)
#   user=NAME         required, 1-255 bytes of UTF-8, no control characters
#   return_to=PATH    optional; used only if it is a safe local path (starts
#                     with a single '/', printable ASCII, no backslash),
#                     else /app/
# Answers 303 to the return path with "X-Session-Start: NAME", or 303 back to
# the login page with ?error=... when the name is unusable. Anything but POST
# is sent to the login page.
#
# The answer carries its own "Status:" line on purpose: a CGI that prints only
# "Location:" makes mod_cgi produce the redirect itself and its other headers
# (our start header too) are dropped.
import os
import sys
import urllib.parse

LOGIN_PAGE = "/login/"
DEFAULT_TARGET = "/app/"
START_HEADER = "X-Session-Start"
MAX_BODY = 8192


def safe_local_path(p):
    """True if p cannot send the browser to another host."""
    if not p or not p.startswith("/") or p.startswith("//"):
        return False
    return all(0x21 <= ord(c) <= 0x7E and c != "\\" for c in p)


def valid_user(name):
    raw = name.encode("utf-8", "surrogatepass")
    if not 1 <= len(raw) <= 255:
        return False
    return not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in name)


def answer(location, extra=()):
    head = ["Status: 303 See Other", "Location: " + location,
            "Content-Type: text/plain; charset=utf-8", "Cache-Control: no-store"]
    head.extend(extra)
    out = "\r\n".join(head) + "\r\n\r\nSee " + location + "\n"
    sys.stdout.buffer.write(out.encode("utf-8"))
    sys.stdout.flush()


def main():
    if os.environ.get("REQUEST_METHOD") != "POST":
        answer(LOGIN_PAGE)
        return
    try:
        length = int(os.environ.get("CONTENT_LENGTH") or "0")
    except ValueError:
        length = 0
    body = sys.stdin.buffer.read(min(max(length, 0), MAX_BODY))
    try:
        form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        form = {}
    user = form.get("user", [""])[0].strip()
    target = form.get("return_to", [""])[0]
    if not safe_local_path(target):
        target = DEFAULT_TARGET
    if not valid_user(user):
        query = urllib.parse.urlencode({"error": "name", "return_to": target})
        answer(LOGIN_PAGE + "?" + query)
        return
    # DEMO ONLY: a real login checks a password (or SSO assertion) here.
    answer(target, [START_HEADER + ": " + user])


main()

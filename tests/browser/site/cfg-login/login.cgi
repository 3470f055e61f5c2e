#!/usr/bin/python3
# login.cgi: the minimal application's own login page (TEST ONLY: any user
# name, no password). Like many applications (DokuWiki, ...) it honours its
# own session cookie, app_session: with it, the page says who is signed in.
# A POST signs in: it sets app_session, starts the module's session
# (X-Session-Start, SessionTimeoutStartHeader) and returns to return_to.
import html
import os
import re
import sys
import urllib.parse


def app_user():
    for part in os.environ.get("HTTP_COOKIE", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == "app_session" and value:
            return value
    return None


def safe_return(target):
    if target and target.startswith("/") and not target.startswith("//") and \
            re.fullmatch(r"[\x21-\x7e]*", target) and "\\" not in target:
        return target
    return "/cfg/app.cgi"


query = urllib.parse.parse_qs(os.environ.get("QUERY_STRING", ""))
if os.environ.get("REQUEST_METHOD") == "POST":
    length = int(os.environ.get("CONTENT_LENGTH") or 0)
    form = urllib.parse.parse_qs(sys.stdin.read(length))
    user = re.sub(r"[^A-Za-z0-9_-]", "", form.get("user", [""])[0]) or "someone"
    sys.stdout.write("Status: 303 See Other\r\n"
                     "Location: %s\r\n"
                     "Set-Cookie: app_session=%s; Path=/; HttpOnly; SameSite=Lax\r\n"
                     "X-Session-Start: %s\r\n"
                     "Cache-Control: no-store\r\n\r\n"
                     % (safe_return(form.get("return_to", [""])[0]), user, user))
    sys.exit(0)

user = app_user()
back = query.get("return_to", [""])[0]
state = "Signed in as %s" % user if user else "Signed out"
sys.stdout.write("Content-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n\r\n")
sys.stdout.write("""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>App login</title></head>
<body>
<p id="state">%s</p>
<form method="post" action="/cfg-login/login.cgi">
<input name="user" autocomplete="off">
<input type="hidden" name="return_to" value="%s">
<input type="submit" value="Sign in">
</form>
</body>
</html>
""" % (html.escape(state), html.escape(back)))

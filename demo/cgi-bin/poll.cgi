#!/usr/bin/python3
# poll.cgi: the demo's polling endpoint, GET /app/poll.
#
# Stands in for the kind of API a page polls in the background (new messages,
# job status). It is protected like the rest of /app/, but configured with
# "SessionTimeoutActivity Off", so polling it never extends the session. It
# answers with what the module tells every backend about the session through
# the environment: SESSION_TIMEOUT_USER, SESSION_TIMEOUT_EXPIRES_IN and
# SESSION_TIMEOUT_LIMIT. Demo only.
import json
import os
import sys
import time


def env_int(name):
    try:
        return int(os.environ[name])
    except (KeyError, ValueError):
        return None


body = json.dumps({
    "server_time": time.strftime("%H:%M:%S"),
    "user": os.environ.get("SESSION_TIMEOUT_USER"),
    "expires_in": env_int("SESSION_TIMEOUT_EXPIRES_IN"),
    "limit": os.environ.get("SESSION_TIMEOUT_LIMIT"),
})
sys.stdout.buffer.write(("Content-Type: application/json\r\nCache-Control: no-store\r\n\r\n"
                         + body + "\n").encode("utf-8"))

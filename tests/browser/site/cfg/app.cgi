#!/bin/sh
# app.cgi: a page of the minimal application (protected by the module). It
# shows whom the application's own cookie, app_session, signs in.
user=$(printf '%s' "${HTTP_COOKIE:-}" | tr ';' '\n' | sed -n 's/^ *app_session=\([A-Za-z0-9_-]*\)$/\1/p' | head -n 1)
printf 'Content-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n\r\n'
cat <<HTML
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>App</title></head>
<body><h1>App</h1><p id="app-user">${user:-nobody}</p></body>
</html>
HTML

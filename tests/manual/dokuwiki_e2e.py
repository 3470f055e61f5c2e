#!/usr/bin/python3
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""dokuwiki_e2e.py: Debian's DokuWiki behind the module, end to end, by hand
(not part of make check: it needs the packages dokuwiki and php-fpm, about
30 MB of copies, and a minute).

    top_srcdir=$PWD top_builddir=$PWD python3 tests/manual/dokuwiki_e2e.py

Everything runs from private copies in a temporary directory: the DokuWiki
code (/usr/share/dokuwiki), its configuration (/etc/dokuwiki) and data
(/var/lib/dokuwiki/data) are copied, never used in place; php-fpm and
apache2 run with private configurations on a unix socket and 127.0.0.1.
The Apache side is conf-examples/cookie-session-app.conf's, with paths made
private. It signs in with DokuWiki's own login form (do=login in the POST
body, into the enforced doku.php), checks that the DokuWiki cookie started
our session, reads a page, checks that with our session expired and
DokuWiki's still alive a page with &do=login appended is not shown (the
login form is), that an anonymous POST and a forged
Referer are refused and that a stale DokuWiki cookie is not seen on a login
request, signs out in DokuWiki and checks that our session ended with it.
Prints what it saw; exits non-zero on the first surprise."""
import hashlib
import html
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import mst_harness as H  # noqa: E402

FPM = "/usr/sbin/php-fpm8.2"
COOKIE = "DW" + hashlib.md5(b"/dokuwiki/").hexdigest()  # securecookie off: md5(DOKU_REL)


def say(*a):
    print(*a, flush=True)


def check(cond, what, resp=None):
    if not cond:
        say("FAIL:", what)
        if resp is not None:
            say(repr(resp)[:2000])
        raise SystemExit(1)
    say("ok:", what)


def private_dokuwiki(t):
    code, conf, data = os.path.join(t, "dw"), os.path.join(t, "conf"), os.path.join(t, "data")
    shutil.copytree("/usr/share/dokuwiki", code, symlinks=False, ignore_dangling_symlinks=True)
    shutil.copytree("/etc/dokuwiki", conf, symlinks=False, ignore_dangling_symlinks=True)
    shutil.copytree("/var/lib/dokuwiki/data", data, symlinks=False, ignore_dangling_symlinks=True)
    with open(os.path.join(code, "inc", "preload.php"), "w") as f:
        f.write("<?php\ndefine('DOKU_CONF', '%s/');\n" % conf)
    with open(os.path.join(conf, "local.php"), "w") as f:
        f.write("<?php\n$conf['savedir'] = '%s';\n$conf['useacl'] = 1;\n"
                "$conf['authtype'] = 'authplain';\n$conf['superuser'] = '@admin';\n"
                "$conf['securecookie'] = 0;\n$conf['title'] = 'private test wiki';\n" % data)
    pw = subprocess.run(["php", "-r", 'echo password_hash("pw-alice", PASSWORD_BCRYPT);'],
                        capture_output=True, text=True, check=True).stdout
    for name in ("users.auth.php", "acl.auth.php"):
        p = os.path.join(conf, name)
        if os.path.lexists(p):
            os.remove(p)
    with open(os.path.join(conf, "users.auth.php"), "w") as f:
        f.write("alice:%s:Alice:alice@example.org:admin,user\n" % pw)
    with open(os.path.join(conf, "acl.auth.php"), "w") as f:
        # nothing for anonymous visitors: every page needs a DokuWiki login
        f.write("*\t@ALL\t0\n*\t@user\t8\n")
    os.makedirs(os.path.join(data, "pages"), exist_ok=True)
    with open(os.path.join(data, "pages", "start.txt"), "w") as f:
        f.write("====== Start ======\nSECRET-WIKI-PAGE\n")
    for root, dirs, files in os.walk(t):
        for d in dirs:
            os.chmod(os.path.join(root, d), 0o755)
        for fn in files:
            os.chmod(os.path.join(root, fn), 0o644)
    subprocess.run(["chown", "-R", "www-data:www-data", data, conf], check=True)
    return code


def start_fpm(t):
    sock = os.path.join(t, "fpm.sock")
    conf = os.path.join(t, "php-fpm.conf")
    with open(conf, "w") as f:
        f.write("[global]\npid = %s/fpm.pid\nerror_log = %s/fpm.log\ndaemonize = no\n"
                "[www]\nuser = www-data\ngroup = www-data\nlisten = %s\n"
                "listen.owner = www-data\nlisten.group = www-data\nlisten.mode = 0666\n"
                "pm = static\npm.max_children = 2\n"
                "php_admin_value[session.save_path] = %s/sessions\n" % (t, t, sock, t))
    os.makedirs(os.path.join(t, "sessions"))
    subprocess.run(["chown", "www-data:www-data", os.path.join(t, "sessions")], check=True)
    p = subprocess.Popen([FPM, "-y", conf, "-c", "/etc/php/8.2/fpm/php.ini", "-F"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                         start_new_session=True)
    for _ in range(100):
        if os.path.exists(sock):
            return p, sock
        time.sleep(0.1)
    raise SystemExit("php-fpm did not come up")


def apache_conf(code, sock):
    with open(os.path.join(H.TOP_SRCDIR, "conf-examples", "cookie-session-app.conf")) as f:
        text = f.read()
    text = text.replace("/usr/share/dokuwiki", code)
    text = text.replace("/run/php/php8.2-fpm.sock", sock)
    text = text.replace("/etc/apache2/session-timeout.key", "@KEY1@")
    # the example's <VirtualHost *:80> becomes the test server itself
    text = re.sub(r"<VirtualHost \*:80>", "<VirtualHost 127.0.0.1:@PORT@>", text)
    return ("LoadModule proxy_fcgi_module %s/mod_proxy_fcgi.so\n" % H.MODULE_DIR) + text


def cookies_of(resp):
    out = {}
    for c in resp.set_cookies():
        out[c.name] = c
    return out


def main():
    t = tempfile.mkdtemp(prefix="mst-dokuwiki-")
    os.chmod(t, 0o755)
    fpm = None
    srv = None
    try:
        code = private_dokuwiki(t)
        fpm, sock = start_fpm(t)
        srv = H.Httpd(apache_conf(code, sock), name="dokuwiki")
        srv.start()
        say("apache2 on 127.0.0.1:%d, php-fpm on %s, DokuWiki cookie %s" % (srv.port, sock, COOKIE))

        r = srv.get("/dokuwiki/doku.php?id=start", headers=H.NAV)
        check(r.status == 302, "anonymous page load: 302 (%s)" % r.header("Location"), r)
        path, query, _ = H.location_parts(r, srv.port)
        check((path, query.get("do")) == ("/dokuwiki/doku.php", ["login"]),
              "to DokuWiki's own login form", r)

        stale = "%s=%s" % (COOKIE, "alice%7C0%7Cforged")
        r = srv.get("/dokuwiki/doku.php?id=start&do=login",
                    headers=H.NAV + [("Cookie", "lang=en; " + stale)])
        check(r.status == 200 and 'name="u"' in r.text, "the login form is served", r)
        check("SECRET-WIKI-PAGE" not in r.text, "and not the page", r)
        phpsess = cookies_of(r).get("DokuWiki")
        m = re.search(r'<form[^>]*id="dw__login"[^>]*action="([^"]*)"', r.text)
        check(m is not None, "DokuWiki's login form found", r)
        action = html.unescape(m.group(1))
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', r.text))
        say("   form action=%s hidden=%r" % (action, fields))
        check(fields.get("do") == "login", "the form carries do=login in its body")

        fields.update({"u": "alice", "p": "pw-alice"})
        body = urllib.parse.urlencode(fields)
        hdrs = [("Content-Type", "application/x-www-form-urlencoded")]
        if phpsess is not None and not phpsess.expired:
            hdrs.append(("Cookie", "DokuWiki=" + phpsess.value))
        r = srv.request("POST", action, headers=H.NAV + hdrs, body=body)
        got = cookies_of(r)
        say("   login answer %d, Set-Cookie names %s" % (r.status, sorted(got)))
        check(COOKIE in got and not got[COOKIE].expired, "DokuWiki signed alice in", r)
        check("session_timeout" in got and not got["session_timeout"].expired,
              "and its cookie started our session", r)
        tok = got["session_timeout"].value
        fields_tok = H.parse_token(tok)
        say("   our session: sid=%s created=%s user=%r" % (fields_tok["sid"],
                                                         fields_tok["created"],
                                                         fields_tok["user"]))
        jar = {"session_timeout": tok, COOKIE: got[COOKIE].value}
        if "DokuWiki" in got and not got["DokuWiki"].expired:
            jar["DokuWiki"] = got["DokuWiki"].value
        elif phpsess is not None:
            jar["DokuWiki"] = phpsess.value

        def jar_hdr(j):
            return ("Cookie", "; ".join("%s=%s" % kv for kv in j.items()))

        r = srv.get("/dokuwiki/doku.php?id=start", headers=H.NAV + [jar_hdr(jar)])
        check(r.status == 200 and "SECRET-WIKI-PAGE" in r.text, "signed in: the page is shown", r)
        if r.new_token():
            jar["session_timeout"] = r.new_token()

        # our session expired (idle), DokuWiki's still alive: appending do=login
        # must not show the page (an <If> exemption on the query would)
        t0 = H.now()
        stale = H.mint(user="", created=t0 - 7200, last=t0 - 3600)
        j2 = dict(jar, session_timeout=stale)
        r = srv.get("/dokuwiki/doku.php?id=start&do=login", headers=H.NAV + [jar_hdr(j2)])
        check(r.status == 200 and "SECRET-WIKI-PAGE" not in r.text and 'name="u"' in r.text,
              "expired session + live DokuWiki cookie + &do=login: the login form, not the page", r)

        r = srv.request("POST", "/dokuwiki/doku.php?id=start",
                        headers=H.NAV + hdrs + [("Referer", "http://localhost:%d%s" %
                                                 (srv.port, action))],
                        body="id=start&do=edit")
        check(r.status == 303 and "SECRET" not in r.text,
              "anonymous POST without do=login, forged Referer: 303 to login", r)

        r = srv.request("POST", action, headers=H.NAV + hdrs + [
            ("Cookie", "%s=%s" % (COOKIE, jar[COOKIE]))], body="do=login&id=start")
        check(r.status in (200, 403) and "SECRET-WIKI-PAGE" not in r.text,
              "a login request with DokuWiki's cookie but without ours is anonymous "
              "(%d, no page)" % r.status, r)

        r = srv.get("/dokuwiki/doku.php?id=start&do=logout&sectok=" +
                    re.search(r'sectok=([0-9a-f]+)', srv.get(
                        "/dokuwiki/doku.php?id=start", headers=H.NAV + [jar_hdr(jar)]).text
                    ).group(1), headers=H.NAV + [jar_hdr(jar)])
        got = cookies_of(r)
        say("   logout answer %d, Set-Cookie %s" % (r.status, [c.raw[:60] for c in got.values()]))
        check(COOKIE in got and got[COOKIE].expired, "DokuWiki signed alice out", r)
        check("session_timeout" in got and got["session_timeout"].expired,
              "and that ended our session", r)
        srv.stop()
        lines = [l for l in open(srv.log_path, errors="replace") if "MST0011" in l]
        say("module log lines of the run:")
        for l in lines:
            say("   " + l.rstrip()[-160:])
        say("all good")
    finally:
        if srv is not None:
            srv.stop(check=False)
            srv.cleanup()
        if fpm is not None:
            os.killpg(fpm.pid, signal.SIGTERM)
            fpm.wait(10)
        if not os.environ.get("MST_KEEP_TMP"):
            shutil.rmtree(t, ignore_errors=True)


if __name__ == "__main__":
    main()

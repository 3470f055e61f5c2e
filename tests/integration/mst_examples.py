# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""mst_examples.py: runs the shipped conf-examples/*.conf in the integration
suite, as written, the way tests/conf-examples/test_conf_examples.sh checks
them with `apache2 -t`: the example file itself is Included after the
harness's base config, with only its documented placeholders rewritten:

  /etc/apache2/session-timeout*.key  -> the harness's key files, KEY1, KEY2,
                                        KEY3 in order of first appearance
  /var/www/...                       -> directories under the server's root
  http://127.0.0.1:808x/             -> the test's backend
  <VirtualHost *:80>                 -> the harness's loopback port

It also reads the few facts a test needs from an example: its virtual hosts,
their ServerName, the ProxyPass lines, the <Location> sections that say
`SessionTimeout Off`, the signing key and the cookie name; and readme_block()
returns a configuration block of README.md by its marker, as printed.
"""

import os
import re

import mst_harness as H

TOP_SRCDIR = H.TOP_SRCDIR
EXAMPLES_DIR = os.path.join(TOP_SRCDIR, "conf-examples")

KEY_RE = re.compile(r"/etc/apache2/session-timeout[A-Za-z0-9._-]*\.key")
WWW_RE = re.compile(r"/var/www/[A-Za-z0-9._/-]*")
BACKEND_RE = re.compile(r"127\.0\.0\.1:808\d")
HARNESS_KEYS = [("@KEY1@", H.KEY1), ("@KEY2@", H.KEY2), ("@KEY3@", H.KEY3)]


README = os.path.join(TOP_SRCDIR, "README.md")


def readme_block(name):
    """The fenced block that follows `<!-- readme-example: NAME -->` in
    README.md, exactly as printed."""
    with open(README, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"<!-- readme-example: %s -->\s*```[a-z]*\n(.*?)```" % re.escape(name), text,
                  re.S)
    assert m, "README.md has no example %r" % name
    return m.group(1)


def example_names():
    return sorted(f for f in os.listdir(EXAMPLES_DIR) if f.endswith(".conf"))


def read_example(name):
    with open(os.path.join(EXAMPLES_DIR, name), encoding="utf-8") as f:
        return f.read()


def key_map(text):
    """{placeholder key path: (harness placeholder, secret)} in order of
    first appearance."""
    out = {}
    for path in KEY_RE.findall(text):
        if path not in out:
            assert len(out) < len(HARNESS_KEYS), "more key files than the harness has"
            out[path] = HARNESS_KEYS[len(out)]
    return out


def www_dirs(text):
    return sorted(set(p.rstrip("/") for p in WWW_RE.findall(text)))


def substituted(text, backend_address):
    """The example's text ready to Include from a harness config."""
    for path, (placeholder, _) in key_map(text).items():
        text = text.replace(path, placeholder)
    text = text.replace("/var/www/", "@ROOT@/www/")
    text = BACKEND_RE.sub(backend_address, text)
    text = re.sub(r"<VirtualHost\s+\*:80\s*>", "<VirtualHost 127.0.0.1:@PORT@>", text)
    return text


def make_server(factory, name, backend_address, **kw):
    """An Httpd (from the conftest factory) running the example NAME, not
    started yet: the /var/www directories it names exist under its root."""
    text = read_example(name)
    body = "# conf-examples/%s, placeholders rewritten by mst_examples.py\n%s" % (
        name, substituted(text, backend_address))
    s = factory(body, name="example-" + name, start=False, **kw)
    os.makedirs(s.path("www"), mode=0o755, exist_ok=True)
    os.chmod(s.path("www"), 0o755)
    for d in www_dirs(text):
        p = s.path("www", d[len("/var/www/"):])
        os.makedirs(p, exist_ok=True)
        os.chmod(p, 0o755)
    return s


def write(srv, rel, text):
    """A file of the example's site: www/REL under the server's root."""
    p = srv.path("www", rel)
    with open(p, "w") as f:
        f.write(text)
    os.chmod(p, 0o644)


def tok(created_ago, last_ago, user="alice", secret=H.KEY1):
    """Our cookie's value for a session created and last active so many
    seconds ago."""
    t = H.now()
    return H.mint(secret, user=user, created=t - created_ago, last=t - last_ago)


def get(srv, host, target, token=None, headers=H.NAV, extra=(), method="GET"):
    """A request to the example's vhost HOST (a page load unless headers say
    otherwise), with our cookie TOKEN if given."""
    hdrs = list(headers) + list(extra)
    if token is not None:
        hdrs.append(("Cookie", "%s=%s" % (H.COOKIE, token)))
    return srv.request(method, target, hdrs, host="%s:%d" % (host, srv.port))


# ---------------------------------------------------------------------------
# reading an example


def _directives(block):
    """[(name, args)] of the directives directly in block (not in nested
    sections), comments dropped."""
    out = []
    depth = 0
    for line in block.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("</"):
            depth -= 1
            continue
        if line.startswith("<"):
            depth += 1
            continue
        if depth == 0:
            name, _, args = line.partition(" ")
            out.append((name, args.strip()))
    return out


def _unquote(word):
    return word[1:-1] if len(word) >= 2 and word[0] == word[-1] == '"' else word


class Vhost:
    """What a test needs to know about one <VirtualHost> of an example (or
    the main server, host None)."""

    def __init__(self, text, main=None):
        self.text = text
        self.main = main
        top = _directives(text)
        self.server_name = next((a for n, a in top if n == "ServerName"), None)
        self.top = top
        # ProxyPass PATH URL [key=value ...] at vhost level
        self.proxy_pass = [a.split() for n, a in top if n == "ProxyPass"]
        # <Location "PATH"> sections
        self.locations = []
        for m in re.finditer(r'<Location\s+("[^"]*"|\S+)\s*>(.*?)</Location>', text, re.S):
            self.locations.append((_unquote(m.group(1)), _directives(m.group(2))))

    def setting(self, directive):
        """The first value of a directive here, else in the main server."""
        for n, a in self.top:
            if n == directive:
                return a
        return self.main.setting(directive) if self.main else None

    @property
    def enforced(self):
        v = self.setting("SessionTimeout")
        return v is not None and v.lower() == "on"

    @property
    def exempt_prefixes(self):
        return [p for p, ds in self.locations
                if any(n == "SessionTimeout" and a.lower() == "off" for n, a in ds)]

    def proxies_root(self):
        """The ProxyPass "/" line (as words), or None."""
        for words in self.proxy_pass:
            if _unquote(words[0]) == "/":
                return words
        return None

    def cookie_name(self):
        v = self.setting("SessionTimeoutCookie")
        return v.split()[0] if v else H.COOKIE

    def mint(self, secret, **kw):
        """A token in the format this vhost mints (SessionTimeoutTokenFormat)."""
        v = self.setting("SessionTimeoutTokenFormat")
        if v and v.split()[0].lower() == "v2":
            return H.mint_v2(secret, **kw)
        return H.mint(secret, **kw)

    def signing_secret(self, keys):
        """The secret (bytes) the first SessionTimeoutSecret names."""
        v = self.setting("SessionTimeoutSecret")
        assert v and v.startswith("file:"), v
        return keys[v[len("file:"):]][1]


def vhosts(text):
    """[Vhost] of an example: its <VirtualHost> sections, whose settings
    fall back to the main server (everything outside them)."""
    blocks = re.findall(r"<VirtualHost[^>]*>(.*?)</VirtualHost>", text, re.S)
    main = Vhost(re.sub(r"<VirtualHost[^>]*>.*?</VirtualHost>", "", text, flags=re.S))
    return [Vhost(b, main) for b in blocks]

# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""Path parameters and dot segments on exempt prefixes (issue 11, item 5).

The shipped examples that proxy "/" to one application and exempt a prefix of
it (`<Location "/static/"> SessionTimeout Off`, the login page) are run as
written (mst_examples.py) in front of a backend that maps paths like a servlet
container (servlet_backend.py: Tomcat, Jetty and Spring drop ";params" from
every segment, then decode, then remove dot segments). httpd does not know
";" as anything special: `/static/..;/secret` is under /static/ for
<Location>, so without `ProxyPass ... mapping=servlet` it is exempt, and the
container serves /secret without a session. With mapping=servlet, mod_proxy
maps the path the container's way before the <Location> sections are
matched, and every spelling below lands on the enforced /secret. The mapping
leaves encoded slashes in the path (and AllowEncodedSlashes no longer
refuses them), so the examples also enforce sessions on any path with %2F,
%5C or a backslash: the test's container decodes those into separators, as
a permissively configured Tomcat does.

Which examples are concerned is read from the files themselves: every
<VirtualHost> that enforces sessions, proxies "/" and has a <Location> with
`SessionTimeout Off`."""
import pytest

import mst_examples as E
import mst_harness as H
import servlet_backend as S


def affected_cases():
    out = []
    for name in E.example_names():
        for v in E.vhosts(E.read_example(name)):
            if v.enforced and v.proxies_root() and v.exempt_prefixes:
                out.append((name, v.server_name))
    return out


CASES = affected_cases()


def test_the_issue_examples_are_found():
    """The discovery above finds (at least) the files issue 11 names."""
    names = {n for n, _ in CASES}
    assert {"reverse-proxy-app.conf", "key-rotation.conf", "profile-dynamics365.conf",
            "profile-nist-aal2.conf"} <= names, CASES


# -- the backend itself maps like a servlet container


@pytest.mark.parametrize("target,mapped", [
    ("/secret", "/secret"),
    ("/static/..;/secret", "/secret"),
    ("/login/..;/secret", "/secret"),
    ("/static;x/../secret", "/secret"),
    ("/login;/../secret", "/secret"),
    ("/static/%2e%2e;/secret", "/secret"),
    ("/static/..;jsessionid=1/secret", "/secret"),
    ("/static/.;/..;/secret", "/secret"),
    ("/secret;jsessionid=ABC?x=1", "/secret"),
    ("//static//..;//secret", "/secret"),
    ("/static/app.css;v=2", "/static/app.css"),
    # an encoded ';' is a plain character of the segment, not a parameter
    ("/static/..%3B/secret", "/static/..;/secret"),
    ("/static/", "/static/"),
    ("/", "/"),
])
def test_backend_maps_like_a_servlet_container(target, mapped):
    assert S.servlet_map(target) == mapped


@pytest.mark.parametrize("target", ["/..;/secret", "/static/..%2Fsecret", "/a/%00"])
def test_backend_refuses_like_a_servlet_container(target):
    with pytest.raises(S.Refused):
        S.servlet_map(target)


def test_backend_decoding_slashes_like_a_permissive_container():
    assert S.servlet_map("/static/..%2Fsecret", decode_slash=True) == "/secret"
    assert S.servlet_map("/static/x;y/..%2F..;/secret", decode_slash=True) == "/secret"
    assert S.servlet_map("/static/..%5Csecret", decode_slash=True) == "/secret"
    assert S.servlet_map("/static/..\\secret", decode_slash=True) == "/secret"


# -- the shipped examples


def spellings(prefix):
    """Ways to write /secret that a servlet container maps to /secret, all
    but the plain one starting with the exempt prefix's first segment (as
    httpd's <Location> sees it after its own decoding and dot-segment
    removal)."""
    seg = prefix.strip("/").split("/")[0]
    return [
        "/secret",
        "/%s/..;/secret" % seg,
        "/%s;x/../secret" % seg,
        "/%s;/../secret" % seg,
        "/%s/%%2e%%2e;/secret" % seg,
        "/%s/%%2E%%2E;/secret" % seg,
        "/%s/..;jsessionid=1/secret" % seg,
        "/%s/.;/..;/secret" % seg,
        "/%s/x/..;/..;/secret" % seg,
        "//%s/..;/secret" % seg,
        "/%s//..;//secret" % seg,
        "/secret;jsessionid=1",
    ]


def near_spellings(prefix):
    """Targets next to the spellings: an encoded ';' is data, not a
    parameter, for a container (but httpd without mapping=servlet decodes it
    and forwards a ';'); an encoded '/' or '\\', or a raw '\\', is /secret only
    for a container that decodes them (the test's backend does; Tomcat's
    defaults refuse them), and mapping=servlet passes them on even where
    AllowEncodedSlashes is Off."""
    seg = prefix.strip("/").split("/")[0]
    return [
        "/%s/..%%3B/secret" % seg,
        "/%s/..%%3b/secret?a=b" % seg,
        "/%s/..%%2Fsecret" % seg,
        "/%s/..%%2fsecret" % seg,
        "/%s/%%2e%%2e%%2Fsecret" % seg,
        "/%s/x/..%%2F..%%2Fsecret" % seg,
        "/%s%%2F..%%2Fsecret" % seg,
        "/%s/..%%5Csecret" % seg,
        "/%s/..\\secret" % seg,
    ]


@pytest.mark.parametrize("prefix", ["/static/", "/login", "/login/"])
def test_spellings_are_what_they_say(prefix):
    for target in spellings(prefix):
        assert S.servlet_map(target) == "/secret", target
    for target in near_spellings(prefix):
        try:
            assert S.servlet_map(target) != "/secret", target
        except S.Refused:
            pass
    # the permissive container reads the encoded slashes as separators
    assert S.servlet_map("/%s/..%%2Fsecret" % prefix.strip("/"), decode_slash=True) == "/secret"
    assert S.servlet_map("/%s/..\\secret" % prefix.strip("/"), decode_slash=True) == "/secret"


@pytest.fixture(scope="module")
def servlet():
    # the most permissive container: %2F, %5C and '\\' are separators too
    b = S.ServletBackend(decode_slash=True)
    yield b
    b.stop()


_SERVERS = {}


@pytest.fixture(scope="module")
def example_server(httpd_factory, servlet):
    """example_server(name): that example running in front of the servlet
    backend (one server per example file for the whole module)."""
    def get(name):
        if name not in _SERVERS:
            s = E.make_server(httpd_factory, name, servlet.address)
            s.start()
            _SERVERS[name] = s
        return _SERVERS[name]
    yield get
    _SERVERS.clear()


def vhost_of(name, host):
    return next(v for v in E.vhosts(E.read_example(name)) if v.server_name == host)


def get(srv, host, target, cookie_name=None, token=None, headers=H.NAV):
    hdrs = list(headers)
    if token is not None:
        hdrs.append(("Cookie", "%s=%s" % (cookie_name, token)))
    return srv.get(target, hdrs, host=host)


@pytest.mark.parametrize("name,host", CASES)
def test_example_proxy_uses_servlet_mapping(name, host):
    """The ProxyPass "/" of every such vhost says mapping=servlet, and the
    example sets neither nocanon nor AllowEncodedSlashes (what happens when
    a site adds them is tested below)."""
    words = vhost_of(name, host).proxies_root()
    assert "mapping=servlet" in words[2:], (name, host, " ".join(words))
    assert "nocanon" not in words[2:], (name, host, " ".join(words))
    lines = [l.strip() for l in E.read_example(name).splitlines()]
    assert not [l for l in lines if l.startswith("AllowEncodedSlashes")], name


@pytest.mark.parametrize("name,host", CASES)
def test_example_backend_reachable_with_session(example_server, servlet, name, host):
    """Control: with a valid session /secret reaches the backend, and the
    exempt prefixes answer without one."""
    srv = example_server(name)
    v = vhost_of(name, host)
    keys = E.key_map(E.read_example(name))
    tok = v.mint(v.signing_secret(keys), user="alice")
    r = get(srv, host, "/secret", v.cookie_name(), tok)
    assert r.status == 200 and r.text == "SECRET\n", r
    for prefix in v.exempt_prefixes:
        r = get(srv, host, prefix)
        assert r.status == 200, (prefix, r)
        assert r.text in ("STATIC\n", "LOGIN\n"), (prefix, r)


@pytest.mark.parametrize("name,host", CASES)
def test_example_spellings_of_secret_need_a_session(example_server, servlet, name, host):
    """Without a session no spelling of /secret, and none of the targets
    next to them, reaches the secret: the response is not the secret and
    the backend never maps any of these requests to /secret."""
    srv = example_server(name)
    v = vhost_of(name, host)
    leaks = []
    for prefix in v.exempt_prefixes:
        for target in spellings(prefix) + near_spellings(prefix):
            for headers in (H.NAV, H.XHR):
                mark = servlet.mark()
                r = get(srv, host, target, headers=headers)
                seen = servlet.seen_since(mark)
                reached = [raw for raw, mapped in seen if mapped == "/secret"]
                if b"SECRET" in r.body or reached:
                    leaks.append("%s %s -> %d %r (backend got %r)"
                                 % ("XHR" if headers is H.XHR else "NAV", target, r.status,
                                    r.body[:20], [raw for raw, _ in seen]))
    assert not leaks, "%s (%s): reached the secret without a session:\n  %s" % (
        name, host, "\n  ".join(leaks))


@pytest.mark.parametrize("name,host", CASES)
def test_example_spellings_are_redirected_to_login(example_server, servlet, name, host):
    """Every spelling is judged as /secret: the session check answers (302
    for a page load, 401 for a script), not a 404 of some other path."""
    srv = example_server(name)
    v = vhost_of(name, host)
    for prefix in v.exempt_prefixes:
        for target in spellings(prefix):
            r = get(srv, host, target)
            assert r.status == 302, (target, r)
            assert r.header("X-Test-Reason") == "missing", (target, r)
            r = get(srv, host, target, headers=H.XHR)
            assert r.status == 401, (target, r)


@pytest.mark.parametrize("name,host", CASES)
def test_example_path_params_on_exempt_prefix_stay_exempt(example_server, servlet, name,
                                                          host):
    """The other side of mapping=servlet: a container's own URL rewriting
    (`;jsessionid=...` on the login page, a ';v=2' on an asset) stays under
    the exempt prefix, as the container sees it."""
    srv = example_server(name)
    v = vhost_of(name, host)
    for prefix in v.exempt_prefixes:
        seg = prefix.strip("/").split("/")[0]
        target = "/%s;jsessionid=ABC%s" % (seg, "/x.css" if prefix.endswith("/") else "")
        r = get(srv, host, target)
        assert r.status == 200, (target, r)


def variant(text, setting):
    """The example with one setting added to every <VirtualHost>, or with
    nocanon on its ProxyPass lines."""
    if setting == "nocanon":
        return text.replace(" mapping=servlet", " mapping=servlet nocanon")
    return text.replace("<VirtualHost 127.0.0.1:@PORT@>",
                        "<VirtualHost 127.0.0.1:@PORT@>\n    %s" % setting)


@pytest.mark.parametrize("setting", ["AllowEncodedSlashes On", "AllowEncodedSlashes NoDecode",
                                     "nocanon"])
@pytest.mark.parametrize("name,host", [c for c in CASES if c[0] == "reverse-proxy-app.conf"])
def test_example_stays_closed_with_encoded_slashes_or_nocanon(httpd_factory, servlet, name,
                                                              host, setting):
    """A site that adds AllowEncodedSlashes (On or NoDecode) or nocanon to
    the example gets no new way around the session: mapping=servlet ignores
    nocanon, and the <LocationMatch> for encoded slashes applies whichever
    way httpd decodes them."""
    s = E.make_server(httpd_factory, name, servlet.address)
    s.write_conf(variant(s.body, setting))
    s.start()
    v = vhost_of(name, host)
    leaks = []
    for prefix in v.exempt_prefixes:
        for target in spellings(prefix) + near_spellings(prefix):
            mark = servlet.mark()
            r = get(s, host, target)
            seen = servlet.seen_since(mark)
            if b"SECRET" in r.body or [raw for raw, mapped in seen if mapped == "/secret"]:
                leaks.append("%s -> %d (backend got %r)" % (target, r.status,
                                                           [raw for raw, _ in seen]))
    assert not leaks, "with %s:\n  %s" % (setting, "\n  ".join(leaks))


def test_readme_servlet_block(httpd_factory, servlet):
    """README's servlet-proxy block, as printed, in front of the same
    backend: the same spellings are judged as /secret."""
    block = E.readme_block("servlet-proxy")
    assert "mapping=servlet" in block and "<LocationMatch" in block
    s = httpd_factory("SessionTimeout On\nSessionTimeoutSecret file:@KEY1@\n"
                      "SessionTimeoutLoginURL /login\n"
                      + block.replace("127.0.0.1:8080", servlet.address), name="readme-servlet")
    for target in spellings("/login"):
        r = s.get(target, H.NAV)
        assert r.status == 302 and r.header("X-Test-Reason") == "missing", (target, r)
    for target in spellings("/login") + near_spellings("/login"):
        mark = servlet.mark()
        r = s.get(target, H.NAV)
        assert b"SECRET" not in r.body, (target, r)
        assert "/secret" not in [m for _, m in servlet.seen_since(mark)], (target, r)
    assert s.get("/login;jsessionid=1", H.NAV).status == 200
    r = s.get("/secret", H.NAV, cookie=H.mint())
    assert r.status == 200 and r.text == "SECRET\n", r

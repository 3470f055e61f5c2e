# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""<Location> matches URLs, <Directory> files (issue 11, item 5; README
"What a section covers"). The README's blocks are run as printed, with
/srv/app/files pointing at a directory of the test server:

- alias-location: the same files under /reports/ (Alias, protected by a
  <Location>), /archive/ (another Alias) and /old-reports/ (a RewriteRule
  to the file path): only /reports/ needs a session;
- directory-scope added: every one of them needs a session;
- and the three limits README names: a <Location> with SessionTimeout Off
  for a URL of the same files wins over the <Directory>, a symlink from the
  document root into the tree is not covered, and <Directory> says nothing
  about proxied requests."""
import os

import pytest

import mst_examples as E
import mst_harness as H

FILES = "/srv/app/files"

# what README's "Configuration" section says every site has
SERVER = """
SessionTimeoutSecret file:@KEY1@
SessionTimeoutLoginURL /login/
"""


def rewrite_module():
    if "mod_rewrite" in H.builtin_modules():
        return ""
    return 'LoadModule rewrite_module "%s/mod_rewrite.so"\n' % H.MODULE_DIR


def body(*blocks):
    text = rewrite_module() + SERVER
    for b in blocks:
        text += "\n" + b.replace(FILES, "@ROOT@/files")
    return text


def make(factory, text, name):
    s = factory(text, name=name, start=False)
    d = s.path("files")
    os.makedirs(d, exist_ok=True)
    os.chmod(d, 0o755)
    with open(os.path.join(d, "q3.html"), "w") as f:
        f.write(H.HTML % ("Q3", "Q3-REPORT"))
    os.chmod(os.path.join(d, "q3.html"), 0o644)
    return s


def assert_served(s, url, **kw):
    r = s.get(url, H.NAV, **kw)
    assert r.status == 200 and b"Q3-REPORT" in r.body, (url, r)


@pytest.fixture(scope="module")
def location_only(httpd_factory):
    s = make(httpd_factory, body(E.readme_block("alias-location")), "location-only")
    s.start()
    return s


@pytest.fixture(scope="module")
def with_directory(httpd_factory):
    s = make(httpd_factory, body(E.readme_block("alias-location"),
                                 E.readme_block("directory-scope")), "with-directory")
    s.start()
    return s


def test_readme_blocks_name_the_tree():
    assert FILES in E.readme_block("alias-location")
    assert '<Directory "%s">' % FILES in E.readme_block("directory-scope")
    assert "SessionTimeout On" in E.readme_block("directory-scope")


def test_location_covers_its_own_url_only(location_only):
    s = location_only
    r = s.get("/reports/q3.html", H.NAV)
    H.assert_redirect(r, s.port, "missing", "/reports/q3.html")
    # the same file under the other Alias and through the RewriteRule
    assert_served(s, "/archive/q3.html")
    assert_served(s, "/old-reports/q3.html")
    # httpd removes the dot segments first: this is /archive/ as well
    assert_served(s, "/reports/../archive/q3.html")


@pytest.mark.parametrize("url", ["/reports/q3.html", "/archive/q3.html", "/old-reports/q3.html",
                                 "/reports/../archive/q3.html", "/archive//q3.html"])
def test_directory_covers_every_url_of_the_files(with_directory, url):
    s = with_directory
    r = s.get(url, H.NAV)
    assert r.status == 302 and r.header("X-Test-Reason") == "missing", (url, r)
    assert b"Q3-REPORT" not in r.body, r
    r = s.get(url, H.XHR)
    assert r.status == 401 and b"Q3-REPORT" not in r.body, (url, r)
    assert_served(s, url, cookie=H.mint())


def test_directory_covers_the_directory_index(with_directory):
    r = with_directory.get("/archive/", H.NAV)
    assert r.status == 302 and r.header("X-Test-Reason") == "missing", r


# -- the limits README names


def test_location_off_wins_over_directory(httpd_factory):
    s = make(httpd_factory, body(E.readme_block("alias-location"),
                                 E.readme_block("directory-scope"),
                                 'Alias "/public/" "%s/"\n<Location "/public/">\n'
                                 '    SessionTimeout Off\n</Location>\n' % FILES),
             "location-off")
    s.start()
    r = s.get("/archive/q3.html", H.NAV)
    assert r.status == 302, r
    assert_served(s, "/public/q3.html")


def test_symlink_into_the_tree_is_not_covered(httpd_factory):
    s = make(httpd_factory, body(E.readme_block("alias-location"),
                                 E.readme_block("directory-scope"),
                                 '<Directory "@DOCROOT@">\n    Options +FollowSymLinks\n'
                                 '</Directory>\n'),
             "symlink")
    os.symlink(s.path("files"), os.path.join(s.docroot, "linked"))
    s.start()
    assert s.get("/archive/q3.html", H.NAV).status == 302
    assert_served(s, "/linked/q3.html")


def test_directory_does_not_apply_to_proxied_requests(httpd_factory, backend):
    s = make(httpd_factory, body(E.readme_block("alias-location"),
                                 E.readme_block("directory-scope"),
                                 'ProxyPass "/proxied/" "http://@BACKEND@/files/"\n'),
             "proxied")
    s.start()
    assert s.get("/archive/q3.html", H.NAV).status == 302
    r = s.get("/proxied/q3.html", H.NAV)
    assert r.status == 200 and r.json()["path"] == "/files/q3.html", r

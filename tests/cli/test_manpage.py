# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""test_manpage.py (run by test_manpage.sh): the manual page
session-timeout-token(1) and README's "Admin CLI" section, which it is made
from (scripts/readme2man.py), agree with the command itself:

- the synopsis in README is the command's own --help usage, line for line;
- the commands README describes are the ones --help lists, and every option
  --help lists is described; every option README describes is one the
  command accepts; the exit codes and duration forms are the same;
- README's inspect example, run as printed, prints what README shows;
- the page renders without a warning from man (as lintian checks it), and the
  page make built is the one README gives now.

Prints "ok - ..." or "not ok - ..." per check and "N passed, N failed".
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

TOP_SRCDIR = os.environ.get("top_srcdir") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
TOP_BUILDDIR = os.environ.get("top_builddir") or TOP_SRCDIR
README = os.path.join(TOP_SRCDIR, "README.md")
CLI = os.path.join(TOP_BUILDDIR, "session-timeout-token")
MANPAGE = os.path.join(TOP_BUILDDIR, "session-timeout-token.1")
SPEC_SECRET = b"0123456789abcdef0123456789abcdef\n"

sys.path.insert(0, os.path.join(TOP_SRCDIR, "scripts"))
import readme2man  # noqa: E402

results = {"passed": 0, "failed": 0}


def check(ok, name, detail=""):
    if ok:
        results["passed"] += 1
        print("ok - %s" % name)
    else:
        results["failed"] += 1
        print("not ok - %s" % name)
        for line in str(detail).splitlines():
            print("#   %s" % line)


def run(args, cwd=None):
    p = subprocess.run([CLI] + args, capture_output=True, text=True, cwd=cwd, timeout=30)
    return p.returncode, p.stdout, p.stderr


def subsections(lines):
    """{"Synopsis": [lines], ...}: the ### parts of the CLI section."""
    out, cur = {}, None
    for line in lines:
        if line.startswith("### "):
            cur = line[4:].strip()
            out[cur] = []
        elif cur is not None:
            out[cur].append(line)
    return out


def fenced(lines):
    """The fenced blocks among lines, each as a list of lines."""
    blocks, cur = [], None
    for line in lines:
        if line.startswith("```"):
            if cur is None:
                cur = []
            else:
                blocks.append(cur)
                cur = None
        elif cur is not None:
            cur.append(line)
    return blocks


def terms(lines):
    """The `term` spellings of the "- `term`, `term`: text" items."""
    out = []
    for line in lines:
        m = readme2man.TERM.match(line[2:]) if line.startswith("- ") else None
        if m:
            out.extend(re.findall(r"`([^`]+)`", m.group(1)))
    return out


def joined(lines):
    """Usage lines with their indented continuations joined, spaces squeezed."""
    out = []
    for line in lines:
        if out and re.match(r"^ {8,}\S", line):
            out[-1] += " " + line.strip()
        elif line.strip():
            out.append(line.strip())
    return [re.sub(r"\s+", " ", x) for x in out]


def main():
    if not os.access(CLI, os.X_OK):
        check(False, "%s is built" % CLI)
        return
    with open(README, encoding="utf-8") as f:
        readme = f.read()
    section = readme2man.section(readme)
    parts = subsections(section)
    rc, help_text, _ = run(["--help"])
    check(rc == 0, "--help exits 0")

    # ---- synopsis: README's block is the usage of --help, line for line
    help_lines = help_text.splitlines()
    usage = [m.group(0).strip() for m in
             (re.match(r"^  (keygen|mint|inspect|revoke|store-check)\b.*", x) for x in help_lines) if m]
    help_usage = joined([x for x in help_lines
                         if re.match(r"^  (keygen|mint|inspect|revoke|store-check)\b", x)
                         or re.match(r"^ {8,}\[", x)])
    syn = fenced(parts.get("Synopsis", []))
    readme_usage = [re.sub(r"^session-timeout-token ", "", x)
                    for x in joined(syn[0] if syn else [])]
    check(bool(usage) and readme_usage[:len(help_usage)] == help_usage
          and readme_usage[len(help_usage):] == ["--help", "--version"],
          "README's synopsis is the usage --help prints",
          "README: %r\n--help: %r" % (readme_usage, help_usage))

    # ---- commands and options
    help_cmds = [x.split()[0] for x in usage]
    readme_cmds = terms(parts.get("Commands", []))
    check(sorted(help_cmds) == sorted(readme_cmds),
          "README describes the commands --help lists (%s)" % ", ".join(help_cmds),
          "README: %r" % readme_cmds)
    readme_opts = sorted({t.split()[0] for t in terms(parts.get("Options", []))})
    help_opts = sorted(set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", "\n".join(help_usage))))
    missing = [o for o in help_opts if o not in readme_opts]
    check(not missing, "README describes every option --help lists (%s)" % " ".join(help_opts),
          "not in README's Options: %s" % " ".join(missing))
    unknown = []
    scratch = tempfile.mkdtemp(prefix="mst-manpage-")  # keygen -o x writes x there
    for opt in readme_opts:
        if opt in ("-h", "--help"):
            rc, out, _ = run([opt])
            if rc != 0 or out != help_text:
                unknown.append(opt)
            continue
        if opt == "--version":
            rc, out, _ = run([opt])
            if rc != 0 or not re.match(r"session-timeout-token \S+\n\Z", out):
                unknown.append(opt)
            continue
        # known if some command does not call it unknown
        if all("unknown option" in run([cmd, opt, "x"], cwd=scratch)[2] for cmd in help_cmds):
            unknown.append(opt)
    shutil.rmtree(scratch)
    check(not unknown, "the command accepts every option README describes (%s)"
          % " ".join(readme_opts), "not accepted: %s" % " ".join(unknown))

    # ---- exit codes and durations
    readme_codes = sorted(terms(parts.get("Exit status", [])))
    m = re.search(r"Exit status: (.*)", help_text)
    help_codes = sorted(re.findall(r"\b(\d)\b", m.group(1))) if m else []
    check(readme_codes == help_codes and help_codes,
          "README's exit statuses are those of --help (%s)" % " ".join(help_codes),
          "README: %r, --help: %r" % (readme_codes, help_codes))
    sect_text = "\n".join(section)
    m1 = re.search(r"D is a duration: ([^.]*)\.", re.sub(r"\s+", " ", sect_text))
    m2 = re.search(r"D is a duration: ([^.]*)\.", re.sub(r"\s+", " ", help_text))

    def forms(m):
        return re.findall(r"[0-9]+[a-z]?|Off", m.group(1)) if m else None

    check(m1 and m2 and forms(m1) == forms(m2),
          "README's duration forms are those of --help",
          "README: %r, --help: %r" % (forms(m1), forms(m2)))

    # ---- the inspect example, run as printed
    m = re.search(r"<!-- cli-example: inspect -->\s*```\n(.*?)```", sect_text, re.S)
    if not m:
        check(False, "README's CLI section has the <!-- cli-example: inspect --> block")
    else:
        lines = m.group(1).splitlines()
        argv = shlex.split(lines[0][2:])
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "spec.key"), "wb") as f:
                f.write(SPEC_SECRET)
            rc, out, err = run(argv[1:], cwd=tmp)
        want = "\n".join(lines[1:]) + "\n"
        check(lines[0].startswith("$ session-timeout-token ") and rc == 0 and out == want,
              "README's inspect example prints what README shows",
              "exit %d\n%s%s" % (rc, out, err))

    # ---- the page itself
    page = readme2man.render(section, "0", "2000-01-01")
    man = shutil.which("man")
    if man:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "session-timeout-token.1")
            with open(path, "w", encoding="utf-8") as f:
                f.write(page)
            env = dict(os.environ, MANROFFSEQ="", MANWIDTH="80", LC_ALL="C.UTF-8")
            p = subprocess.run([man, "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", path],
                               capture_output=True, text=True, env=env, timeout=60)
        check(p.returncode == 0 and not p.stderr.strip(),
              "the page renders without warnings (man --warnings, as lintian runs it)", p.stderr)
    else:
        print("ok - # SKIP man is not installed: the page's rendering is not checked")
    if os.path.exists(MANPAGE):
        with open(MANPAGE, encoding="utf-8") as f:
            built = f.read()

        def body(text):
            return [x for x in text.splitlines() if not x.startswith(".TH ")]

        check(body(built) == body(page), "the built %s is README's section now"
              % os.path.basename(MANPAGE), "run make to rebuild it")


main()
print("%d passed, %d failed" % (results["passed"], results["failed"]))
sys.exit(1 if results["failed"] else 0)

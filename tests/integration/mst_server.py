# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""mst_server.py: Httpd, one Debian apache2 instance for a test.

- A private ServerRoot in a temp dir (conf/, logs/, run/, keys/ with KEY1..
  KEY3 and KEY_SHORT, htdocs/ from mst_content.write_docroot), a free
  127.0.0.1 port, and a config written from mst_content.BASE_CONF plus the
  test's body with @ROOT@, @DOCROOT@, @PORT@, @BACKEND@, @KEY1@.. filled in.
  Nothing here reads /etc/apache2.
- start() runs it in the foreground in its own process group and waits until
  it accepts connections and has finished startup logging; stop() always
  stops it (graceful stop, bounded wait, then SIGTERM and SIGKILL of the whole group) and checks
  the rest of its error log; configtest() runs `apache2 -t` on the same tree.
- Core dumps: apache2 runs with the core size limit raised (`ulimit -c`)
  and CoreDumpDirectory cores/ in its tree; when the error log shows a child
  killed by a signal (AH00052, "exit signal"), the problem reported names
  the core files found (cores/, or where the kernel's core_pattern puts
  them), with a one-line backtrace when gdb is installed, or says why there
  is none (fs.suid_dumpable, a piped core_pattern). The tree of a server
  with problems is kept (conftest), so its cores stay.
- get()/post()/request() send requests to it (mst_client); mark(),
  log_text(), log_lines(), mst_lines(), scan_log() read its error log
  (mst_log.ErrorLog), last_access() its access log.
- running: a context manager around a started Httpd. RUNNING: the servers
  now running (the per-test error-log guard of conftest walks them).
"""

import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from mst_client import request
from mst_content import BASE_CONF, BASE_MODULES, MIME_TYPES, write_docroot
from mst_log import CRASH_RE, CURRENT_EXPECTED, LOG_STATS, ErrorLog, expectations
from mst_tokens import ENV_KEY, KEY1, KEY2, KEY3, KEY_SHORT

__all__ = ["APACHE2", "MODULE_DIR", "TOP_SRCDIR", "TOP_BUILDDIR", "MODULE_SO", "RUN_USER",
           "RUN_GROUP", "RUNNING", "free_port", "builtin_modules", "Httpd", "running",
           "core_report", "find_cores"]

APACHE2 = os.environ.get("HTTPD") or "/usr/sbin/apache2"
if not os.path.isabs(APACHE2) or not os.access(APACHE2, os.X_OK):
    APACHE2 = shutil.which(APACHE2) or "/usr/sbin/apache2"
if os.path.basename(APACHE2) in ("apxs", "apxs2") or not os.access(APACHE2, os.X_OK):
    APACHE2 = "/usr/sbin/apache2"
MODULE_DIR = os.environ.get("MST_HTTPD_MODULEDIR", "/usr/lib/apache2/modules")
TOP_SRCDIR = os.environ.get("top_srcdir") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
TOP_BUILDDIR = os.environ.get("top_builddir") or TOP_SRCDIR
MODULE_SO = os.path.join(TOP_BUILDDIR, ".libs", "mod_session_timeout.so")
RUN_USER = "www-data"
RUN_GROUP = "www-data"

# servers currently running (the per-test log check walks them)
RUNNING = []


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# apache2 is started through sh to raise the core size limit (soft up to the
# hard one) and exec'd, so the Popen pid is apache2's; no preexec_fn, which
# is unsafe with the backend threads of this process.
CORE_LIMIT_SH = ["/bin/sh", "-c",
                 'ulimit -c unlimited 2>/dev/null || ulimit -c "$(ulimit -H -c)" 2>/dev/null; '
                 'exec "$@"', "mst-httpd"]

DEAD_CHILD_RE = re.compile(r"child pid (\d+) exit signal ([^,\n]*)")


def _read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def find_cores(pid, core_dir):
    """Core files of the process pid: any core in core_dir (httpd's
    CoreDumpDirectory, where a relative core_pattern writes), and those that
    an absolute core_pattern names for that pid."""
    found = sorted(os.path.join(core_dir, f) for f in os.listdir(core_dir)) \
        if os.path.isdir(core_dir) else []
    pattern = _read("/proc/sys/kernel/core_pattern") or "core"
    if pattern.startswith("/"):
        spec = {"%p": str(pid), "%P": str(pid), "%%": "%"}
        g = re.sub(r"%.", lambda m: spec.get(m.group(0), "*"), glob.escape(pattern))
        if "%p" not in pattern and "%P" not in pattern:
            g += "*"
        found += [f for f in sorted(glob.glob(g)) if f not in found]
    return found


def _backtrace(core):
    """A one-line backtrace of core (gdb), or None."""
    gdb = shutil.which("gdb")
    if gdb is None:
        return None
    try:
        p = subprocess.run([gdb, "-batch", "-nx", "-ex", "bt 8", os.path.realpath(APACHE2), core],
                           capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    frames = [re.sub(r"\s+", " ", l).strip() for l in p.stdout.splitlines()
              if re.match(r"#\d+ ", l)]
    # gdb shows the innermost frame when it loads the core, then bt again
    frames = [f for i, f in enumerate(frames) if i == 0 or f != frames[i - 1]]
    return " | ".join(frames) if frames else None


def core_report(line, core_dir):
    """What became of the core of the child whose death line is line: the
    core files found (and a backtrace), or why there may be none."""
    m = DEAD_CHILD_RE.search(line)
    if not m:
        return ""
    pid = int(m.group(1))
    cores = find_cores(pid, core_dir)
    pattern = _read("/proc/sys/kernel/core_pattern") or "?"
    if cores:
        out = "\n    core files of child %d (CoreDumpDirectory %s, kernel.core_pattern %r): %s" % (
            pid, core_dir, pattern, ", ".join(cores))
        bt = _backtrace(cores[-1])
        if bt:
            out += "\n    backtrace: " + bt
        return out
    return ("\n    no core file of child %d in %s (CoreDumpDirectory) or where "
            "kernel.core_pattern %r puts it; fs.suid_dumpable is %s: children that switched "
            "to www-data dump only with `sysctl fs.suid_dumpable=2` (and then only to an "
            "absolute core_pattern or a pipe)" % (pid, core_dir, pattern,
                                                  _read("/proc/sys/fs/suid_dumpable")))


_BUILTIN = None


def builtin_modules():
    global _BUILTIN
    if _BUILTIN is None:
        out = subprocess.run([APACHE2, "-l"], capture_output=True, text=True, timeout=10).stdout
        _BUILTIN = set(re.findall(r"^\s*(mod_\w+)\.c\s*$", out, re.M))
    return _BUILTIN


class Httpd:
    """One apache2 instance. body is appended to the base config; @ROOT@,
    @DOCROOT@, @PORT@, @BACKEND@ (host:port of the proxied backend) and
    @KEY1@.. @KEY3@, @KEYSHORT@ (secret file paths) are substituted.
    allowed: log declarations (mst_log.expectations) this server may log at
    [warn] or worse in any test."""

    def __init__(self, body, mpm="event", name="httpd", env=None, backend_port=None,
                 load_module=True, allowed=()):
        self.mpm = mpm
        self.name = name
        self.body = body
        self.extra_env = dict(env or {})
        self.backend_port = backend_port
        self.load_module = load_module
        self.allowed = expectations(*allowed)  # for this server's whole life
        self.root = tempfile.mkdtemp(prefix="mst-it-%s-" % re.sub(r"\W", "_", name)[:40])
        self.port = free_port()
        self.proc = None
        self.docroot = os.path.join(self.root, "htdocs")
        self.conf = os.path.join(self.root, "conf", "httpd.conf")
        self.log_path = os.path.join(self.root, "logs", "error_log")
        self.error_log = ErrorLog(self.log_path, name)
        self.access_log = os.path.join(self.root, "logs", "access_log")
        self.keys = {}
        self._setup_tree()

    # -- files

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def _setup_tree(self):
        os.chmod(self.root, 0o755)
        for d in ("conf", "logs", "run", "keys", "htdocs", "cores"):
            os.makedirs(self.path(d), exist_ok=True)
            os.chmod(self.path(d), 0o755)
        # the children that dump there run as www-data
        os.chmod(self.path("cores"), 0o1777)
        os.chmod(self.path("keys"), 0o700)
        with open(self.path("conf", "mime.types"), "w") as f:
            f.write(MIME_TYPES)
        for name, secret in (("KEY1", KEY1), ("KEY2", KEY2), ("KEY3", KEY3),
                             ("KEYSHORT", KEY_SHORT)):
            fp = self.path("keys", name.lower())
            with open(fp, "wb") as f:
                f.write(secret + b"\n")
            os.chmod(fp, 0o600)
            self.keys[name] = fp
        write_docroot(self.docroot)
        self.write_conf(self.body)

    def substitute(self, text):
        subs = {"@ROOT@": self.root, "@DOCROOT@": self.docroot, "@PORT@": str(self.port),
                "@USER@": RUN_USER, "@GROUP@": RUN_GROUP, "@MODULE@": MODULE_SO,
                "@BACKEND@": "127.0.0.1:%s" % self.backend_port}
        for k, v in self.keys.items():
            subs["@%s@" % k] = v
        for k, v in subs.items():
            text = text.replace(k, v)
        return text

    def load_lines(self):
        mods = ["mpm_" + self.mpm] + BASE_MODULES
        out = []
        for m in mods:
            if "mod_%s" % m in builtin_modules():
                continue
            out.append("LoadModule %s_module %s/mod_%s.so" % (m, MODULE_DIR, m))
        if self.load_module:
            out.append('LoadModule session_timeout_module "%s"' % MODULE_SO)
        return "\n".join(out)

    def write_conf(self, body):
        self.body = body
        text = BASE_CONF.replace("@LOADMODULES@", self.load_lines()).replace(
            "@LOGLEVEL@", "info session_timeout:debug" if self.load_module else "info")
        text += "\n" + body + "\n"
        with open(self.conf, "w") as f:
            f.write(self.substitute(text))

    def environ(self):
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "LC_ALL": "C",
               "MST_TEST_ENV_SECRET": ENV_KEY.decode()}
        env.update(self.extra_env)
        return env

    # -- running

    def configtest(self):
        """Runs apache2 -t on this tree: (exit code, stdout+stderr)."""
        p = subprocess.run([APACHE2, "-d", self.root, "-f", self.conf, "-t"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           env=self.environ(), timeout=30)
        return p.returncode, p.stdout.decode("utf-8", "replace")

    def start(self, timeout=10):
        """Starts apache2 in the foreground in its own process group and waits
        (bounded) until the port accepts connections."""
        assert self.proc is None
        self.out = open(self.path("logs", "stdout_stderr"), "wb")
        self.proc = subprocess.Popen(
            CORE_LIMIT_SH + [APACHE2, "-d", self.root, "-f", self.conf, "-DFOREGROUND"],
            stdin=subprocess.DEVNULL, stdout=self.out, stderr=subprocess.STDOUT,
            env=self.environ(), start_new_session=True)
        RUNNING.append(self)
        LOG_STATS["servers"] += 1
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    pass
            except OSError:
                time.sleep(0.05)
                continue
            # the listener accepts before startup has finished logging: wait
            # for the MPM's "resuming normal operations" (event AH00489,
            # prefork AH00163), which follows every post_config line
            if self._started_logging():
                return self
            time.sleep(0.05)
        rc = self.proc.poll()
        output = self.startup_output()
        self.stop(check=False)
        raise RuntimeError("apache2 (%s) did not come up (rc=%r):\n%s" % (self.name, rc, output))

    def _started_logging(self):
        try:
            text = self.error_log.data()
        except OSError:
            return False
        return b"AH00489" in text or b"AH00163" in text

    def startup_output(self):
        out = ""
        for p in (self.path("logs", "stdout_stderr"), self.log_path):
            if os.path.exists(p):
                with open(p, "rb") as f:
                    out += "--- %s\n%s" % (p, f.read().decode("utf-8", "replace")[-4000:])
        return out

    @property
    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, check=True):
        """Stops the server and its children (bounded), then scans the rest of
        its error log. Returns the list of unexpected lines."""
        problems = []
        if self.proc is not None:
            pgid = self.proc.pid
            # A graceful stop (what `apachectl graceful-stop` sends), to the
            # parent only: a SIGTERM to the whole group makes every child
            # run mpm_event's forced shutdown, whose close_worker_sockets()
            # races with workers freeing their connection pools and now and
            # then kills a child with SIGSEGV (AH00052) in httpd's own code,
            # no module on the stack. SIGTERM stays the fallback.
            try:
                os.kill(pgid, signal.SIGWINCH)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(pgid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                try:
                    self.proc.wait(10)
                except subprocess.TimeoutExpired:
                    pass
            # anything left of the group (children, CGIs) is killed
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                try:
                    os.killpg(pgid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.05)
            else:
                try:
                    os.killpg(pgid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
            self.proc = None
            self.out.close()
        if self in RUNNING:
            RUNNING.remove(self)
        if check:
            problems = self.scan_log(CURRENT_EXPECTED)
            problems += self.minted_macs_in_log()
        return problems

    def cleanup(self):
        if os.environ.get("MST_KEEP_TMP"):
            return
        shutil.rmtree(self.root, ignore_errors=True)

    def request(self, method="GET", target="/", headers=(), **kw):
        return request(self.port, method, target, headers, **kw)

    def get(self, target="/", headers=(), **kw):
        return request(self.port, "GET", target, headers, **kw)

    def post(self, target="/", headers=(), body="a=1", **kw):
        hdrs = list(headers)
        if not any(n.lower() == "content-type" for n, _ in hdrs):
            hdrs.append(("Content-Type", "application/x-www-form-urlencoded"))
        return request(self.port, "POST", target, hdrs, body=body, **kw)

    # -- error log (mst_log.ErrorLog)

    def log_text(self, start=0):
        return self.error_log.text(start)

    def mark(self):
        return self.error_log.mark()

    def log_lines(self, since=0):
        return self.error_log.lines(since)

    def last_access(self):
        """The access log line of the last request (requests are sequential
        and request() waits for the connection to close)."""
        with open(self.access_log) as f:
            lines = f.read().splitlines()
        return lines[-1] if lines else ""

    def mst_lines(self, since=0, level=None):
        """Our module's log lines since a mark, optionally of one level."""
        return self.error_log.mst_lines(since, level)

    def scan_log(self, expected=()):
        """Unexpected lines since the last scan; advances the scan mark. A
        child's death comes with what became of its core (core_report)."""
        return [p + core_report(p, self.path("cores")) if CRASH_RE.search(p) else p
                for p in self.error_log.scan(expected, self.allowed)]

    def minted_macs_in_log(self):
        return self.error_log.forbidden_strings()


class running:
    """Context manager: a started Httpd, stopped (and its log checked) on exit.
    Raises AssertionError at exit if the error log had unexpected lines."""

    def __init__(self, body, **kw):
        self.server = Httpd(body, **kw)

    def __enter__(self):
        try:
            self.server.start()
        except BaseException:
            self.server.cleanup()
            raise
        return self.server

    def __exit__(self, etype, evalue, tb):
        problems = self.server.stop()
        if problems:
            keep = self.server.root
        else:
            self.server.cleanup()
        if problems and etype is None:
            raise AssertionError("unexpected error-log lines (tree kept in %s):\n%s"
                                 % (keep, "\n".join(problems)))
        return False

# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""mst_redis.py: a private redis-server for the store tests.

Redis starts Debian's redis-server (never the packaged service) in the
foreground on a free 127.0.0.1 port with persistence off
(`--save '' --appendonly no`), in its own temp dir; stop() ends it (SIGTERM,
then SIGKILL, bounded). freeze()/thaw() send SIGSTOP/SIGCONT (a hung store).
cmd() sends one command over a plain socket (RESP), so tests need no client
library; info_stats() reads `INFO stats`.

REDIS_SERVER is the binary (None when redis-server is not installed: the
store tests skip with a message saying so).
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from mst_server import free_port

__all__ = ["REDIS_SERVER", "Redis"]

REDIS_SERVER = shutil.which("redis-server") or (
    "/usr/bin/redis-server" if os.access("/usr/bin/redis-server", os.X_OK) else None)


def _encode(args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        b = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


class _Reader:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("redis closed the connection")
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\r\n")
        return line

    def exact(self, n):
        while len(self.buf) < n + 2:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("redis closed the connection")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def reply(self):
        line = self.line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError("redis error: %s" % rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self.exact(n).decode("utf-8", "replace")
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.reply() for _ in range(n)]
        raise RuntimeError("unexpected redis reply %r" % line)


class Redis:
    def __init__(self, password=None):
        assert REDIS_SERVER, "redis-server is not installed"
        self.port = free_port()
        self.password = password
        self.dir = tempfile.mkdtemp(prefix="mst-redis-")
        self.proc = None

    def start(self, timeout=10):
        args = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--dir", self.dir, "--logfile", os.path.join(self.dir, "redis.log")]
        if self.password:
            args += ["--requirepass", self.password]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.cmd("PING") == "PONG":
                    return self
            except (OSError, ConnectionError, RuntimeError):
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("redis-server did not come up on port %d" % self.port)

    def cmd(self, *args, timeout=5):
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            r = _Reader(s)
            if self.password:
                s.sendall(_encode(["AUTH", self.password]))
                r.reply()
            s.sendall(_encode(list(args)))
            return r.reply()

    def keys(self, pattern="mst:*"):
        return sorted(self.cmd("KEYS", pattern))

    def info_stats(self):
        out = {}
        for line in self.cmd("INFO", "stats").splitlines():
            k, sep, v = line.partition(":")
            if sep:
                out[k] = v
        return out

    def commands_processed(self):
        return int(self.info_stats()["total_commands_processed"])

    def freeze(self):
        os.kill(self.proc.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.proc.pid, signal.SIGCONT)

    def stop(self):
        if self.proc is None:
            return
        try:
            os.kill(self.proc.pid, signal.SIGCONT)
            self.proc.terminate()
            self.proc.wait(5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                self.proc.kill()
                self.proc.wait(5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        self.proc = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

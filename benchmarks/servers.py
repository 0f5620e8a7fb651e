"""The servers under test, started as a user starts them, and what /proc says about them."""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import aiohttp

HERE = Path(__file__).resolve().parent
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BIN = Path(sys.executable).parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def kaiken_command():
    """The `kaiken` script beside this interpreter, else the module."""
    script = BIN / "kaiken"
    return [str(script)] if script.exists() else [sys.executable, "-m", "simulator.cli"]


def pinned(command, cpus):
    """`taskset -c CPUS command` when pinning is asked for and taskset exists."""
    if cpus is None or shutil.which("taskset") is None:
        return command
    return ["taskset", "-c", cpus, *command]


def proc_stats(pid):
    """Current and peak RSS (MB) and user+system CPU seconds of a process, from /proc."""
    rss = hwm = 0.0
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) / 1024
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return {"rss_mb": rss, "hwm_mb": hwm, "cpu_s": cpu}


class Process:
    """A server subprocess with its log, waited for until its URL answers."""

    health = "/"

    def __init__(self, folder, name, port=None, cpus=None):
        self.folder = Path(folder)
        self.name = name
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.cpus = cpus
        self.log = self.folder / f"{name}.log"
        self.process = None
        self.env = dict(os.environ)

    def command(self):
        raise NotImplementedError

    async def start(self, timeout=60):
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                pinned(self.command(), self.cpus),
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break
                try:
                    async with http.get(self.url + self.health, allow_redirects=False) as r:
                        if r.status < 500:
                            return self
                except aiohttp.ClientError:
                    pass
                await _sleep(0.1)
        raise RuntimeError(f"{self.name} did not start:\n" + self.log.read_text()[-3000:])

    @property
    def pid(self):
        return self.process.pid

    def stats(self):
        return proc_stats(self.pid)

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


async def _sleep(seconds):
    import asyncio

    await asyncio.sleep(seconds)


class Kaiken(Process):
    """`kaiken db upgrade`, `kaiken demo`, then `kaiken serve` (its default async mode)."""

    health = "/healthz"

    def __init__(
        self,
        folder,
        name="kaiken",
        port=None,
        cpus=None,
        database=None,
        queue=None,
        async_mode=None,
    ):
        super().__init__(folder, name, port, cpus)
        self.env.update(
            {
                "KAIKEN_DATABASE_URL": database or f"sqlite:///{self.folder / 'kaiken.db'}",
                "KAIKEN_SECRET_KEY": secrets.token_hex(16),
                "KAIKEN_PUBLIC_URL": self.url,
            }
        )
        self.env.pop("KAIKEN_ASYNC_MODE", None)
        if async_mode:
            self.env["KAIKEN_ASYNC_MODE"] = async_mode
        self.env.pop("KAIKEN_MESSAGE_QUEUE", None)
        if queue:
            self.env["KAIKEN_MESSAGE_QUEUE"] = queue

    def sibling(self, name, cpus=None):
        """A second `kaiken serve` on the same database, secret and message queue."""
        other = Kaiken(self.folder, name, cpus=cpus)
        other.env = {**self.env, "KAIKEN_PUBLIC_URL": other.url}
        return other

    def setup_demo(self):
        """Create the tables and the demo workshop; return the links `kaiken demo` printed."""
        run = dict(env=self.env, check=True, capture_output=True, text=True)
        subprocess.run([*kaiken_command(), "db", "upgrade"], **run)
        out = subprocess.run([*kaiken_command(), "demo", "--port", str(self.port)], **run).stdout
        return parse_links(out)

    def command(self):
        return [*kaiken_command(), "serve", "--host", "127.0.0.1", "--port", str(self.port)]


class Baseline(Process):
    """The bare python-socketio server of benchmarks/baseline_server.py."""

    def __init__(self, folder, name="baseline", port=None, cpus=None, queue=None):
        super().__init__(folder, name, port, cpus)
        self.queue = queue

    def command(self):
        command = [sys.executable, str(HERE / "baseline_server.py"), "--port", str(self.port)]
        return command + (["--queue", self.queue] if self.queue else [])


class Redis(Process):
    """A private redis-server on a free port, so no other test's channel hears our events."""

    def __init__(self, folder, name="redis", port=None):
        super().__init__(folder, name, port)
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def command(self):
        return [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.folder),
        ]

    async def start(self, timeout=20):
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                await _sleep(0.1)
        raise RuntimeError("redis-server did not start:\n" + self.log.read_text())


def parse_links(output):
    """The links `kaiken demo` printed: instructor, screen, join, code and team consoles."""

    def find(label):
        match = re.search(rf"{label}:\s+(\S+)", output)
        if match is None:
            raise RuntimeError(f"no {label} link in:\n{output}")
        return match.group(1)

    return {
        "instructor": find(r"Instructor \(one-time sign-in link\)"),
        "screen": find("Shared screen"),
        "join": find("Reporters join"),
        "teams": re.findall(r"Team console \S+: (\S+)", output),
    }


@contextmanager
def fresh_database(url=None):
    """A new PostgreSQL database beside the one `url` names (default: the local one), dropped
    afterwards: every benchmark run and every scale-out test module starts from an empty one."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = make_url(url or POSTGRES)
    if admin_url.drivername == "postgresql":
        admin_url = admin_url.set(drivername="postgresql+psycopg")
    name = f"kaiken_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()

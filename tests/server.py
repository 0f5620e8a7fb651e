"""A real Kaiken server in a subprocess, set up as `make run` does it, for end-to-end tests."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time

import requests

KAIKEN = [sys.executable, "-m", "simulator.cli"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class KaikenServer:
    """`kaiken db upgrade`, `kaiken demo`, then `kaiken serve` on a free loopback port."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "KAIKEN_DATABASE_URL": f"sqlite:///{tmp_path / 'kaiken.db'}",
            "KAIKEN_SECRET_KEY": secrets.token_hex(16),
            "KAIKEN_PUBLIC_URL": self.url,
        }
        self.env.pop("KAIKEN_ASYNC_MODE", None)
        self.log = tmp_path / "server.log"
        self.process = None
        self.links = {}

    def setup_demo(self):
        subprocess.run([*KAIKEN, "db", "upgrade"], env=self.env, check=True, capture_output=True)
        out = subprocess.run(
            [*KAIKEN, "demo", "--port", str(self.port)],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        self.links = parse_links(out)
        return self.links

    def start(self):
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [*KAIKEN, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except requests.ConnectionError:
                time.sleep(0.2)
        raise RuntimeError("Kaiken did not start:\n" + self.log.read_text())

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


def parse_links(output):
    """The links `kaiken demo` printed: instructor, screen, join, code and team consoles."""

    def find(label):
        match = re.search(rf"{label}:\s+(\S+)", output)
        assert match, f"no {label} link in:\n{output}"
        return match.group(1)

    code = re.search(r"code (\w+)", output)
    return {
        "instructor": find(r"Instructor \(one-time sign-in link\)"),
        "screen": find("Shared screen"),
        "join": find("Reporters join"),
        "code": code.group(1),
        "teams": re.findall(r"Team console \S+: (\S+)", output),
    }

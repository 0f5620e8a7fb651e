"""Two Kaiken processes on one PostgreSQL database and one Redis message queue, as
docs/deploy.md sets them up: what happens on one is seen on the other, a vote through either
counts once, and restarting one loses nothing.

Runs when KAIKEN_TEST_REDIS_URL and KAIKEN_TEST_DATABASE_URL are set (`.ci/run` sets them to the
Redis and PostgreSQL on localhost); each test gets a database and a queue channel of its own.
"""

import os
import re
import secrets
import shutil
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
import socketio
from sqlalchemy import create_engine, text

from benchmarks.servers import fresh_database
from simulator.config import ROOT

from .conftest import real_client
from .server import KAIKEN, KaikenServer, free_port
from .test_server import signed_in

REDIS_URL = os.environ.get("KAIKEN_TEST_REDIS_URL")
DATABASE_URL = os.environ.get("KAIKEN_TEST_DATABASE_URL")

pytestmark = pytest.mark.skipif(
    not (REDIS_URL and DATABASE_URL),
    reason="set KAIKEN_TEST_REDIS_URL and KAIKEN_TEST_DATABASE_URL to run the scale-out tests",
)


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """Processes A and B: same database, secret and queue channel, each on its own port.
    The tests of this module share them, each with questions of its own."""
    with fresh_database(DATABASE_URL) as database:
        yield from started_pair(tmp_path_factory.mktemp("scale-out"), database)


def started_pair(tmp_path, database):
    secret, channel = secrets.token_hex(16), f"kaiken-test-{uuid.uuid4().hex}"
    servers = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        server = KaikenServer(folder)
        server.env.update(
            KAIKEN_DATABASE_URL=database,
            KAIKEN_SECRET_KEY=secret,
            KAIKEN_MESSAGE_QUEUE=REDIS_URL,
            KAIKEN_MESSAGE_CHANNEL=channel,
            KAIKEN_BEHIND_PROXY="1",
        )
        servers.append(server)
    a, b = servers
    a.setup_demo()
    b.links = a.links
    both(servers, "start")
    # The demo's instructor link works once: the module's tests share the signed-in browser,
    # whose cookie either process accepts.
    a.instructor = b.instructor = signed_in(a, a.links["instructor"])
    yield a, b
    both(servers, "stop")


def both(servers, action):
    """Start or stop the processes side by side: each takes seconds, mostly waiting."""
    threads = [threading.Thread(target=getattr(s, action)) for s in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


class Live:
    """A real Socket.IO client that keeps every event and resyncs after a reconnect, as the
    pages do."""

    def __init__(self, server, http, role, reconnect=False):
        self.events = []
        self.snapshot = None
        self.synced = threading.Event()
        self.client = real_client(
            reconnection=reconnect, reconnection_delay=0.2, reconnection_delay_max=1
        )
        for name in ("questions", "tallies", "conference"):
            self.client.on(name, lambda data, name=name: self.events.append((name, data)))
        self.client.on("connect", self._resync)
        cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
        self.client.connect(
            server.url,
            headers={"Cookie": cookie, "Accept-Language": "en"},
            auth={"role": role, "workshop": 1},
            transports=["websocket"],
            wait_timeout=5,
        )
        assert self.synced.wait(10), f"{role} never synced"

    def _resync(self):
        def run():
            ack = self.client.call("sync", {}, timeout=10)
            assert ack["ok"], ack
            self.snapshot = ack["snapshot"]
            self.synced.set()

        self.client.start_background_task(run)

    def call(self, name, payload):
        ack = self.client.call(name, payload, timeout=10)
        assert ack["ok"], (name, ack)
        return ack

    def ask(self, text):
        return self.call("ask", {"client_id": uuid.uuid4().hex, "text": text})

    def wait_for(self, test, seconds=10):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(test(name, data) for name, data in list(self.events)):
                return True
            time.sleep(0.05)
        return False

    def close(self):
        # Without waiting for the WebSocket's closing handshake, as a phone that walks away.
        self.client.eio.disconnect(abort=True)


def reporter(server, name):
    return signed_in(server, server.links["join"], {"name": name, "outlet": "tv"})


def question_seen(question_id, status):
    def test(name, data):
        return name == "questions" and any(
            q["id"] == question_id and q.get("status") == status for q in data["questions"]
        )

    return test


def test_a_question_asked_on_one_process_reaches_the_screen_on_the_other(pair):
    a, b = pair
    phone = Live(a, reporter(a, "Phone on A"), "reporter")
    instructor = Live(b, b.instructor, "instructor")
    screen = Live(b, signed_in(b, b.links["screen"]), "screen")
    asked = phone.ask("Who found the leak?")
    assert instructor.wait_for(question_seen(asked["question_id"], "submitted"))
    instructor.call("moderate", {"question_id": asked["question_id"], "action": "queue"})
    assert screen.wait_for(question_seen(asked["question_id"], "queued"))
    assert phone.wait_for(question_seen(asked["question_id"], "queued"))
    for live in (phone, instructor, screen):
        live.close()


def test_votes_through_either_process_count_once(pair):
    a, b = pair
    instructor = Live(a, a.instructor, "instructor")
    asker = Live(a, reporter(a, "Asker"), "reporter")
    question_id = asker.ask("How many?")["question_id"]
    instructor.call("moderate", {"question_id": question_id, "action": "queue"})
    voters = [
        Live(server, reporter(server, f"Voter {n}"), "reporter")
        for n, server in enumerate((a, b, a, b))
    ]
    for voter in voters:
        voter.call("vote", {"question_id": question_id, "on": True})
        voter.call("vote", {"question_id": question_id, "on": True})  # again: still one vote
    screen = Live(b, signed_in(b, b.links["screen"]), "screen")
    shown = {q["id"]: q["votes"] for q in screen.snapshot["questions"]}
    assert shown[question_id] == 4
    assert instructor.wait_for(
        lambda name, data: name == "tallies" and data.get("votes", {}).get(str(question_id)) == 4
    )
    for voter, left in zip(voters[:2], (3, 2), strict=True):  # one per process takes it back
        assert voter.call("vote", {"question_id": question_id, "on": False})["votes"] == left
        assert voter.call("vote", {"question_id": question_id, "on": False})["votes"] == left
    assert instructor.wait_for(
        lambda name, data: name == "tallies" and data.get("votes", {}).get(str(question_id)) == 2
    )
    again = Live(a, signed_in(a, a.links["screen"]), "screen")
    assert {q["id"]: q["votes"] for q in again.snapshot["questions"]}[question_id] == 2
    for live in (instructor, asker, screen, again, *voters):
        live.close()


def test_reactions_through_either_process_count_once_and_a_new_choice_replaces_the_old(pair):
    a, b = pair
    instructor = Live(a, a.instructor, "instructor")
    asker = Live(b, reporter(b, "Asker"), "reporter")
    question_id = asker.ask("Who is to blame?")["question_id"]
    instructor.call("moderate", {"question_id": question_id, "action": "live"})
    answer = {"client_id": uuid.uuid4().hex, "question_id": question_id, "speaker": "CEO"}
    answer_id = instructor.call("answer", {**answer, "summary": "We are, and we apologise."})[
        "answer_id"
    ]
    phones = [
        Live(server, reporter(server, f"Listener {n}"), "reporter")
        for n, server in enumerate((a, b, a))
    ]
    for phone, kind in zip(phones, ("satisfied", "not_answered", "follow_up"), strict=True):
        phone.call("react", {"answer_id": answer_id, "kind": kind})
        phone.call("react", {"answer_id": answer_id, "kind": kind})  # again: still one
    phones[1].call("react", {"answer_id": answer_id, "kind": "satisfied"})  # changes its mind
    expected = {"satisfied": 2, "not_answered": 0, "follow_up": 1}
    assert instructor.wait_for(
        lambda name, data: (
            name == "tallies" and data.get("reactions", {}).get(str(answer_id)) == expected
        )
    )
    screen = Live(b, signed_in(b, b.links["screen"]), "screen")
    assert screen.snapshot["reactions"][str(answer_id)] == expected
    for live in (instructor, asker, screen, *phones):
        live.close()


def test_restarting_one_process_loses_nothing_and_its_clients_come_back(pair):
    a, b = pair
    phone = Live(a, reporter(a, "Steady on A"), "reporter")
    instructor = Live(a, a.instructor, "instructor")
    screen = Live(b, signed_in(b, b.links["screen"]), "screen", reconnect=True)
    before = phone.ask("Before the restart?")
    instructor.call("moderate", {"question_id": before["question_id"], "action": "queue"})
    assert screen.wait_for(question_seen(before["question_id"], "queued"))

    b.stop()
    screen.synced.clear()
    during = phone.ask("While B is down?")
    instructor.call("moderate", {"question_id": during["question_id"], "action": "queue"})
    b.start()
    assert screen.synced.wait(20), "the screen did not reconnect to B"
    shown = [(q["text"], q["status"]) for q in screen.snapshot["questions"]]
    assert shown[-2:] == [("Before the restart?", "queued"), ("While B is down?", "queued")]

    after = phone.ask("After the restart?")
    instructor.call("moderate", {"question_id": after["question_id"], "action": "queue"})
    assert screen.wait_for(question_seen(after["question_id"], "queued"))
    texts = [q["text"] for q in instructor.call("sync", {})["snapshot"]["questions"]]
    assert texts[-3:] == ["Before the restart?", "While B is down?", "After the restart?"]
    assert len(texts) == len(set(texts))
    for live in (phone, instructor, screen):
        live.close()


def test_a_second_demo_on_postgresql_is_a_second_workshop():
    with fresh_database(DATABASE_URL) as database:
        env = {**os.environ, "KAIKEN_DATABASE_URL": database}
        subprocess.run([*KAIKEN, "db", "upgrade"], env=env, check=True, capture_output=True)
        for _ in range(2):
            out = subprocess.run(
                [*KAIKEN, "demo"], env=env, check=True, capture_output=True, text=True
            ).stdout
            assert "Reporters join" in out
        engine = create_engine(database)
        with engine.connect() as connection:
            assert connection.execute(text("select count(*) from workshop")).scalar() == 2
        engine.dispose()


# --- behind HAProxy, as docs/deploy.md sets it up -------------------------------------------

HAPROXY_CFG = ROOT / "docs" / "deploy" / "haproxy.cfg"


@pytest.fixture(scope="module")
def proxy(pair, tmp_path_factory):
    """HAProxy with docs/deploy/haproxy.cfg in front of A and B, TLS with a throw-away
    certificate."""
    a, b = pair
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    assert Path(haproxy).exists(), "HAProxy is missing: `.ci/run` installs it (apt haproxy)"
    folder = tmp_path_factory.mktemp("proxy")
    key, cert, pem = folder / "key.pem", folder / "cert.pem", folder / "tls.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            key,
            "-out",
            cert,
        ],
        check=True,
        capture_output=True,
    )
    pem.write_bytes(cert.read_bytes() + key.read_bytes())
    port = free_port()
    env = {
        **os.environ,
        "KAIKEN_PROXY_BIND": f"127.0.0.1:{port}",
        "KAIKEN_TLS_PEM": str(pem),
        "KAIKEN_NODE_A": f"127.0.0.1:{a.port}",
        "KAIKEN_NODE_B": f"127.0.0.1:{b.port}",
    }
    log = (folder / "haproxy.log").open("wb")
    process = subprocess.Popen(
        [haproxy, "-db", "-f", str(HAPROXY_CFG)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"https://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            if requests.get(f"{url}/healthz", verify=str(cert), timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        assert time.monotonic() < deadline, (folder / "haproxy.log").read_text()
        time.sleep(0.2)
    yield url, str(cert), folder / "haproxy.log"
    process.terminate()
    process.wait(timeout=10)
    log.close()


def through(proxy, path, form=None):
    """A browser behind the venue's one address, talking to Kaiken through the proxy and
    checking its certificate."""
    url, cert, _ = proxy
    http = requests.Session()
    http.trust_env = False  # the machine's CA bundle does not know the test certificate
    http.verify = cert
    page = http.get(url + path, timeout=10)
    if form is not None:
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        # Over HTTPS the CSRF check wants the Referer a browser sends with the form.
        sent = http.post(
            page.url, data={**form, "csrf_token": token}, headers={"Referer": page.url}, timeout=10
        )
        assert sent.ok, sent.text
    return http


def page_socket(proxy, http, role):
    """The pages' own way in: long-polling first, then the upgrade to WebSocket."""
    client = real_client(http_session=http, reconnection=False)
    client.connect(proxy[0], auth={"role": role, "workshop": 1}, wait_timeout=10)
    try:
        assert client.call("sync", {}, timeout=10)["ok"]
    except socketio.exceptions.TimeoutError:
        # Which process the connection reached and what HAProxy saw of it, for whoever
        # reads a failed run.
        tail = proxy[2].read_text(errors="replace").splitlines()[-20:]
        raise AssertionError(
            f"no sync ack through the proxy (node {http.cookies.get('KAIKEN_NODE')}, "
            f"transport {client.transport()}); HAProxy's last lines:\n" + "\n".join(tail)
        ) from None
    return client


def test_a_room_behind_one_address_spreads_over_both_processes_through_the_proxy(pair, proxy):
    a, _ = pair
    join = "/" + a.links["join"].split("/", 3)[3]
    phones, asked = [], []
    for n in range(6):
        http = through(proxy, join, {"name": f"Venue phone {n}", "outlet": "tv"})
        sock = page_socket(proxy, http, "reporter")
        ack = sock.call("ask", {"client_id": uuid.uuid4().hex, "text": f"Through the proxy {n}?"})
        assert ack["ok"], ack
        assert sock.transport() == "websocket"
        phones.append((http, sock))
        asked.append(ack["question_id"])
    nodes = {http.cookies.get("KAIKEN_NODE") for http, _ in phones}
    assert nodes == {"a", "b"}, "every phone went to the same process"
    session = next(c for c in phones[0][0].cookies if c.name == "session")
    assert session.secure, "behind TLS the session cookie must be Secure"
    instructor = through(proxy, "/")
    instructor.cookies.update(a.instructor.cookies)
    console = page_socket(proxy, instructor, "instructor")
    seen = {q["id"] for q in console.call("sync", {}, timeout=10)["snapshot"]["questions"]}
    assert set(asked) <= seen
    for _, sock in phones:
        sock.eio.disconnect(abort=True)
    console.eio.disconnect(abort=True)

"""End to end over WebSocket with the real Socket.IO client: retries, reconnects, restarts."""

import re
import uuid

import pytest
import requests
import socketio

from .conftest import real_client


def signed_in(server, path, form=None):
    """A requests session that opened a link (and sent its form, with the CSRF token)."""
    http = requests.Session()
    page = http.get(server.url + path if path.startswith("/") else path, timeout=5)
    if form is not None:
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        http.post(page.url, data={**form, "csrf_token": token}, timeout=5)
    return http


def connect(server, http, role, workshop=1):
    client = real_client(reconnection=False)
    cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
    client.connect(
        server.url,
        headers={"Cookie": cookie, "Accept-Language": "en"},
        auth={"role": role, "workshop": workshop},
        transports=["websocket"],
        wait_timeout=5,
    )
    return client


def test_question_survives_retry_reconnect_and_restart(server):
    reporter = signed_in(server, server.links["join"], {"name": "Wire", "outlet": "foreign_wire"})
    instructor = signed_in(server, server.links["instructor"])
    phone = connect(server, reporter, "reporter")
    console = connect(server, instructor, "instructor")
    seen = []
    console.on("questions", seen.append)
    assert phone.call("sync", {}, timeout=5)["ok"]
    assert console.call("sync", {}, timeout=5)["ok"]

    question = {"client_id": uuid.uuid4().hex, "text": "What was leaked?"}
    first = phone.call("ask", question, timeout=5)
    assert first["ok"]
    phone.disconnect()
    phone = connect(server, reporter, "reporter")
    assert phone.call("ask", question, timeout=5) == first
    snapshot = console.call("sync", {}, timeout=5)["snapshot"]
    assert [q["text"] for q in snapshot["questions"]] == ["What was leaked?"]
    assert [p["questions"][0]["text"] for p in seen] == ["What was leaked?"]
    phone.disconnect()
    console.disconnect()

    server.stop()
    server.start()
    phone = connect(server, reporter, "reporter")
    snapshot = phone.call("sync", {}, timeout=5)["snapshot"]
    assert [(q["text"], q["status"]) for q in snapshot["questions"]] == [
        ("What was leaked?", "submitted")
    ]
    phone.disconnect()


def test_stranger_is_refused_over_websocket(server):
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect(server, requests.Session(), "instructor")


def test_one_time_instructor_link_is_single_use(server):
    first = requests.get(server.links["instructor"], timeout=5)
    assert first.url.endswith("/instructor/")
    second = requests.get(server.links["instructor"], timeout=5)
    assert second.status_code == 403

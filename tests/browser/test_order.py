"""Deltas that cross on the way: the phone puts them back in order without a resync, and
resyncs by itself when one never comes.

Between the server and the phone's page, Chromium's WebSocket is routed through the test: it
holds one numbered delta back until the next one has gone through (as two server processes
publishing at once can deliver them), or drops one outright."""

import re
import threading
import uuid

import pytest
from playwright.sync_api import expect

from ..test_server import connect, signed_in
from .test_conference import TEXT, join_by_code, question_item

pytestmark = pytest.mark.browser

DELTA = re.compile(r'^42\["questions"')
SYNC = re.compile(r'^42\d*\["sync"')


class Router:
    """Forwards the page's WebSocket both ways; can hold back or drop one numbered delta."""

    def __init__(self):
        self.lock = threading.Lock()
        self.mode = None  # None, "hold" or "drop"
        self.held = None
        self.syncs = 0
        self.upgraded = threading.Event()

    def route(self, ws):
        server = ws.connect_to_server()

        def from_page(message):
            if isinstance(message, str):
                if message == "5":
                    self.upgraded.set()
                if SYNC.match(message):
                    with self.lock:
                        self.syncs += 1
            server.send(message)

        def from_server(message):
            with self.lock:
                if isinstance(message, str) and DELTA.match(message):
                    if self.mode == "drop":
                        self.mode = None
                        return
                    if self.mode == "hold":
                        self.mode, self.held = "release", message
                        return
                    if self.mode == "release":
                        ws.send(message)
                        message, self.mode, self.held = self.held, None, None
            ws.send(message)

        ws.on_message(from_page)
        server.on_message(from_server)

    def sync_count(self):
        with self.lock:
            return self.syncs


def ask(phone, text):
    ack = phone.call("ask", {"client_id": uuid.uuid4().hex, "text": text}, timeout=5)
    assert ack["ok"], ack
    return ack["question_id"]


def queue(console, question_id):
    ack = console.call("moderate", {"question_id": question_id, "action": "queue"}, timeout=5)
    assert ack["ok"], ack


def test_crossed_deltas_are_reordered_and_a_lost_one_brings_a_resync(server, open_page):
    t = TEXT["en"]
    router = Router()
    page = open_page("order-reporter", t["locale"], phone=True)
    page.route_web_socket(re.compile(r".*/socket\.io/.*"), router.route)
    join_by_code(page, server, t, "Late desk", "tv")
    expect(page.locator("[data-connection]")).to_have_text("Connected")
    assert router.upgraded.wait(10), "the page never moved to WebSocket"

    other = connect(
        server,
        signed_in(server, server.links["join"], {"name": "Wire", "outlet": "tv"}),
        "reporter",
    )
    console = connect(server, signed_in(server, server.links["instructor"]), "instructor")
    first, second, third = (ask(other, f"Question {n} about the leak?") for n in (1, 2, 3))
    page.wait_for_timeout(300)  # the asks' own deltas reach the page in order
    syncs = router.sync_count()

    # Two deltas cross: the first queued question is held until the second has arrived.
    router.mode = "hold"
    queue(console, first)
    queue(console, second)
    for n in (1, 2):
        expect(question_item(page, "[data-queue]", f"Question {n} about")).to_have_count(1)
    page.wait_for_timeout(1500)  # longer than the page waits for a missing delta
    assert router.sync_count() == syncs, "crossed deltas were put in order without a resync"

    # One never comes: the next one waits, then the page resyncs and shows both.
    router.mode = "drop"
    queue(console, third)
    ask(other, "Question 4, asked after the lost one?")
    expect(question_item(page, "[data-queue]", "Question 3 about")).to_have_count(1)
    assert router.sync_count() == syncs + 1
    assert page.errors == []
    other.disconnect()
    console.disconnect()

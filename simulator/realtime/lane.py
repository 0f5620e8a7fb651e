"""Broadcasts first: a phone's request for suggestions waits while a broadcast is being written.

A broadcast to a thousand phones wakes a thousand writers, one per connection, each sending
its copy of the frame. A `suggest` (a read, 1–3 ms of the server's core) handled in between
delays every copy after it; a thousand phones ask for suggestions in a wave after each answer
and piece of news, just when questions and news are being broadcast. Requests that may wait
(`suggest`: the page asks 0.5–8.5 s after the change anyway) take the background lane: one at
a time, each after the writers of every broadcast sent before it have run, and never held
back more than `limit` seconds, so that a conference broadcasting without pause still gets
its suggestions.

Under gevent (`kaiken serve`) a broadcast's writers are woken in order, so a task started
after the broadcast runs once they have sent; under threading (tests) the lane only orders
the waiting requests."""

import threading
import time
from contextlib import contextmanager

from flask import current_app

from ..extensions import socketio


class Lane:
    """`start(task)` runs a task once the hub has run what is already scheduled: Socket.IO's
    `start_background_task`."""

    def __init__(self, limit=1.0, start=None):
        self.limit = limit
        self._start = start or socketio.start_background_task
        self._turn = threading.Lock()  # one waiting request at a time
        self._count = threading.Lock()
        self._written = threading.Event()
        self._written.set()
        self._pending = 0

    def broadcast_sent(self):
        """A broadcast to many phones has been handed to their writers: the lane waits for
        them."""
        with self._count:
            self._pending += 1
            self._written.clear()
        self._start(self._after_writers)

    def _after_writers(self):
        with self._count:
            self._pending -= 1
            if self._pending == 0:
                self._written.set()

    @contextmanager
    def turn(self):
        """Run the body once broadcasts sent so far are written, one request at a time."""
        started = time.monotonic()
        with self._turn:
            self._written.wait(max(0.0, self.limit - (time.monotonic() - started)))
            yield


def broadcast_sent():
    """Tell the app's lane that a broadcast to many phones was just sent."""
    current_app.extensions["kaiken_lane"].broadcast_sent()


def turn():
    return current_app.extensions["kaiken_lane"].turn()

"""A bare python-socketio server with no application logic: the benchmark's baseline.

Same stack as `kaiken serve` (gevent, simple-websocket, gevent's pywsgi server, no WebSocket
compression, the same ping and garbage collector settings), none of Kaiken's work (no
database, no views, no identity). `ask` broadcasts its payload to every client as a numbered
`questions` delta; `suggest` answers with an ack of the size asked for; `vote` counts in
memory, tells the small room at once and every client coalesced once a second, as Kaiken does
(simulator/realtime/fanout.py). With `--queue` it uses a Redis message queue like Kaiken's.

    python benchmarks/baseline_server.py --port 5001 [--queue redis://127.0.0.1:6379/0]
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import importlib.util  # noqa: E402
from collections import defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

import socketio  # noqa: E402
from gevent import pywsgi  # noqa: E402

SMALL_ROLES = ("instructor", "team", "screen")


def kaiken_collector():
    """simulator/collector.py alone: importing the simulator package would load Flask and the
    rest of Kaiken into the baseline's memory."""
    path = Path(__file__).resolve().parent.parent / "simulator" / "collector.py"
    spec = importlib.util.spec_from_file_location("kaiken_collector", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(queue=None):
    manager = socketio.RedisManager(queue) if queue else None
    sio = socketio.Server(
        async_mode="gevent",
        client_manager=manager,
        ping_interval=20,
        ping_timeout=20,
        max_http_buffer_size=64 * 1024,
    )
    votes = defaultdict(int)
    dirty = set()

    @sio.on("connect")
    def connect(sid, environ, auth=None):
        role = (auth or {}).get("role")
        sio.enter_room(sid, "all")
        if role in SMALL_ROLES:
            sio.enter_room(sid, "small")

    @sio.on("sync")
    def sync(sid, data=None):
        return {"ok": True, "snapshot": {"rev": 0, "questions": []}}

    @sio.on("ask")
    def ask(sid, data):
        question = {"id": data["seq"], "text": data.get("text", ""), "status": "queued"}
        payload = {"rev": data["seq"], "questions": [question], "counts": {"received": 0}}
        sio.emit("questions", payload, to="all")
        return {"ok": True, "question_id": data["seq"], "status": "queued"}

    @sio.on("vote")
    def vote(sid, data):
        question_id = str(data["question_id"])
        votes[question_id] += 1
        sio.emit("tallies", {"votes": {question_id: votes[question_id]}}, to="small")
        dirty.add(question_id)
        return {"ok": True, "votes": votes[question_id]}

    @sio.on("suggest")
    def suggest(sid, data=None):
        # as long as the ack Kaiken's phone got at that moment (the benchmark sends its size)
        size = (data or {}).get("size", 0)
        return {"ok": True, "questions": [], "follow_ups": [], "pad": "x" * max(0, size - 60)}

    def tick():
        while True:
            sio.sleep(1.0)
            if dirty:
                changed = {q: votes[q] for q in list(dirty)}
                dirty.clear()
                sio.emit("tallies", {"votes": changed}, to="all")

    sio.start_background_task(tick)
    return sio


def without_websocket_compression(wsgi_app):
    def app(environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return wsgi_app(environ, start_response)

    return app


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--queue", help="Redis URL of a message queue shared by processes")
    args = parser.parse_args()
    app = without_websocket_compression(socketio.WSGIApp(build(args.queue)))
    kaiken_collector().settle()  # the collector as `kaiken serve` sets it
    pywsgi.WSGIServer((args.host, args.port), app, log=None).serve_forever()


if __name__ == "__main__":
    main()

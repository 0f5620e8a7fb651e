"""What each Socket.IO event costs inside Kaiken: milliseconds and SQL queries, in-process.

    python -m benchmarks.event_costs [--questions 50] [--repeat 5]

Builds the demo workshop in a throw-away SQLite file, connects instructor, team, screen and
reporters with Flask-SocketIO's test client (threading mode, no network), puts `--questions`
questions in the conference, then times each event (median of `--repeat`) and counts the
queries it sends. It shows where the server's time goes that `make bench` sees as latency:
a cost that grows with the questions is an N+1 query.
"""

import argparse
import json
import tempfile
import time
import uuid
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import event

from simulator import create_app
from simulator.demo import create_demo
from simulator.extensions import db, socketio
from simulator.services import workshops


def new_id():
    return uuid.uuid4().hex


class Room:
    """The demo workshop with test-client connections for each role."""

    def __init__(self, folder):
        self.app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": new_id(),
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'kaiken.db'}",
                "KAIKEN_ASYNC_MODE": "threading",
                "WTF_CSRF_ENABLED": False,
                # A few phones ask many questions here: more than a reporter may in a minute.
                "RATE_LIMITS": {"question": (10_000, 0.001)},
            }
        )
        with self.app.app_context():
            upgrade()
            workshop = create_demo()
            db.session.commit()
            self.workshop = workshop.id
            self.code = workshop.join_code
            self.screen = workshop.screen_token
            self.team = workshop.teams[0].console_token
            instructor = db.session.get(workshops.Instructor, workshop.instructor_id)
            self.link = workshops.issue_login_link(instructor, 60)
            db.session.commit()
            self.queries = 0
            event.listen(db.engine, "before_cursor_execute", self._count)

    def _count(self, *args):
        self.queries += 1

    def http(self, role, n=0):
        http = self.app.test_client()
        if role == "reporter":
            form = {"name": f"R{n}", "outlet": "tv"}
            assert http.post(f"/j/{self.code}", data=form).status_code == 302
        else:
            path = {
                "instructor": f"/instructor/link/{self.link}",
                "team": f"/team/{self.team}",
                "screen": f"/screen/{self.screen}",
            }[role]
            assert http.get(path).status_code == 302
        return http

    def connect(self, role, n=0):
        sock = socketio.test_client(
            self.app,
            flask_test_client=self.http(role, n),
            auth={"role": role, "workshop": self.workshop},
            headers={"Accept-Language": "en"},
        )
        assert sock.is_connected(), role
        sock.emit("sync", {}, callback=True)
        sock.get_received()
        return sock

    def cost(self, sock, name, payload):
        """(ms, queries, ack) of one acknowledged event."""
        self.queries = 0
        started = time.perf_counter()
        ack = sock.emit(name, payload, callback=True)
        took = (time.perf_counter() - started) * 1000
        sock.get_received()
        return took, self.queries, ack


def measure(questions, repeat):
    with tempfile.TemporaryDirectory() as folder:
        room = Room(folder)
        instructor, team = room.connect("instructor"), room.connect("team")
        screen = room.connect("screen")
        phones = [room.connect("reporter", n) for n in range(4)]
        voter, reader = room.connect("reporter", 98), room.connect("reporter", 99)
        rows = {}

        def run(label, sock, name, payload_of):
            taken = [room.cost(sock, name, payload_of(i)) for i in range(repeat)]
            taken.sort(key=lambda t: t[0])
            ms, queries, ack = taken[len(taken) // 2]
            rows[label] = {"ms": round(ms, 1), "queries": queries}
            return [t[2] for t in taken]

        instructor.emit("clock", {"action": "start"}, callback=True)
        first_answer = room.cost(phones[0], "suggest", {})  # loads the bank, as a fresh server
        rows["suggest (first after start)"] = {"ms": round(first_answer[0], 1)}
        ids = []
        for n in range(questions):
            ack = phones[n % len(phones)].emit(
                "ask",
                {"client_id": new_id(), "text": f"Question {n} about the leak?"},
                callback=True,
            )
            ids.append(ack["question_id"])
            instructor.emit(
                "moderate", {"question_id": ack["question_id"], "action": "queue"}, callback=True
            )
        ask = {"text": "How many customers were told?"}
        asked = run(
            "ask",
            phones[0],
            "ask",
            lambda i: {**ask, "client_id": new_id()},
        )
        run(
            "moderate queue",
            instructor,
            "moderate",
            lambda i: {"question_id": asked[i]["question_id"], "action": "queue"},
        )
        run("vote", voter, "vote", lambda i: {"question_id": ids[i], "on": True})
        run(
            "moderate live",
            instructor,
            "moderate",
            lambda i: {"question_id": ids[-1 - i], "action": "live"},
        )
        answered = run(
            "answer",
            team,
            "answer",
            lambda i: {
                "client_id": new_id(),
                "question_id": ids[-repeat],
                "speaker": "CIO",
                "summary": f"We closed the page and told the customers ({i}).",
            },
        )
        run(
            "react",
            phones[2],
            "react",
            lambda i: {"answer_id": answered[0]["answer_id"], "kind": "satisfied"},
        )
        run(
            "fire_news",
            instructor,
            "fire_news",
            lambda i: {"client_id": new_id(), "factor": "media_heat"},
        )
        run("suggest", reader, "suggest", lambda i: {})
        run("sync (reporter)", reader, "sync", lambda i: {})
        run("sync (instructor)", instructor, "sync", lambda i: {})
        run("sync (screen)", screen, "sync", lambda i: {})
        return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=50, help="questions already asked")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for questions in sorted({args.repeat + 1, args.questions}):
        rows = measure(questions, args.repeat)
        print(json.dumps({"questions_in_conference": questions, "events": rows}))


if __name__ == "__main__":
    main()

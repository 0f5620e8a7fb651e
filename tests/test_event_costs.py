"""What each Socket.IO event asks of the database: one write transaction per mutation, and as
many queries with 30 questions in the conference as with 3 (no query per question)."""

import pytest
from sqlalchemy import event

from simulator.extensions import db, socketio
from simulator.ratelimit import Limits

from .conftest import new_id


class Counter:
    """Counts the statements and commits the app's engine sees while `emit` runs."""

    def __init__(self, app):
        self.queries = self.commits = 0
        with app.app_context():
            self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._query)
        event.listen(self.engine, "commit", self._commit)

    def _query(self, *args):
        self.queries += 1

    def _commit(self, *args):
        self.commits += 1

    def emit(self, sock, name, payload):
        self.queries = self.commits = 0
        ack = sock.emit(name, payload, callback=True)
        assert ack["ok"], (name, ack)
        sock.get_received()
        return self.queries, self.commits

    def close(self):
        event.remove(self.engine, "before_cursor_execute", self._query)
        event.remove(self.engine, "commit", self._commit)


def ask(sock, text):
    ack = sock.emit("ask", {"client_id": new_id(), "text": text}, callback=True)
    assert ack["ok"], ack
    return ack["question_id"]


def grow(room, questions, answered):
    """Questions asked by the three phones, queued, some answered, voted and reacted to."""
    instructor, team = room["instructor"], room["team"]
    phones = [room["r1"], room["r2"], room["r3"]]
    asked = []
    for n in range(questions):
        question_id = ask(phones[n % 3], f"How did question {n} about the leak come about?")
        instructor.emit("moderate", {"question_id": question_id, "action": "queue"}, callback=True)
        phones[(n + 1) % 3].emit("vote", {"question_id": question_id, "on": True}, callback=True)
        asked.append(question_id)
    for question_id in asked[:answered]:
        instructor.emit("moderate", {"question_id": question_id, "action": "live"}, callback=True)
        ack = team.emit(
            "answer",
            {
                "client_id": new_id(),
                "question_id": question_id,
                "speaker": "CIO",
                "summary": "We closed the page on 3 June and wrote to every customer.",
            },
            callback=True,
        )
        phones[2].emit("react", {"answer_id": ack["answer_id"], "kind": "satisfied"}, callback=True)
        instructor.emit("moderate", {"question_id": question_id, "action": "close"}, callback=True)
    for sock in (instructor, team, *phones, room["screen"]):
        sock.get_received()


def costs(room, counter):
    """(queries, commits) of every event, each sent once as the pages send it."""
    instructor, team, screen = room["instructor"], room["team"], room["screen"]
    r1, r2, r3 = room["r1"], room["r2"], room["r3"]
    found = {}
    found["sync reporter"] = counter.emit(r1, "sync", {})
    found["sync instructor"] = counter.emit(instructor, "sync", {})
    found["sync screen"] = counter.emit(screen, "sync", {})
    found["suggest"] = counter.emit(r2, "suggest", {})
    question = {"client_id": new_id(), "text": "When did you first hear of the breach?"}
    found["ask"] = counter.emit(r1, "ask", question)
    question_id = ask(r2, "Will you pay the customers back, and how?")
    found["withdraw"] = counter.emit(r2, "withdraw", {"question_id": question_id})
    question_id = ask(r1, "Who told the regulator, and on which day?")
    found["moderate queue"] = counter.emit(
        instructor, "moderate", {"question_id": question_id, "action": "queue"}
    )
    found["vote"] = counter.emit(r3, "vote", {"question_id": question_id, "on": True})
    found["moderate live"] = counter.emit(
        instructor, "moderate", {"question_id": question_id, "action": "live"}
    )
    answer = {
        "client_id": new_id(),
        "question_id": question_id,
        "speaker": "CIO",
        "summary": "We told the regulator within three days and will report in full.",
    }
    found["answer"] = counter.emit(team, "answer", answer)
    answer_id = instructor.emit("sync", {}, callback=True)["snapshot"]["questions"]
    answer_id = next(q["answer"]["id"] for q in answer_id if q["id"] == question_id)
    found["react"] = counter.emit(r2, "react", {"answer_id": answer_id, "kind": "follow_up"})
    score = {"client_id": new_id(), "answer_id": answer_id, "values": {"facts": 3}}
    found["score"] = counter.emit(instructor, "score", score)
    found["moderate close"] = counter.emit(
        instructor, "moderate", {"question_id": question_id, "action": "close"}
    )
    found["fire_news"] = counter.emit(
        instructor, "fire_news", {"client_id": new_id(), "factor": "media_heat"}
    )
    found["plan"] = counter.emit(instructor, "plan", {"minutes": 25})
    found["team_moderation"] = counter.emit(instructor, "team_moderation", {"allowed": True})
    found["clock pause"] = counter.emit(instructor, "clock", {"action": "pause"})
    found["clock resume"] = counter.emit(instructor, "clock", {"action": "resume"})
    return found


READ_ONLY = {"sync reporter", "sync instructor", "sync screen", "suggest"}


@pytest.fixture
def counted(app, room):
    # Three phones ask thirty questions here: more than a reporter may ask in a minute.
    app.extensions["kaiken_limits"] = Limits({"question": (100, 0.1)})
    room["instructor"].emit("clock", {"action": "start"}, callback=True)
    counter = Counter(app)
    yield room, counter
    counter.close()


def test_every_mutation_is_one_write_transaction(counted):
    room, counter = counted
    grow(room, questions=3, answered=1)
    for name, (queries, commits) in costs(room, counter).items():
        if name in READ_ONLY:
            assert commits == 0, f"{name} wrote to the database"
        else:
            assert commits == 1, f"{name} made {commits} commits"
        assert queries > 0, name


def test_no_event_makes_a_query_per_question(counted):
    room, counter = counted
    grow(room, questions=3, answered=1)
    few = costs(room, counter)
    grow(room, questions=27, answered=6)
    many = costs(room, counter)
    grown = {name: (few[name][0], many[name][0]) for name in few if many[name][0] > few[name][0]}
    assert grown == {}, f"queries grew with the questions (3 vs 30): {grown}"


def test_a_phones_suggest_is_one_query_once_the_board_is_drawn(counted):
    # A thousand phones ask after every answer and news item: who is asking and whether the
    # board is still current are read by the same query.
    room, counter = counted
    grow(room, questions=3, answered=1)
    counter.emit(room["r2"], "suggest", {})  # draws the board
    assert counter.emit(room["r3"], "suggest", {}) == (1, 0)


def test_connecting_is_one_query_for_every_role(app, make_workshop, make_http):
    # A thousand phones connect at once after a Wi-Fi drop: each proves who it is with one
    # query that loads no rows.
    ws = make_workshop()
    counter = Counter(app)
    try:
        for role in ("instructor", "team", "screen", "reporter"):
            http = make_http(role, ws)
            counter.queries = 0
            sock = socketio.test_client(
                app, flask_test_client=http, auth={"role": role, "workshop": ws["id"]}
            )
            assert sock.is_connected(), role
            assert counter.queries == 1, f"{role} connected with {counter.queries} queries"
            sock.disconnect()
    finally:
        counter.close()

"""One mutation, one transaction: nothing it wrote is on disk before its commit.

A reader on a connection of its own (as another server process or a restart after a crash
would read the file) sees none of a vote, a question or a reaction until the event commits,
and nothing at all once it rolls back, so a kill between two statements cannot leave a vote
row without its count or a question without the conference's next revision.
"""

import sqlite3

from sqlalchemy import select

from simulator.extensions import db
from simulator.models import Conference, Reporter
from simulator.services import conference as service

from .conftest import new_id


def on_disk(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        votes = conn.execute("SELECT count(*) FROM vote").fetchone()[0]
        counted = conn.execute("SELECT coalesce(sum(votes), 0) FROM question").fetchone()[0]
        questions = conn.execute("SELECT count(*) FROM question").fetchone()[0]
        reactions = conn.execute("SELECT count(*) FROM reaction").fetchone()[0]
        rev = conn.execute("SELECT max(rev) FROM conference").fetchone()[0]
        return {
            "votes": votes,
            "counted": counted,
            "questions": questions,
            "reactions": reactions,
            "rev": rev,
        }
    finally:
        conn.close()


def test_uncommitted_mutations_stay_off_disk_and_roll_back_whole(
    app, tmp_path, make_workshop, make_http
):
    path = tmp_path / "kaiken.db"
    ws = make_workshop()
    make_http("reporter", ws, name="R1")
    make_http("reporter", ws, name="R2")
    with app.app_context():
        conference = db.session.get(Conference, ws["conference_id"])
        first, second = db.session.scalars(
            select(Reporter).where(Reporter.workshop_id == ws["id"]).order_by(Reporter.id)
        ).all()
        question, _ = service.ask(conference, first, new_id(), "何件ですか。", None, 280)
        service.moderate(conference, question.id, "queue", None, 280)
        service.moderate(conference, question.id, "live", None, 280)
        limits = {"NAME_MAX_CHARS": 80, "ANSWER_MAX_CHARS": 400}
        service.record_answer(conference, new_id(), question.id, "CIO", "調査中です。", limits)
        db.session.commit()
        question_id, answer_id = question.id, question.answer.id
        before = on_disk(path)

        service.vote(conference, second, question_id, True)
        service.ask(conference, second, new_id(), "原因は？", None, 280)
        service.react(conference, second, answer_id, "satisfied")
        assert on_disk(path) == before
        db.session.rollback()
        assert on_disk(path) == before

        service.vote(conference, second, question_id, True)
        db.session.commit()
        after = on_disk(path)
        assert after["votes"] == before["votes"] + 1
        assert after["counted"] == before["counted"] + 1

"""Each refused or failed request and event is logged once, saying what and who; never a
password, a token or a form's content."""

import logging
import re
import sqlite3
import uuid

import pytest
from flask_socketio import SocketIOTestClient

from simulator.extensions import db, socketio
from simulator.models import Instructor
from simulator.services import workshops
from tests.conftest import csrf_token

LOGGER = "simulator"


def lines(caplog, start):
    return [r for r in caplog.records if r.name == LOGGER and r.getMessage().startswith(start)]


def everything_logged(caplog):
    text = []
    for record in caplog.records:
        text.append(record.getMessage())
        if record.exc_info:
            text.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(text)


def test_a_refused_page_is_logged_once_with_what_and_who(app, make_workshop, make_http, caplog):
    ws = make_workshop()
    team_id = ws["teams"][0][0]
    team = make_http("team", ws)
    caplog.set_level(logging.INFO, logger=LOGGER)
    assert team.get(f"/instructor/w/{ws['id']}/export.json").status_code == 403
    [line] = lines(caplog, "request refused")
    text = line.getMessage()
    assert f"GET /instructor/w/{ws['id']}/export.json -> 403" in text
    assert f"team {team_id} of workshop {ws['id']}" in text and "127.0.0.1" in text
    assert line.levelno == logging.INFO
    caplog.clear()
    assert team.get(f"/team/w/{ws['id']}").status_code == 200
    assert lines(caplog, "request") == []  # what is allowed is not logged as refused


def test_passwords_and_tokens_never_reach_the_log(app, make_workshop, make_http, caplog):
    ws = make_workshop()
    with app.app_context():
        instructor = db.session.get(Instructor, ws["instructor_id"])
        workshops.set_password(instructor, "the-right-password-42")
        db.session.commit()
    caplog.set_level(logging.INFO, logger=LOGGER)
    stranger = app.test_client()
    guessed_team, guessed_link = "Zq9" + "x" * 19, "L1nk" + "y" * 28
    assert stranger.get(f"/team/{guessed_team}").status_code >= 400
    assert stranger.get(f"/instructor/link/{guessed_link}").status_code == 403
    assert stranger.get(f"/screen/{ws['screen'][:-2]}zz").status_code >= 400
    page = stranger.get("/instructor/login").get_data(as_text=True)
    token = csrf_token(page)
    wrong = {"login": "instructor", "password": "hunter2-wrong-secret", "csrf_token": token}
    assert stranger.post("/instructor/login", data=wrong).status_code == 400
    unsigned = {"login": "instructor", "password": "the-right-password-42"}
    assert stranger.post("/instructor/login", data=unsigned).status_code == 400
    refused = lines(caplog, "request refused")
    assert len(refused) == 5, [r.getMessage() for r in refused]
    assert "GET /team/[redacted] -> 40" in refused[0].getMessage()
    assert "GET /instructor/link/[redacted] -> 403" in refused[1].getMessage()
    assert "POST /instructor/login -> 400 (The CSRF token is missing.)" in (refused[4].getMessage())
    logged = everything_logged(caplog)
    secrets = [guessed_team, guessed_link, ws["screen"][:-2], token, "hunter2", "right-password"]
    secrets += [t for _, t in ws["teams"]]
    for secret in secrets:
        assert secret not in logged, secret


def test_a_refused_event_is_logged_once_with_its_sender(app, room, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    reporter = room["r1"]
    ack = reporter.emit("score", {"answer_id": 1, "values": {"facts": 3}}, callback=True)
    assert ack["error"] == "forbidden"
    [line] = lines(caplog, "event refused")
    with app.app_context():
        reporter_id = db.session.scalar(
            db.select(workshops.Reporter.id).where(workshops.Reporter.name == "R1")
        )
    assert f"score (forbidden); by reporter {reporter_id} of workshop {room['ws']['id']}" in (
        line.getMessage()
    )
    caplog.clear()
    ok = reporter.emit("ask", {"client_id": uuid.uuid4().hex, "text": "件数は？"}, callback=True)
    assert ok["ok"] and lines(caplog, "event") == []


def test_a_stranger_refused_at_connect_is_logged(app, make_workshop, caplog):
    ws = make_workshop()
    caplog.set_level(logging.INFO, logger=LOGGER)
    sock = SocketIOTestClient(app, socketio, auth={"role": "instructor", "workshop": ws["id"]})
    assert not sock.is_connected()
    [line] = lines(caplog, "connection refused")
    assert f"role instructor, workshop {ws['id']}" in line.getMessage()


@pytest.fixture
def locked_database(app):
    """Another program holds the SQLite write lock longer than Kaiken waits (5 s)."""
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    yield
    holder.execute("ROLLBACK")
    holder.close()


def test_a_failed_event_and_a_failed_page_are_logged_once_with_the_trace(
    app, room, make_http, caplog, locked_database
):
    caplog.set_level(logging.INFO, logger=LOGGER)
    ack = room["r2"].emit("ask", {"client_id": uuid.uuid4().hex, "text": "件数は？"}, callback=True)
    assert ack["error"] == "server_error"
    [line] = lines(caplog, "event failed")
    assert line.getMessage().startswith("event failed: ask; by reporter ")
    assert line.exc_info and "database is locked" in str(line.exc_info[1])
    assert lines(caplog, "event refused") == []

    app.config["PROPAGATE_EXCEPTIONS"] = False  # as when serving: the user gets the error page
    http = app.test_client()
    code = room["ws"]["code"]
    token = csrf_token(http.get(f"/j/{code}").get_data(as_text=True))
    failed = http.post(f"/j/{code}", data={"name": "遅刻", "outlet": "tv", "csrf_token": token})
    assert failed.status_code == 500
    [line] = lines(caplog, "request failed")
    assert f"POST /j/{code} -> 500; by nobody signed in from 127.0.0.1" in line.getMessage()
    assert line.exc_info and line.levelno == logging.ERROR
    assert lines(caplog, "request refused") == []
    assert re.search(r"nothing was saved|何も保存されていません", failed.get_data(as_text=True))

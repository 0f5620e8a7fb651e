"""Fixtures: a fresh SQLite file per test, HTTP clients per role and Socket.IO clients."""

import re
import uuid

import pytest
import socketio as socketio_client
from flask_migrate import upgrade

from simulator import create_app
from simulator.demo import create_demo
from simulator.extensions import db, socketio
from simulator.services import workshops

from .server import KaikenServer

REAL_CLIENTS = []  # real Socket.IO clients made by the running test


def real_client(**options):
    """A real Socket.IO client that is shut down when its test ends, pass or fail."""
    client = socketio_client.Client(**options)
    REAL_CLIENTS.append(client)
    return client


@pytest.fixture(autouse=True)
def _real_clients_end_with_their_test():
    """A client left reconnecting to a stopped server would go on drawing from the global
    random generator in its own thread, and Hypothesis in a later test would see it."""
    yield
    while REAL_CLIENTS:
        REAL_CLIENTS.pop().shutdown()


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": uuid.uuid4().hex,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'kaiken.db'}",
            "KAIKEN_ASYNC_MODE": "threading",
        }
    )
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(page_html):
    match = re.search(r'name="csrf_token" value="([^"]+)"', page_html)
    assert match, "form has no CSRF token"
    return match.group(1)


def post_form(http, url, data, lang="en"):
    """GET the form, then POST it with its CSRF token, as a browser would."""
    headers = {"Accept-Language": lang}
    page = http.get(url, headers=headers)
    token = csrf_token(page.get_data(as_text=True))
    return http.post(url, data={**data, "csrf_token": token}, headers=headers)


def submit(http, page_url, action_url, data, lang="en"):
    """POST to `action_url` a form shown on `page_url`, with that page's CSRF token."""
    headers = {"Accept-Language": lang}
    token = csrf_token(http.get(page_url, headers=headers).get_data(as_text=True))
    return http.post(action_url, data={**data, "csrf_token": token}, headers=headers)


@pytest.fixture
def make_workshop(app):
    """Builds the demo workshop (team A's conference open) and returns its ids and tokens."""

    def build():
        with app.app_context():
            workshop = create_demo()
            db.session.commit()
            return {
                "id": workshop.id,
                "code": workshop.join_code,
                "screen": workshop.screen_token,
                "teams": [(t.id, t.console_token) for t in workshop.teams],
                "conference_id": workshop.current_conference_id,
                "instructor_id": workshop.instructor_id,
            }

    return build


@pytest.fixture
def make_http(app):
    """An HTTP client signed in as a role: reporter, instructor, team or screen."""

    def build(role, ws, name="Reporter", outlet="national_daily", team=0, lang="en"):
        http = app.test_client()
        if role == "reporter":
            response = post_form(
                http, f"/j/{ws['code']}", {"name": name, "outlet": outlet}, lang=lang
            )
            assert response.status_code == 302, response.get_data(as_text=True)
        elif role == "instructor":
            with app.app_context():
                instructor = db.session.get(workshops.Instructor, ws["instructor_id"])
                token = workshops.issue_login_link(instructor, 60)
                db.session.commit()
            assert http.get(f"/instructor/link/{token}").status_code == 302
        elif role == "team":
            assert http.get(f"/team/{ws['teams'][team][1]}").status_code == 302
        elif role == "screen":
            assert http.get(f"/screen/{ws['screen']}").status_code == 302
        return http

    return build


@pytest.fixture
def connect(app):
    """Connects Socket.IO test clients that share an HTTP client's cookies."""
    clients = []

    def build(http, role, workshop_id, lang="en"):
        sock = socketio.test_client(
            app,
            flask_test_client=http,
            auth={"role": role, "workshop": workshop_id},
            headers={"Accept-Language": lang},
        )
        clients.append(sock)
        if sock.is_connected():
            ack = sock.emit("sync", {}, callback=True)
            assert ack["ok"], ack
            sock.snapshot = ack["snapshot"]
            sock.get_received()
        return sock

    yield build
    for sock in clients:
        if sock.is_connected():
            sock.disconnect()


@pytest.fixture
def room(make_workshop, make_http, connect):
    """A conference in progress: instructor, team A, screen and three reporters connected."""
    ws = make_workshop()
    people = {}
    for role, extra in (("instructor", {}), ("team", {}), ("screen", {})):
        http = make_http(role, ws, **extra)
        people[role] = connect(http, role, ws["id"])
    outlets = ("national_daily", "tv", "it_trade")
    for n, outlet in enumerate(outlets, start=1):
        http = make_http("reporter", ws, name=f"R{n}", outlet=outlet)
        people[f"r{n}"] = connect(http, "reporter", ws["id"])
        people[f"r{n}"].http = http
    people["ws"] = ws
    people["connect"] = connect
    return people


def events(sock, name=None):
    """The events a client received since last asked, optionally only one kind."""
    received = sock.get_received()
    return [(e["name"], e["args"][0]) for e in received if name is None or e["name"] == name]


def new_id():
    return uuid.uuid4().hex


@pytest.fixture
def server(tmp_path):
    """A real `kaiken serve` with the demo workshop, as `make run` starts it."""
    server = KaikenServer(tmp_path)
    server.setup_demo()
    server.start()
    yield server
    server.stop()

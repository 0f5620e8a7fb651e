"""Generated bad input to every Socket.IO event and every HTTP route, from every role.

Payloads of wrong types, missing and extra fields, huge and empty values, unknown ids and ids
of another workshop. Kaiken answers each with a clear refusal or does what it was asked: no
unhandled exception, no 500, no "server_error" acknowledgement, the server answers after,
and a refused payload commits nothing (SQLite's data_version, read on a connection of our own,
moves only when another connection commits a change).
"""

import hashlib
import io
import re
import sqlite3
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from simulator import create_app
from simulator.demo import create_demo
from simulator.extensions import db, socketio
from simulator.models import AnswerFlag, Instructor, Question
from simulator.services import workshops
from tests.conftest import csrf_token

SOCKET_EXAMPLES = 520  # per event: 14 events, 7,280 payloads
HTTP_EXAMPLES = 3200  # spread over every route and method
CSRF_FREE = {"WTF_CSRF_ENABLED": False}

FIELDS = (
    "client_id",
    "text",
    "follows_answer_id",
    "bank_id",
    "question_id",
    "on",
    "action",
    "reason",
    "speaker",
    "summary",
    "answer_id",
    "kind",
    "values",
    "comment",
    "minutes",
    "allowed",
    "factor",
    "headline",
    "details",
    "flag_id",
    "dismissed",
)
WORDS = (
    "queue",
    "reject",
    "live",
    "skip",
    "close",
    "start",
    "pause",
    "resume",
    "satisfied",
    "not_answered",
    "follow_up",
    "ceo_unreachable",
    "facts",
    "care",
    "own1",
    "代表取締役社長 山田 太郎",
    "おそらく委託先の責任です。",
)


def fuzz_settings(examples):
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


class Changes:
    """Tells whether any other connection committed a change since the last look."""

    def __init__(self, path):
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.last = self.version()

    def version(self):
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def committed(self):
        now = self.version()
        moved, self.last = now != self.last, now
        return moved


def fingerprint(app):
    """A digest of every row of every table."""
    digest = hashlib.sha256()
    with app.app_context():
        for table in db.metadata.sorted_tables:
            rows = db.session.execute(table.select().order_by(*table.primary_key.columns))
            for row in rows:
                digest.update(repr(tuple(row)).encode())
        db.session.rollback()
    return digest.hexdigest()


def sign_in(app, instructor_id):
    http = app.test_client()
    with app.app_context():
        token = workshops.issue_login_link(db.session.get(Instructor, instructor_id), 60)
        db.session.commit()
    assert http.get(f"/instructor/link/{token}").status_code == 302
    return http


def join(app, code, name):
    http = app.test_client()
    page = http.get(f"/j/{code}")
    form = {"name": name, "outlet": "tv", "csrf_token": csrf_token(page.get_data(as_text=True))}
    assert http.post(f"/j/{code}", data=form).status_code == 302
    return http


def demo_workshop(app, other_instructor=False):
    with app.app_context():
        workshop = create_demo()
        if other_instructor:
            other = workshops.get_or_create_instructor("other", "Other")
            db.session.flush()
            workshop.instructor_id = other.id
        db.session.commit()
        return {
            "id": workshop.id,
            "code": workshop.join_code,
            "screen": workshop.screen_token,
            "teams": [(t.id, t.console_token) for t in workshop.teams],
            "conference": workshop.current_conference_id,
            "instructor": workshop.instructor_id,
        }


def people(app, ws):
    """HTTP clients of every role in a workshop; two reporters."""
    team, screen = app.test_client(), app.test_client()
    assert team.get(f"/team/{ws['teams'][0][1]}").status_code == 302
    assert screen.get(f"/screen/{ws['screen']}").status_code == 302
    return {
        "instructor": sign_in(app, ws["instructor"]),
        "team": team,
        "screen": screen,
        "reporter": join(app, ws["code"], "記者一"),
        "reporter2": join(app, ws["code"], "記者二"),
    }


def sockets(app, ws, clients):
    made = {}
    for name, http in clients.items():
        role = "reporter" if name.startswith("reporter") else name
        sock = socketio.test_client(
            app, flask_test_client=http, auth={"role": role, "workshop": ws["id"]}
        )
        assert sock.is_connected(), name
        made[name] = sock
    return made


def call(sock, event, *args):
    ack = sock.emit(event, *args, callback=True)
    sock.get_received()
    return ack


def hold_a_conference(socks):
    """A question asked, voted, live and answered with a red flag; another one queued."""
    first = call(socks["reporter"], "ask", {"client_id": uuid.uuid4().hex, "text": "何件ですか。"})
    second = call(socks["reporter2"], "ask", {"client_id": uuid.uuid4().hex, "text": "原因は？"})
    call(socks["instructor"], "moderate", {"question_id": second["question_id"], "action": "queue"})
    call(socks["reporter"], "vote", {"question_id": second["question_id"]})
    call(socks["instructor"], "moderate", {"question_id": first["question_id"], "action": "live"})
    answer = call(
        socks["team"],
        "answer",
        {
            "client_id": uuid.uuid4().hex,
            "question_id": first["question_id"],
            "speaker": "CIO 佐藤 花子",
            "summary": "おそらく内部の者の犯行でしょう。",
        },
    )
    assert answer["ok"], answer
    return {"questions": [first["question_id"], second["question_id"]], "answer": answer}


@pytest.fixture
def world(tmp_path):
    """Two workshops of two instructors, each with a conference held a little; every role of
    the first connected over Socket.IO."""
    path = tmp_path / "kaiken.db"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": uuid.uuid4().hex,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "KAIKEN_ASYNC_MODE": "threading",
            **CSRF_FREE,
        }
    )
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
    mine, theirs = demo_workshop(app), demo_workshop(app, other_instructor=True)
    clients = people(app, mine)
    socks = sockets(app, mine, clients)
    held = hold_a_conference(socks)
    their_socks = sockets(app, theirs, people(app, theirs))
    their_held = hold_a_conference(their_socks)
    with app.app_context():
        ids = set(db.session.scalars(select(Question.id))) | set(
            db.session.scalars(select(AnswerFlag.id))
        )
    yield {
        "app": app,
        "path": path,
        "mine": mine,
        "theirs": theirs,
        "clients": clients,
        "socks": socks,
        "held": held,
        "their_held": their_held,
        "ids": sorted(ids | {0, -1, 2**31, 2**63 - 1, 2**63, 10**30}),
    }
    for sock in [*socks.values(), *their_socks.values()]:
        if sock.is_connected():
            sock.disconnect()
    with app.app_context():
        db.engine.dispose()


def values(ids):
    scalar = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.sampled_from(ids),
        st.floats(),
        st.text(max_size=12),
        st.sampled_from(WORDS),
        st.uuids().map(lambda u: u.hex),
        st.sampled_from(["", " ", "\u3000", "\x00", "x" * 5000, "長" * 100_000]),
        st.binary(max_size=8),
    )
    return st.recursive(
        scalar,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.sampled_from(FIELDS), inner, max_size=3)
        ),
        max_leaves=4,
    )


def payloads(ids):
    """Mostly an object of the events' fields (some missing, some extra); else any value."""
    keys = st.sampled_from(FIELDS) | st.sampled_from(["", "__proto__", "x" * 300])
    fields = st.dictionaries(keys, values(ids), max_size=6)
    return st.one_of(fields, fields, fields, values(ids))


def arguments(ids):
    """What an emit carries: usually one payload, sometimes none or several."""
    one = payloads(ids)
    return st.one_of(st.tuples(one), st.tuples(one), st.tuples(), st.tuples(one, one))


def registered_events():
    return sorted({message for message, _handler, _ns in socketio.handlers} - {"connect"})


def test_every_event_survives_generated_payloads_from_every_role(world):
    app, socks = world["app"], world["socks"]
    events = registered_events()
    assert {"ask", "vote", "moderate", "answer", "score", "fire_news", "sync"} <= set(events)
    changes = Changes(world["path"])
    asked = call(socks["reporter"], "ask", {"client_id": uuid.uuid4().hex, "text": "今の状況は？"})
    assert asked["ok"] and changes.committed(), "the change detector sees a real write"
    assert not changes.committed()
    seen = {"refused": 0, "done": 0}

    def fuzz(event):
        @fuzz_settings(SOCKET_EXAMPLES)
        @given(role=st.sampled_from(sorted(socks)), args=arguments(world["ids"]))
        def one_event(role, args):
            sock = socks[role]
            changes.committed()
            ack = call(sock, event, *args)
            assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), (event, args, ack)
            if ack["ok"]:
                seen["done"] += 1
                return
            seen["refused"] += 1
            assert ack["error"] != "server_error", (event, role, args, ack)
            assert isinstance(ack["message"], str) and ack["message"].strip(), ack
            assert not changes.committed(), ("a refused payload changed data", event, args, ack)

        return one_event

    for event in events:
        fuzz(event)()

    assert seen["refused"] > 3000 and seen["done"] > 100, seen
    assert seen["refused"] + seen["done"] >= 7000, seen  # with the routes' 3,000: over 10,000
    for role, sock in socks.items():
        assert sock.is_connected(), role
        assert call(sock, "sync", {})["ok"], role
    assert app.test_client().get("/healthz").status_code == 200


def test_connecting_with_generated_credentials_is_refused_cleanly(world):
    """The connect handler's `auth`: any value but a role this browser holds is refused."""
    app, clients = world["app"], world["clients"]
    changes = Changes(world["path"])

    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.sampled_from(world["ids"]) | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
        max_leaves=4,
    )
    roles = st.sampled_from(["instructor", "team", "screen", "reporter"]) | json_values

    @fuzz_settings(300)
    @given(
        who=st.sampled_from(["reporter", "team"]),
        auth=st.fixed_dictionaries(
            {"role": roles, "workshop": json_values | st.just(world["mine"]["id"])},
            optional={"extra": json_values},
        ),
    )
    def one_connect(who, auth):
        sock = socketio.test_client(app, flask_test_client=clients[who], auth=auth)
        mine = auth["workshop"] == world["mine"]["id"] and type(auth["workshop"]) is int
        assert sock.is_connected() == (mine and auth["role"] == who), auth
        if sock.is_connected():
            sock.disconnect()
        assert not changes.committed()

    one_connect()


def test_ids_of_another_workshop_are_refused_and_change_nothing(world):
    """A refused payload of each kind, aimed at the other workshop: nothing of either moves."""
    app, socks = world["app"], world["socks"]
    [question, other] = world["their_held"]["questions"]
    answer = world["their_held"]["answer"]["answer_id"]
    with app.app_context():
        flag = db.session.scalar(select(AnswerFlag.id).where(AnswerFlag.answer_id == answer))
    assert flag is not None
    before = fingerprint(app)
    tries = [
        ("reporter", "vote", {"question_id": other}),
        ("reporter", "withdraw", {"question_id": other}),
        ("reporter", "react", {"answer_id": answer, "kind": "satisfied"}),
        (
            "reporter",
            "ask",
            {"client_id": uuid.uuid4().hex, "text": "x", "follows_answer_id": answer},
        ),
        ("instructor", "moderate", {"question_id": other, "action": "live"}),
        (
            "team",
            "answer",
            {
                "client_id": uuid.uuid4().hex,
                "question_id": question,
                "speaker": "s",
                "summary": "a",
            },
        ),
        (
            "instructor",
            "score",
            {"client_id": uuid.uuid4().hex, "answer_id": answer, "values": {"facts": 3}},
        ),
        ("instructor", "dismiss_flag", {"flag_id": flag}),
        (
            "reporter",
            "score",
            {"client_id": uuid.uuid4().hex, "answer_id": answer, "values": {"facts": 3}},
        ),
        ("screen", "fire_news", {"client_id": uuid.uuid4().hex, "headline": "偽の速報"}),
    ]
    for role, event, payload in tries:
        ack = call(socks[role], event, payload)
        assert ack["ok"] is False and ack["error"] != "server_error", (event, ack)
    assert fingerprint(app) == before


# --- HTTP -----------------------------------------------------------------------------------

INPUT_NAME = re.compile(r'<(?:input|textarea|select)[^>]*\bname="([^"]+)"')
KNOWN_FORM_FIELDS = (
    "name",
    "outlet",
    "code",
    "login",
    "password",
    "title",
    "org_name",
    "phase",
    "team",
    "teams",
    "incident",
    "factor",
    "reason",
    "author",
    "version",
    "text",
    "kind",
    "answer_id",
    "dismissed",
    "yaml",
    "comments",
    "lessons",
    "new_team",
    "offered",
    "held_on",
)
QUERY_FIELDS = ("a", "b", "v", "n", "sort", "flag", "item", "for", "next", "verdict", "error")


def harvest_fields(world):
    """The names of every form field on the pages each role can open."""
    mine = world["mine"]
    ws, team = mine["id"], mine["teams"][0][0]
    names = set(KNOWN_FORM_FIELDS)
    pages = {
        "instructor": [
            "/instructor/",
            f"/instructor/w/{ws}",
            f"/instructor/w/{ws}/setup",
            f"/instructor/w/{ws}/second",
            f"/instructor/w/{ws}/rubric",
            f"/instructor/w/{ws}/wrapup",
            f"/instructor/w/{ws}/t/{team}/doc/report",
            f"/instructor/w/{ws}/t/{team}/doc/agenda",
            f"/instructor/w/{ws}/t/{team}/doc/fact_sheet",
            f"/instructor/w/{ws}/t/{team}/doc/response_table",
            f"/instructor/w/{ws}/ask",
            "/instructor/import",
        ],
        "team": [f"/team/w/{ws}", f"/team/w/{ws}/documents", f"/team/w/{ws}/doc/report"],
    }
    for role, urls in pages.items():
        for url in urls:
            page = world["clients"][role].get(url).get_data(as_text=True)
            names.update(INPUT_NAME.findall(page))
    names.discard("csrf_token")
    return sorted(names)


def url_values(world, integer):
    mine, theirs = world["mine"], world["theirs"]
    numbers = [mine["id"], theirs["id"], mine["conference"], theirs["conference"]]
    numbers += [t for t, _ in mine["teams"] + theirs["teams"]] + world["ids"][:6]
    numbers += [0, 2**63, 10**25]
    if integer:
        return st.sampled_from(numbers)
    words = [mine["code"], theirs["code"], mine["screen"], theirs["screen"], "report", "agenda"]
    words += [token for _, token in mine["teams"] + theirs["teams"]]
    words += ["json", "csv", "md", "html", "xml", "ja", "en", "facts_scope", "policy"]
    safe = st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#%"),
        min_size=1,
        max_size=40,
    )
    return st.sampled_from(words) | safe | st.just("長" * 2000)


def routes(app):
    """(rule, method) of every route but the static files; logging out ends the run's roles."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.endswith("logout"):
            continue
        found += [(rule, method) for method in sorted(rule.methods & {"GET", "POST"})]
    return found


def build_url(rule, args):
    url = rule.rule
    for name, value in args.items():
        url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(value), url)
    return url


def form_values():
    one = (
        st.text(max_size=40)
        | st.sampled_from(WORDS)
        | st.sampled_from(["", "0", "-1", "99999999999999999999999", "x" * 30_000, "2026-02-30"])
        | st.integers().map(str)
    )
    return one | st.lists(one, min_size=2, max_size=3)


def test_every_route_survives_generated_requests_from_every_role(world):
    app = world["app"]
    clients = {**world["clients"], "stranger": app.test_client()}
    fields = harvest_fields(world)
    all_routes = routes(app)
    assert len(all_routes) > 40, len(all_routes)
    changes = Changes(world["path"])
    statuses = {}

    @fuzz_settings(HTTP_EXAMPLES)
    @given(
        route=st.sampled_from(all_routes),
        role=st.sampled_from(sorted(clients)),
        data=st.data(),
    )
    def one_request(route, role, data):
        rule, method = route
        args = {
            name: data.draw(url_values(world, isinstance(conv, IntegerConverter)))
            for name, conv in rule._converters.items()
        }
        url = build_url(rule, args)
        query = data.draw(st.dictionaries(st.sampled_from(QUERY_FIELDS), form_values(), max_size=3))
        form = data.draw(st.dictionaries(st.sampled_from(fields), form_values(), max_size=10))
        if method == "POST" and data.draw(st.booleans()):
            form["file"] = (
                io.BytesIO(data.draw(st.binary(max_size=200))),
                "workshop.json",
            )
        changes.committed()
        http = clients[role]
        response = http.open(url, method=method, query_string=query, data=form)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert response.status_code < 500, (method, url, role, query, form)
        if response.status_code >= 400:
            assert not changes.committed(), ("a refused request changed data", method, url, form)

    one_request()
    assert sum(statuses.values()) >= 3000, statuses
    assert sum(n for s, n in statuses.items() if s >= 400) > 500, statuses
    assert sum(n for s, n in statuses.items() if s < 400) > 500, statuses
    assert app.test_client().get("/healthz").status_code == 200
    instructor = world["clients"]["instructor"]
    assert instructor.get(f"/instructor/w/{world['mine']['id']}").status_code == 200


def test_forms_without_their_csrf_token_are_refused_and_change_nothing(
    app, make_workshop, make_http
):
    """With CSRF on, as Kaiken runs: a POST with no token or a wrong one changes nothing."""
    ws = make_workshop()
    instructor = make_http("instructor", ws)
    team_id = ws["teams"][0][0]
    before = fingerprint(app)
    posts = [
        (f"/j/{ws['code']}", {"name": "偽記者", "outlet": "tv"}),
        (f"/instructor/w/{ws['id']}/setup", {"title": "書き換え", "org_name": "x"}),
        (f"/instructor/w/{ws['id']}/phase", {"phase": "review"}),
        (f"/instructor/w/{ws['id']}/open/{team_id}", {}),
        ("/instructor/login", {"login": "instructor", "password": "0123456789abc"}),
        ("/instructor/new", {"title": "新しい演習", "org_name": "x", "teams": "A\nB"}),
    ]
    for url, form in posts:
        for token in (None, "not-the-token"):
            sent = {**form, **({"csrf_token": token} if token else {})}
            response = instructor.post(url, data=sent, headers={"Accept-Language": "en"})
            assert response.status_code == 400, (url, response.status_code)
            assert "The form had expired" in response.get_data(as_text=True)
    assert fingerprint(app) == before

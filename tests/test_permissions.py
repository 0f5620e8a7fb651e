"""Who may do what: every HTTP route and every Socket.IO event against every role.

The two tables below are the source of the tables in docs/security.md (a test fails when they
differ; `python -m tests.test_permissions` prints them). Each cell is tested: an allowed cell
does what it should (the tables it writes change, a page reads nothing into the database); a
refused cell gets its error in the user's language and leaves every row of the database as it
was, compared by a fingerprint of the SQLite file taken before and after.
"""

import hashlib
import io
import re
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from flask import url_for
from flask_babel import gettext

from simulator.blueprints.custom import TEMPLATES
from simulator.domain import rubric
from simulator.extensions import db
from simulator.messages import message
from simulator.models import AnswerFlag, Conference, CustomScenario, Reporter, Workshop
from simulator.services import conference as conference_service
from simulator.services import documents, exchange, workflow, workshops

from .conftest import csrf_token

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "security.md"

ROLES = (
    "anonymous",
    "reporter",
    "reporter_elsewhere",
    "presenting_team",
    "other_team",
    "screen",
    "instructor",
    "instructor_elsewhere",
)
HEADINGS = (
    "anyone",
    "reporter",
    "reporter, other workshop",
    "presenting team",
    "another team",
    "shared screen",
    "instructor",
    "instructor, other workshop",
)
# What each cell code means; the doc's legend is written from this.
LEGEND = {
    "ok": "allowed",
    "in": "refused: sent to the instructor sign-in page, which says why",
    "code": "refused: sent to the start page to type the join code (the code is not revealed)",
    "403": "refused: 403 page “This page is not open to you”",
    "404": "refused: 404 page, as if the workshop did not exist",
    "rule": "the role may, but the workshop's rules refuse it now, saying why",
    "wrap": "403 before the wrap-up phase, allowed in it",
    "mc": "refused (`forbidden`) unless the instructor lets the team's MC moderate",
    "no": "refused at connect: no connection to this workshop at all",
    "forbidden": "refused: ack `forbidden`, “Your role cannot do this.”",
}

QUESTION_FORM = {
    "text.ja": "{org}の取締役会は、この件をいつ知ったのですか。",
    "text.en": "",
    "theme": "executive",
    "difficulty": "2",
    "outlets": ["weekly_magazine"],
    "good_answer.ja": "取締役会への報告日時と、その後の判断を示す。",
    "pitfalls.ja": "報告の遅れを隠す。",
}
PASSWORD = "correct horse battery"
CONTENT = {}  # the scenarios and question bank, loaded once for every app of this module


@pytest.fixture
def app(app):
    """The conftest's app, sharing one loaded copy of the read-only scenarios and bank."""
    app.extensions["kaiken_content"] = CONTENT
    return app


@dataclass
class Route:
    method: str
    path: str
    what: str
    cells: str
    form: object = None  # dict (values formatted with the world's ids) or world -> dict
    changes: tuple = ()  # tables an allowed request writes
    prepare: object = None  # world -> None, run before the row's cells
    rule: str = ""  # message code of a "rule" cell

    def outcomes(self):
        codes = self.cells.split()
        assert len(codes) == len(ROLES), self.path
        return dict(zip(ROLES, codes, strict=True))


def password(world):
    def set_it():
        instructor = db.session.get(workshops.Instructor, world.ids["instructor_id"])
        workshops.set_password(instructor, PASSWORD)

    world.run(set_it)


def end_conference(world):
    world.run(lambda: conference_service.move_clock(world.conference(), "end"))


def phase(name):
    def prepare(world):
        world.run(lambda: setattr(world.workshop(), "phase", name))

    return prepare


def team_b_has_an_incident(world):
    def choose():
        workshop = world.workshop()
        workflow.choose_incident(workshop, workshop.teams[1], 1, "mail_dump", {})

    world.run(choose)


def own_scenario(world):
    def save():
        data = yaml.safe_load(TEMPLATES["incident"])
        db.session.add(
            CustomScenario(
                instructor_id=world.ids["instructor_id"],
                kind="incident",
                scenario_id=data["id"],
                data=data,
            )
        )

    world.run(save)


def own_question(world):
    from simulator.blueprints.questions import from_form, save

    def write():
        theme, data = from_form(_multi(QUESTION_FORM))
        save(world.workshop(), theme, data)

    world.run(write)


def _multi(form):
    from werkzeug.datastructures import MultiDict

    return MultiDict(
        [(k, v) for k, vs in form.items() for v in (vs if isinstance(vs, list) else [vs])]
    )


def import_file(world):
    return {"file": (io.BytesIO(world.export_json.encode()), "workshop.json")}


def scenario_yaml(world):
    return {"kind": "incident", "yaml": TEMPLATES["incident"].replace("my_incident", "perm_inc")}


def setup_form(world):
    form = {"title": "演習", "org_name": "株式会社テスト", "held_on": "2026-12-10"}
    for team_id, _ in world.ids["teams"]:
        form[f"team.{team_id}.name"] = f"班{team_id}"
    return form


RUBRIC_FORM = {
    **{f"on.{cid}": "yes" for cid in rubric.SHIPPED[:-1]},
    **{f"weight.{cid}": "2" for cid in rubric.SHIPPED},
}

TEAM = "403 403 403 ok ok 403 403 403"  # the workshop's teams, each its own documents
INSTRUCTOR = "in in in in in in ok 404"  # the instructor of this workshop only
ANY_INSTRUCTOR = "in in in in in in ok ok"  # any signed-in instructor, for their own things
EVERYONE = "ok ok ok ok ok ok ok ok"
DOC_FORM = {"principles": "顧客を第一に、事実を速やかに公表する。", "reason": "見直し"}
W_DOC = "/instructor/w/{ws}/t/{team}/doc/policy"

ROUTES = (
    Route("GET", "/", "start page: type the join code", EVERYONE),
    Route("GET", "/healthz", "health check", EVERYONE),
    Route("GET", "/static/{hash}/css/kaiken.css", "stylesheets and scripts", EVERYONE),
    Route("GET", "/static/css/kaiken.css", "the same, at an address without its hash", EVERYONE),
    Route("GET", "/lang/en?next=/", "language switch", EVERYONE),
    Route("GET", "/guide/", "the instructor's guide", EVERYONE),
    Route("GET", "/guide/img/en/console.png", "the guide's pictures", EVERYONE),
    Route("GET", "/join?code={code}", "join by typed code", EVERYONE),
    Route("POST", "/join", "join by typed code", EVERYONE, form={"code": "{code}"}),
    Route("GET", "/j/{code}", "join form (the QR code's link)", EVERYONE),
    Route(
        "POST",
        "/j/{code}",
        "join: display name and outlet",
        EVERYONE,
        form={"name": "記者", "outlet": "tv"},
        changes=("reporter",),
    ),
    Route("GET", "/instructor/login", "instructor sign-in", EVERYONE),
    Route(
        "POST",
        "/instructor/login",
        "instructor sign-in",
        EVERYONE,
        form={"login": "instructor", "password": PASSWORD},
        prepare=password,
    ),
    Route("POST", "/instructor/logout", "sign out", EVERYONE),
    Route(
        "GET",
        "/instructor/link/{link}",
        "one-time instructor link (works once)",
        EVERYONE,
        changes=("login_link",),
    ),
    Route("GET", "/screen/{screen}", "shared-screen link", EVERYONE),
    Route("GET", "/team/{console}", "team console link", EVERYONE),
    Route("GET", "/r/{ws}", "reporter's phone page", "code ok code code code code code code"),
    Route("GET", "/screen/w/{ws}", "shared screen", "403 403 403 403 403 ok 403 403"),
    Route("GET", "/team/w/{ws}", "team console", TEAM),
    Route("GET", "/team/w/{ws}/documents", "team's incident and documents", TEAM),
    Route(
        "POST",
        "/team/w/{ws}/incident",
        "team chooses its first incident",
        "403 403 403 rule ok 403 403 403",
        form={"incident": "mail_dump"},
        changes=("team_incident",),
        rule="choice_closed",
    ),
    Route("GET", "/team/w/{ws}/doc/policy", "team edits a document", TEAM),
    Route(
        "POST",
        "/team/w/{ws}/doc/policy",
        "team saves a document version",
        TEAM,
        form=DOC_FORM,
        changes=("document_version",),
    ),
    Route("GET", "/team/w/{ws}/doc/policy/compare", "team compares versions", TEAM),
    Route(
        "POST",
        "/team/w/{ws}/doc/policy/restore",
        "team restores a version",
        TEAM,
        form={"version": "1", "reason": "戻す"},
        changes=("document_version",),
    ),
    Route("GET", "/team/w/{ws}/doc/policy/view", "team's printable document", TEAM),
    Route(
        "GET",
        "/review/w/{ws}/t/{team}",
        "a team's improvement review",
        "403 403 403 ok 403 403 ok 403",
    ),
    Route(
        "POST",
        "/review/w/{ws}/t/{team}/items",
        "add an improvement item",
        "403 403 403 ok 403 403 ok 403",
        form={"kind": "report", "text": "件数の根拠を書く"},
        changes=("improvement_item",),
    ),
    Route(
        "POST",
        "/review/w/{ws}/c/{conf}/headlines",
        "write tomorrow's headlines",
        "403 403 403 403 403 403 ok 403",
        changes=("headline",),
        prepare=end_conference,
    ),
    Route(
        "POST",
        "/review/w/{ws}/flags/{flag}",
        "dismiss a red flag",
        "403 403 403 403 403 403 ok 403",
        form={"dismissed": "yes", "team": "{team}"},
        changes=("answer_flag",),
    ),
    Route("GET", "/review/w/{ws}/wrapup", "wrap-up page", "403 403 403 wrap wrap wrap ok 403"),
    Route(
        "POST",
        "/review/w/{ws}/wrapup",
        "write the wrap-up comments",
        "403 403 403 403 403 403 ok 403",
        form={"comments": "よく準備されていた"},
        changes=("workshop",),
    ),
    Route("GET", "/instructor/", "instructor's workshops", ANY_INSTRUCTOR),
    Route(
        "POST",
        "/instructor/new",
        "new workshop",
        ANY_INSTRUCTOR,
        form={"title": "新しい演習", "org_name": "テスト社"},
        changes=("workshop",),
    ),
    Route("GET", "/instructor/import", "import a workshop file", ANY_INSTRUCTOR),
    Route(
        "POST",
        "/instructor/import",
        "import a workshop file",
        ANY_INSTRUCTOR,
        form=import_file,
        changes=("workshop",),
    ),
    Route("GET", "/instructor/scenarios", "own incidents and factors", ANY_INSTRUCTOR),
    Route(
        "POST",
        "/instructor/scenarios",
        "write an own incident",
        ANY_INSTRUCTOR,
        form=scenario_yaml,
        changes=("custom_scenario",),
    ),
    Route(
        "GET",
        "/instructor/scenarios/{scenario}.yaml",
        "export an own incident",
        INSTRUCTOR,
        prepare=own_scenario,
    ),
    Route("GET", "/instructor/w/{ws}", "workshop console", INSTRUCTOR),
    Route("GET", "/instructor/w/{ws}/ask", "instructor joins as a reporter", INSTRUCTOR),
    Route(
        "POST",
        "/instructor/w/{ws}/ask",
        "instructor joins as a reporter",
        INSTRUCTOR,
        form={"name": "講師", "outlet": "tv"},
        changes=("reporter",),
    ),
    Route(
        "GET",
        "/instructor/w/{ws}/export.json",
        "export the workshop",
        "in 403 in 403 403 403 ok 404",
    ),
    Route(
        "GET",
        "/instructor/w/{ws}/export.html",
        "the wrap-up report",
        "in 403 in 403 403 403 ok 404",
    ),
    Route(
        "POST",
        "/instructor/w/{ws}/open-wrapup",
        "open the wrap-up Q&A",
        INSTRUCTOR,
        changes=("conference", "workshop"),
        prepare=phase("wrapup"),
    ),
    Route(
        "POST",
        "/instructor/w/{ws}/open/{team_b}",
        "put a team's conference on screen",
        INSTRUCTOR,
        changes=("conference", "workshop"),
        prepare=team_b_has_an_incident,
    ),
    Route(
        "POST",
        "/instructor/w/{ws}/phase",
        "move the phase",
        INSTRUCTOR,
        form={"phase": "setup"},
        changes=("workshop",),
    ),
    Route("GET", "/instructor/w/{ws}/questions", "own reporter questions", INSTRUCTOR),
    Route(
        "POST",
        "/instructor/w/{ws}/questions",
        "write an own reporter question",
        INSTRUCTOR,
        form=QUESTION_FORM,
        changes=("workshop_question",),
    ),
    Route(
        "GET",
        "/instructor/w/{ws}/questions/executive.yaml",
        "export own questions",
        INSTRUCTOR,
        prepare=own_question,
    ),
    Route("GET", "/instructor/w/{ws}/record/{conf}", "conference record", INSTRUCTOR),
    Route("GET", "/instructor/w/{ws}/rubric", "rubric", INSTRUCTOR),
    Route(
        "POST",
        "/instructor/w/{ws}/rubric",
        "change the rubric",
        INSTRUCTOR,
        form=RUBRIC_FORM,
        changes=("workshop",),
    ),
    Route("GET", "/instructor/w/{ws}/second", "incident 2 and its factors", INSTRUCTOR),
    Route(
        "POST",
        "/instructor/w/{ws}/second",
        "set incident 2 and its factors",
        INSTRUCTOR,
        form={"incident": "mail_dump", "team": "{team_b}"},
        changes=("team_incident",),
        prepare=phase("review"),
    ),
    Route("GET", "/instructor/w/{ws}/setup", "set-up", INSTRUCTOR),
    Route(
        "POST",
        "/instructor/w/{ws}/setup",
        "save the set-up",
        INSTRUCTOR,
        form=setup_form,
        changes=("workshop", "team"),
    ),
    Route("GET", W_DOC, "instructor edits any document", INSTRUCTOR),
    Route(
        "POST",
        W_DOC,
        "instructor saves a document version",
        INSTRUCTOR,
        form=DOC_FORM,
        changes=("document_version",),
    ),
    Route("GET", W_DOC + "/compare", "instructor compares versions", INSTRUCTOR),
    Route(
        "POST",
        W_DOC + "/restore",
        "instructor restores a version",
        INSTRUCTOR,
        form={"version": "1", "reason": "戻す"},
        changes=("document_version",),
    ),
    Route("GET", W_DOC + "/view", "instructor's printable document", INSTRUCTOR),
    Route(
        "POST",
        "/instructor/w/{ws}/joining",
        "close or open joining",
        INSTRUCTOR,
        form={"locked": "yes"},
        changes=("workshop",),
    ),
    Route(
        "POST",
        "/instructor/w/{ws}/code",
        "new join code",
        INSTRUCTOR,
        changes=("workshop",),
    ),
    Route(
        "POST",
        "/instructor/w/{ws}/reporters/{author}/remove",
        "remove a reporter",
        INSTRUCTOR,
        changes=("reporter", "question"),
    ),
)


@dataclass
class Event:
    name: str
    what: str
    cells: str
    payload: object = field(default=lambda world, role: {})  # (world, role) -> dict
    changes: tuple = ()

    def outcomes(self):
        return dict(zip(ROLES, self.cells.split(), strict=True))


READER = "no ok no ok ok ok ok no"
REPORTER = "no ok no forbidden forbidden forbidden forbidden no"
ONLY_INSTRUCTOR = "no forbidden no forbidden forbidden forbidden ok no"
MODERATOR = "no forbidden no mc forbidden forbidden ok no"


def _cid(prefix, role):
    return f"{prefix}-{role}-0001"


EVENTS = (
    Event("connect", "open a live connection to the workshop", READER),
    Event("sync", "snapshot of the open conference", READER),
    Event(
        "ask",
        "ask a question",
        REPORTER,
        lambda w, r: {"client_id": _cid("ask", r), "text": "補償はありますか？"},
        ("question",),
    ),
    Event("suggest", "questions the bank suggests", REPORTER),
    Event(
        "withdraw",
        "withdraw an own question",
        REPORTER,
        lambda w, r: {"question_id": w.ids["own_question"]},
        ("question",),
    ),
    Event(
        "vote",
        "vote for a question",
        REPORTER,
        lambda w, r: {"question_id": w.ids["queued"], "on": True},
        ("vote", "question"),
    ),
    Event(
        "react",
        "react to an answer",
        REPORTER,
        lambda w, r: {"answer_id": w.ids["answer"], "kind": "satisfied"},
        ("reaction",),
    ),
    Event(
        "moderate",
        "queue, reject, put live, skip, close",
        MODERATOR,
        lambda w, r: {"question_id": w.ids["submitted"][r == "instructor"], "action": "queue"},
        ("question",),
    ),
    Event(
        "answer",
        "record the answer and speaker",
        "no forbidden no ok forbidden forbidden ok no",
        lambda w, r: {
            "client_id": _cid("answer", r),
            "question_id": w.ids["live"],
            "speaker": "社長",
            "summary": f"個別にご連絡します（{r}）",
        },
        ("answer",),
    ),
    Event(
        "score",
        "score an answer",
        ONLY_INSTRUCTOR,
        lambda w, r: {
            "client_id": _cid("score", r),
            "answer_id": w.ids["answer"],
            "values": {rubric.SHIPPED[0]: 2},
        },
        ("score",),
    ),
    Event(
        "dismiss_flag",
        "dismiss a red flag",
        ONLY_INSTRUCTOR,
        lambda w, r: {"flag_id": w.ids["flag"], "dismissed": True},
        ("answer_flag",),
    ),
    Event(
        "clock",
        "start, pause, resume, end",
        MODERATOR,
        lambda w, r: {"action": "pause" if r == "instructor" else "start"},
        ("conference",),
    ),
    Event("plan", "planned length", ONLY_INSTRUCTOR, lambda w, r: {"minutes": 30}, ("conference",)),
    Event(
        "team_moderation",
        "let the team's MC moderate",
        ONLY_INSTRUCTOR,
        lambda w, r: {"allowed": True},
        ("conference",),
    ),
    Event(
        "fire_news",
        "breaking news",
        ONLY_INSTRUCTOR,
        lambda w, r: {"client_id": _cid("news", r), "headline": "【速報】被害拡大"},
        ("news",),
    ),
)
# The Socket.IO role each HTTP identity claims when it connects to this workshop.
CLAIMS = {
    "anonymous": "reporter",
    "reporter": "reporter",
    "reporter_elsewhere": "reporter",
    "presenting_team": "team",
    "other_team": "team",
    "screen": "screen",
    "instructor": "instructor",
    "instructor_elsewhere": "instructor",
}


class World:
    """This workshop (team A's conference open, with questions, an answer and a red flag),
    another instructor's workshop, and one signed-in HTTP client per role."""

    def __init__(self, app, make_workshop, make_http):
        self.app = app
        ws, elsewhere = make_workshop(), make_workshop()
        with app.app_context():
            other = workshops.get_or_create_instructor("other", "Other")
            db.session.get(Workshop, elsewhere["id"]).instructor_id = other.id
            db.session.commit()
            elsewhere["instructor_id"] = other.id
        self.http = {
            "anonymous": app.test_client(),
            "reporter": make_http("reporter", ws, name="R1"),
            "reporter_elsewhere": make_http("reporter", elsewhere, name="R9"),
            "presenting_team": make_http("team", ws, team=0),
            "other_team": make_http("team", ws, team=1),
            "screen": make_http("screen", ws),
            "instructor": make_http("instructor", ws),
            "instructor_elsewhere": make_http("instructor", elsewhere),
        }
        self.ids = {**ws, "elsewhere": elsewhere}
        self.run(self._fill)

    def run(self, func):
        with self.app.app_context():
            result = func()
            db.session.commit()
            return result

    def workshop(self):
        return db.session.get(Workshop, self.ids["id"])

    def conference(self):
        return db.session.get(Conference, self.ids["conference_id"])

    def _fill(self):
        workshop, conference = self.workshop(), self.conference()
        author = workshops.join(workshop, "R0", "national_daily", 40)
        mine = db.session.scalar(
            db.select(Reporter).where(Reporter.workshop_id == workshop.id, Reporter.name == "R1")
        )

        def ask(reporter, n):
            return conference_service.ask(
                conference, reporter, f"fill-{n:08d}", f"質問{n}", None, 400
            )[0]

        submitted = [ask(author, 1), ask(author, 2)]
        queued, live = ask(author, 3), ask(author, 4)
        own = ask(mine, 5)
        conference_service.moderate(conference, queued.id, "queue", None, 1000)
        conference_service.moderate(conference, live.id, "live", None, 1000)
        conference_service.record_answer(
            conference, "fill-answer-1", live.id, "社長", "委託先が悪いのです。", self.app.config
        )
        flag = db.session.scalar(
            db.select(AnswerFlag).where(AnswerFlag.answer_id == live.answer.id)
        )
        assert flag is not None, "the world's answer should raise a red flag"
        for team in workshop.teams[:2]:
            for text in ("方針 第1版", "方針 第2版"):
                documents.save(
                    workshop.id, team.id, "policy", {"principles": text}, author=team.name
                )
        self.ids.update(
            team=workshop.teams[0].id,
            team_b=workshop.teams[1].id,
            console=workshop.teams[0].console_token,
            author=author.id,
            submitted=[q.id for q in submitted],
            queued=queued.id,
            live=live.id,
            own_question=own.id,
            answer=live.answer.id,
            flag=flag.id,
        )
        self.export_json = exchange.render(workshop, "json", "ja")

    def params(self):
        """The ids a route's path and form name; a one-time link is issued afresh each time."""

        def current():
            workshop = self.workshop()
            scenario = db.session.scalar(db.select(CustomScenario.id).order_by(CustomScenario.id))
            return {
                "ws": workshop.id,
                "code": workshop.join_code,
                "screen": workshop.screen_token,
                "conf": self.ids["conference_id"],
                "team": self.ids["team"],
                "team_b": self.ids["team_b"],
                "console": self.ids["console"],
                "flag": self.ids["flag"],
                "author": self.ids["author"],
                "scenario": scenario or 0,
                "link": workshops.issue_login_link(workshop.instructor, 60),
                "hash": url_for("static", filename="x").split("/")[2],
            }

        with self.app.test_request_context():
            return self.run(current)

    def csrf(self, role):
        return csrf_token(self.http[role].get("/").get_data(as_text=True))


def fingerprint(app):
    """Every table's row count and a hash of its rows, read straight from the SQLite file."""
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    connection = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
            )
        ]
        tables = {}
        for name in names:
            rows = connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()
            tables[name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return tables
    finally:
        connection.close()


def changed_tables(before, after):
    return {name for name in after if before.get(name) != after[name]}


def japanese(app, text_of):
    """A message as a Japanese user reads it, checked to differ from the English."""
    texts = {}
    for lang in ("ja", "en"):
        with app.test_request_context(headers={"Accept-Language": lang}):
            texts[lang] = text_of()
    assert texts["ja"] != texts["en"], f"not translated: {texts['en']}"
    return texts["ja"]


def assert_strict_csp(response):
    policy = response.headers["Content-Security-Policy"]
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in policy.split(";")) if part
    )
    scripts = directives.get("script-src", directives.get("default-src", ""))
    assert "unsafe-inline" not in scripts and "unsafe-eval" not in scripts, policy
    for name, sources in directives.items():
        for source in sources.split():
            # no other origin: no host, no wildcard, no bare scheme (data: only for images)
            allowed = source.startswith("'") or (source == "data:" and name == "img-src")
            assert allowed, f"{name} allows {source}: {policy}"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


class Placeholders(dict):
    """The world's ids for a form; a placeholder that is not one (a bank question's {org})
    is left as it is."""

    def __missing__(self, key):
        return "{" + key + "}"


def send(world, role, route, params):
    http = world.http[role]
    path = route.path.format(**params)
    if route.method == "GET":
        response = http.get(path)
    else:
        form = route.form(world) if callable(route.form) else dict(route.form or {})
        keep = Placeholders(params)
        form = {k: v.format_map(keep) if isinstance(v, str) else v for k, v in form.items()}
        response = http.post(path, data={**form, "csrf_token": world.csrf(role)})
    response.get_data()
    response.close()  # a file sent from disk is closed at once
    return response


def check_refused(world, role, route, code, response):
    app, body = world.app, response.get_data(as_text=True)
    if code == "in":
        assert response.status_code == 302 and response.location.startswith("/instructor/login")
        page = world.http[role].get(response.location).get_data(as_text=True)
        assert japanese(app, lambda: message("sign_in_first")) in page
    elif code == "code":
        assert response.status_code == 302 and response.location == "/"
        assert world.ids["code"] not in body
    elif code == "403":
        assert response.status_code == 403
        text = "This page is not open to you. Open the link you were given again."
        assert japanese(app, lambda: gettext(text)) in body
    elif code == "404":
        assert response.status_code == 404
        assert japanese(app, lambda: gettext("This page does not exist.")) in body
    elif code == "rule":
        assert response.status_code == 400
        assert japanese(app, lambda: message(route.rule)) in body
    else:
        raise AssertionError(f"unknown cell {code}")


def check_allowed(world, role, route, response, before):
    assert response.status_code in (200, 302), (role, route.path, response.status_code)
    if response.status_code == 302:
        assert not response.location.startswith("/instructor/login"), (role, route.path)
    changed = changed_tables(before, fingerprint(world.app))
    if route.changes:
        assert set(route.changes) <= changed, (role, route.path, changed)
    else:
        assert changed == set(), (role, route.path, changed)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_every_http_route_for_every_role(app, make_workshop, make_http, route):
    world = World(app, make_workshop, make_http)
    if route.prepare:
        route.prepare(world)
    outcomes = route.outcomes()
    refused = [r for r in ROLES if outcomes[r] not in ("ok", "wrap")]
    allowed = [r for r in ROLES if outcomes[r] in ("ok", "wrap")]
    for role in refused + [r for r in allowed if outcomes[r] == "wrap"]:
        params = world.params()
        before = fingerprint(app)
        response = send(world, role, route, params)
        assert_strict_csp(response)
        check_refused(
            world, role, route, "403" if outcomes[role] == "wrap" else outcomes[role], response
        )
        assert fingerprint(app) == before, f"{role} changed the database on {route.path}"
    if any(outcomes[r] == "wrap" for r in ROLES):
        phase("wrapup")(world)
    for role in allowed:
        params = world.params()
        before = fingerprint(app)
        response = send(world, role, route, params)
        assert_strict_csp(response)
        check_allowed(world, role, route, response, before)


def test_the_table_names_every_route(app):
    """A route added to Kaiken without its row in the table fails here, and a row whose route
    is gone fails too."""
    served = {
        (method, re.sub(r"<(?:\w+:)?\w+>", "[^/]+", re.sub(r"<path:\w+>", ".+", rule.rule)))
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    with app.test_request_context():
        asset_hash = url_for("static", filename="x").split("/")[2]

    def concrete(path):
        return re.sub(r"\{(\w+)\}", lambda m: asset_hash if m[1] == "hash" else "X", path)

    listed = {(r.method, concrete(r.path.split("?")[0])) for r in ROUTES}
    unlisted = {
        (method, pattern)
        for method, pattern in served
        if not any(m == method and re.fullmatch(pattern, p) for m, p in listed)
    }
    stale = {(m, p) for m, p in listed if not any(m == s and re.fullmatch(q, p) for s, q in served)}
    assert sorted(unlisted) == [] and sorted(stale) == []


def connect_as(world, connect, role, lang="ja"):
    return connect(world.http[role], CLAIMS[role], world.ids["id"], lang=lang)


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.name)
def test_every_socket_event_for_every_role(app, make_workshop, make_http, connect, event):
    world = World(app, make_workshop, make_http)
    outcomes = event.outcomes()
    forbidden = japanese(app, lambda: message("forbidden"))
    socks = {}
    for role in ROLES:
        before = fingerprint(app)
        sock = connect_as(world, connect, role)
        assert sock.is_connected() == (outcomes[role] != "no"), (role, event.name)
        assert fingerprint(app) == before
        socks[role] = sock
    if event.name == "connect":
        return
    order = sorted(ROLES, key=lambda r: outcomes[r] in ("ok", "mc"))  # refusals first
    for role in order:
        code = outcomes[role]
        if code == "no":
            continue
        if code == "mc":  # refused until the instructor hands the queue to the team's MC
            before = fingerprint(app)
            ack = socks[role].emit(event.name, event.payload(world, role), callback=True)
            assert ack == {"ok": False, "error": "forbidden", "message": forbidden}
            assert fingerprint(app) == before
            allowed = socks["instructor"].emit("team_moderation", {"allowed": True}, callback=True)
            assert allowed["ok"]
        before = fingerprint(app)
        ack = socks[role].emit(event.name, event.payload(world, role), callback=True)
        if code == "forbidden":
            assert ack == {"ok": False, "error": "forbidden", "message": forbidden}, role
            assert fingerprint(app) == before, f"{role} changed the database with {event.name}"
            continue
        assert ack["ok"] is True, (role, event.name, ack)
        changed = changed_tables(before, fingerprint(app))
        if event.changes:
            assert set(event.changes) <= changed, (role, event.name, changed)
        else:
            assert changed == set(), (role, event.name, changed)


def test_the_other_workshops_ids_are_unknown_from_its_own_connection(
    app, make_workshop, make_http, connect
):
    """An instructor or reporter of another workshop, connected to their own, cannot reach
    this workshop's questions, answers or red flags by their ids."""
    world = World(app, make_workshop, make_http)
    elsewhere = world.ids["elsewhere"]
    instructor = connect(
        world.http["instructor_elsewhere"], "instructor", elsewhere["id"], lang="ja"
    )
    reporter = connect(world.http["reporter_elsewhere"], "reporter", elsewhere["id"], lang="ja")
    assert instructor.is_connected() and reporter.is_connected()
    ids = world.ids
    attempts = (
        (
            instructor,
            "moderate",
            {"question_id": ids["submitted"][0], "action": "live"},
            "unknown_question",
        ),
        (
            instructor,
            "answer",
            {
                "client_id": "smuggle-0001",
                "question_id": ids["live"],
                "speaker": "x",
                "summary": "y",
            },
            "unknown_question",
        ),
        (
            instructor,
            "score",
            {
                "client_id": "smuggle-0002",
                "answer_id": ids["answer"],
                "values": {rubric.SHIPPED[0]: 0},
            },
            "unknown_answer",
        ),
        (instructor, "dismiss_flag", {"flag_id": ids["flag"], "dismissed": True}, "unknown_flag"),
        (reporter, "vote", {"question_id": ids["queued"], "on": True}, "unknown_question"),
        (reporter, "withdraw", {"question_id": ids["own_question"]}, "unknown_question"),
        (reporter, "react", {"answer_id": ids["answer"], "kind": "satisfied"}, "unknown_answer"),
        (
            reporter,
            "ask",
            {"client_id": "smuggle-0003", "text": "x", "follows_answer_id": ids["answer"]},
            "unknown_answer",
        ),
    )
    before = fingerprint(app)
    for sock, name, payload, code in attempts:
        ack = sock.emit(name, payload, callback=True)
        assert ack == {
            "ok": False,
            "error": code,
            "message": japanese(app, lambda c=code: message(c)),
        }, name
    assert fingerprint(app) == before


def test_the_doc_publishes_this_table():
    text = DOC.read_text(encoding="utf-8")
    start, end = "<!-- permissions:start -->", "<!-- permissions:end -->"
    assert start in text and end in text
    published = text.split(start, 1)[1].split(end, 1)[0].strip()
    assert published == markdown().strip(), (
        "docs/security.md and tests/test_permissions.py disagree: "
        "run `.venv/bin/python -m tests.test_permissions --write`"
    )


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def markdown():
    """The tables of docs/security.md, written from ROUTES, EVENTS and LEGEND."""
    http_rows = [(f"`{r.method} {r.path.split('?')[0]}`", r.what, *r.cells.split()) for r in ROUTES]
    event_rows = [(f"`{e.name}`", e.what, *e.cells.split()) for e in EVENTS]
    legend = "\n".join(f"- `{code}`: {meaning}" for code, meaning in LEGEND.items())
    return "\n\n".join(
        (
            "### HTTP routes",
            _table(("route", "what", *HEADINGS), http_rows),
            "### Socket.IO events",
            _table(("event", "what", *HEADINGS), event_rows),
            "### What the cells mean",
            legend,
        )
    )


if __name__ == "__main__":
    if "--write" in sys.argv:
        text = DOC.read_text(encoding="utf-8")
        head, rest = text.split("<!-- permissions:start -->", 1)
        tail = rest.split("<!-- permissions:end -->", 1)[1]
        DOC.write_text(
            f"{head}<!-- permissions:start -->\n{markdown()}\n<!-- permissions:end -->{tail}",
            encoding="utf-8",
        )
    else:
        print(markdown())

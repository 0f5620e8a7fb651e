"""A whole workshop out and back in: the JSON export imported as a new workshop, the CSV of
every question, the `kaiken export` and `kaiken import` commands, the instructor's download
links and upload page; hostile files are refused with every problem listed and nothing
written."""

import copy
import csv
import html
import io
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from simulator.blueprints.questions import save as save_own_question
from simulator.cli import main
from simulator.domain import DomainError, rubric
from simulator.extensions import db
from simulator.models import Conference, Instructor, Team, Workshop
from simulator.services import documents, exchange, headlines, review, workshops
from tests.conftest import csrf_token, new_id
from tests.test_review import EN, end_conference

OWN = {"name": "結論を先に", "levels": ["なし", "後半", "冒頭", "冒頭で一文"], "weight": 2}


def emit(sock, name, payload):
    ack = sock.emit(name, payload, callback=True)
    assert ack["ok"], ack
    return ack


def ask(room, reporter, text, **extra):
    return emit(room[reporter], "ask", {"client_id": new_id(), "text": text, **extra})[
        "question_id"
    ]


def answer(room, question_id, summary, speaker="代表取締役社長 山田 太郎"):
    emit(room["instructor"], "moderate", {"question_id": question_id, "action": "live"})
    payload = {"client_id": new_id(), "question_id": question_id, "speaker": speaker}
    return emit(room["team"], "answer", {**payload, "summary": summary})["answer_id"]


def own_rubric(app, ws):
    rows = [{"id": cid, "on": True, "weight": 1} for cid in rubric.SHIPPED]
    with app.app_context():
        db.session.get(Workshop, ws["id"]).rubric = rubric.clean([*rows, {**OWN, "on": True}])
        db.session.commit()


def held(app, room):
    """The demo conference, held: votes, answers, reactions, a score on an own criterion, red
    flags (one dismissed), breaking news, a rejected question, headlines, an improvement
    item done by a revised report, wrap-up notes and an own question."""
    ws = room["ws"]
    own_rubric(app, ws)
    first = ask(room, "r1", "何件の情報が漏れたのですか。")
    weak = answer(room, first, "漏えいしたのは約1万件です。委託先が設定を誤りました。")
    emit(room["r2"], "react", {"answer_id": weak, "kind": "not_answered"})
    emit(room["r3"], "react", {"answer_id": weak, "kind": "follow_up"})
    values = {"facts": 0, "care": 0, "own1": 2}
    score = {"client_id": new_id(), "answer_id": weak, "values": values, "comment": "件数が違う"}
    emit(room["instructor"], "score", score)
    second = ask(room, "r2", "=犯人は誰ですか。", follows_answer_id=weak)
    emit(room["instructor"], "moderate", {"question_id": second, "action": "queue"})
    for voter in ("r1", "r3"):
        emit(room[voter], "vote", {"question_id": second, "on": True})
    guess = answer(room, second, "おそらく内部の者の犯行でしょう。", speaker="CIO 佐藤 花子")
    snap = room["instructor"].emit("sync", {}, callback=True)["snapshot"]
    [flag] = snap["flags"][str(guess)]
    emit(room["instructor"], "dismiss_flag", {"flag_id": flag["id"]})
    emit(room["instructor"], "fire_news", {"client_id": new_id(), "headline": "株価が急落"})
    third = ask(room, "r3", "社長は辞任しますか。")
    reject = {"question_id": third, "action": "reject", "reason": "Already asked"}
    emit(room["instructor"], "moderate", reject)
    end_conference(room)
    with app.app_context():
        after_the_conference(ws, weak)
        db.session.commit()
    return {"weak": weak}


def after_the_conference(ws, weak):
    workshop = db.session.get(Workshop, ws["id"])
    team = workshop.teams[0]
    headlines.write(db.session.get(Conference, ws["conference_id"]))
    item = review.add_item(team, "report", "件数の根拠を明記する", "チームA", answer_id=weak)
    report = documents.content(workshop.id, team.id, documents.REPORT, 1)
    report["summary"] += "件数は12月1日時点で確認した5,000件です。"
    version = documents.save(
        workshop.id, team.id, documents.REPORT, report, author="チームA", reason="件数の根拠"
    )
    review.complete(item, version)
    notes = {"comments": "全体講評", "lessons": "教訓", "teams": {str(team.id): "チームAへ"}}
    workshop.wrapup = notes
    text = {"ja": "件数の根拠は何ですか。", "en": "What is the count based on?"}
    data = {"text": text, "good_answer": text, "pitfalls": text, "incidents": ["any"]}
    data.update(factors=[], outlets=["any"], when={}, gaps=[], difficulty=2, follow_ups=[])
    save_own_question(workshop, "facts_scope", data)


def exported(app, workshop_id):
    with app.app_context():
        return exchange.export_json(db.session.get(Workshop, workshop_id))


def imported(app, data, instructor_id):
    with app.app_context():
        workshop = exchange.import_json(data, db.session.get(Instructor, instructor_id))
        db.session.commit()
        return workshop.id


def without_export_time(data):
    return {k: v for k, v in data.items() if k != "exported_at"}


def row_counts(app):
    with app.app_context():
        return {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


# --- JSON: export, import, export -------------------------------------------------------


def test_export_import_export_gives_the_same_workshop(app, room):
    held(app, room)
    ws = room["ws"]
    first = exported(app, ws["id"])
    assert first["kaiken"] == "workshop" and first["version"] == 1
    [conference] = first["conferences"]
    questions = conference["questions"]
    assert [q["status"] for q in questions] == ["answered", "answered", "rejected"]
    assert questions[1]["follows"] == questions[0]["answer"]["ref"]
    assert questions[1]["votes"] == 2 and len(questions[1]["voted_by"]) == 2
    assert questions[0]["answer"]["score"]["values"] == {"facts": 0, "care": 0, "own1": 2}
    assert [f["dismissed"] for f in questions[1]["answer"]["flags"]] == [True]
    assert conference["headlines"] and conference["news"][0]["headline"]["ja"] == "株価が急落"
    [item] = first["improvement_items"]
    assert item["done"] and item["version"].startswith("v") and item["answer"] == "a1"
    assert first["wrapup"]["teams"] == {"t1": "チームAへ"}
    text = json.dumps(first, ensure_ascii=False)
    with app.app_context():
        original = db.session.get(Workshop, ws["id"])
        secrets = [original.join_code, original.screen_token] + [
            t.console_token for t in original.teams
        ]
    assert not [s for s in secrets if s in text]

    new_id_ = imported(app, first, ws["instructor_id"])
    assert new_id_ != ws["id"]
    second = exported(app, new_id_)
    assert without_export_time(second) == without_export_time(first)
    with app.app_context():
        copy_ = db.session.get(Workshop, new_id_)
        assert copy_.current_conference_id is None
        assert copy_.join_code != original.join_code
        assert copy_.screen_token != ws["screen"]
        assert {t.console_token for t in copy_.teams}.isdisjoint(t for _, t in ws["teams"])


def test_the_imported_workshop_shows_its_record_on_every_page(app, room, make_http):
    held(app, room)
    ws = room["ws"]
    new = imported(app, exported(app, ws["id"]), ws["instructor_id"])
    with app.app_context():
        workshop = db.session.get(Workshop, new)
        team_id = workshop.teams[0].id
        conference_id = db.session.scalar(
            select(Conference.id).where(Conference.workshop_id == new)
        )
    instructor = make_http("instructor", ws)
    console = instructor.get(f"/instructor/w/{new}", headers=EN).get_data(as_text=True)
    assert "チームA" in console and "サイバーインシデント机上演習" in console
    record = instructor.get(f"/instructor/w/{new}/record/{conference_id}", headers=EN)
    page = record.get_data(as_text=True)
    assert record.status_code == 200 and "何件の情報が漏れたのですか。" in page
    assert "委託先が設定を誤りました" in page
    review_page = instructor.get(f"/review/w/{new}/t/{team_id}", headers=EN)
    page = review_page.get_data(as_text=True)
    assert "Blaming others" in page and "件数の根拠を明記する" in page and "Done (1)" in page
    japanese = instructor.get(f"/instructor/w/{new}", headers={"Accept-Language": "ja"})
    assert japanese.status_code == 200


def test_a_running_conference_comes_back_paused_and_off_screen(app, room):
    ask(room, "r1", "いつ発覚したのですか。")
    emit(room["instructor"], "clock", {"action": "start"})
    data = exported(app, room["ws"]["id"])
    assert data["conferences"][0]["clock"] == "running"
    new = imported(app, data, room["ws"]["instructor_id"])
    [conference] = exported(app, new)["conferences"]
    assert conference["clock"] == "paused"
    assert conference["elapsed_seconds"] >= data["conferences"][0]["elapsed_seconds"]


def test_the_wrap_up_q_and_a_travels_with_the_workshop(app, room):
    with app.app_context():
        qa = Conference(workshop_id=room["ws"]["id"], team_id=None, incident_no=0)
        db.session.add(qa)
        db.session.commit()
    data = exported(app, room["ws"]["id"])
    assert [(c["team"], c["incident_no"]) for c in data["conferences"]] == [("t1", 1), (None, 0)]
    new = imported(app, data, room["ws"]["instructor_id"])
    assert without_export_time(exported(app, new)) == without_export_time(data)
    data["conferences"][1]["team"] = "t2"
    with app.app_context(), pytest.raises(DomainError) as refused:
        exchange.import_json(data, db.session.get(Instructor, room["ws"]["instructor_id"]))
    assert refused.value.problems == [
        "conferences[1].team: must be null: the wrap-up Q&A (incident 0) has no presenting team"
    ]


# --- CSV ----------------------------------------------------------------------------------


def test_the_csv_has_one_row_per_question_with_scores_and_flags(app, room):
    held(app, room)
    with app.app_context():
        text = exchange.export_csv(db.session.get(Workshop, room["ws"]["id"]))
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert len(rows) == 3
    header = list(rows[0])
    assert header[:6] == ["team", "incident", "order", "reporter", "outlet", "question"]
    assert {"score_facts", "score_own1", "reaction_not_answered", "verdict", "flags"} <= set(header)
    first, second, third = rows
    assert first["team"] == "チームA" and first["question"] == "何件の情報が漏れたのですか。"
    assert first["reporter"] == "R1" and first["outlet"] == "national_daily"
    assert first["score_facts"] == "0" and first["score_own1"] == "2"
    assert first["reaction_not_answered"] == "1" and first["verdict"] == "weak"
    assert "blame: 委託先が" in first["flags"] and "count_contradicts: " in first["flags"]
    assert first["comment"] == "件数が違う"
    assert second["question"] == "'=犯人は誰ですか。"  # a spreadsheet does not run it
    assert second["votes"] == "2" and second["flags"].endswith("(dismissed)")
    assert second["speaker"] == "CIO 佐藤 花子"
    assert third["status"] == "rejected" and third["answer"] == "" and third["order"] == "3"


# --- the command line ---------------------------------------------------------------------


@pytest.fixture
def cli(app, monkeypatch):
    """`kaiken` run as a command against the test database."""
    monkeypatch.setenv("KAIKEN_DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("KAIKEN_SECRET_KEY", "exchange-test-secret")
    return CliRunner()


def test_kaiken_export_and_import_make_a_new_workshop(app, room, cli, tmp_path):
    held(app, room)
    ws = room["ws"]
    path = tmp_path / "workshop.json"
    done = cli.invoke(main, ["export", str(ws["id"]), "--format", "json", "--output", str(path)])
    assert done.exit_code == 0, done.output
    assert json.loads(path.read_text(encoding="utf-8"))["title"].startswith("サイバー")
    loaded = cli.invoke(main, ["import", str(path)])
    assert loaded.exit_code == 0, loaded.output
    with app.app_context():
        newest = db.session.scalar(select(func.max(Workshop.id)))
    assert f"Imported workshop {newest}" in loaded.output
    assert f"/instructor/w/{newest}" in loaded.output
    assert without_export_time(exported(app, newest)) == without_export_time(
        exported(app, ws["id"])
    )
    table = cli.invoke(main, ["export", str(ws["id"]), "--format", "csv"])
    assert table.exit_code == 0 and table.output.startswith("\ufeffteam,incident,order")
    report = cli.invoke(main, ["export", str(ws["id"]), "--format", "md", "--lang", "en"])
    assert report.output.startswith("# サイバーインシデント机上演習（デモ）\n")
    assert "## Scores per team and criterion" in report.output


def test_kaiken_import_refuses_a_bad_file_and_lists_its_problems(app, room, cli, tmp_path):
    data = exported(app, room["ws"]["id"])
    data["teams"][0]["name"] = ""
    data["conferences"][0]["team"] = "t9"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = row_counts(app)
    refused = cli.invoke(main, ["import", str(path), "--instructor", "instructor"])
    assert refused.exit_code == 1
    assert "teams[0].name: must not be empty" in refused.stderr
    assert "conferences[0].team: refers to 't9', which is not in the file" in refused.stderr
    assert "Nothing was imported: the file has 2 problem(s)" in refused.stderr
    assert row_counts(app) == before
    missing = cli.invoke(main, ["export", "999", "--format", "json"])
    assert missing.exit_code == 1 and "No workshop has the id 999" in missing.stderr
    nobody = cli.invoke(main, ["import", str(path), "--instructor", "nobody"])
    assert nobody.exit_code == 1 and "No instructor has the login 'nobody'" in nobody.stderr


@pytest.mark.parametrize("command", [["export"], ["import"]])
def test_help_of_export_and_import(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


# --- downloads and the upload page --------------------------------------------------------


def sign_in_other_instructor(app):
    http = app.test_client()
    with app.app_context():
        other = workshops.get_or_create_instructor("other", "Other")
        token = workshops.issue_login_link(other, 60)
        db.session.commit()
    assert http.get(f"/instructor/link/{token}").status_code == 302
    return http


def test_the_instructor_downloads_the_workshop_and_no_one_else_can(app, make_workshop, make_http):
    ws = make_workshop()
    url = f"/instructor/w/{ws['id']}/export"
    instructor = make_http("instructor", ws)
    got = instructor.get(url + ".json")
    assert got.status_code == 200 and got.mimetype == "application/json"
    disposition = f'attachment; filename="kaiken-workshop-{ws["id"]}.json"'
    assert got.headers["Content-Disposition"] == disposition
    assert got.get_json()["teams"][0]["name"] == "チームA"
    table = instructor.get(url + ".csv")
    assert table.data.startswith("\ufeffteam,".encode()) and table.mimetype == "text/csv"
    printed = instructor.get(url + ".html", headers={"Accept-Language": "en"})
    assert printed.headers["Content-Disposition"].startswith("inline;")
    assert "Scores per team and criterion" in printed.get_data(as_text=True)
    policy = printed.headers["Content-Security-Policy"]
    assert "script-src" not in policy and "style-src 'sha256-" in policy
    markdown = instructor.get(url + ".md")
    assert markdown.headers["Content-Disposition"].startswith("attachment;")
    assert instructor.get(url + ".xml").status_code == 404
    for role in ("team", "reporter", "screen"):
        assert make_http(role, ws).get(url + ".json").status_code == 403
    assert sign_in_other_instructor(app).get(url + ".json").status_code == 404
    stranger = app.test_client().get(url + ".json")
    assert stranger.status_code == 302 and "/instructor/login" in stranger.location
    dashboard = instructor.get("/instructor/", headers=EN).get_data(as_text=True)
    assert f'href="{url}.csv"' in dashboard and 'href="/instructor/import"' in dashboard


BOUNDARY = "kaiken-test-boundary"


def upload(http, body, name="workshop.json", lang="en"):
    """POST the upload form as a browser does (multipart, with the page's CSRF token)."""
    headers = {"Accept-Language": lang}
    token = csrf_token(http.get("/instructor/import", headers=headers).get_data(as_text=True))
    parts = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/json\r\n\r\n"
    ).encode()
    data = parts + body + f"\r\n--{BOUNDARY}--\r\n".encode()
    kind = f"multipart/form-data; boundary={BOUNDARY}"
    return http.post("/instructor/import", data=data, content_type=kind, headers=headers)


def test_an_uploaded_file_becomes_a_new_workshop_on_its_console(app, make_workshop, make_http):
    ws = make_workshop()
    instructor = make_http("instructor", ws)
    body = instructor.get(f"/instructor/w/{ws['id']}/export.json").data
    other = sign_in_other_instructor(app)
    done = upload(other, body)
    assert done.status_code == 302
    page = other.get(done.location, headers=EN).get_data(as_text=True)
    assert "サイバーインシデント机上演習（デモ）" in page and "チームB" in page
    with app.app_context():
        mine = db.session.scalars(select(Workshop).where(Workshop.id != ws["id"])).one()
        assert mine.instructor.login == "other" and len(mine.teams) == 3
    assert other.get("/instructor/import", headers={"Accept-Language": "ja"}).status_code == 200


def hostile_files(data):
    """(name, file body, problem the page lists) for files the import must refuse."""
    wrong_types = copy.deepcopy(data)
    wrong_types["teams"][1]["name"] = 7
    wrong_types["conferences"][0]["planned_minutes"] = "20"
    wrong_types["documents"][0]["versions"][0]["content"] = "text"
    dangling = copy.deepcopy(data)
    dangling["conferences"][0]["questions"][0]["reporter"] = "r99"
    duplicate = copy.deepcopy(data)
    duplicate["teams"][1]["ref"] = duplicate["teams"][0]["ref"]
    marker = {**data, "kaiken": "something else"}
    return [
        ("bad json", b'{"kaiken": "workshop",', "line 1, column 23"),
        ("marker", json.dumps(marker).encode(), "this is not a Kaiken workshop export"),
        ("version", json.dumps({**data, "version": 2}).encode(), "version: 2 is not supported"),
        ("types", json.dumps(wrong_types).encode(), "teams[1].name: must be text"),
        ("dangling", json.dumps(dangling).encode(), "refers to 'r99', which is not in the file"),
        ("duplicate", json.dumps(duplicate).encode(), "duplicate key 't1'"),
        ("huge", b" " * (exchange.MAX_BYTES + 1), None),
    ]


MESSAGES = {
    "bad json": "Nothing was imported: the file is not valid JSON.",
    "huge": "Nothing was imported: the file is larger than 20 MB.",
}


def test_hostile_imports_are_refused_and_write_nothing(app, room, make_http):
    ask(room, "r1", "何件ですか。")
    ws = room["ws"]
    data = exported(app, ws["id"])
    instructor = make_http("instructor", ws)
    before = row_counts(app)
    for name, body, problem in hostile_files(data):
        refused = upload(instructor, body)
        page = html.unescape(refused.get_data(as_text=True))
        assert refused.status_code == 400, name
        expected = MESSAGES.get(name, "Nothing was imported: the file has")
        assert expected in page, (name, page[:3000])
        if problem:
            assert problem in page, (name, page[:3000])
        assert row_counts(app) == before, name
    assert "Nothing was imported: choose a workshop file" in upload(instructor, b"", "").get_data(
        as_text=True
    )


def test_wrong_types_are_each_named_with_their_place(app, room):
    ask(room, "r1", "何件ですか。")
    data = hostile_files(exported(app, room["ws"]["id"]))[3][1]
    with app.app_context(), pytest.raises(DomainError) as refused:
        instructor = db.session.get(Instructor, room["ws"]["instructor_id"])
        exchange.import_json(json.loads(data), instructor)
    assert refused.value.code == "bad_import"
    assert refused.value.params == {"problems": 3}
    assert refused.value.problems == [
        "teams[1].name: must be text",
        "documents[0].versions[0].content: must be an object",
        "conferences[0].planned_minutes: must be a whole number from 1 to 240",
    ]
    with app.app_context():
        assert db.session.scalar(select(func.count(Team.id))) == 3


def test_parse_refuses_what_is_not_plain_json():
    for body, problem in (
        (b"\xff\xfe{}", "byte 0: not UTF-8 text"),
        (b'{"a": NaN}', "NaN is not a JSON number"),
        (b'{"a": 1, "a": 2}', "the key 'a' appears twice in one object"),
    ):
        with pytest.raises(DomainError) as refused:
            exchange.parse(body)
        assert refused.value.code == "bad_json" and refused.value.problems == [problem]
    assert exchange.parse("\ufeff{}".encode()) == {}
    with pytest.raises(DomainError) as refused:
        exchange.parse(b"[" * (exchange.MAX_BYTES + 1))
    assert refused.value.code == "import_too_large" and refused.value.params == {"limit": 20}


def test_scores_and_references_are_checked_against_the_file(app, room):
    held(app, room)
    data = exported(app, room["ws"]["id"])
    questions = data["conferences"][0]["questions"]
    questions[0]["answer"]["score"]["values"]["facts"] = 5
    questions[0]["voted_by"] = [questions[0]["reporter"]]
    questions[1]["votes"] = 3
    data["improvement_items"][0]["version"] = data["documents"][0]["versions"][0]["ref"]
    data["improvement_items"][0]["done"] = False
    data["conferences"][0]["headlines"][0]["answer"] = "q1"
    with app.app_context(), pytest.raises(DomainError) as refused:
        exchange.import_json(data, db.session.get(Instructor, room["ws"]["instructor_id"]))
    found = "\n".join(refused.value.problems)
    assert "questions[0].answer.score.values.facts: must be 0, 1, 2 or 3" in found
    assert "questions[0].votes: is 0 but voted_by lists 1" in found
    assert "questions[0].voted_by: a reporter cannot vote for their own question" in found
    assert "questions[1].votes: is 3 but voted_by lists 2" in found
    assert "improvement_items[0].version: 'v1' is a version of a fact_sheet" in found
    assert "improvement_items[0].version: must be given exactly when the item is done" in found
    assert "headlines[0].answer: 'q1' is a question, not an answer" in found


def test_an_upload_over_the_limit_is_refused_before_it_is_read(make_workshop, make_http):
    ws = make_workshop()
    response = upload(make_http("instructor", ws), b" " * (22 * 1024 * 1024))
    assert response.status_code == 413
    assert "too large (at most 20 MB)" in response.get_data(as_text=True)


def more_hostile_files(data):
    """(name, file body, problems the page lists) beyond those above."""
    extra = {**data, "evil": {"__proto__": 1}}
    missing = {k: v for k, v in data.items() if k not in ("teams", "title")}
    long_name = copy.deepcopy(data)
    long_name["teams"][0]["name"] = "長" * 100_000
    many = copy.deepcopy(data)
    many["teams"] = many["teams"] * 200
    twice = copy.deepcopy(data)
    versions = twice["documents"][0]["versions"]
    versions.append(copy.deepcopy(versions[0]))
    nested = (
        b'{"kaiken": "workshop", "version": 1, "title": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    )
    return [
        ("a list", b"[]", ["kaiken: must be 'workshop': this is not a Kaiken workshop export"]),
        ("null", b"null", ["this is not a Kaiken workshop export"]),
        ("a number", b"42", ["this is not a Kaiken workshop export"]),
        ("unknown field", json.dumps(extra).encode(), ["evil: unknown field"]),
        ("missing fields", json.dumps(missing).encode(), ["teams: missing", "title: missing"]),
        (
            "oversized value",
            json.dumps(long_name, ensure_ascii=False).encode(),
            ["teams[0].name: too long: 100000 characters, at most 80"],
        ),
        ("too many", json.dumps(many).encode(), ["teams: too many: 600, at most 12"]),
        (
            "duplicate version",
            json.dumps(twice).encode(),
            ["documents[0].versions[1].ref: duplicate key 'v1', first given at"],
        ),
        ("deeply nested", nested, ["maximum recursion depth exceeded"]),
    ]


def test_more_hostile_imports_say_what_is_wrong_and_write_nothing(app, room, make_http):
    held(app, room)
    data = exported(app, room["ws"]["id"])
    instructor = make_http("instructor", room["ws"])
    before = row_counts(app)
    for name, body, problems in more_hostile_files(data):
        refused = upload(instructor, body)
        page = html.unescape(refused.get_data(as_text=True))
        assert refused.status_code == 400, name
        assert "Nothing was imported" in page, (name, page[:2000])
        for problem in problems:
            assert problem in page, (name, problem, page[:3000])
        assert row_counts(app) == before, name
    bodies = {name: body for name, body, _ in more_hostile_files(data)}
    page = html.unescape(upload(instructor, bodies["too many"]).get_data(as_text=True))
    assert page.count("<li>") >= 200 and "more problems." in page  # a long list is cut, and says so
    assert (
        upload(instructor, json.dumps(data).encode()).status_code == 302
    )  # the file itself is fine

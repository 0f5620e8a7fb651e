"""Reporters' phones get questions drawn from the bank; the record keeps where each came from."""

import shutil
from pathlib import Path

import yaml
from sqlalchemy import func, select

from simulator.config import ROOT
from simulator.content import bank
from simulator.extensions import db
from simulator.models import Conference, Question, Reporter, WorkshopQuestion, utcnow
from simulator.services import content, documents, drawing

from .conftest import new_id, submit


def suggest(sock):
    ack = sock.emit("suggest", {}, callback=True)
    assert ack["ok"], ack
    return ack


def ask(sock, text, **extra):
    return sock.emit("ask", {"client_id": new_id(), "text": text, **extra}, callback=True)


def answer(room, question_id, summary):
    ack = room["instructor"].emit(
        "moderate", {"question_id": question_id, "action": "live"}, callback=True
    )
    assert ack["ok"], ack
    payload = {"client_id": new_id(), "question_id": question_id, "speaker": "社長"}
    ack = room["team"].emit("answer", {**payload, "summary": summary}, callback=True)
    assert ack["ok"], ack
    return ack["answer_id"]


def connect_reporter(room, http):
    return room["connect"](http, "reporter", room["ws"]["id"])


def test_each_reporter_gets_questions_about_this_teams_incident(room):
    national, tv = suggest(room["r1"]), suggest(room["r2"])
    for ack in (national, tv):
        assert len(ack["questions"]) == 5 and ack["follow_ups"] == []
        assert all(q["bank_id"] and q["theme"] for q in ack["questions"])
        # The demo's fictional organisation and its own figures fill the questions.
        text = " ".join(q["text"] for q in ack["questions"])
        assert "{" not in text
    both = national["questions"] + tv["questions"]
    assert any("株式会社サンプル商事" in q["text"] for q in both)
    assert [q["bank_id"] for q in national["questions"]] != [q["bank_id"] for q in tv["questions"]]
    assert suggest(room["r1"]) == national  # the same room, the same suggestions


def test_the_phone_speaks_the_reporters_language(room, make_http, connect):
    http = make_http("reporter", room["ws"], name="Reporter EN", outlet="foreign_wire", lang="en")
    english = connect(http, "reporter", room["ws"]["id"], lang="en")
    texts = [q["text"] for q in suggest(english)["questions"]]
    assert all(t.isascii() or "サンプル" in t for t in texts), texts


def test_asking_a_suggestion_records_its_bank_id_and_it_is_not_offered_again(app, room):
    first = suggest(room["r1"])["questions"][0]
    ack = ask(room["r1"], first["text"] + " 具体的に。", bank_id=first["bank_id"])
    assert ack["ok"], ack
    with app.app_context():
        stored = db.session.get(Question, ack["question_id"])
        assert stored.bank_id == first["bank_id"]
    for who in ("r1", "r2", "r3"):
        assert first["bank_id"] not in {q["bank_id"] for q in suggest(room[who])["questions"]}
    refused = ask(room["r2"], "何か", bank_id="no_such_question")
    assert refused["ok"] is False and refused["error"] == "bad_bank_id"
    assert "bank" in refused["message"]


def test_a_fired_factor_brings_its_questions_to_the_top_at_once(app, room):
    before = suggest(room["r1"])["questions"]
    assert not any(q["breaking"] for q in before)
    fired = room["instructor"].emit(
        "fire_news", {"client_id": new_id(), "factor": "spreading"}, callback=True
    )
    assert fired["ok"], fired
    after = suggest(room["r1"])["questions"]
    assert after[0]["breaking"] and "factor:spreading" in after[0]["reasons"]
    # The count the factor makes true (ten times the report's 5,000) is the one reporters quote.
    with app.app_context():
        conference = db.session.get(Conference, room["ws"]["conference_id"])
        found = drawing.profile(conference)
        assert found.records == 50000 and found.values["ja"]["records"] == "50,000"


def test_an_answer_without_a_date_or_with_another_figure_is_followed_up(room):
    ack = ask(room["r1"], "お客様への通知はいつまでに終えるのですか。")
    answer_id = answer(room, ack["question_id"], "できるだけ速やかに対応してまいります。")
    follow = suggest(room["r2"])["follow_ups"]
    assert follow[0]["need"] == "no_date" and follow[0]["follows_answer_id"] == answer_id
    ack = ask(room["r2"], "影響を受けた件数は何件ですか。")
    answer(room, ack["question_id"], "約5万件です。")
    follow = suggest(room["r3"])["follow_ups"]
    assert follow[0]["need"] == "number_differs"
    assert "50,000" in follow[0]["text"] and "5,000" in follow[0]["text"]
    sent = ask(room["r3"], follow[0]["text"], follows_answer_id=follow[0]["follows_answer_id"])
    assert sent["ok"], sent


def test_the_record_shows_which_bank_question_a_question_came_from(room, make_http):
    first = suggest(room["r1"])["questions"][0]
    assert ask(room["r1"], first["text"], bank_id=first["bank_id"])["ok"]
    ws = room["ws"]
    record = make_http("instructor", ws).get(
        f"/instructor/w/{ws['id']}/record/{ws['conference_id']}",
        headers={"Accept-Language": "en"},
    )
    assert f"From the bank: {first['bank_id']}" in record.get_data(as_text=True)


def test_a_phones_first_sync_brings_its_first_suggestions(room):
    """A room joining at once: each phone's first sync carries what `suggest` would give."""
    first = room["r1"].emit("sync", {"suggestions": True}, callback=True)
    assert first["ok"], first
    given = first["snapshot"]["suggestions"]
    assert len(given["questions"]) == 5
    assert given == {k: v for k, v in suggest(room["r1"]).items() if k != "ok"}
    # A resync after a reconnect does not draw them again, and only phones draw them.
    assert "suggestions" not in room["r1"].emit("sync", {}, callback=True)["snapshot"]
    team = room["team"].emit("sync", {"suggestions": True}, callback=True)
    assert team["ok"] and "suggestions" not in team["snapshot"]


def test_only_reporters_draw_suggestions(room):
    ack = room["team"].emit("suggest", {}, callback=True)
    assert ack["ok"] is False and ack["error"] == "forbidden"


def test_a_rejected_suggestion_is_not_offered_again_a_withdrawn_one_is(app, room):
    first, second = suggest(room["r1"])["questions"][:2]
    rejected = ask(room["r1"], first["text"], bank_id=first["bank_id"])
    withdrawn = ask(room["r1"], second["text"], bank_id=second["bank_id"])
    room["instructor"].emit(
        "moderate",
        {"question_id": rejected["question_id"], "action": "reject", "reason": "後で"},
        callback=True,
    )
    room["r1"].emit("withdraw", {"question_id": withdrawn["question_id"]}, callback=True)
    with app.app_context():
        statuses = set(db.session.scalars(select(Question.status)))
        assert statuses == {"rejected", "withdrawn"}
    offered = {q["bank_id"] for q in suggest(room["r1"])["questions"]}
    assert first["bank_id"] not in offered and second["bank_id"] in offered


QUESTION = {
    "text.ja": "{org}の取締役会は、この件をいつ知ったのですか。",
    "text.en": "",
    "theme": "executive",
    "difficulty": "2",
    "factors": ["media_heat"],
    "outlets": ["weekly_magazine"],
    "good_answer.ja": "取締役会への報告日時と、その後の判断を示す。",
    "pitfalls.ja": "報告の遅れを隠す。",
}


def test_the_instructor_writes_a_question_that_reporters_then_draw(app, room, make_http, tmp_path):
    ws = room["ws"]
    http = make_http("instructor", ws)
    page = f"/instructor/w/{ws['id']}/questions"
    saved = submit(http, page, page, QUESTION)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    ident = f"executive_w{ws['id']}_001"
    assert ident in saved.location
    listing = http.get(page, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "取締役会は、この件をいつ知ったのですか" in listing

    # Drawn only once its factor is in force, and it rises to the top for its outlet.
    magazine = make_http("reporter", ws, name="週刊誌", outlet="weekly_magazine")
    phone = connect_reporter(room, magazine)
    assert ident not in {q["bank_id"] for q in suggest(phone)["questions"]}
    room["instructor"].emit(
        "fire_news", {"client_id": new_id(), "factor": "media_heat"}, callback=True
    )
    drawn = {q["bank_id"]: q for q in suggest(phone)["questions"]}
    assert "株式会社サンプル商事の取締役会" in drawn[ident]["text"]

    exported = http.get(f"{page}/executive.yaml")
    assert exported.status_code == 200
    assert "executive-workshop" in exported.headers["Content-Disposition"]
    data = yaml.safe_load(exported.get_data(as_text=True))
    assert data["kind"] == "questions" and data["theme"] == "executive"
    assert data["questions"][0]["id"] == ident
    # The export drops into question_bank/ and passes the lint with the rest of the bank.
    with app.app_context():
        scenarios = content.shipped()
    folder = shutil.copytree(ROOT / "question_bank", tmp_path / "question_bank")
    (Path(folder) / "executive-workshop.yaml").write_text(exported.get_data(as_text=True))
    merged = bank.load(folder, scenarios)
    assert merged.questions[ident].text["en"] == QUESTION["text.ja"]  # the other language's text


def test_a_bad_question_is_explained_and_nothing_is_saved(app, room, make_http):
    ws = room["ws"]
    http = make_http("instructor", ws)
    page = f"/instructor/w/{ws['id']}/questions"
    bad = submit(http, page, page, {**QUESTION, "text.ja": "{company}は？", "follow_ups": "nope_1"})
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "unknown placeholder: company" in html
    assert "{company}は？" in html  # what was typed stays in the form
    with app.app_context():
        assert db.session.scalar(select(func.count(WorkshopQuestion.id))) == 0
    ja = submit(http, page, page, {**QUESTION, "text.ja": "", "text.en": ""}, lang="ja")
    assert "空" in ja.get_data(as_text=True) or "入力" in ja.get_data(as_text=True)


def test_suggestions_follow_the_teams_report_as_soon_as_it_is_saved(app, room):
    # Phones share what suggestions are drawn from until something they depend on changes; a
    # report saved mid-conference is such a change even though no conference event says so.
    ws, team_id = room["ws"], room["ws"]["teams"][0][0]
    wanted = "records"
    before = [suggest(room[r])["questions"] for r in ("r1", "r2", "r3")]
    assert any("5,000" in q["text"] for qs in before for q in qs)
    with app.app_context():
        report = documents.content(ws["id"], team_id, documents.REPORT, 1)
        assert report[wanted] == 5000
        documents.save(
            ws["id"], team_id, documents.REPORT, {**report, wanted: 7200}, author="Team A"
        )
        db.session.commit()
    after = [suggest(room[r])["questions"] for r in ("r1", "r2", "r3")]
    texts = " ".join(q["text"] for qs in after for q in qs)
    assert "7,200" in texts and "5,000" not in texts


def test_a_kept_board_narrowed_by_new_questions_suggests_what_a_fresh_one_would(app, room):
    suggest(room["r1"])  # the server now keeps what phones draw from
    offered = suggest(room["r2"])["questions"]
    ask(room["r3"], offered[0]["text"], bank_id=offered[0]["bank_id"])
    ask(room["r3"], "個人情報は何件漏れたのですか。")
    kept = [suggest(room[r]) for r in ("r1", "r2")]
    assert offered[0]["bank_id"] not in {q["bank_id"] for q in kept[1]["questions"]}
    app.extensions["kaiken_boards"].clear()
    fresh = [suggest(room[r]) for r in ("r1", "r2")]
    assert kept == fresh


def test_a_phone_whose_reporter_was_removed_gets_no_suggestions_from_a_kept_board(app, room):
    # Another server process may not have let the phone go yet: the board every phone shares
    # is kept, but who is asking is checked each time.
    suggest(room["r1"])
    assert suggest(room["r2"])["questions"]
    with app.app_context():
        reporter = db.session.scalar(select(Reporter).where(Reporter.name == "R2"))
        reporter.removed_at = utcnow()
        db.session.commit()
    ack = room["r2"].emit("suggest", {}, callback=True)
    assert ack["ok"] is False and ack["error"] == "unauthorized"
    assert suggest(room["r1"])["questions"]

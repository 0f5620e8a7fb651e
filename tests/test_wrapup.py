"""The wrap-up: scores per team and criterion, incident 1 against incident 2, standout answers,
what each team changed and why, the instructor's comments, and the report for management."""

import base64
import hashlib
import re

from simulator.extensions import db
from simulator.models import Conference, TeamIncident, Workshop
from simulator.services import documents, report, workflow
from tests.conftest import events, new_id, submit
from tests.test_review import EN, ask_and_answer, end_conference


def score(room, answer_id, **values):
    payload = {"client_id": new_id(), "answer_id": answer_id, "values": values}
    assert room["instructor"].emit("score", payload, callback=True) == {"ok": True}


def second_conference(app, room):
    """Team A revises its report after incident 1, then holds its incident 2 conference."""
    with app.app_context():
        first = db.session.get(Conference, room["ws"]["conference_id"])
        workshop, team = first.workshop, first.team
        content = documents.content(workshop.id, team.id, documents.REPORT, 1)
        content["summary"] += " 件数は確認済みの5,000件です。"
        documents.save(
            workshop.id,
            team.id,
            documents.REPORT,
            content,
            author="チームA",
            reason="件数の根拠を明記した",
        )
        workshop.phase = "incident_2"
        db.session.add(TeamIncident(team_id=team.id, incident_no=2, incident_id="card_fraud"))
        workflow.open_conference(workshop, team)
        db.session.commit()
    for name in ("instructor", "team", "r1", "r2"):
        assert room[name].emit("sync", {}, callback=True)["ok"]
        events(room[name])


def held_twice(app, room):
    weak = ask_and_answer(room, "委託先が設定を誤りました。寝ていないんですよ。")
    score(room, weak, facts=1, care=0, ownership=0)
    end_conference(room)
    second_conference(app, room)
    strong = ask_and_answer(
        room, "当社の責任です。心よりお詫び申し上げます。窓口を本日開設しました。"
    )
    score(room, strong, facts=3, care=3, ownership=3)
    end_conference(room)


def test_the_wrap_up_shows_the_change_between_incidents(app, room, make_http):
    held_twice(app, room)
    instructor = make_http("instructor", room["ws"])
    url = f"/review/w/{room['ws']['id']}/wrapup"
    page = instructor.get(url, headers=EN).get_data(as_text=True)
    assert 'data-delta="チームA:care">▲ +3.0' in page
    assert 'data-delta="チームA:facts">▲ +2.0' in page
    assert "件数の根拠を明記した" in page  # what the team changed, and why
    effective = page.index("The most effective answers")
    damaging = page.index("The most damaging answers")
    assert effective < page.index("当社の責任です") < damaging < page.index("寝ていない")
    assert "Blaming others" in page and "<svg" in page


def test_the_instructor_writes_comments_that_the_room_reads_in_the_wrap_up(app, room, make_http):
    held_twice(app, room)
    instructor = make_http("instructor", room["ws"])
    url = f"/review/w/{room['ws']['id']}/wrapup"
    team_id = room["ws"]["teams"][0][0]
    notes = {"comments": "全体として改善が見られた。", "lessons": "結論から話す。"}
    notes[f"team.{team_id}"] = "2回目は謝罪が具体的だった。"
    assert submit(instructor, url, url, notes).status_code == 302
    team = make_http("team", room["ws"])
    assert team.get(url).status_code == 403  # not before the wrap-up phase
    with app.app_context():
        db.session.get(Workshop, room["ws"]["id"]).phase = "wrapup"
        db.session.commit()
    page = team.get(url, headers=EN).get_data(as_text=True)
    assert "全体として改善が見られた。" in page and "2回目は謝罪が具体的だった。" in page
    assert "Save comments" not in page
    own_review = f"/review/w/{room['ws']['id']}/t/{team_id}"  # a page with a form of theirs
    assert submit(team, own_review, url, {"comments": "x"}).status_code == 403
    assert room["r1"].http.get(url).status_code == 403


def test_the_report_is_one_self_contained_file_in_either_language(app, room):
    held_twice(app, room)
    with app.app_context():
        workshop = db.session.get(Workshop, room["ws"]["id"])
        workshop.wrapup = {"comments": "講評の本文", "lessons": "", "teams": {}}
        html = report.render_html(workshop, "ja")
        markdown = report.render_markdown(workshop, "en")
        policy = report.csp()
    assert "報告書と整合した事実" in html and "講評の本文" in html and "<svg" in html
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", html)  # nothing from outside
    assert "<script" not in html and "<link" not in html
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert "## Scores per team and criterion" in markdown
    assert "| Facts consistent with the report |" in markdown
    assert "> 当社の責任です。" in markdown and "Blaming others" in markdown
    assert "講評の本文" in markdown


def test_in_the_wrap_up_qa_participants_ask_and_the_instructor_answers(app, room, make_http):
    end_conference(room)
    instructor = make_http("instructor", room["ws"])
    console = f"/instructor/w/{room['ws']['id']}"
    action = f"{console}/open-wrapup"
    early = submit(instructor, console, action, {})
    assert "refused=wrapup_phase_only" in early.headers["Location"]
    with app.app_context():
        db.session.get(Workshop, room["ws"]["id"]).phase = "wrapup"
        db.session.commit()
    assert submit(instructor, console, action, {}).status_code == 302
    for name in ("instructor", "team", "screen", "r1", "r2"):
        ack = room[name].emit("sync", {}, callback=True)
        assert ack["ok"] and ack["snapshot"]["conference"]["wrapup"] is True
        events(room[name])
    suggested = room["r1"].emit("suggest", {}, callback=True)
    assert suggested["ok"] and suggested["questions"] == []
    ask = {"client_id": new_id(), "text": "社長が不在のとき、誰が会見で謝罪すべきですか。"}
    qid = room["r1"].emit("ask", ask, callback=True)["question_id"]
    room["instructor"].emit("moderate", {"question_id": qid, "action": "live"}, callback=True)
    answer = {
        "client_id": new_id(),
        "question_id": qid,
        "speaker": "講師",
        "summary": "代行者を決めておきます。おそらく副社長です。",
    }
    refused = room["team"].emit("answer", {**answer, "client_id": new_id()}, callback=True)
    assert refused["error"] == "forbidden"  # no team presents in the wrap-up
    assert room["instructor"].emit("answer", answer, callback=True)["ok"]
    seen = [q for _, p in events(room["screen"], "questions") for q in p["questions"]]
    assert any((q.get("answer") or {}).get("summary", "").startswith("代行者") for q in seen)
    # the instructor's answers are not held to a team's report: no red flags ("おそらく")
    assert [p["flags"] for _, p in events(room["instructor"], "flags")] == [[]]
    page = instructor.get(console, headers=EN).get_data(as_text=True)
    assert "The wrap-up Q&A is on screen" in page and "data-answer" in page


def test_reactions_are_counted_per_answer_and_per_conference(app, room, make_http):
    answer_id = ask_and_answer(room, "調査中です。")
    for name, kind in (("r1", "not_answered"), ("r2", "not_answered"), ("r3", "satisfied")):
        ack = room[name].emit("react", {"answer_id": answer_id, "kind": kind}, callback=True)
        assert ack == {"ok": True}
    # a reporter changing their mind counts once, for the new choice
    room["r3"].emit("react", {"answer_id": answer_id, "kind": "not_answered"}, callback=True)
    end_conference(room)
    instructor = make_http("instructor", room["ws"])
    team_id = room["ws"]["teams"][0][0]
    review = instructor.get(f"/review/w/{room['ws']['id']}/t/{team_id}", headers=EN)
    row = review.get_data(as_text=True).split('data-row="')[1]
    assert "Not answered 3" in row and "Satisfied 0" in row
    wrap = instructor.get(f"/review/w/{room['ws']['id']}/wrapup", headers=EN).get_data(as_text=True)
    assert "1 of 1 questions answered · Follow-up needed 0 · Not answered 3 · Satisfied 0" in wrap


def test_the_wrap_up_qa_has_a_record_like_any_conference(app, room, make_http):
    end_conference(room)
    with app.app_context():
        workshop = db.session.get(Workshop, room["ws"]["id"])
        workshop.phase = "wrapup"
        conference = workflow.open_wrapup(workshop)
        db.session.commit()
        conference_id = conference.id
    instructor = make_http("instructor", room["ws"])
    page = instructor.get(f"/instructor/w/{room['ws']['id']}/record/{conference_id}", headers=EN)
    assert page.status_code == 200 and "Conference record: Wrap-up Q&A" in page.get_data(
        as_text=True
    )

"""Socket.IO events: what each role receives, what each role is refused, retries."""

from sqlalchemy import func, select

from simulator.extensions import db
from simulator.models import Answer, Question, Score, Vote
from simulator.realtime.fanout import emit_tallies
from simulator.services import documents

from .conftest import events, new_id, submit


def ask(sock, text="被害件数は何件ですか？", client_id=None, **extra):
    return sock.emit(
        "ask", {"client_id": client_id or new_id(), "text": text, **extra}, callback=True
    )


def moderate(sock, question_id, action, reason=None):
    return sock.emit(
        "moderate", {"question_id": question_id, "action": action, "reason": reason}, callback=True
    )


def live_answer(room, text="回答"):
    """r1 asks, the instructor puts it live, team A records an answer; returns its id."""
    qid = ask(room["r1"])["question_id"]
    moderate(room["instructor"], qid, "live")
    payload = {"client_id": new_id(), "question_id": qid, "speaker": "社長", "summary": text}
    return room["team"].emit("answer", payload, callback=True)["answer_id"]


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_stranger_cannot_connect(app, connect, make_workshop):
    ws = make_workshop()
    sock = connect(app.test_client(), "reporter", ws["id"])
    assert not sock.is_connected()


def test_role_not_held_is_refused_at_connect(room, make_http, connect):
    reporter_http = room["r1"].http
    sock = connect(reporter_http, "instructor", room["ws"]["id"])
    assert not sock.is_connected()


def test_snapshot_shows_the_agenda_and_press_release(room):
    snap = room["r1"].snapshot
    conference = snap["conference"]
    assert conference["title"].startswith("会員向けウェブページ")
    assert [s["name"] for s in conference["speakers"]] == ["山田 太郎", "佐藤 花子", "鈴木 一郎"]
    sections = {s["field"]: s["value"] for s in conference["report"]["sections"]}
    assert sections["records"] == 5000 and sections["card_data"] is False
    assert "専用窓口" in sections["support"] and "timeline" in sections
    assert conference["running_order"][0] == {"time": "15:00", "item": "開会・お詫び（社長）"}
    # What reporters read is the published report and agenda, never internal documents.
    assert set(conference) >= {"report", "speakers"} and "response_table" not in str(snap)
    assert snap["me"]["name"] == "R1" and snap["me"]["outlet"] == "national_daily"
    assert snap["questions"] == [] and snap["conference"]["clock"]["state"] == "ready"


def test_question_reaches_moderators_at_once_and_public_only_when_queued(room):
    ack = ask(room["r1"])
    assert ack["ok"] and ack["status"] == "submitted"
    [(_, mod)] = events(room["instructor"], "questions")
    assert mod["questions"][0]["text"] == "被害件数は何件ですか？"
    assert mod["questions"][0]["reporter"] == {"name": "R1", "outlet": "national_daily"}
    assert mod["counts"] == {"received": 1, "queued": 1, "answered": 0}
    [(_, public)] = events(room["r2"], "questions")
    assert public["questions"] == [{"id": ack["question_id"], "hidden": True}]
    assert public["rev"] == mod["rev"]
    [(_, own)] = events(room["r1"], "own_question")
    assert own["question"]["status"] == "submitted" and own["question"]["mine"]

    assert moderate(room["instructor"], ack["question_id"], "queue")["ok"]
    [(_, public)] = events(room["r2"], "questions")
    assert public["questions"][0]["text"] == "被害件数は何件ですか？"
    assert public["questions"][0]["status"] == "queued"


def test_retried_question_is_stored_once(app, room):
    client_id = new_id()
    first = ask(room["r1"], client_id=client_id)
    events(room["instructor"])
    again = ask(room["r1"], client_id=client_id)
    assert again == first
    assert events(room["instructor"]) == []
    assert count(app, Question) == 1


def test_too_long_question_is_refused_in_the_users_language(app, room, make_http, connect):
    limit = app.config["QUESTION_MAX_CHARS"]
    ack = ask(room["r1"], text="あ" * (limit + 1))
    assert ack["ok"] is False and ack["error"] == "too_long"
    assert ack["message"] == f"Question is too long: {limit + 1} characters, at most {limit}."
    ja_http = make_http("reporter", room["ws"], name="記者", lang="ja")
    ja = connect(ja_http, "reporter", room["ws"]["id"], lang="ja")
    ack = ask(ja, text="あ" * (limit + 1))
    assert ack["error"] == "too_long" and str(limit) in ack["message"]
    assert "characters" not in ack["message"]
    assert ask(ja, text="   ")["error"] == "required"
    assert count(app, Question) == 0


def test_votes_count_once_per_reporter(app, room):
    qid = ask(room["r1"])["question_id"]
    moderate(room["instructor"], qid, "queue")
    for sock in (room["instructor"], room["screen"], room["r2"]):
        events(sock)
    vote = {"question_id": qid, "on": True}
    assert room["r2"].emit("vote", vote, callback=True) == {"ok": True, "votes": 1}
    assert room["r2"].emit("vote", vote, callback=True) == {"ok": True, "votes": 1}
    assert room["r3"].emit("vote", vote, callback=True)["votes"] == 2
    own = room["r1"].emit("vote", vote, callback=True)
    assert own["error"] == "own_question"
    assert count(app, Vote) == 2
    [(_, first), (_, second)] = events(room["screen"], "tallies")
    assert second == {"votes": {str(qid): 2}}
    assert events(room["r2"], "tallies") == []
    with app.app_context():
        app.extensions["kaiken_fanout"].flush()
    assert events(room["r2"], "tallies") == [("tallies", {"votes": {str(qid): 2}})]
    # The screen had each count at once; the tick tells it again, fresh from the database,
    # which puts right counts that two processes delivered crossed.
    assert events(room["screen"], "tallies") == [("tallies", {"votes": {str(qid): 2}})]
    off = room["r2"].emit("vote", {"question_id": qid, "on": False}, callback=True)
    assert off == {"ok": True, "votes": 1}


def test_a_tick_tells_the_phones_votes_and_reactions_in_one_message(app, room):
    answer_id = live_answer(room, "調査中です")
    qid = ask(room["r2"])["question_id"]
    moderate(room["instructor"], qid, "queue")
    assert room["r3"].emit("vote", {"question_id": qid, "on": True}, callback=True)["ok"]
    react = {"answer_id": answer_id, "kind": "follow_up"}
    assert room["r3"].emit("react", react, callback=True)["ok"]
    events(room["r1"])
    with app.app_context():
        app.extensions["kaiken_fanout"].flush()
    [(_, tallies)] = events(room["r1"], "tallies")
    assert tallies["votes"] == {str(qid): 1}
    assert tallies["reactions"][str(answer_id)]["follow_up"] == 1
    with app.app_context():
        app.extensions["kaiken_fanout"].flush()
    assert events(room["r1"], "tallies") == []  # nothing changed since: nothing sent


def test_reporter_cannot_moderate_score_answer_or_run_the_clock(app, room):
    qid = ask(room["r1"])["question_id"]
    r2 = room["r2"]
    for event, payload in (
        ("moderate", {"question_id": qid, "action": "live"}),
        ("answer", {"client_id": new_id(), "question_id": qid, "speaker": "x", "summary": "y"}),
        ("score", {"client_id": new_id(), "answer_id": 1, "values": {}}),
        ("clock", {"action": "start"}),
        ("team_moderation", {"allowed": True}),
    ):
        ack = r2.emit(event, payload, callback=True)
        assert ack["ok"] is False and ack["error"] == "forbidden", event
        assert ack["message"] == "Your role cannot do this."
    with app.app_context():
        assert db.session.get(Question, qid).status == "submitted"
    assert (
        room["screen"].emit("ask", {"client_id": new_id(), "text": "x"}, callback=True)["error"]
        == "forbidden"
    )


def test_team_moderates_only_when_the_instructor_allows(room):
    qid = ask(room["r1"])["question_id"]
    team = room["team"]
    assert moderate(team, qid, "live")["error"] == "forbidden"
    events(team)
    ack = room["instructor"].emit("team_moderation", {"allowed": True}, callback=True)
    assert ack == {"ok": True, "team_may_moderate": True}
    [(_, change)] = events(team, "conference")
    assert change["conference"]["can_moderate"] is True
    assert moderate(team, qid, "live") == {"ok": True, "status": "live"}


def test_other_workshop_cannot_reach_this_conference(room, make_workshop, make_http, connect):
    qid = ask(room["r1"])["question_id"]
    moderate(room["instructor"], qid, "queue")
    other_ws = make_workshop()
    outsider = connect(make_http("reporter", other_ws), "reporter", other_ws["id"])
    ack = outsider.emit("vote", {"question_id": qid, "on": True}, callback=True)
    assert ack["error"] == "unknown_question"
    other_instructor = connect(make_http("instructor", other_ws), "instructor", other_ws["id"])
    assert moderate(other_instructor, qid, "reject", "x")["error"] == "unknown_question"
    wrong_room = connect(room["r1"].http, "reporter", other_ws["id"])
    assert not wrong_room.is_connected()


def test_rejection_reason_reaches_only_its_author(room):
    qid = ask(room["r1"])["question_id"]
    for sock in ("r1", "r2"):
        events(room[sock])
    assert moderate(room["instructor"], qid, "reject", "  ")["error"] == "required"
    assert moderate(room["instructor"], qid, "reject", "Already asked")["ok"]
    [(_, own)] = events(room["r1"], "own_question")
    assert own["question"]["status"] == "rejected"
    assert own["question"]["reject_reason"] == "Already asked"
    [(_, public)] = events(room["r2"], "questions")
    assert public["questions"] == [{"id": qid, "hidden": True}]


def test_going_live_answering_and_moving_on(app, room):
    first = ask(room["r1"], "最初の質問")["question_id"]
    second = ask(room["r2"], "二つ目の質問")["question_id"]
    assert moderate(room["instructor"], first, "live")["status"] == "live"
    [(_, screen)] = events(room["screen"], "questions")[-1:]
    live = screen["questions"][0]
    assert live["text"] == "最初の質問" and live["status"] == "live" and live["live_at"]

    answer = {"client_id": new_id(), "question_id": first, "speaker": "CIO 佐藤 花子"}
    bad = room["team"].emit("answer", {**answer, "summary": ""}, callback=True)
    assert bad["error"] == "required"
    ack = room["team"].emit(
        "answer", {**answer, "summary": "調査中です。明日17時に続報します。"}, callback=True
    )
    assert ack["ok"]
    assert room["team"].emit("answer", {**answer, "summary": "別内容"}, callback=True) == ack
    assert count(app, Answer) == 1
    [(_, shown)] = events(room["r3"], "questions")[-1:]
    assert shown["questions"][0]["answer"]["summary"] == "調査中です。明日17時に続報します。"
    assert shown["questions"][0]["answer"]["speaker"] == "CIO 佐藤 花子"

    assert moderate(room["instructor"], second, "live")["ok"]
    with app.app_context():
        assert db.session.get(Question, first).status == "answered"
        assert db.session.get(Question, second).status == "live"
    assert moderate(room["instructor"], second, "close")["error"] == "no_answer"
    assert moderate(room["instructor"], second, "skip")["status"] == "skipped"


def test_reactions_and_follow_ups(app, room):
    answer_id = live_answer(room, "お詫びします")
    events(room["instructor"])
    assert room["r2"].emit(
        "react", {"answer_id": answer_id, "kind": "not_answered"}, callback=True
    )["ok"]
    assert room["r3"].emit("react", {"answer_id": answer_id, "kind": "satisfied"}, callback=True)[
        "ok"
    ]
    assert (
        room["r3"].emit("react", {"answer_id": answer_id, "kind": "bogus"}, callback=True)["error"]
        == "bad_reaction"
    )
    [*_, (_, counts)] = events(room["instructor"], "tallies")
    assert counts["reactions"][str(answer_id)] == {
        "satisfied": 1,
        "not_answered": 1,
        "follow_up": 0,
    }
    follow = ask(room["r2"], "具体的な日付は？", follows_answer_id=answer_id)
    assert follow["ok"]
    with app.app_context():
        assert db.session.get(Question, follow["question_id"]).follows_answer_id == answer_id


def test_a_new_reaction_replaces_the_old_and_the_same_again_changes_nothing(room):
    answer_id = live_answer(room, "調査中です")
    phone, instructor = room["r2"], room["instructor"]
    for kind in ("not_answered", "satisfied"):
        assert phone.emit("react", {"answer_id": answer_id, "kind": kind}, callback=True)["ok"]
    [*_, (_, counts)] = events(instructor, "tallies")
    assert counts["reactions"][str(answer_id)] == {
        "satisfied": 1,
        "not_answered": 0,
        "follow_up": 0,
    }
    assert phone.emit("react", {"answer_id": answer_id, "kind": "satisfied"}, callback=True)["ok"]
    assert events(instructor, "tallies") == []  # nothing changed, nothing sent
    assert phone.emit("sync", {}, callback=True)["snapshot"]["me"]["reactions"] == {
        str(answer_id): "satisfied"
    }


def test_scores_are_saved_once_and_seen_only_by_instructors(app, room):
    answer_id = live_answer(room)
    values = {"facts": 3, "honesty": 2, "care": 1, "ownership": 0, "next_steps": 2}
    payload = {"client_id": new_id(), "answer_id": answer_id, "values": values, "comment": "良い"}
    events(room["r1"])
    assert room["instructor"].emit("score", payload, callback=True) == {"ok": True}
    assert room["instructor"].emit("score", payload, callback=True) == {"ok": True}
    [(_, scored)] = events(room["instructor"], "scored")
    assert scored["values"] == values and scored["comment"] == "良い"
    assert events(room["r1"], "scored") == []
    bad = {**payload, "client_id": new_id(), "values": {**values, "care": 4}}
    assert room["instructor"].emit("score", bad, callback=True)["error"] == "bad_score"
    rescore = {**payload, "client_id": new_id(), "values": {**values, "care": 3}}
    assert room["instructor"].emit("score", rescore, callback=True)["ok"]
    with app.app_context():
        [score] = db.session.scalars(select(Score)).all()
        assert score.values["care"] == 3


def test_clock_and_the_read_only_end(app, room):
    instr = room["instructor"]
    assert instr.emit("clock", {"action": "pause"}, callback=True)["error"] == "illegal_clock"
    for action, state in (("start", "running"), ("pause", "paused"), ("resume", "running")):
        assert instr.emit("clock", {"action": action}, callback=True) == {
            "ok": True,
            "clock": state,
        }
    [*_, (_, change)] = events(room["screen"], "conference")
    assert change["conference"]["clock"]["state"] == "running"
    qid = ask(room["r1"])["question_id"]
    moderate(instr, qid, "live")
    events(room["screen"])
    assert instr.emit("clock", {"action": "end"}, callback=True) == {"ok": True, "clock": "ended"}
    [(_, ended)] = events(room["screen"], "conference")
    assert ended["conference"]["clock"]["state"] == "ended"
    assert ended["questions"][0] == {"id": qid, "hidden": True}
    after = ask(room["r2"])
    assert after["error"] == "conference_ended"
    assert after["message"] == "The press conference has ended; its record is read-only."
    assert moderate(instr, qid, "queue")["error"] == "conference_ended"


def test_deltas_are_numbered_without_gaps_for_every_role(room):
    instr = room["instructor"]
    start = room["r2"].snapshot["rev"]
    qid = ask(room["r1"])["question_id"]
    moderate(instr, qid, "queue")
    moderate(instr, qid, "live")
    instr.emit("clock", {"action": "start"}, callback=True)
    for who in ("r2", "screen", "team", "instructor"):
        revs = [p["rev"] for name, p in events(room[who]) if name in ("questions", "conference")]
        assert revs == list(range(start + 1, start + 5)), who


def test_reconnect_gets_a_fresh_snapshot_with_own_questions(room, connect):
    qid = ask(room["r1"])["question_id"]
    moderate(room["instructor"], qid, "reject", "重複")
    room["r1"].disconnect()
    again = connect(room["r1"].http, "reporter", room["ws"]["id"])
    [mine] = again.snapshot["questions"]
    assert mine["id"] == qid and mine["status"] == "rejected" and mine["reject_reason"] == "重複"
    other = room["r2"].emit("sync", {}, callback=True)["snapshot"]
    assert other["questions"] == []


def test_withdraw_own_question_only(room):
    qid = ask(room["r1"])["question_id"]
    assert room["r2"].emit("withdraw", {"question_id": qid}, callback=True)["error"] == "not_yours"
    assert room["r1"].emit("withdraw", {"question_id": qid}, callback=True) == {
        "ok": True,
        "status": "withdrawn",
    }
    assert room["r1"].emit("withdraw", {"question_id": qid}, callback=True)["ok"]
    snap = room["instructor"].emit("sync", {}, callback=True)["snapshot"]
    assert snap["questions"] == [] and snap["counts"]["received"] == 0


def test_malformed_payloads_get_a_clear_refusal(room):
    for payload in (
        None,
        [],
        "text",
        {"question_id": "1", "action": "live"},
        {"question_id": True},
    ):
        ack = room["instructor"].emit("moderate", payload, callback=True)
        assert ack["ok"] is False and ack["message"], payload
    assert ask(room["r1"], client_id="short")["error"] == "bad_client_id"


def test_planned_length_is_set_by_the_instructor_only(room):
    instr = room["instructor"]
    assert instr.emit("plan", {"minutes": 30}, callback=True) == {"ok": True, "planned_minutes": 30}
    [(_, change)] = events(room["screen"], "conference")
    assert change["conference"]["clock"]["planned_minutes"] == 30
    bad = instr.emit("plan", {"minutes": 0}, callback=True)
    assert bad["error"] == "bad_minutes" and "240" in bad["message"]
    assert room["r1"].emit("plan", {"minutes": 5}, callback=True)["error"] == "forbidden"


def test_votes_and_reactions_stop_when_the_conference_ends(room):
    qid = ask(room["r1"])["question_id"]
    moderate(room["instructor"], qid, "queue")
    room["instructor"].emit("clock", {"action": "end"}, callback=True)
    ack = room["r2"].emit("vote", {"question_id": qid, "on": True}, callback=True)
    assert ack["error"] == "conference_ended"


def test_a_snapshot_after_votes_and_a_saved_report_shows_them(app, room):
    # The part of the snapshot phones share is kept between syncs; votes (which take no
    # revision) and a report saved on the team's console must still show in the next one.
    r1, r2, r3 = room["r1"], room["r2"], room["r3"]
    asked = r1.emit("ask", {"client_id": new_id(), "text": "Who knew first?"}, callback=True)
    room["instructor"].emit(
        "moderate", {"question_id": asked["question_id"], "action": "queue"}, callback=True
    )
    private = r1.emit("ask", {"client_id": new_id(), "text": "Not yet seen?"}, callback=True)
    first = r3.emit("sync", {}, callback=True)["snapshot"]
    assert [q["votes"] for q in first["questions"]] == [0]
    r2.emit("vote", {"question_id": asked["question_id"], "on": True}, callback=True)
    r3.emit("vote", {"question_id": asked["question_id"], "on": True}, callback=True)
    again = r3.emit("sync", {}, callback=True)["snapshot"]
    assert [q["votes"] for q in again["questions"]] == [2]
    assert again["me"]["votes"] == [asked["question_id"]]
    # The author sees their own question waiting; nobody else does.
    own = r1.emit("sync", {}, callback=True)["snapshot"]["questions"]
    assert [(q["id"], q["mine"]) for q in own] == [
        (asked["question_id"], True),
        (private["question_id"], True),
    ]
    assert private["question_id"] not in {q["id"] for q in again["questions"]}

    ws, team_id = room["ws"], room["ws"]["teams"][0][0]
    with app.app_context():
        report = documents.content(ws["id"], team_id, documents.REPORT, 1)
        documents.save(
            ws["id"], team_id, documents.REPORT, {**report, "title": "Revised statement"}
        )
        db.session.commit()
    screen = room["screen"].emit("sync", {}, callback=True)["snapshot"]
    assert screen["conference"]["report"]["title"] == "Revised statement"


def test_a_phone_follows_the_next_conference_and_hears_no_more_of_the_last(app, room, make_http):
    """After team A's conference ends and team B's opens, a phone's sync moves it to team B's
    rooms: it hears team B's questions, and a late count from team A's does not reach it."""
    ws, instructor = room["ws"], room["instructor"]
    old_id = ws["conference_id"]
    for action in ("start", "end"):
        assert instructor.emit("clock", {"action": action}, callback=True)["ok"]
    team_b = make_http("team", ws, team=1)
    hub = f"/team/w/{ws['id']}/documents"
    submit(team_b, hub, f"/team/w/{ws['id']}/incident", {"incident": "card_fraud"})
    page = f"/instructor/w/{ws['id']}"
    opened = submit(make_http("instructor", ws), page, f"{page}/open/{ws['teams'][1][0]}", {})
    assert opened.status_code == 302 and "refused" not in opened.location
    for sock in (instructor, room["r1"], room["r2"]):
        events(sock)
        ack = sock.emit("sync", {}, callback=True)
        assert ack["ok"] and ack["snapshot"]["conference"]["id"] != old_id
    qid = ask(room["r2"], "次の会見でも同じ質問です。")["question_id"]
    moderate(instructor, qid, "queue")
    heard = [q for _, d in events(room["r1"], "questions") for q in d["questions"]]
    assert [(q["id"], q.get("status", "hidden")) for q in heard] == [
        (qid, "hidden"),
        (qid, "queued"),
    ]
    with app.app_context():
        emit_tallies(old_id, {"votes": {str(qid): 7}}, everyone=True)
    assert events(room["r1"], "tallies") == []

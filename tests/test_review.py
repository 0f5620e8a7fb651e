"""Scoring on the workshop's rubric, red flags kept with answers, and the improvement review:
entries turned into items that a document revision completes."""

import pytest
from sqlalchemy import select

from simulator.domain import DomainError, rubric
from simulator.domain import headlines as headline_rules
from simulator.domain import review as review_rules
from simulator.extensions import db
from simulator.models import AnswerFlag, Conference, ImprovementItem, TeamIncident, Workshop
from simulator.services import headlines, news, workflow
from tests.conftest import csrf_token, events, new_id, submit

EN = {"Accept-Language": "en"}


def ask_and_answer(room, summary, speaker="代表取締役社長 山田 太郎", reporter="r1"):
    ask = {"client_id": new_id(), "text": "何件の情報が漏れたのですか。"}
    qid = room[reporter].emit("ask", ask, callback=True)["question_id"]
    room["instructor"].emit("moderate", {"question_id": qid, "action": "live"}, callback=True)
    payload = {"client_id": new_id(), "question_id": qid, "speaker": speaker, "summary": summary}
    ack = room["team"].emit("answer", payload, callback=True)
    assert ack["ok"], ack
    return ack["answer_id"]


# --- the rubric -------------------------------------------------------------------------


def test_the_shipped_rubric_has_seven_criteria_with_four_levels_each(app):
    with app.test_request_context(headers={"Accept-Language": "ja"}):
        from simulator import labels

        shown = labels.rubric_view(rubric.criteria(None))
    assert [c["id"] for c in shown] == list(rubric.SHIPPED)
    assert len(shown) == 7
    for criterion in shown:
        assert len(criterion["levels"]) == 4 and all(criterion["levels"])
    assert shown[0]["name"] == "報告書と整合した事実"


def test_scores_may_cover_some_criteria_and_the_verdict_follows_the_weights():
    wanted = rubric.criteria(
        [
            {"id": "facts", "on": True, "weight": 3},
            {"id": "care", "on": True, "weight": 1},
            {"id": "legal", "on": False, "weight": 1},
        ]
    )
    assert [c.id for c in wanted] == ["facts", "care"]
    assert rubric.clean_scores({"care": 2}, wanted) == {"care": 2}
    assert rubric.verdict({"facts": 3, "care": 0}, wanted) == "strong"  # (9 + 0) / 4
    assert rubric.verdict({"facts": 0, "care": 3}, wanted) == "weak"  # 3 / 4
    assert rubric.verdict({"facts": 2, "care": 1}, wanted) == "mixed"
    assert rubric.verdict({}, wanted) is None
    for bad in ({}, {"legal": 2}, {"facts": 4}, {"facts": True}, {"facts": "2"}, [], None):
        with pytest.raises(DomainError):
            rubric.clean_scores(bad, wanted)


def test_an_instructor_adjusts_the_rubric_and_adds_a_criterion():
    rows = [{"id": cid, "on": cid != "legal", "weight": 1} for cid in rubric.SHIPPED]
    rows[0]["weight"] = 2
    own = {"name": "結論を先に", "levels": ["なし", "後半", "冒頭", "冒頭で一文"], "weight": 2}
    stored = rubric.clean([*rows, {**own, "on": True}, {"name": "", "on": True, "weight": 1}])
    found = rubric.criteria(stored)
    assert "legal" not in [c.id for c in found]
    assert found[0].weight == 2
    assert found[-1].own and found[-1].name == "結論を先に" and found[-1].levels[3] == "冒頭で一文"
    with pytest.raises(DomainError) as caught:
        rubric.clean([*rows, {"name": "x", "levels": ["a", "", "c", "d"], "weight": 1}])
    assert caught.value.code == "levels_required"
    with pytest.raises(DomainError) as caught:
        rubric.clean([{**r, "on": False} for r in rows])
    assert caught.value.code == "rubric_empty"
    with pytest.raises(DomainError):
        rubric.clean([{**rows[0], "weight": 5}])


def test_the_instructor_scores_a_few_criteria_and_sees_the_verdict(room):
    answer_id = ask_and_answer(room, "5,000件です。深くお詫び申し上げます。")
    payload = {"client_id": new_id(), "answer_id": answer_id, "values": {"facts": 3, "care": 3}}
    assert room["instructor"].emit("score", payload, callback=True) == {"ok": True}
    [(_, scored)] = events(room["instructor"], "scored")
    assert scored["verdict"] == "strong" and scored["values"] == {"facts": 3, "care": 3}
    weak = {**payload, "client_id": new_id(), "values": {"facts": 0, "care": 1}}
    room["instructor"].emit("score", weak, callback=True)
    [(_, scored)] = events(room["instructor"], "scored")
    assert scored["verdict"] == "weak"


# --- red flags kept with the answer ------------------------------------------------------


def test_a_flagged_answer_reaches_only_the_instructor(app, room):
    for name in ("r1", "r2", "team", "screen", "instructor"):
        events(room[name])
    answer_id = ask_and_answer(room, "漏えいしたのは約1万件です。委託先が設定を誤りました。")
    [(_, sent)] = events(room["instructor"], "flags")
    codes = {f["code"] for f in sent["flags"]}
    assert sent["answer_id"] == answer_id
    assert {"count_contradicts", "blame"} <= codes
    count = next(f for f in sent["flags"] if f["code"] == "count_contradicts")
    assert count["params"] == {"stated": 5000} and count["words"] == ["10,000"]
    for name in ("r1", "r2", "team", "screen"):
        assert events(room[name], "flags") == []
    with app.app_context():
        assert {f.code for f in db.session.scalars(select(AnswerFlag))} == codes


def test_rerecording_an_answer_finds_its_flags_again(app, room):
    answer_id = ask_and_answer(room, "ノーコメントです。")
    with app.app_context():
        [flag] = db.session.scalars(select(AnswerFlag)).all()
        qid = flag.answer_id and db.session.get(AnswerFlag, flag.id).answer_id
    assert flag.code == "refusal" and qid == answer_id
    snap = room["instructor"].emit("sync", {}, callback=True)["snapshot"]
    question_id = next(q["id"] for q in snap["questions"] if q["answer"])
    better = {
        "client_id": new_id(),
        "question_id": question_id,
        "speaker": "CIO 佐藤 花子",
        "summary": "調査中のため、12月10日にお知らせします。",
    }
    assert room["team"].emit("answer", better, callback=True)["ok"]
    with app.app_context():
        assert db.session.scalars(select(AnswerFlag)).all() == []


def test_the_instructor_dismisses_a_flag_and_it_stays_dismissed(app, room, make_http, connect):
    answer_id = ask_and_answer(room, "おそらく内部の者の犯行でしょう。")
    snap = room["instructor"].emit("sync", {}, callback=True)["snapshot"]
    [flag] = snap["flags"][str(answer_id)]
    assert flag["code"] == "speculation" and not flag["dismissed"]
    refused = room["r1"].emit("dismiss_flag", {"flag_id": flag["id"]}, callback=True)
    assert refused["error"] == "forbidden"
    assert room["instructor"].emit("dismiss_flag", {"flag_id": 999}, callback=True)["error"] == (
        "unknown_flag"
    )
    events(room["instructor"])
    ack = room["instructor"].emit("dismiss_flag", {"flag_id": flag["id"]}, callback=True)
    assert ack == {"ok": True}
    [(_, sent)] = events(room["instructor"], "flags")
    assert sent["flags"][0]["dismissed"] is True
    snap = room["instructor"].emit("sync", {}, callback=True)["snapshot"]
    assert snap["flags"][str(answer_id)][0]["dismissed"] is True
    assert "flags" not in room["r1"].emit("sync", {}, callback=True)["snapshot"]


def test_final_report_deadline_follows_the_incident_facts(room):
    # The demo's exposed web page is a mistake, not an attack: the final report is due in 30 days.
    ask_and_answer(room, "個人情報保護委員会への確報は60日以内に提出します。")
    [(_, sent)] = events(room["instructor"], "flags")
    [flag] = [f for f in sent["flags"] if f["code"] == "legal_deadline_wrong"]
    assert flag["params"] == {"days": 30}


# --- the review page and its items ------------------------------------------------------


def end_conference(room):
    assert room["instructor"].emit("clock", {"action": "end"}, callback=True)["ok"]


def review_url(room, team=0):
    return f"/review/w/{room['ws']['id']}/t/{room['ws']['teams'][team][0]}"


def test_the_team_reviews_its_record_once_the_conference_has_ended(room, make_http):
    ask_and_answer(room, "委託先が設定を誤ったのが原因です。")
    ask_and_answer(room, "5,000件です。心よりお詫び申し上げます。", reporter="r2")
    team = make_http("team", room["ws"], lang="en")
    page = team.get(review_url(room), headers=EN).get_data(as_text=True)
    assert "once the team's press conference has ended" in page
    end_conference(room)
    page = team.get(review_url(room), headers=EN).get_data(as_text=True)
    assert "Blaming others" in page and "委託先が" in page
    flagged = team.get(review_url(room) + "?flag=any", headers=EN).get_data(as_text=True)
    assert "委託先が設定を誤った" in flagged and "心よりお詫び" not in flagged
    other_team = make_http("team", room["ws"], team=1)
    assert other_team.get(review_url(room)).status_code == 403
    reporter = room["r1"].http
    assert reporter.get(review_url(room)).status_code == 403


def test_sorting_puts_the_weakest_scored_answers_first(room, make_http):
    strong = ask_and_answer(room, "5,000件です。心よりお詫び申し上げます。")
    weak = ask_and_answer(room, "詳細はお答えできません。", reporter="r2")
    for answer_id, level in ((strong, 3), (weak, 0)):
        values = dict.fromkeys(("facts", "care"), level)
        payload = {"client_id": new_id(), "answer_id": answer_id, "values": values}
        room["instructor"].emit("score", payload, callback=True)
    instructor = make_http("instructor", room["ws"])
    page = instructor.get(review_url(room) + "?sort=weakest", headers=EN).get_data(as_text=True)
    assert page.index("詳細はお答えできません") < page.index("心よりお詫び申し上げます。")
    weak_only = instructor.get(review_url(room) + "?verdict=weak", headers=EN).get_data(
        as_text=True
    )
    assert "心よりお詫び申し上げます。" not in weak_only and "Weak answer" in weak_only


def test_a_flagged_answer_becomes_an_item_that_a_revised_report_completes(app, room, make_http):
    answer_id = ask_and_answer(room, "漏えいしたのは約1万件です。")
    end_conference(room)
    team = make_http("team", room["ws"])
    url = review_url(room)
    response = submit(
        team,
        url,
        url + "/items",
        {"answer_id": answer_id, "kind": "report", "text": "件数の根拠と確認日時を明記する"},
    )
    assert response.status_code == 302
    page = team.get(url, headers=EN).get_data(as_text=True)
    assert "件数の根拠と確認日時を明記する" in page and "Open (1)" in page
    with app.app_context():
        item = db.session.scalar(select(ImprovementItem))
        assert item.answer_id == answer_id and item.flag_code == "count_contradicts"
        item_id = item.id
    edit = f"/team/w/{room['ws']['id']}/doc/report?n=1&item={item_id}"
    form = team.get(edit).get_data(as_text=True)
    assert "件数の根拠と確認日時を明記する" in form  # the reason is filled from the item
    with app.app_context():
        workshop = db.session.get(Workshop, room["ws"]["id"])
        workshop.phase = "review"
        db.session.commit()
    from simulator.demo import REPORT

    data = {k: v for k, v in REPORT.items() if isinstance(v, str)}
    data.update(records="5000", people="5000", card_data="no", author="チームA")
    data["summary"] += "件数は12月1日時点で確認した5,000件です。"
    data["reason"] = "件数の根拠と確認日時を明記する"
    data["csrf_token"] = csrf_token(form)
    saved = team.post(edit, data=data)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    page = team.get(url, headers=EN).get_data(as_text=True)
    assert "Open (0)" in page and "Done (1)" in page
    with app.app_context():
        item = db.session.get(ImprovementItem, item_id)
        assert item.version.number == 2 and item.version.reason == "件数の根拠と確認日時を明記する"


def test_an_item_needs_a_document_and_a_text(room, make_http):
    end_conference(room)
    team = make_http("team", room["ws"])
    response = submit(
        team, review_url(room), review_url(room) + "/items", {"kind": "report", "text": "  "}
    )
    assert response.status_code == 400
    assert "Improvement item must not be empty" in response.get_data(as_text=True)
    response = submit(
        team, review_url(room), review_url(room) + "/items", {"kind": "minutes", "text": "x"}
    )
    assert response.status_code == 400
    with pytest.raises(DomainError):
        review_rules.clean_item("report", "x" * 1001)


def test_the_instructor_adjusts_the_rubric_on_its_page_and_the_console_follows(
    app, make_workshop, make_http
):
    ws = make_workshop()
    instructor = make_http("instructor", ws)
    url = f"/instructor/w/{ws['id']}/rubric"
    data = {f"on.{cid}": "yes" for cid in rubric.SHIPPED if cid != "legal"}
    data.update({f"weight.{cid}": "1" for cid in rubric.SHIPPED}, **{"weight.facts": "3"})
    data.update(
        {"own.1.name": "", "own.2.name": "結論を先に", "own.2.on": "yes", "own.2.weight": "2"}
    )
    missing = submit(instructor, url, url, {**data, "own.2.level.0": "なし"})
    assert missing.status_code == 400
    assert "結論を先に" in missing.get_data(as_text=True)  # what was typed is still there
    data.update(
        {f"own.2.level.{k}": text for k, text in enumerate(("なし", "後半", "冒頭", "一文"))}
    )
    assert submit(instructor, url, url, data).status_code == 302
    with app.app_context():
        stored = db.session.get(Workshop, ws["id"]).rubric
    found = rubric.criteria(stored)
    assert [c.id for c in found] == [*(c for c in rubric.SHIPPED if c != "legal"), "own1"]
    console = instructor.get(f"/instructor/w/{ws['id']}").get_data(as_text=True)
    assert 'data-criterion="own1"' in console and 'data-criterion="legal"' not in console
    # Saving again keeps the own criterion's id, so scores given with it stay attached.
    data["own.2.id"] = "own1"
    data.update({"own.1.name": "数字の根拠", "own.1.on": "yes", "own.1.weight": "1"})
    data.update({f"own.1.level.{k}": "x" for k in range(4)})
    assert submit(instructor, url, url, data).status_code == 302
    with app.app_context():
        ids = [c.id for c in rubric.criteria(db.session.get(Workshop, ws["id"]).rubric)]
    assert ids[-2:] == ["own2", "own1"]


# --- tomorrow's headlines ---------------------------------------------------------------


def test_headlines_quote_the_words_of_the_weakest_answers():
    entries = [
        headline_rules.Entry(1, "5,000件です。心よりお詫び申し上げます。", mean=3.0),
        headline_rules.Entry(
            2, "調査中です。委託先が悪いのです。", (("blame", "critical", ("委託先が",)),)
        ),
        headline_rules.Entry(3, "調査中です。", mean=0.5, not_answered=4),
    ]
    written = headline_rules.write(entries, "サンプル商事")
    titles = [w for w in written if w.kind == "headline"]
    assert [w.answer_id for w in titles] == [2, 3]  # the good answer makes no headline
    # the press quotes the sentence that raised the flag
    assert titles[0].text["ja"] == "サンプル商事、責任を転嫁か　会見で「委託先が悪いのです」"
    assert titles[0].text["en"] == "サンプル商事 shifts the blame: “委託先が悪いのです”"
    assert titles[1].text["ja"] == "サンプル商事の会見、肝心な説明なく"
    assert [w.answer_id for w in written if w.kind == "post"] == [2, 3]
    assert headline_rules.write(entries[:1], "X") == []


def test_headlines_are_written_after_the_conference_and_shown_on_the_shared_screen(room, make_http):
    ask_and_answer(room, "寝ていないんですよ、こちらも大変なんです。")
    instructor = make_http("instructor", room["ws"])
    url = review_url(room)
    with instructor.application.app_context():
        conference_id = room["ws"]["conference_id"]
    action = f"/review/w/{room['ws']['id']}/c/{conference_id}/headlines"
    early = submit(instructor, url, action, {})
    assert early.status_code == 400 and "once the press conference has ended" in early.get_data(
        as_text=True
    )
    end_conference(room)
    events(room["screen"])
    assert submit(instructor, url, action, {}).status_code == 302
    assert ("reload", {"page": True}) in events(room["screen"])
    screen = make_http("screen", room["ws"])
    page = screen.get(f"/screen/w/{room['ws']['id']}", headers={"Accept-Language": "ja"})
    text = page.get_data(as_text=True)
    assert (
        "明日の見出し" in text
        and "株式会社サンプル商事幹部「寝ていないんですよ、こちらも大変なんです」" in text
    )
    team_page = make_http("team", room["ws"]).get(url, headers=EN).get_data(as_text=True)
    assert "寝ていない" in team_page
    reporter = room["r1"].http
    assert submit(reporter, f"/j/{room['ws']['code']}", action, {}).status_code == 403


def test_incident_2_under_the_failed_conference_factor_opens_with_the_headlines(app, room):
    ask_and_answer(room, "委託先が設定を誤りました。")
    end_conference(room)
    with app.app_context():
        conference = db.session.get(Conference, room["ws"]["conference_id"])
        headlines.write(conference)
        workshop = conference.workshop
        team = conference.team
        workshop.phase = "incident_2"
        db.session.add(
            TeamIncident(
                team_id=team.id, incident_no=2, incident_id="card_fraud", factors=["failed_conf"]
            )
        )
        second = workflow.open_conference(workshop, team)
        db.session.commit()
        found = news.of(second)
        assert [n.factor_id for n in found] == ["failed_conf"]
        assert "責任を転嫁か" in found[0].headline["ja"]
        workflow.open_conference(workshop, team)  # opening it again adds nothing
        assert len(news.of(second)) == 1


def test_a_removed_own_criterion_keeps_its_id_and_its_scores_meaning():
    first = rubric.clean(
        [{"id": "", "name": "結論を先に", "on": True, "weight": 1, "levels": list("abcd")}]
    )
    assert [r["id"] for r in first] == ["own1"]
    removed = rubric.clean(
        [{"id": "own1", "name": "", "on": True, "weight": 1}, {"id": "facts", "on": True}], first
    )
    assert removed[-1] == {**first[0], "on": False, "retired": True}
    again = rubric.clean(
        [
            {"id": "facts", "on": True},
            {"id": "", "name": "謝罪の具体性", "on": True, "weight": 1, "levels": list("abcd")},
        ],
        removed,
    )
    new = [r for r in again if r.get("name") == "謝罪の具体性"]
    assert new[0]["id"] != "own1"  # never handed to another criterion
    assert [c.id for c in rubric.criteria(again)] == ["facts", new[0]["id"]]


def test_another_workshops_item_cannot_be_read_or_completed(app, room, make_http):
    from simulator.services import workflow as flow
    from simulator.services import workshops

    end_conference(room)
    team = make_http("team", room["ws"])
    url = review_url(room)
    submit(team, url, url + "/items", {"kind": "fact_sheet", "text": "ログの保存期間を明記"})
    with app.app_context():
        item = db.session.scalar(select(ImprovementItem))
        other = flow.create(workshops.get_or_create_instructor(), "別の演習", "別社", ["X"], "ja")
        db.session.commit()
        item_id, other_id = item.id, other.id
    instructor = make_http("instructor", room["ws"])  # the same instructor owns both
    edit = f"/instructor/w/{other_id}/t/0/doc/fact_sheet?item={item_id}&for={room['ws']['teams'][0][0]}"
    page = instructor.get(edit, headers=EN).get_data(as_text=True)
    assert "ログの保存期間を明記" not in page and "data-item-banner" not in page


def test_every_flag_has_a_title_and_a_reason_in_both_languages(app):
    from simulator import labels
    from simulator.domain import flags

    assert set(labels.FLAGS) == set(flags.CODES)
    for lang in ("ja", "en"):
        with app.test_request_context(headers={"Accept-Language": lang}):
            for code in flags.CODES:
                title, why = labels.flag_text(code, {})
                assert title and why and "%(" not in title, (lang, code)


def test_an_unknown_filter_shows_every_entry(room, make_http):
    ask_and_answer(room, "5,000件です。心よりお詫び申し上げます。")
    instructor = make_http("instructor", room["ws"])
    page = instructor.get(review_url(room) + "?flag=zzz&sort=zzz", headers=EN)
    assert "心よりお詫び申し上げます。" in page.get_data(as_text=True)


def test_a_flag_is_dismissed_from_the_review_after_the_conference(app, room, make_http):
    ask_and_answer(room, "おそらく内部の者の犯行でしょう。")
    end_conference(room)
    with app.app_context():
        flag_id = db.session.scalar(select(AnswerFlag.id))
    url = review_url(room)
    action = f"/review/w/{room['ws']['id']}/flags/{flag_id}"
    team = make_http("team", room["ws"])
    assert submit(team, url, action, {"dismissed": "yes"}).status_code == 403
    instructor = make_http("instructor", room["ws"])
    team_id = room["ws"]["teams"][0][0]
    done = submit(instructor, url, action, {"dismissed": "yes", "team": team_id})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(AnswerFlag, flag_id).dismissed_at is not None
    # the team no longer sees a flag the instructor dismissed
    assert 'data-flag="speculation"' not in team.get(url, headers=EN).get_data(as_text=True)
    assert submit(instructor, url, f"/review/w/{room['ws']['id']}/flags/999", {}).status_code == 404

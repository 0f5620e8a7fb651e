"""A team's documents in the console: structured forms, versions, diffs, restore, print view."""

import re

from simulator.extensions import db
from simulator.models import Workshop
from simulator.services import documents

from .conftest import post_form

EN = {"Accept-Language": "en"}


def doc_url(ws, kind, n=1):
    return f"/team/w/{ws['id']}/doc/{kind}?n={n}"


RESPONSE = {
    "name": "Web公開事案 2026-11#1",
    "severity": "high",
    "rationale": "顧客情報が外部から閲覧可能だった。",
    "timeline.0.band": "0〜1時間",
    "timeline.0.actions": "事象の再現、該当ページの停止",
    "timeline.1.band": "当日中",
    "timeline.1.actions": "ログ保全、経営層への報告",
}


def test_team_sees_its_incident_and_its_documents(make_workshop, make_http):
    ws = make_workshop()
    page = (
        make_http("team", ws)
        .get(f"/team/w/{ws['id']}/documents", headers=EN)
        .get_data(as_text=True)
    )
    assert "Customer data viewable on our website" in page
    assert "5,000" in page and "An anonymous individual" in page
    for label in ("Initial response sheet", "Incident response table", "Incident report"):
        assert label in page
    assert 'aria-current="step">Incident 1' in page


def test_initial_response_sheet_keeps_versions_and_shows_a_diff(app, make_workshop, make_http):
    ws = make_workshop()
    team = make_http("team", ws, team=1)
    url = doc_url(ws, "initial_response")
    first = post_form(team, url, {**RESPONSE, "author": "佐藤"})
    assert first.status_code == 302 and first.location.endswith("saved=1")
    same = post_form(team, url, {**RESPONSE, "author": "佐藤"})
    assert same.status_code == 200
    assert "Nothing changed, so no new version was kept." in same.get_data(as_text=True)
    changed = {**RESPONSE, "severity": "critical", "timeline.1.actions": "ログ保全、社長へ報告"}
    second = post_form(team, url, {**changed, "author": "田中", "reason": "社長報告を明記"})
    assert second.location.endswith("saved=2")
    with app.app_context():
        document = documents.find(ws["id"], ws["teams"][1][0], "initial_response", 1)
        assert [v.author for v in documents.history(document)] == ["田中", "佐藤"]
        assert document.versions[0].content["timeline"][0] == {
            "band": "0〜1時間",
            "actions": "事象の再現、該当ページの停止",
        }
    diff = team.get(f"/team/w/{ws['id']}/doc/initial_response/compare?n=1&a=1&b=2", headers=EN)
    html = diff.get_data(as_text=True)
    assert diff.status_code == 200
    assert "<del>当日中 | ログ保全、経営層への報告</del>" in html
    assert "<ins>当日中 | ログ保全、社長へ報告</ins>" in html
    assert "社長報告を明記" in html
    assert "<del>critical</del>" not in html and "<ins>critical</ins>" in html


def test_restoring_an_old_version_makes_a_new_one(app, make_workshop, make_http):
    ws = make_workshop()
    team = make_http("team", ws, team=1)
    url = doc_url(ws, "initial_response")
    post_form(team, url, RESPONSE)
    post_form(team, url, {**RESPONSE, "severity": "low"})
    page = team.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    restored = team.post(
        f"/team/w/{ws['id']}/doc/initial_response/restore?n=1",
        data={"csrf_token": token, "version": "1", "author": "佐藤"},
    )
    assert restored.status_code == 302
    with app.app_context():
        document = documents.find(ws["id"], ws["teams"][1][0], "initial_response", 1)
        assert [v.content["severity"] for v in document.versions] == ["high", "low", "high"]
        assert document.versions[-1].reason == "第1版を復元しました"  # in the page's language


def test_bad_input_is_explained_and_keeps_what_was_typed(make_workshop, make_http):
    ws = make_workshop()
    team = make_http("team", ws, team=1)
    bad = post_form(
        team, doc_url(ws, "report"), {"title": "お知らせ", "summary": "概要", "records": "約5千"}
    )
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "Records affected must be a whole number, such as 5000." in html
    assert 'value="約5千"' in html and "概要" in html
    ja = post_form(team, doc_url(ws, "report"), {"title": "", "summary": "x"}, lang="ja")
    assert "タイトル" in ja.get_data(as_text=True)


def test_review_requires_a_reason_for_every_change(app, make_workshop, make_http):
    ws = make_workshop()
    team = make_http("team", ws, team=1)
    with app.app_context():
        db.session.get(Workshop, ws["id"]).phase = "review"
        db.session.commit()
    refused = post_form(team, doc_url(ws, "initial_response"), RESPONSE)
    assert refused.status_code == 400
    assert "say why you change the document" in refused.get_data(as_text=True)
    kept = post_form(team, doc_url(ws, "initial_response"), {**RESPONSE, "reason": "会見の反省"})
    assert kept.status_code == 302


def test_reporters_and_other_teams_cannot_read_internal_documents(make_workshop, make_http):
    ws = make_workshop()
    team_a = make_http("team", ws, team=0)
    post_form(team_a, doc_url(ws, "response_table"), {"actions.0.action": "極秘の対応方針"})
    reporter = make_http("reporter", ws)
    for kind in ("response_table", "policy", "initial_response", "report"):
        for suffix in ("", "/view", "/compare"):
            response = reporter.get(f"/team/w/{ws['id']}/doc/{kind}{suffix}?n=1")
            assert response.status_code == 403, (kind, suffix)
    team_b = make_http("team", ws, team=1)
    page = team_b.get(f"/team/w/{ws['id']}/doc/response_table/view?n=1").get_data(as_text=True)
    assert "極秘の対応方針" not in page


def test_print_view_lays_out_the_report_for_a4(make_workshop, make_http):
    ws = make_workshop()
    page = make_http("team", ws).get(f"/team/w/{ws['id']}/doc/report/view?n=1", headers=EN)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'class="page printable"' in html
    assert "Records affected" in html and "5,000" in html
    stylesheet = make_http("team", ws).get("/static/css/kaiken.css")
    css = stylesheet.get_data(as_text=True)
    stylesheet.close()
    assert "@page { size: A4" in css and "@media print" in css

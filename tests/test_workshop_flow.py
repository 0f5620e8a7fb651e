"""An instructor runs a whole workshop: set-up, phases, incidents, factors and breaking news."""

import html
import re
import shutil

import yaml
from sqlalchemy import select

from simulator.config import ROOT
from simulator.content import load
from simulator.extensions import db
from simulator.models import Conference, News, TeamIncident, Workshop
from simulator.services import conference as conference_service
from simulator.services import documents

from .conftest import events, new_id, post_form, submit

EN = {"Accept-Language": "en"}


def console(http, ws):
    return http.get(f"/instructor/w/{ws['id']}", headers=EN).get_data(as_text=True)


def move(http, ws, phase):
    page = f"/instructor/w/{ws['id']}"
    return submit(http, page, f"/instructor/w/{ws['id']}/phase", {"phase": phase})


def end_conference(app, team_id, number):
    with app.app_context():
        conference = db.session.scalar(
            select(Conference).where(
                Conference.team_id == team_id, Conference.incident_no == number
            )
        )
        conference_service.move_clock(conference, "start")
        conference_service.move_clock(conference, "end")
        db.session.commit()


def test_instructor_creates_and_sets_up_a_workshop(app, make_workshop, make_http):
    ws = make_workshop()
    http = make_http("instructor", ws)
    created = submit(
        http,
        "/instructor/",
        "/instructor/new",
        {"title": "CSIRT演習 12月", "org_name": "株式会社テスト", "teams": "赤\n青\n緑"},
    )
    assert created.status_code == 302 and created.location.endswith("/setup")
    with app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.title == "CSIRT演習 12月"))
        new_id_ = workshop.id
        teams = [t.id for t in workshop.teams]
        assert [t.name for t in workshop.teams] == ["赤", "青", "緑"]
        assert workshop.phase == "setup" and len(workshop.offered_incidents) == 8
        sheet = documents.content(workshop.id, None, "fact_sheet")
        assert "Windows 7" in sheet["items"]["pc_os"]["management"]
        people = documents.content(workshop.id, None, "stakeholders")["people"]
        assert people["pr"]["standby"]
    url = f"/instructor/w/{new_id_}/setup"
    form = {
        "title": "CSIRT演習 12月",
        "held_on": "2026-12-10",
        "org_name": "株式会社テスト",
        "org_profile": "従業員500名の製造業。",
        "listed_company": "yes",
        "offered": ["web_exposed", "card_fraud"],
        f"team.{teams[0]}.name": "赤チーム",
        f"team.{teams[0]}.members": "山田 / 広報\n佐藤 / CSIRT",
        f"team.{teams[1]}.name": "青",
        f"team.{teams[2]}.name": "緑",
        "new_team": "黄",
    }
    saved = post_form(http, url, form)
    assert saved.status_code == 302
    bad = post_form(http, url, {**form, "held_on": "12/10"})
    assert bad.status_code == 400 and "Date must be a date" in bad.get_data(as_text=True)
    with app.app_context():
        workshop = db.session.get(Workshop, new_id_)
        assert workshop.held_on.isoformat() == "2026-12-10" and workshop.listed_company
        assert workshop.offered_incidents == ["web_exposed", "card_fraud"]
        assert workshop.teams[0].members == [
            {"name": "山田", "plays": "広報"},
            {"name": "佐藤", "plays": "CSIRT"},
        ]
        assert [t.name for t in workshop.teams] == ["赤チーム", "青", "緑", "黄"]


def test_fact_sheet_edits_are_versions_by_the_instructor(app, make_workshop, make_http):
    ws = make_workshop()
    http = make_http("instructor", ws)
    url = f"/instructor/w/{ws['id']}/t/0/doc/fact_sheet"
    page = http.get(url, headers=EN).get_data(as_text=True)
    assert "Mostly Windows 7" not in page and "Windows 7が中心" in page  # the demo is Japanese
    response = post_form(
        http, url, {"items.pc_os.management": "Windows 11に統一済み", "author": "講師"}
    )
    assert response.status_code == 302
    with app.app_context():
        document = documents.find(ws["id"], None, "fact_sheet")
        assert [v.author for v in document.versions] == ["Kaiken", "講師"]
        assert (
            document.versions[-1].content["items"]["pc_os"]["management"] == "Windows 11に統一済み"
        )
    team_view = make_http("team", ws).get(f"/team/w/{ws['id']}/doc/fact_sheet/view")
    assert "Windows 11に統一済み" in team_view.get_data(as_text=True)


def test_phases_refuse_an_illegal_move_with_its_reason(app, make_workshop, make_http):
    ws = make_workshop()
    http = make_http("instructor", ws)
    skipped = move(http, ws, "incident_2")
    page = http.get(skipped.location, headers=EN).get_data(as_text=True)
    assert "it cannot go to Incident 2 now" in page
    early = move(http, ws, "review")
    page = http.get(early.location, headers=EN).get_data(as_text=True)
    assert "not finished their press conference yet: チームA, チームB, チームC" in page
    with app.app_context():
        assert db.session.get(Workshop, ws["id"]).phase == "incident_1"


def test_the_seed_workshop_from_incident_1_to_wrap_up(app, make_workshop, make_http):
    """Three teams: each chooses, presents; the review; incident 2 with a factor; wrap-up."""
    ws = make_workshop()
    http = make_http("instructor", ws)
    teams = [make_http("team", ws, team=n) for n in range(3)]
    hub = f"/team/w/{ws['id']}/documents"
    for team, incident in zip(teams[1:], ("card_fraud", "spoofed_mail"), strict=True):
        submit(team, hub, f"/team/w/{ws['id']}/incident", {"incident": incident})
    for n, (team_id, _) in enumerate(ws["teams"]):
        if n:
            opened = submit(
                http, f"/instructor/w/{ws['id']}", f"/instructor/w/{ws['id']}/open/{team_id}", {}
            )
            assert opened.status_code == 302 and "refused" not in opened.location
        end_conference(app, team_id, 1)
    assert "refused" not in move(http, ws, "review").location
    # The review: a change without its reason is refused.
    report_url = f"/team/w/{ws['id']}/doc/report?n=1"
    fields = {"title": "お知らせ（改訂）", "summary": "件数を訂正しました。"}
    assert post_form(teams[0], report_url, fields).status_code == 400
    assert post_form(teams[0], report_url, {**fields, "reason": "件数の訂正"}).status_code == 302
    # Incident 2 cannot start before every team has one.
    assert "refused=incident_2_unassigned" in move(http, ws, "incident_2").location
    second = f"/instructor/w/{ws['id']}/second?incident=web_exposed"
    form = {
        "team": [str(t) for t, _ in ws["teams"]],
        "factor": ["exec_down"],
        "param.records": "500",
    }
    assert post_form(http, second, form).status_code == 302
    with app.app_context():
        rows = db.session.scalars(select(TeamIncident).where(TeamIncident.incident_no == 2)).all()
        assert {r.factors[0] for r in rows} == {"exec_down"} and rows[0].params["records"] == 500
    assert "refused" not in move(http, ws, "incident_2").location
    # The factor's consequence: the team's agenda still has its CEO speaking.
    agenda_url = f"/team/w/{ws['id']}/doc/agenda?n=2"
    post_form(
        teams[0],
        agenda_url,
        {
            "recipients": "報道各位",
            "title": "第2回会見",
            "speakers.0.title": "代表取締役社長",
            "speakers.0.name": "山田",
        },
    )
    page = teams[0].get(hub, headers=EN).get_data(as_text=True)
    assert "代表取締役社長 山田 cannot speak" in page and "CEO or CIO unavailable" in page
    assert "代表取締役社長 山田 cannot speak" in console(http, ws)
    post_form(
        teams[0],
        agenda_url,
        {
            "recipients": "報道各位",
            "title": "第2回会見",
            "speakers.0.title": "副社長",
            "speakers.0.name": "田中",
        },
    )
    assert "cannot speak" not in teams[0].get(hub, headers=EN).get_data(as_text=True)
    for team_id, _ in ws["teams"]:
        submit(http, f"/instructor/w/{ws['id']}", f"/instructor/w/{ws['id']}/open/{team_id}", {})
        end_conference(app, team_id, 2)
    assert "refused" not in move(http, ws, "wrapup").location
    assert 'aria-current="step">Wrap-up' in console(http, ws)


def test_breaking_news_reaches_every_screen_and_the_record(app, room, make_http):
    ws = room["ws"]
    ack = room["instructor"].emit(
        "fire_news", {"client_id": new_id(), "factor": "spreading"}, callback=True
    )
    assert ack["ok"], ack
    for who in ("screen", "r1", "team"):
        [(_, payload)] = [e for e in events(room[who]) if e[0] == "conference"]
        [item] = payload["conference"]["news"]
        assert item["factor"] == "spreading" and "10倍" in item["headline"]["ja"]
        assert payload["rev"] == room[who].snapshot["rev"] + 1
    again = room["instructor"].emit(
        "fire_news", {"client_id": new_id(), "headline": "取引先が声明"}, callback=True
    )
    assert again["ok"]
    refused = room["r1"].emit(
        "fire_news", {"client_id": new_id(), "factor": "spreading"}, callback=True
    )
    assert refused["ok"] is False and refused["error"] == "forbidden"
    unknown = room["instructor"].emit(
        "fire_news", {"client_id": new_id(), "factor": "nope"}, callback=True
    )
    assert unknown["error"] == "unknown_factor"
    with app.app_context():
        assert [n.factor_id for n in db.session.scalars(select(News))] == ["spreading", None]
    record = make_http("instructor", ws).get(
        f"/instructor/w/{ws['id']}/record/{ws['conference_id']}", headers=EN
    )
    html = record.get_data(as_text=True)
    assert "Breach ten times bigger" in html and "取引先が声明" in html
    # The fired factor now demands a count ten times the chosen one in team A's report.
    hub = make_http("team", ws).get(f"/team/w/{ws['id']}/documents", headers=EN)
    assert "The affected count is now 50,000" in hub.get_data(as_text=True)


def test_instructor_adds_a_factor_and_exports_it_as_a_scenario_file(
    app, make_workshop, make_http, tmp_path
):
    ws = make_workshop()
    http = make_http("instructor", ws)
    url = "/instructor/scenarios?kind=factor"
    page = http.get(url, headers=EN).get_data(as_text=True)
    text = page.split('class="code">', 1)[1].split("</textarea>", 1)[0]
    template = yaml.safe_load(html.unescape(text))
    broken = {**template, "id": "regulator_visit", "title": {"ja": "監督官庁の立入検査"}}
    bad = post_form(
        http, url, {"kind": "factor", "yaml": yaml.safe_dump(broken, allow_unicode=True)}
    )
    assert bad.status_code == 400
    assert "factor regulator_visit: title.en: missing or empty" in bad.get_data(as_text=True)
    good = {**broken, "title": {"ja": "監督官庁の立入検査", "en": "Regulator's inspection"}}
    saved = post_form(
        http, url, {"kind": "factor", "yaml": yaml.safe_dump(good, allow_unicode=True)}
    )
    assert saved.status_code == 302
    listing = http.get(url, headers=EN).get_data(as_text=True)
    [link] = re.findall(r'href="(/instructor/scenarios/\d+\.yaml)"', listing)
    exported = http.get(link)
    assert exported.headers["Content-Disposition"].endswith('regulator_visit.yaml"')
    folder = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", folder)
    (folder / "factors" / "regulator_visit.yaml").write_bytes(exported.data)
    assert "regulator_visit" in load(folder).factors
    # Offered in the instructor's workshops at once.
    assert "Regulator&#39;s inspection" in console(http, ws) or "監督官庁の立入検査" in console(
        http, ws
    )

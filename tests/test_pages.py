"""HTTP pages: joining, signing in, links per role, language, headers and health."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po
from sqlalchemy import func, select

from simulator.extensions import db
from simulator.models import Instructor, Reporter
from simulator.services import workshops

from .conftest import csrf_token, post_form, submit

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "simulator/translations/ja/LC_MESSAGES/messages.po"


def test_health(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_join_by_typed_code_then_name_and_outlet(app, client, make_workshop):
    ws = make_workshop()
    typed = " " + ws["code"].lower()[:3] + "-" + ws["code"].lower()[3:]
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Join a press conference" in page
    response = client.post(
        "/join",
        data={"code": typed, "csrf_token": csrf_token(page)},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 302 and response.location.endswith(f"/j/{ws['code']}")
    form = client.get(response.location, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "IT trade press" in form and "Display name" in form
    done = post_form(client, f"/j/{ws['code']}", {"name": "日経 記者 📰", "outlet": "it_trade"})
    assert done.status_code == 302 and done.location.endswith(f"/r/{ws['id']}")
    page = client.get(done.location).get_data(as_text=True)
    assert 'data-role="reporter"' in page
    with app.app_context():
        [reporter] = db.session.scalars(select(Reporter)).all()
        assert reporter.name == "日経 記者 📰" and reporter.outlet == "it_trade"


def test_rejoin_keeps_the_same_reporter(app, make_workshop, make_http):
    ws = make_workshop()
    http = make_http("reporter", ws, name="First")
    again = post_form(http, f"/j/{ws['code']}", {"name": "Renamed", "outlet": "tv"})
    assert again.status_code == 302
    with app.app_context():
        [reporter] = db.session.scalars(select(Reporter)).all()
        assert (reporter.name, reporter.outlet) == ("Renamed", "tv")


def test_bad_code_and_bad_join_form_are_explained(client, make_workshop):
    ws = make_workshop()
    response = client.get("/j/NOPE99", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "No workshop has that code" in response.get_data(as_text=True)
    bad = post_form(client, f"/j/{ws['code']}", {"name": "  ", "outlet": "tv"})
    assert bad.status_code == 400
    assert "Display name must not be empty." in bad.get_data(as_text=True)
    bad = post_form(client, f"/j/{ws['code']}", {"name": "x", "outlet": "radio"})
    assert "Choose an outlet from the list." in bad.get_data(as_text=True)


def test_form_without_csrf_token_is_refused(client, make_workshop):
    ws = make_workshop()
    response = client.post(f"/j/{ws['code']}", data={"name": "x", "outlet": "tv"})
    assert response.status_code == 400
    assert client.get(f"/r/{ws['id']}").status_code == 302


def test_reporter_page_without_joining_asks_for_the_code(client, make_workshop):
    ws = make_workshop()
    response = client.get(f"/r/{ws['id']}")
    # The code is the room's secret: guessing a workshop number must not reveal it.
    assert response.status_code == 302 and response.location == "/"
    assert ws["code"] not in response.get_data(as_text=True)


def test_first_use_sets_the_password_then_sign_in_works(app, client, make_workshop):
    make_workshop()
    page = client.get("/instructor/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "No instructor password is set yet" in page
    short = post_form(client, "/instructor/login", {"password": "short"})
    assert "at least 10 characters" in short.get_data(as_text=True)
    assert post_form(client, "/instructor/login", {"password": "correct horse"}).status_code == 302
    dashboard = client.get("/instructor/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "サイバーインシデント机上演習（デモ）" in dashboard
    other = app.test_client()
    wrong = post_form(other, "/instructor/login", {"login": "instructor", "password": "nope nope"})
    assert wrong.status_code == 400 and "Wrong name or password." in wrong.get_data(as_text=True)
    ok = post_form(other, "/instructor/login", {"login": "instructor", "password": "correct horse"})
    assert ok.status_code == 302
    page = other.get("/instructor/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Sign out" in page


def test_one_time_link_works_once(app, client, make_workshop):
    make_workshop()
    with app.app_context():
        instructor = db.session.scalar(select(Instructor))
        token = workshops.issue_login_link(instructor, 60)
        db.session.commit()
    assert client.get(f"/instructor/link/{token}").status_code == 302
    assert client.get("/instructor/").status_code == 200
    second = app.test_client().get(f"/instructor/link/{token}", headers={"Accept-Language": "en"})
    assert second.status_code == 403
    assert "already used" in second.get_data(as_text=True)


def test_instructor_console_shows_links_and_opens_another_team(app, make_workshop, make_http):
    ws = make_workshop()
    http = make_http("instructor", ws)
    page = http.get(f"/instructor/w/{ws['id']}", headers={"Accept-Language": "en"})
    html = page.get_data(as_text=True)
    assert ws["code"] in html and f"/screen/{ws['screen']}" in html
    assert all(f"/team/{token}" in html for _, token in ws["teams"])
    team_b = ws["teams"][1][0]
    token = csrf_token(html)
    url = f"/instructor/w/{ws['id']}/open/{team_b}"
    refused = http.post(url, data={"csrf_token": token}, follow_redirects=True)
    assert "チームBにはこのフェーズのインシデントがまだありません。" in refused.get_data(
        as_text=True
    )
    team = make_http("team", ws, team=1)
    hub = f"/team/w/{ws['id']}/documents"
    chosen = submit(team, hub, f"/team/w/{ws['id']}/incident", {"incident": "mail_dump"})
    assert chosen.status_code == 302
    response = http.post(url, data={"csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        workshop = db.session.get(workshops.Workshop, ws["id"])
        assert workshop.current_conference_id != ws["conference_id"]


def test_other_instructor_and_reporters_cannot_open_the_console(app, make_workshop, make_http):
    ws = make_workshop()
    reporter = make_http("reporter", ws)
    assert reporter.get(f"/instructor/w/{ws['id']}").status_code == 302
    other_ws = make_workshop()
    with app.app_context():
        other = workshops.get_or_create_instructor("other", "Other")
        db.session.get(workshops.Workshop, other_ws["id"]).instructor_id = other.id
        db.session.commit()
    http = make_http("instructor", ws)
    assert http.get(f"/instructor/w/{other_ws['id']}").status_code == 404


def test_screen_and_team_links(make_workshop, make_http, client):
    ws = make_workshop()
    screen = make_http("screen", ws)
    html = screen.get(f"/screen/w/{ws['id']}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert ws["code"] in html and "data:image/svg+xml" in html
    assert client.get(f"/screen/w/{ws['id']}").status_code == 403
    assert client.get("/screen/not-a-token").status_code == 404
    team = make_http("team", ws)
    page = team.get(f"/team/w/{ws['id']}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "チームA" in page and "Scribe: record the answer" in page


def test_language_follows_the_browser_and_the_switch(client):
    assert 'lang="en"' in client.get("/", headers={"Accept-Language": "en-US"}).get_data(
        as_text=True
    )
    assert 'lang="ja"' in client.get("/", headers={"Accept-Language": "ja-JP"}).get_data(
        as_text=True
    )
    assert client.get("/lang/en?next=/instructor/login").location.endswith("/instructor/login")
    page = client.get("/", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert 'lang="en"' in page and "Join a press conference" in page
    assert client.get("/lang/ja?next=//evil.example").location == "/"


def test_pages_send_a_strict_content_security_policy(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_explained_in_japanese(client):
    response = client.get("/nowhere", headers={"Accept-Language": "ja"})
    assert response.status_code == 404 and "ページ" in response.get_data(as_text=True)


def test_every_message_has_a_japanese_translation(tmp_path):
    """Every string in the code and templates, freshly extracted, has its Japanese."""
    template = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [
            pybabel,
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            template,
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    assert sorted(wanted - translated) == []
    assert len(wanted) > 100


def test_record_lists_the_conference(app, room, make_http):
    ws = room["ws"]
    ack = room["r1"].emit(
        "ask", {"client_id": "q-record-1", "text": "補償はありますか？"}, callback=True
    )
    room["instructor"].emit(
        "moderate", {"question_id": ack["question_id"], "action": "live"}, callback=True
    )
    room["team"].emit(
        "answer",
        {
            "client_id": "a-record-1",
            "question_id": ack["question_id"],
            "speaker": "社長 山田 太郎",
            "summary": "個別にご連絡します",
        },
        callback=True,
    )
    http = make_http("instructor", ws)
    html = http.get(
        f"/instructor/w/{ws['id']}/record/{ws['conference_id']}", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    for text in (
        "補償はありますか？",
        "個別にご連絡します",
        "社長 山田 太郎",
        "R1",
        "National daily",
    ):
        assert text in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Reporter.id))) == 3


def test_instructor_joins_the_audience_as_a_reporter(app, make_workshop, make_http, connect):
    ws = make_workshop()
    http = make_http("instructor", ws)
    url = f"/instructor/w/{ws['id']}/ask"
    form = http.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'value="Instructor"' in form
    response = post_form(http, url, {"name": "講師", "outlet": "weekly_magazine"})
    assert response.status_code == 302 and response.location.endswith(f"/r/{ws['id']}")
    with app.app_context():
        [reporter] = db.session.scalars(select(Reporter)).all()
        assert reporter.instructor_id == ws["instructor_id"] and reporter.name == "講師"
    as_reporter = connect(http, "reporter", ws["id"])
    assert as_reporter.snapshot["me"]["outlet"] == "weekly_magazine"
    assert connect(http, "instructor", ws["id"]).is_connected()


def test_only_a_changed_session_is_sent_back(make_workshop, make_http):
    # A stylesheet fetched while a form page loads must not overwrite that page's cookie.
    ws = make_workshop()
    team = make_http("team", ws)
    for url in ("/static/css/kaiken.css", f"/team/w/{ws['id']}"):
        response = team.get(url)
        response.close()
        assert response.status_code == 200 and "Set-Cookie" not in response.headers

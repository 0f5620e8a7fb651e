"""Access: reporter identity, joining closed, new join codes, removed reporters, instructor
sign-in, cookies, CSRF, scripts, rate limits and field limits."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from simulator import create_app
from simulator.extensions import db
from simulator.models import (
    Instructor,
    LoginLink,
    Question,
    Reaction,
    Reporter,
    Workshop,
    utcnow,
)
from simulator.ratelimit import DEFAULTS, Limits
from simulator.services import workshops

from .conftest import csrf_token, events, new_id, post_form, submit

ROOT = Path(__file__).resolve().parent.parent
EN = {"Accept-Language": "en"}


def ask(sock, text="被害件数は？", client_id=None):
    return sock.emit("ask", {"client_id": client_id or new_id(), "text": text}, callback=True)


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def client_from(app, address):
    """A browser on another machine of the room's network."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def console_action(http, ws, action, data=None):
    console = f"/instructor/w/{ws['id']}"
    return submit(http, console, f"{console}/{action}", data or {})


# Reporter identity


def test_reporter_identity_survives_reconnects_and_reloads(room, connect):
    r1 = room["r1"]
    qid = ask(r1)["question_id"]
    r1.disconnect()
    again = connect(r1.http, "reporter", room["ws"]["id"])
    assert again.snapshot["me"]["name"] == "R1"
    [mine] = [q for q in again.snapshot["questions"] if q["id"] == qid]
    assert mine["mine"] and mine["status"] == "submitted"
    page = r1.http.get(f"/r/{room['ws']['id']}")
    assert page.status_code == 200 and 'data-role="reporter"' in page.get_data(as_text=True)
    withdrawn = again.emit("withdraw", {"question_id": qid}, callback=True)
    assert withdrawn == {"ok": True, "status": "withdrawn"}


def test_a_reporter_is_nobody_in_another_workshop(app, make_workshop, make_http, connect):
    ws, other = make_workshop(), make_workshop()
    http = make_http("reporter", ws)
    assert not connect(http, "reporter", other["id"]).is_connected()
    assert http.get(f"/r/{other['id']}").location == "/"
    assert connect(http, "reporter", ws["id"]).is_connected()


def test_a_tampered_cookie_is_no_identity(app, make_workshop, make_http, connect):
    ws = make_workshop()
    http = make_http("reporter", ws)
    cookie = http.get_cookie("session")
    forged = app.test_client()
    value = cookie.value
    forged.set_cookie("session", value[:-3] + ("AAA" if value[-3:] != "AAA" else "BBB"))
    assert forged.get(f"/r/{ws['id']}").location == "/"
    assert not connect(forged, "reporter", ws["id"]).is_connected()


# Closing joining, a new join code


def test_closed_joining_keeps_new_reporters_out_and_lets_those_in_come_back(
    app, make_workshop, make_http
):
    ws = make_workshop()
    already = make_http("reporter", ws, name="Early")
    instructor = make_http("instructor", ws)
    console = instructor.get(f"/instructor/w/{ws['id']}", headers=EN).get_data(as_text=True)
    assert "Close joining" in console
    assert console_action(instructor, ws, "joining", {"locked": "yes"}).status_code == 302
    late = app.test_client()
    refused = late.get(f"/j/{ws['code']}")  # Japanese by default
    assert refused.status_code == 403
    assert "講師がこの演習への参加の受付を締め切りました" in refused.get_data(as_text=True)
    form = late.get("/").get_data(as_text=True)
    sent = late.post(
        f"/j/{ws['code']}",
        data={"name": "Late", "outlet": "tv", "csrf_token": csrf_token(form)},
        headers=EN,
    )
    assert sent.status_code == 403 and "closed joining" in sent.get_data(as_text=True)
    assert count(app, Reporter) == 1
    back = post_form(already, f"/j/{ws['code']}", {"name": "Early again", "outlet": "tv"})
    assert back.status_code == 302 and already.get(f"/r/{ws['id']}").status_code == 200
    # the instructor may still join the audience
    assert post_form(instructor, f"/instructor/w/{ws['id']}/ask", {"name": "講師", "outlet": "tv"})
    assert count(app, Reporter) == 2
    console_action(instructor, ws, "joining", {"locked": "no"})
    assert make_http("reporter", ws, name="Later")
    assert count(app, Reporter) == 3


def test_a_new_join_code_retires_the_old_one_and_reaches_the_screen(app, room, make_http, connect):
    ws = room["ws"]
    instructor = make_http("instructor", ws)
    events(room["screen"])
    assert console_action(instructor, ws, "code").status_code == 302
    with app.app_context():
        code = db.session.get(Workshop, ws["id"]).join_code
    assert code != ws["code"] and len(code) == 6
    assert ("reload", {"page": True}) in events(room["screen"])
    assert events(room["r2"], "reload") == []  # the phones are not disturbed
    old = app.test_client().get(f"/j/{ws['code']}", headers=EN)
    assert old.status_code == 404 and "No workshop has that code" in old.get_data(as_text=True)
    screen = make_http("screen", ws).get(f"/screen/w/{ws['id']}").get_data(as_text=True)
    assert code in screen and ws["code"] not in screen
    assert ask(room["r1"])["ok"]  # reporters already in stay in
    fresh = make_http("reporter", {**ws, "code": code}, name="New")
    assert connect(fresh, "reporter", ws["id"]).is_connected()


# Removing a reporter


def test_removing_a_reporter_takes_their_questions_off_every_screen(app, room, make_http, connect):
    ws, r1 = room["ws"], room["r1"]
    mod = room["instructor"]
    queued, live, waiting = (ask(r1, f"質問{n}")["question_id"] for n in range(3))
    mod.emit("moderate", {"question_id": queued, "action": "queue"}, callback=True)
    mod.emit("moderate", {"question_id": live, "action": "live"}, callback=True)
    other = ask(room["r2"], "r2の質問")["question_id"]
    mod.emit("moderate", {"question_id": other, "action": "queue"}, callback=True)
    for name in ("instructor", "team", "screen", "r1", "r2", "r3"):
        events(room[name])
    instructor = make_http("instructor", ws)
    console = instructor.get(f"/instructor/w/{ws['id']}", headers=EN).get_data(as_text=True)
    assert "Remove R1" in console
    with app.app_context():
        r1_id = db.session.scalar(select(Reporter.id).where(Reporter.name == "R1"))
    removed = console_action(instructor, ws, f"reporters/{r1_id}/remove")
    assert removed.status_code == 302
    gone = {queued, live, waiting}
    for name in ("instructor", "team", "screen", "r2", "r3"):
        [(_, delta)] = events(room[name], "questions")
        assert {q["id"] for q in delta["questions"]} == gone, name
        assert all(q == {"id": q["id"], "hidden": True} for q in delta["questions"]), name
        assert delta["counts"]["received"] == 1, name
    # their phone is told to reload (to hear why), then let go
    assert {"name": "reload", "args": [{"page": True}], "namespace": "/"} in r1.queue
    assert not r1.is_connected()
    # every screen drawn afresh leaves them out too
    for name, role in (("instructor", "instructor"), ("screen", "screen"), ("r2", "reporter")):
        http = instructor if name == "instructor" else None
        sock = connect(http or make_http(role, ws), role, ws["id"])
        shown = {q["id"] for q in sock.snapshot["questions"]}
        assert not shown & gone and other in shown, name
    # their cookie no longer makes them a reporter, and they are told why
    assert not connect(r1.http, "reporter", ws["id"]).is_connected()
    page = r1.http.get(f"/r/{ws['id']}")
    assert page.status_code == 403
    assert "講師があなたをこの演習から退出させました。" in page.get_data(as_text=True)
    assert r1.http.get(f"/j/{ws['code']}").status_code == 403
    # nothing is lost: the record keeps them, marked
    record = instructor.get(
        f"/instructor/w/{ws['id']}/record/{ws['conference_id']}", headers=EN
    ).get_data(as_text=True)
    assert "質問1" in record and "Removed with its reporter" in record
    assert count(app, Question, Question.status == "removed") == 3
    again = instructor.get(f"/instructor/w/{ws['id']}", headers=EN).get_data(as_text=True)
    assert "Remove R1" not in again and "Remove R2" in again


def test_removing_an_unknown_or_other_workshops_reporter_is_not_found(
    app, make_workshop, make_http
):
    ws, other = make_workshop(), make_workshop()
    make_http("reporter", other, name="Elsewhere")
    with app.app_context():
        elsewhere = db.session.scalar(select(Reporter.id))
    instructor = make_http("instructor", ws)
    assert console_action(instructor, ws, f"reporters/{elsewhere}/remove").status_code == 404
    assert console_action(instructor, ws, "reporters/999/remove").status_code == 404
    assert count(app, Reporter, Reporter.removed_at.isnot(None)) == 0


# Instructors


def test_instructor_password_is_kept_as_a_slow_scrypt_hash(app, client, make_workshop):
    make_workshop()
    assert post_form(client, "/instructor/login", {"password": "correct horse"}).status_code == 302
    with app.app_context():
        stored = db.session.scalar(select(Instructor.password_hash))
    assert stored.startswith("scrypt:") and "correct horse" not in stored


def test_first_password_is_set_only_on_the_computer_that_runs_kaiken(app, make_workshop):
    make_workshop()
    phone = client_from(app, "192.168.1.23")
    page = phone.get("/instructor/login", base_url="http://192.168.1.5:5000", headers=EN)
    text = page.get_data(as_text=True)
    assert "on the computer that runs Kaiken" in text and 'name="password"' in text
    sent = phone.post(
        "/instructor/login",
        base_url="http://192.168.1.5:5000",
        data={"password": "taken over!", "csrf_token": csrf_token(text)},
        headers=EN,
    )
    assert sent.status_code == 403
    assert count(app, Instructor, Instructor.password_hash.isnot(None)) == 0
    laptop = client_from(app, "192.168.1.5")
    form = laptop.get("/instructor/login", base_url="http://192.168.1.5:5000", headers=EN)
    assert "No instructor password is set yet" in form.get_data(as_text=True)
    done = laptop.post(
        "/instructor/login",
        base_url="http://192.168.1.5:5000",
        data={"password": "correct horse", "csrf_token": csrf_token(form.get_data(as_text=True))},
    )
    assert done.status_code == 302
    assert count(app, Instructor, Instructor.password_hash.isnot(None)) == 1


def test_one_time_link_expires_unused(app, client, make_workshop):
    make_workshop()
    with app.app_context():
        instructor = db.session.scalar(select(Instructor))
        token = workshops.issue_login_link(instructor, 60)
        db.session.scalar(select(LoginLink)).expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    response = client.get(f"/instructor/link/{token}", headers=EN)
    assert response.status_code == 403 and "has expired" in response.get_data(as_text=True)
    assert client.get("/instructor/").status_code == 302


def test_sign_out_ends_the_instructors_session(make_workshop, make_http):
    ws = make_workshop()
    http = make_http("instructor", ws)
    assert http.get(f"/instructor/w/{ws['id']}").status_code == 200
    page = http.get("/instructor/", headers=EN).get_data(as_text=True)
    assert "Sign out" in page
    assert http.post("/instructor/logout", data={"csrf_token": csrf_token(page)}).status_code == 302
    after = http.get(f"/instructor/w/{ws['id']}")
    assert after.status_code == 302 and after.location.startswith("/instructor/login")


def test_wrong_passwords_are_rate_limited_per_address(app, client, make_workshop):
    make_workshop()
    with app.app_context():
        workshops.set_password(workshops.get_or_create_instructor(), "correct horse")
        db.session.commit()
    burst = DEFAULTS["login_failure"][0]
    for _ in range(burst):
        wrong = post_form(
            client, "/instructor/login", {"login": "instructor", "password": "x" * 10}
        )
        assert wrong.status_code == 400
    right = {"login": "instructor", "password": "correct horse"}
    held = post_form(client, "/instructor/login", right)
    assert held.status_code == 429
    assert re.search(r"Try again in \d+ seconds", held.get_data(as_text=True))
    elsewhere = client_from(app, "10.0.0.9")
    assert post_form(elsewhere, "/instructor/login", right).status_code == 302


# Cookies, forms, scripts


def test_session_cookie_is_http_only_and_same_site_and_secure_over_tls(make_workshop, make_http):
    ws = make_workshop()
    http = make_http("team", ws)
    plain = http.get(f"/team/{ws['teams'][0][1]}").headers["Set-Cookie"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    secure = http.get(f"/team/{ws['teams'][0][1]}", base_url="https://kaiken.example")
    cookie = secure.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_session_cookie_is_secure_behind_a_tls_proxy(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "proxy-test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'k.db'}",
            "KAIKEN_BEHIND_PROXY": "1",
        }
    )
    client = app.test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    response = client.get("/", headers=forwarded)
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in response.headers


TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


def test_every_form_carries_a_csrf_token():
    forms = 0
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for form in re.findall(r"<form\b[^>]*>.*?</form>", text, flags=re.S):
            opening = form.split(">", 1)[0]
            if re.search(r'method="post"', opening, flags=re.I):
                forms += 1
                assert "csrf_token()" in form, f"{path.name}: {opening}>"
    assert forms > 20


def test_no_template_has_inline_script():
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text, flags=re.I):
            assert "src=" in tag or 'type="application/json"' in tag, f"{path.name}: {tag}"
        assert not re.search(r"\son[a-z]+\s*=", text, flags=re.I), path.name
        assert "javascript:" not in text.lower(), path.name


# Rate limits


def test_token_bucket_refills_and_says_when_to_try_again():
    now = [0.0]
    limits = Limits({"question": (2, 10.0)}, clock=lambda: now[0])
    assert limits.take("question", 1) == 0 and limits.take("question", 1) == 0
    assert limits.take("question", 1) == 10  # none left: ten seconds to the next
    assert limits.take("question", 2) == 0  # another reporter has their own bucket
    now[0] = 4.0
    assert limits.wait("question", 1) == 6
    now[0] = 10.0
    assert limits.take("question", 1) == 0 and limits.take("question", 1) == 10


def test_token_bucket_lets_a_venue_join_and_holds_a_guesser():
    """One NAT address: 1,000 phones join within a minute, a few typing the code wrong, while
    someone guessing codes gets about one try a second."""
    now = [0.0]
    limits = Limits(clock=lambda: now[0])
    for n in range(1000):
        now[0] = n * 0.06  # 1,000 joins in 60 seconds
        assert limits.take("join", "nat") == 0
        if n % 25 == 0:  # 40 typos among them
            assert limits.take("join_failure", "nat") == 0
    tries = sum(limits.take("join_failure", "guess") == 0 for _ in range(10_000))
    assert tries == DEFAULTS["join_failure"][0]
    now[0] += 60
    assert sum(limits.take("join_failure", "guess") == 0 for _ in range(1000)) == 60


def test_a_room_behind_one_address_can_all_join(app, make_workshop):
    ws = make_workshop()
    phones = [app.test_client() for _ in range(120)]
    for n, phone in enumerate(phones):
        if n % 10 == 0:  # a typo now and then
            assert phone.get("/j/ZZZZZ9").status_code == 404
        assert (
            post_form(phone, f"/j/{ws['code']}", {"name": f"P{n}", "outlet": "tv"}).status_code
            == 302
        )
    assert count(app, Reporter) == 120


def test_guessing_join_codes_is_rate_limited_per_address(app, make_workshop):
    ws = make_workshop()
    guesser = app.test_client()
    burst = DEFAULTS["join_failure"][0]
    for n in range(burst):
        assert guesser.get(f"/j/AAAA{n:02d}").status_code == 404
    held = guesser.get(f"/j/{ws['code']}", headers=EN)  # even the right code: nothing learnt
    assert held.status_code == 429
    assert re.search(r"wrong codes.*Try again in \d+ seconds", held.get_data(as_text=True))
    ja = guesser.get("/j/AAAA99").get_data(as_text=True)
    assert "秒後にもう一度お試しください" in ja
    elsewhere = client_from(app, "10.0.0.2")
    assert elsewhere.get(f"/j/{ws['code']}").status_code == 200
    app.extensions["kaiken_limits"].clock = lambda: 10**9  # much later: the bucket refilled
    assert guesser.get(f"/j/{ws['code']}").status_code == 200


def test_questions_are_rate_limited_per_reporter_and_retries_are_free(app, room):
    r1 = room["r1"]
    burst = DEFAULTS["question"][0]
    first = None
    for n in range(burst):
        ack = ask(r1, f"質問{n}", client_id=f"burst-{n:04d}")
        assert ack["ok"], ack
        first = first or ack
    refused = ask(r1, "もう一つ")
    assert refused["ok"] is False and refused["error"] == "slow_questions"
    assert re.fullmatch(r"You have asked .* Try again in \d+ seconds\.", refused["message"])
    assert count(app, Question) == burst
    assert ask(r1, "質問0", client_id="burst-0000") == first  # a retry is never refused
    assert ask(room["r2"], "別の記者")["ok"]  # another reporter has their own bucket


def test_votes_and_reactions_are_rate_limited_per_reporter(app, room):
    limits = app.extensions["kaiken_limits"]
    limits.settings.update(vote=(2, 60.0), reaction=(1, 60.0))
    mod = room["instructor"]
    ids = [ask(room["r1"], f"質問{n}", client_id=f"vote-{n:04d}")["question_id"] for n in range(3)]
    for qid in ids:
        mod.emit("moderate", {"question_id": qid, "action": "queue"}, callback=True)
    r2 = room["r2"]
    assert r2.emit("vote", {"question_id": ids[0]}, callback=True)["ok"]
    assert r2.emit("vote", {"question_id": ids[1]}, callback=True)["ok"]
    refused = r2.emit("vote", {"question_id": ids[2]}, callback=True)
    assert refused["error"] == "slow_votes" and "Try again in 60 seconds" in refused["message"]
    with app.app_context():
        assert db.session.get(Question, ids[2]).votes == 0
    mod.emit("moderate", {"question_id": ids[0], "action": "live"}, callback=True)
    answer = {"client_id": new_id(), "question_id": ids[0], "speaker": "社長", "summary": "はい"}
    answer_id = room["team"].emit("answer", answer, callback=True)["answer_id"]
    react = {"answer_id": answer_id, "kind": "satisfied"}
    assert r2.emit("react", react, callback=True)["ok"]
    refused = r2.emit("react", {**react, "kind": "not_answered"}, callback=True)
    assert refused["error"] == "slow_reactions" and "60" in refused["message"]
    with app.app_context():
        assert db.session.scalars(select(Reaction.kind)).all() == ["satisfied"]


# Field limits


def test_field_limits_breaking_news_details(room):
    too_long = {"client_id": new_id(), "headline": "速報", "details": "あ" * 1001}
    ack = room["instructor"].emit("fire_news", too_long, callback=True)
    assert ack["error"] == "too_long"
    assert ack["message"] == "New facts is too long: 1001 characters, at most 1000."


@pytest.mark.parametrize(
    ("form", "text"),
    [
        ({"title": "t" * 201}, "Workshop title is too long: 201 characters, at most 200."),
        ({"title": "x", "org_name": "o" * 201}, "Organisation name is too long"),
        ({"title": "x", "teams": "\n".join(f"T{n}" for n in range(13))}, "At most 12 teams."),
        ({"title": "x", "teams": "n" * 81}, "Team name is too long: 81 characters, at most 80."),
        ({"title": "  "}, "Workshop title must not be empty."),
    ],
)
def test_field_limits_new_workshop(app, make_workshop, make_http, form, text):
    ws = make_workshop()
    http = make_http("instructor", ws)
    before = count(app, Workshop)
    response = submit(http, "/instructor/", "/instructor/new", form)
    assert response.status_code == 302
    page = http.get(response.location, headers=EN).get_data(as_text=True)
    assert text in page
    assert count(app, Workshop) == before


def test_a_made_up_refusal_in_the_address_reads_as_not_understood(make_workshop, make_http):
    ws = make_workshop()
    http = make_http("instructor", ws)
    page = http.get("/instructor/?error=too_long&field=title", headers=EN)
    assert page.status_code == 200 and "The request was not understood" in page.get_data(
        as_text=True
    )


def test_field_limits_wrapup_notes_are_refused_not_cut(app, make_workshop, make_http):
    ws = make_workshop()
    http = make_http("instructor", ws)
    url = f"/review/w/{ws['id']}/wrapup"
    response = submit(http, url, url, {"comments": "講" * 8001, "lessons": "ok"})
    assert response.status_code == 400
    assert (
        "Comments on the whole workshop (講評) is too long: 8001 characters, at most 8000."
        in response.get_data(as_text=True)
    )
    with app.app_context():
        assert not (db.session.get(Workshop, ws["id"]).wrapup or {}).get("lessons")


def test_field_limits_password_length_is_capped_before_hashing(app, client, make_workshop):
    make_workshop()
    long = post_form(client, "/instructor/login", {"password": "p" * 1025})
    assert long.status_code == 400
    assert "Password is too long: 1025 characters, at most 1024." in long.get_data(as_text=True)
    assert count(app, Instructor, Instructor.password_hash.isnot(None)) == 0


def test_live_connections_are_accepted_from_kaikens_own_origin_only(client):
    url = "/socket.io/?EIO=4&transport=polling"
    own = client.get(url, headers={"Origin": "http://localhost"})
    assert own.status_code == 200 and own.get_data(as_text=True).startswith("0{")
    other = client.get(url, headers={"Origin": "http://evil.example"})
    assert other.status_code == 400

"""Script and markup typed into every place where people's text appears, read back in Chromium.

Team names, reporter names, questions, answers, reject reasons, score comments, the team's
press release, breaking news, tomorrow's headlines, the record and the exported HTML report.
Each payload would set `window.__xss` or open a dialog if it ran. It never does: no dialog,
the flag stays unset, no element or attribute of the payloads reaches the page, and each
text is shown as typed, as is Unicode (emoji, combining marks, right-to-left, full width).
"""

import re
import sqlite3
import uuid

import pytest
import requests
from playwright.sync_api import expect

from tests.forms import Form
from tests.test_server import connect, signed_in

pytestmark = pytest.mark.browser

# Each at most 40 characters: they also serve as reporter and team names.
PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<img src=x onerror=window.__xss=1>",
    "<svg onload=alert(1)>",
    '"><img src=x onerror=alert(2)>',
    "'><svg/onload=window.__xss=1>",
    "<a href=javascript:alert(3)>link</a>",
    "javascript:alert(4)",
    "{{7*7}} ${7*7} {% if 1 %}x{% endif %}",
    "</textarea><script>alert(5)</script>",
    "<iframe srcdoc=<script>alert(6)>",
    "<style>body{display:none}</style>",
    "\u202etxt.exe 右から左",
]
UNICODE = [
    "👩‍💻🚨 記者 🇯🇵",
    "Cafe\u0301 e\u0300\u0301",
    "שלום مرحبا",
    "ＡＢＣ１２３ 全角",
]
ALL = PAYLOADS + UNICODE
INJECTED = (
    "script:not([src]):not([type='application/json']), img[src='x'], svg[onload], iframe, "
    "style:not([nonce]):not(:first-of-type), [onerror], [onload], a[href^='javascript:']"
)
WATCH = """
window.__xss = undefined;
window.alert = window.confirm = window.prompt = () => { window.__xss = 'dialog'; };
"""


def post_form(http, url, change, keep=lambda form: True):
    """Send the page's form (its CSRF token included) with some fields changed."""
    page = http.get(url, timeout=10)
    form = next(f for f in Form(page.text).forms if keep(f) and "csrf_token" in f["fields"])
    return http.post(url, data={**form["fields"], **change}, timeout=10, allow_redirects=False)


def call(sock, event, payload):
    ack = sock.call(event, payload, timeout=10)
    assert ack["ok"], (event, ack)
    return ack


def fill_the_workshop(server):
    """Every surface gets its payloads, sent as each role's page sends them."""
    instructor = signed_in(server, server.links["instructor"])
    team = signed_in(server, server.links["teams"][0])
    setup = instructor.get(server.url + "/instructor/w/1/setup", timeout=10).text
    team_ids = re.findall(r'name="team\.(\d+)\.name"', setup)
    names = {f"team.{tid}.name": PAYLOADS[i] for i, tid in enumerate(team_ids)}
    done = post_form(instructor, server.url + "/instructor/w/1/setup", names)
    assert done.status_code == 302, done.text[:2000]
    report = {"title": PAYLOADS[8] + " " + UNICODE[0], "summary": "\n".join(ALL)}
    saved = post_form(team, server.url + "/team/w/1/doc/report", {**report, "reason": PAYLOADS[1]})
    assert saved.status_code == 302, saved.text[:2000]

    refused = signed_in(server, server.links["join"])
    bad_outlet = post_form(refused, server.links["join"], {"name": "x", "outlet": PAYLOADS[3]})
    assert bad_outlet.status_code == 400

    console, scribe = connect(server, instructor, "instructor"), connect(server, team, "team")
    phones = []
    for n, name in enumerate(ALL):
        http = requests.Session()
        joined = post_form(http, server.links["join"], {"name": name, "outlet": "tv"})
        assert joined.status_code == 302, (name, joined.text[-3000:])
        phones.append(connect(server, http, "reporter"))
        ask = {"client_id": uuid.uuid4().hex, "text": f"Q{n} {ALL[-n - 1]}"}
        ack = call(phones[-1], "ask", ask)
        call(console, "moderate", {"question_id": ack["question_id"], "action": "queue"})
        phones[-1].question_id = ack["question_id"]
    call(console, "clock", {"action": "start"})
    live = phones[0].question_id
    call(console, "moderate", {"question_id": live, "action": "live"})
    summary = " ".join(PAYLOADS[:6]) + " " + UNICODE[1]
    answer = {"client_id": uuid.uuid4().hex, "question_id": live, "summary": summary}
    answered = call(scribe, "answer", {**answer, "speaker": "代表取締役社長 山田 太郎"})
    score = {"client_id": uuid.uuid4().hex, "answer_id": answered["answer_id"]}
    call(console, "score", {**score, "values": {"facts": 0}, "comment": " ".join(PAYLOADS[6:])})
    reject = {"question_id": phones[1].question_id, "action": "reject", "reason": PAYLOADS[5]}
    call(console, "moderate", reject)
    news = {"client_id": uuid.uuid4().hex, "headline": PAYLOADS[2], "details": UNICODE[2]}
    call(console, "fire_news", news)
    for sock in (console, scribe, *phones):
        sock.disconnect()
    return {"instructor": instructor, "team": team, "summary": summary, "live": live}


def watched(open_page, server, name, http=None, phone=False):
    """A page that records every dialog and carries a role's cookies when given."""
    page = open_page(name, "ja-JP", phone=phone)
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH)
    if http is not None:
        cookies = [{"name": k, "value": v, "url": server.url} for k, v in http.cookies.items()]
        page.context.add_cookies(cookies)
    return page


def assert_inert(page, texts):
    """Nothing ran, nothing was injected, every text is there as typed."""
    body = page.locator("body")
    for text in texts:
        expect(body).to_contain_text(text)
    assert page.evaluate("window.__xss") is None, page.name
    assert page.dialogs == [], (page.name, page.dialogs)
    found = page.evaluate(f"[...document.querySelectorAll({INJECTED!r})].map(e => e.outerHTML)")
    assert found == [], (page.name, found)


def test_no_payload_runs_anywhere_and_every_text_is_shown_as_typed(server, open_page, tmp_path):
    filled = fill_the_workshop(server)

    def page_for(name, http=None, phone=False):
        return watched(open_page, server, name, http, phone)

    phone = page_for("xss-reporter", phone=True)
    phone.goto(server.links["join"])
    typed_name, typed_question = PAYLOADS[4], PAYLOADS[9] + " " + UNICODE[3]
    phone.fill("#name", typed_name)
    phone.check("input[name=outlet][value=blogger]")
    phone.locator("form.stack button[type=submit]").click()
    expect(phone.locator("[data-me]")).to_contain_text(typed_name)
    phone.fill("[data-ask] textarea", typed_question)
    phone.locator("[data-ask] button[type=submit]").click()
    expect(phone.locator("[data-mine] li", has_text=UNICODE[3])).to_contain_text(typed_question)
    assert_inert(phone, [filled["summary"], PAYLOADS[2], UNICODE[2], typed_question])

    screen = page_for("xss-screen")
    screen.goto(server.links["screen"])
    assert_inert(screen, [filled["summary"], PAYLOADS[2], UNICODE[2], f"Q0 {ALL[-1]}", ALL[0]])

    console = page_for("xss-console", filled["instructor"])
    console.goto(server.url + "/instructor/w/1")
    expect(console.locator("[data-queue]")).to_contain_text(typed_question)
    assert_inert(
        console, [*PAYLOADS[:3], typed_name, *[f"Q{n} {ALL[-n - 1]}" for n in range(2, 9)]]
    )

    team = page_for("xss-team", filled["team"])
    team.goto(server.url + "/team/w/1")
    assert_inert(team, [filled["summary"], PAYLOADS[0]])
    team.goto(server.url + "/team/w/1/doc/report/view")
    assert_inert(team, [PAYLOADS[8], *ALL])

    console.goto(server.url + "/instructor/w/1/record/1")
    assert_inert(console, [filled["summary"], " ".join(PAYLOADS[6:]), PAYLOADS[5], *ALL])

    ending = connect(server, filled["instructor"], "instructor")
    call(ending, "clock", {"action": "end"})
    ending.disconnect()
    review = server.url + "/review/w/1/t/1"
    token = re.search(r'name="csrf_token" value="([^"]+)"', filled["instructor"].get(review).text)
    wrote = filled["instructor"].post(
        server.url + "/review/w/1/c/1/headlines", data={"csrf_token": token.group(1)}, timeout=10
    )
    assert wrote.status_code == 200, wrote.status_code
    console.goto(review)
    assert_inert(console, [PAYLOADS[0], filled["summary"]])

    notes = {"comments": "\n".join(PAYLOADS), "lessons": "\n".join(UNICODE)}
    kept = post_form(filled["instructor"], server.url + "/review/w/1/wrapup", notes)
    assert kept.status_code in (200, 302), kept.status_code
    console.goto(server.url + "/review/w/1/wrapup")
    assert_inert(console, ALL)
    console.goto(server.url + "/instructor/w/1/export.html")
    assert_inert(console, [*PAYLOADS[:3], filled["summary"], f"Q0 {ALL[-1]}", *ALL])

    # The same checks do see markup that reaches the page: they can fail.
    console.evaluate("html => document.body.insertAdjacentHTML('beforeend', html)", PAYLOADS[1])
    found = console.evaluate(f"document.querySelectorAll({INJECTED!r}).length")
    assert found == 1

    stored = sqlite3.connect(tmp_path / "kaiken.db")
    names = {row[0] for row in stored.execute("SELECT name FROM reporter")}
    texts = {row[0] for row in stored.execute("SELECT text FROM question")}
    stored.close()
    assert set(ALL) | {typed_name} <= names  # stored exactly as typed, byte for byte
    assert typed_question in texts and f"Q0 {ALL[-1]}" in texts
    assert requests.get(server.url + "/healthz", timeout=5).status_code == 200

"""A short conference in Chromium: instructor, screen, team console and three phones."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TEXT = {
    "ja": {
        "locale": "ja-JP",
        "submitted": "確認待ち",
        "queued": "順番待ち",
        "rejected": "不採用",
        "live_state": "回答中",
        "answered": "回答済み",
        "outlet_tv": "テレビ",
        "score_saved": "採点を保存しました",
        "ended": "終了",
        "running": "進行中",
        "reason": "すでに同じ質問があります",
        "satisfied": "納得した",
        "not_answered": "答えていない",
        "join_heading": "記者会見に参加",
    },
    "en": {
        "locale": "en-US",
        "submitted": "Awaiting moderation",
        "queued": "In the queue",
        "rejected": "Not taken",
        "live_state": "Live now",
        "answered": "Answered",
        "outlet_tv": "TV",
        "score_saved": "Score saved",
        "ended": "Ended",
        "running": "In progress",
        "reason": "Already asked",
        "satisfied": "Satisfied",
        "not_answered": "Not answered",
        "join_heading": "Join a press conference",
    },
}


def join_by_code(page, server, t, name, outlet):
    page.goto(server.url + "/")
    expect(page.locator("h1")).to_have_text(t["join_heading"])
    page.fill("#code", server.links["code"].lower())
    page.locator("form.stack button[type=submit]").click()
    page.fill("#name", name)
    page.check(f"input[name=outlet][value={outlet}]")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("[data-me]")).to_contain_text(name)


def question_item(page, list_selector, text):
    return page.locator(f"{list_selector} li", has_text=text)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_short_conference(server, open_page, lang):
    t = TEXT[lang]
    instructor = open_page(f"{lang}-instructor", t["locale"])
    instructor.goto(server.links["instructor"])
    instructor.locator(".cards a").first.click()
    expect(instructor.locator(".join-code")).to_have_text(server.links["code"])

    screen = open_page(f"{lang}-screen", t["locale"])
    screen.goto(server.links["screen"])
    expect(screen.locator("[data-join-code]")).to_have_text(server.links["code"])
    expect(screen.locator("h1[data-conf-title]")).to_contain_text("記者会見")

    team = open_page(f"{lang}-team", t["locale"])
    team.goto(server.links["teams"][0])
    expect(team.locator("[data-speakers]")).to_contain_text("佐藤 花子")

    phones = []
    for n, outlet in enumerate(("tv", "national_daily", "it_trade"), start=1):
        phone = open_page(f"{lang}-reporter{n}", t["locale"], phone=True)
        join_by_code(phone, server, t, f"Reporter{n}", outlet)
        phones.append(phone)
    r1, r2, r3 = phones
    expect(r1.locator("[data-speakers]")).to_contain_text("山田 太郎")
    expect(r1.locator("[data-report-title]")).to_contain_text("お知らせとお詫び")

    instructor.locator("[data-clock=start]").click()
    expect(screen.locator("[data-clock-state]")).to_have_text(t["running"])

    question = "漏えいした件数と、その根拠を教えてください。"
    r1.fill("[data-ask] textarea", question)
    r1.locator("[data-ask] button[type=submit]").click()
    mine = question_item(r1, "[data-mine]", question)
    expect(mine.locator("[data-state]")).to_have_text(t["submitted"])
    queued = question_item(instructor, "[data-queue]", question)
    expect(queued).to_contain_text("Reporter1")
    expect(queued).to_contain_text(t["outlet_tv"])

    other = "再発防止策はいつまでに実施しますか？"
    r2.fill("[data-ask] textarea", other)
    r2.locator("[data-ask] button[type=submit]").click()
    rejected = question_item(instructor, "[data-queue]", other)
    rejected.locator("[data-action=reject]").click()
    rejected.locator("input[name=reason]").fill(t["reason"])
    rejected.locator("[data-confirm-reject]").click()
    r2_mine = question_item(r2, "[data-mine]", other)
    expect(r2_mine.locator("[data-state]")).to_have_text(t["rejected"])
    expect(r2_mine).to_contain_text(t["reason"])

    queued.locator("[data-action=queue]").click()
    expect(mine.locator("[data-state]")).to_have_text(t["queued"])
    for phone in (r2, r3):
        item = question_item(phone, "[data-queue]", question)
        item.locator("[data-vote]").click()
        expect(item.locator("[data-vote]")).to_have_attribute("aria-pressed", "true")
    expect(queued).to_contain_text(f"2 {'票' if lang == 'ja' else 'votes'}")

    queued.locator("[data-action=live]").click()
    expect(screen.locator("[data-live] .text")).to_have_text(question)
    expect(screen.locator("[data-live] .name")).to_have_text("Reporter1")
    expect(screen.locator("[data-live] .outlet")).to_have_text(t["outlet_tv"])
    expect(screen.locator("[data-live-timer]")).to_be_visible()
    expect(mine.locator("[data-state]")).to_have_text(t["live_state"])
    expect(team.locator("[data-live] .text")).to_have_text(question)

    answer = "現時点で確認できているのは最大5,000件です。12月10日に調査結果を公表します。"
    team.select_option("[data-speaker-select]", index=1)
    team.fill("[data-answer] textarea", answer)
    team.locator("[data-answer] button[type=submit]").click()
    expect(screen.locator("[data-live] .summary")).to_have_text(answer)
    expect(screen.locator("[data-live] .speaker")).to_contain_text("佐藤 花子")
    expect(r3.locator("[data-live] .summary")).to_have_text(answer)

    r2.locator("[data-live] [data-react=satisfied]").click()
    r3.locator("[data-live] [data-react=not_answered]").click()
    expect(instructor.locator("[data-live] .reactions")).to_contain_text(f"{t['satisfied']} 1")
    expect(instructor.locator("[data-live] .reactions")).to_contain_text(f"{t['not_answered']} 1")

    score = instructor.locator("[data-score]")
    expect(score).to_be_visible()
    for criterion, value in (
        ("facts", 3),
        ("honesty", 2),
        ("care", 2),
        ("ownership", 3),
        ("next_steps", 1),
    ):
        score.locator(f"input[name={criterion}][value='{value}']").check()
    score.locator("textarea[name=comment]").fill("日付を示したのは良い")
    score.locator("button[type=submit]").click()
    expect(instructor.locator("[data-score-status]")).to_have_text(t["score_saved"])

    r3.locator("[data-live] [data-follow]").click()
    r3.fill("[data-ask] textarea", "対象のお客様への連絡はいつ完了しますか？")
    r3.locator("[data-ask] button[type=submit]").click()
    expect(question_item(instructor, "[data-queue]", "連絡はいつ完了")).to_be_visible()

    instructor.on("dialog", lambda dialog: dialog.accept())
    instructor.locator("[data-clock=end]").click()
    expect(screen.locator("[data-clock-state]")).to_have_text(t["ended"])
    expect(r1.locator("[data-clock-state]")).to_have_text(t["ended"])
    expect(mine.locator("[data-state]")).to_have_text(t["answered"])
    # The clock's changes carry only the clock, news and moderation: pages keep the briefing.
    expect(r1.locator("[data-report-title]")).to_contain_text("お知らせとお詫び")
    expect(r1.locator("[data-speakers]")).to_contain_text("山田 太郎")
    expect(screen.locator("h1[data-conf-title]")).to_contain_text("記者会見")

    instructor.reload()
    instructor.locator("a", has_text="記録" if lang == "ja" else "Record").click()
    record = instructor.locator("table.record")
    for text in (question, answer, "佐藤 花子", "Reporter1", "日付を示したのは良い", t["reason"]):
        expect(record).to_contain_text(text)

    for page in (instructor, screen, team, *phones):
        assert page.errors == [], (page.name, page.errors)

"""The workshop in Chromium: a team writes its documents, presents, revises in the review."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def open_conference(instructor, team_name):
    row = instructor.locator(f"[data-team-row='{team_name}']")
    row.locator("button", has_text="記者会見を開く").click()
    expect(instructor.locator(f"[data-team-row='{team_name}']")).to_contain_text("表示中")


def run_clock(instructor):
    expect(instructor.locator("[data-connection]")).to_have_text("接続済み")
    instructor.locator("[data-clock=start]").click()
    expect(instructor.locator("[data-clock-state]")).to_have_text("進行中")
    instructor.locator("[data-clock=end]").click()
    expect(instructor.locator("[data-clock-state]")).to_have_text("終了")


def save(page):
    page.locator("[data-docform] button[type=submit]").click()
    expect(page.locator(".notice")).to_be_visible()


def test_team_documents_conference_and_review(server, open_page):
    instructor = open_page("ws-instructor", "ja-JP")
    instructor.on("dialog", lambda dialog: dialog.accept())
    instructor.goto(server.links["instructor"])
    instructor.locator(".cards a").first.click()

    team = open_page("ws-team-b", "ja-JP")
    team.goto(server.links["teams"][1])
    team.locator("[data-documents-link]").click()
    team.locator("[data-incident-option=card_fraud] select").select_option("500")
    team.locator("[data-incident-option=card_fraud] button").click()
    block = team.locator("[data-incident='1']")
    expect(block.locator("h2")).to_contain_text("カードが不正利用")
    expect(block).to_contain_text("500")

    block.locator("[data-doc='initial_response-1']").click()
    team.fill("#f-name", "カード不正利用事案 2026-12#1")
    team.select_option("#f-severity", "critical")
    team.fill("[name='timeline.0.band']", "0〜1時間")
    team.fill("[name='timeline.0.actions']", "カード会社へ連絡、苦情の内容を整理")
    team.fill("#author", "佐藤")
    save(team)
    expect(team.locator("tr[data-version='1']")).to_contain_text("佐藤")

    docs = team.url.split("/doc/")[0]
    team.goto(docs + "/doc/report?n=1")
    team.fill("#f-title", "カード情報流出の可能性に関するお知らせ")
    team.fill("#f-summary", "お客様のカードが不正利用されたとのご連絡を受け、調査を進めています。")
    team.fill("#f-records", "500")
    team.select_option("#f-card_data", "yes")
    save(team)
    team.goto(docs + "/doc/agenda?n=1")
    team.fill("#f-recipients", "報道関係各位")
    team.fill("#f-title", "カード不正利用に関する記者会見")
    team.fill("[name='speakers.0.title']", "代表取締役社長")
    team.fill("[name='speakers.0.name']", "高橋 誠")
    save(team)

    team_c = open_page("ws-team-c", "ja-JP")
    team_c.goto(server.links["teams"][2])
    team_c.locator("[data-documents-link]").click()
    team_c.locator("[data-incident-option=forum_docs] button").click()

    phone = open_page("ws-reporter", "ja-JP", phone=True)
    instructor.reload()
    open_conference(instructor, "チームB")
    phone.goto(server.links["join"])
    phone.fill("#name", "記者1")
    phone.check("input[name=outlet][value=weekly_magazine]")
    phone.locator("form.stack button[type=submit]").click()
    expect(phone.locator("[data-report-title]")).to_have_text(
        "カード情報流出の可能性に関するお知らせ"
    )
    expect(phone.locator("[data-speakers]")).to_contain_text("高橋 誠")
    body = phone.locator("[data-report-body]")
    expect(body.locator("[data-section=records]")).to_contain_text("500")
    expect(body).not_to_contain_text("カード会社へ連絡")  # the internal sheet stays internal

    instructor.locator("[data-fire] summary").click()
    instructor.locator("[data-fire-factor=spreading]").click()
    expect(phone.locator("[data-news]")).to_contain_text("10倍")
    run_clock(instructor)
    for name in ("チームA", "チームC"):
        open_conference(instructor, name)
        run_clock(instructor)

    instructor.locator("[data-next-phase=review]").click()
    expect(instructor.locator("[data-phase-control] h2")).to_contain_text("改善検討")

    team.goto(docs + "/doc/report?n=1")
    expect(team.locator("[data-warnings]")).to_contain_text("5,000")
    team.fill("#f-records", "5000")
    team.locator("[data-docform] button[type=submit]").click()
    # The browser itself holds the form back until a reason is given (the server checks too).
    assert team.locator("#reason").evaluate("field => field.validity.valueMissing")
    expect(team.locator("[data-history] tbody tr")).to_have_count(1)
    team.fill("#reason", "被害拡大を受けて件数を訂正")
    save(team)
    expect(team.locator("[data-warnings]")).to_have_count(0)
    team.locator(".compare-form button").click()
    diff = team.locator("[data-diff]")
    expect(diff.locator("tr[data-field=records] del")).to_have_text("500")
    expect(diff.locator("tr[data-field=records] ins")).to_have_text("5000")
    expect(diff).to_contain_text("被害拡大を受けて件数を訂正")

    for page in (instructor, team, team_c, phone):
        assert page.errors == [], (page.name, page.errors)

"""A reporter's phone in Chromium: suggested questions, asked as is or edited, breaking news."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def join(page, server, name, outlet):
    page.goto(server.links["join"])
    page.fill("#name", name)
    page.check(f"input[name=outlet][value={outlet}]")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("[data-me]")).to_contain_text(name)


SPREAD_MS = 15_000  # a phone waits up to 3 s (first list) or 8.5 s (after news) to ask


def test_reporter_asks_suggestions_and_breaking_news_brings_new_ones(server, open_page):
    phone = open_page("bank-phone", "ja-JP", phone=True)
    join(phone, server, "記者A", "weekly_magazine")
    cards = phone.locator("[data-suggestions] [data-suggestion]")
    expect(cards).to_have_count(5, timeout=SPREAD_MS)
    first_text = cards.first.locator(".text").inner_text()
    expect(phone.locator("[data-suggestions]")).to_contain_text("株式会社サンプル商事")

    # Asked as is: it goes to the moderators and leaves the suggestions.
    first_id = cards.first.get_attribute("data-suggestion")
    cards.first.locator("[data-ask-as-is]").click()
    mine = phone.locator("[data-mine] li").first
    expect(mine.locator(".text")).to_have_text(first_text)
    expect(phone.locator(f"[data-suggestions] [data-suggestion='{first_id}']")).to_have_count(0)

    # Edited first: the box holds the text and says where it came from.
    second = phone.locator("[data-suggestions] [data-suggestion]").first
    second.locator("[data-edit-first]").click()
    box = phone.locator("#question-text")
    expect(box).not_to_have_value("")
    expect(phone.locator("[data-bank-note]")).to_be_visible()
    box.fill(box.input_value() + "（再確認です）")
    phone.locator("[data-ask] button[type=submit]").click()
    expect(phone.locator("[data-mine] li").first.locator(".text")).to_contain_text("再確認です")
    expect(phone.locator("[data-bank-note]")).to_be_hidden()

    instructor = open_page("bank-instructor", "ja-JP")
    instructor.goto(server.links["instructor"])
    instructor.locator(".cards a").first.click()
    expect(instructor.locator("[data-connection]")).to_have_text("接続済み")
    instructor.locator("[data-fire] summary").click()
    instructor.locator("[data-fire-factor=exec_down]").click()
    expect(phone.locator("[data-news]")).to_be_visible()
    top = phone.locator("[data-suggestions] [data-suggestion]").first
    expect(top).to_have_class("question suggestion breaking-q", timeout=SPREAD_MS)
    expect(top.locator(".meta")).to_contain_text("速報")

    instructor.locator("a", has_text="記録").first.click()
    expect(instructor.locator("[data-bank-id]")).to_have_count(2)
    for page in (phone, instructor):
        assert page.errors == [], (page.name, page.errors)

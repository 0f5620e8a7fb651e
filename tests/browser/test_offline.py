"""A phone that loses the server keeps its question and sends it once when back."""

import pytest
from playwright.sync_api import expect

from .test_conference import TEXT, join_by_code, question_item

pytestmark = pytest.mark.browser


def test_question_typed_while_the_server_is_down_is_sent_once(server, open_page):
    t = TEXT["en"]
    phone = open_page("offline-reporter", t["locale"], phone=True)
    join_by_code(phone, server, t, "Night shift", "web_media")
    expect(phone.locator("[data-connection]")).to_have_text("Connected")

    server.stop()
    expect(phone.locator("[data-connection]")).to_have_text("Connection lost. Reconnecting…")
    question = "Who told you about the exposure, and when?"
    phone.fill("[data-ask] textarea", question)
    phone.locator("[data-ask] button[type=submit]").click()
    expect(phone.locator("[data-ask-status]")).to_contain_text("Not sent")

    server.start()
    mine = question_item(phone, "[data-mine]", question)
    expect(mine.locator("[data-state]")).to_have_text(t["submitted"], timeout=20000)
    expect(phone.locator("[data-ask-status]")).to_have_text("Sent")
    phone.reload()
    expect(question_item(phone, "[data-mine]", question)).to_have_count(1)

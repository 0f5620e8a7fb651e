"""Every page at phone, tablet and projector sizes with no sideways scrolling, and the shared
screen readable from the back row: a 200-character question fits a 1280x720 projector."""

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS
from .tour import CONNECTED, VIEWPORTS, site  # noqa: F401  (the module's demo server)

pytestmark = pytest.mark.browser

# The widest elements when a page is wider than the device (a phone would zoom out to show
# a page wider than itself, so the device's width is the measure, not the window's).
OVERFLOW = """(width) => {
  if (document.documentElement.scrollWidth <= width && window.innerWidth <= width) return [];
  return [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > width + 1)
    .slice(0, 4).map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`);
}"""

QUESTION = (
    "御社が本日公表した件数は5,000件ですが、問い合わせ窓口には既に多数の会員から不審なメールが届いたとの"
    "連絡が寄せられていると聞いています。漏えいの範囲は本当に会員ページの閲覧だけに限られるのですか。"
    "アクセスログはいつからいつまで保存されていて、第三者による閲覧の有無をどの方法で確認したのか、"
    "調査の結果をいつ公表するのかも含めて、具体的にお答えください。また、会員の皆様への個別の連絡は"
    "いつまでに終える予定ですか。"
)
ANSWER = (
    "アクセスログは半年分を保全しており、外部の専門機関が解析しています。現時点で確認できた閲覧は"
    "5,000件です。12月10日に調査結果を当社ウェブサイトで公表します。"
)


# The narrowest sizes in both languages (English words are longer), the others in one.
SIZES = [
    ("phone", "ja"),
    ("phone", "en"),
    ("tablet", "en"),
    ("projector", "ja"),
    ("fullhd", "en"),
]


@pytest.mark.parametrize(("size", "lang"), SIZES)
def test_every_page_fits_the_width_of_the_device(site, browser, size, lang):  # noqa: F811
    mobile = {"is_mobile": True, "has_touch": True} if size == "phone" else {}
    contexts = site.contexts(browser, lang, viewport=VIEWPORTS[size], **mobile)
    wide = {}
    for name, page in site.tour(contexts, lang):
        found = page.evaluate(OVERFLOW, VIEWPORTS[size]["width"])
        if found:
            wide[name] = found
    for context in contexts.values():
        context.close()
    assert wide == {}, wide


def test_a_long_live_question_fits_the_projector_without_scrolling(site, browser):  # noqa: F811
    assert len(QUESTION) >= 200
    staff = site.contexts(browser, "ja", viewport={"width": 1280, "height": 720})
    console = staff["staff"].new_page()
    site.visit(console, site.console.removeprefix(site.url), True, "ja")
    phone = staff["reporter"].new_page()
    site.visit(phone, site.reporter_page.removeprefix(site.url), True, "ja")
    phone.fill("[data-ask] textarea", QUESTION)
    phone.locator("[data-ask] button[type=submit]").click()
    console.locator("[data-queue] li", has_text=QUESTION[:30]).locator("[data-action=live]").click()
    team = staff["staff"].new_page()
    site.visit(team, site.team_console.removeprefix(site.url), True, "ja")
    team.select_option("[data-speaker-select]", index=1)
    team.fill("[data-answer] textarea", ANSWER)
    team.locator("[data-answer] button[type=submit]").click()

    for width, height in ((1280, 720), (1920, 1080)):
        screen = staff["staff"].new_page()
        screen.set_viewport_size({"width": width, "height": height})
        screen.goto(f"{site.url}/screen/w/{site.workshop}")
        expect(screen.locator("[data-connection]")).to_have_text(CONNECTED["ja"])
        text = screen.locator("[data-live] .text")
        expect(text).to_have_text(QUESTION)
        expect(screen.locator("[data-live] .summary")).to_have_text(ANSWER)
        sizes = screen.evaluate(
            """() => ({page: document.documentElement.scrollHeight,
                      wide: document.documentElement.scrollWidth,
                      bottom: document.querySelector("[data-live] .summary").getBoundingClientRect().bottom,
                      clock: document.querySelector("[data-clock-time]").getBoundingClientRect().bottom,
                      font: parseFloat(getComputedStyle(document.querySelector("[data-live] .text")).fontSize)})"""
        )
        ARTIFACTS.mkdir(exist_ok=True)
        screen.screenshot(path=str(ARTIFACTS / f"layout-screen-{width}.png"))
        # the question, its answer and the clock are all on screen, no scroll either way
        assert sizes["page"] <= height, (width, sizes)
        assert sizes["wide"] <= width, (width, sizes)
        assert sizes["bottom"] <= height and sizes["clock"] <= height, (width, sizes)
        # large enough to read from the back row: at least 24 px at 1280, more when wider
        assert sizes["font"] >= 24 * width / 1280, (width, sizes)
        screen.close()
    for context in staff.values():
        context.close()

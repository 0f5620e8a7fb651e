"""axe-core in Chromium on every page, in Japanese and in English: no serious or critical
violation. Plus the parts axe cannot see: live regions on the phone, keyboard moderation."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from simulator.extensions import db
from simulator.services import workflow, workshops

from .tour import CONNECTED, site  # noqa: F401  (the module's demo server)

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
# WCAG 2.0/2.1 A and AA, plus axe's best practices (landmarks, headings, regions).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page):
    """axe's serious and critical violations on the page, as readable lines."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.failureSummary)}))",
        TAGS,
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_page_has_no_serious_axe_violation(site, browser, lang):  # noqa: F811
    contexts = site.contexts(browser, lang, viewport={"width": 1280, "height": 720})
    found = {}
    for name, page in site.tour(contexts, lang):
        expect(page.locator("html")).to_have_attribute("lang", lang)
        problems = axe_violations(page)
        if problems:
            found[name] = problems
    for context in contexts.values():
        context.close()
    assert found == {}, found


def test_a_conference_runs_from_the_keyboard_and_phones_hear_the_changes(site, browser):  # noqa: F811
    contexts = site.contexts(browser, "en", viewport={"width": 1280, "height": 720})
    console = contexts["staff"].new_page()
    site.visit(console, site.console.removeprefix(site.url), True, "en")
    expect(console.locator("[data-shortcuts]")).to_contain_text("put the next question live")
    phone = contexts["reporter"].new_page()
    phone.set_viewport_size({"width": 360, "height": 640})
    site.visit(phone, site.reporter_page.removeprefix(site.url), True, "en")
    announce = phone.locator("[data-announce]")
    expect(announce).to_have_attribute("aria-live", "polite")
    team = contexts["staff"].new_page()
    site.visit(team, site.team_console.removeprefix(site.url), True, "en")

    console.keyboard.press("t")
    expect(console.locator("[data-clock-state]")).to_have_text("In progress")
    first, second = "When did you first learn of it?", "Who is leading the investigation?"
    for text in (first, second):
        phone.fill("[data-ask] textarea", text)
        phone.locator("[data-ask] button[type=submit]").click()
        expect(console.locator("[data-queue] li", has_text=text)).to_be_visible()

    # a key typed into a field is text, not a command
    console.locator("#plan-minutes").press("n")
    expect(console.locator("[data-live]")).to_contain_text("No question is live.")
    console.evaluate("document.activeElement.blur()")
    console.keyboard.press("n")
    expect(console.locator("[data-live] .text")).to_have_text(first)
    expect(announce).to_have_text(f"Live now: {first} / Your question: Live now")
    team.select_option("[data-speaker-select]", index=0)
    team.fill("[data-answer] textarea", "On the 28th, from an anonymous tip.")
    team.locator("[data-answer] button[type=submit]").click()
    expect(announce).to_have_text("Answer: On the 28th, from an anonymous tip.")
    expect(console.locator("[data-score]")).to_be_visible()
    screen = contexts["staff"].new_page()
    site.visit(screen, f"/screen/w/{site.workshop}", True, "en")
    expect(screen.locator("[data-live] .summary")).to_be_visible()
    problems = {
        name: axe_violations(p)
        for name, p in (("console", console), ("phone", phone), ("screen", screen))
    }
    console.keyboard.press("c")
    expect(console.locator("[data-answered] li", has_text=first)).to_be_visible()
    expect(announce).to_have_text("Your question: Answered")

    console.keyboard.press("n")
    expect(console.locator("[data-live] .text")).to_have_text(second)
    console.keyboard.press("s")
    expect(console.locator("[data-queue] li", has_text=second)).to_contain_text("Skipped")
    console.keyboard.press("t")
    expect(console.locator("[data-clock-state]")).to_have_text("Paused")
    for context in contexts.values():
        context.close()
    assert problems == {"console": [], "phone": [], "screen": []}, problems


def test_a_workshop_with_no_teams_says_what_to_do(app, make_http):
    """An imported or emptied workshop has no team: the console says so and links to set-up."""
    with app.app_context():
        instructor = workshops.get_or_create_instructor()
        workshop = workflow.create(instructor, "Empty", "Org", (), "en")
        db.session.commit()
        ws = {"instructor_id": instructor.id}
        url = f"/instructor/w/{workshop.id}"
    page = make_http("instructor", ws).get(url, headers={"Accept-Language": "en"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "No team yet." in html
    assert f'href="{url}/setup">Add the teams in Set-up</a>' in html

"""Every page of Kaiken, reached the way its users reach it, for the accessibility, layout,
offline and screenshot checks. One demo server per test module; the signed-in browsers'
cookies are kept so that each page can be opened again at any size and in either language."""

import re

import pytest
from playwright.sync_api import expect

from ..server import KaikenServer

VIEWPORTS = {
    "phone": {"width": 360, "height": 640},
    "tablet": {"width": 768, "height": 1024},
    "projector": {"width": 1280, "height": 720},
    "fullhd": {"width": 1920, "height": 1080},
}
LOCALES = {"ja": "ja-JP", "en": "en-US"}
# A page that keeps a live connection shows this once its snapshot arrived.
CONNECTED = {"ja": "接続済み", "en": "Connected"}


class Site:
    """The demo server with a signed-in instructor, team A, the shared screen and a reporter."""

    def __init__(self, server, browser):
        self.server = server
        self.url = server.url
        self.states = {"anonymous": None}
        self.pages = []
        self._sign_in(browser)

    def _context(self, browser, role="anonymous", **options):
        return browser.new_context(storage_state=self.states[role], **options)

    def _sign_in(self, browser):
        links = self.server.links
        context = self._context(browser)
        page = context.new_page()
        page.goto(links["instructor"])
        page.goto(links["screen"])
        page.goto(links["teams"][0])
        self.team_console = page.url
        self.workshop = re.search(r"/team/w/(\d+)", page.url).group(1)
        page.goto(f"{self.url}/instructor/w/{self.workshop}")
        self.console = page.url
        record = page.locator("a[href*='/record/']").first.get_attribute("href")
        review = page.locator("[data-review-link]").first.get_attribute("href")
        fact_sheet = page.locator("a[href*='/t/0/doc/fact_sheet']").first.get_attribute("href")
        team_doc = page.locator("a[href*='/doc/report/view']").first.get_attribute("href")
        # a second workshop, just created: no conference open, nobody joined yet
        page.goto(f"{self.url}/instructor/")
        page.fill("#nw-title", "新しい演習")
        page.fill("#nw-org", "株式会社テスト")
        page.locator("[data-new-workshop] button[type=submit]").click()
        self.fresh = re.search(r"/instructor/w/(\d+)", page.url).group(1)
        page.goto(f"{self.url}/instructor/w/{self.fresh}")
        page.goto(self.url + page.locator("a[href^='/screen/']").first.get_attribute("href"))
        page.goto(f"{self.console}/ask")  # the instructor joins the audience too
        page.locator("form.stack button[type=submit]").click()
        expect(page.locator("[data-me]")).to_be_visible()
        self.states["staff"] = context.storage_state()
        context.close()

        reporter = self._context(browser, viewport=VIEWPORTS["phone"])
        phone = reporter.new_page()
        phone.goto(links["join"])
        self.join = phone.url
        phone.fill("#name", "記者1")
        phone.check("input[name=outlet][value=tv]")
        phone.locator("form.stack button[type=submit]").click()
        expect(phone.locator("[data-me]")).to_contain_text("記者1")
        self.reporter_page = phone.url
        self.states["reporter"] = reporter.storage_state()
        reporter.close()

        w = f"/instructor/w/{self.workshop}"
        t = f"/team/w/{self.workshop}"
        # (name, who opens it, path, a live page that connects to the conference)
        self.pages = [
            ("home", "anonymous", "/", False),
            ("login", "anonymous", "/instructor/login", False),
            ("not-found", "anonymous", "/no-such-page", False),
            ("guide", "anonymous", "/guide", False),
            ("join", "anonymous", self.join.removeprefix(self.url), False),
            ("reporter", "reporter", self.reporter_page.removeprefix(self.url), True),
            ("screen", "staff", f"/screen/w/{self.workshop}", True),
            ("dashboard", "staff", "/instructor/", False),
            ("console", "staff", w, True),
            ("setup", "staff", f"{w}/setup", False),
            ("rubric", "staff", f"{w}/rubric", False),
            ("second", "staff", f"{w}/second", False),
            ("own-questions", "staff", f"{w}/questions", False),
            ("record", "staff", record, False),
            ("fact-sheet", "staff", fact_sheet, False),
            ("team-document", "staff", team_doc, False),
            ("instructor-reporter", "staff", f"{w}/ask", False),
            ("scenarios", "staff", "/instructor/scenarios", False),
            ("import", "staff", "/instructor/import", False),
            ("review", "staff", review, False),
            ("wrapup", "staff", f"/review/w/{self.workshop}/wrapup", False),
            ("new-console", "staff", f"/instructor/w/{self.fresh}", False),
            ("new-screen", "staff", f"/screen/w/{self.fresh}", True),
            ("new-setup", "staff", f"/instructor/w/{self.fresh}/setup", False),
            ("team", "staff", t, True),
            ("documents", "staff", f"{t}/documents", False),
            ("report-edit", "staff", f"{t}/doc/report?n=1", False),
            ("report-view", "staff", f"{t}/doc/report/view?n=1", False),
            ("report-compare", "staff", f"{t}/doc/report/compare?a=1&b=1&n=1", False),
            ("agenda-edit", "staff", f"{t}/doc/agenda?n=1", False),
            ("policy", "staff", f"{t}/doc/policy", False),
        ]

    def contexts(self, browser, lang, **options):
        """One browser context per role, in one language, with the given viewport."""
        made = {}
        for role in self.states:
            made[role] = self._context(browser, role, locale=LOCALES[lang], **options)
            made[role].set_extra_http_headers({"Accept-Language": lang})
        return made

    def tour(self, contexts, lang, only=None):
        """Open each page in turn, one tab per role; yields (name, page) once it is ready."""
        tabs = {}
        for name, role, path, live in self.pages:
            if only is not None and name not in only:
                continue
            if role not in tabs:
                tabs[role] = contexts[role].new_page()
            self.visit(tabs[role], path, live, lang)
            yield name, tabs[role]

    def visit(self, page, path, live, lang):
        """Open a page and wait until a live one has its snapshot."""
        response = page.goto(self.url + path)
        if live:
            expect(page.locator("[data-connection]").first).to_have_text(CONNECTED[lang])
            # the snapshot has been drawn: the live question, or the line saying there is none
            expect(page.locator("[data-live] > *").first).to_be_visible()
            expect(page.locator("[data-live] [data-loading]")).to_have_count(0)
        return response


def start_site(tmp_path_factory, browser):
    server = KaikenServer(tmp_path_factory.mktemp("site"))
    server.setup_demo()
    server.start()
    return server, Site(server, browser)


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    server, made = start_site(tmp_path_factory, browser)
    yield made
    server.stop()

"""Chromium from Debian driven by Playwright, against a real Kaiken server."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("KAIKEN_REQUIRE_BROWSER") == "1":
            pytest.fail("KAIKEN_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser):
    """Opens a page in its own browser context (own cookies), phone-sized when asked."""
    contexts, pages = [], []

    def build(name, locale, phone=False):
        options = {"locale": locale}
        if phone:
            options.update(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        else:
            options.update(viewport={"width": 1280, "height": 800})
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on(
            "console",
            lambda msg: page.errors.append(msg.text) if msg.type == "error" else None,
        )
        page.name = name
        pages.append(page)
        return page

    yield build
    ARTIFACTS.mkdir(exist_ok=True)
    for page in pages:
        try:
            page.screenshot(path=str(ARTIFACTS / f"{page.name}.png"), full_page=True)
        except Exception:  # a screenshot is a help for people, never a test result
            pass
    for context in contexts:
        context.close()

"""No request leaves the server: every page opens with every other host blocked, and none was
even attempted (scripts, styles, fonts, images, sockets). The room's network is closed."""

from urllib.parse import urlsplit

import pytest

from .tour import site  # noqa: F401  (the module's demo server)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_page_asks_another_host_for_anything(site, browser, lang):  # noqa: F811
    home = urlsplit(site.url).netloc
    contexts = site.contexts(browser, lang, viewport={"width": 1280, "height": 720})
    outside, local, sockets = [], [], []

    def guard(route):
        if urlsplit(route.request.url).netloc == home:
            local.append(route.request.url)
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("blockedbyclient")

    for context in contexts.values():
        context.route("**/*", guard)
    for context in contexts.values():
        context.on("page", lambda page: page.on("websocket", lambda ws: sockets.append(ws.url)))
    only = None if lang == "ja" else ("home", "guide", "reporter", "screen")
    for name, page in site.tour(contexts, lang, only):
        # the page's own styles applied, so requests went through the guard at all
        assert page.evaluate("getComputedStyle(document.body).margin") == "0px", name
    for context in contexts.values():
        context.close()
    assert outside == []
    assert any("/static/" in url for url in local)
    assert any("/guide/img/" in url for url in local), "the guide's pictures come from Kaiken"
    assert sockets and all(urlsplit(url).netloc == home for url in sockets), sockets

"""Static files: content-hashed addresses cached for a year, pages and files sent compressed,
and a phone's first load within its budget (60 KB compressed, 10 requests)."""

import gzip
import posixpath
import re
import shutil
from pathlib import Path

import brotli

from simulator import assets
from simulator.config import ROOT

ASSET = re.compile(r'(?:src|href)="(/static/[^"]+)"')
IMPORT = re.compile(r'from\s*"(\.[^"]+\.js)"')
BROWSER = {"Accept-Encoding": "gzip, deflate, br", "Accept-Language": "en"}


def first_load(http, path):
    """Every request a first visit to `path` makes, as (url, response, decoded body)."""
    todo, seen, loaded = [path], set(), []
    while todo:
        url = todo.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = http.get(url, headers=BROWSER)
        raw = response.get_data()
        encoding = response.headers.get("Content-Encoding")
        body = {"br": brotli.decompress, "gzip": gzip.decompress}.get(encoding, bytes)(raw)
        loaded.append((url, response, body))
        text = body.decode()
        found = ASSET.findall(text) if url == path else []
        if url.endswith(".js"):
            found += [
                posixpath.normpath(posixpath.join(posixpath.dirname(url), i))
                for i in IMPORT.findall(text)
            ]
        todo += found
    return loaded


def test_a_phones_first_load_is_small_compressed_and_cached_for_good(make_workshop, make_http):
    ws = make_workshop()
    loaded = first_load(make_http("reporter", ws), f"/r/{ws['id']}")
    sent = sum(len(r.get_data()) for _, r, _ in loaded)
    assert len(loaded) <= 10 and sent <= 60 * 1024, (len(loaded), sent)
    digest = assets.fingerprint(ROOT / "static")
    files = loaded[1:]
    assert {u.split("/")[2] for u, _, _ in files} == {digest}
    for url, response, body in files:
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        on_disk = (ROOT / "static" / url.split("/", 3)[3]).read_bytes()
        assert body == on_disk, url
    big = [(u, r) for u, r, body in loaded if len(body) > 2048]
    assert big and all(r.headers.get("Content-Encoding") == "br" for _, r in big)
    assert all("Accept-Encoding" in r.headers["Vary"] for _, r in big)


def test_files_are_gzipped_for_clients_without_brotli(make_workshop, make_http):
    ws = make_workshop()
    http = make_http("screen", ws)
    page = http.get(f"/screen/w/{ws['id']}", headers={"Accept-Encoding": "gzip"})
    found = ASSET.findall(gzip.decompress(page.get_data()).decode())
    url = next(u for u in found if u.endswith("kaiken.css"))
    response = http.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert (
        gzip.decompress(response.get_data())
        == (ROOT / "static" / url.split("/", 3)[3]).read_bytes()
    )
    plain = http.get(url)  # no Accept-Encoding: sent as it is
    assert "Content-Encoding" not in plain.headers
    assert plain.get_data() == (ROOT / "static" / url.split("/", 3)[3]).read_bytes()


def test_an_old_or_missing_hash_still_gets_todays_file_uncached(client):
    css = (ROOT / "static" / "css" / "kaiken.css").read_bytes()
    for url in ("/static/css/kaiken.css", "/static/0123456789ab/css/kaiken.css"):
        response = client.get(url)
        assert response.status_code == 200 and response.get_data() == css, url
        assert response.headers["Cache-Control"] == "no-cache"
    assert client.get("/static/0123456789ab/css/missing.css").status_code == 404


def test_changing_any_static_file_changes_every_address(tmp_path):
    folder = tmp_path / "static"
    shutil.copytree(ROOT / "static", folder)
    before = assets.fingerprint(folder)
    assert assets.fingerprint(folder) == before
    script = Path(folder / "js" / "events.js")
    script.write_text(script.read_text() + "\n// a change\n")
    assert assets.fingerprint(folder) != before

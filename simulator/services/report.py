"""The workshop report for management: the wrap-up as Markdown, or as one self-contained HTML
file laid out for A4 with its charts drawn in SVG."""

import base64
import hashlib
from pathlib import Path

from flask import render_template
from flask_babel import force_locale

from . import wrapup

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "report.css"


def context(workshop):
    found = wrapup.summary_context(workshop)  # the wrap-up page shows the same
    found["headline_sets"] = wrapup.headlines_of(found["summaries"])
    found["cell"] = cell
    found["quote"] = quote
    return found


def cell(text):
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text or "").split()).replace("|", "\\|")


def quote(text):
    """Text as a Markdown block quote, every line of it."""
    return "\n".join("> " + line for line in str(text or "").splitlines() or [""])


def render_markdown(workshop, lang="ja"):
    with force_locale(lang):
        return render_template("review/report.md", lang=lang, **context(workshop))


def style():
    return CSS.read_text(encoding="utf-8")


def render_html(workshop, lang="ja"):
    """One HTML file that opens and prints with no server and no network."""
    with force_locale(lang):
        return render_template("review/report.html", lang=lang, css=style(), **context(workshop))


def csp():
    """The Content-Security-Policy for the served report: its one embedded style, nothing else."""
    digest = base64.b64encode(hashlib.sha256(style().encode("utf-8")).digest()).decode()
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'self' data:; "
        "base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
    )

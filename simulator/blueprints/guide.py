"""The instructor's guide (docs/guide.<lang>.md), served by Kaiken itself for the closed room."""

from pathlib import Path

import markdown
from flask import (
    Blueprint,
    abort,
    current_app,
    has_request_context,
    render_template,
    request,
    send_from_directory,
)
from flask_babel import get_locale
from markupsafe import Markup

bp = Blueprint("guide", __name__, url_prefix="/guide")

# The guide section that fits each screen, by endpoint (the same anchors in both languages).
SECTIONS = {
    "main.index": "reporters",
    "main.join": "reporters",
    "main.join_by_code": "reporters",
    "reporter.page": "reporters",
    "instructor.ask_as_reporter": "reporters",
    "screen.page": "screen",
    "instructor.login": "start",
    "instructor.dashboard": "prepare",
    "setup.setup": "setup",
    "setup.rubric_page": "rubric",
    "setup.second_incident": "incident-2",
    "instructor.console": "conference",
    "instructor.record": "record",
    "questions.own": "own-questions",
    "custom.scenarios": "own-scenarios",
    "exports.import_workshop": "exports",
    "team.console": "team-console",
    "team.documents_hub": "documents",
    "review.team_review": "review",
    "review.wrapup_page": "wrapup",
}


def _docs():
    return Path(current_app.config["KAIKEN_CONTENT_ROOT"]) / "docs"


def section_for(endpoint):
    """The anchor of the guide section for a page; documents share one, errors go to help."""
    if endpoint in SECTIONS:
        return SECTIONS[endpoint]
    if endpoint and endpoint.split(".")[-1].startswith("doc_"):
        return "documents"
    return "trouble" if endpoint is None else "top"


@bp.app_context_processor
def guide_link():
    if not has_request_context() or request.blueprint == "guide":
        return {"guide_section": None}
    return {"guide_section": section_for(request.endpoint)}


@bp.get("/")
def page():
    lang = "en" if str(get_locale()) == "en" else "ja"
    source = _docs() / f"guide.{lang}.md"
    if not source.is_file():
        abort(404)
    md = markdown.Markdown(extensions=["tables", "attr_list", "toc"])
    body = md.convert(source.read_text(encoding="utf-8"))
    return render_template("guide/page.html", body=Markup(body))


@bp.get("/img/<path:name>")
def image(name):
    if not name.endswith(".png"):
        abort(404)
    return send_from_directory(_docs() / "img", name)

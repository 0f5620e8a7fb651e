"""The instructor's own questions: written in a form, kept in the workshop, drawn for reporters
like the bank's, and exported per theme as YAML files that drop into `question_bank/`."""

import yaml
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..content import ContentError
from ..content import bank as bank_files
from ..content.checks import LANGUAGES
from ..domain.conference import OUTLETS
from ..extensions import db
from ..messages import message
from ..models import WorkshopQuestion
from ..services import content, drawing
from .instructor import instructor_required, own_workshop

bp = Blueprint("questions", __name__, url_prefix="/instructor/w/<int:workshop_id>/questions")

LOCALISED = ("text", "good_answer", "pitfalls")


def from_form(form):
    """The bank entry a form describes; a language left empty takes the other's text."""
    data = {}
    for name in LOCALISED:
        texts = {lang: (form.get(f"{name}.{lang}") or "").strip() for lang in LANGUAGES}
        either = texts["ja"] or texts["en"]
        data[name] = {lang: texts[lang] or either for lang in LANGUAGES}
    data["incidents"] = form.getlist("incidents") or ["any"]
    data["factors"] = form.getlist("factors")
    data["outlets"] = form.getlist("outlets") or ["any"]
    data["when"], data["gaps"] = {}, []
    try:
        data["difficulty"] = int(form.get("difficulty") or 2)
    except ValueError:
        data["difficulty"] = 0  # refused by the schema with its message
    follow = (form.get("follow_ups") or "").replace(",", " ").split()
    data["follow_ups"] = follow
    return form.get("theme"), data


def _next_id(workshop, theme):
    taken = set(
        db.session.scalars(
            select(WorkshopQuestion.question_id).where(WorkshopQuestion.workshop_id == workshop.id)
        )
    )
    n = 1
    while f"{theme}_w{workshop.id}_{n:03d}" in taken:
        n += 1
    return f"{theme}_w{workshop.id}_{n:03d}"


def save(workshop, theme, data):
    """Check the question as the bank would, then keep it; ContentError lists what is wrong."""
    ident = _next_id(workshop, theme) if theme in bank_files.THEMES else "draft"
    parsed = drawing.parse_own({"theme": theme, "id": ident, **data}, workshop)
    known = drawing.questions(workshop)
    missing = [f for f in parsed.follow_ups if f not in known]
    if missing:
        problems = [bank_files.unknown_follow_up("question", parsed.id, f) for f in missing]
        raise ContentError(problems)
    row = WorkshopQuestion(
        workshop_id=workshop.id,
        question_id=parsed.id,
        theme=theme,
        data={"id": parsed.id, **data},
    )
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:  # two instructors' tabs saving at once: try the next number
        db.session.rollback()
        return save(workshop, theme, data)
    return row


@bp.route("", methods=["GET", "POST"])
@instructor_required
def own(workshop_id):
    workshop = own_workshop(workshop_id)
    problems, status, form = [], 200, request.form
    if request.method == "POST":
        theme, data = from_form(request.form)
        try:
            row = save(workshop, theme, data)
        except ContentError as error:
            db.session.rollback()
            problems = [
                f"{p.field}: {p.text(gettext)}" if p.field else p.text(gettext)
                for p in error.problems
            ]
            status = 400
        else:
            db.session.commit()
            return redirect(url_for(".own", workshop_id=workshop.id, saved=row.question_id))
    rows = drawing.own_rows(workshop)
    return render_template(
        "instructor/questions.html",
        workshop=workshop,
        rows=rows,
        themes=sorted({r.theme for r in rows}, key=bank_files.THEMES.index),
        all_themes=bank_files.THEMES,
        incidents=content.incidents(workshop.instructor_id),
        factors=content.factors(workshop.instructor_id),
        outlets=OUTLETS,
        placeholders=", ".join(f"{{{name}}}" for name in bank_files.PLACEHOLDERS),
        form=form,
        problems=problems,
        error=message("bad_question", problems=len(problems)) if problems else None,
        saved=request.args.get("saved"),
    ), status


@bp.get("/<theme>.yaml")
@instructor_required
def export(workshop_id, theme):
    """The workshop's questions of one theme, as a file that drops into question_bank/."""
    workshop = own_workshop(workshop_id)
    rows = [r for r in drawing.own_rows(workshop) if r.theme == theme]
    if not rows:
        abort(404)
    document = {"kind": "questions", "theme": theme, "questions": [_entry(r.data) for r in rows]}
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    name = f"{theme}-workshop{workshop.id}.yaml"
    return Response(
        body,
        mimetype="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


ORDER = ("id", "text", "incidents", "when", "gaps", "factors", "outlets", "difficulty")


def _entry(data):
    keys = (*ORDER, "good_answer", "pitfalls", "follow_ups")
    return {key: data[key] for key in keys if key in data}

"""An instructor's own incidents and factors: written in the UI in the scenario files' schema,
kept with the instructor, offered in their workshops, and exported as YAML for `scenarios/`."""

import yaml
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy.exc import IntegrityError

from ..content import ContentError, Problem
from ..content.checks import N_
from ..extensions import db
from ..identity import signed_in_instructor
from ..messages import message
from ..models import CustomScenario
from ..services import content
from .instructor import instructor_required

bp = Blueprint("custom", __name__, url_prefix="/instructor/scenarios")

TEMPLATES = {
    "incident": """kind: incident
id: my_incident
title:
  ja: "（事案の名前）"
  en: "(name of the incident)"
what_happened:
  ja: "（何が起きたか）"
  en: "(what happened)"
source:
  ja: "（情報元）"
  en: "(who told us)"
received_by:
  ja: "（受付部門）"
  en: "(department that took the call)"
facts:
  personal_data: true
parameters:
  - id: records
    label:
      ja: "影響を受けた件数"
      en: "Records affected"
    type: count
    values: [50, 500, 5000]
    default: 500
""",
    "factor": """kind: factor
id: my_factor
title:
  ja: "（付加要因の名前）"
  en: "(name of the factor)"
description:
  ja: "（何が変わったか）"
  en: "(what has changed)"
breaking_news:
  ja: "【速報】（見出し）"
  en: "BREAKING: (headline)"
effects:
  - type: multiply_count
    parameter: any
    by: 3
requirements:
  - ja: "（チームがしなければならないこと）"
    en: "(what the team must now do)"
""",
}


@bp.route("", methods=["GET", "POST"])
@instructor_required
def scenarios():
    instructor = signed_in_instructor()
    kind = request.values.get("kind", "incident")
    if kind not in TEMPLATES:
        abort(404)
    text, errors, status = TEMPLATES[kind], [], 200
    if request.method == "POST":
        text = request.form.get("yaml", "")
        try:
            saved = _save(instructor.id, kind, text)
        except ContentError as error:
            db.session.rollback()
            errors, status = [f"{p.where()}: {p.text(gettext)}" for p in error.problems], 400
        else:
            db.session.commit()
            return redirect(url_for(".scenarios", kind=kind, saved=saved.scenario_id))
    return render_template(
        "instructor/scenarios.html",
        kind=kind,
        text=text,
        problems=errors,
        error=message("bad_scenario", problems=len(errors)) if errors else None,
        saved=request.args.get("saved"),
        rows={k: content.custom_rows(instructor.id, k) for k in TEMPLATES},
        shipped=content.shipped(),
    ), status


def _save(instructor_id, kind, text):
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ContentError(
            [_problem(N_("cannot be read as YAML: %(error)s"), error=str(error))]
        ) from None
    parsed = content.parse_custom(kind, data, "YAML")
    if parsed.id in getattr(content.shipped(), f"{kind}s"):
        raise ContentError(
            [_problem(N_("%(id)r is already used by a shipped %(kind)s"), id=parsed.id, kind=kind)]
        )
    row = CustomScenario(instructor_id=instructor_id, kind=kind, scenario_id=parsed.id, data=data)
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        raise ContentError(
            [_problem(N_("you already have a %(kind)s %(id)r"), id=parsed.id, kind=kind)]
        ) from None
    return row


def _problem(message, **params):
    return Problem("YAML", "", "id" if "id" in params else "", message, tuple(params.items()))


@bp.get("/<int:row_id>.yaml")
@instructor_required
def export(row_id):
    """The scenario as a file that drops into scenarios/incidents/ or scenarios/factors/."""
    row = db.session.get(CustomScenario, row_id)
    if row is None or row.instructor_id != signed_in_instructor().id:
        abort(404)
    body = yaml.safe_dump(row.data, allow_unicode=True, sort_keys=False)
    return Response(
        body,
        mimetype="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{row.scenario_id}.yaml"'},
    )

"""The instructor runs the workshop: creates and sets it up, moves it through its phases,
sets each team's second incident, and reads or edits every document."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import labels
from ..content.scenarios import localise
from ..domain import DomainError, rubric
from ..domain import documents as rules
from ..domain.conference import clean_text
from ..extensions import db, socketio
from ..identity import signed_in_instructor
from ..messages import message
from ..models import Team
from ..realtime import events
from ..realtime.rooms import workshop_room
from ..services import content, workflow
from . import docpages
from .instructor import instructor_required, own_workshop

bp = Blueprint("setup", __name__, url_prefix="/instructor")


def tell_everyone(workshop):
    """Every open page of the workshop reloads: the phase or the conference on screen changed."""
    socketio.emit(events.RELOAD, {"page": True}, to=workshop_room(workshop.id))


@bp.post("/new")
@instructor_required
def new_workshop():
    instructor = signed_in_instructor()
    names = [n.strip() for n in (request.form.get("teams") or "").splitlines() if n.strip()]
    limits = workflow.SETUP_LIMITS
    try:
        title = clean_text(request.form.get("title"), limits["title"], "title")
        org_name = (request.form.get("org_name") or "").strip()
        if org_name:
            org_name = clean_text(org_name, limits["org_name"], "org_name")
        if len(names) > workflow.MAX_TEAMS:
            raise DomainError("too_many_teams", limit=workflow.MAX_TEAMS)
        names = [clean_text(name, limits["team"], "team") for name in names]
        workshop = workflow.create(
            instructor,
            title,
            org_name,
            names or [_("Team A"), _("Team B"), _("Team C")],
            docpages.lang(),
        )
    except DomainError as refused:
        db.session.rollback()
        params = {k: str(v) for k, v in refused.params.items()}
        return redirect(url_for("instructor.dashboard", error=refused.code, **params))
    db.session.commit()
    return redirect(url_for(".setup", workshop_id=workshop.id))


@bp.route("/w/<int:workshop_id>/setup", methods=["GET", "POST"])
@instructor_required
def setup(workshop_id):
    """Title, date, organisation, offered incidents, teams and who plays which stakeholder."""
    workshop = own_workshop(workshop_id)
    error, status, form = None, 200, None
    if request.method == "POST":
        form = request.form
        try:
            workflow.update_setup(workshop, request.form)
            workflow.update_teams(workshop, request.form)
        except DomainError as refused:
            db.session.rollback()
            error, status = message(refused.code, **refused.params), 400
        else:
            db.session.commit()
            return redirect(url_for(".setup", workshop_id=workshop.id, saved=1))
    return render_template(
        "instructor/setup.html",
        workshop=workshop,
        incidents=content.incidents(workshop.instructor_id),
        members_text=workflow.members_text,
        localise=localise,
        lang=docpages.lang(),
        form=form,
        error=error,
        saved=request.args.get("saved"),
    ), status


@bp.post("/w/<int:workshop_id>/phase")
@instructor_required
def move_phase(workshop_id):
    workshop = own_workshop(workshop_id)
    try:
        workflow.move(workshop, request.form.get("phase", ""))
    except DomainError as refused:
        db.session.rollback()
        return redirect(
            url_for(
                "instructor.console",
                workshop_id=workshop.id,
                refused=refused.code,
                **{k: str(v) for k, v in refused.params.items()},
            )
        )
    db.session.commit()
    tell_everyone(workshop)
    return redirect(url_for("instructor.console", workshop_id=workshop.id))


@bp.route("/w/<int:workshop_id>/second", methods=["GET", "POST"])
@instructor_required
def second_incident(workshop_id):
    """Choose incident 2, its parameters and its aggravating factors for some teams or all."""
    workshop = own_workshop(workshop_id)
    incidents = content.incidents(workshop.instructor_id)
    incident_id = request.values.get("incident") or next(iter(incidents))
    if incident_id not in incidents:
        abort(404)
    error, status = None, 200
    if request.method == "POST":
        chosen = {int(t) for t in request.form.getlist("team") if t.isdigit()}
        teams = [t for t in workshop.teams if t.id in chosen]
        try:
            workflow.assign_second(
                workshop, teams, incident_id, request.form, request.form.getlist("factor")
            )
        except DomainError as refused:
            db.session.rollback()
            error, status = message(refused.code, **refused.params), 400
        else:
            db.session.commit()
            return redirect(url_for("instructor.console", workshop_id=workshop.id))
    return render_template(
        "instructor/second.html",
        workshop=workshop,
        incidents=incidents,
        incident=incidents[incident_id],
        factors=content.factors(workshop.instructor_id),
        assigned={t.id: workflow.team_incident(t, 2) for t in workshop.teams},
        localise=localise,
        lang=docpages.lang(),
        error=error,
    ), status


def _page(workshop_id, team_id, kind_id):
    workshop = own_workshop(workshop_id)
    if kind_id not in rules.KINDS:
        abort(404)
    kind = rules.KINDS[kind_id]
    team = db.session.get(Team, team_id) if team_id else None
    if (kind.scope == "workshop") != (team is None) or (team and team.workshop_id != workshop.id):
        abort(404)
    return docpages.Page(
        workshop=workshop,
        team=team,
        kind=kind,
        number=docpages.parse_number(kind),
        endpoint="setup.doc",
        default_author=signed_in_instructor().name,
        back=url_for("instructor.console", workshop_id=workshop.id),
    )


@bp.route("/w/<int:workshop_id>/t/<int:team_id>/doc/<kind>", methods=["GET", "POST"])
@instructor_required
def doc_edit(workshop_id, team_id, kind):
    return docpages.edit(_page(workshop_id, team_id, kind))


@bp.get("/w/<int:workshop_id>/t/<int:team_id>/doc/<kind>/compare")
@instructor_required
def doc_compare(workshop_id, team_id, kind):
    return docpages.compare(_page(workshop_id, team_id, kind))


@bp.post("/w/<int:workshop_id>/t/<int:team_id>/doc/<kind>/restore")
@instructor_required
def doc_restore(workshop_id, team_id, kind):
    return docpages.restore(_page(workshop_id, team_id, kind))


@bp.get("/w/<int:workshop_id>/t/<int:team_id>/doc/<kind>/view")
@instructor_required
def doc_view(workshop_id, team_id, kind):
    return docpages.view(_page(workshop_id, team_id, kind))


def _rubric_rows(form):
    """The rubric page's inputs as rows for domain.rubric.clean."""
    rows = [
        {"id": cid, "on": form.get(f"on.{cid}") == "yes", "weight": _weight(form, f"weight.{cid}")}
        for cid in rubric.SHIPPED
    ]
    for n in range(1, rubric.MAX_OWN + 1):
        rows.append(
            {
                "id": form.get(f"own.{n}.id", ""),
                "name": form.get(f"own.{n}.name", ""),
                "on": form.get(f"own.{n}.on") == "yes",
                "weight": _weight(form, f"own.{n}.weight"),
                "levels": [form.get(f"own.{n}.level.{k}", "") for k in rubric.LEVELS],
            }
        )
    return rows


def _weight(form, key):
    raw = form.get(key, "1")
    return int(raw) if raw in ("1", "2", "3") else 0


@bp.route("/w/<int:workshop_id>/rubric", methods=["GET", "POST"])
@instructor_required
def rubric_page(workshop_id):
    """The workshop's rubric: shipped criteria on or off and weighed, and the instructor's own."""
    workshop = own_workshop(workshop_id)
    error, status, saved = None, 200, request.args.get("saved")
    if request.method == "POST":
        try:
            workshop.rubric = rubric.clean(_rubric_rows(request.form), workshop.rubric)
        except DomainError as refused:
            db.session.rollback()
            error, status = message(refused.code, **refused.params), 400
        else:
            db.session.commit()
            return redirect(url_for(".rubric_page", workshop_id=workshop.id, saved=1))
    stored = {row["id"]: row for row in workshop.rubric or []}
    own = [
        row
        for row in workshop.rubric or []
        if row["id"] not in rubric.SHIPPED and not row.get("retired")
    ]
    html = render_template(
        "instructor/rubric.html",
        workshop=workshop,
        shipped=labels.rubric_view([rubric.Criterion(cid) for cid in rubric.SHIPPED]),
        stored=stored,
        own=own + [{}] * (rubric.MAX_OWN - len(own)),
        form=request.form if error else None,
        error=error,
        saved=saved,
    )
    return html, status

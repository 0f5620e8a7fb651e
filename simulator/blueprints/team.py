"""The presenting team's console: its incident, its documents with their history, and the
scribe's (and, when allowed, the MC's) place in the live conference."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import select

from ..content.scenarios import localise
from ..domain import DomainError, phases
from ..domain import documents as rules
from ..extensions import db, socketio
from ..identity import remember, resolve
from ..messages import message
from ..models import Conference, Team
from ..realtime import events
from ..realtime.rooms import workshop_room
from ..services import content, documents, workflow
from ..workshop_labels import warning_text
from . import docpages
from .main import workshop_or_404

bp = Blueprint("team", __name__, url_prefix="/team")


@bp.get("/<token>")
def open_link(token):
    team = db.session.scalar(select(Team).where(Team.console_token == token))
    if team is None:
        abort(404)
    remember("teams", team.workshop_id, team.id)
    return redirect(url_for("team.console", workshop_id=team.workshop_id))


def _team(workshop):
    identity = resolve("team", workshop.id)
    if identity is None:
        abort(403)
    return db.session.get(Team, identity.team_id)


@bp.get("/w/<int:workshop_id>")
def console(workshop_id):
    workshop = workshop_or_404(workshop_id)
    return render_template("team/console.html", workshop=workshop, team=_team(workshop))


def current_number(workshop):
    return max(phases.incident_no(workshop.phase), 1)


@bp.get("/w/<int:workshop_id>/documents")
def documents_hub(workshop_id):
    """The team's incident and every document it writes, with warnings the factors raise."""
    workshop = workshop_or_404(workshop_id)
    team = _team(workshop)
    return _hub(workshop, team)


def _hub(workshop, team, error=None, status=200):
    lang = docpages.lang()
    incidents = content.incidents(workshop.instructor_id)
    chosen = {n: workflow.team_incident(team, n) for n in (1, 2)}
    offered = [incidents[i] for i in workshop.offered_incidents if i in incidents] or list(
        incidents.values()
    )
    factors = content.factors(workshop.instructor_id)
    numbers = [n for n in (1, 2) if n == 1 or chosen[2] is not None]
    return render_template(
        "team/documents.html",
        workshop=workshop,
        team=team,
        lang=lang,
        incidents=incidents,
        offered=offered,
        chosen=chosen,
        factors=factors,
        numbers=numbers,
        current=current_number(workshop),
        may_choose=phases.team_may_choose(workshop.phase),
        kinds=rules.INCIDENT_KINDS,
        versions=lambda kind, n: len(
            documents.history(documents.find(workshop.id, team.id, kind, n))
        ),
        warnings={
            n: [warning_text(w) for w in workflow.warnings(workshop, team, n, lang)]
            for n in numbers
        },
        localise=localise,
        error=error,
    ), status


@bp.post("/w/<int:workshop_id>/incident")
def choose_incident(workshop_id):
    """The team picks its first incident and its parameters."""
    workshop = workshop_or_404(workshop_id)
    team = _team(workshop)
    try:
        workflow.team_choice(workshop, team, request.form.get("incident", ""), request.form)
    except DomainError as refused:
        db.session.rollback()
        return _hub(workshop, team, message(refused.code, **refused.params), 400)
    db.session.commit()
    return redirect(url_for(".documents_hub", workshop_id=workshop.id))


def _page(workshop_id, kind_id):
    workshop = workshop_or_404(workshop_id)
    team = _team(workshop)
    if kind_id not in rules.KINDS:
        abort(404)
    kind = rules.KINDS[kind_id]
    return docpages.Page(
        workshop=workshop,
        team=None if kind.scope == "workshop" else team,
        kind=kind,
        number=docpages.parse_number(kind),
        endpoint="team.doc",
        default_author=team.name,
        back=url_for(".documents_hub", workshop_id=workshop.id),
    )


def _own(page):
    """Teams edit their own documents; the workshop's fact sheet and stakeholders they read."""
    if page.team is None:
        abort(403)
    return page


@bp.route("/w/<int:workshop_id>/doc/<kind>", methods=["GET", "POST"])
def doc_edit(workshop_id, kind):
    page = _page(workshop_id, kind)
    if page.team is None:
        return redirect(page.url("view"))
    result = docpages.edit(page)
    if request.method == "POST" and result.status_code == 302:
        _tell_the_room(page.workshop, page.team)
    return result


@bp.get("/w/<int:workshop_id>/doc/<kind>/compare")
def doc_compare(workshop_id, kind):
    return docpages.compare(_page(workshop_id, kind))


@bp.post("/w/<int:workshop_id>/doc/<kind>/restore")
def doc_restore(workshop_id, kind):
    page = _own(_page(workshop_id, kind))
    result = docpages.restore(page)
    if result.status_code == 302:
        _tell_the_room(page.workshop, page.team)
    return result


@bp.get("/w/<int:workshop_id>/doc/<kind>/view")
def doc_view(workshop_id, kind):
    return docpages.view(_page(workshop_id, kind))


def _tell_the_room(workshop, team):
    """If this team's conference is on, every screen reloads its briefing."""
    current = db.session.get(Conference, workshop.current_conference_id or 0)
    if current is not None and current.team_id == team.id:
        socketio.emit(events.RELOAD, {}, to=workshop_room(workshop.id))

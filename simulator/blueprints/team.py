"""The presenting team's console: scribe, MC when allowed, and its press release and agenda."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..domain import DomainError
from ..extensions import db, socketio
from ..identity import remember, resolve
from ..messages import message
from ..models import Conference, Team
from ..realtime import events
from ..realtime.rooms import workshop_room
from ..services import agenda, documents
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


@bp.route("/w/<int:workshop_id>/documents", methods=["GET", "POST"])
def edit_documents(workshop_id):
    """The press release and agenda reporters read; every save keeps a version with its reason."""
    workshop = workshop_or_404(workshop_id)
    team = _team(workshop)
    report = documents.latest(team.id, documents.REPORT)
    plan = documents.latest(team.id, documents.AGENDA)
    form = {
        "report_title": report.get("title", ""),
        "report_body": report.get("body", ""),
        "recipients": plan.get("recipients", ""),
        "agenda_title": plan.get("title", ""),
        "summary": plan.get("summary", ""),
        "speakers": agenda.speakers_text(plan.get("speakers", [])),
        "reason": "",
    }
    error, saved = None, False
    if request.method == "POST":
        form.update({key: request.form.get(key, "") for key in form})
        try:
            new_report, new_agenda, reason = agenda.clean_documents(request.form)
        except DomainError as refused:
            error = message(refused.code, **refused.params)
        else:
            # Keep what the team had (e.g. incident facts) and change what the form holds.
            documents.save(team.id, documents.REPORT, {**report, **new_report}, reason)
            documents.save(team.id, documents.AGENDA, {**plan, **new_agenda}, reason)
            db.session.commit()
            saved = True
            _tell_the_room(workshop, team)
    history = documents.history(team.id, documents.AGENDA)
    status = 400 if error else 200
    return render_template(
        "team/documents.html",
        workshop=workshop,
        team=team,
        form=form,
        error=error,
        saved=_("Saved as a new version.") if saved else None,
        history=history,
    ), status


def _tell_the_room(workshop, team):
    """If this team's conference is on, every screen reloads its briefing."""
    current = db.session.get(Conference, workshop.current_conference_id or 0)
    if current is not None and current.team_id == team.id:
        socketio.emit(events.RELOAD, {}, to=workshop_room(workshop.id))

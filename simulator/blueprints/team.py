"""The presenting team's console: scribe, and MC when the instructor allows it."""

from flask import Blueprint, abort, redirect, render_template, url_for
from sqlalchemy import select

from ..extensions import db
from ..identity import remember, resolve
from ..models import Team
from .main import workshop_or_404

bp = Blueprint("team", __name__, url_prefix="/team")


@bp.get("/<token>")
def open_link(token):
    team = db.session.scalar(select(Team).where(Team.console_token == token))
    if team is None:
        abort(404)
    remember("teams", team.workshop_id, team.id)
    return redirect(url_for("team.console", workshop_id=team.workshop_id))


@bp.get("/w/<int:workshop_id>")
def console(workshop_id):
    workshop = workshop_or_404(workshop_id)
    identity = resolve("team", workshop.id)
    if identity is None:
        abort(403)
    team = db.session.get(Team, identity.team_id)
    return render_template("team/console.html", workshop=workshop, team=team)

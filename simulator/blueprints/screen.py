"""The shared screen: opened by its own link, read-only."""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import get_locale
from sqlalchemy import select

from ..extensions import db
from ..identity import remember, resolve
from ..models import Workshop
from ..qr import svg_data_uri
from ..services import headlines
from .main import workshop_or_404

bp = Blueprint("screen", __name__, url_prefix="/screen")


@bp.get("/<token>")
def open_link(token):
    workshop = db.session.scalar(select(Workshop).where(Workshop.screen_token == token))
    if workshop is None:
        abort(404)
    remember("screens", workshop.id, token)
    return redirect(url_for("screen.page", workshop_id=workshop.id))


@bp.get("/w/<int:workshop_id>")
def page(workshop_id):
    workshop = workshop_or_404(workshop_id)
    if resolve("screen", workshop.id) is None:
        abort(403)
    join_url = url_for("main.join", code=workshop.join_code, _external=True)
    conference, written = headlines.for_screen(workshop)
    return render_template(
        "screen/page.html",
        workshop=workshop,
        join_url=join_url,
        qr=svg_data_uri(join_url),
        headline_team=conference.team.name if conference else "",
        headlines=written,
        lang=str(get_locale() or "ja"),
    )

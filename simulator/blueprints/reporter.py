"""The reporter's phone page."""

from flask import Blueprint, redirect, render_template, url_for

from ..identity import resolve
from .main import workshop_or_404

bp = Blueprint("reporter", __name__, url_prefix="/r")


@bp.get("/<int:workshop_id>")
def page(workshop_id):
    workshop = workshop_or_404(workshop_id)
    if resolve("reporter", workshop.id) is None:
        return redirect(url_for("main.join", code=workshop.join_code))
    return render_template("reporter/page.html", workshop=workshop)

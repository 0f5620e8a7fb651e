"""The reporter's phone page."""

from flask import Blueprint, redirect, render_template, url_for

from ..identity import removed_reporter, resolve
from ..messages import message
from .main import workshop_or_404

bp = Blueprint("reporter", __name__, url_prefix="/r")


@bp.get("/<int:workshop_id>")
def page(workshop_id):
    workshop = workshop_or_404(workshop_id)
    if resolve("reporter", workshop.id) is None:
        if removed_reporter(workshop.id) is not None:
            text = message("reporter_removed")
            return render_template("main/index.html", error=text), 403
        # The join code is the secret of the room: never hand it to whoever guesses an id.
        return redirect(url_for("main.index"))
    return render_template("reporter/page.html", workshop=workshop)

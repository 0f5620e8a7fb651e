"""Workshops out and in, for the instructor: the whole workshop as JSON, its questions as CSV,
the wrap-up report as Markdown or HTML; a workshop file imported as a new workshop."""

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import get_locale

from ..domain import DomainError
from ..extensions import db
from ..identity import resolve, signed_in_instructor
from ..messages import message
from ..services import exchange, report
from .instructor import instructor_required, own_workshop

bp = Blueprint("exports", __name__, url_prefix="/instructor")

# Format -> (content type, disposition): the HTML report opens in the browser, to print.
TYPES = {
    "json": ("application/json", "attachment"),
    "csv": ("text/csv", "attachment"),
    "md": ("text/markdown", "attachment"),
    "html": ("text/html", "inline"),
}
PROBLEMS_SHOWN = 200


@bp.get("/w/<int:workshop_id>/export.<fmt>")
def export(workshop_id, fmt):
    """The instructor's workshop as a file; the room's phones and screen are refused."""
    if fmt not in TYPES:
        abort(404)
    if signed_in_instructor() is None:
        if any(resolve(role, workshop_id) for role in ("team", "reporter", "screen")):
            abort(403)
        return redirect(url_for("instructor.login", next=request.path))
    workshop = own_workshop(workshop_id)
    body = exchange.render(workshop, fmt, str(get_locale() or "ja"))
    mimetype, disposition = TYPES[fmt]
    response = Response(body, mimetype=mimetype)
    name = f"kaiken-workshop-{workshop.id}.{fmt}"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    if fmt == "html":
        response.headers["Content-Security-Policy"] = report.csp()  # its one embedded style
    return response


@bp.route("/import", methods=["GET", "POST"])
@instructor_required
def import_workshop():
    """Upload a workshop file; it becomes a new workshop of the signed-in instructor."""
    if request.method == "GET":
        return render_template("instructor/import.html")
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise DomainError("no_import_file")
        data = exchange.parse(upload.stream.read(exchange.MAX_BYTES + 1))
        workshop = exchange.import_json(data, signed_in_instructor())
    except DomainError as refused:
        db.session.rollback()
        problems = getattr(refused, "problems", [])
        return render_template(
            "instructor/import.html",
            error=message(refused.code, **refused.params),
            problems=problems[:PROBLEMS_SHOWN],
            more=max(0, len(problems) - PROBLEMS_SHOWN),
        ), 400
    db.session.commit()
    return redirect(url_for("instructor.console", workshop_id=workshop.id))

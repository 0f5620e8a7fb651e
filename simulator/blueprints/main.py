"""Landing page, health check, language switch and the reporters' join flow."""

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..domain import DomainError
from ..extensions import db
from ..identity import remember, resolve
from ..labels import OUTLETS
from ..messages import message
from ..models import Reporter, Workshop
from ..services import workshops

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return render_template("main/index.html")


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")


@bp.get("/lang/<code>")
def switch_language(code):
    if code in ("ja", "en"):
        session["lang"] = code
    target = request.args.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    return redirect(target)


@bp.route("/join", methods=["GET", "POST"])
def join_by_code():
    code = request.values.get("code", "")
    if request.method == "POST" or code:
        try:
            workshop = workshops.find_by_code(code)
        except DomainError as error:
            return render_template("main/index.html", error=message(error.code), code=code), 404
        return redirect(url_for("main.join", code=workshop.join_code))
    return render_template("main/index.html")


@bp.route("/j/<code>", methods=["GET", "POST"])
def join(code):
    """The QR code's target: pick a display name and an outlet, then go to the reporter page."""
    try:
        workshop = workshops.find_by_code(code)
    except DomainError as error:
        return render_template("main/index.html", error=message(error.code), code=code), 404
    existing = resolve("reporter", workshop.id)
    reporter = db.session.get(Reporter, existing.reporter_id) if existing else None
    if request.method == "GET":
        return render_template(
            "reporter/join.html", workshop=workshop, reporter=reporter, outlets=OUTLETS
        )
    return _save_reporter(workshop, reporter)


def _save_reporter(workshop, reporter, instructor_id=None):
    form = request.form
    try:
        reporter = workshops.join(
            workshop,
            form.get("name"),
            form.get("outlet"),
            current_app.config["NAME_MAX_CHARS"],
            reporter=reporter,
            instructor_id=instructor_id,
        )
    except DomainError as error:
        db.session.rollback()
        return render_template(
            "reporter/join.html",
            workshop=workshop,
            reporter=reporter,
            outlets=OUTLETS,
            error=message(error.code, **error.params),
            name=form.get("name", ""),
            outlet=form.get("outlet"),
        ), 400
    db.session.commit()
    remember("reporters", workshop.id, reporter.id)
    return redirect(url_for("reporter.page", workshop_id=workshop.id))


def workshop_or_404(workshop_id):
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        abort(404)
    return workshop

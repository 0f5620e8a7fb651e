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

from .. import ratelimit
from ..domain import DomainError
from ..extensions import db
from ..identity import remember, removed_reporter, resolve
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


def address():
    """Where the request comes from (the proxy's client with KAIKEN_BEHIND_PROXY)."""
    return request.remote_addr or "unknown"


def find_workshop(code):
    """The workshop with that join code; wrong codes from one address are rate-limited, and
    while the limit holds even a right code is refused, so guessing learns nothing."""
    code = str(code)[:64]
    ratelimit.check(current_app, "join_failure", address())
    try:
        return workshops.find_by_code(code)
    except DomainError:
        ratelimit.limits(current_app).take("join_failure", address())
        raise


def code_refused(error, code):
    status = 429 if error.code in ratelimit.MESSAGES.values() else 404
    text = message(error.code, **error.params)
    return render_template("main/index.html", error=text, code=code), status


@bp.route("/join", methods=["GET", "POST"])
def join_by_code():
    code = request.values.get("code", "")
    if request.method == "POST" or code:
        try:
            workshop = find_workshop(code)
        except DomainError as error:
            return code_refused(error, code)
        return redirect(url_for("main.join", code=workshop.join_code))
    return render_template("main/index.html")


def refused_reporter(workshop, reporter):
    """The page to show instead of the join form, or None: a removed reporter is told so, and
    while joining is locked only reporters already in may come back."""
    if reporter is None and removed_reporter(workshop.id) is not None:
        return render_template("main/index.html", error=message("reporter_removed")), 403
    if reporter is None and workshop.joining_locked:
        return render_template("main/index.html", error=message("joining_locked")), 403
    return None


@bp.route("/j/<code>", methods=["GET", "POST"])
def join(code):
    """The QR code's target: pick a display name and an outlet, then go to the reporter page."""
    try:
        workshop = find_workshop(code)
    except DomainError as error:
        return code_refused(error, code)
    existing = resolve("reporter", workshop.id)
    reporter = db.session.get(Reporter, existing.reporter_id) if existing else None
    refused = refused_reporter(workshop, reporter)
    if refused is not None:
        return refused
    if request.method == "GET":
        return render_template(
            "reporter/join.html", workshop=workshop, reporter=reporter, outlets=OUTLETS
        )
    return _save_reporter(workshop, reporter)


def _save_reporter(workshop, reporter, instructor_id=None):
    form = request.form
    try:
        if reporter is None and instructor_id is None:
            ratelimit.take(current_app, "join", address())
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
        status = 429 if error.code in ratelimit.MESSAGES.values() else 400
        return render_template(
            "reporter/join.html",
            workshop=workshop,
            reporter=reporter,
            outlets=OUTLETS,
            error=message(error.code, **error.params),
            name=form.get("name", ""),
            outlet=form.get("outlet"),
        ), status
    db.session.commit()
    remember("reporters", workshop.id, reporter.id)
    return redirect(url_for("reporter.page", workshop_id=workshop.id))


def workshop_or_404(workshop_id):
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        abort(404)
    return workshop

"""The instructor: sign-in, workshop console (moderation, scoring, clock) and the record."""

import functools
import ipaddress

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from sqlalchemy import select

from .. import labels, ratelimit
from ..content.scenarios import localise
from ..domain import DomainError, phases, rubric
from ..domain import documents as document_rules
from ..extensions import db, socketio
from ..identity import resolve, signed_in_instructor
from ..labels import OUTLETS
from ..messages import message, shown
from ..models import Conference, Instructor, Reporter, Team, Workshop
from ..qr import svg_data_uri
from ..realtime import events
from ..realtime.rooms import broadcast_questions, reporter_room, screen_room, workshop_room
from ..services import content, news, workflow, workshops
from ..services.conference import bump
from ..services.record import conference_record
from ..workshop_labels import warning_text
from .main import _save_reporter, address

bp = Blueprint("instructor", __name__, url_prefix="/instructor")


def sign_in(instructor):
    """A fresh session for the instructor; only the chosen language is kept."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session["instructor_id"] = instructor.id
    session.permanent = True


def instructor_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if signed_in_instructor() is None:
            return redirect(url_for("instructor.login", next=request.path))
        return view(*args, **kwargs)

    return wrapped


def own_workshop(workshop_id):
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or workshop.instructor_id != signed_in_instructor().id:
        abort(404)
    return workshop


def on_this_computer():
    """The request comes from the computer Kaiken runs on (its loopback or its own address)."""
    remote = request.remote_addr or ""
    try:
        if ipaddress.ip_address(remote).is_loopback:
            return True
    except ValueError:
        return False
    return remote == request.host.rsplit(":", 1)[0].strip("[]")


def _sign_in_checked():
    """The instructor the form names with the right password; wrong passwords from one
    address are rate-limited."""
    ratelimit.check(current_app, "login_failure", address())
    try:
        return workshops.check_login(request.form.get("login"), request.form.get("password"))
    except DomainError:
        ratelimit.limits(current_app).take("login_failure", address())
        raise


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in; while no password is set yet, the first visitor on Kaiken's own computer sets
    it (a participant's phone on the room's network cannot claim the account)."""
    first_use = (
        db.session.scalar(select(Instructor).where(Instructor.password_hash.isnot(None))) is None
    )
    if request.method == "GET":
        shown = "sign_in_first" if request.args.get("next") else None
        if first_use and not on_this_computer():
            shown = "first_password_here"
        return render_template(
            "instructor/login.html",
            first_use=first_use and on_this_computer(),
            error=message(shown) if shown else None,
        )
    try:
        if first_use:
            if not on_this_computer():
                raise DomainError("first_password_here")
            instructor = workshops.get_or_create_instructor()
            workshops.set_password(instructor, request.form.get("password"))
        else:
            instructor = _sign_in_checked()
    except DomainError as error:
        db.session.rollback()
        status = 429 if error.code in ratelimit.MESSAGES.values() else 400
        status = 403 if error.code == "first_password_here" else status
        return render_template(
            "instructor/login.html",
            first_use=first_use and on_this_computer(),
            error=message(error.code, **error.params),
        ), status
    db.session.commit()
    sign_in(instructor)
    return redirect(url_for("instructor.dashboard"))


@bp.get("/link/<token>")
def one_time_link(token):
    try:
        instructor = workshops.use_login_link(token)
    except DomainError as error:
        return render_template(
            "instructor/login.html", first_use=False, error=message(error.code)
        ), 403
    db.session.commit()
    sign_in(instructor)
    return redirect(url_for("instructor.dashboard"))


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("main.index"))


@bp.get("/")
@instructor_required
def dashboard():
    mine = db.session.scalars(
        select(Workshop)
        .where(Workshop.instructor_id == signed_in_instructor().id)
        .order_by(Workshop.id.desc())
    ).all()
    refused = request.args.get("error")
    return render_template(
        "instructor/dashboard.html",
        workshops=mine,
        error=shown(refused, _shown_params()) if refused else None,
    )


@bp.get("/w/<int:workshop_id>")
@instructor_required
def console(workshop_id):
    workshop = own_workshop(workshop_id)
    join_url = url_for("main.join", code=workshop.join_code, _external=True)
    conferences = db.session.scalars(
        select(Conference).where(Conference.workshop_id == workshop.id)
    ).all()
    lang = str(get_locale() or "ja")
    incidents = content.incidents(workshop.instructor_id)
    number = phases.INCIDENT_OF.get(workshop.phase)
    current = db.session.get(Conference, workshop.current_conference_id or 0)
    return render_template(
        "instructor/console.html",
        workshop=workshop,
        join_url=join_url,
        qr=svg_data_uri(join_url),
        conferences={(c.team_id, c.incident_no): c for c in conferences},
        number=number,
        current=current,
        phase=_phase_panel(workshop),
        chosen={(t.id, n): workflow.team_incident(t, n) for t in workshop.teams for n in (1, 2)},
        warnings={
            t.id: [warning_text(w) for w in workflow.warnings(workshop, t, number or 1, lang)]
            for t in workshop.teams
        },
        incidents=incidents,
        factors=content.factors(workshop.instructor_id),
        localise=localise,
        lang=lang,
        kinds=document_rules.INCIDENT_KINDS,
        criteria=labels.rubric_view(rubric.criteria(workshop.rubric)),
        reporters=db.session.scalars(
            select(Reporter)
            .where(Reporter.workshop_id == workshop.id, Reporter.removed_at.is_(None))
            .order_by(Reporter.id)
        ).all(),
    )


def _shown_params():
    """The parameters of a refusal passed back in the address, for its message."""
    return {k: v for k, v in request.args.items() if k in ("field", "limit", "length")}


def _phase_panel(workshop):
    """The console's phase box: the neighbouring phases and why the last move was refused."""
    previous, following = phases.neighbours(workshop.phase)
    refused = request.args.get("refused")
    params = {k: v for k, v in request.args.items() if k != "refused"}
    return {
        "previous": previous,
        "next": following,
        "refused": shown(refused, params) if refused else None,
    }


@bp.post("/w/<int:workshop_id>/open/<int:team_id>")
@instructor_required
def open_conference(workshop_id, team_id):
    """Put a team's conference for the phase's incident on every screen of the workshop."""
    workshop = own_workshop(workshop_id)
    team = db.session.get(Team, team_id)
    if team is None or team.workshop_id != workshop.id:
        abort(404)
    try:
        workflow.open_conference(workshop, team)
    except DomainError as refused:
        db.session.rollback()
        params = {k: str(v) for k, v in refused.params.items()}
        return redirect(
            url_for(".console", workshop_id=workshop.id, refused=refused.code, **params)
        )
    db.session.commit()
    socketio.emit(events.RELOAD, {"page": True}, to=workshop_room(workshop.id))
    return redirect(url_for("instructor.console", workshop_id=workshop.id))


@bp.post("/w/<int:workshop_id>/open-wrapup")
@instructor_required
def open_wrapup(workshop_id):
    """Put the wrap-up Q&A on every screen: participants ask, the instructor answers."""
    workshop = own_workshop(workshop_id)
    try:
        workflow.open_wrapup(workshop)
    except DomainError as refused:
        db.session.rollback()
        return redirect(url_for(".console", workshop_id=workshop.id, refused=refused.code))
    db.session.commit()
    socketio.emit(events.RELOAD, {"page": True}, to=workshop_room(workshop.id))
    return redirect(url_for(".console", workshop_id=workshop.id))


@bp.route("/w/<int:workshop_id>/ask", methods=["GET", "POST"])
@instructor_required
def ask_as_reporter(workshop_id):
    """The instructor joins the audience as a reporter too, as the workshop guide has it."""
    workshop = own_workshop(workshop_id)
    existing = resolve("reporter", workshop.id)
    reporter = db.session.get(Reporter, existing.reporter_id) if existing else None
    if request.method == "GET":
        return render_template(
            "reporter/join.html",
            workshop=workshop,
            reporter=reporter,
            outlets=OUTLETS,
            action=url_for(".ask_as_reporter", workshop_id=workshop.id),
            name=reporter.name if reporter else signed_in_instructor().name,
        )
    return _save_reporter(workshop, reporter, instructor_id=signed_in_instructor().id)


@bp.get("/w/<int:workshop_id>/record/<int:conference_id>")
@instructor_required
def record(workshop_id, conference_id):
    """Every question of a conference with its answer, timings, votes, reactions and score."""
    workshop = own_workshop(workshop_id)
    conference = db.session.get(Conference, conference_id)
    if conference is None or conference.workshop_id != workshop.id:
        abort(404)
    return render_template(
        "instructor/record.html",
        workshop=workshop,
        conference=conference,
        rows=conference_record(conference),
        news=news.of(conference),
        criteria_names=labels.criteria_names(workshop.rubric),
        flag_text=labels.flag_text,
        limit=current_app.config["QUESTION_MAX_CHARS"],
    )


@bp.post("/w/<int:workshop_id>/joining")
@instructor_required
def lock_joining(workshop_id):
    """Close joining to new reporters, or open it again; those already in stay."""
    workshop = own_workshop(workshop_id)
    workshops.lock_joining(workshop, request.form.get("locked") == "yes")
    db.session.commit()
    return redirect(url_for(".console", workshop_id=workshop.id) + "#reporters")


@bp.post("/w/<int:workshop_id>/code")
@instructor_required
def rotate_code(workshop_id):
    """A new join code: the old one stops working and the shared screen shows the new one."""
    workshop = own_workshop(workshop_id)
    workshops.rotate_code(workshop)
    db.session.commit()
    current = db.session.get(Conference, workshop.current_conference_id or 0)
    room = screen_room(current.id) if current else workshop_room(workshop.id)
    socketio.emit(events.RELOAD, {"page": True}, to=room)
    return redirect(url_for(".console", workshop_id=workshop.id) + "#reporters")


@bp.post("/w/<int:workshop_id>/reporters/<int:reporter_id>/remove")
@instructor_required
def remove_reporter(workshop_id, reporter_id):
    """Remove a reporter: their questions leave every screen and their phone is let go."""
    workshop = own_workshop(workshop_id)
    try:
        reporter = workshops.get_reporter(workshop, reporter_id)
    except DomainError:
        abort(404)
    changed = workshops.remove_reporter(workshop, reporter)
    current = db.session.get(Conference, workshop.current_conference_id or 0)
    shown = [q for q in changed if current is not None and q.conference_id == current.id]
    if shown:
        bump(current)
    db.session.commit()
    if shown:
        broadcast_questions(current, shown)
    _let_go(reporter.id)
    return redirect(url_for(".console", workshop_id=workshop.id) + "#reporters")


def _let_go(reporter_id):
    """The removed reporter's open pages reload (to say they were removed) and, on this
    server process, their connections are closed; any event they still send is refused."""
    room = reporter_room(reporter_id)
    socketio.emit(events.RELOAD, {"page": True}, to=room)
    for sid, _eio in list(socketio.server.manager.get_participants("/", room)):
        socketio.server.disconnect(sid, namespace="/")

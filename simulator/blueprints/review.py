"""The improvement review of one team, for the team and its instructor: the record of its
conferences with scores, reactions and red flags, sorted and filtered; improvement items tied
to the documents they change; tomorrow's headlines."""

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from sqlalchemy import select

from .. import labels
from ..domain import DomainError
from ..domain import documents as document_rules
from ..domain import review as rules
from ..extensions import db, socketio
from ..identity import resolve
from ..messages import message
from ..models import Conference, Team
from ..realtime import events
from ..realtime.rooms import workshop_room
from ..services import flags as flag_service
from ..services import headlines, review, wrapup
from ..services.record import conference_record
from . import docpages
from .main import workshop_or_404

bp = Blueprint("review", __name__, url_prefix="/review")


def viewer(workshop, team_id):
    """'instructor' or 'team' for who may open this team's review; anyone else is refused."""
    team = db.session.get(Team, team_id)
    if team is None or team.workshop_id != workshop.id:
        abort(404)
    if resolve("instructor", workshop.id) is not None:
        return "instructor", team
    identity = resolve("team", workshop.id)
    if identity is None or identity.team_id != team.id:
        abort(403)
    return "team", team


def conferences(team, role):
    """The team's conferences the viewer may review: the instructor sees them as they happen,
    the team once each has ended."""
    rows = db.session.scalars(
        select(Conference).where(Conference.team_id == team.id).order_by(Conference.incident_no)
    ).all()
    return [c for c in rows if role == "instructor" or c.clock == "ended"]


def revise_url(workshop, team, item, role):
    """Where the item's document is revised with this item's reason, or None for the team when
    only the instructor edits that document."""
    kind = document_rules.KINDS[item.kind]
    number = review.document_number(item) or 1
    if role == "instructor":
        shared = kind.scope == "workshop"  # one fact sheet for all: say whose item it is
        return url_for(
            "setup.doc_edit",
            workshop_id=workshop.id,
            team_id=0 if shared else team.id,
            kind=kind.id,
            n=number,
            item=item.id,
            **({"for": team.id} if shared else {}),
        )
    if kind.scope == "workshop":
        return None
    return url_for("team.doc_edit", workshop_id=workshop.id, kind=kind.id, n=number, item=item.id)


@bp.get("/w/<int:workshop_id>/t/<int:team_id>")
def team_review(workshop_id, team_id, error=None, status=200):
    workshop = workshop_or_404(workshop_id)
    role, team = viewer(workshop, team_id)
    picked = {
        "flag": request.args.get("flag") or None,
        "verdict": request.args.get("verdict") or None,
        "sort": request.args.get("sort") if request.args.get("sort") in rules.SORTS else "order",
    }
    records = [
        (c, rules.choose(conference_record(c, dismissed=role == "instructor"), **picked))
        for c in conferences(team, role)
    ]
    found = review.items(team)
    html = render_template(
        "review/team.html",
        workshop=workshop,
        team=team,
        role=role,
        records=records,
        picked=picked,
        items=found,
        revise={item.id: revise_url(workshop, team, item, role) for item in found},
        item_kinds=rules.ITEM_KINDS,
        sorts=rules.SORTS,
        verdicts=rules.VERDICT_FILTERS,
        flag_codes=list(labels.FLAGS),
        flag_text=labels.flag_text,
        criteria_names=labels.criteria_names(workshop.rubric),
        headlines={c.id: headlines.of(c) for c, _ in records},
        lang=docpages.lang(),
        error=error,
    )
    return make_response(html, status)


@bp.post("/w/<int:workshop_id>/c/<int:conference_id>/headlines")
def write_headlines(workshop_id, conference_id):
    """The instructor writes tomorrow's headlines from an ended conference; the shared screen
    shows them."""
    workshop = workshop_or_404(workshop_id)
    if resolve("instructor", workshop.id) is None:
        abort(403)
    conference = db.session.get(Conference, conference_id)
    if conference is None or conference.workshop_id != workshop.id or conference.wrapup:
        abort(404)
    if conference.clock != "ended":
        text = message("conference_not_ended")
        return team_review(workshop_id, conference.team_id, error=text, status=400)
    headlines.write(conference)
    db.session.commit()
    if headlines.for_screen(workshop)[1]:  # never while another team's conference is live
        socketio.emit(events.RELOAD, {"page": True}, to=workshop_room(workshop.id))
    url = url_for(".team_review", workshop_id=workshop.id, team_id=conference.team_id)
    return redirect(url + f"#headlines-{conference.incident_no}")


@bp.post("/w/<int:workshop_id>/flags/<int:flag_id>")
def dismiss_flag(workshop_id, flag_id):
    """The instructor dismisses a red flag Kaiken got wrong, or restores it, after the fact."""
    workshop = workshop_or_404(workshop_id)
    if resolve("instructor", workshop.id) is None:
        abort(403)
    try:
        row = flag_service.dismiss(
            flag_id, request.form.get("dismissed") == "yes", workshop=workshop
        )
    except DomainError:
        db.session.rollback()
        abort(404)
    db.session.commit()
    team_id = request.form.get("team", type=int) or 0
    return redirect(
        url_for(".team_review", workshop_id=workshop.id, team_id=team_id) + f"#row-{row.answer_id}"
    )


@bp.post("/w/<int:workshop_id>/t/<int:team_id>/items")
def add_item(workshop_id, team_id):
    """The team or the instructor turns an entry (or their own note) into an improvement item."""
    workshop = workshop_or_404(workshop_id)
    role, team = viewer(workshop, team_id)
    answer_id = request.form.get("answer_id", type=int)
    try:
        review.add_item(
            team,
            request.form.get("kind"),
            request.form.get("text"),
            request.form.get("author") or (team.name if role == "team" else ""),
            answer_id=answer_id,
        )
    except DomainError as refused:
        db.session.rollback()
        text = message(refused.code, **refused.params)
        return team_review(workshop_id, team_id, error=text, status=400)
    db.session.commit()
    return redirect(url_for(".team_review", workshop_id=workshop.id, team_id=team.id) + "#items")


def wrapup_viewer(workshop):
    """The instructor at any time; teams and the shared screen once the workshop is in its
    wrap-up."""
    if resolve("instructor", workshop.id) is not None:
        return "instructor"
    if workshop.phase == "wrapup" and (
        resolve("team", workshop.id) or resolve("screen", workshop.id)
    ):
        return "room"
    abort(403)


@bp.route("/w/<int:workshop_id>/wrapup", methods=["GET", "POST"])
def wrapup_page(workshop_id):
    """Scores per team and criterion, incident 1 against 2, standout answers, what changed
    and why, and the instructor's comments; the instructor writes the comments here."""
    workshop = workshop_or_404(workshop_id)
    role = wrapup_viewer(workshop)
    error, status = None, 200
    if request.method == "POST":
        if role != "instructor":
            abort(403)
        try:
            wrapup.save_notes(workshop, request.form)
        except DomainError as refused:
            db.session.rollback()
            error, status = message(refused.code, **refused.params), 400
        else:
            db.session.commit()
            return redirect(url_for(".wrapup_page", workshop_id=workshop.id, saved=1))
    html = render_template(
        "review/wrapup.html",
        role=role,
        saved=request.args.get("saved"),
        error=error,
        export_url=lambda fmt: url_for("exports.export", workshop_id=workshop.id, fmt=fmt),
        **wrapup.summary_context(workshop),
    )
    return make_response(html, status)

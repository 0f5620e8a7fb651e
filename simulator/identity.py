"""Who is asking: identities kept in the signed session cookie, set by the HTTP join or login."""

from dataclasses import dataclass

from flask import g, has_request_context, session

from .extensions import db
from .models import Instructor, Reporter, Team, Workshop

ROLES = ("instructor", "team", "screen", "reporter")


@dataclass(frozen=True)
class Identity:
    role: str
    workshop_id: int
    instructor_id: int | None = None
    team_id: int | None = None
    reporter_id: int | None = None


def remember(key, workshop_id, value):
    """Store one identity for a workshop in the session (several may coexist)."""
    held = dict(session.get(key, {}))
    held[str(workshop_id)] = value
    session[key] = held
    session.permanent = True


def removed_reporter(workshop_id):
    """The reporter this browser was in the workshop, if the instructor removed them."""
    value = session.get("reporters", {}).get(str(workshop_id))
    reporter = db.session.get(Reporter, value) if isinstance(value, int) else None
    if reporter is None or reporter.workshop_id != workshop_id or not reporter.removed_at:
        return None
    return reporter


def signed_in_instructor():
    instructor_id = session.get("instructor_id")
    return db.session.get(Instructor, instructor_id) if instructor_id else None


def _kept(row):
    """`row`, held until the request or event ends. The session's identity map keeps rows only
    while something refers to them: without this, the handler that asks for the workshop or
    reporter next would load it from the database again."""
    if row is not None and has_request_context():
        g.setdefault("kaiken_rows", []).append(row)
    return row


def resolve(role, workshop_id):
    """The identity this browser holds for a role in a workshop, or None."""
    if role not in ROLES or isinstance(workshop_id, bool) or not isinstance(workshop_id, int):
        return None
    workshop = _kept(db.session.get(Workshop, workshop_id))
    if workshop is None:
        return None
    if role == "instructor":
        instructor = signed_in_instructor()
        if instructor is None or workshop.instructor_id != instructor.id:
            return None
        return Identity(role, workshop.id, instructor_id=instructor.id)
    held = session.get({"team": "teams", "screen": "screens", "reporter": "reporters"}[role], {})
    value = held.get(str(workshop.id))
    if value is None:
        return None
    if role == "screen":
        return Identity(role, workshop.id) if value == workshop.screen_token else None
    if role == "team":
        team = _kept(db.session.get(Team, value))
        return (
            Identity(role, workshop.id, team_id=team.id)
            if team and team.workshop_id == workshop.id
            else None
        )
    reporter = _kept(db.session.get(Reporter, value))
    if reporter is None or reporter.workshop_id != workshop.id or reporter.removed_at:
        return None
    return Identity(role, workshop.id, reporter_id=reporter.id)

"""Who is asking: identities kept in the signed session cookie, set by the HTTP join or login."""

from dataclasses import dataclass

from flask import session

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


def signed_in_instructor():
    instructor_id = session.get("instructor_id")
    return db.session.get(Instructor, instructor_id) if instructor_id else None


def resolve(role, workshop_id):
    """The identity this browser holds for a role in a workshop, or None."""
    if role not in ROLES or isinstance(workshop_id, bool) or not isinstance(workshop_id, int):
        return None
    workshop = db.session.get(Workshop, workshop_id)
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
        team = db.session.get(Team, value)
        return (
            Identity(role, workshop.id, team_id=team.id)
            if team and team.workshop_id == workshop.id
            else None
        )
    reporter = db.session.get(Reporter, value)
    if reporter is None or reporter.workshop_id != workshop.id:
        return None
    return Identity(role, workshop.id, reporter_id=reporter.id)

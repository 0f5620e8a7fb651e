"""Workshops, teams, reporters and instructor sign-in links."""

import hashlib
import secrets
import unicodedata
from datetime import timedelta

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain import DomainError
from ..domain import conference as rules
from ..extensions import db
from ..models import (
    Conference,
    Instructor,
    LoginLink,
    Question,
    Reporter,
    Team,
    Workshop,
    utcnow,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # a longer one is refused before any slow hashing


def new_join_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(value):
    """Codes are typed on phones: ignore case, spaces, dashes and full-width letters."""
    text = unicodedata.normalize("NFKC", value or "").upper()
    return "".join(ch for ch in text if ch.isalnum())


def create_workshop(instructor, title, org_name="", team_names=()):
    workshop = Workshop(
        title=title,
        org_name=org_name,
        instructor_id=instructor.id,
        join_code=new_join_code(),
        screen_token=secrets.token_urlsafe(16),
    )
    db.session.add(workshop)
    db.session.flush()
    for name in team_names:
        add_team(workshop, name)
    return workshop


def add_team(workshop, name):
    team = Team(
        workshop_id=workshop.id,
        name=name,
        position=len(workshop.teams),
        console_token=secrets.token_urlsafe(16),
    )
    workshop.teams.append(team)
    db.session.flush()
    return team


def open_conference(workshop, team, planned_minutes=20, incident_no=1):
    """Make `team`'s conference the one every screen of the workshop shows."""
    conference = db.session.scalar(
        select(Conference).where(
            Conference.team_id == team.id, Conference.incident_no == incident_no
        )
    )
    if conference is None:
        conference = Conference(
            workshop_id=workshop.id,
            team_id=team.id,
            incident_no=incident_no,
            planned_minutes=planned_minutes,
        )
        db.session.add(conference)
        db.session.flush()
    workshop.current_conference_id = conference.id
    db.session.flush()
    return conference


def find_by_code(code):
    workshop = db.session.scalar(select(Workshop).where(Workshop.join_code == normalise_code(code)))
    if workshop is None:
        raise DomainError("bad_join_code")
    return workshop


def join(workshop, name, outlet, name_limit, reporter=None, instructor_id=None):
    """A reporter joins (or, with `reporter`, rejoins and updates name and outlet)."""
    name = rules.clean_text(name, name_limit, "name")
    outlet = rules.clean_outlet(outlet)
    if reporter is None or reporter.workshop_id != workshop.id or reporter.removed_at:
        if workshop.joining_locked and instructor_id is None:
            raise DomainError("joining_locked")
        reporter = Reporter(workshop_id=workshop.id, instructor_id=instructor_id)
        db.session.add(reporter)
    reporter.name, reporter.outlet = name, outlet
    db.session.flush()
    return reporter


def rotate_code(workshop):
    """A new join code: the old one stops working; reporters who joined stay in."""
    old = workshop.join_code
    while workshop.join_code == old:
        workshop.join_code = new_join_code()
    db.session.flush()
    return workshop.join_code


def lock_joining(workshop, locked):
    """Stop (or allow again) new reporters joining; those already in stay."""
    if not isinstance(locked, bool):
        raise DomainError("bad_request")
    workshop.joining_locked = locked
    db.session.flush()


def get_reporter(workshop, reporter_id):
    reporter = db.session.get(Reporter, reporter_id) if isinstance(reporter_id, int) else None
    if reporter is None or reporter.workshop_id != workshop.id:
        raise DomainError("unknown_reporter")
    return reporter


def remove_reporter(workshop, reporter):
    """Remove a reporter: their identity stops working and their questions leave every
    screen (kept in the record as removed). Returns the questions that changed."""
    if reporter.removed_at is not None:
        return []
    reporter.removed_at = utcnow()
    questions = db.session.scalars(
        select(Question).where(
            Question.reporter_id == reporter.id, Question.status != rules.REMOVED
        )
    ).all()
    for question in questions:
        question.status = rules.REMOVED
        question.closed_at = question.closed_at or reporter.removed_at
    db.session.flush()
    return questions


def get_or_create_instructor(login="instructor", name="Instructor"):
    instructor = db.session.scalar(select(Instructor).where(Instructor.login == login))
    if instructor is None:
        instructor = Instructor(login=login, name=name)
        db.session.add(instructor)
        db.session.flush()
    return instructor


def set_password(instructor, password):
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise DomainError("password_short")
    if len(password) > MAX_PASSWORD:
        raise DomainError("too_long", field="password", limit=MAX_PASSWORD, length=len(password))
    instructor.password_hash = generate_password_hash(password, method="scrypt")


def check_login(login, password):
    instructor = db.session.scalar(select(Instructor).where(Instructor.login == (login or "")))
    if instructor is None or not instructor.password_hash:
        raise DomainError("bad_login")
    if not isinstance(password, str) or len(password) > MAX_PASSWORD:
        raise DomainError("bad_login")
    if not check_password_hash(instructor.password_hash, password):
        raise DomainError("bad_login")
    return instructor


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_login_link(instructor, minutes):
    """A one-time sign-in token; only its hash is stored."""
    token = secrets.token_urlsafe(24)
    db.session.add(
        LoginLink(
            instructor_id=instructor.id,
            token_hash=_hash(token),
            expires_at=utcnow() + timedelta(minutes=minutes),
        )
    )
    db.session.flush()
    return token


def use_login_link(token):
    link = db.session.scalar(select(LoginLink).where(LoginLink.token_hash == _hash(token or "")))
    if link is None or link.used_at is not None or link.expires_at < utcnow():
        raise DomainError("bad_link")
    link.used_at = utcnow()
    return db.session.get(Instructor, link.instructor_id)

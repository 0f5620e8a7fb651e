"""Who is asking: identities kept in the signed session cookie, set by the HTTP join or login."""

import functools
from dataclasses import dataclass

from flask import g, has_request_context, session
from sqlalchemy import bindparam, null, select

from .extensions import db, read
from .models import Conference, Instructor, Reporter, Team, Workshop

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


def also_read(conference_id):
    """The `also` columns the identity check of this event read for this conference, or None;
    taken once."""
    held = g.pop("kaiken_also", None) if has_request_context() else None
    return held[1] if held is not None and held[0] == conference_id else None


# Where the session keeps each role's identity for a workshop, and the row it names.
HELD = {"team": "teams", "screen": "screens", "reporter": "reporters"}
ROWS = {"instructor": Instructor, "team": Team, "reporter": Reporter}


@functools.cache
def _rows_query(role, with_conference, also=()):
    """One query for the rows an identity check reads: the workshop, the row the session names
    (instructor, team or reporter) and, for an event, the workshop's open conference, with
    `also` (columns the event reads next, correlated to those rows). Built once per shape:
    every Socket.IO event of every phone asks it."""
    query = select(Workshop).select_from(Workshop).where(Workshop.id == bindparam("workshop_id"))
    if role in ROWS:
        model = ROWS[role]
        query = query.outerjoin(model, model.id == bindparam("row_id")).add_columns(model)
    if with_conference:
        query = query.outerjoin(
            Conference, Conference.id == Workshop.current_conference_id
        ).add_columns(Conference)
    return query.add_columns(*also) if also else query


def held(role, workshop_id):
    """The id the session holds for a role in a workshop (the screen's token), or None."""
    if role not in ROLES or isinstance(workshop_id, bool) or not isinstance(workshop_id, int):
        return None
    if role == "instructor":
        value = session.get("instructor_id")
    else:
        value = session.get(HELD[role], {}).get(str(workshop_id))
    if value is None or (role in ROWS and (isinstance(value, bool) or not isinstance(value, int))):
        return None
    return value


def judged(role, value, workshop, row):
    """The Identity the session's `value` proves, given the workshop's (id, instructor_id,
    screen_token) and the named row's (id, workshop_id, removed_at), or None."""
    workshop_id, instructor_id, screen_token = workshop
    if role == "screen":
        return Identity(role, workshop_id) if value == screen_token else None
    row_id, row_workshop_id, removed_at = row
    if row_id is None:
        return None
    if role == "instructor":
        return (
            Identity(role, workshop_id, instructor_id=row_id) if instructor_id == row_id else None
        )
    if row_workshop_id != workshop_id:
        return None
    if role == "team":
        return Identity(role, workshop_id, team_id=row_id)
    if removed_at:
        return None
    return Identity(role, workshop_id, reporter_id=row_id)


@functools.cache
def _check_query(role):
    """Only the columns `judged` reads, no rows: a connection's check keeps nothing."""
    query = select(Workshop.id, Workshop.instructor_id, Workshop.screen_token).where(
        Workshop.id == bindparam("workshop_id")
    )
    if role in ROWS:
        model = ROWS[role]
        columns = [
            model.id,
            getattr(model, "workshop_id", None),
            getattr(model, "removed_at", None),
        ]
        query = query.outerjoin(model, model.id == bindparam("row_id")).add_columns(
            *(c if c is not None else null() for c in columns)
        )
    return query


def check(role, workshop_id):
    """The identity this browser holds for a role in a workshop, or None, read as plain
    columns: a Socket.IO connection proves who it is and keeps no rows (a thousand phones
    connect at once after a Wi-Fi drop)."""
    value = held(role, workshop_id)
    if value is None:
        return None
    found = read(_check_query(role), {"workshop_id": workshop_id, "row_id": value}).first()
    if found is None:
        return None
    return judged(role, value, tuple(found[:3]), tuple(found[3:]) or (None,) * 3)


def resolve(role, workshop_id, with_conference=False, also=()):
    """The identity this browser holds for a role in a workshop, or None. With
    `with_conference`, the workshop's open conference is loaded by the same query, so that
    `db.session.get` finds it without asking the database again; the values of the columns
    `also` names (with the conference) are kept for `also_read`."""
    if has_request_context():
        g.pop("kaiken_also", None)  # read once, by the event that read it
    value = held(role, workshop_id)
    if value is None:
        return None
    params = {"workshop_id": workshop_id, "row_id": value}
    found = db.session.execute(_rows_query(role, with_conference, also), params).first()
    if found is None:
        return None
    entities = len(found) - len(also)
    if also and with_conference and found[entities - 1] is not None and has_request_context():
        g.kaiken_also = (found[entities - 1].id, tuple(found[entities:]))
    for row in found[:entities]:
        _kept(row)
    workshop, row = found[0], (found[1] if role in ROWS else None)
    return judged(
        role,
        value,
        (workshop.id, workshop.instructor_id, workshop.screen_token),
        (
            getattr(row, "id", None),
            getattr(row, "workshop_id", None),
            getattr(row, "removed_at", None),
        ),
    )

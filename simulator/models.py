"""Database models: workshops, teams, documents, conferences and their record."""

import sqlite3
from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow():
    return datetime.now(UTC).replace(tzinfo=None)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_conn, _record):
    """WAL, a busy timeout and foreign keys on every SQLite connection."""
    if isinstance(dbapi_conn, sqlite3.Connection):
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


@event.listens_for(Engine, "savepoint")
def _sqlite_savepoint_inside_a_transaction(conn, _name):
    """Open the transaction before a savepoint when nothing has been written yet.

    Python's sqlite3 begins a transaction only before the first INSERT, UPDATE or DELETE, so
    a savepoint taken first (a vote's or a question's insert that may meet its unique key)
    would itself be the transaction, and releasing it would commit that row alone: a crash
    before the rest of the event left a vote without its count. A plain BEGIN here is what
    the driver would have sent before that insert, so locking is unchanged."""
    dbapi_conn = conn.connection.dbapi_connection
    if isinstance(dbapi_conn, sqlite3.Connection) and not dbapi_conn.in_transaction:
        dbapi_conn.execute("BEGIN")


class Instructor(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    login: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class LoginLink(db.Model):
    """A one-time sign-in link for an instructor; only its hash is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    instructor_id: Mapped[int] = mapped_column(ForeignKey("instructor.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)


class Workshop(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    org_name: Mapped[str] = mapped_column(String(200), default="")
    instructor_id: Mapped[int] = mapped_column(ForeignKey("instructor.id"))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    screen_token: Mapped[str] = mapped_column(String(64), unique=True)
    current_conference_id: Mapped[int | None] = mapped_column(
        ForeignKey("conference.id", use_alter=True)
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    phase: Mapped[str] = mapped_column(String(16), default="setup")
    held_on: Mapped[date | None] = mapped_column(Date)
    org_profile: Mapped[str] = mapped_column(Text, default="")
    listed_company: Mapped[bool] = mapped_column(Boolean, default=False)
    offered_incidents: Mapped[list] = mapped_column(JSON, default=list)
    rubric: Mapped[list | None] = mapped_column(JSON)  # None: the shipped rubric
    wrapup: Mapped[dict | None] = mapped_column(
        JSON, default=dict
    )  # the instructor's 講評 and lessons
    joining_locked: Mapped[bool] = mapped_column(Boolean, default=False)  # no new reporters

    teams: Mapped[list["Team"]] = relationship(back_populates="workshop", order_by="Team.position")
    instructor: Mapped[Instructor] = relationship()


class Team(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"))
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)
    console_token: Mapped[str] = mapped_column(String(64), unique=True)
    members: Mapped[list] = mapped_column(JSON, default=list)

    workshop: Mapped[Workshop] = relationship(back_populates="teams")


class TeamIncident(db.Model):
    """The incident a team handles in incident 1 or 2, its parameters and its factors."""

    __table_args__ = (UniqueConstraint("team_id", "incident_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
    incident_no: Mapped[int] = mapped_column(Integer)
    incident_id: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    factors: Mapped[list] = mapped_column(JSON, default=list)
    chosen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Document(db.Model):
    """A document of a team (report, agenda, …) or, without a team, of the whole workshop
    (its fact sheet and stakeholder list); its content lives in versions."""

    __table_args__ = (
        UniqueConstraint("team_id", "kind", "incident_no"),
        Index(
            "uq_document_workshop_kind",
            "workshop_id",
            "kind",
            "incident_no",
            unique=True,
            sqlite_where=text("team_id IS NULL"),
            postgresql_where=text("team_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    kind: Mapped[str] = mapped_column(String(32))
    incident_no: Mapped[int] = mapped_column(Integer, default=1)

    versions: Mapped[list["DocumentVersion"]] = relationship(
        back_populates="document", order_by="DocumentVersion.number"
    )


class DocumentVersion(db.Model):
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    document: Mapped[Document] = relationship(back_populates="versions")


class Conference(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))  # None: the wrap-up Q&A
    incident_no: Mapped[int] = mapped_column(Integer, default=1)  # 0 for the wrap-up Q&A
    planned_minutes: Mapped[int] = mapped_column(Integer, default=20)
    clock: Mapped[str] = mapped_column(String(16), default="ready")
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    running_since: Mapped[datetime | None] = mapped_column(DateTime)
    elapsed_before: Mapped[float] = mapped_column(default=0.0)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    team_may_moderate: Mapped[bool] = mapped_column(Boolean, default=False)
    rev: Mapped[int] = mapped_column(Integer, default=0)

    team: Mapped[Team | None] = relationship()
    workshop: Mapped[Workshop] = relationship(foreign_keys=[workshop_id])

    @property
    def wrapup(self):
        """The wrap-up Q&A: participants ask, the instructor answers."""
        return self.team_id is None


class News(db.Model):
    """Breaking news fired during a conference: an aggravating factor or the instructor's own."""

    __table_args__ = (UniqueConstraint("conference_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id"), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    factor_id: Mapped[str | None] = mapped_column(String(64))
    headline: Mapped[dict] = mapped_column(JSON)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    fired_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CustomScenario(db.Model):
    """An incident or factor an instructor wrote, kept in the scenario files' own schema."""

    __table_args__ = (UniqueConstraint("instructor_id", "kind", "scenario_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instructor_id: Mapped[int] = mapped_column(ForeignKey("instructor.id"))
    kind: Mapped[str] = mapped_column(String(16))
    scenario_id: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class WorkshopQuestion(db.Model):
    """A question the instructor wrote for this workshop, kept in the bank's own schema."""

    __table_args__ = (UniqueConstraint("workshop_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(64))
    theme: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Reporter(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"))
    name: Mapped[str] = mapped_column(String(80))
    outlet: Mapped[str] = mapped_column(String(32))
    instructor_id: Mapped[int | None] = mapped_column(ForeignKey("instructor.id"))
    joined_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime)  # removed by the instructor


class Question(db.Model):
    __table_args__ = (UniqueConstraint("reporter_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("reporter.id"))
    client_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    bank_id: Mapped[str | None] = mapped_column(String(64))  # the bank question it came from
    follows_answer_id: Mapped[int | None] = mapped_column(ForeignKey("answer.id", use_alter=True))
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    reject_reason: Mapped[str] = mapped_column(Text, default="")
    votes: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    live_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)

    reporter: Mapped[Reporter] = relationship()
    answer: Mapped["Answer | None"] = relationship(
        back_populates="question", foreign_keys="Answer.question_id"
    )


class Vote(db.Model):
    __table_args__ = (UniqueConstraint("question_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("reporter.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Answer(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), unique=True)
    client_id: Mapped[str] = mapped_column(String(64))
    speaker: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    question: Mapped[Question] = relationship(back_populates="answer", foreign_keys=[question_id])


class Reaction(db.Model):
    __table_args__ = (UniqueConstraint("answer_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("reporter.id"))
    kind: Mapped[str] = mapped_column(String(16))


class Score(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id"), unique=True)
    client_id: Mapped[str] = mapped_column(String(64))
    values: Mapped[dict] = mapped_column(JSON)
    comment: Mapped[str] = mapped_column(Text, default="")
    scored_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AnswerFlag(db.Model):
    """A red flag Kaiken found in an answer; the instructor may dismiss it."""

    __table_args__ = (UniqueConstraint("answer_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    words: Mapped[list] = mapped_column(JSON, default=list)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    dismissed_at: Mapped[datetime | None] = mapped_column(DateTime)


class ImprovementItem(db.Model):
    """Something a team will change after a conference, tied to the document it changes and,
    once done, to the version that did it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
    incident_no: Mapped[int] = mapped_column(Integer, default=1)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answer.id"))
    flag_code: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))  # the document kind it changes
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("document_version.id"))
    done_at: Mapped[datetime | None] = mapped_column(DateTime)

    answer: Mapped[Answer | None] = relationship()
    version: Mapped[DocumentVersion | None] = relationship()


class Headline(db.Model):
    """Tomorrow's headline or social post, written from a conference's weakest answers."""

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id"), index=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answer.id"))
    kind: Mapped[str] = mapped_column(String(16))  # "headline" or "post"
    outlet: Mapped[str] = mapped_column(String(32), default="")
    text: Mapped[dict] = mapped_column(JSON)  # {"ja": …, "en": …}
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

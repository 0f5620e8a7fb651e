"""Conference mutations. Each returns what changed; the caller commits, then broadcasts."""

import functools

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from ..domain import DomainError, rubric
from ..domain import conference as rules
from ..extensions import connection, db, read
from ..models import Answer, Question, Reaction, Score, Vote, utcnow
from . import flags

# The statements of the mutations a thousand phones send (votes, reactions, revisions) are
# built once and run on the session's connection with their values as parameters: building
# and keying a statement costs more than SQLite takes to run it.


@functools.cache
def _add_to_statement(model, column):
    table = model.__table__
    counter = table.c[column]
    return (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values({column: counter + bindparam("delta")})
        .returning(counter)
    )


def add_to(row, column, delta=1):
    """Add `delta` to a counter of `row` in the database, atomically whoever else adds at the
    same time, and return the new value: one statement, which also sets it on `row`."""
    params = {"row_id": row.id, "delta": delta}
    value = connection().execute(_add_to_statement(type(row), column), params).scalar_one()
    set_committed_value(row, column, value)
    return value


def _dialect():
    return postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite


@functools.cache
def _insert_statement(dialect, model, columns):
    # RETURNING says whether a row went in: PostgreSQL's driver gives no row count here.
    table = model.__table__
    values = {name: bindparam(name) for name in columns}
    return dialect.insert(table).values(values).on_conflict_do_nothing().returning(table.c.id)


def insert_if_new(model, **values):
    """Insert a row unless a unique constraint already holds its twin; whether it was new.
    SQLite and PostgreSQL both say ON CONFLICT DO NOTHING, so a retry or a double tap costs
    one statement and never an error."""
    statement = _insert_statement(_dialect(), model, tuple(sorted(values)))
    return connection().execute(statement, values).first() is not None


def bump(conference):
    """Next revision of the conference, taken atomically in the database."""
    return add_to(conference, "rev")


def get_question(conference, question_id):
    """The conference's question with that id; another conference's is unknown here."""
    if isinstance(question_id, bool) or not isinstance(question_id, int):
        raise DomainError("unknown_question")
    question = db.session.get(Question, question_id)
    if question is None or question.conference_id != conference.id:
        raise DomainError("unknown_question")
    return question


def get_answer(conference, answer_id):
    if isinstance(answer_id, bool) or not isinstance(answer_id, int):
        raise DomainError("unknown_answer")
    answer = db.session.get(Answer, answer_id)
    if answer is None or answer.question.conference_id != conference.id:
        raise DomainError("unknown_answer")
    return answer


def require_open(conference):
    if conference.clock == "ended":
        raise DomainError("conference_ended")


def ask(conference, reporter, client_id, text, follows_answer_id, limit, bank_id=None, admit=None):
    """A reporter's question; the same client id returns the first question, not a copy.
    `admit()` runs before a new question is made (the rate limit): a retry never calls it."""
    client_id = rules.clean_client_id(client_id)
    existing = _question_by_client_id(reporter, client_id)
    if existing is not None:
        return existing, False
    if admit is not None:
        admit()
    require_open(conference)
    text = rules.clean_text(text, limit, "question")
    if follows_answer_id is not None:
        follows_answer_id = get_answer(conference, follows_answer_id).id
    question = Question(
        conference_id=conference.id,
        reporter_id=reporter.id,
        client_id=client_id,
        text=text,
        bank_id=bank_id,
        follows_answer_id=follows_answer_id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(question)
    except IntegrityError:
        return _question_by_client_id(reporter, client_id), False
    bump(conference)
    return question, True


def _question_by_client_id(reporter, client_id):
    return db.session.scalar(
        select(Question).where(Question.reporter_id == reporter.id, Question.client_id == client_id)
    )


def withdraw(conference, reporter, question_id):
    question = get_question(conference, question_id)
    if question.reporter_id != reporter.id:
        raise DomainError("not_yours")
    if question.status == "withdrawn":
        return question, False
    if question.status not in rules.WITHDRAWABLE:
        raise DomainError("illegal_move", status=question.status, action="withdraw")
    question.status = "withdrawn"
    question.closed_at = utcnow()
    bump(conference)
    return question, True


def vote(conference, reporter, question_id, on):
    """Add or take back one reporter's vote; repeating it changes nothing."""
    require_open(conference)
    question = get_question(conference, question_id)
    if question.reporter_id == reporter.id:
        raise DomainError("own_question")
    if question.status not in ("queued", "live"):
        raise DomainError("not_votable")
    if on:
        changed = insert_if_new(
            Vote, question_id=question.id, reporter_id=reporter.id, created_at=utcnow()
        )
    else:
        ids = {"question_id": question.id, "reporter_id": reporter.id}
        changed = connection().execute(_take_back_vote(), ids).rowcount == 1
    if changed:
        add_to(question, "votes", 1 if on else -1)
    return question, changed


@functools.cache
def _take_back_vote():
    table = Vote.__table__
    return delete(table).where(
        table.c.question_id == bindparam("question_id"),
        table.c.reporter_id == bindparam("reporter_id"),
    )


def live_question(conference):
    return db.session.scalar(
        select(Question).where(Question.conference_id == conference.id, Question.status == "live")
    )


def moderate(conference, question_id, action, reason, limit):
    """Move a question through the pipeline; returns every question that changed."""
    require_open(conference)
    question = get_question(conference, question_id)
    target = rules.moderation_target(action, question.status)
    changed = [question]
    now = utcnow()
    if target == "live":
        current = live_question(conference)
        if current is not None:
            current.status = rules.closing_status(current.answer is not None)
            current.closed_at = now
            changed.insert(0, current)
        question.live_at = now
        question.closed_at = None
    elif target == "rejected":
        question.reject_reason = rules.clean_text(reason, limit, "reason")
    elif target == "answered" and question.answer is None:
        raise DomainError("no_answer")
    if target in ("answered", "skipped"):
        question.closed_at = now
    if target == "queued":
        question.reject_reason = ""
    question.status = target
    bump(conference)
    return changed


def record_answer(conference, client_id, question_id, speaker, summary, limits):
    """The scribe's record of an answer; a retry with the same client id changes nothing."""
    client_id = rules.clean_client_id(client_id)
    question = get_question(conference, question_id)
    answer = question.answer
    if answer is not None and answer.client_id == client_id:
        return question, False
    require_open(conference)
    if question.status not in ("live", "answered"):
        raise DomainError("not_live")
    speaker = rules.clean_text(speaker, limits["NAME_MAX_CHARS"] * 3, "speaker")
    summary = rules.clean_text(summary, limits["ANSWER_MAX_CHARS"], "answer")
    if answer is None:
        answer = Answer(question_id=question.id, client_id=client_id)
        db.session.add(answer)
        question.answer = answer
    answer.client_id, answer.speaker, answer.summary = client_id, speaker, summary
    answer.recorded_at = utcnow()
    db.session.flush()
    flags.check(answer)
    bump(conference)
    return question, True


def react(conference, reporter, answer_id, kind):
    """One reaction per reporter and answer; a new choice replaces the old one."""
    require_open(conference)
    answer = get_answer(conference, answer_id)
    kind = rules.clean_reaction(kind)
    params = {"answer_id": answer.id, "reporter_id": reporter.id, "kind": kind}
    changed = connection().execute(_set_reaction(_dialect()), params).first() is not None
    return answer, changed


@functools.cache
def _set_reaction(dialect):
    """Insert the reaction, or change its kind: one statement that returns a row only if
    something changed (the same choice again, or a double tap, changes nothing)."""
    table = Reaction.__table__
    values = {name: bindparam(name) for name in ("answer_id", "reporter_id", "kind")}
    inserted = dialect.insert(table).values(values)
    return inserted.on_conflict_do_update(
        index_elements=[table.c.answer_id, table.c.reporter_id],
        set_={"kind": inserted.excluded.kind},
        where=table.c.kind != inserted.excluded.kind,
    ).returning(table.c.id)


@functools.cache
def _reaction_counts_query():
    # Built once: every phone's sync asks it.
    return (
        select(Reaction.answer_id, Reaction.kind, func.count())
        .where(Reaction.answer_id.in_(bindparam("answer_ids", expanding=True)))
        .group_by(Reaction.answer_id, Reaction.kind)
    )


def reaction_counts(answer_ids):
    """{answer_id: {kind: count}} for the given answers."""
    counts = {answer_id: dict.fromkeys(rules.REACTIONS, 0) for answer_id in answer_ids}
    if not counts:
        return counts
    rows = read(_reaction_counts_query(), {"answer_ids": list(counts)})
    for answer_id, kind, count in rows:
        counts[answer_id][kind] = count
    return counts


def score(conference, client_id, answer_id, values, comment, limit):
    """The instructor's score of an answer; scoring again replaces it, a retry is a no-op."""
    client_id = rules.clean_client_id(client_id)
    answer = get_answer(conference, answer_id)
    values = rubric.clean_scores(values, rubric.criteria(conference.workshop.rubric))
    comment = (comment or "").strip() if isinstance(comment, str | None) else None
    if comment is None:
        raise DomainError("bad_score")
    if len(comment) > limit:
        raise DomainError("too_long", field="comment", limit=limit, length=len(comment))
    existing = db.session.scalar(select(Score).where(Score.answer_id == answer.id))
    if existing is not None and existing.client_id == client_id:
        return existing, False
    if existing is None:
        existing = Score(answer_id=answer.id)
        db.session.add(existing)
    existing.client_id, existing.values, existing.comment = client_id, values, comment
    existing.scored_at = utcnow()
    db.session.flush()
    return existing, True


def move_clock(conference, action):
    """Start, pause, resume or end the conference clock; returns the question it closed."""
    target = rules.clock_target(action, conference.clock)
    now = utcnow()
    if conference.running_since is not None:
        conference.elapsed_before = rules.elapsed_seconds(
            conference.elapsed_before, conference.running_since, now
        )
        conference.running_since = None
    if target == "running":
        conference.running_since = now
        conference.started_at = conference.started_at or now
    closed = []
    if target == "ended":
        conference.ended_at = now
        current = live_question(conference)
        if current is not None:
            current.status = rules.closing_status(current.answer is not None)
            current.closed_at = now
            closed.append(current)
    conference.clock = target
    bump(conference)
    return closed


def plan(conference, minutes):
    """Set the planned length of the conference, shown beside its clock."""
    require_open(conference)
    conference.planned_minutes = rules.clean_minutes(minutes)
    bump(conference)
    return conference


def set_team_moderation(conference, allowed):
    if not isinstance(allowed, bool):
        raise DomainError("bad_request")
    conference.team_may_moderate = allowed
    bump(conference)
    return conference

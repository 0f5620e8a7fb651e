"""Red flags of recorded answers: found when an answer is recorded, kept with the answer, and
dismissed by the instructor where Kaiken was wrong."""

from datetime import date

from sqlalchemy import select

from ..domain import DomainError, flags
from ..extensions import db
from ..models import Answer, AnswerFlag, Conference, Question, utcnow
from . import documents, drawing

_RANK = {flags.CRITICAL: 0, flags.MAJOR: 1, flags.MINOR: 2}


def context_for(answer, today=None):
    """What the answer is checked against: the team's report, what was said before, the factors
    in force, the question's theme and the incident's facts."""
    question = answer.question
    conference = db.session.get(Conference, question.conference_id)
    found = drawing.profile(conference, today)
    report = documents.content(
        conference.workshop_id, conference.team_id, documents.REPORT, conference.incident_no
    )
    if found.records and found.records != report.get("records"):
        report["records_now"] = found.records  # a factor in force made the damage larger
    earlier = db.session.scalars(
        select(Answer.summary)
        .join(Question, Question.id == Answer.question_id)
        .where(Question.conference_id == conference.id, Answer.id != answer.id)
        .order_by(Answer.recorded_at)
    ).all()
    bank = drawing.questions(conference.workshop)
    return flags.Context(
        report=report,
        earlier=tuple(earlier),
        factors=found.active,
        theme=bank[question.bank_id].theme if question.bank_id in bank else None,
        question=question.text,
        speaker=answer.speaker,
        personal_data=found.facts.get("personal_data", True) is not False,
        malicious=found.facts.get("malicious", True) is not False,
        today=today or date.today(),
    )


def check(answer, today=None):
    """Find the answer's flags again after it was (re)recorded; a flag the instructor dismissed
    stays dismissed while the same flag is still found. The instructor's answers in the
    wrap-up Q&A are not checked: there is no incident report to hold them to."""
    if db.session.get(Conference, answer.question.conference_id).wrapup:
        return []
    found = {f.code: f for f in flags.detect(answer.summary, context_for(answer, today))}
    kept = {row.code: row for row in of_answer(answer.id)}
    for code, row in kept.items():
        if code not in found:
            db.session.delete(row)
    for code, flag in found.items():
        row = kept.get(code) or AnswerFlag(answer_id=answer.id, code=code)
        row.severity, row.words, row.params = flag.severity, list(flag.words), dict(flag.params)
        db.session.add(row)
    db.session.flush()
    return of_answer(answer.id)


def of_answer(answer_id):
    return db.session.scalars(
        select(AnswerFlag).where(AnswerFlag.answer_id == answer_id).order_by(AnswerFlag.id)
    ).all()


def of_answers(answer_ids):
    """{answer_id: [AnswerFlag]}, most serious first."""
    found = {answer_id: [] for answer_id in answer_ids}
    if not found:
        return found
    rows = db.session.scalars(select(AnswerFlag).where(AnswerFlag.answer_id.in_(found))).all()
    for row in sorted(rows, key=lambda r: (_RANK[r.severity], r.id)):
        found[row.answer_id].append(row)
    return found


def dismiss(flag_id, dismissed, conference=None, workshop=None):
    """The instructor dismisses a flag (or takes the dismissal back), live in `conference` or
    later from the review of any conference of `workshop`; the record keeps both."""
    if isinstance(flag_id, bool) or not isinstance(flag_id, int) or not isinstance(dismissed, bool):
        raise DomainError("bad_request")
    row = db.session.get(AnswerFlag, flag_id)
    answer = db.session.get(Answer, row.answer_id) if row else None
    held = db.session.get(Conference, answer.question.conference_id) if answer else None
    if held is None or (conference is not None and held.id != conference.id):
        raise DomainError("unknown_flag")
    if workshop is not None and held.workshop_id != workshop.id:
        raise DomainError("unknown_flag")
    row.dismissed_at = utcnow() if dismissed else None
    db.session.flush()
    return row

"""The conference record: what the review and the wrap-up read back."""

from sqlalchemy import select

from ..domain import rubric
from ..domain.conference import seconds_between
from ..extensions import db
from ..models import Question, Score
from . import conference as conference_service
from . import drawing, flags


def conference_record(conference, dismissed=True):
    """One row per question (withdrawn ones included), in the order they were asked, with its
    answer, reactions, score and verdict, and red flags (dismissed ones only if asked)."""
    questions = db.session.scalars(
        select(Question).where(Question.conference_id == conference.id).order_by(Question.id)
    ).all()
    answer_ids = [q.answer.id for q in questions if q.answer]
    reactions = conference_service.reaction_counts(answer_ids)
    scores = {
        s.answer_id: s
        for s in db.session.scalars(select(Score).where(Score.answer_id.in_(answer_ids)))
    }
    found = flags.of_answers(answer_ids)
    criteria = rubric.criteria(conference.workshop.rubric)
    bank = drawing.questions(conference.workshop)
    rows = []
    for q in questions:
        answer = q.answer
        score = scores.get(answer.id) if answer else None
        shown = [f for f in found.get(answer.id, [])] if answer else []
        if not dismissed:
            shown = [f for f in shown if f.dismissed_at is None]
        rows.append(
            {
                "question": q,
                "answer": answer,
                "theme": bank[q.bank_id].theme if q.bank_id in bank else None,
                "wait_seconds": seconds_between(q.created_at, q.live_at),
                "live_seconds": seconds_between(q.live_at, q.closed_at),
                "reactions": reactions.get(answer.id) if answer else None,
                "score": score,
                "mean": rubric.mean(score.values, criteria) if score else None,
                "verdict": rubric.verdict(score.values, criteria) if score else None,
                "flags": shown,
                "critical": sum(f.severity == "critical" and f.dismissed_at is None for f in shown),
            }
        )
    return rows

"""The conference record: what the review and the wrap-up read back."""

from sqlalchemy import select

from ..domain.conference import seconds_between
from ..extensions import db
from ..models import Question, Score
from .conference import reaction_counts


def conference_record(conference):
    """One row per question (withdrawn ones included), in the order they were asked."""
    questions = db.session.scalars(
        select(Question).where(Question.conference_id == conference.id).order_by(Question.id)
    ).all()
    answer_ids = [q.answer.id for q in questions if q.answer]
    reactions = reaction_counts(answer_ids)
    scores = {
        s.answer_id: s
        for s in db.session.scalars(select(Score).where(Score.answer_id.in_(answer_ids)))
    }
    rows = []
    for q in questions:
        answer = q.answer
        rows.append(
            {
                "question": q,
                "answer": answer,
                "wait_seconds": seconds_between(q.created_at, q.live_at),
                "live_seconds": seconds_between(q.live_at, q.closed_at),
                "reactions": reactions.get(answer.id) if answer else None,
                "score": scores.get(answer.id) if answer else None,
            }
        )
    return rows

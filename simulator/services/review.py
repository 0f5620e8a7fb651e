"""Improvement items: what a team will change after a conference, done by a document revision."""

from sqlalchemy import select

from ..domain import DomainError
from ..domain import documents as document_rules
from ..domain import review as rules
from ..extensions import db
from ..models import Answer, Conference, ImprovementItem, Question, utcnow
from . import flags


def items(team):
    """The team's items, open ones first, each in the order written."""
    rows = db.session.scalars(
        select(ImprovementItem)
        .where(ImprovementItem.team_id == team.id)
        .order_by(ImprovementItem.id)
    ).all()
    return sorted(rows, key=lambda item: item.done_at is not None)


def add_item(team, kind, text, author, answer_id=None):
    """A new open item; an answer it comes from must belong to one of the team's conferences,
    and the item remembers that answer's most serious red flag."""
    kind, text = rules.clean_item(kind, text)
    number, flag_code = 1, None
    if answer_id is not None:
        answer = db.session.get(Answer, answer_id)
        conference = _conference_of(answer)
        if conference is None or conference.team_id != team.id:
            raise DomainError("unknown_answer")
        number = conference.incident_no
        standing = [f for f in flags.of_answers([answer.id])[answer.id] if f.dismissed_at is None]
        flag_code = standing[0].code if standing else None
    item = ImprovementItem(
        workshop_id=team.workshop_id,
        team_id=team.id,
        incident_no=number,
        answer_id=answer_id,
        flag_code=flag_code,
        kind=kind,
        text=text,
        author=(author or "").strip()[: document_rules.LIMITS["author"]],
    )
    db.session.add(item)
    db.session.flush()
    return item


def _conference_of(answer):
    if answer is None:
        return None
    question = db.session.get(Question, answer.question_id)
    return db.session.get(Conference, question.conference_id)


def get_item(team_id, item_id):
    item = db.session.get(ImprovementItem, item_id) if isinstance(item_id, int) else None
    if item is None or item.team_id != team_id:
        raise DomainError("unknown_item")
    return item


def document_number(item):
    """Which incident's document the item changes (0 for those kept once)."""
    return document_rules.incident_no_for(document_rules.KINDS[item.kind], item.incident_no)


def complete(item, version):
    """The item is done by this new version of its document."""
    if version.document.kind != item.kind:
        raise DomainError("unknown_item")
    item.version_id, item.done_at = version.id, utcnow()
    db.session.flush()
    return item

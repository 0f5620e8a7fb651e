"""Breaking news during a conference: an aggravating factor fired live, or the instructor's own."""

from sqlalchemy import select

from ..domain import conference as rules
from ..extensions import db
from ..models import News
from .conference import bump, require_open


def of(conference):
    """The breaking news fired during the conference, oldest first."""
    return db.session.scalars(
        select(News).where(News.conference_id == conference.id).order_by(News.id)
    ).all()


def fire(conference, client_id, factor, headline, details):
    """Breaking news for every screen: a factor's (given as `factor`) or the instructor's own."""
    client_id = rules.clean_client_id(client_id)
    existing = db.session.scalar(
        select(News).where(News.conference_id == conference.id, News.client_id == client_id)
    )
    if existing is not None:
        return existing, False
    require_open(conference)
    item = News(
        conference_id=conference.id,
        client_id=client_id,
        factor_id=factor,
        headline=headline,
        details=details,
    )
    db.session.add(item)
    bump(conference)
    db.session.flush()
    return item, True

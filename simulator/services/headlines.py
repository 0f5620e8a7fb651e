"""Tomorrow's headlines of a conference: written from its weakest answers, shown on the shared
screen, and the news that incident 2 starts from under the 'failed conference' and 'journalist
interest' factors."""

from sqlalchemy import delete, select

from ..domain import headlines as rules
from ..extensions import db
from ..models import Conference, Headline, News
from .record import conference_record

# Factors whose incident 2 opens with the team's headlines from incident 1.
FROM_HEADLINES = ("failed_conf", "media_heat")


def entry(row):
    """A record row (an answered question) as the headline writer reads it."""
    return rules.Entry(
        answer_id=row["answer"].id,
        summary=row["answer"].summary,
        flags=tuple((f.code, f.severity, tuple(f.words)) for f in row["flags"]),
        mean=row["mean"],
        not_answered=(row["reactions"] or {}).get("not_answered", 0),
    )


def entries(conference):
    """The conference's answered questions, red flags the instructor dismissed left out."""
    rows = conference_record(conference, dismissed=False)
    return [entry(row) for row in rows if row["answer"] is not None]


def write(conference):
    """Write the conference's headlines again from its record; returns them in order."""
    workshop = conference.workshop
    written = rules.write(entries(conference), workshop.org_name or workshop.title)
    db.session.execute(delete(Headline).where(Headline.conference_id == conference.id))
    for position, item in enumerate(written):
        db.session.add(
            Headline(
                conference_id=conference.id,
                answer_id=item.answer_id,
                kind=item.kind,
                outlet="social" if item.kind == "post" else "press",
                text=item.text,
                position=position,
            )
        )
    db.session.flush()
    return of(conference)


def of(conference):
    return db.session.scalars(
        select(Headline).where(Headline.conference_id == conference.id).order_by(Headline.position)
    ).all()


def for_screen(workshop):
    """The headlines the shared screen shows between conferences: those of the conference on
    screen once it has ended, else of the newest ended conference that has some."""
    current = db.session.get(Conference, workshop.current_conference_id or 0)
    if current is not None and current.clock != "ended":
        return None, []
    ended = db.session.scalars(
        select(Conference)
        .where(Conference.workshop_id == workshop.id, Conference.clock == "ended")
        .order_by(Conference.ended_at.desc())
    ).all()
    if current is not None:
        ended = [current, *[c for c in ended if c.id != current.id]]
    for conference in ended:
        found = of(conference)
        if found:
            return conference, found
    return None, []


def start_incident_2(conference, factor_ids):
    """Incident 2 under a factor that feeds on the press opens with the team's headlines from
    incident 1 as breaking news, once."""
    factor = next((f for f in FROM_HEADLINES if f in factor_ids), None)
    if factor is None or conference.incident_no != 2:
        return []
    first = db.session.scalar(
        select(Conference).where(
            Conference.team_id == conference.team_id, Conference.incident_no == 1
        )
    )
    known = {
        n.client_id
        for n in db.session.scalars(select(News).where(News.conference_id == conference.id))
    }
    added = []
    for item in of(first) if first else []:
        client_id = f"headline-{item.id}"
        if item.kind != "headline" or client_id in known:
            continue
        news = News(
            conference_id=conference.id,
            client_id=client_id,
            factor_id=factor,
            headline=item.text,
            details={},
        )
        db.session.add(news)
        added.append(news)
    db.session.flush()
    return added

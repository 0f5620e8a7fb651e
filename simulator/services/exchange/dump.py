"""The workshop as a plain dict: every table that belongs to it, secrets left out, references
between objects as file-local keys."""

from sqlalchemy import select

from ...domain.conference import elapsed_seconds
from ...extensions import db
from ...models import (
    AnswerFlag,
    Conference,
    Document,
    Headline,
    ImprovementItem,
    News,
    Question,
    Reaction,
    Reporter,
    Score,
    TeamIncident,
    Vote,
    WorkshopQuestion,
    utcnow,
)

HEADLINE_NEWS = "headline-"  # client id of news made from a headline (services.headlines)


def stamp(moment):
    """A stored UTC time as ISO 8601 with its zone; None stays None."""
    return moment.isoformat() + "Z" if moment is not None else None


class Keys:
    """File-local keys: the first object of a kind met gets "<prefix>1", the next "<prefix>2"."""

    def __init__(self):
        self.given = {}

    def of(self, prefix, row_id):
        if row_id is None:
            return None
        mine = self.given.setdefault(prefix, {})
        return mine.setdefault(row_id, f"{prefix}{len(mine) + 1}")


def rows(model, *where, order=None):
    return db.session.scalars(select(model).where(*where).order_by(order or model.id)).all()


def workshop(ws, marker, version):
    keys = Keys()
    teams = [_team(t, keys) for t in ws.teams]
    team_ids = [t.id for t in ws.teams]
    return {
        "kaiken": marker,
        "version": version,
        "exported_at": stamp(utcnow()),
        "title": ws.title,
        "org_name": ws.org_name,
        "org_profile": ws.org_profile,
        "held_on": ws.held_on.isoformat() if ws.held_on else None,
        "phase": ws.phase,
        "listed_company": ws.listed_company,
        "offered_incidents": list(ws.offered_incidents or []),
        "rubric": ws.rubric or None,
        "wrapup": _wrapup(ws.wrapup, keys),
        "teams": teams,
        "team_incidents": [
            _team_incident(row, keys)
            for row in rows(TeamIncident, TeamIncident.team_id.in_(team_ids))
        ],
        "documents": [_document(d, keys) for d in rows(Document, Document.workshop_id == ws.id)],
        "reporters": [_reporter(r, keys) for r in rows(Reporter, Reporter.workshop_id == ws.id)],
        "conferences": _conferences(ws, keys),
        "improvement_items": [
            _item(i, keys) for i in rows(ImprovementItem, ImprovementItem.workshop_id == ws.id)
        ],
        "workshop_questions": [
            _own_question(q) for q in rows(WorkshopQuestion, WorkshopQuestion.workshop_id == ws.id)
        ],
    }


def _wrapup(notes, keys):
    """The instructor's notes; per-team notes keyed by the team's key instead of its id."""
    if not notes:
        return notes
    found = dict(notes)
    if isinstance(found.get("teams"), dict):
        known = keys.given.get("t", {})
        found["teams"] = {
            known[int(k)]: text
            for k, text in found["teams"].items()
            if str(k).isdigit() and int(k) in known
        }
    return found


def _team(team, keys):
    return {
        "ref": keys.of("t", team.id),
        "name": team.name,
        "position": team.position,
        "members": list(team.members or []),
    }


def _team_incident(row, keys):
    return {
        "team": keys.of("t", row.team_id),
        "incident_no": row.incident_no,
        "incident_id": row.incident_id,
        "params": dict(row.params or {}),
        "factors": list(row.factors or []),
        "chosen_at": stamp(row.chosen_at),
    }


def _document(document, keys):
    return {
        "ref": keys.of("d", document.id),
        "team": keys.of("t", document.team_id),
        "kind": document.kind,
        "incident_no": document.incident_no,
        "versions": [
            {
                "ref": keys.of("v", v.id),
                "number": v.number,
                "content": v.content,
                "reason": v.reason,
                "author": v.author,
                "created_at": stamp(v.created_at),
            }
            for v in document.versions
        ],
    }


def _reporter(reporter, keys):
    return {
        "ref": keys.of("r", reporter.id),
        "name": reporter.name,
        "outlet": reporter.outlet,
        "instructor": reporter.instructor_id is not None,
        "joined_at": stamp(reporter.joined_at),
    }


def _conferences(ws, keys):
    conferences = rows(Conference, Conference.workshop_id == ws.id)
    headline_ids = {
        h.id for c in conferences for h in rows(Headline, Headline.conference_id == c.id)
    }
    return [_conference(c, keys, headline_ids) for c in conferences]


def _conference(conference, keys, headline_ids):
    questions = rows(Question, Question.conference_id == conference.id)
    return {
        "ref": keys.of("c", conference.id),
        "team": keys.of("t", conference.team_id),
        "incident_no": conference.incident_no,
        "clock": conference.clock,
        "planned_minutes": conference.planned_minutes,
        "started_at": stamp(conference.started_at),
        "ended_at": stamp(conference.ended_at),
        "elapsed_seconds": elapsed_seconds(
            conference.elapsed_before, conference.running_since, utcnow()
        ),
        "team_may_moderate": conference.team_may_moderate,
        "questions": [_question(q, keys) for q in questions],
        "headlines": [
            _headline(h, keys)
            for h in rows(
                Headline, Headline.conference_id == conference.id, order=Headline.position
            )
        ],
        "news": [
            _news(n, keys, headline_ids) for n in rows(News, News.conference_id == conference.id)
        ],
    }


def _question(question, keys):
    voters = rows(Vote, Vote.question_id == question.id)
    return {
        "ref": keys.of("q", question.id),
        "reporter": keys.of("r", question.reporter_id),
        "text": question.text,
        "bank_id": question.bank_id,
        "status": question.status,
        "reject_reason": question.reject_reason,
        "votes": question.votes,
        "voted_by": [keys.of("r", v.reporter_id) for v in voters],
        "follows": keys.of("a", question.follows_answer_id),
        "created_at": stamp(question.created_at),
        "live_at": stamp(question.live_at),
        "closed_at": stamp(question.closed_at),
        "answer": _answer(question.answer, keys) if question.answer else None,
    }


def _answer(answer, keys):
    score = db.session.scalar(select(Score).where(Score.answer_id == answer.id))
    return {
        "ref": keys.of("a", answer.id),
        "speaker": answer.speaker,
        "summary": answer.summary,
        "recorded_at": stamp(answer.recorded_at),
        "reactions": [
            {"reporter": keys.of("r", r.reporter_id), "kind": r.kind}
            for r in rows(Reaction, Reaction.answer_id == answer.id)
        ],
        "score": {
            "values": dict(score.values),
            "comment": score.comment,
            "scored_at": stamp(score.scored_at),
        }
        if score
        else None,
        "flags": [_flag(f) for f in rows(AnswerFlag, AnswerFlag.answer_id == answer.id)],
    }


def _flag(flag):
    return {
        "code": flag.code,
        "severity": flag.severity,
        "words": list(flag.words or []),
        "params": dict(flag.params or {}),
        "dismissed": flag.dismissed_at is not None,
        "dismissed_at": stamp(flag.dismissed_at),
    }


def _headline(headline, keys):
    return {
        "ref": keys.of("h", headline.id),
        "answer": keys.of("a", headline.answer_id),
        "kind": headline.kind,
        "outlet": headline.outlet,
        "text": headline.text,
        "position": headline.position,
        "created_at": stamp(headline.created_at),
    }


def _news(news, keys, headline_ids):
    """Breaking news; news made from a headline keeps which one, so it is not made twice."""
    source = news.client_id[len(HEADLINE_NEWS) :]
    made = news.client_id.startswith(HEADLINE_NEWS) and source.isdigit()
    from_headline = int(source) if made and int(source) in headline_ids else None
    return {
        "factor_id": news.factor_id,
        "headline": news.headline,
        "details": news.details,
        "from_headline": keys.of("h", from_headline),
        "fired_at": stamp(news.fired_at),
    }


def _item(item, keys):
    return {
        "team": keys.of("t", item.team_id),
        "incident_no": item.incident_no,
        "answer": keys.of("a", item.answer_id),
        "flag_code": item.flag_code,
        "kind": item.kind,
        "text": item.text,
        "author": item.author,
        "done": item.done_at is not None,
        "version": keys.of("v", item.version_id),
        "created_at": stamp(item.created_at),
        "done_at": stamp(item.done_at),
    }


def _own_question(row):
    return {
        "question_id": row.question_id,
        "theme": row.theme,
        "data": row.data,
        "created_at": stamp(row.created_at),
    }

"""What each role sees of a conference: the snapshot on (re)connect and the deltas after it."""

import functools

from flask import current_app
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from .domain import conference as rules
from .domain import documents as document_rules
from .domain import rubric
from .extensions import db, read
from .models import (
    Answer,
    Question,
    Reaction,
    Reporter,
    Score,
    Vote,
    utcnow,
)
from .services import conference as conf_service
from .services import documents, flags, news


def iso(moment):
    return moment.isoformat(timespec="milliseconds") + "Z" if moment else None


def audience(identity, conference):
    """'mod' for those who moderate this conference, else 'public'."""
    if identity.role == "instructor":
        return "mod"
    if identity.role == "team" and identity.team_id == conference.team_id:
        return "mod" if conference.team_may_moderate else "team"
    return "public"


def visible(question, view, reporter_id=None):
    if reporter_id is not None and question.reporter_id == reporter_id:
        return True
    if view == "mod":
        return question.status not in rules.HIDDEN_STATUSES
    return question.status in rules.PUBLIC_STATUSES


def question_view(question, view, reporter_id=None):
    """One question as `view` sees it, or None when it is hidden from that view."""
    if not visible(question, view, reporter_id):
        return None
    answer = question.answer
    data = {
        "id": question.id,
        "text": question.text,
        "status": question.status,
        "votes": question.votes,
        "reporter": {"name": question.reporter.name, "outlet": question.reporter.outlet},
        "created_at": iso(question.created_at),
        "live_at": iso(question.live_at),
        "closed_at": iso(question.closed_at),
        "follows_answer_id": question.follows_answer_id,
        "bank_id": question.bank_id,
        "answer": None,
    }
    if answer is not None:
        data["answer"] = {
            "id": answer.id,
            "speaker": answer.speaker,
            "summary": answer.summary,
            "recorded_at": iso(answer.recorded_at),
        }
    mine = reporter_id is not None and question.reporter_id == reporter_id
    if view == "mod" or mine:
        data["reject_reason"] = question.reject_reason
    data["mine"] = mine
    return data


@functools.cache
def _counts_query():
    # Built once, like the other selects every phone's sync or every broadcast sends: building
    # a select costs more than SQLite takes to answer it.
    return (
        select(
            func.count(Question.id).filter(Question.status.notin_(rules.HIDDEN_STATUSES)),
            func.count(Question.id).filter(Question.status.in_(rules.OPEN_STATUSES)),
            func.count(Answer.id).filter(Question.status != rules.REMOVED),
        )
        .select_from(Question)
        .outerjoin(Answer, Answer.question_id == Question.id)
        .where(Question.conference_id == bindparam("conference_id"))
    )


def counts(conference):
    """Received, waiting and answered questions of the conference, in one query."""
    received, queued, answered = read(_counts_query(), {"conference_id": conference.id}).one()
    return {"received": received, "queued": queued, "answered": answered}


def questions_of(conference):
    """The conference's questions in order, with their answers and reporters: three queries."""
    return db.session.scalars(
        select(Question)
        .where(Question.conference_id == conference.id)
        .options(selectinload(Question.answer), joinedload(Question.reporter))
        .order_by(Question.id)
    ).all()


def clock_view(conference):
    return {
        "state": conference.clock,
        "elapsed": round(
            rules.elapsed_seconds(conference.elapsed_before, conference.running_since, utcnow()), 1
        ),
        "running_since": iso(conference.running_since),
        "planned_minutes": conference.planned_minutes,
        "started_at": iso(conference.started_at),
        "ended_at": iso(conference.ended_at),
        "server_now": iso(utcnow()),
    }


def conference_view(conference, view):
    """The conference as `view` sees it: its agenda, report, news and clock."""
    workshop_id, team_id, number = (
        conference.workshop_id,
        conference.team_id,
        conference.incident_no,
    )
    agenda = documents.content(workshop_id, team_id, documents.AGENDA, number)
    report = documents.content(workshop_id, team_id, documents.REPORT, number)
    return {
        "id": conference.id,
        "team": conference.team.name if conference.team else "",
        "wrapup": conference.wrapup,
        "incident_no": number,
        "title": agenda.get("title") or (conference.team.name if conference.team else ""),
        "summary": agenda.get("summary", ""),
        "recipients": agenda.get("recipients", ""),
        "speakers": agenda.get("speakers", []),
        "running_order": agenda.get("running_order", []),
        "report": report_view(report),
        **live_conference_views(conference, (view,))[view],
    }


def live_conference_views(conference, views):
    """What a change to the conference itself (clock, news, team moderation) alters, for
    each of `views`. Pages keep the rest of `conference_view` from their snapshot: the
    agenda and report change only when a document is saved, which sends every page to sync.
    A factor fired to a thousand phones is then 1 KB each, not 5."""
    drawn = {
        "news": [news_view(item) for item in news.of(conference)],
        "clock": clock_view(conference),
        "team_may_moderate": conference.team_may_moderate,
    }
    return {view: {**drawn, "can_moderate": view == "mod"} for view in views}


def report_view(report):
    """The published report: its title and each filled section, labelled by the page's script."""
    kind = document_rules.KINDS[documents.REPORT]
    sections = []
    if report.get("body"):  # a report written before the structured form
        sections.append({"field": "body", "type": "text", "value": report["body"]})
    for spec in kind.fields[1:]:
        value = report.get(spec.id)
        if value not in (None, "", []):
            sections.append({"field": spec.id, "type": spec.type, "value": value})
    return {"title": report.get("title", ""), "sections": sections}


def news_view(item):
    return {
        "id": item.id,
        "factor": item.factor_id,
        "headline": item.headline,
        "details": item.details,
        "fired_at": iso(item.fired_at),
    }


def snapshot(conference, identity):
    """Everything a client of this identity needs to draw its screen from nothing."""
    view = audience(identity, conference)
    reporter_id = identity.reporter_id
    if view == "public":
        shown, drawn, totals = _public_snapshot(conference, reporter_id)
    else:
        questions = questions_of(conference)
        shown = [v for q in questions if (v := question_view(q, view, reporter_id)) is not None]
        drawn, totals = conference_view(conference, view), counts(conference)
    answer_ids = [q["answer"]["id"] for q in shown if q["answer"]]
    data = {
        "rev": conference.rev,
        "role": identity.role,
        "view": view,
        "conference": drawn,
        "questions": shown,
        "counts": totals,
        "reactions": {str(k): v for k, v in conf_service.reaction_counts(answer_ids).items()},
    }
    if reporter_id is not None:
        data["me"] = _reporter_view(reporter_id, conference)
    if identity.role == "instructor":
        data["scores"] = _scores(conference, answer_ids)
        data["flags"] = {
            str(k): [flag_view(f) for f in rows] for k, rows in flags.of_answers(answer_ids).items()
        }
    return data


def _public_snapshot(conference, reporter_id):
    """(questions, conference, counts) as the shared screen and the phones see them.

    A thousand phones reconnecting after a Wi-Fi drop all ask for the same picture, so the
    part they share is drawn once per revision of the conference and version of its documents
    and kept; each phone then adds only its own questions (which it may see before the
    moderator lets them through), today's votes and the running clock."""
    held = current_app.extensions.setdefault("kaiken_public_snapshots", {})
    key = (conference.rev, documents.newest_version(conference.workshop_id))
    found = held.get(conference.id)
    if found is None or found[0] != key:
        questions = questions_of(conference)
        shared = (
            [v for q in questions if (v := question_view(q, "public")) is not None],
            conference_view(conference, "public"),
            counts(conference),
        )
        found = (key, shared)
        held[conference.id] = found
    shown, drawn, totals = found[1]
    ids = {"conference_id": conference.id, "reporter_id": reporter_id}
    votes = dict(read(_sync_queries()["votes"], ids).all())
    own = {}
    if reporter_id is not None:
        mine = db.session.scalars(_sync_queries()["own"], ids).all()
        own = {q.id: question_view(q, "public", reporter_id) for q in mine}
    merged = {q["id"]: q for q in shown} | own
    questions = [{**merged[i], "votes": votes.get(i, merged[i]["votes"])} for i in sorted(merged)]
    return questions, {**drawn, "clock": clock_view(conference)}, totals


@functools.cache
def _sync_queries():
    """The selects of a phone's sync, built once with the conference and reporter as
    parameters: a thousand phones sync at once after a Wi-Fi drop."""
    conference_id, reporter_id = bindparam("conference_id"), bindparam("reporter_id")
    return {
        "votes": select(Question.id, Question.votes).where(Question.conference_id == conference_id),
        "own": select(Question)
        .where(Question.conference_id == conference_id, Question.reporter_id == reporter_id)
        .options(selectinload(Question.answer), joinedload(Question.reporter)),
        "my_votes": select(Vote.question_id)
        .join(Question, Question.id == Vote.question_id)
        .where(Vote.reporter_id == reporter_id, Question.conference_id == conference_id),
        "my_reactions": select(Reaction.answer_id, Reaction.kind).where(
            Reaction.reporter_id == reporter_id
        ),
    }


def _reporter_view(reporter_id, conference):
    reporter = db.session.get(Reporter, reporter_id)
    ids = {"conference_id": conference.id, "reporter_id": reporter_id}
    votes = read(_sync_queries()["my_votes"], ids).scalars().all()
    reactions = read(_sync_queries()["my_reactions"], ids).all()
    return {
        "name": reporter.name,
        "outlet": reporter.outlet,
        "votes": list(votes),
        "reactions": {str(answer_id): kind for answer_id, kind in reactions},
    }


def _scores(conference, answer_ids):
    if not answer_ids:
        return {}
    criteria = rubric.criteria(conference.workshop.rubric)
    rows = db.session.scalars(select(Score).where(Score.answer_id.in_(answer_ids))).all()
    return {str(s.answer_id): score_view(s, criteria) for s in rows}


def score_view(score, criteria):
    """A score as instructors see it, with the verdict its levels make."""
    return {
        "answer_id": score.answer_id,
        "values": score.values,
        "comment": score.comment,
        "verdict": rubric.verdict(score.values, criteria),
    }


def flag_view(flag):
    return {
        "id": flag.id,
        "answer_id": flag.answer_id,
        "code": flag.code,
        "severity": flag.severity,
        "words": flag.words,
        "params": flag.params,
        "dismissed": flag.dismissed_at is not None,
    }

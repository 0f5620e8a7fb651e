"""Socket.IO handlers: thin layers that check the sender, call a service, commit, then emit."""

import functools

from flask import current_app, session
from flask_babel import get_locale
from flask_socketio import ConnectionRefusedError, join_room, leave_room

from .. import ratelimit, requestlog
from ..domain import DomainError, out_of_range, rubric
from ..domain.conference import clean_text
from ..extensions import db, socketio
from ..identity import check, resolve
from ..messages import refusal
from ..models import Conference, Reporter, Workshop
from ..services import conference as svc
from ..services import content, drawing, flags, news
from ..views import flag_view, score_view, snapshot
from . import events, lane
from .fanout import emit_tallies, reaction_tallies, vote_tallies
from .rooms import (
    broadcast_conference,
    broadcast_questions,
    instructor_room,
    rooms_for,
    workshop_room,
)

MODERATORS = ("instructor", "team")
NEWS_LIMITS = {"headline": 200, "details": 1000}


def current_identity(also=()):
    """The identity this connection proved at connect, checked again against the database
    (with the columns `also` names read by the same query)."""
    return resolve(
        session.get("socket_role"), session.get("socket_workshop"), with_conference=True, also=also
    )


def current_conference(identity):
    workshop = db.session.get(Workshop, identity.workshop_id)
    if workshop.current_conference_id is None:
        return None
    return db.session.get(Conference, workshop.current_conference_id)


def may_moderate(identity, conference):
    if identity.role == "instructor":
        return True
    return (
        identity.role == "team"
        and identity.team_id == conference.team_id
        and conference.team_may_moderate
    )


def presenting(identity, conference):
    return identity.role == "instructor" or (
        identity.role == "team" and identity.team_id == conference.team_id
    )


def _well_formed(payload):
    """An event's payload: none, or a dict within the size limits."""
    return payload is None or (isinstance(payload, dict) and not out_of_range(payload))


def handler(name, roles, also=None, background=False, quick=None):
    """Register an acknowledged event for some roles; refusals roll back and say why. `also`
    gives columns the event reads next, for the query that checks the sender to read too.
    A `background` event waits for broadcasts being written (`lane`). `quick(workshop_id)`
    may answer a well-formed request from a connection of one of `roles` at once, or give None
    for the full path, which checks everything and says why it refuses."""

    def wrap(func):
        def checked(payload=None, *extra):
            well_formed = not extra and _well_formed(payload)
            if quick is not None and session.get("socket_role") in roles and well_formed:
                found = quick(session.get("socket_workshop"))
                if found is not None:
                    return found
            # The broadcast after the commit draws the rows just written: without this, the
            # commit would expire them and the broadcast load each one again.
            db.session().expire_on_commit = False
            identity = current_identity(also() if also else ())
            if identity is None:
                return refusal("unauthorized")
            if identity.role not in roles:
                return refusal("forbidden")
            if not well_formed:
                return refusal("bad_request")
            conference = current_conference(identity)
            if conference is None:
                return refusal("no_conference")
            try:
                return func(identity, conference, payload or {})
            except DomainError as error:
                db.session.rollback()
                return refusal(error.code, **error.params)
            except Exception:
                db.session.rollback()
                requestlog.event_failed(name)
                return refusal("server_error")

        @functools.wraps(func)
        def run(payload=None, *extra):
            if not background:
                return checked(payload, *extra)
            with lane.turn():
                return checked(payload, *extra)

        socketio.on_event(name, requestlog.logged(name, run))
        return run

    return wrap


@socketio.on("connect")
def on_connect(auth=None):
    """Any page: proves its role with the session cookie; strangers are refused."""
    auth = auth if isinstance(auth, dict) and not out_of_range(auth) else {}
    identity = check(auth.get("role"), auth.get("workshop"))
    if identity is None:
        requestlog.connection_refused(auth)
        raise ConnectionRefusedError("unauthorized")
    session["socket_role"], session["socket_workshop"] = identity.role, identity.workshop_id
    # The language this connection speaks for its life: the page reloads to change it.
    session["socket_lang"] = str(get_locale())
    # Even before a conference opens, the page hears of phase changes and conferences opening.
    room = workshop_room(identity.workshop_id)
    join_room(room)
    # The rooms this connection is in, kept here: asking the server would scan every room of
    # every phone, at each phone's sync.
    session["socket_rooms"] = [room]


@handler(events.SYNC, roles=("instructor", "team", "screen", "reporter"))
def on_sync(identity, conference, payload):
    """Any role: joins its rooms for the open conference; ack carries the full snapshot, and
    for a phone that asks (`{suggestions: true}`, its first sync) its first suggestions: a
    room of phones joining at once then sends one request each, not two."""
    wanted = rooms_for(identity, conference)
    held = set(session.get("socket_rooms", ()))
    for room in held - set(wanted):
        leave_room(room)
    for room in wanted:
        if room not in held:
            join_room(room)
    session["socket_rooms"] = wanted
    found = snapshot(conference, identity)
    if identity.role == "reporter" and payload.get("suggestions") is True:
        found["suggestions"] = drawing.suggestions(
            conference, _reporter(identity), str(get_locale())
        )
    return {"ok": True, "snapshot": found}


def _reporter(identity):
    return db.session.get(Reporter, identity.reporter_id)


@handler(events.ASK, roles=("reporter",))
def on_ask(identity, conference, payload):
    """Reporter: asks a question; moderators see it at once, the author gets its status."""
    reporter = _reporter(identity)
    question, created = svc.ask(
        conference,
        reporter,
        payload.get("client_id"),
        payload.get("text"),
        payload.get("follows_answer_id"),
        current_app.config["QUESTION_MAX_CHARS"],
        bank_id=drawing.clean_bank_id(conference.workshop, payload.get("bank_id")),
        admit=lambda: ratelimit.check(current_app, "question", reporter.id),
    )
    db.session.commit()
    if created:
        ratelimit.count(current_app, "question", reporter.id)
        broadcast_questions(conference, [question])
    return {"ok": True, "question_id": question.id, "status": question.status}


def _quick_suggest(workshop_id):
    found = drawing.quick_suggestions(workshop_id, str(get_locale()))
    return None if found is None else {"ok": True, **found}


@handler(
    events.SUGGEST,
    roles=("reporter",),
    also=drawing.stamp_columns,
    background=True,
    quick=_quick_suggest,
)
def on_suggest(identity, conference, payload):
    """Reporter: the questions the bank suggests now, and follow-ups to the newest answer."""
    found = drawing.suggestions(conference, _reporter(identity), str(get_locale()))
    db.session.rollback()  # reading only
    return {"ok": True, **found}


@handler(events.WITHDRAW, roles=("reporter",))
def on_withdraw(identity, conference, payload):
    """Reporter: withdraws an own question that is not yet live; it leaves every screen."""
    question, changed = svc.withdraw(conference, _reporter(identity), payload.get("question_id"))
    db.session.commit()
    if changed:
        broadcast_questions(conference, [question])
    return {"ok": True, "status": question.status}


@handler(events.VOTE, roles=("reporter",))
def on_vote(identity, conference, payload):
    """Reporter: one vote per question (on or off); counts reach the phones coalesced."""
    ratelimit.check(current_app, "vote", identity.reporter_id)
    question, changed = svc.vote(
        conference, _reporter(identity), payload.get("question_id"), payload.get("on", True) is True
    )
    # Read before the commit expires them: a vote storm should not reload its rows.
    conference_id, question_id, votes = conference.id, question.id, question.votes
    db.session.commit()
    if changed:
        ratelimit.count(current_app, "vote", identity.reporter_id)
        emit_tallies(conference_id, vote_tallies({question_id: votes}))
        current_app.extensions["kaiken_fanout"].votes_changed(conference_id, question_id)
    return {"ok": True, "votes": votes}


@handler(events.MODERATE, roles=MODERATORS)
def on_moderate(identity, conference, payload):
    """Moderator: queue, reject (with a reason), put live, skip or close a question."""
    if not may_moderate(identity, conference):
        return refusal("forbidden")
    changed = svc.moderate(
        conference,
        payload.get("question_id"),
        payload.get("action"),
        payload.get("reason"),
        current_app.config["COMMENT_MAX_CHARS"],
    )
    db.session.commit()
    broadcast_questions(conference, changed)
    return {"ok": True, "status": changed[-1].status}


@handler(events.ANSWER, roles=MODERATORS)
def on_answer(identity, conference, payload):
    """Presenting team's scribe (or instructor): records who answered and what was said."""
    if not presenting(identity, conference):
        return refusal("forbidden")
    question, changed = svc.record_answer(
        conference,
        payload.get("client_id"),
        payload.get("question_id"),
        payload.get("speaker"),
        payload.get("summary"),
        current_app.config,
    )
    db.session.commit()
    if changed:
        broadcast_questions(conference, [question])
        _tell_flags(conference, question.answer.id)
    return {"ok": True, "answer_id": question.answer.id}


def _tell_flags(conference, answer_id):
    found = [flag_view(f) for f in flags.of_answer(answer_id)]
    payload = {"answer_id": answer_id, "flags": found}
    socketio.emit(events.FLAGS, payload, to=instructor_room(conference.id))


@handler(events.DISMISS_FLAG, roles=("instructor",))
def on_dismiss_flag(identity, conference, payload):
    """Instructor: dismisses a red flag Kaiken got wrong, or restores it; instructors see it."""
    row = flags.dismiss(payload.get("flag_id"), payload.get("dismissed", True), conference)
    db.session.commit()
    _tell_flags(conference, row.answer_id)
    return {"ok": True}


@handler(events.REACT, roles=("reporter",))
def on_react(identity, conference, payload):
    """Reporter: satisfied / not answered / follow-up on an answer; counts are coalesced."""
    ratelimit.check(current_app, "reaction", identity.reporter_id)
    answer, changed = svc.react(
        conference, _reporter(identity), payload.get("answer_id"), payload.get("kind")
    )
    conference_id, answer_id = conference.id, answer.id
    db.session.commit()
    if changed:
        ratelimit.count(current_app, "reaction", identity.reporter_id)
        emit_tallies(conference_id, reaction_tallies([answer_id]))
        current_app.extensions["kaiken_fanout"].reactions_changed(conference_id, answer_id)
    return {"ok": True}


@handler(events.SCORE, roles=("instructor",))
def on_score(identity, conference, payload):
    """Instructor: scores an answer on the rubric; only instructors' screens receive it."""
    score, changed = svc.score(
        conference,
        payload.get("client_id"),
        payload.get("answer_id"),
        payload.get("values"),
        payload.get("comment"),
        current_app.config["COMMENT_MAX_CHARS"],
    )
    db.session.commit()
    if changed:
        view = score_view(score, rubric.criteria(conference.workshop.rubric))
        socketio.emit(events.SCORED, view, to=instructor_room(conference.id))
    return {"ok": True}


@handler(events.CLOCK, roles=MODERATORS)
def on_clock(identity, conference, payload):
    """Moderator: start, pause, resume or end the conference; every screen follows."""
    if not may_moderate(identity, conference):
        return refusal("forbidden")
    closed = svc.move_clock(conference, payload.get("action"))
    db.session.commit()
    broadcast_conference(conference, closed)
    return {"ok": True, "clock": conference.clock}


@handler(events.PLAN, roles=("instructor",))
def on_plan(identity, conference, payload):
    """Instructor: sets the conference's planned length; every clock shows it."""
    svc.plan(conference, payload.get("minutes"))
    db.session.commit()
    broadcast_conference(conference)
    return {"ok": True, "planned_minutes": conference.planned_minutes}


@handler(events.TEAM_MODERATION, roles=("instructor",))
def on_team_moderation(identity, conference, payload):
    """Instructor: lets the presenting team's MC moderate, or takes it back."""
    svc.set_team_moderation(conference, payload.get("allowed"))
    db.session.commit()
    broadcast_conference(conference)
    return {"ok": True, "team_may_moderate": conference.team_may_moderate}


@handler(events.FIRE_NEWS, roles=("instructor",))
def on_fire_news(identity, conference, payload):
    """Instructor: breaking news, a factor's or their own; every screen and phone shows it."""
    factor_id = payload.get("factor") or None
    if factor_id is not None:
        factors = content.factors(conference.workshop.instructor_id)
        factor = factors.get(factor_id) if isinstance(factor_id, str) else None
        if factor is None:
            raise DomainError("unknown_factor")
        headline, details = factor.breaking_news, factor.description
    else:
        text = clean_text(payload.get("headline"), NEWS_LIMITS["headline"], "headline")
        more = payload.get("details") or ""
        if not isinstance(more, str):
            raise DomainError("bad_request")
        more, limit = more.strip(), NEWS_LIMITS["details"]
        if len(more) > limit:
            raise DomainError("too_long", field="details", limit=limit, length=len(more))
        headline, details = {"ja": text, "en": text}, ({"ja": more, "en": more} if more else {})
    item, created = news.fire(conference, payload.get("client_id"), factor_id, headline, details)
    db.session.commit()
    if created:
        broadcast_conference(conference)
    return {"ok": True, "news_id": item.id}

"""Room names and the post-commit broadcasts of a conference."""

from ..extensions import socketio
from ..views import counts, live_conference_views, question_view
from . import events, lane


def instructor_room(conference_id):
    return f"conf:{conference_id}:instr"


def team_room(conference_id):
    return f"conf:{conference_id}:team"


def screen_room(conference_id):
    return f"conf:{conference_id}:screen"


def reporters_room(conference_id):
    return f"conf:{conference_id}:rep"


def reporter_room(reporter_id):
    return f"rep:{reporter_id}"


def workshop_room(workshop_id):
    return f"ws:{workshop_id}"


def rooms_for(identity, conference):
    """The rooms a connection of this identity belongs to for the conference."""
    rooms = [workshop_room(identity.workshop_id)]
    if identity.role == "instructor":
        rooms.append(instructor_room(conference.id))
    elif identity.role == "team" and identity.team_id == conference.team_id:
        rooms.append(team_room(conference.id))
    elif identity.role == "screen":
        rooms.append(screen_room(conference.id))
    elif identity.role == "reporter":
        rooms += [reporters_room(conference.id), reporter_room(identity.reporter_id)]
    return rooms


def _audiences(conference):
    """(room, view) for each group: instructor, presenting team, screen, reporters."""
    team_view = "mod" if conference.team_may_moderate else "team"
    return (
        (instructor_room(conference.id), "mod"),
        (team_room(conference.id), team_view),
        (screen_room(conference.id), "public"),
        (reporters_room(conference.id), "public"),
    )


def shown_or_hidden(question, view):
    """The question as the view sees it, or a marker telling the view to drop it."""
    data = question_view(question, view)
    return data if data is not None else {"id": question.id, "hidden": True}


def broadcast_questions(conference, questions):
    """Send revision `conference.rev` to every room, each seeing what its view allows."""
    totals = counts(conference)
    for room, view in _audiences(conference):
        shown = [shown_or_hidden(question, view) for question in questions]
        payload = {"rev": conference.rev, "questions": shown, "counts": totals}
        socketio.emit(events.QUESTIONS, payload, to=room)
    lane.broadcast_sent()
    for question in questions:
        own = question_view(question, "public", question.reporter_id)
        socketio.emit(
            events.OWN_QUESTION, {"question": own}, to=reporter_room(question.reporter_id)
        )


def broadcast_conference(conference, questions=()):
    """A change to the conference itself (clock, news, team moderation), with any question it
    closed. The conference part holds only what such a change alters; pages merge it."""
    totals = counts(conference)
    audiences = _audiences(conference)
    drawn = live_conference_views(conference, {view for _, view in audiences})
    for room, view in audiences:
        payload = {
            "rev": conference.rev,
            "conference": drawn[view],
            "questions": [shown_or_hidden(q, view) for q in questions],
            "counts": totals,
        }
        socketio.emit(events.CONFERENCE, payload, to=room)
    lane.broadcast_sent()


def small_rooms(conference_id):
    """The few screens that get counts at once: instructor, team, shared screen."""
    return [instructor_room(conference_id), team_room(conference_id), screen_room(conference_id)]

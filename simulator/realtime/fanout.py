"""Coalesced counts: votes and reactions go to the phones at most once per tick.

The instructor, the presenting team and the shared screen get each new count at once (the
handler sends it); the phones get the counts that changed once a second, and the screens get
them again then, read fresh from the database, votes and reactions in one `tallies` message.
In a vote storm that is one message a second to each of a thousand phones instead of one per
vote."""

import functools
import threading

from sqlalchemy import bindparam, select

from ..extensions import db, read, socketio
from ..models import Question
from ..services.conference import reaction_counts
from . import events, lane, rooms

TICK_SECONDS = 1.0


class Fanout:
    """Remembers which counts changed; `flush` sends their current values to every room."""

    def __init__(self):
        self._lock = threading.Lock()
        self._votes = {}
        self._reactions = {}

    def votes_changed(self, conference_id, question_id):
        with self._lock:
            self._votes.setdefault(conference_id, set()).add(question_id)

    def reactions_changed(self, conference_id, answer_id):
        with self._lock:
            self._reactions.setdefault(conference_id, set()).add(answer_id)

    def _take(self):
        with self._lock:
            votes, self._votes = self._votes, {}
            reactions, self._reactions = self._reactions, {}
        return votes, reactions

    def flush(self):
        """Send the phones the counts changed since the last flush, read fresh from the
        database: one message a conference, votes and reactions together."""
        votes, reactions = self._take()
        for conference_id in votes.keys() | reactions.keys():
            tallies = {}
            if conference_id in votes:
                tallies.update(vote_tallies(vote_counts(votes[conference_id])))
            if conference_id in reactions:
                tallies.update(reaction_tallies(reactions[conference_id]))
            emit_tallies(conference_id, tallies, everyone=True)
        db.session.remove()


@functools.cache
def _vote_counts_query():
    ids = bindparam("question_ids", expanding=True)
    return select(Question.id, Question.votes).where(Question.id.in_(ids))


def vote_counts(question_ids):
    return dict(read(_vote_counts_query(), {"question_ids": list(question_ids)}).all())


def vote_tallies(counts):
    """{question_id: votes} as the `tallies` event carries it."""
    return {"votes": {str(qid): n for qid, n in counts.items()}}


def reaction_tallies(answer_ids):
    """The answers' reaction counts, fresh from the database, as `tallies` carries them."""
    return {"reactions": {str(k): v for k, v in reaction_counts(answer_ids).items()}}


def emit_tallies(conference_id, tallies, everyone=False):
    """Counts to the few screens that see them at once, or with `everyone` to the phones as
    well: the tick's fresh counts also put right a screen that heard two processes' counts
    crossed."""
    small = rooms.small_rooms(conference_id)
    for room in [rooms.reporters_room(conference_id), *small] if everyone else small:
        socketio.emit(events.TALLIES, tallies, to=room)
    if everyone:
        lane.broadcast_sent()


def run_ticks(app, fanout):
    """The server's background loop; tests call `fanout.flush()` directly instead."""
    while True:
        socketio.sleep(TICK_SECONDS)
        with app.app_context():
            try:
                fanout.flush()
            except Exception:  # keep ticking: one bad flush must not stop the counts
                app.logger.exception("fan-out flush failed")

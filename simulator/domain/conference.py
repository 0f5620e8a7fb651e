"""The press conference: question pipeline, clock, outlets, and reactions."""

from datetime import datetime

from . import DomainError

OUTLETS = (
    "national_daily",
    "tv",
    "business_paper",
    "it_trade",
    "weekly_magazine",
    "foreign_wire",
    "web_media",
    "blogger",
)
REACTIONS = ("satisfied", "not_answered", "follow_up")

# Moderator action -> (statuses it may start from, status it leads to)
MODERATION = {
    "queue": (("submitted", "rejected", "skipped"), "queued"),
    "reject": (("submitted", "queued"), "rejected"),
    "live": (("submitted", "queued", "skipped"), "live"),
    "skip": (("live",), "skipped"),
    "close": (("live",), "answered"),
}
WITHDRAWABLE = ("submitted", "queued")
PUBLIC_STATUSES = ("queued", "live", "answered")
REMOVED = "removed"  # the instructor removed its reporter: shown on no screen
HIDDEN_STATUSES = ("withdrawn", REMOVED)  # hidden from moderators too
OPEN_STATUSES = ("submitted", "queued")


def moderation_target(action, status):
    """The status a moderator's action leads to, or DomainError if not allowed now."""
    if action not in MODERATION:
        raise DomainError("bad_action")
    sources, target = MODERATION[action]
    if status not in sources:
        raise DomainError("illegal_move", status=status, action=action)
    return target


def closing_status(has_answer):
    """What a live question becomes when the next one goes live."""
    return "answered" if has_answer else "skipped"


def clean_text(value, limit, field):
    """Stripped text within `limit` characters; raises DomainError naming the field."""
    if not isinstance(value, str):
        raise DomainError("required", field=field)
    text = value.strip()
    if not text:
        raise DomainError("required", field=field)
    if len(text) > limit:
        raise DomainError("too_long", field=field, limit=limit, length=len(text))
    return text


def clean_client_id(value):
    """A client-made id: 8 to 64 characters of letters, digits and dashes."""
    if not isinstance(value, str) or not 8 <= len(value) <= 64:
        raise DomainError("bad_client_id")
    if not all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in value):
        raise DomainError("bad_client_id")
    return value


def clean_outlet(value):
    if value not in OUTLETS:
        raise DomainError("bad_outlet")
    return value


def clean_reaction(value):
    if value not in REACTIONS:
        raise DomainError("bad_reaction")
    return value


MAX_MINUTES = 240


def clean_minutes(value):
    """A planned length of 1 to 240 whole minutes."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MINUTES:
        raise DomainError("bad_minutes", limit=MAX_MINUTES)
    return value


# Conference clock: action -> (states it may start from, state it leads to)
CLOCK = {
    "start": (("ready",), "running"),
    "pause": (("running",), "paused"),
    "resume": (("paused",), "running"),
    "end": (("ready", "running", "paused"), "ended"),
}


def clock_target(action, state):
    if action not in CLOCK:
        raise DomainError("bad_action")
    sources, target = CLOCK[action]
    if state not in sources:
        raise DomainError("illegal_clock", state=state, action=action)
    return target


def elapsed_seconds(elapsed_before, running_since, now):
    """Seconds the conference has run, counting the current running stretch."""
    if running_since is None:
        return elapsed_before
    return elapsed_before + max(0.0, (now - running_since).total_seconds())


def seconds_between(start: datetime | None, end: datetime | None):
    if start is None or end is None:
        return None
    return round((end - start).total_seconds())

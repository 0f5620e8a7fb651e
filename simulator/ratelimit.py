"""Rate limits: token buckets kept in the server process, one per (kind, who).

A bucket holds up to `burst` tokens and gains one every `seconds`; each counted action takes
one. With several server processes each keeps its own buckets, so a limit is per process.
"""

import math
import threading
import time

from .domain import DomainError

# kind -> (burst, seconds per new token). Reporters are counted by their reporter id, joins
# and sign-ins by the address they come from: a venue's phones often share one NAT address, so
# only wrong codes and wrong passwords are counted tightly, successful joins generously.
DEFAULTS = {
    "question": (5, 12.0),  # 5 at once, then one every 12 s
    "vote": (30, 1.0),
    "reaction": (20, 1.0),
    "join_failure": (60, 1.0),  # wrong join codes from one address
    "join": (3000, 0.05),  # new reporters from one address: a hall of 3,000 in a minute
    "login_failure": (10, 30.0),  # wrong instructor passwords from one address
}
MESSAGES = {
    "question": "slow_questions",
    "vote": "slow_votes",
    "reaction": "slow_reactions",
    "join_failure": "slow_join_codes",
    "join": "slow_joins",
    "login_failure": "slow_logins",
}
MAX_BUCKETS = 50_000


class Limits:
    """The buckets of one server process; `clock` is a monotonic time in seconds."""

    def __init__(self, settings=None, clock=time.monotonic):
        self.settings = {**DEFAULTS, **(settings or {})}
        self.clock = clock
        self._lock = threading.Lock()
        self._buckets = {}  # (kind, who) -> (tokens, at)

    def _level(self, kind, who, now):
        burst, seconds = self.settings[kind]
        tokens, at = self._buckets.get((kind, who), (burst, now))
        return min(burst, tokens + (now - at) / seconds), seconds

    def wait(self, kind, who):
        """Seconds until the next action of this kind is allowed; 0 when it is allowed now."""
        with self._lock:
            tokens, seconds = self._level(kind, who, self.clock())
        return 0 if tokens >= 1 else math.ceil((1 - tokens) * seconds)

    def take(self, kind, who):
        """Count one action; returns 0, or the seconds to wait when none is left (not counted)."""
        with self._lock:
            now = self.clock()
            tokens, seconds = self._level(kind, who, now)
            if tokens < 1:
                return math.ceil((1 - tokens) * seconds)
            if len(self._buckets) >= MAX_BUCKETS:
                self._forget_full(now)
            self._buckets[(kind, who)] = (tokens - 1, now)
        return 0

    def _forget_full(self, now):
        """Drop the buckets that have refilled: they hold nothing worth remembering."""
        for key in list(self._buckets):
            if self._level(key[0], key[1], now)[0] >= self.settings[key[0]][0]:
                del self._buckets[key]


def refuse_if(seconds, kind):
    """DomainError with the kind's message and when to try again, if `seconds` says wait."""
    if seconds:
        raise DomainError(MESSAGES[kind], seconds=seconds)


def limits(app):
    return app.extensions["kaiken_limits"]


def take(app, kind, who):
    """Count one action of `kind` by `who`, or raise DomainError saying when to try again."""
    refuse_if(limits(app).take(kind, who), kind)


def count(app, kind, who):
    """Count one action already done (checked first with `check`); never refuses."""
    limits(app).take(kind, who)


def check(app, kind, who):
    """Raise DomainError saying when to try again if `who` has no `kind` left; counts nothing."""
    refuse_if(limits(app).wait(kind, who), kind)

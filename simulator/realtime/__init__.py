"""Real-time core: Socket.IO handlers, rooms and coalesced counts."""

from . import handlers  # noqa: F401

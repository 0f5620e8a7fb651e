"""One log line for each refused or failed request and Socket.IO event: what and who.

Never a password, a form's content or a token: links carry tokens in their path
(/team/<token>, /screen/<token>, /instructor/link/<token>), so paths are logged with every
token-like run of characters replaced.
"""

import functools
import re

from flask import current_app, g, has_request_context, request, session

TOKEN_LIKE = re.compile(r"[A-Za-z0-9_\-]{16,}")
PATH_LIMIT = 200
GROUPS = (("teams", "team"), ("reporters", "reporter"))


def redact(text):
    return TOKEN_LIKE.sub("[redacted]", text)


def who():
    """The identities this browser's session holds (ids only) and its address."""
    parts = []
    if session.get("instructor_id"):
        parts.append(f"instructor {session['instructor_id']}")
    for key, label in GROUPS:
        held = session.get(key)
        if isinstance(held, dict):
            parts += [f"{label} {value} of workshop {ws}" for ws, value in held.items()]
    screens = session.get("screens")
    if isinstance(screens, dict) and screens:
        parts.append("screen of workshop " + ", ".join(screens))
    return ", ".join([redact(p) for p in parts] or ["nobody signed in"]) + (
        f" from {request.remote_addr}"
    )


def what():
    return f"{request.method} {redact(request.path[:PATH_LIMIT])}"


def note(reason):
    """Say why the current request is refused; the one log line carries it."""
    if has_request_context():
        g.kaiken_refusal = reason


def log_response(response):
    """After each request: a refused (4xx) or failed (5xx) one is logged once."""
    if response.status_code < 400 or g.get("kaiken_logged"):
        return response
    reason = g.get("kaiken_refusal")
    line = f"{what()} -> {response.status_code}" + (f" ({reason})" if reason else "")
    if response.status_code >= 500:
        current_app.logger.error("request failed: %s; by %s", line, who())
    else:
        current_app.logger.info("request refused: %s; by %s", line, who())
    return response


def log_exception(app, exc_info):
    """The one line of a request that raised: what, who and the traceback."""
    g.kaiken_logged = True
    app.logger.error("request failed: %s -> 500; by %s", what(), who(), exc_info=exc_info)


def socket_who():
    """The identity a Socket.IO connection proved at connect (ids only) and its address."""
    role, workshop = session.get("socket_role"), session.get("socket_workshop")
    if role is None:
        return f"an unidentified connection from {request.remote_addr}"
    person = ""
    if role == "instructor":
        person = f" {session.get('instructor_id')}"
    elif role in ("team", "reporter"):
        person = f" {(session.get(role + 's') or {}).get(str(workshop))}"
    return f"{role}{person} of workshop {workshop} from {request.remote_addr}"


def logged(name, run):
    """An event handler whose refusals are logged once (a failure logs itself)."""

    @functools.wraps(run)
    def acknowledged(*args):
        ack = run(*args)
        if isinstance(ack, dict) and ack.get("ok") is False and ack.get("error") != "server_error":
            event_refused(name, ack)
        return ack

    return acknowledged


def event_refused(name, ack):
    current_app.logger.info("event refused: %s (%s); by %s", name, ack.get("error"), socket_who())


def event_failed(name):
    current_app.logger.exception("event failed: %s; by %s", name, socket_who())


def connection_refused(auth):
    """A connection that proved no identity; the role and workshop it claimed, clipped."""
    role, workshop = (str(auth.get(key))[:20] for key in ("role", "workshop"))
    current_app.logger.info(
        "connection refused: role %s, workshop %s; from %s",
        redact(role),
        redact(workshop),
        request.remote_addr,
    )

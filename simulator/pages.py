"""Page-wide helpers: language switch data, labels for scripts, security headers."""

from datetime import UTC

from flask import has_request_context, request
from flask_babel import get_locale

from . import labels, workshop_labels

# The role a page serves, for the phase banner's 'what is expected now'.
ROLES = {
    "instructor": "instructor",
    "setup": "instructor",
    "custom": "instructor",
    "questions": "instructor",
    "team": "team",
    "review": "team",
    "screen": "screen",
}

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def install(app):
    @app.context_processor
    def page_helpers():
        return {
            "lang": str(get_locale()),
            "labels": labels,
            "script_labels": labels.for_scripts,
            "W": workshop_labels,
            # Outside a request (a report rendered by the CLI) no page role applies.
            "page_role": ROLES.get(request.blueprint, "reporter")
            if has_request_context()
            else "reporter",
        }

    @app.template_filter("clock")
    def local_clock(moment):
        """A stored UTC time as the room's local wall-clock time (the server's time zone)."""
        return moment.replace(tzinfo=UTC).astimezone().strftime("%H:%M:%S") if moment else ""

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "public, max-age=3600"
        return response

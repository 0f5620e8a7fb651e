"""Page-wide helpers: language switch data, labels for scripts, security headers."""

from datetime import UTC

from flask import has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import get_locale
from werkzeug.middleware.proxy_fix import ProxyFix

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

# 'self' covers the page's own WebSocket (ws:/wss: to the same host); no other origin.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


class SessionInterface(SecureCookieSessionInterface):
    """The signed session cookie, marked Secure whenever the page came over TLS."""

    def open_session(self, app, request):
        # A Socket.IO event runs in a request context of its own, whose session Flask-SocketIO
        # replaces at once with the connection's: decoding the cookie again for each event
        # would be thrown away.
        held = request.environ.get("saved_session")
        return held if held is not None else super().open_session(app, request)

    def get_cookie_secure(self, app):
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


def behind_proxy(app):
    return str(app.config.get("KAIKEN_BEHIND_PROXY")).lower() in ("1", "true", "yes")


def install(app):
    app.session_interface = SessionInterface()
    if behind_proxy(app):  # the proxy's X-Forwarded-* say the client's address and scheme
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

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
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

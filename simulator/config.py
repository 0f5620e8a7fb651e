"""Configuration: defaults, then the instance file, then KAIKEN_* variables."""

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "KAIKEN_ASYNC_MODE": "threading",
    "KAIKEN_MESSAGE_QUEUE": None,
    # The queue's channel: processes of one Kaiken share it; another Kaiken on the same Redis
    # must use its own, or each hears the other's broadcasts.
    "KAIKEN_MESSAGE_CHANNEL": "kaiken",
    "KAIKEN_PUBLIC_URL": None,
    "KAIKEN_CONTENT_ROOT": str(ROOT),
    "QUESTION_MAX_CHARS": 400,
    "ANSWER_MAX_CHARS": 2000,
    "COMMENT_MAX_CHARS": 1000,
    "NAME_MAX_CHARS": 40,
    "INSTRUCTOR_LINK_MINUTES": 24 * 60,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": 14 * 24 * 3600,
    # Only a changed session is sent back: a slow response (a script, a stylesheet) must not
    # overwrite the cookie a newer page just set, CSRF token and all.
    "SESSION_REFRESH_EACH_REQUEST": False,
    "BABEL_DEFAULT_LOCALE": "ja",
    "LANGUAGES": ("ja", "en"),
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    "WTF_CSRF_TIME_LIMIT": None,
    # The largest request body: a workshop file of up to 20 MB and its form around it.
    "MAX_CONTENT_LENGTH": 21 * 1024 * 1024,
    # Token buckets per kind, {kind: (burst, seconds per new token)}; see simulator/ratelimit.py.
    "RATE_LIMITS": {},
    # Behind a reverse proxy that terminates TLS: trust its X-Forwarded-For/-Proto/-Host.
    "KAIKEN_BEHIND_PROXY": False,
}

# Environment variables read on top of the instance file; KAIKEN_X sets X.
ENV_KEYS = {
    "KAIKEN_DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "KAIKEN_SECRET_KEY": "SECRET_KEY",
    "KAIKEN_ASYNC_MODE": "KAIKEN_ASYNC_MODE",
    "KAIKEN_MESSAGE_QUEUE": "KAIKEN_MESSAGE_QUEUE",
    "KAIKEN_MESSAGE_CHANNEL": "KAIKEN_MESSAGE_CHANNEL",
    "KAIKEN_PUBLIC_URL": "KAIKEN_PUBLIC_URL",
    "KAIKEN_CONTENT_ROOT": "KAIKEN_CONTENT_ROOT",
    "KAIKEN_BEHIND_PROXY": "KAIKEN_BEHIND_PROXY",
}


def from_environment(environ=os.environ):
    """The Kaiken settings given as KAIKEN_* environment variables."""
    return {key: environ[name] for name, key in ENV_KEYS.items() if environ.get(name)}


def instance_secret(instance_path):
    """The secret key kept in the instance folder, generated on first use."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def default_database_url(instance_path):
    return "sqlite:///" + str(Path(instance_path) / "kaiken.db")

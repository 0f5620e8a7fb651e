"""Kaiken: the press-conference role-play of cyber-incident tabletop workshops."""

import logging
import os
from pathlib import Path

from flask import Flask, request, session
from werkzeug.routing import IntegerConverter

from . import assets, config, requestlog
from .domain import MAX_INTEGER
from .extensions import babel, csrf, db, migrate, socketio

MIGRATIONS = str(Path(__file__).resolve().parent / "migrations")


def select_locale():
    """The language chosen on the page, else the browser's, else Japanese; a Socket.IO
    connection keeps the one it connected with."""
    chosen = session.get("socket_lang") or session.get("lang")
    if chosen in ("ja", "en"):
        return chosen
    return request.accept_languages.best_match(["ja", "en"]) or "ja"


class RowId(IntegerConverter):
    """`<int:…>` in a URL: a number beyond what the database holds is a page that does not
    exist (404), not a failed query."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_INTEGER)
        super().__init__(url_map, *args, **kwargs)


class Kaiken(Flask):
    def log_exception(self, exc_info):
        """A failed request is logged once, with who sent it and no token of its path."""
        requestlog.log_exception(self, exc_info)


def create_app(test_config=None):
    """Build the app: defaults, then instance/kaiken.cfg, then KAIKEN_* variables or the test dict."""
    root = Path((test_config or {}).get("KAIKEN_CONTENT_ROOT") or config.ROOT)
    app = Kaiken(
        __name__,
        instance_relative_config=True,
        template_folder=str(root / "templates"),
        static_folder=str(root / "static"),
        static_url_path=f"/static/{assets.fingerprint(root / 'static')}",
    )
    app.config.from_mapping(config.DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("kaiken.cfg", silent=True)
        app.config.from_mapping(config.from_environment())
    else:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", config.default_database_url(app.instance_path))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.instance_secret(app.instance_path)

    app.url_map.converters["int"] = RowId
    app.logger.setLevel(logging.INFO)  # refused requests and events are logged (requestlog)
    app.json.sort_keys = False  # labels keep their meaningful order for the page scripts
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(Path(__file__).resolve().parent / "translations"),
    )
    csrf.init_app(app)
    from . import realtime  # noqa: F401  (handlers must be known before init_app)

    socketio.init_app(
        app,
        async_mode=app.config["KAIKEN_ASYNC_MODE"],
        message_queue=app.config["KAIKEN_MESSAGE_QUEUE"],
        channel=app.config["KAIKEN_MESSAGE_CHANNEL"],
        max_http_buffer_size=64 * 1024,
        ping_interval=20,
        ping_timeout=20,
    )
    from .realtime.fanout import Fanout
    from .realtime.lane import Lane

    app.extensions["kaiken_fanout"] = Fanout()
    app.extensions["kaiken_lane"] = Lane()
    from .ratelimit import Limits

    app.extensions["kaiken_limits"] = Limits(app.config["RATE_LIMITS"])
    _register(app)
    return app


def _register(app):
    from . import (
        models,  # noqa: F401  (tables known to migrations)
        realtime,  # noqa: F401  (Socket.IO handlers)
    )
    from .blueprints import (
        custom,
        errors,
        exports,
        guide,
        instructor,
        main,
        questions,
        reporter,
        review,
        screen,
        setup,
        team,
    )
    from .pages import install

    for module in (
        main,
        instructor,
        setup,
        custom,
        questions,
        exports,
        team,
        review,
        reporter,
        screen,
        guide,
        errors,
    ):
        app.register_blueprint(module.bp)
    install(app)
    assets.install(app)
    app.after_request(requestlog.log_response)

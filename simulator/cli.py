"""The `kaiken` command: serve the app, create the demo workshop, upgrade, back up and restore
the database, export and import workshops."""

import json
import os
import sys
from pathlib import Path

import click

from .config import ROOT

# Re-run `kaiken serve` in an interpreter that patches the standard library for gevent
# before anything else is imported, as gevent requires.
GEVENT_BOOT = (
    "from gevent import monkey; monkey.patch_all(); import sys; "
    "from simulator.cli import main; sys.argv[0] = 'kaiken'; main()"
)


def _app():
    from . import create_app

    return create_app()


@click.group(help="Kaiken: the live press conference of a cyber-incident tabletop workshop.")
def main():
    pass


@main.group(help="Database commands.")
def db():
    pass


@db.command("upgrade", help="Create or upgrade the database tables to the latest migration.")
def db_upgrade():
    from flask_migrate import upgrade

    app = _app()
    with app.app_context():
        upgrade()
    click.echo("Database is up to date: " + _safe_url(app.config["SQLALCHEMY_DATABASE_URI"]))


def _safe_url(url):
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@main.command(
    help="Create the demo workshop (instructor, three teams, team A ready) and print its links."
)
@click.option("--if-empty", is_flag=True, help="Only when the database has no workshop yet.")
@click.option(
    "--port",
    type=int,
    default=lambda: int(os.environ.get("PORT", 5000)),
    show_default="$PORT or 5000",
    help="Port used in the printed links.",
)
def demo(if_empty, port):
    from sqlalchemy import func, select

    from .demo import create_demo
    from .extensions import db as database
    from .links import base_url, print_links
    from .models import Workshop

    app = _app()
    with app.app_context():
        if if_empty and database.session.scalar(select(func.count(Workshop.id))):
            click.echo("A workshop exists already; the demo was not created again.")
            return
        workshop = create_demo()
        print_links(workshop, base_url(port), click.echo)
        database.session.commit()


@main.command(help="Serve Kaiken (gevent, WebSocket) and print the links of the newest workshop.")
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=int,
    default=lambda: int(os.environ.get("PORT", 5000)),
    show_default="$PORT or 5000",
    help="Port to listen on.",
)
def serve(host, port):
    os.environ.setdefault("KAIKEN_ASYNC_MODE", "gevent")
    if os.environ["KAIKEN_ASYNC_MODE"] == "gevent" and not _gevent_patched():
        os.execv(sys.executable, [sys.executable, "-c", GEVENT_BOOT, *sys.argv[1:]])
    from sqlalchemy import select

    from . import collector
    from .extensions import db as database
    from .extensions import socketio
    from .links import base_url, print_links
    from .models import Workshop
    from .realtime.fanout import run_ticks
    from .services import drawing

    app = _app()
    if os.environ.get("KAIKEN_WEBSOCKET_COMPRESSION", "").lower() not in ("1", "true", "yes"):
        app.wsgi_app = without_websocket_compression(app.wsgi_app)
    with app.app_context():
        drawing.warm()
        workshop = database.session.scalar(select(Workshop).order_by(Workshop.id.desc()).limit(1))
        if workshop is not None:
            print_links(workshop, base_url(port), click.echo)
            database.session.commit()
        else:
            click.echo("No workshop yet: run `kaiken demo` to create the demo workshop.")
    collector.settle()
    socketio.start_background_task(run_ticks, app, app.extensions["kaiken_fanout"])
    click.echo(f"Serving on http://{host}:{port} (Ctrl+C to stop)", err=True)
    sys.stdout.flush()
    with _held(app.config["SQLALCHEMY_DATABASE_URI"]):
        socketio.run(
            app,
            host=host,
            port=port,
            log_output=False,
            allow_unsafe_werkzeug=os.environ["KAIKEN_ASYNC_MODE"] == "threading",
        )


def _held(url):
    """While serving, `kaiken restore` sees the SQLite database is in use."""
    from contextlib import nullcontext

    from .backup import BackupError, serving, sqlite_file

    try:
        database = sqlite_file(url)
    except BackupError:  # in memory: nothing to restore under it
        database = None
    return serving(database) if database is not None else nullcontext()


@main.group(help="Scenario files: incidents, aggravating factors, fact sheet, stakeholders.")
def scenarios():
    pass


@scenarios.command(
    "lint", help="Check every scenario file against its schema; name each problem's file and field."
)
@click.option("--json", "as_json", is_flag=True, help="Print a summary object as JSON.")
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=lambda: Path(os.environ.get("KAIKEN_CONTENT_ROOT") or ROOT) / "scenarios",
    show_default="$KAIKEN_CONTENT_ROOT/scenarios",
    help="Folder holding the scenario files.",
)
def scenarios_lint(as_json, folder):
    from .content import ContentError, load

    try:
        loaded = load(folder)
    except ContentError as error:
        _fail(error.problems, folder)
    summary = loaded.summary()
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
    else:
        counts = ", ".join(f"{summary[k]} {k.replace('_', ' ')}" for k in list(summary)[:4])
        click.echo(
            f"Scenario files are valid: {counts}; languages {', '.join(summary['languages'])}."
        )


@main.group(help="The question bank: reporters' questions tied to incidents and factors.")
def bank():
    pass


@bank.command(
    "lint",
    help="Check every question file against its schema and the coverage floors "
    "(300 questions; per incident 25, per factor 12, per theme 15, per outlet 20).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a summary object as JSON.")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=lambda: Path(os.environ.get("KAIKEN_CONTENT_ROOT") or ROOT),
    show_default="$KAIKEN_CONTENT_ROOT",
    help="Folder holding question_bank/ and scenarios/.",
)
def bank_lint(as_json, root):
    from .content import ContentError, load
    from .content import bank as question_bank

    try:
        loaded = question_bank.load(root / "question_bank", load(root / "scenarios"))
    except ContentError as error:
        _fail(error.problems, root / "question_bank")
    summary = loaded.summary(load(root / "scenarios"))
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
    short = question_bank.below_floors(summary)
    if short:
        _fail(short, root / "question_bank")
    if not as_json:
        low = {k: min(summary[k].values()) for k in ("by_incident", "by_factor", "by_theme")}
        click.echo(
            f"Question bank is valid: {summary['questions']} questions; at least "
            f"{low['by_incident']} per incident, {low['by_factor']} per factor, "
            f"{low['by_theme']} per theme, {min(summary['by_outlet'].values())} per outlet; "
            f"languages {', '.join(summary['languages'])}."
        )


@main.command(
    "export",
    help="Write a workshop as JSON (everything but its secrets; `kaiken import` reads it), its "
    "questions as CSV (UTF-8 with BOM, for Excel), or its wrap-up report as Markdown or HTML.",
)
@click.argument("workshop_id", type=int)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "md", "csv", "html"]),
    default="json",
    show_default=True,
    help="What to write.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write; standard output when left out.",
)
@click.option(
    "--lang",
    type=click.Choice(["ja", "en"]),
    default="ja",
    show_default=True,
    help="Language of the md and html report.",
)
def export_workshop(workshop_id, fmt, output, lang):
    from .extensions import db as database
    from .models import Workshop
    from .services import exchange

    app = _app()
    with app.app_context():
        workshop = database.session.get(Workshop, workshop_id)
        if workshop is None:
            _refuse(f"No workshop has the id {workshop_id}.")
        text = exchange.render(workshop, fmt, lang)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_bytes(text.encode("utf-8"))
        click.echo(f"Wrote {output}", err=True)


@main.command(
    "import",
    help="Import a workshop file written by `kaiken export --format json` as a new workshop "
    "(new join code and team links); print its id and console link. Nothing is imported "
    "when the file has any problem: each one is listed.",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--instructor",
    "login",
    help="Login of the instructor who will own it; the default instructor when left out.",
)
def import_workshop(file, login):
    from flask_babel import force_locale
    from sqlalchemy import select

    from .domain import DomainError
    from .extensions import db as database
    from .messages import message
    from .models import Instructor
    from .services import exchange, workshops

    app = _app()
    with app.app_context(), force_locale("en"):
        if login:
            owner = database.session.scalar(select(Instructor).where(Instructor.login == login))
            if owner is None:
                _refuse(f"No instructor has the login {login!r}.")
        else:
            owner = workshops.get_or_create_instructor()
        try:
            workshop = exchange.import_json(exchange.parse(file.read_bytes()), owner)
        except DomainError as refused:
            database.session.rollback()
            for problem in getattr(refused, "problems", []):
                click.echo(problem, err=True)
            _refuse(message(refused.code, **refused.params))
        database.session.commit()
        click.echo(f"Imported workshop {workshop.id}: {workshop.title}")
        click.echo(f"Console: /instructor/w/{workshop.id}")


def _sqlite_database(app, action):
    """The SQLite file behind the app's database URL; PostgreSQL is pointed to pg_dump."""
    from .backup import BackupError, sqlite_file

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    try:
        database = sqlite_file(url)
    except BackupError as error:
        _refuse(str(error))
    if database is None:
        _refuse(
            f"The database is not SQLite ({_safe_url(url)}): {action} it with PostgreSQL's "
            "own tools: pg_dump to back up (e.g. `pg_dump -Fc -f kaiken.dump DBNAME`), "
            "pg_restore to restore."
        )
    return database


def _revisions():
    """The migrations this Kaiken knows, oldest first, and the newest."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from . import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    script = ScriptDirectory.from_config(config)
    known = [s.revision for s in reversed(list(script.walk_revisions()))]
    return known, script.get_current_head()


def _holds(found):
    counts = found["counts"]
    return (
        f"migration {found['revision']}; {counts['workshop']} workshop(s), "
        f"{counts['question']} question(s), {counts['answer']} answer(s), "
        f"{counts['score']} score(s), {counts['document_version']} document version(s)"
    )


@main.command(
    "backup",
    help="Copy the SQLite database to PATH: a consistent copy, safe while Kaiken is serving "
    "(it holds every change committed when the copy began). For PostgreSQL, use pg_dump.",
)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def backup_database(path, force):
    from .backup import BackupError, backup

    database = _sqlite_database(_app(), "copy")
    try:
        found = backup(database, path, force=force)
    except BackupError as error:
        _refuse(str(error))
    click.echo(f"Backed up {database} to {path}: {_holds(found)}.")


@main.command(
    "restore",
    help="Put the backup at PATH in place of the SQLite database, after checking it is a "
    "sound Kaiken database of a known migration (an older one is upgraded). The current "
    "database is kept beside it as <name>.before-restore-<time>. Refused while `kaiken "
    "serve` is running on the database, unless --force. For PostgreSQL, use pg_restore.",
)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Restore even though a server is using the database.")
def restore_database(path, force):
    from flask_migrate import upgrade

    from .backup import BackupError, restore

    app = _app()
    database = _sqlite_database(app, "restore")
    known, head = _revisions()
    try:
        found, kept = restore(path, database, known, force=force)
    except BackupError as error:
        _refuse(str(error))
    if kept is not None:
        click.echo(f"The previous database is kept as {kept}.")
    if found["revision"] != head:
        with app.app_context():
            upgrade()
        click.echo(f"Upgraded the restored database from migration {found['revision']} to {head}.")
    click.echo(f"Restored {path} to {database}: {_holds(found)}.")


def _refuse(text):
    click.echo(text, err=True)
    sys.exit(1)


def _fail(problems, folder):
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s) in {folder}", err=True)
    sys.exit(1)


def _gevent_patched():
    try:
        from gevent import monkey
    except ImportError:
        return False
    return monkey.is_module_patched("socket")


def without_websocket_compression(wsgi_app):
    """Refuse permessage-deflate: it doubles server memory per phone for small messages."""

    def app(environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return wsgi_app(environ, start_response)

    return app


if __name__ == "__main__":
    main()

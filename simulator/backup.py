"""Backups of Kaiken's SQLite database: a consistent copy of a live database, the checks a
file must pass before it is put back, and putting it back.

SQLite's online backup copies every page inside one read transaction: writers go on (WAL),
and the copy holds exactly the transactions committed when it began. A running `kaiken serve`
holds a shared lock on `<database>.serving`; restore asks for it exclusively to know whether
a server is still using the database. The lock goes with the process, even a killed one.
"""

import fcntl
import os
import sqlite3
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

HEADER = b"SQLite format 3\x00"
KAIKEN_TABLES = ("alembic_version", "instructor", "workshop", "team", "conference", "question")
COUNTED = ("workshop", "question", "answer", "score", "document_version")


class BackupError(Exception):
    """A backup or restore refused; the message says why and what to do."""


def sqlite_file(url):
    """The database file of a SQLite URL; None for another database (PostgreSQL)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("The database is in memory: there is no file to back up or restore.")
    return Path(parsed.database)


def _lock_path(database):
    return database.with_name(database.name + ".serving")


@contextmanager
def serving(database):
    """Held by `kaiken serve` for its lifetime: restore sees the database is in use."""
    database.parent.mkdir(parents=True, exist_ok=True)
    with open(_lock_path(database), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_SH)
        yield


def is_served(database):
    """Whether a running `kaiken serve` holds this database."""
    path = _lock_path(database)
    if not path.exists():
        return False
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def _connect(path, readonly=False):
    if readonly:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    return sqlite3.connect(path, timeout=30)


def _copy(source, target):
    """Every page of `source` into a new file `target`, as one consistent snapshot."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src, dst = _connect(source, readonly=True), _connect(partial)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} could not be read as an SQLite database: {error}.") from None
    finally:
        src.close()
        dst.close()
    os.replace(partial, target)


def backup(database, target, force=False):
    """A consistent copy of the live database at `target`; returns what it holds."""
    if not database.exists():
        raise BackupError(f"There is no database at {database} yet: nothing to back up.")
    if target.resolve() == database.resolve():
        raise BackupError("The backup must go to another file than the database itself.")
    if target.exists() and not force:
        raise BackupError(f"{target} exists already: choose another name, or add --force.")
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(database, target)
    return inspect(target, known_revisions=None)


def inspect(path, known_revisions):
    """Check `path` is a sound Kaiken database; returns its migration and row counts."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    with open(path, "rb") as handle:
        if handle.read(16) != HEADER:
            raise BackupError(f"{path} is not an SQLite database, so not a Kaiken backup.")
    conn = _connect(path, readonly=True)
    try:
        found = _inspect(conn, path, known_revisions)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is damaged: {error}.") from None
    finally:
        conn.close()
    return found


def _inspect(conn, path, known_revisions):
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise BackupError(f"{path} is damaged: {check}.")
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    missing = [name for name in KAIKEN_TABLES if name not in tables]
    if missing:
        raise BackupError(
            f"{path} is an SQLite database but not a Kaiken one: it has no "
            f"{', '.join(missing)} table."
        )
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    revision = revision[0] if revision else None
    if known_revisions is not None and revision not in known_revisions:
        raise BackupError(
            f"{path} is at migration {revision!r}, which this Kaiken does not know "
            f"(it knows {', '.join(known_revisions)}): it was made by another Kaiken version."
        )
    counts = {name: conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in COUNTED}
    return {"revision": revision, "counts": counts}


def restore(source, database, known_revisions, force=False):
    """Put the backup `source` in place of the database; the old one is kept beside it.

    Returns (what the restored database holds, the file keeping the previous database)."""
    if source.resolve() == database.resolve():
        raise BackupError("That file is the database itself: choose a backup file.")
    found = inspect(source, known_revisions)
    if is_served(database) and not force:
        raise BackupError(
            f"Kaiken seems to be running on {database} (`kaiken serve` holds it). Stop the "
            "server first, or add --force to replace the database under it."
        )
    database.parent.mkdir(parents=True, exist_ok=True)
    kept = None
    if database.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        kept = database.with_name(f"{database.name}.before-restore-{stamp}")
        _copy(database, kept)
    src, dst = _connect(source, readonly=True), _connect(database)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return found, kept

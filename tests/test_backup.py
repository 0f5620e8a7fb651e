"""The SQLite database under several writers at once, `kaiken backup` of a live database and
`kaiken restore`, with the real command in its own process and real writer processes."""

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from simulator.extensions import db

from .server import KAIKEN, KaikenServer

ROOT = Path(__file__).resolve().parent.parent


def kaiken(env, *args):
    return subprocess.run(
        [*KAIKEN, *args], env=env, capture_output=True, text=True, check=False, timeout=120
    )


@pytest.fixture
def live(tmp_path):
    """A database as `make run` leaves it: upgraded, with the demo workshop."""
    env = {
        **os.environ,
        "KAIKEN_DATABASE_URL": f"sqlite:///{tmp_path / 'kaiken.db'}",
        "KAIKEN_SECRET_KEY": "backup-test-secret",
    }
    for args in (["db", "upgrade"], ["demo"]):
        assert kaiken(env, *args).returncode == 0
    return {"env": env, "db": tmp_path / "kaiken.db", "url": env["KAIKEN_DATABASE_URL"]}


def writer(live, name, count, threads=1):
    return subprocess.Popen(
        [sys.executable, "-m", "tests.writer", live["url"], "1", name, str(count), str(threads)],
        cwd=ROOT,
        env=live["env"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def client_ids(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT client_id FROM question")}
    finally:
        conn.close()


def test_sqlite_runs_in_wal_with_a_busy_timeout(app):
    with app.app_context():
        pragma = {
            name: db.session.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "busy_timeout", "synchronous", "foreign_keys")
        }
    assert pragma == {
        "journal_mode": "wal",
        "busy_timeout": 5000,
        "synchronous": 1,
        "foreign_keys": 1,
    }


def test_concurrent_writers_never_see_database_is_locked(live):
    """Four processes of three threads each ask, queue and vote at once on one conference."""
    [(first_rev,)] = sqlite3.connect(live["db"]).execute("SELECT rev FROM conference")
    procs = [writer(live, f"w{n}", 25, threads=3) for n in range(4)]
    results = [proc.communicate(timeout=120) for proc in procs]
    for proc, (_out, err) in zip(procs, results, strict=True):
        assert "database is locked" not in err
        assert proc.returncode == 0, err[-3000:]
    acknowledged = [line for out, _ in results for line in out.split()]
    assert len(acknowledged) == 4 * 3 * 25 == len(set(acknowledged))
    assert client_ids(live["db"]) == set(acknowledged)
    conn = sqlite3.connect(live["db"])
    [(rev, questions, votes)] = conn.execute(
        "SELECT rev, (SELECT count(*) FROM question), (SELECT sum(votes) FROM question) "
        "FROM conference"
    )
    [(vote_rows,)] = conn.execute("SELECT count(*) FROM vote")
    conn.close()
    assert questions == 300 and votes == vote_rows > 0
    assert rev - first_rev == 2 * 300  # every ask and every queueing numbered once, none lost


def test_backup_of_a_live_database_holds_every_committed_row(live, tmp_path):
    busy = writer(live, "live", 400)
    seen = []
    while len(seen) < 30:
        seen.append(busy.stdout.readline().strip())
    copy = tmp_path / "backups" / "copy.db"
    done = kaiken(live["env"], "backup", str(copy))
    rest, err = busy.communicate(timeout=120)
    assert busy.returncode == 0, err[-3000:]
    assert done.returncode == 0, done.stderr
    assert f"to {copy}" in done.stdout and "migration " in done.stdout
    everything = set(seen) | set(rest.split())
    in_copy = client_ids(copy)
    assert set(seen) <= in_copy <= everything  # what was acknowledged before it began, at least
    assert len(in_copy) < len(everything)  # the writer went on while the copy was made
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file
    conn.close()
    assert not Path(str(copy) + "-wal").exists()

    again = kaiken(live["env"], "backup", str(copy))
    assert again.returncode == 1 and "exists already" in again.stderr and "--force" in again.stderr
    assert client_ids(copy) == in_copy

    restored = kaiken(live["env"], "restore", str(copy))
    assert restored.returncode == 0, restored.stderr
    assert client_ids(live["db"]) == in_copy
    [kept] = tmp_path.glob("kaiken.db.before-restore-*")
    assert client_ids(kept) == everything
    assert f"kept as {kept}" in restored.stdout


def test_restore_refuses_what_is_not_a_kaiken_database(live, tmp_path):
    asked = writer(live, "before", 3)
    asked.communicate(timeout=60)
    assert asked.returncode == 0
    before = client_ids(live["db"])
    assert len(before) == 3
    plain = tmp_path / "notes.txt"
    plain.write_text("not a database")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE things (id INTEGER)").connection.commit()
    future = tmp_path / "future.db"
    assert kaiken(live["env"], "backup", str(future)).returncode == 0
    sqlite3.connect(future).execute(
        "UPDATE alembic_version SET version_num='9999'"
    ).connection.commit()
    damaged = tmp_path / "damaged.db"
    shutil.copy(future, damaged)
    with open(damaged, "r+b") as handle:
        handle.seek(4096 * 3)
        handle.write(b"\xde\xad" * 4096)
    cases = [
        (plain, "is not an SQLite database"),
        (other, "not a Kaiken one: it has no alembic_version, instructor, workshop"),
        (future, "is at migration '9999', which this Kaiken does not know"),
        (damaged, "is damaged"),
        (live["db"], "That file is the database itself"),
    ]
    for path, problem in cases:
        refused = kaiken(live["env"], "restore", str(path))
        assert refused.returncode == 1, (path, refused.stdout)
        assert problem in refused.stderr, (path, refused.stderr)
        assert client_ids(live["db"]) == before, path
    assert not list(tmp_path.glob("kaiken.db.before-restore-*"))


def test_restore_is_refused_while_kaiken_serves_the_database(tmp_path):
    server = KaikenServer(tmp_path)
    server.setup_demo()
    copy = tmp_path / "copy.db"
    assert kaiken(server.env, "backup", str(copy)).returncode == 0
    server.start()
    try:
        refused = kaiken(server.env, "restore", str(copy))
        assert refused.returncode == 1
        assert "Kaiken seems to be running" in refused.stderr and "--force" in refused.stderr
        assert not list(tmp_path.glob("kaiken.db.before-restore-*"))
        forced = kaiken(server.env, "restore", "--force", str(copy))
        assert forced.returncode == 0, forced.stderr
    finally:
        server.stop()
    time.sleep(0.2)
    assert kaiken(server.env, "restore", str(copy)).returncode == 0  # stopped: no refusal


def test_postgresql_is_pointed_to_pg_dump(tmp_path):
    env = {
        **os.environ,
        "KAIKEN_DATABASE_URL": "postgresql+psycopg://kaiken:s3cret-pw@127.0.0.1:1/kaiken",
        "KAIKEN_SECRET_KEY": "x",
    }
    for args in (["backup", str(tmp_path / "x.db")], ["restore", __file__]):
        refused = kaiken(env, *args)
        assert refused.returncode == 1
        assert "pg_dump" in refused.stderr and "pg_restore" in refused.stderr
        assert "s3cret-pw" not in refused.stderr + refused.stdout


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_help_of_backup_and_restore(command):
    shown = subprocess.run(
        [*KAIKEN, command, "--help"], capture_output=True, text=True, check=False
    ).stdout
    assert "Usage:" in shown and "--force" in shown and "PostgreSQL" in shown
    listed = subprocess.run([*KAIKEN, "--help"], capture_output=True, text=True, check=False)
    assert command in listed.stdout


def test_a_backup_of_an_older_kaiken_is_restored_and_upgraded(live, tmp_path):
    from flask_migrate import upgrade

    from simulator import create_app
    from simulator.cli import _revisions

    known, head = _revisions()
    older = tmp_path / "older.db"
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{older}", "SECRET_KEY": "x", "TESTING": True}
    )
    with app.app_context():
        upgrade(revision=known[-2])
        db.engine.dispose()
    restored = kaiken(live["env"], "restore", str(older))
    assert restored.returncode == 0, restored.stderr
    assert f"from migration {known[-2]} to {head}" in restored.stdout
    conn = sqlite3.connect(live["db"])
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (head,)
    assert conn.execute("SELECT count(*) FROM workshop").fetchone() == (0,)
    conn.close()


@pytest.mark.skipif(
    not os.environ.get("KAIKEN_TEST_DATABASE_URL"),
    reason="set KAIKEN_TEST_DATABASE_URL to check PostgreSQL is left to its own settings",
)
def test_postgresql_connections_get_none_of_the_sqlite_settings():
    """The SQLite pragmas are not sent to PostgreSQL, which keeps its own durable defaults."""
    from flask_migrate import upgrade

    from simulator import create_app

    from .test_scale_out import fresh_database

    with fresh_database() as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "TESTING": True})
        with app.app_context():
            upgrade()
            assert db.session.execute(text("SHOW synchronous_commit")).scalar() == "on"
            assert db.session.execute(text("SELECT count(*) FROM workshop")).scalar() == 0
            db.session.rollback()
            db.engine.dispose()

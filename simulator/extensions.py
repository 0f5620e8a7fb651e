"""Extensions created once and bound to the app in create_app."""

from flask_babel import Babel
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
socketio = SocketIO()


def connection():
    """The session's connection, in its transaction, with what the session holds written
    first (as the ORM's autoflush would before its own statements)."""
    db.session.flush()
    return db.session.connection()


def read(statement, params=None):
    """Run a select of plain columns on the session's connection. For the small selects that
    every phone's events make: the ORM's machinery costs twice what SQLite takes to run them."""
    return connection().execute(statement, params or {})

"""What the steps of Part 6 share: one model for three databases.

Every step takes one SQLAlchemy URL (SQLite, MariaDB or PostgreSQL) and
leaves here what is not its lesson: the engine, the database made if it
is missing, the 2.0-style models, the task's five states and fifteen
cities loaded through them, the one place where the dialect picks the
exact comparison, and the error line.
"""
import sys
from pathlib import Path
from typing import List

from sqlalchemy import cast
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import ForeignKey
from sqlalchemy import inspect
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.exc import NoSuchModuleError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship
from sqlalchemy.orm import Session

# Run as ./parts/6-databases/K-step.py, a step has its own folder on
# sys.path, not the project's root, where hints.py (the project's error
# line) and lesson/path.py (the task's states and cities, once) live.
sys.path.insert(1, str(Path(__file__).resolve().parents[2]))
import hints  # noqa: E402
from lesson.path import CITIES  # noqa: E402
from lesson.path import STATES  # noqa: E402

BAD_URL = ("Error: the argument is not a SQLAlchemy URL (hint: for"
           " example sqlite:///.local/hbtn_6.db,"
           " mysql+mysqldb://USER:PASSWORD@HOST/DATABASE?charset=utf8mb4"
           " or postgresql+psycopg://USER:PASSWORD@HOST/DATABASE)")
NO_DIALECT = ("Error: SQLAlchemy knows no dialect or driver {} (hint: the"
              " URL starts with sqlite://, mysql+mysqldb:// or"
              " postgresql+psycopg://)")
NO_DRIVER = ("Error: the driver of {} is not installed: {} (hint: run the"
             " step in the parts' virtualenv, . .local/venv/bin/activate,"
             " made with --system-site-packages for Debian's MySQLdb and"
             " with .local/venv/bin/pip install -r parts/6-databases/requirements.txt)")
OTHER = ("Error: this part runs on SQLite, MariaDB and PostgreSQL, not {}"
         " (hint: the URL starts with sqlite://, mysql+mysqldb:// or"
         " postgresql+psycopg://)")
# The database a step makes when it is missing, with the collation named,
# so that = and ORDER BY behave the same on every server: MariaDB's as
# the task's databases (sql/), PostgreSQL's C (code point order).
CREATE = {
    "mysql": "CREATE DATABASE IF NOT EXISTS {} CHARACTER SET utf8mb4"
             " COLLATE utf8mb4_unicode_ci",
    "postgresql": "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'"
                  " LOCALE 'C'",
}


class Base(DeclarativeBase):
    """The registry of the part's mapped classes (2.0 style)."""


class State(Base):
    """A state: one row of states, with its cities in id order."""

    __tablename__ = "states"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    cities: Mapped[List["City"]] = relationship(
        back_populates="state", order_by="City.id")


class City(Base):
    """A city: one row of cities, pointing to its state."""

    __tablename__ = "cities"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id"))
    state: Mapped[State] = relationship(back_populates="cities")


def engine(url):
    """Return an engine for the URL, making its database if it is missing.

    The URL is the user's: it is parsed, never printed (it may hold the
    password).
    """
    try:
        url = make_url(url)
        made = create_engine(url)
    # NoSuchModuleError is an ArgumentError: it goes first.
    except NoSuchModuleError:
        sys.exit(NO_DIALECT.format(url.drivername))
    except ImportError as error:
        sys.exit(NO_DRIVER.format(url.drivername, error))
    except (ArgumentError, ValueError):
        sys.exit(BAD_URL)
    if made.dialect.name not in CONTAINS:
        sys.exit(OTHER.format(made.dialect.name))
    if made.dialect.name == "sqlite":
        begin_really(made)
    else:
        create_database(made)
    return made


def begin_really(sqlite):
    """Have SQLAlchemy itself send BEGIN to SQLite, DDL included.

    Python's sqlite3 opens a transaction only at an INSERT, UPDATE or
    DELETE, so a CREATE TABLE sent first would escape ROLLBACK: this is
    SQLAlchemy's documented recipe (the driver left in autocommit, BEGIN
    sent when SQLAlchemy begins).
    """
    @event.listens_for(sqlite, "connect")
    def autocommit(dbapi_connection, record):
        """Stop the driver from opening and closing transactions."""
        dbapi_connection.isolation_level = None

    @event.listens_for(sqlite, "begin")
    def begin(connection):
        """Open the transaction SQLAlchemy has just begun."""
        connection.exec_driver_sql("BEGIN")


def create_database(server):
    """Make the URL's database on its server if it does not exist yet.

    The first connection is the step's own (the pool keeps it): only when
    it fails does a second one, to the server, look and create.
    """
    name = server.url.database
    try:
        with server.connect():
            return
    except OperationalError:
        if not name:
            raise
    admin = create_engine(server.url.set(
        database="postgres" if server.dialect.name == "postgresql"
        else ""), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if server.dialect.name == "postgresql" and conn.scalar(text(
                    "SELECT 1 FROM pg_database WHERE datname = :name"),
                    {"name": name}):
                return
            quoted = admin.dialect.identifier_preparer.quote(name)
            conn.execute(text(CREATE[server.dialect.name].format(quoted)))
    finally:
        admin.dispose()


def echo(engine, kind):
    """Print each statement of this kind (CREATE, INSERT) as it is sent.

    before_cursor_execute is the last moment SQLAlchemy holds the text it
    hands to the driver; its tabs become spaces and each line loses its
    trailing spaces, nothing else changes.
    """
    @event.listens_for(engine, "before_cursor_execute")
    def show(conn, cursor, statement, parameters, context, many):
        """Print one statement, if it is of the kind asked for."""
        if statement.lstrip().upper().startswith(kind):
            lines = statement.strip().expandtabs(4).split("\n")
            print("\n".join(line.rstrip() for line in lines) + ";")


def reset(engine):
    """Drop and re-create the tables, then load the task's rows.

    The sql/ files are MySQL's dialect, so the rows go in through the
    models instead, and each database gives the ids itself: 1 to 5 for
    the states, 1 to 15 for the cities, as the task's files do.
    """
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        for number, name in enumerate(STATES, 1):
            session.add(State(name=name, cities=[
                City(name=city) for _, city, state in CITIES
                if state == number]))
            # One flush per state: the ids follow the task's order.
            session.flush()
        session.commit()


def ready(engine):
    """Load the task's rows unless the tables are there already."""
    found = inspect(engine)
    if not (found.has_table("states") and found.has_table("cities")):
        reset(engine)


def load(engine, states, cities):
    """Create the tables and insert rows with their ids, through the models.

    ``states`` holds (id, name) pairs and ``cities`` (id, state_id, name)
    triples: the tests load their hostile data with it.
    """
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add_all(State(id=i, name=name) for i, name in states)
        session.flush()
        session.add_all(City(id=i, state_id=s, name=name)
                        for i, s, name in cities)
        session.commit()


def like_escaped(text_):
    """Return ``text_`` with LIKE's wildcards and escape made literal."""
    for char in "\\%_":
        text_ = text_.replace(char, "\\" + char)
    return text_


def glob_escaped(text_):
    """Return ``text_`` with GLOB's wildcards made literal ([*] is a *)."""
    return "".join("[{}]".format(c) if c in "*?[" else c for c in text_)


def on_bytes(column, part):
    """MariaDB: LIKE on the bytes, since its collation ignores case."""
    pattern = "%{}%".format(like_escaped(part)).encode("utf-8")
    # op(): SQLAlchemy 2.1 deprecates like() on a bytes type.
    return cast(column, LargeBinary).op("LIKE", is_comparison=True)(pattern)


def by_glob(column, part):
    """SQLite: GLOB, since its LIKE ignores the case of ASCII letters."""
    return column.op("GLOB", is_comparison=True)(
        "*{}*".format(glob_escaped(part)))


def by_like(column, part):
    """PostgreSQL: LIKE itself, which compares characters exactly."""
    return column.like("%{}%".format(like_escaped(part)))


# The one place where the dialect picks how "contains" compares exactly.
CONTAINS = {"mysql": on_bytes, "sqlite": by_glob, "postgresql": by_like}


def contains(engine, column, part):
    """Return the condition "column holds part", exact on this database."""
    return CONTAINS[engine.dialect.name](column, part)


def message(error):
    """The driver's own message for a refused statement, on one line."""
    return " ".join(str(getattr(error, "orig", error)).split())


def run(main):
    """Call main with the URL from the command line, or exit with one line.

    Bad input or a refused statement ends the step with one line on
    stderr and exit status 1, never a traceback.
    """
    if len(sys.argv) != 2:
        sys.exit("Usage: {} URL".format(sys.argv[0]))
    try:
        main(sys.argv[1])
    except (SQLAlchemyError, UnicodeError) as error:
        sys.exit(hints.explain(error))

"""Part 6's plumbing: the engine for a URL, the known start, the error line.

Every step takes one SQLAlchemy URL (SQLite, MariaDB or PostgreSQL) and
leaves here what is not its lesson: the engine, the database made if it
is missing, the task's five states and fifteen cities loaded through the
models (models.py), the statements shown as sent, and the error line.
"""
import sys

from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import inspect
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.exc import NoSuchModuleError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from models import Base
from models import City
from models import State

import hints
from lesson.path import CITIES
from lesson.path import STATES

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
             " with .local/venv/bin/pip install -r"
             " parts/6-databases/requirements.txt)")
OTHER = ("Error: this part runs on SQLite, MariaDB and PostgreSQL, not {}"
         " (hint: the URL starts with sqlite://, mysql+mysqldb:// or"
         " postgresql+psycopg://)")
# The three databases of this part, as SQLAlchemy names their dialects.
DIALECTS = ("mysql", "postgresql", "sqlite")
# The database a step makes when it is missing, with the collation named,
# so that = and ORDER BY behave the same on every server: MariaDB's as
# the task's databases (sql/), PostgreSQL's C (code point order).
CREATE = {
    "mysql": "CREATE DATABASE IF NOT EXISTS {} CHARACTER SET utf8mb4"
             " COLLATE utf8mb4_unicode_ci",
    "postgresql": "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'"
                  " LOCALE 'C'",
}


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
    if made.dialect.name not in DIALECTS:
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
        # The URL says where the server is, but MySQL's client library
        # still reads MYSQL_TCP_PORT for a URL without a port: a value
        # that cannot be one is refused here, as by every other step.
        hints.host(), hints.port()
        main(sys.argv[1])
    except (SQLAlchemyError, UnicodeError, ValueError) as error:
        sys.exit(hints.explain(error))

"""Part 7's plumbing: the engine for a URL, the task's start, the error line.

Not the lesson: the engine for the URL given (its database made if
missing), the task's two tables with their rows as a start (what
revision 0001 describes), and the error line.  The models the revisions
lead to are in models.py; each revision in versions/ holds its own DDL.
"""
import sys

from sqlalchemy import Column
from sqlalchemy import create_engine
from sqlalchemy import ForeignKey
from sqlalchemy import insert
from sqlalchemy import Integer
from sqlalchemy import MetaData
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.exc import NoSuchModuleError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import SQLAlchemyError

import hints
from lesson.path import CITIES
from lesson.path import STATES

BAD_URL = ("Error: the argument is not a SQLAlchemy URL (hint: for"
           " example sqlite:///.local/hbtn_7.db,"
           " mysql+mysqldb://USER:PASSWORD@HOST/DATABASE?charset=utf8mb4"
           " or postgresql+psycopg://USER:PASSWORD@HOST/DATABASE)")
NO_DRIVER = ("Error: SQLAlchemy cannot load {}: {} (hint: the URL starts"
             " with sqlite://, mysql+mysqldb:// or postgresql+psycopg://,"
             " in the parts' virtualenv, . .local/venv/bin/activate)")
OTHER = ("Error: this part runs on SQLite, MariaDB and PostgreSQL, not {}"
         " (hint: the URL starts with sqlite://, mysql+mysqldb:// or"
         " postgresql+psycopg://)")
CREATE = {
    "mysql": "CREATE DATABASE IF NOT EXISTS {} CHARACTER SET utf8mb4"
             " COLLATE utf8mb4_unicode_ci",
    "postgresql": "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'"
                  " LOCALE 'C'",
}


def task_tables():
    """The task's two tables as its model files make them, on their own.

    They are what revision 0001 (the baseline) describes, in a metadata
    of their own: the start that ``alembic stamp`` is for.
    """
    task = MetaData()
    Table("states", task,
          Column("id", Integer, primary_key=True),
          Column("name", String(128), nullable=False))
    Table("cities", task,
          Column("id", Integer, primary_key=True),
          Column("name", String(128), nullable=False),
          Column("state_id", Integer, ForeignKey("states.id"),
                 nullable=False))
    return task


def engine(url):
    """Return an engine for the URL, making its database if it is missing.

    The URL is the user's: it is parsed, never printed (it may hold the
    password).
    """
    try:
        url = make_url(url)
        made = create_engine(url)
    except NoSuchModuleError as error:
        sys.exit(NO_DRIVER.format(url.drivername, error))
    except ImportError as error:
        sys.exit(NO_DRIVER.format(url.drivername, error))
    except (ArgumentError, ValueError):
        sys.exit(BAD_URL)
    if made.dialect.name not in ("sqlite", "mysql", "postgresql"):
        sys.exit(OTHER.format(made.dialect.name))
    if made.dialect.name != "sqlite":
        create_database(made)
    return made


def create_database(server):
    """Make the URL's database on its server if it does not exist yet."""
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


def start_over(engine):
    """Drop every table of the database, then make the task's two.

    The states and cities get the task's rows with the task's ids, as in
    a task database that has never seen Alembic (no alembic_version).
    """
    found = MetaData()
    found.reflect(engine)
    found.drop_all(engine)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("DROP FUNCTION IF EXISTS set_updated_at()"))
    task = task_tables()
    task.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(task.tables["states"]), [
            {"id": i, "name": name} for i, name in enumerate(STATES, 1)])
        conn.execute(insert(task.tables["cities"]), [
            {"id": i, "name": name, "state_id": s}
            for i, name, s in CITIES])
        if engine.dialect.name == "postgresql":
            # Ids given by hand leave the sequences behind: catch them up.
            for table in ("states", "cities"):
                conn.execute(text(
                    "SELECT setval(pg_get_serial_sequence('{0}', 'id'),"
                    " (SELECT max(id) FROM {0}))".format(table)))


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

"""What the steps of Part 9 share: plumbing only, never the lesson.

Where the database is (DATABASE_URL, else a SQLite file for development),
making it on its server, the task's rows for empty tables, serving an
application with waitress on 127.0.0.1, and the project's one-line error.
"""
import logging
import os
import re
import signal
import sys
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.exc import SQLAlchemyError
from waitress import create_server

import hints
from lesson.path import CITIES
from lesson.path import STATES

ROOT = Path(__file__).resolve().parents[2]
# Flask-SQLAlchemy reads a relative SQLite path from the app's instance
# folder: the development file is named by its full path instead.
DEVELOPMENT = "sqlite:///" + str(ROOT / ".local" / "hbtn_9.db")
TASK = re.compile(r"hbtn_0e_[0-9]+_usa\Z")
CREATE = {
    "mysql": "CREATE DATABASE {} CHARACTER SET utf8mb4"
             " COLLATE utf8mb4_unicode_ci",
    "postgresql": "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'"
                  " LOCALE 'C'",
}


def database_url():
    """The URL in DATABASE_URL, or the development file; never printed."""
    url = os.environ.get("DATABASE_URL") or DEVELOPMENT
    try:
        name = make_url(url).database or ""
    except ArgumentError:
        sys.exit("Error: DATABASE_URL is not a SQLAlchemy URL (hint: for"
                 " example postgresql+psycopg://USER:PASSWORD@HOST/hbtn_9)")
    if TASK.match(name):
        sys.exit("Error: {} is one of the task's databases (hint: give the"
                 " part one of its own, such as hbtn_9)".format(name))
    return url


def create_database(url):
    """Make the URL's database if it is missing (SQLite: its folder)."""
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        return
    server = url.set(database="postgres" if url.get_backend_name()
                     == "postgresql" else "")
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if url.get_backend_name() == "postgresql":
            found = conn.scalar(text("SELECT count(*) FROM pg_database"
                                     " WHERE datname = :n"),
                                {"n": url.database})
        else:
            found = conn.scalar(text("SELECT count(*) FROM information_"
                                     "schema.schemata WHERE schema_name"
                                     " = :n"), {"n": url.database})
        if not found:
            name = engine.dialect.identifier_preparer.quote(url.database)
            conn.execute(text(CREATE[url.get_backend_name()].format(name)))
    engine.dispose()


def load(db):
    """Put the task's states and cities into whichever table is empty.

    One INSERT a row, in the task's order, so every database numbers
    them as the task's files do: states 1 to 5, cities 1 to 15.
    """
    rows = {"states": [{"name": name} for name in STATES],
            "cities": [{"name": name, "state_id": state}
                       for _, name, state in CITIES]}
    for name, table in db.metadata.tables.items():
        empty = not db.session.scalar(select(func.count())
                                      .select_from(table))
        for row in rows.get(name, []) if empty else []:
            db.session.execute(insert(table), row)
    db.session.commit()


def arguments(usage):
    """The command line as ``usage`` says, or exit with the usage line.

    "[--port P]" gives the port, 5000 unless asked otherwise; any other
    usage is that many words.
    """
    argv = sys.argv[1:]
    if usage != "[--port P]" and len(argv) == len(usage.split()):
        return argv
    if usage == "[--port P]" and not argv:
        return [5000]
    if usage == "[--port P]" and len(argv) == 2 and argv[0] == "--port" \
            and argv[1].isascii() and argv[1].isdigit() \
            and 0 < int(argv[1]) < 65536:
        return [int(argv[1])]
    sys.exit("Usage: {}  ({}the database is DATABASE_URL's,"
             " .local/hbtn_9.db when unset)".format(
                 " ".join([sys.argv[0]] + usage.split()), "P from 1 to"
                 " 65535; " if usage == "[--port P]" else ""))


def run(main, usage):
    """Call main with the command line; any error is one line, status 1.

    Where a server is (MYSQL_HOST, MYSQL_TCP_PORT, which MySQL's client
    library reads for a URL without them) is checked first, as in every
    part.
    """
    try:
        hints.host(), hints.port()
        main(*arguments(usage))
    except (SQLAlchemyError, UnicodeError, ValueError) as error:
        sys.exit(hints.explain(error))


def stop(signum, frame):
    """Ctrl-C or SIGTERM: waitress's loop ends on KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def serve(app, number):
    """Serve ``app`` on 127.0.0.1:number until stopped.

    The database answers once before the address is printed, so a wrong
    URL is one line and exit status 1, not a server that fails later.
    """
    with app.app_context():
        app.extensions["sqlalchemy"].session.execute(select(1))
    try:
        server = create_server(app, host="127.0.0.1", port=number,
                               threads=8)
    except OSError as error:
        sys.exit("Error: cannot listen on 127.0.0.1:{}: {} (hint: choose"
                 " another port with --port)".format(number, error.strerror))
    # Requests waiting for a thread are normal under load, not news.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    # A shell ignores SIGINT in jobs started with &: set, not inherited.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        print("http://127.0.0.1:{}/".format(number), flush=True)
        server.run()
    except KeyboardInterrupt:
        pass  # Stopped before the loop began: the same clean end.
    server.close()
    print("Stopped.", flush=True)

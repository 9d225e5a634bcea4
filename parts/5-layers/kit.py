"""Part 5's plumbing: the URL, the SQL shown, a connection killed, errors.

The steps stay short by leaving here what is not their lesson: the
engine's URL (built with URL.create, never pasted), the function that
shows a statement on stderr, the administrator's KILL that steps 11-13
suffer, and the error line.  The ORM steps' models are in models.py.
"""
import sys
import time

import MySQLdb
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.pool import NullPool

import hints

LIVE = text("SELECT COUNT(*) FROM information_schema.processlist"
            " WHERE id = :victim")
POOL_HINT = (" (hint: every connection of the pool was checked out for"
             " longer than pool_timeout: give them back sooner, with a"
             " 'with' block, or allow more with pool_size and max_overflow)")


def server():
    """Return the host and port the steps use, as the task's steps do."""
    return hints.host(), hints.port()


def url(user, password, database):
    """Return the URL of the database; URL.create quotes the password."""
    host, port = server()
    return URL.create("mysql+mysqldb", username=user, password=password,
                      host=host, port=port, database=database,
                      query={"charset": "utf8mb4"})


def engine(user, password, database, **options):
    """Return an engine for the database, with the given pool options."""
    return create_engine(url(user, password, database), **options)


def show(statement, parameters):
    """Write a statement and its parameters to stderr, as sent.

    Each line loses its trailing spaces (SQLAlchemy ends some lines with
    one); nothing else changes.
    """
    lines = [line.rstrip() for line in statement.split("\n")]
    print("\n".join(lines), file=sys.stderr)
    print(parameters, file=sys.stderr)


def echo(watched):
    """Have an engine show() each statement on stderr before sending it.

    before_cursor_execute is the last moment SQLAlchemy holds the
    statement: the text and parameters it hands to the cursor.
    """
    def before(conn, cursor, statement, parameters, context, many):
        """Show one statement and its parameters."""
        show(statement, parameters)
    event.listen(watched, "before_cursor_execute", before)


def kill(user, password, database, victim):
    """Have the server end connection ``victim``, and wait until it has.

    This is what an administrator's KILL, a restart or an expired
    wait_timeout does to an idle connection: the client is not told.
    The killer uses a connection of its own, outside any pool.
    """
    killer = engine(user, password, database, poolclass=NullPool)
    with killer.connect() as conn:
        conn.execute(text("KILL :victim"), {"victim": victim})
        # KILL returns at once; the thread ends a moment later (waited
        # for up to five seconds, so a stuck server cannot hang a step).
        for _ in range(500):
            if not conn.execute(LIVE, {"victim": victim}).scalar_one():
                break
            time.sleep(0.01)
    killer.dispose()


# A query on a connection the server had closed: the driver's error is 2013
# (Lost connection) with one client library, 2006 (Server has gone away)
# with another; SQLAlchemy recognises both as a disconnect.
LOST = ("Error: the server had closed the connection the pool lent, and the"
        " query failed: SQLAlchemy saw a disconnect (hint: pool_pre_ping"
        " tests each connection before lending it, step 12)")


def run(main, usage):
    """Call main with the command line, or exit with one line and 1.

    ``usage`` is the arguments after the script's name, in words.
    """
    if len(sys.argv) != len(usage.split()) + 1:
        sys.exit("Usage: {} {}".format(sys.argv[0], usage).rstrip())
    try:
        main(*sys.argv[1:])
    except PoolTimeout as error:
        sys.exit(hints.explain(error) + POOL_HINT)
    except DBAPIError as error:
        sys.exit(LOST if error.connection_invalidated
                 else hints.explain(error))
    # ValueError: a MYSQL_HOST or MYSQL_TCP_PORT that cannot be one.
    except (SQLAlchemyError, MySQLdb.Error, UnicodeError,
            ValueError) as error:
        sys.exit(hints.explain(error))

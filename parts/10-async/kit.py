"""What the steps of Part 10 share: the command line, the rows, errors.

Plumbing only: reading the URL and the steps' own arguments, making the
part's database and loading the task's five states and fifteen cities
when they are missing, printing (facts, times, JSON), listening for step
9's server, and ending with one line on stderr instead of a traceback.
"""
import asyncio
import signal
import socket
import sys
import threading
import warnings
from json import dumps

from sqlalchemy import inspect
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import NoSuchModuleError
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.asyncio import create_async_engine

from models import Base
from models import City
from models import State

import hints

CITIES = {"California": ["San Francisco", "San Jose", "Los Angeles",
                         "Fremont", "Livermore"],
          "Arizona": ["Page", "Phoenix"],
          "Texas": ["Dallas", "Houston", "Austin"],
          "New York": ["New York"],
          "Nevada": ["Las Vegas", "Reno", "Henderson", "Carson City"]}
URLS = ("sqlite+aiosqlite:///.local/hbtn_10.db, mysql+asyncmy://USER:"
        "PASSWORD@HOST/DATABASE?charset=utf8mb4 or postgresql+asyncpg://"
        "USER:PASSWORD@HOST/DATABASE")
# The database made when it is missing, with the collation named as in
# Part 6, so that ORDER BY gives the same answers on every server.
CREATE = {"mysql": "CREATE DATABASE IF NOT EXISTS {} CHARACTER SET utf8mb4"
                   " COLLATE utf8mb4_unicode_ci",
          "postgresql": "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'"
                        " LOCALE 'C'"}


async def ready(engine):
    """Make the database, its tables and the task's rows if missing.

    The engine's first connection tells whether the database exists;
    reflection and create_all() have no async API, hence run_sync()
    (step 8).  The pool is emptied at the end.
    """
    try:
        async with engine.connect() as conn:
            found = await conn.run_sync(
                lambda sync: inspect(sync).has_table("cities"))
    # SQLAlchemy 2.1 wraps the driver's refusal in a DBAPIError; 2.0
    # lets asyncpg's own through.
    except Exception:
        if engine.dialect.name not in CREATE:
            raise
        await create_database(engine)
        found = False
    if not found:
        await load(engine)
    # The step's own work starts as a new program's would: no connection.
    await engine.dispose()


async def create_database(engine):
    """Create the URL's database, through a connection to its server."""
    server = create_async_engine(engine.url.set(
        database="postgres" if engine.dialect.name == "postgresql"
        else ""), isolation_level="AUTOCOMMIT")
    try:
        async with server.connect() as conn:
            quoted = server.dialect.identifier_preparer.quote(
                engine.url.database)
            await conn.execute(text(
                CREATE[engine.dialect.name].format(quoted)))
    finally:
        await server.dispose()


async def load(engine):
    """Create the tables, then load the task's rows."""
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    await load_rows(engine)


async def load_rows(engine):
    """Insert the task's rows, ids 1-5 and 1-15; say how many."""
    async with AsyncSession(engine) as session:
        for name, cities in CITIES.items():
            session.add(State(name=name, cities=[
                City(name=city) for city in cities]))
            # One flush per state: the ids follow the task's order.
            await session.flush()
        await session.commit()
    return "{} states, {} cities".format(
        len(CITIES), sum(len(c) for c in CITIES.values()))


# The async drivers, by their modules' names.
DRIVERS = ("aiosqlite", "asyncmy", "asyncpg")


def line(error):
    """The error's class and its own message, on one line.

    A DBAPIError is named by SQLAlchemy's class, with the driver's
    message; a StatementError that wraps anything else (MissingGreenlet)
    by what it wraps.
    """
    if isinstance(error, StatementError) and not isinstance(
            error, DBAPIError) and error.orig is not None:
        error = error.orig
    text_ = str(getattr(error, "orig", None) or error)
    name = type(error).__name__
    if type(error).__module__.split(".")[0] in DRIVERS:
        # SQLAlchemy 2.0 lets a driver's error at connect time through
        # unwrapped; 2.1 wraps it: both are named as 2.1 names them.
        name = "DBAPIError"
    if name == "MissingGreenlet":
        # The first clause: what follows it differs between releases.
        text_ = text_.split(";")[0]
    return "Error: {}: {}".format(name, " ".join(
        text_.split("(Background on")[0].split()))


def json(value):
    """The body of a JSON answer, as Part 9's Flask writes it."""
    return (dumps(value, ensure_ascii=False, separators=(",", ":"))
            + "\n").encode("utf-8")


async def serve(server, port):
    """Have the uvicorn server answer on 127.0.0.1:port until stopped.

    The socket is bound first, so a port in use is one line, not a log.
    uvicorn raises again the signal that stopped it, once it has: a
    handler of ours that does nothing lets the step end as it says.
    """
    if not port.isdigit() or not 0 < int(port) < 65536:
        sys.exit("Error: the port must be a number from 1 to 65535")
    listening = socket.create_server(("127.0.0.1", int(port)))
    for number in signal.SIGINT, signal.SIGTERM:
        signal.signal(number, lambda *_: None)
    print("Serving on http://127.0.0.1:{}/api/states (Ctrl-C stops it)"
          .format(port), flush=True)
    await server.serve(sockets=[listening])
    print("Stopped.")


def result(value):
    """A task's result as a step prints it: the value, or its error."""
    return line(value)[len("Error: "):] if isinstance(
        value, Exception) else value


def servers_only(url, why):
    """Exit with one line unless the URL is MariaDB's or PostgreSQL's."""
    kind = make_url(url).get_backend_name()
    if kind not in CREATE:
        sys.exit("Error: {}: give it the MariaDB or the PostgreSQL URL, not"
                 " {}'s".format(why, kind))


def yes(true):
    """A fact as the steps print it: yes or no."""
    return "yes" if true else "no"


def times(asked, sequence, gathered, counting=None):
    """With --times, print the seconds measured and their ratio on stderr.

    Only there: they change from run to run, the step's stdout does not.
    """
    if asked:
        spent = "" if counting is None else " (counting {:.2f} s)".format(
            counting)
        print("in sequence {:.2f} s, gathered {:.2f} s{}: {:.1f} times as"
              " fast".format(sequence, gathered, spent, sequence / gathered),
              file=sys.stderr)


async def settled(main, args):
    """Await main(*args); on an error, let aiosqlite's threads end first.

    aiosqlite stops a connection that failed to open from its own thread,
    which then reports to this event loop: were the loop closed by then,
    the thread would print an error of its own at exit.
    """
    try:
        await main(*args)
    except Exception:
        for _ in range(200):
            if not any("_connection_worker_thread" in thread.name
                       for thread in threading.enumerate()):
                break
            await asyncio.sleep(0.01)
        raise


def run(main, usage):
    """Run ``async main(url, ...)``, or exit with one line on stderr.

    ``usage`` is the step's, "URL [--times]" for one: a word in brackets
    is optional, and one that starts with -- is a flag, given as it is or
    not at all.
    """
    words = usage.split()
    optional = [word.strip("[]") for word in words[1:]]
    args = sys.argv[1:]
    if not (1 <= len(args) <= len(words) and all(
            arg == name for arg, name in zip(args[1:], optional)
            if name.startswith("--"))):
        sys.exit("Usage: {} {}".format(sys.argv[0], usage))
    try:
        # The URL says where the server is; MYSQL_HOST and MYSQL_TCP_PORT
        # are refused here, as by every other step, when they cannot be.
        hints.host(), hints.port()
    except ValueError as error:
        sys.exit(hints.explain(error))
    try:
        asyncio.run(settled(main, args))
    except NoSuchModuleError as error:
        sys.exit("Error: {} (hint: the URL starts with {})".format(
            str(error), URLS))
    except ArgumentError:
        sys.exit("Error: the argument is not a SQLAlchemy URL (hint: for"
                 " example {})".format(URLS))
    except ImportError as error:
        sys.exit("Error: the URL's driver is not installed: {} (hint: run"
                 " the step in the parts' virtualenv, . .local/venv/bin/"
                 "activate)".format(error))
    except Exception as error:
        # What was printed comes first; a driver's coroutine that the
        # error left unawaited would only warn about the same error.
        sys.stdout.flush()
        warnings.filterwarnings("ignore", "coroutine .* never awaited")
        hint = (" (hint: the URL starts with {})".format(URLS)
                if "requires an async driver" in str(error) else "")
        sys.exit(line(error) + hint)

"""Part 8's plumbing: the recording proxy, where the servers are, a start.

Not the lesson, but what lets the steps look at it: a recording TCP proxy
on a free loopback port (Proxy), the real servers (mysql(), postgres()),
and PostgreSQL's known start for steps 4 and 5 (known_start).  The
decoders, what the steps teach, are in wire.py.
"""
import asyncio
import collections
import contextlib
import itertools
import os
import threading

import hints


class WireError(Exception):
    """Bytes that are not what the protocol says they must be."""


# The recording proxy: the drivers are synchronous, so its event loop runs
# in a thread of its own.  Every chunk of bytes is recorded, then
# forwarded unchanged: each side sees exactly what the other one sent.


Chunk = collections.namedtuple("Chunk", "connection direction data")
TO_SERVER, TO_CLIENT = "client > server", "server > client"


class Proxy:
    """Listens on 127.0.0.1 and relays each connection to ``upstream``.

    ``upstream`` is (host, port), or a path for a unix socket.  Use it as
    a context manager: ``port`` is where clients connect; ``chunks`` holds
    Chunk(connection number, direction, bytes) in the order they arrived
    (connections are numbered from 1, in the order they were accepted).
    """

    def __init__(self, upstream):
        """Remember where to relay; nothing listens before ``with``."""
        self.upstream = upstream
        self.chunks, self.port, self.failed = [], None, None
        self.numbers = itertools.count(1)
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.tasks = set()

    def __enter__(self):
        """Start listening; return self once ``port`` is known."""
        threading.Thread(target=self._run, daemon=True).start()
        self.ready.wait()
        return self

    def __exit__(self, *exc):
        """Wait for the connections to end, then stop listening.

        If the server could not be reached, that is the error to report,
        rather than the client's "lost connection".
        """
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result()
        self.loop.call_soon_threadsafe(self.loop.stop)
        if self.failed:
            raise WireError(
                "nothing answers at {}, where the proxy relays to (hint:"
                " start the server, or point MYSQL_HOST and MYSQL_TCP_PORT,"
                " or PGHOST and PGPORT, at it)".format(where(self.upstream)))

    def _run(self):
        """The proxy's thread: listen, then serve until stopped."""
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(asyncio.start_server(
            self._relay, "127.0.0.1", 0))
        self.port = self.server.sockets[0].getsockname()[1]
        self.ready.set()
        self.loop.run_forever()

    async def _stop(self):
        """Close the listener and give open connections time to end."""
        self.server.close()
        if self.tasks:
            await asyncio.wait(self.tasks, timeout=5)

    async def _relay(self, client_in, client_out):
        """Relay one client connection to a new upstream connection."""
        self.tasks.add(asyncio.current_task())
        number = next(self.numbers)
        try:
            if isinstance(self.upstream, str):
                server = await asyncio.open_unix_connection(self.upstream)
            else:
                server = await asyncio.open_connection(*self.upstream)
        except OSError as error:
            self.failed = self.failed or error
            client_out.close()
            return
        await asyncio.gather(
            self._pump(number, TO_SERVER, client_in, server[1]),
            self._pump(number, TO_CLIENT, server[0], client_out))

    async def _pump(self, number, direction, source, sink):
        """Copy one direction until end of file, recording each chunk."""
        try:
            while True:
                data = await source.read(65536)
                if not data:
                    break
                self.chunks.append(Chunk(number, direction, data))
                sink.write(data)
                await sink.drain()
        except OSError:
            pass
        finally:
            sink.close()


def where(upstream):
    """An upstream address as text: host:port, or a socket's path."""
    if isinstance(upstream, str):
        return upstream
    return "{}:{}".format(*upstream)

# Where the real servers are: the same variables the other parts read.
# PyMySQL and the proxy always use TCP, so MariaDB is MYSQL_HOST and
# MYSQL_TCP_PORT (default 127.0.0.1:3306); PostgreSQL is PGHOST and PGPORT
# (default localhost:5432; a PGHOST that starts with / is the folder of
# the server's unix socket).


def mysql():
    """The MariaDB server's (host, port), for the proxy's upstream."""
    host = hints.host()
    if host == "localhost":
        # A MySQL client takes "localhost" for the unix socket; over TCP,
        # where the proxy is, it is the loopback address.
        host = "127.0.0.1"
    return host, hints.port()


def postgres():
    """The PostgreSQL server: (host, port), or its unix socket's path."""
    host = os.environ.get("PGHOST", "localhost")
    port = int(os.environ.get("PGPORT", "5432"))
    if host.startswith("/"):
        return "{}/.s.PGSQL.{}".format(host, port)
    return host, port

# The PostgreSQL side's known start: its database, table and states.
# Step 4 and step 5 read the same five states as the task's database, so
# each makes them again (the database if it is missing, then the table),
# directly, not through the proxy, and holds a lock on that database's
# name until it is done: two runs at once (the tour and the tests) take
# turns instead of dropping the table under each other.


STATES = ("California", "Arizona", "Texas", "New York", "Nevada")


def login(user, password, database):
    """The connection arguments for the server, from PGHOST and PGPORT."""
    where = postgres()
    host, port = (where.rsplit("/", 1)[0], int(where.rsplit(".", 1)[1])) \
        if isinstance(where, str) else where
    return dict(host=host, port=port, user=user, password=password,
                dbname=database, sslmode="disable", gssencmode="disable")


@contextlib.contextmanager
def known_start(user, password, database):
    """Make ``database``'s five states again; keep others out meanwhile."""
    # Imported here: Debian's Python, the tests', may lack psycopg.
    import psycopg
    from psycopg import sql
    with psycopg.connect(autocommit=True,
                         **login(user, password, "postgres")) as admin:
        admin.execute("SELECT pg_advisory_lock(hashtext(%s))",
                      ("hbtn_8_wire " + database,))
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                              (database,)).fetchone()
        if not found:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(
                sql.Identifier(database)))
        fill(user, password, database)
        yield


def fill(user, password, database):
    """Make the table states again, with the task's five states."""
    import psycopg
    with psycopg.connect(**login(user, password, database)) as db:
        db.execute("DROP TABLE IF EXISTS states")
        db.execute("CREATE TABLE states (id SERIAL PRIMARY KEY,"
                   " name VARCHAR(256) NOT NULL)")
        with db.cursor() as cursor:
            cursor.executemany("INSERT INTO states (name) VALUES (%s)",
                               [(name,) for name in STATES])
        db.commit()

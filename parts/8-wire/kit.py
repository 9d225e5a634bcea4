"""Part 8's plumbing: the recording proxy, the servers, printing bytes.

Not the lesson, but what lets the steps look at it: a recording proxy
(Proxy), the servers (mysql(), postgres(), known_start), bytes printed
as a capture tool shows them (show), an earlier step to reuse (step).
"""
import asyncio
import collections
import contextlib
import importlib.util
import itertools
import os
import socket
import textwrap
import threading
from pathlib import Path

import hints


class WireError(Exception):
    """Bytes that are not what the protocol says they must be."""


# The recording proxy, its event loop in a thread (the drivers block): each
# chunk is recorded, then forwarded unchanged, both ways.

Chunk = collections.namedtuple("Chunk", "connection direction data")
TO_SERVER, TO_CLIENT = "client > server", "server > client"


class Proxy:
    """Listens on ``address`` and relays each connection to ``upstream``.

    ``upstream``: (host, port), a host starting with / a socket's folder.
    In a ``with``, clients connect to ``port``; ``chunks`` holds each
    Chunk(connection number from 1, direction, bytes) as it arrived.
    """

    def __init__(self, upstream, address="127.0.0.1"):
        """Remember where to relay; nothing listens before ``with``."""
        self.upstream, self.address, self.chunks = upstream, address, []
        self.numbers, self.tasks, self.failed = itertools.count(1), set(), None
        self.loop, self.ready = asyncio.new_event_loop(), threading.Event()

    def __enter__(self):
        """Listen on a free port of ``address``; return self, serving."""
        try:
            self.listener = socket.create_server((self.address, 0))
        except OSError as error:
            raise WireError("the proxy cannot listen on {}: {}".format(
                self.address, error.strerror)) from None
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._run, daemon=True).start()
        self.ready.wait()
        return self

    def __exit__(self, *exc):
        """Let the connections end; an unreachable server is the error."""
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result()
        self.loop.call_soon_threadsafe(self.loop.stop)
        if self.failed:
            raise WireError(
                "nothing answers at {}:{}, where the proxy relays to (hint:"
                " start the server, or point MYSQL_HOST and MYSQL_TCP_PORT,"
                " or PGHOST and PGPORT, at it)".format(*self.upstream))

    def _run(self):
        """The proxy's thread: listen, then serve until stopped."""
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(asyncio.start_server(
            self._relay, sock=self.listener))
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
        number, (host, port) = next(self.numbers), self.upstream
        try:
            if host.startswith("/"):
                server = await asyncio.open_unix_connection(
                    "{}/.s.PGSQL.{}".format(host, port))
            else:
                server = await asyncio.open_connection(host, port)
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
            while data := await source.read(65536):
                self.chunks.append(Chunk(number, direction, data))
                sink.write(data)
                await sink.drain()
        except OSError:
            pass
        finally:
            sink.close()


# Where the servers are: MariaDB over TCP at MYSQL_HOST and MYSQL_TCP_PORT
# (127.0.0.1:3306), PostgreSQL at PGHOST and PGPORT (localhost:5432).

def mysql():
    """The MariaDB server's (host, port), for the proxy's upstream."""
    host = hints.host()
    # A MySQL client takes "localhost" for the unix socket; over TCP, where
    # the proxy is, it is the loopback address.
    return "127.0.0.1" if host == "localhost" else host, hints.port()


def postgres():
    """The PostgreSQL server's (host, port), for the proxy's upstream."""
    return os.environ.get("PGHOST", "localhost"), hints.port("PGPORT", 5432)


# Steps 4 and 5 make the five states again, not through the proxy, under a
# lock: two runs at once (tour, tests) take turns on one database.
STATES = ("California", "Arizona", "Texas", "New York", "Nevada")


def login(user, password, database):
    """The connection arguments for the server, from PGHOST and PGPORT."""
    host, port = postgres()
    return dict(host=host, port=port, user=user, password=password,
                dbname=database, sslmode="disable", gssencmode="disable")


@contextlib.contextmanager
def known_start(user, password, database):
    """Make ``database`` if missing, and its states; keep others out."""
    # Imported here: Debian's Python, the tests', may lack psycopg.
    import psycopg
    from psycopg import sql
    with psycopg.connect(autocommit=True,
                         **login(user, password, "postgres")) as admin:
        admin.execute("SELECT pg_advisory_lock(hashtext(%s))",
                      ("hbtn_8_wire " + database,))
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                             (database,)).fetchone():
            admin.execute(sql.SQL("CREATE DATABASE {}").format(
                sql.Identifier(database)))
        with psycopg.connect(**login(user, password, database)) as db:
            db.execute("DROP TABLE IF EXISTS states")
            db.execute("CREATE TABLE states (id SERIAL PRIMARY KEY,"
                       " name VARCHAR(256) NOT NULL)")
            db.cursor().executemany("INSERT INTO states (name) VALUES (%s)",
                                    [(name,) for name in STATES])
        yield


# Printing: a packet's title, its bytes as ``hexdump -C`` shows them
# (offset, 16 bytes of hex, the text), and what it is, wrapped.

def hexdump(data, masked=()):
    """Lines of 16 bytes each; the offsets in ``masked`` are shown xx."""
    lines = []
    for start in range(0, len(data), 16):
        part = range(start, min(start + 16, len(data)))
        hexes = ["xx" if i in masked else "{:02x}".format(data[i])
                 for i in part]
        text = "".join("?" if i in masked else chr(data[i])
                       if 0x20 <= data[i] < 0x7f else "." for i in part)
        lines.append("  {:04x}  {:<47}  |{}|".format(
            start, " ".join(hexes), text))
    return lines


def show(title, raw, masked=(), facts=()):
    """The lines that print a message: title, bytes, one "=" per fact."""
    lines = [title] + hexdump(raw, masked)
    for fact in facts:
        lines += textwrap.wrap(fact, 76, initial_indent="  = ",
                               subsequent_indent="    ",
                               break_on_hyphens=False)
    return "\n".join(lines)


def step(number):
    """Step ``number`` of this part, imported to reuse its decoders."""
    path, = Path(__file__).parent.glob("{}-*.py".format(number))
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

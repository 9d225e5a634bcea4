"""Part 8's plumbing: the recording proxy, the servers, bytes to read.

Not the lesson, but what lets the steps look at it: a recording TCP proxy
on a free loopback port (Proxy), where the real servers are (mysql(),
postgres(): MYSQL_HOST/MYSQL_TCP_PORT and PGHOST/PGPORT), PostgreSQL's
known start for steps 4 and 5 (known_start), a reader of fields out of
bytes that says when they run out (Reader, WireError), and bytes shown
as a capture tool shows them (hexdump).  The decoders, what the steps
teach, are in wire.py, read top to bottom.
"""
import asyncio
import collections
import contextlib
import itertools
import os
import struct
import threading

import psycopg
from psycopg import sql


# --- Reading fields out of bytes ---------------------------------------
# Reading fields out of bytes, with a clear error when they run out.


class WireError(Exception):
    """Bytes that are not what the protocol says they must be."""


class Reader:
    """Reads one message's payload from the front, field by field."""

    def __init__(self, data, what):
        """Read ``data``; ``what`` names the message in error messages."""
        self.data, self.at, self.what = bytes(data), 0, what

    def take(self, count):
        """The next ``count`` bytes; a WireError if fewer are left."""
        if count < 0 or self.at + count > len(self.data):
            raise WireError("{} is truncated: {} bytes needed at offset {},"
                            " {} left".format(self.what, count, self.at,
                                              len(self.data) - self.at))
        self.at += count
        return self.data[self.at - count:self.at]

    def int(self, size, order="<"):
        """An unsigned integer of ``size`` bytes (little-endian: "<")."""
        return int.from_bytes(self.take(size), "little" if order == "<"
                              else "big")

    def signed(self, fmt):
        """A number in a struct format, such as ">i" or "<d"."""
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def until(self, end=b"\0"):
        """The bytes up to ``end`` (which is read too, but not returned)."""
        stop = self.data.find(end, self.at)
        if stop < 0:
            raise WireError("{} is truncated: no terminating {!r} after"
                            " offset {}".format(self.what, end, self.at))
        return self.take(stop - self.at + len(end))[:-len(end)]

    def lenenc_int(self):
        """A length-encoded integer (MySQL); None for 0xfb, NULL."""
        first = self.int(1)
        if first < 0xfb:
            return first
        if first == 0xfb:
            return None
        if first == 0xff:
            raise WireError("{}: 0xff is not a length-encoded integer at"
                            " offset {}".format(self.what, self.at - 1))
        return self.int({0xfc: 2, 0xfd: 3, 0xfe: 8}[first])

    def lenenc_bytes(self):
        """A length-encoded string (MySQL); None for NULL."""
        size = self.lenenc_int()
        return None if size is None else self.take(size)

    def rest(self):
        """Everything not read yet."""
        return self.take(len(self.data) - self.at)

    def left(self):
        """How many bytes are not read yet."""
        return len(self.data) - self.at

    def end(self):
        """Check that every byte was read: extra bytes are an error."""
        if self.left():
            raise WireError("{} has {} unexpected bytes at offset {}".format(
                self.what, self.left(), self.at))

# --- Bytes as a capture tool shows them --------------------------------
# Bytes as a capture tool shows them: offset, 16 bytes of hex, text.


def printable(byte):
    """The character shown for a byte in the text column: ASCII or '.'."""
    return chr(byte) if 0x20 <= byte < 0x7f else "."


def hexdump(data, masked=(), indent="  "):
    """Return ``data`` as lines of 16 bytes, each with its offset.

    Two lower-case hex digits per byte, separated by spaces, then the
    bytes as ASCII text between bars, as ``hexdump -C`` shows them.  The
    offsets in ``masked`` are shown as ``xx`` (and ``?`` in the text):
    bytes that change from one run to the next.
    """
    lines = []
    for start in range(0, len(data), 16):
        part = data[start:start + 16]
        hexes = ["xx" if start + i in masked else "{:02x}".format(b)
                 for i, b in enumerate(part)]
        text = "".join("?" if start + i in masked else printable(b)
                       for i, b in enumerate(part))
        lines.append("{}{:04x}  {:<47}  |{}|".format(
            indent, start, " ".join(hexes), text))
    return lines

# --- The recording proxy -----------------------------------------------
# A recording TCP proxy on a free loopback port (asyncio, threads).
#
# The drivers are synchronous, so the proxy's event loop runs in a thread
# of its own.  Every chunk of bytes is recorded, then forwarded unchanged:
# the client and the server see exactly what the other one sent.


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

# --- Where the real servers are ----------------------------------------
# Where the real servers are: the same variables the other parts read.
#
# PyMySQL and the proxy always use TCP, so MariaDB is MYSQL_HOST and
# MYSQL_TCP_PORT (default 127.0.0.1:3306); PostgreSQL is PGHOST and PGPORT
# (default localhost:5432; a PGHOST that starts with / is the folder of
# the server's unix socket).


def mysql():
    """The MariaDB server's (host, port), for the proxy's upstream."""
    host = os.environ.get("MYSQL_HOST", "127.0.0.1")
    if host == "localhost":
        # A MySQL client takes "localhost" for the unix socket; over TCP,
        # where the proxy is, it is the loopback address.
        host = "127.0.0.1"
    return host, int(os.environ.get("MYSQL_TCP_PORT", "3306"))


def postgres():
    """The PostgreSQL server: (host, port), or its unix socket's path."""
    host = os.environ.get("PGHOST", "localhost")
    port = int(os.environ.get("PGPORT", "5432"))
    if host.startswith("/"):
        return "{}/.s.PGSQL.{}".format(host, port)
    return host, port

# --- PostgreSQL's known start ------------------------------------------
# The PostgreSQL side's known start: its database, table and states.
#
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
    with psycopg.connect(**login(user, password, database)) as db:
        db.execute("DROP TABLE IF EXISTS states")
        db.execute("CREATE TABLE states (id SERIAL PRIMARY KEY,"
                   " name VARCHAR(256) NOT NULL)")
        with db.cursor() as cursor:
            cursor.executemany("INSERT INTO states (name) VALUES (%s)",
                               [(name,) for name in STATES])
        db.commit()

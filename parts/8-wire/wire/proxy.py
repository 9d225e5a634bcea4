"""A recording TCP proxy on a free loopback port (asyncio, threads).

The drivers are synchronous, so the proxy's event loop runs in a thread
of its own.  Every chunk of bytes is recorded, then forwarded unchanged:
the client and the server see exactly what the other one sent.
"""
import asyncio
import collections
import itertools
import threading

from wire.reader import WireError

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

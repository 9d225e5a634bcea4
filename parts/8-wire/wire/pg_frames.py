"""PostgreSQL's framing: a type byte, a 4-byte big-endian length, a body.

The length counts itself and the body, not the type byte.  The client's
first message (the startup message, or a request for TLS) has no type
byte; the server answers a TLS request with a single byte, N or S.
"""
import collections

from wire.reader import WireError

Frame = collections.namedtuple("Frame", "connection direction type body raw")
REQUESTS = {80877103: "SSLRequest", 80877104: "GSSENCRequest",
            80877102: "CancelRequest"}


def cut(data, typed=True):
    """One whole message at the front of ``data``: (type, body, raw).

    None when more bytes are needed.  ``typed``: the message starts with
    its type byte.
    """
    head = 5 if typed else 4
    if len(data) < head:
        return None
    length = int.from_bytes(data[head - 4:head], "big")
    if length < 4:
        raise WireError("a message's length must be at least 4, not {}"
                        .format(length))
    if len(data) < head - 4 + length:
        return None
    raw = bytes(data[:head - 4 + length])
    return (chr(raw[0]) if typed else "", raw[head:], raw)


class Streams:
    """Cuts each connection's two byte streams into messages."""

    def __init__(self):
        """No bytes yet; every client begins with an untyped message."""
        self.buffers = collections.defaultdict(bytes)
        self.started, self.answer_byte = set(), set()

    def feed(self, chunk):
        """Add a chunk; return the messages it completed, in order."""
        key = chunk.connection, chunk.direction
        self.buffers[key] += chunk.data
        found = []
        while self.buffers[key]:
            data = self.buffers[key]
            if chunk.direction.startswith("server") and \
                    chunk.connection in self.answer_byte:
                self.answer_byte.discard(chunk.connection)
                whole = (chr(data[0]), b"", data[:1])
            else:
                whole = cut(data, key in self.started or
                            chunk.direction.startswith("server"))
            if whole is None:
                break
            self.buffers[key] = data[len(whole[2]):]
            self.started.add(key)
            found.append(Frame(chunk.connection, chunk.direction, *whole))
            if whole[0] == "" and int.from_bytes(whole[1][:4], "big") in (
                    80877103, 80877104):
                self.started.discard(key)
                self.answer_byte.add(chunk.connection)
        return found

    def finish(self):
        """Check that no message was left cut short."""
        for (connection, direction), rest in self.buffers.items():
            if rest:
                raise WireError("{}: a message is truncated: {} bytes"
                                " left over".format(direction, len(rest)))


def frames(chunks):
    """The messages of a proxy's recording, in the order they completed."""
    streams = Streams()
    found = [f for chunk in chunks for f in streams.feed(chunk)]
    streams.finish()
    return found

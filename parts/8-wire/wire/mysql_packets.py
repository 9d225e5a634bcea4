"""MySQL's framing: a 4-byte header (length, sequence number), a payload.

The header is the payload's length in 3 bytes, little-endian, then the
packet's sequence number in one byte (0 for each new command, then +1
for every packet either side sends).
"""
import collections

from wire.reader import WireError

Packet = collections.namedtuple(
    "Packet", "connection direction seq payload raw")


def split(data, connection=1, direction="bytes"):
    """Cut a byte stream into whole packets; a WireError if one is cut."""
    found, rest = cut(data, connection, direction)
    if rest:
        raise incomplete(rest, direction)
    return found


def cut(data, connection, direction):
    """The whole packets at the front of ``data``, and what is left."""
    found = []
    while len(data) >= 4:
        length = int.from_bytes(data[:3], "little")
        if len(data) < 4 + length:
            break
        found.append(Packet(connection, direction, data[3],
                            bytes(data[4:4 + length]),
                            bytes(data[:4 + length])))
        data = data[4 + length:]
    return found, data


def incomplete(rest, direction):
    """The error for bytes left over: a header or a payload cut short."""
    if len(rest) < 4:
        return WireError("{}: a packet header is truncated: {} of its 4"
                         " bytes arrived".format(direction, len(rest)))
    return WireError("{}: packet seq {} is truncated: its header says {}"
                     " bytes, {} arrived".format(
                         direction, rest[3], int.from_bytes(rest[:3],
                                                            "little"),
                         len(rest) - 4))


def packets(chunks):
    """The packets of a proxy's recording, in the order they completed.

    Each connection and direction is its own stream: a packet may arrive
    in several chunks, and one chunk may hold several packets.
    """
    streams = collections.defaultdict(bytes)
    found = []
    for chunk in chunks:
        key = chunk.connection, chunk.direction
        whole, streams[key] = cut(streams[key] + chunk.data, *key)
        found.extend(whole)
    for (connection, direction), rest in streams.items():
        if rest:
            raise incomplete(rest, direction)
    return found

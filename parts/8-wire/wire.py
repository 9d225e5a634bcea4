"""What the steps read bytes with: fields, then MySQL's packets.

Read top to bottom: how a field is read out of a message's bytes
(integers, NUL-terminated strings, MySQL's length-encoded integers and
strings), then how a recording is cut into MySQL's packets and grouped
into exchanges, then the OK packet and the status flags it carries.
What else each packet holds is decoded in the step that teaches it;
PostgreSQL's framing is step 4's lesson.
"""
import collections
import struct

from kit import TO_CLIENT
from kit import WireError


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

    def int(self, size, order="little"):
        """An unsigned integer of ``size`` bytes (MySQL's are little)."""
        return int.from_bytes(self.take(size), order)

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
        """MySQL's length-encoded integer: 1, 3, 4 or 9 bytes; 0xfb NULL."""
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
        """MySQL's length-encoded string: its length, then it; or NULL."""
        size = self.lenenc_int()
        return None if size is None else self.take(size)

    def left(self):
        """How many bytes are not read yet."""
        return len(self.data) - self.at

    def end(self):
        """Check that every byte was read: extra bytes are an error."""
        if self.left():
            raise WireError("{} has {} unexpected bytes at offset {}".format(
                self.what, self.left(), self.at))


# MySQL's framing: a 4-byte header, the payload's length in 3 bytes
# (little-endian) and a sequence number (0 for each new command, then +1
# for every packet either side sends), then the payload.  Each
# connection and direction is a stream of its own: a packet may arrive
# in several chunks, and one chunk may hold several packets.

Packet = collections.namedtuple(
    "Packet", "connection direction seq payload raw")


def packets(chunks):
    """The packets of a proxy's recording, in the order they completed."""
    streams, found = collections.defaultdict(bytes), []
    for chunk in chunks:
        key = chunk.connection, chunk.direction
        data = streams[key] + chunk.data
        while len(data) >= 4:
            size = 4 + int.from_bytes(data[:3], "little")
            if len(data) < size:
                break
            found.append(Packet(*key, data[3], data[4:size], data[:size]))
            data = data[size:]
        streams[key] = data
    for (connection, direction), rest in streams.items():
        if len(rest) >= 4:
            raise WireError("{}: packet seq {} is truncated: its header"
                            " says {} bytes, {} arrived".format(
                                direction, rest[3], int.from_bytes(
                                    rest[:3], "little"), len(rest) - 4))
        if rest:
            raise WireError("{}: a packet header is truncated: {} of its 4"
                            " bytes arrived".format(direction, len(rest)))
    return found


def exchanges(found):
    """The packets cut where a command starts: the client's seq 0.

    The first group is the connection phase: the login, seq 0 from the
    server.  Each command then runs to the client's next command.
    """
    groups = [[]]
    for packet in found:
        if packet.seq == 0 and packet.direction != TO_CLIENT:
            groups.append([])
        groups[-1].append(packet)
    return groups


STATUS = {0x0001: "IN_TRANS", 0x0002: "AUTOCOMMIT",
          0x0008: "MORE_RESULTS_EXISTS", 0x0010: "NO_GOOD_INDEX_USED",
          0x0020: "NO_INDEX_USED", 0x0040: "CURSOR_EXISTS",
          0x0080: "LAST_ROW_SENT", 0x2000: "IN_TRANS_READONLY",
          0x4000: "SESSION_STATE_CHANGED"}


def named(number, names):
    """A number with its name, when it has one: "3 (LONG)"."""
    name = names.get(number)
    return "{} ({})".format(number, name) if name else str(number)


def ok(payload):
    """An OK packet (0x00): rows changed, the last id, the status flags."""
    if payload[:1] != b"\x00":
        raise WireError("an OK packet must start with 0x00")
    read = Reader(payload[1:], "an OK packet")
    read.lenenc_int()  # how many rows the command changed
    read.lenenc_int()  # the last id it inserted
    return read.int(2)


def status(flags):
    """Server status flags as hex and names: "0x0002 (AUTOCOMMIT)"."""
    names = [n for bit, n in sorted(STATUS.items()) if flags & bit]
    return "0x{:04x}{}".format(flags, " ({})".format(", ".join(names))
                               if names else "")

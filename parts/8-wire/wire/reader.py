"""Reading fields out of bytes, with a clear error when they run out."""
import struct


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

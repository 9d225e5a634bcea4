"""The wire's decoders: bytes in, what they mean out, read top to bottom.

What Part 8 teaches, in the order a student meets it.  MySQL first: the
framing (a 4-byte header, then a payload), what the packets hold (a
column definition, a row, OK, EOF, ERR), the login, the binary protocol
of prepared statements, how the conversation decides which packet is
which, and how each is printed.  Then PostgreSQL: its framing (a type
byte, a length), its messages, and how they are printed.  The proxy that
records the bytes, and the reader of fields out of them, are plumbing:
kit.py.
"""
import collections
import hashlib
import struct
import textwrap

from kit import WireError


# --- Bytes, 1: fields read out of them ---------------------------------------
# Each decoder reads a message from the front, field by field, and says
# clearly when the bytes run out.


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


# --- Bytes, 2: as a capture tool shows them ----------------------------------
# Offset, 16 bytes of hex, the text, as ``hexdump -C`` shows them.


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


# --- MySQL, 1: the framing --------------------------------------------------
# MySQL's framing: a 4-byte header (length, sequence number), a payload.
#
# The header is the payload's length in 3 bytes, little-endian, then the
# packet's sequence number in one byte (0 for each new command, then +1
# for every packet either side sends).


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


# --- MySQL, 2: what the packets hold ----------------------------------------
# The payloads of MySQL's packets, decoded into named values.


TYPES = {0: "DECIMAL", 1: "TINY", 2: "SHORT", 3: "LONG", 4: "FLOAT",
         5: "DOUBLE", 6: "NULL", 7: "TIMESTAMP", 8: "LONGLONG", 9: "INT24",
         10: "DATE", 11: "TIME", 12: "DATETIME", 13: "YEAR", 15: "VARCHAR",
         16: "BIT", 246: "NEWDECIMAL", 252: "BLOB", 253: "VAR_STRING",
         254: "STRING"}
CHARSETS = {8: "latin1_swedish_ci", 33: "utf8mb3_general_ci",
            45: "utf8mb4_general_ci", 46: "utf8mb4_bin", 63: "binary",
            224: "utf8mb4_unicode_ci"}
COMMANDS = {0x01: "COM_QUIT", 0x02: "COM_INIT_DB", 0x03: "COM_QUERY",
            0x0e: "COM_PING", 0x16: "COM_STMT_PREPARE",
            0x17: "COM_STMT_EXECUTE", 0x19: "COM_STMT_CLOSE",
            0x1a: "COM_STMT_RESET"}
STATUS = {0x0001: "IN_TRANS", 0x0002: "AUTOCOMMIT",
          0x0008: "MORE_RESULTS_EXISTS", 0x0010: "NO_GOOD_INDEX_USED",
          0x0020: "NO_INDEX_USED", 0x0040: "CURSOR_EXISTS",
          0x0080: "LAST_ROW_SENT", 0x2000: "IN_TRANS_READONLY",
          0x4000: "SESSION_STATE_CHANGED"}


def named(number, names):
    """A number with its name, when it has one: "3 (LONG)"."""
    name = names.get(number)
    return "{} ({})".format(number, name) if name else str(number)


def status(flags):
    """Server status flags as hex and names: "0x0002 (AUTOCOMMIT)"."""
    names = [n for bit, n in sorted(STATUS.items()) if flags & bit]
    return "0x{:04x}{}".format(flags, " ({})".format(", ".join(names))
                               if names else "")


def text(data):
    """Bytes from the wire shown as text (UTF-8), quoted as Python does."""
    return repr(data.decode("utf-8", "backslashreplace"))


def ok(payload):
    """An OK packet: affected rows, last insert id, status, warnings."""
    read = Reader(payload, "an OK packet")
    read.take(1)
    return {"affected rows": read.lenenc_int(),
            "last insert id": read.lenenc_int(), "status": read.int(2),
            "warnings": read.int(2), "info": read.rest()}


def error(payload):
    """An ERR packet: the error code, the SQL state, the message."""
    read = Reader(payload, "an ERR packet")
    read.take(1)
    code = read.int(2)
    state = read.take(6)[1:] if payload[3:4] == b"#" else b""
    return {"code": code, "sqlstate": state.decode("ascii", "replace"),
            "message": read.rest().decode("utf-8", "replace")}


def eof(payload):
    """An EOF packet: the number of warnings and the status flags."""
    read = Reader(payload, "an EOF packet")
    read.take(1)
    return {"warnings": read.int(2), "status": read.int(2)}


def column(payload, extended=False):
    """A column definition (protocol 4.1): where it comes from, its type.

    ``extended``: MariaDB's extended type information was agreed on, so
    a length-encoded block of it follows the names.
    """
    read = Reader(payload, "a column definition")
    found = {}
    for name in ("catalog", "schema", "table", "org_table", "name",
                 "org_name"):
        found[name] = read.lenenc_bytes()
    if extended:
        found["extended"] = read.lenenc_bytes()
    if read.lenenc_int() != 0x0c:
        raise WireError("a column definition: its fixed part must be 12"
                        " bytes long")
    # Where the character set is, in the payload: it is the connection's
    # collation, which differs between servers (masked when shown).
    found["charset_at"] = read.at
    found.update(charset=read.int(2), length=read.int(4), type=read.int(1),
                 flags=read.int(2), decimals=read.int(1))
    read.take(2)
    read.end()
    return found


def text_row(payload, count):
    """A row of the text protocol: ``count`` length-encoded strings."""
    read = Reader(payload, "a text row")
    values = tuple(read.lenenc_bytes() for _ in range(count))
    read.end()
    return values


# --- MySQL, 3: the login ----------------------------------------------------
# The connection phase: the server's greeting and the client's login.


CAPABILITIES = {1 << 0: "LONG_PASSWORD", 1 << 3: "CONNECT_WITH_DB",
                1 << 9: "PROTOCOL_41", 1 << 11: "SSL",
                1 << 13: "TRANSACTIONS", 1 << 15: "SECURE_CONNECTION",
                1 << 16: "MULTI_STATEMENTS", 1 << 17: "MULTI_RESULTS",
                1 << 19: "PLUGIN_AUTH", 1 << 20: "CONNECT_ATTRS",
                1 << 21: "PLUGIN_AUTH_LENENC_CLIENT_DATA",
                1 << 24: "DEPRECATE_EOF"}


def flags(value):
    """The names of the capability flags set in ``value``, in bit order."""
    return [n for bit, n in sorted(CAPABILITIES.items()) if value & bit]


def greeting(payload):
    """The server's handshake (protocol version 10), field by field."""
    read = Reader(payload, "the server's handshake")
    found = {"protocol": read.int(1)}
    if found["protocol"] != 10:
        raise WireError("the server's handshake: protocol version {}, not"
                        " 10".format(found["protocol"]))
    found["version"] = read.until().decode("ascii", "replace")
    found["connection id"] = read.int(4)
    scramble = read.take(8)
    read.take(1)
    capabilities = read.int(2)
    found["charset"], found["status"] = read.int(1), read.int(2)
    found["capabilities"] = capabilities | read.int(2) << 16
    size = read.int(1)
    # MariaDB uses the last 4 of these 10 reserved bytes for its own
    # extended capabilities.
    read.take(6)
    found["mariadb"] = read.int(4)
    found["scramble"] = scramble + read.take(max(13, size - 8))[:-1]
    found["plugin"] = read.until().decode("ascii", "replace")
    return found


def login(payload):
    """The client's handshake response (protocol 4.1), field by field."""
    read = Reader(payload, "the client's handshake response")
    found = {"capabilities": read.int(4), "max packet": read.int(4),
             "charset": read.int(1)}
    read.take(19)
    caps = found["capabilities"]
    # A MariaDB client (LONG_PASSWORD unset) puts its extended
    # capabilities in the last 4 of the 23 reserved bytes.
    found["mariadb"] = read.int(4) * (not caps & 1)
    found["user"] = read.until().decode("utf-8", "replace")
    if caps & 1 << 21:
        found["auth response"] = read.lenenc_bytes()
    else:
        found["auth response"] = read.take(read.int(1))
    if caps & 1 << 3:
        found["database"] = read.until().decode("utf-8", "replace")
    if caps & 1 << 19:
        found["plugin"] = read.until().decode("ascii", "replace")
    found["attributes"] = attributes(read) if caps & 1 << 20 else {}
    return found


def attributes(read):
    """The connection attributes: (name, value) pairs, length-encoded."""
    inner = Reader(read.lenenc_bytes(), "the connection attributes")
    found = {}
    while inner.left():
        key = inner.lenenc_bytes().decode("utf-8", "replace")
        found[key] = inner.lenenc_bytes().decode("utf-8", "replace")
    return found


# --- MySQL, 4: prepared statements, the binary protocol ---------------------
# The binary protocol of prepared statements: values apart from the SQL.
#
# COM_STMT_PREPARE sends the SQL with ? marks once; COM_STMT_EXECUTE sends
# only the statement's id and the values, each in its type's own binary
# form; the rows come back in binary form too.


# The fixed-size types: their size and struct format.
FIXED = {1: "<b", 2: "<h", 3: "<i", 4: "<f", 5: "<d", 8: "<q", 9: "<i",
         13: "<h"}
STRINGS = {0, 15, 16, 246, 249, 250, 251, 252, 253, 254}


def prepared(payload):
    """The answer to COM_STMT_PREPARE: the id, columns and parameters."""
    read = Reader(payload, "a COM_STMT_PREPARE answer")
    read.take(1)
    found = {"statement id": read.int(4), "columns": read.int(2),
             "parameters": read.int(2)}
    read.take(1)
    found["warnings"] = read.int(2) if read.left() else 0
    return found


def value(read, kind):
    """One value of MySQL type ``kind`` in its binary form."""
    if kind in FIXED:
        return read.signed(FIXED[kind])
    if kind in STRINGS:
        return read.lenenc_bytes()
    raise WireError("{}: type {} is not decoded here".format(read.what,
                                                             kind))


def execute(payload, count):
    """COM_STMT_EXECUTE with ``count`` parameters: id, types, values."""
    read = Reader(payload, "a COM_STMT_EXECUTE")
    read.take(1)
    found = {"statement id": read.int(4), "flags": read.int(1),
             "iterations": read.int(4), "types": (), "values": ()}
    if count:
        nulls = read.int((count + 7) // 8)
        if read.int(1):
            found["types"] = tuple(read.int(2) & 0xff for _ in range(count))
        found["values"] = tuple(
            None if nulls >> i & 1 else value(read, kind)
            for i, kind in enumerate(found["types"]))
    read.end()
    return found


def binary_row(payload, types):
    """A row of the binary protocol: a NULL bitmap, then the values."""
    read = Reader(payload, "a binary row")
    if read.int(1) != 0:
        raise WireError("a binary row must start with 0x00")
    # The bitmap's first two bits are reserved, so it has 2 more bits.
    nulls = read.int((len(types) + 9) // 8)
    values = tuple(None if nulls >> (i + 2) & 1 else value(read, kind)
                   for i, kind in enumerate(types))
    read.end()
    return values


# --- MySQL, 5: which packet is which ----------------------------------------
# What each MySQL packet is: the conversation, followed as it goes.
#
# A packet's bytes do not say what it is: a row and a column definition
# look alike.  What the client asked for and what came before decide, so
# this module keeps, per connection, what the server is expected to send.


Message = collections.namedtuple("Message", "packet kind fields")
DEPRECATE_EOF = 1 << 24
# MariaDB's extended capabilities, when both sides offer them.
EXTENDED_TYPE_INFO, CACHE_METADATA = 1 << 3, 1 << 4


class Conversation:
    """One connection's state: what the next server packets must be."""

    def __init__(self):
        """A new connection: the server speaks first, with its greeting."""
        self.expect, self.logged_in, self.eof = ["greeting"], False, True
        self.columns, self.binary, self.statements = [], False, {}
        self.mariadb = self.offered = 0

    def client(self, packet):
        """Decode a packet the client sent."""
        payload = packet.payload
        if not self.logged_in:
            if self.expect == ["login"] and len(payload) == 32:
                raise WireError("the client asked for TLS: what follows is"
                                " encrypted, and cannot be decoded (hint:"
                                " connect without TLS)")
            if self.expect == ["login"]:
                fields = login(payload)
                self.eof = not fields["capabilities"] & DEPRECATE_EOF
                self.mariadb = fields["mariadb"] & self.offered
                self.expect = ["auth"]
                return Message(packet, "login", fields)
            self.expect = ["auth"]
            return Message(packet, "auth data", {"data": payload})
        if not payload:
            raise WireError("an empty command packet")
        return self.command(packet, payload[0])

    def command(self, packet, code):
        """Decode a command and note what its answer will be."""
        name = COMMANDS.get(code, "command 0x{:02x}".format(
            code))
        fields = {"command": name, "argument": packet.payload[1:]}
        self.binary = code == 0x17
        if code in (0x03, 0x17):
            self.expect = ["result"]
        elif code == 0x16:
            self.expect = ["prepare"]
        elif code in (0x01, 0x19):
            self.expect = []
        else:
            self.expect = ["ok"]
        if code == 0x17:
            statement = int.from_bytes(packet.payload[1:5], "little")
            fields.update(execute(
                packet.payload, self.statements.get(statement, 0)))
        return Message(packet, "command", fields)

    def server(self, packet):
        """Decode a packet the server sent."""
        if not self.expect:
            raise WireError("server > client: packet seq {} answers no"
                            " command".format(packet.seq))
        step, payload = self.expect.pop(0), packet.payload
        head = payload[:1]
        if head == b"\xff":
            self.expect = []
            return Message(packet, "ERR", error(payload))
        return getattr(self, "_" + step)(packet, payload, head)

    def _greeting(self, packet, payload, head):
        """The server's handshake; the client's login comes next."""
        self.expect = ["login"]
        fields = greeting(payload)
        self.offered = fields["mariadb"]
        return Message(packet, "handshake", fields)

    def _auth(self, packet, payload, head):
        """The end of the login: OK, or a request for more."""
        if head == b"\x00":
            self.logged_in = True
            return Message(packet, "OK", ok(payload))
        self.expect = ["auth"]
        kind = "auth switch" if head == b"\xfe" else "auth more data"
        return Message(packet, kind, {"data": payload[1:]})

    def _ok(self, packet, payload, head):
        """An OK packet, the whole answer to a simple command."""
        return Message(packet, "OK", ok(payload))

    def _result(self, packet, payload, head):
        """The first packet of an answer: OK, or a column count."""
        if head == b"\x00":
            return self._ok(packet, payload, head)
        read = Reader(payload, "a column count")
        count, follows = read.lenenc_int(), 1
        if self.mariadb & CACHE_METADATA:
            # A cached prepared statement's definitions may be left out.
            follows = read.int(1)
        read.end()
        if follows:
            self.columns = []
            self.expect = ["column"] * count + ["eof"] * self.eof
        self.expect.append("rows")
        return Message(packet, "column count", {"count": count})

    def _column(self, packet, payload, head):
        """A column definition, of a result or of a prepared statement."""
        fields = column(payload, self.mariadb & EXTENDED_TYPE_INFO)
        self.columns.append(fields["type"])
        return Message(packet, "column definition", fields)

    def _param(self, packet, payload, head):
        """The definition of a ? of a prepared statement."""
        return Message(packet, "parameter definition", column(
            payload, self.mariadb & EXTENDED_TYPE_INFO))

    def _eof(self, packet, payload, head):
        """The EOF after the definitions, before the rows."""
        fields = eof(payload)
        fields["ends"] = "definitions"
        return Message(packet, "EOF", fields)

    def _rows(self, packet, payload, head):
        """A row, or the EOF (or OK) that ends the result."""
        if head == b"\xfe" and len(payload) < 9:
            fields = eof(payload) if self.eof else \
                ok(payload)
            fields["ends"] = "result"
            if fields["status"] & 0x0008:
                self.expect = ["result"]
            return Message(packet, "EOF" if self.eof else "OK", fields)
        self.expect = ["rows"]
        if self.binary:
            values = binary_row(payload, self.columns)
            return Message(packet, "binary row", {"values": values})
        values = text_row(payload, len(self.columns))
        return Message(packet, "row", {"values": values})

    def _prepare(self, packet, payload, head):
        """The answer to COM_STMT_PREPARE, then its definitions."""
        fields = prepared(payload)
        self.statements[fields["statement id"]] = fields["parameters"]
        params, columns = fields["parameters"], fields["columns"]
        self.columns = []
        self.expect = (["param"] * params + ["eof"] * (self.eof and params)
                       + ["column"] * columns
                       + ["eof"] * (self.eof and columns))
        return Message(packet, "prepare OK", fields)


def decode(packets):
    """What each packet is, for packets of one or more connections."""
    talks = collections.defaultdict(Conversation)
    found = []
    for packet in packets:
        talk = talks[packet.connection]
        if packet.direction.startswith("client"):
            found.append(talk.client(packet))
        else:
            found.append(talk.server(packet))
    return found


# --- MySQL, 6: the packets printed ------------------------------------------
# MySQL's packets printed: who sent it, seq, length, hex, what it is.


# The server numbers a connection's statements, but not always from 1
# (a reused server thread goes on counting): the id's 4 bytes are masked.
STATEMENT = "statement id masked"
STATEMENT_ID = frozenset(range(5, 9))
# A text column's character set is the connection's collation as the
# server reports it: 45 from MariaDB 10.11 for utf8mb4, 224 or 255 from
# 11.8, by driver.  Its two bytes are masked too; a number's is always 63.
BINARY = 63


def describe(message):
    """What a decoded packet is, as a short name and a list of facts."""
    kind, fields = message.kind, message.fields
    if kind == "command":
        return fields["command"], command(fields)
    if kind == "prepare OK":
        return kind, [STATEMENT,
                      plural(fields["columns"], "column"),
                      plural(fields["parameters"], "parameter")]
    if kind == "column count":
        return "column count: {}".format(fields["count"]), []
    if kind in ("column definition", "parameter definition"):
        return kind, ["catalog " + text(fields["catalog"]),
                      "schema " + text(fields["schema"]),
                      "table " + text(fields["table"]),
                      "name " + text(fields["name"]),
                      charset(fields["charset"]),
                      "type " + named(fields["type"], TYPES)]
    if kind in ("row", "binary row"):
        return kind, [shown(v) for v in fields["values"]]
    if kind in ("EOF", "OK") and "ends" in fields:
        return "{} (end of the {})".format(kind, fields["ends"]), [
            "{} warnings".format(fields["warnings"]),
            "status " + status(fields["status"])]
    if kind == "ERR":
        return "ERR", ["error {}".format(fields["code"]),
                       "SQL state " + fields["sqlstate"],
                       fields["message"]]
    return kind, []


def command(fields):
    """What a command says: its SQL, or its statement and values."""
    name, argument = fields["command"], fields["argument"]
    if name in ("COM_QUERY", "COM_STMT_PREPARE"):
        # The SQL as the server reads it: unquoted, so an escaping
        # backslash shows as one backslash.
        return [argument.decode("utf-8", "backslashreplace")]
    if name == "COM_STMT_EXECUTE":
        return ([STATEMENT]
                + ["parameter type " + named(t, TYPES)
                   for t in fields["types"]]
                + ["value " + shown(v) for v in fields["values"]])
    if name in ("COM_STMT_CLOSE", "COM_STMT_RESET"):
        return [STATEMENT]
    return []


def charset(number):
    """A column's character set: binary as it is, a text one masked."""
    if number == BINARY:
        return "character set " + named(number, CHARSETS)
    return "character set masked (the connection's collation)"


def shown(value):
    """A value from a row: bytes as quoted text, a number as it is."""
    if value is None:
        return "NULL"
    return text(value) if isinstance(value, bytes) else repr(value)


def masked(message):
    """Where a packet's bytes change from one run or server to another.

    Offsets in the packet with its 4-byte header: a statement's id, and
    a column's character set.
    """
    if message.kind == "prepare OK" or message.fields.get("command") in (
            "COM_STMT_EXECUTE", "COM_STMT_CLOSE", "COM_STMT_RESET"):
        return STATEMENT_ID
    if message.fields.get("charset", BINARY) != BINARY:
        at = 4 + message.fields["charset_at"]
        return frozenset((at, at + 1))
    return frozenset()


def title(message):
    """A packet in one line: who sent it, its seq, what it is."""
    name, facts = describe(message)
    return "{}  seq {}  {}".format(message.packet.direction,
                                   message.packet.seq,
                                   ": ".join([name] + facts[:1]))


def show(message):
    """The lines that print one packet: a title, its bytes, its facts."""
    packet = message.packet
    name, facts = describe(message)
    lines = ["{}  seq {}  length {}  {}".format(
        packet.direction, packet.seq, len(packet.payload), name)]
    lines.extend(hexdump(packet.raw, masked(message)))
    if facts:
        lines.extend(textwrap.wrap(", ".join(facts), 76,
                                   initial_indent="  = ",
                                   subsequent_indent="    ",
                                   break_on_hyphens=False))
    return lines


def print_all(messages):
    """Print packets, a blank line between two."""
    print("\n\n".join("\n".join(show(m)) for m in messages))


def exchanges(messages, start):
    """Each exchange whose SQL starts with ``start``: command to answer.

    An exchange runs from the command to the packet before the client's
    next command.
    """
    found = []
    for message in messages:
        if message.kind == "command":
            sql = message.fields["argument"]
            found.append([message] if sql.startswith(start.encode())
                         and message.fields["command"] != "COM_STMT_CLOSE"
                         else None)
        elif found and found[-1] is not None:
            found[-1].append(message)
    return [f for f in found if f is not None]


def exchange(messages, query):
    """The packets of one query's exchange, from its command on."""
    return next(f for f in exchanges(messages, query)
                if f[0].fields["argument"] == query.encode())


def answer(messages):
    """The server's answer to a query in a few words: rows, or an error."""
    rows = [m for m in messages if m.kind in ("row", "binary row")]
    errors = [m for m in messages if m.kind == "ERR"]
    if errors:
        fields = errors[0].fields
        return "ERR {} {}".format(fields["code"], fields["message"])
    return plural(len(rows), "row")


def plural(count, noun):
    """A count and its noun: "1 row", "5 rows"."""
    return "{} {}{}".format(count, noun, "" if count == 1 else "s")


def statement_exchange(messages):
    """The packets of a prepared statement: its prepare to its close."""
    names = [m.fields.get("command") for m in messages]
    return messages[names.index("COM_STMT_PREPARE"):
                    names.index("COM_STMT_CLOSE") + 1]


# --- MySQL, 7: the connection phase printed ---------------------------------
# The connection phase printed: what is stable, what is masked, and why.
#
# The server's version, the connection's id, the scramble, the server's
# default character set and whether it offers TLS differ from one server
# (or one connection) to the next: they are decoded but printed as
# "masked", so the output is the same on every MariaDB the project runs.


# What the client needs from the server; SSL depends on its settings.
NEEDED = [n for n in CAPABILITIES.values() if n != "SSL"]
MASKED_ATTRIBUTES = ("_pid",)


def native_password(password, scramble):
    """The proof mysql_native_password sends instead of the password.

    SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password))): the server
    keeps only SHA1(SHA1(password)), and checks the proof with it.
    """
    stage1 = hashlib.sha1(password).digest()
    stage2 = hashlib.sha1(stage1).digest()
    mix = hashlib.sha1(scramble + stage2).digest()
    return bytes(a ^ b for a, b in zip(stage1, mix))


def listed(name, items):
    """A field whose value is a list, wrapped under its own column."""
    return textwrap.wrap(", ".join(items), 78, initial_indent="  {:<18}"
                         .format(name), subsequent_indent=" " * 20)


def show_greeting(fields):
    """The lines for the server's handshake."""
    offered = flags(fields["capabilities"])
    return [
        "  protocol version  {}".format(fields["protocol"]),
        "  server version    masked (this server's own text)",
        "  connection id     masked (a new number for each connection)",
        "  scramble          {} random bytes, masked (new for each"
        " connection)".format(len(fields["scramble"])),
        "  auth plugin       " + fields["plugin"],
        "  status            " + status(fields["status"]),
        "  character set     masked (the server's default)",
        *listed("capabilities", [n for n in NEEDED if n in offered]
                + ["and more: masked"])]


def show_login(fields, password, scramble):
    """The lines for the client's handshake response."""
    proof = fields["auth response"]
    match = proof == native_password(password.encode("utf-8"), scramble)
    lines = [
        *listed("capabilities", flags(fields["capabilities"])),
        "  max packet        {}".format(fields["max packet"]),
        "  character set     " + named(fields["charset"], CHARSETS),
        "  user              " + repr(fields["user"]),
        "  auth response     {} bytes, not the password, but the proof"
        .format(len(proof)),
        "                    SHA1(password) XOR SHA1(scramble +"
        " SHA1(SHA1(password)))",
        "                    recomputed here from both: {}".format(
            "equal" if match else "different"),
        "  database          " + repr(fields.get("database")),
        "  auth plugin       " + fields.get("plugin", "")]
    for key, value in sorted(fields["attributes"].items()):
        shown = "masked" if key in MASKED_ATTRIBUTES else repr(value)
        lines.append("  attribute         {} {}".format(key, shown))
    return lines


def connection(messages, password):
    """The lines for the handshake, the login and the server's answer."""
    hello, answer, result = messages
    return ([title(hello)] + show_greeting(hello.fields)
            + [title(answer) + " (the handshake response)"]
            + show_login(answer.fields, password, hello.fields["scramble"])
            + [title(result) + ": logged in, status "
               + status(result.fields["status"])])


# --- PostgreSQL, 1: the framing ---------------------------------------------
# PostgreSQL's framing: a type byte, a 4-byte big-endian length, a body.
#
# The length counts itself and the body, not the type byte.  The client's
# first message (the startup message, or a request for TLS) has no type
# byte; the server answers a TLS request with a single byte, N or S.


Frame = collections.namedtuple("Frame", "connection direction type body raw")
REQUESTS = {80877103: "SSLRequest", 80877104: "GSSENCRequest",
            80877102: "CancelRequest"}


def pg_cut(data, typed=True):
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


class PgStreams:
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
                whole = pg_cut(data, key in self.started or
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


def pg_frames(chunks):
    """The messages of a proxy's recording, in the order they completed."""
    streams = PgStreams()
    found = [f for chunk in chunks for f in streams.feed(chunk)]
    streams.finish()
    return found


# --- PostgreSQL, 2: the messages decoded ------------------------------------
# PostgreSQL's messages decoded: a name and facts for each type byte.
#
# Each decoder returns (name, facts, masked): facts are short strings and
# masked the offsets, in the raw message, of bytes that change from one
# run to the next (a table's oid, a process id, a key).


SERVER = {"R": "Authentication", "S": "ParameterStatus",
          "K": "BackendKeyData", "Z": "ReadyForQuery", "T": "RowDescription",
          "D": "DataRow", "C": "CommandComplete", "E": "ErrorResponse",
          "N": "NoticeResponse", "1": "ParseComplete", "2": "BindComplete",
          "3": "CloseComplete", "n": "NoData", "t": "ParameterDescription",
          "I": "EmptyQueryResponse"}
CLIENT = {"Q": "Query", "P": "Parse", "B": "Bind", "D": "Describe",
          "E": "Execute", "S": "Sync", "X": "Terminate", "H": "Flush",
          "C": "Close", "p": "PasswordMessage"}
PG_TYPES = {16: "bool", 23: "int4", 25: "text", 1043: "varchar",
            20: "int8", 0: "unspecified"}
STATES = {"I": "idle", "T": "in a transaction", "E": "in a failed"
          " transaction"}


def pg_text(data):
    """Bytes shown as quoted text (UTF-8)."""
    return repr(data.decode("utf-8", "backslashreplace"))


def cstring(read):
    """A NUL-terminated string, as text."""
    return read.until().decode("utf-8", "backslashreplace")


def row_description(read):
    """T: each column's name, table oid (masked), number, type, format."""
    facts, masked = [], set()
    for _ in range(read.int(2, ">")):
        name = cstring(read)
        masked.update(range(read.at + 5, read.at + 9))
        read.take(4)
        number, oid = read.int(2, ">"), read.int(4, ">")
        size, modifier = read.signed(">h"), read.signed(">i")
        fmt = read.int(2, ">")
        facts.append("column {!r}: table oid masked, column {}, type {} ({}),"
                     " size {}, modifier {}, format {}".format(
                         name, number, oid, PG_TYPES.get(oid, "?"), size,
                         modifier, "text" if fmt == 0 else "binary"))
    return facts, masked


def values(read):
    """A count, then each value's length (-1 for NULL) and its bytes."""
    found = []
    for _ in range(read.int(2, ">")):
        size = read.signed(">i")
        found.append("NULL" if size < 0 else pg_text(read.take(size)))
    return found


def data_row(read):
    """D: the row's values, as text."""
    return [", ".join(values(read))], set()


def parse(read):
    """P: the statement's name, its SQL with $1..., the types given."""
    name, sql = cstring(read), cstring(read)
    types = [read.int(4, ">") for _ in range(read.int(2, ">"))]
    return (["statement {!r}".format(name), sql]
            + ["parameter type {} ({})".format(t, PG_TYPES.get(t, "?"))
               for t in types]), set()


def bind(read):
    """B: portal, statement, the values' formats, the values, raw."""
    portal, name = cstring(read), cstring(read)
    formats = [read.int(2, ">") for _ in range(read.int(2, ">"))]
    given = values(read)
    results = [read.int(2, ">") for _ in range(read.int(2, ">"))]
    return (["portal {!r}".format(portal), "statement {!r}".format(name),
             "parameter formats {}".format(formats)]
            + ["value " + v for v in given]
            + ["result formats {}".format(results)]), set()


def simple(read, kind, server):
    """The short messages: a string, a byte, a name, or nothing."""
    if kind == "Q" or server and kind == "C":
        return [cstring(read)], set()
    if kind == "Z":
        state = chr(read.int(1))
        return ["{} ({})".format(state, STATES.get(state, "?"))], set()
    if kind == "E":
        portal = cstring(read)
        return ["portal {!r}, at most {} rows (0: all of them)".format(
            portal, read.int(4, ">"))], set()
    if kind in "DC":
        what = {"S": "statement", "P": "portal"}.get(chr(read.int(1)), "?")
        return ["{} {!r}".format(what, cstring(read))], set()
    return [], set()


def error_fields(read):
    """E or N from the server: its fields, each a code letter and text."""
    found = {}
    while read.left() > 1:
        code = chr(read.int(1))
        found[code] = cstring(read)
    return ["{} {}".format(found.get("S", ""), found.get("C", "")),
            found.get("M", "")], set()


def pg_decode(frame):
    """Decode one message of either side: (name, facts, masked)."""
    read = Reader(frame.body, "a {!r} message".format(frame.type))
    server = frame.direction.startswith("server")
    kind = frame.type
    if kind == "":
        return "StartupMessage", [], set(range(len(frame.raw)))
    names = SERVER if server else CLIENT
    name = names.get(kind, "message {!r}".format(kind))
    if server and kind == "T":
        facts, masked = row_description(read)
    elif server and kind == "D":
        facts, masked = data_row(read)
    elif server and kind in "EN":
        facts, masked = error_fields(read)
    elif server and kind in "RSK":
        # Nonces, keys, settings: they change with each server and run.
        facts, masked = ["masked"], set(range(5, len(frame.raw)))
    elif not server and kind == "P":
        facts, masked = parse(read)
    elif not server and kind == "B":
        facts, masked = bind(read)
    elif not server and kind == "p":
        facts, masked = ["masked"], set(range(5, len(frame.raw)))
    else:
        facts, masked = simple(read, kind, server)
    return name, facts, masked


# --- PostgreSQL, 3: the messages printed ------------------------------------
# PostgreSQL's messages printed: who, type byte, length, hex, what.


def pg_show(frame):
    """The lines that print one message: a title, its bytes, its facts."""
    name, facts, masked = pg_decode(frame)
    kind = "{!r} ".format(frame.type) if frame.type else ""
    # The length field counts itself, not the type byte.
    length = len(frame.raw) - (1 if frame.type else 0)
    lines = ["{}  {}{}  length {}".format(
        frame.direction, kind, name, length)]
    lines.extend(hexdump(frame.raw, masked))
    for fact in facts:
        lines.extend(textwrap.wrap(fact, 76, initial_indent="  = ",
                                   subsequent_indent="    ",
                                   break_on_hyphens=False))
    return lines


def pg_between(frames, first, last="Z"):
    """The client's first ``first`` message up to the server's ``last``."""
    start = next(i for i, f in enumerate(frames) if f.type == first
                 and f.direction.startswith("client"))
    end = next(i for i, f in enumerate(frames) if i > start
               and f.type == last and f.direction.startswith("server"))
    return frames[start:end + 1]


def pg_print_all(frames):
    """Print messages, a blank line between two."""
    print("\n\n".join("\n".join(pg_show(f)) for f in frames))

"""What each MySQL packet is: the conversation, followed as it goes.

A packet's bytes do not say what it is: a row and a column definition
look alike.  What the client asked for and what came before decide, so
this module keeps, per connection, what the server is expected to send.
"""
import collections

from wire import mysql_binary
from wire import mysql_fields
from wire import mysql_login
from wire.reader import Reader
from wire.reader import WireError

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
                fields = mysql_login.login(payload)
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
        name = mysql_fields.COMMANDS.get(code, "command 0x{:02x}".format(
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
            fields.update(mysql_binary.execute(
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
            return Message(packet, "ERR", mysql_fields.error(payload))
        return getattr(self, "_" + step)(packet, payload, head)

    def _greeting(self, packet, payload, head):
        """The server's handshake; the client's login comes next."""
        self.expect = ["login"]
        fields = mysql_login.greeting(payload)
        self.offered = fields["mariadb"]
        return Message(packet, "handshake", fields)

    def _auth(self, packet, payload, head):
        """The end of the login: OK, or a request for more."""
        if head == b"\x00":
            self.logged_in = True
            return Message(packet, "OK", mysql_fields.ok(payload))
        self.expect = ["auth"]
        kind = "auth switch" if head == b"\xfe" else "auth more data"
        return Message(packet, kind, {"data": payload[1:]})

    def _ok(self, packet, payload, head):
        """An OK packet, the whole answer to a simple command."""
        return Message(packet, "OK", mysql_fields.ok(payload))

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
        fields = mysql_fields.column(payload,
                                     self.mariadb & EXTENDED_TYPE_INFO)
        self.columns.append(fields["type"])
        return Message(packet, "column definition", fields)

    def _param(self, packet, payload, head):
        """The definition of a ? of a prepared statement."""
        return Message(packet, "parameter definition", mysql_fields.column(
            payload, self.mariadb & EXTENDED_TYPE_INFO))

    def _eof(self, packet, payload, head):
        """The EOF after the definitions, before the rows."""
        fields = mysql_fields.eof(payload)
        fields["ends"] = "definitions"
        return Message(packet, "EOF", fields)

    def _rows(self, packet, payload, head):
        """A row, or the EOF (or OK) that ends the result."""
        if head == b"\xfe" and len(payload) < 9:
            fields = mysql_fields.eof(payload) if self.eof else \
                mysql_fields.ok(payload)
            fields["ends"] = "result"
            if fields["status"] & 0x0008:
                self.expect = ["result"]
            return Message(packet, "EOF" if self.eof else "OK", fields)
        self.expect = ["rows"]
        if self.binary:
            values = mysql_binary.binary_row(payload, self.columns)
            return Message(packet, "binary row", {"values": values})
        values = mysql_fields.text_row(payload, len(self.columns))
        return Message(packet, "row", {"values": values})

    def _prepare(self, packet, payload, head):
        """The answer to COM_STMT_PREPARE, then its definitions."""
        fields = mysql_binary.prepared(payload)
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

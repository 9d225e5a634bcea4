"""MySQL's packets printed: who sent it, seq, length, hex, what it is."""
import textwrap

from wire.hexdump import hexdump
from wire.mysql_fields import CHARSETS
from wire.mysql_fields import TYPES
from wire.mysql_fields import named
from wire.mysql_fields import status
from wire.mysql_fields import text

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

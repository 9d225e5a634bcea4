#!/usr/bin/env python3
"""Step 0: the bytes of a SELECT and of its result set, packet by packet.

The step starts a recording proxy on a free loopback port, sends
SELECT id, name FROM states ORDER BY id through it with PyMySQL, then
decodes and prints every packet of that exchange: who sent it, its
sequence number, its length, its bytes and what it is.  A packet's
bytes do not say what it is: the conversation does.  After a COM_QUERY
comes the column count, a definition per column, an EOF, a row per
state (each value a length-encoded string), and the EOF that ends it.

Usage: ./parts/8-wire/0-mysql_result_set.py mysql_username mysql_password
       database_name
"""
import collections
import sys

import pymysql

import hints
import kit
import wire

QUERY = "SELECT id, name FROM states ORDER BY id"
TYPES = {0: "DECIMAL", 1: "TINY", 2: "SHORT", 3: "LONG", 4: "FLOAT",
         5: "DOUBLE", 6: "NULL", 7: "TIMESTAMP", 8: "LONGLONG", 9: "INT24",
         10: "DATE", 11: "TIME", 12: "DATETIME", 13: "YEAR", 15: "VARCHAR",
         16: "BIT", 246: "NEWDECIMAL", 252: "BLOB", 253: "VAR_STRING",
         254: "STRING"}
# A number's character set is binary; a text's is the connection's
# collation as the server reports it (45 from MariaDB 10.11 for utf8mb4,
# 224 or 255 from 11.8, by driver), so its two bytes are masked.
BINARY = 63
# A packet decoded: what it is, the facts printed under it, the offsets of
# bytes that change from one run or server to the next, its fields.
Message = collections.namedtuple("Message", "packet name facts masked fields")


def record(user, password, database):
    """Run the query with PyMySQL through the proxy; packets and rows."""
    with kit.Proxy(kit.mysql()) as proxy:
        db = pymysql.connect(host="127.0.0.1", port=proxy.port, user=user,
                             password=password, database=database,
                             charset="utf8mb4", ssl_disabled=True)
        try:
            with db.cursor() as cursor:
                cursor.execute(QUERY)
                rows = cursor.fetchall()
        finally:
            db.close()
    return wire.packets(proxy.chunks), rows


def exchange(packets, command):
    """The exchange whose first packet's payload is ``command``."""
    return next(e for e in wire.exchanges(packets) if e[0].payload == command)


def text(data):
    """Bytes from the wire shown as text (UTF-8), quoted as Python does."""
    return repr(data.decode("utf-8", "backslashreplace"))


def shown(value):
    """A value from a row: NULL, bytes as quoted text, a number as is."""
    if value is None:
        return "NULL"
    return text(value) if isinstance(value, bytes) else repr(value)


def query(packet):
    """COM_QUERY: the command's byte, 0x03, then the SQL as UTF-8 text."""
    # The SQL as the server reads it: unquoted, so an escaping backslash
    # shows as one backslash.
    sql = packet.payload[1:].decode("utf-8", "backslashreplace")
    return Message(packet, "COM_QUERY", [sql], (), {})


def column_count(packet):
    """The answer's first packet: how many columns, length-encoded."""
    read = wire.Reader(packet.payload, "a column count")
    count = read.lenenc_int()
    read.end()
    return Message(packet, "column count: {}".format(count), [], (),
                   {"count": count})


def column(packet, name="column definition"):
    """A column definition: where the column comes from, and its type."""
    read = wire.Reader(packet.payload, "a column definition")
    found = {key: read.lenenc_bytes() for key in (
        "catalog", "schema", "table", "org_table", "name", "org_name")}
    if read.lenenc_int() != 0x0c:
        raise kit.WireError("a column definition: its fixed part must be 12"
                            " bytes long")
    at = 4 + read.at  # the character set's offset, in the packet
    found.update(charset=read.int(2), length=read.int(4), type=read.int(1),
                 flags=read.int(2), decimals=read.int(1))
    read.take(2)
    read.end()
    charset, masked = "character set 63 (binary)", ()
    if found["charset"] != BINARY:
        charset = "character set masked (the connection's collation)"
        masked = (at, at + 1)
    facts = ["{} {}".format(key, text(found[key]))
             for key in ("catalog", "schema", "table", "name")]
    facts += [charset, "type " + wire.named(found["type"], TYPES)]
    return Message(packet, name, facts, masked, found)


def is_eof(packet):
    """An EOF starts with 0xfe and is too short to be a row."""
    return packet.payload[:1] == b"\xfe" and len(packet.payload) < 9


def eof(packet, ends):
    """An EOF: the warnings, and the server's status flags."""
    if not is_eof(packet):
        raise kit.WireError("{}: packet seq {} is not the EOF that ends the"
                            " {}".format(packet.direction, packet.seq, ends))
    read = wire.Reader(packet.payload[1:], "an EOF packet")
    found = {"warnings": read.int(2), "status": read.int(2)}
    return Message(packet, "EOF (end of the {})".format(ends), [
        "{} warnings".format(found["warnings"]),
        "status " + wire.status(found["status"])], (), found)


def text_row(packet, types):
    """A row of the text protocol: a length-encoded string per column."""
    read = wire.Reader(packet.payload, "a text row")
    values = tuple(read.lenenc_bytes() for _ in types)
    read.end()
    return Message(packet, "row", [shown(v) for v in values], (),
                   {"values": values})


def result(answer, row=text_row):
    """An answer's packets, decoded in the order the server sends them."""
    found = [column_count(answer[0])]
    count = found[0].fields["count"]
    found += [column(p) for p in answer[1:count + 1]]
    if len(answer) < count + 3:
        raise kit.WireError("the result set is cut short: {} packets"
                            .format(len(answer)))
    found.append(eof(answer[count + 1], "definitions"))
    types = [m.fields["type"] for m in found[1:count + 1]]
    for packet in answer[count + 2:]:
        if found[-1].name == "EOF (end of the result)":
            raise kit.WireError("{}: packet seq {} answers no command"
                                .format(packet.direction, packet.seq))
        found.append(eof(packet, "result") if is_eof(packet)
                     else row(packet, types))
    if found[-1].name != "EOF (end of the result)":
        raise kit.WireError("the result set is cut short: no last EOF")
    return found


def show(message):
    """A packet printed: who sent it, its seq and length, bytes, facts."""
    packet = message.packet
    return kit.show("{}  seq {}  length {}  {}".format(
        packet.direction, packet.seq, len(packet.payload), message.name),
        packet.raw, message.masked, [", ".join(message.facts)])


def main(user, password, database):
    """Print the packets of the query's exchange, after the handshake."""
    packets, _ = record(user, password, database)
    command, *answer = exchange(packets, b"\x03" + QUERY.encode())
    found = [query(command)] + result(answer)
    print("\n\n".join(show(m) for m in found))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("Usage: {} mysql_username mysql_password database_name"
                 .format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (pymysql.Error, kit.WireError, UnicodeError,
            ValueError) as error:
        sys.exit(hints.explain(error))

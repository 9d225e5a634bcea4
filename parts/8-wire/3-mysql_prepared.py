#!/usr/bin/env python3
"""Step 3: a real server-side prepared statement: the value travels apart.

mysql-connector-python with prepared=True speaks the binary protocol:
COM_STMT_PREPARE sends the SQL once, with a ? where the value goes, and
the server answers with a statement id and the definitions of the ? and
of the columns; COM_STMT_EXECUTE then sends only that id and the value,
raw, with its type: no quotes, no escaping, nothing the server parses as
SQL.  The rows come back in binary form too (the id as 4 bytes).

Usage: ./parts/8-wire/3-mysql_prepared.py mysql_username mysql_password
       database_name state_name
"""
import sys

import mysql.connector

import hints
import kit
import wire

QUERY = "SELECT id, name FROM states WHERE CAST(name AS BINARY) = %s" \
    " ORDER BY id"
COMMANDS = {0x19: "COM_STMT_CLOSE", 0x1a: "COM_STMT_RESET"}
# The server numbers a connection's statements, but not always from 1
# (a reused server thread goes on counting): the id's 4 bytes are masked.
STATEMENT, STATEMENT_ID = "statement id masked", range(5, 9)
# The binary forms of MySQL's types: fixed-size numbers (their struct
# format), and length-encoded strings.
FIXED = {1: "<b", 2: "<h", 3: "<i", 4: "<f", 5: "<d", 8: "<q", 9: "<i",
         13: "<h"}
STRINGS = {0, 15, 16, 246, 249, 250, 251, 252, 253, 254}
# Step 0's decoders: column definitions, EOF, a result set, printing.
step0 = kit.step(0)


def record(user, password, database, name):
    """Prepare and execute the query through the proxy; the packets."""
    with kit.Proxy(kit.mysql()) as proxy:
        # The pure-Python protocol, and no TLS: the bytes stay readable.
        db = mysql.connector.connect(
            host="127.0.0.1", port=proxy.port, user=user, password=password,
            database=database, charset="utf8mb4", use_pure=True,
            ssl_disabled=True)
        try:
            cursor = db.cursor(prepared=True)
            cursor.execute(QUERY, (name,))
            cursor.fetchall()
            cursor.close()
        finally:
            db.close()
    return wire.packets(proxy.chunks)


def prepared(packets):
    """COM_STMT_PREPARE's answer: the statement, then its definitions.

    First the statement's id and how many columns and ? it has, then a
    definition per ? and an EOF, a definition per column and an EOF.
    """
    read = wire.Reader(packets[0].payload[1:], "a COM_STMT_PREPARE answer")
    found = {"statement id": read.int(4), "columns": read.int(2),
             "parameters": read.int(2)}
    counts = ((found["parameters"], "parameter"), (found["columns"], "column"))
    if len(packets) != 1 + sum(count + 1 for count, _ in counts if count):
        raise kit.WireError("the answer to COM_STMT_PREPARE is cut short")
    messages = [step0.Message(packets[0], "prepare OK", [
        STATEMENT, plural(found["columns"], "column"),
        plural(found["parameters"], "parameter")], STATEMENT_ID, found)]
    for count, name in counts:
        at = len(messages)
        if count:
            messages += [step0.column(p, name + " definition")
                         for p in packets[at:at + count]]
            messages.append(step0.eof(packets[at + count], "definitions"))
    return messages


def value(read, kind):
    """One value of MySQL type ``kind`` in its binary form."""
    if kind in FIXED:
        return read.signed(FIXED[kind])
    if kind in STRINGS:
        return read.lenenc_bytes()
    raise kit.WireError("{}: type {} is not decoded here".format(read.what,
                                                                 kind))


def execute(packet, count):
    """COM_STMT_EXECUTE: the statement's id, each value with its type."""
    read = wire.Reader(packet.payload[1:], "a COM_STMT_EXECUTE")
    found = {"statement id": read.int(4), "flags": read.int(1),
             "iterations": read.int(4), "types": (), "values": ()}
    if count:
        nulls = read.int((count + 7) // 8)
        if read.int(1):  # the types follow (they may be left out)
            found["types"] = tuple(read.int(2) & 0xff for _ in range(count))
        found["values"] = tuple(
            None if nulls >> i & 1 else value(read, kind)
            for i, kind in enumerate(found["types"]))
    read.end()
    return step0.Message(packet, "COM_STMT_EXECUTE", [STATEMENT] + [
        "parameter type " + wire.named(t, step0.TYPES)
        for t in found["types"]] + [
        "value " + step0.shown(v) for v in found["values"]],
        STATEMENT_ID, found)


def binary_row(packet, types):
    """A row of the binary protocol: a NULL bitmap, then the values."""
    read = wire.Reader(packet.payload, "a binary row")
    if read.int(1) != 0:
        raise kit.WireError("a binary row must start with 0x00")
    # The bitmap's first two bits are reserved, so it has 2 more bits.
    nulls = read.int((len(types) + 9) // 8)
    values = tuple(None if nulls >> (i + 2) & 1 else value(read, kind)
                   for i, kind in enumerate(types))
    read.end()
    return step0.Message(packet, "binary row",
                         [step0.shown(v) for v in values], (),
                         {"values": values})


def plural(count, noun):
    """A count and its noun: "1 row", "5 rows"."""
    return "{} {}{}".format(count, noun, "" if count == 1 else "s")


def explain(error):
    """The project's error line; this driver's errors carry errno, msg."""
    if isinstance(error, mysql.connector.Error) and error.errno:
        error = Exception(error.errno, error.msg)
    return hints.explain(error)


def main(user, password, database, name):
    """Print the packets from COM_STMT_PREPARE to COM_STMT_CLOSE."""
    found = wire.exchanges(record(user, password, database, name))
    firsts = [packets[0].payload[:1] for packets in found]
    messages = []
    for command, *answer in found[firsts.index(b"\x16"):
                                  firsts.index(b"\x19") + 1]:
        code = command.payload[0]
        if code == 0x16:
            messages.append(step0.query(command)._replace(
                name="COM_STMT_PREPARE"))
            messages += prepared(answer)
            count = messages[1].fields["parameters"]
        elif code == 0x17:
            messages.append(execute(command, count))
            messages += step0.result(answer, binary_row)
        else:
            name = COMMANDS.get(code, "command 0x{:02x}".format(code))
            messages.append(step0.Message(command, name, [STATEMENT],
                                          STATEMENT_ID, {}))
            messages += [step0.Message(p, "OK", [], (),
                                       {"status": wire.ok(p.payload)})
                         for p in answer]
    print("\n\n".join(step0.show(m) for m in messages))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("Usage: {} mysql_username mysql_password database_name"
                 " state_name".format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (mysql.connector.Error, kit.WireError, UnicodeError,
            ValueError) as error:
        sys.exit(explain(error))

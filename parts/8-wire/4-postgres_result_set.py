#!/usr/bin/env python3
"""Step 4: the same SELECT on PostgreSQL, through the same proxy.

PostgreSQL frames every message with a type byte and a 4-byte length.
With no parameters psycopg sends the simple query protocol: one Query
('Q') holding the SQL; the server answers with a RowDescription ('T',
the columns), a DataRow ('D') per row, a CommandComplete ('C') and a
ReadyForQuery ('Z').  The step first makes its database's five states
again (not through the proxy); a table's oid changes each time it is
made, so those bytes are masked.

Usage: ./parts/8-wire/4-postgres_result_set.py pg_username pg_password
       database_name
"""
import collections
import sys

import psycopg

import hints
import kit
import wire

QUERY = "SELECT id, name FROM states ORDER BY id"
NAMES = {"Q": "Query", "T": "RowDescription", "D": "DataRow",
         "C": "CommandComplete", "Z": "ReadyForQuery"}
TYPES = {0: "unspecified", 16: "bool", 20: "int8", 23: "int4", 25: "text",
         1043: "varchar"}
STATES = {"I": "idle", "T": "in a transaction",
          "E": "in a failed transaction"}
# A message decoded: its name, the facts printed under it, and the
# offsets of bytes that change from one run to the next.
Message = collections.namedtuple("Message", "frame name facts masked")


def record(user, password, database):
    """Run the query with psycopg through the proxy; messages and rows."""
    with kit.Proxy(kit.postgres()) as proxy:
        login = kit.login(user, password, database)
        login.update(host="127.0.0.1", port=proxy.port)
        with psycopg.connect(autocommit=True, **login) as db:
            rows = db.execute(QUERY).fetchall()
    return frames(proxy.chunks), rows


# PostgreSQL's framing: a type byte, a 4-byte big-endian length that
# counts itself but not the type byte, then the body.  The client's
# first message (the startup message) has no type byte.

Frame = collections.namedtuple("Frame", "connection direction type body raw")


def frames(chunks):
    """The messages of a proxy's recording, in the order they completed."""
    streams, started, found = collections.defaultdict(bytes), set(), []
    for chunk in chunks:
        key = chunk.connection, chunk.direction
        data = streams[key] + chunk.data
        while True:
            typed = key in started or chunk.direction == kit.TO_CLIENT
            head = 5 if typed else 4
            if len(data) < head:
                break
            size = head - 4 + int.from_bytes(data[head - 4:head], "big")
            if size < head:
                raise kit.WireError("a message's length must be at least"
                                    " 4, not {}".format(size - head + 4))
            if len(data) < size:
                break
            kind = chr(data[0]) if head == 5 else ""
            found.append(Frame(*key, kind, data[head:size], data[:size]))
            started.add(key)
            data = data[size:]
        streams[key] = data
    for (connection, direction), rest in streams.items():
        if rest:
            raise kit.WireError("{}: a message is truncated: {} bytes"
                                " left over".format(direction, len(rest)))
    return found


def cstring(read):
    """A NUL-terminated string, as text."""
    return read.until().decode("utf-8", "backslashreplace")


def values(read):
    """A count, then each value's length (-1 for NULL) and its bytes."""
    found = []
    for _ in range(read.int(2, "big")):
        size = read.signed(">i")
        found.append("NULL" if size < 0 else repr(
            read.take(size).decode("utf-8", "backslashreplace")))
    return found


def row_description(frame, read):
    """T: each column's name, table (masked), number, type and format.

    A table's oid changes each time the table is made: masked.
    """
    facts, masked = [], set()
    for _ in range(read.int(2, "big")):
        name = cstring(read)
        masked.update(range(read.at + 5, read.at + 9))
        read.take(4)
        number, oid = read.int(2, "big"), read.int(4, "big")
        size, modifier = read.signed(">h"), read.signed(">i")
        facts.append("column {!r}: table oid masked, column {}, type {},"
                     " size {}, modifier {}, format {}".format(
                         name, number, wire.named(oid, TYPES), size,
                         modifier, ("text", "binary")[read.int(2, "big")]))
    return Message(frame, "RowDescription", facts, masked)


def decode(frame):
    """A message of the simple query protocol: its name and its facts."""
    read = wire.Reader(frame.body, "a {!r} message".format(frame.type))
    name = NAMES.get(frame.type, "message {!r}".format(frame.type))
    server = frame.direction == kit.TO_CLIENT
    if server and frame.type == "T":
        return row_description(frame, read)
    if server and frame.type == "D":
        return Message(frame, name, [", ".join(values(read))], ())
    if server and frame.type == "Z":
        state = chr(read.int(1))
        return Message(frame, name, ["{} ({})".format(
            state, STATES.get(state, "?"))], ())
    if frame.type == "Q" or server and frame.type == "C":
        return Message(frame, name, [cstring(read)], ())
    return Message(frame, name, [], ())


def between(found, first, last="Z"):
    """The client's first ``first`` message up to the server's ``last``."""
    start = next(i for i, f in enumerate(found) if f.type == first
                 and f.direction == kit.TO_SERVER)
    end = next(i for i, f in enumerate(found) if i > start
               and f.type == last and f.direction == kit.TO_CLIENT)
    return found[start:end + 1]


def show(message):
    """A message printed: who sent it, its type, length, bytes, facts."""
    frame = message.frame
    # The length field counts itself, not the type byte.
    return kit.show("{}  {!r} {}  length {}".format(
        frame.direction, frame.type, message.name, len(frame.raw) - 1),
        frame.raw, message.masked, message.facts)


def main(user, password, database):
    """Reset the states, then print the query's messages, Q to Z."""
    with kit.known_start(user, password, database):
        found, _ = record(user, password, database)
    print("\n\n".join(show(decode(f)) for f in between(found, "Q")))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("Usage: {} pg_username pg_password database_name"
                 .format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (psycopg.Error, kit.WireError, UnicodeError,
            ValueError) as error:
        sys.exit(hints.explain(error))

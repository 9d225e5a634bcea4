#!/usr/bin/env python3
"""Step 5: a bound parameter on PostgreSQL: the extended query protocol.

With a parameter psycopg sends the extended query protocol: Parse ('P')
carries the SQL with $1 where the value goes, Bind ('B') carries the
value, apart, as its own length and bytes (no quotes, no escaping),
Describe ('D') asks for the columns, Execute ('E') runs it and Sync
('S') ends the exchange.  The server answers ParseComplete ('1'),
BindComplete ('2'), then the same RowDescription, DataRows,
CommandComplete and ReadyForQuery as for a simple Query.  The step first
makes its database's five states again, as step 4 does.

Usage: ./parts/8-wire/5-postgres_bound.py pg_username pg_password
       database_name state_name
"""
import sys

import psycopg

import hints
import kit
import wire

QUERY = "SELECT id, name FROM states WHERE name = %s ORDER BY id"
CLIENT = {"S": "Sync", "H": "Flush", "C": "Close"}
SERVER = {"1": "ParseComplete", "2": "BindComplete", "3": "CloseComplete",
          "n": "NoData"}
# Step 4's decoders: the framing, T, D, C and Z, printing.
step4 = kit.step(4)


def record(user, password, database, name):
    """Run the query with psycopg through the proxy; messages and rows."""
    with kit.Proxy(kit.postgres()) as proxy:
        login = kit.login(user, password, database)
        login.update(host="127.0.0.1", port=proxy.port)
        with psycopg.connect(autocommit=True, **login) as db:
            rows = db.execute(QUERY, (name,)).fetchall()
    return step4.frames(proxy.chunks), rows


def parse(frame, read):
    """P: the statement's name, its SQL with $1..., the types given."""
    name, sql = step4.cstring(read), step4.cstring(read)
    types = [read.int(4, "big") for _ in range(read.int(2, "big"))]
    return step4.Message(frame, "Parse", ["statement {!r}".format(name), sql]
                         + ["parameter type " + wire.named(t, step4.TYPES)
                            for t in types], ())


def bind(frame, read):
    """B: portal, statement, the values' formats, the values, raw."""
    portal, name = step4.cstring(read), step4.cstring(read)
    formats = [read.int(2, "big") for _ in range(read.int(2, "big"))]
    given = step4.values(read)
    results = [read.int(2, "big") for _ in range(read.int(2, "big"))]
    return step4.Message(frame, "Bind", [
        "portal {!r}".format(portal), "statement {!r}".format(name),
        "parameter formats {}".format(formats)]
        + ["value " + v for v in given]
        + ["result formats {}".format(results)], ())


def decode(frame):
    """A message of the extended query protocol, or of step 4's."""
    read = wire.Reader(frame.body, "a {!r} message".format(frame.type))
    if frame.direction == kit.TO_CLIENT:
        if frame.type in SERVER:
            return step4.Message(frame, SERVER[frame.type], [], ())
        return step4.decode(frame)
    if frame.type == "P":
        return parse(frame, read)
    if frame.type == "B":
        return bind(frame, read)
    if frame.type == "D":
        what = {"S": "statement", "P": "portal"}.get(chr(read.int(1)), "?")
        return step4.Message(frame, "Describe", ["{} {!r}".format(
            what, step4.cstring(read))], ())
    if frame.type == "E":
        portal = step4.cstring(read)
        return step4.Message(frame, "Execute", [
            "portal {!r}, at most {} rows (0: all of them)".format(
                portal, read.int(4, "big"))], ())
    return step4.Message(frame, CLIENT.get(frame.type, "message {!r}".format(
        frame.type)), [], ())


def main(user, password, database, name):
    """Reset the states, then print the query's messages, P to Z."""
    with kit.known_start(user, password, database):
        found, _ = record(user, password, database, name)
    print("\n\n".join(step4.show(decode(f))
                      for f in step4.between(found, "P")))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("Usage: {} pg_username pg_password database_name"
                 " state_name".format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (psycopg.Error, kit.WireError, UnicodeError,
            ValueError) as error:
        sys.exit(hints.explain(error))

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
import sys

import psycopg

import hints
import kit
import wire

QUERY = "SELECT id, name FROM states ORDER BY id"


def record(user, password, database):
    """Run the query with psycopg through the proxy; return the messages."""
    with kit.Proxy(kit.postgres()) as proxy:
        login = kit.login(user, password, database)
        login.update(host="127.0.0.1", port=proxy.port)
        with psycopg.connect(autocommit=True, **login) as db:
            db.execute(QUERY).fetchall()
    return wire.pg_frames(proxy.chunks)


def main(user, password, database):
    """Reset the states, then print the query's messages, Q to Z."""
    with kit.known_start(user, password, database):
        found = wire.pg_between(record(user, password, database), "Q")
    wire.pg_print_all(found)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("Usage: {} pg_username pg_password database_name"
                 .format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (psycopg.Error, kit.WireError, UnicodeError,
            ValueError) as error:
        sys.exit(hints.explain(error))

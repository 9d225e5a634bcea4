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


def record(user, password, database, name):
    """Run the query with psycopg through the proxy; return the messages."""
    with kit.Proxy(kit.postgres()) as proxy:
        login = kit.login(user, password, database)
        login.update(host="127.0.0.1", port=proxy.port)
        with psycopg.connect(autocommit=True, **login) as db:
            db.execute(QUERY, (name,)).fetchall()
    return wire.pg_frames(proxy.chunks)


def main(user, password, database, name):
    """Reset the states, then print the query's messages, P to Z."""
    with kit.known_start(user, password, database):
        found = wire.pg_between(record(user, password, database, name), "P")
    wire.pg_print_all(found)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("Usage: {} pg_username pg_password database_name"
                 " state_name".format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (psycopg.Error, kit.WireError, UnicodeError,
            ValueError) as error:
        sys.exit(hints.explain(error))

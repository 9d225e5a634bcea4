#!/usr/bin/env python3
"""Step 8: psycopg2, the lectures' driver, puts the value into the SQL.

The same query with a parameter as step 5, sent by psycopg2 and by
psycopg 3, each through the proxy.  psycopg2 replaces %s on the client
with the value as a quoted, escaped literal (a quote doubled) and sends
one simple Query ('Q'), as MySQLdb and PyMySQL do in step 2; psycopg 3
sends Parse ('P') with $1 and Bind ('B') with the value apart, as step 5
shows.  Both are safe: the literal is escaped by the driver, or the
value is never SQL at all.  The step prints what each driver sent, the
Query and the Parse and Bind in full, then both drivers' rows.  It
first makes its database's five states again, as step 4 does.

Usage: ./parts/8-wire/8-psycopg2_inlines.py pg_username pg_password
       database_name state_name
"""
import sys

import psycopg
import psycopg2

import hints
import kit

# Step 4's framing and printing; step 5's query, recording and decoders.
step4, step5 = kit.step(4), kit.step(5)


def record(user, password, database, name):
    """Run step 5's query with psycopg2 through the proxy; messages, rows."""
    with kit.Proxy(kit.postgres()) as proxy:
        login = kit.login(user, password, database)
        login.update(host="127.0.0.1", port=proxy.port)
        db = psycopg2.connect(**login)
        try:
            # As step 5's psycopg: autocommit, so no BEGIN is sent first.
            db.autocommit = True
            with db.cursor() as cursor:
                cursor.execute(step5.QUERY, (name,))
                rows = cursor.fetchall()
        finally:
            db.close()
    return step4.frames(proxy.chunks), rows


def sent(found, first):
    """The client's messages from its first ``first`` to the server's Z."""
    return [f for f in step4.between(found, first)
            if f.direction == kit.TO_SERVER]


def show(driver, frames, types):
    """Print the types a driver sent, then the messages of ``types``."""
    print("{} sent: {}\n".format(driver, " ".join(f.type for f in frames)))
    # A Query is step 4's to decode; Parse, Bind and the rest step 5's.
    print("\n\n".join(step4.show((step4 if f.type == "Q" else step5).decode(
        f)) for f in frames if f.type in types))


def main(user, password, database, name):
    """Reset the states; print what each driver sent, then their rows."""
    with kit.known_start(user, password, database):
        inlined, rows2 = record(user, password, database, name)
        bound, rows3 = step5.record(user, password, database, name)
    show("psycopg2", sent(inlined, "Q"), "Q")
    print()
    show("psycopg 3", sent(bound, "P"), "PB")
    print("\nrows: psycopg2 {!r}, psycopg 3 {!r}".format(rows2, rows3))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("Usage: {} pg_username pg_password database_name"
                 " state_name".format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (psycopg.Error, psycopg2.Error, kit.WireError, UnicodeError,
            ValueError) as error:
        sys.exit(hints.explain(error))

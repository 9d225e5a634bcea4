#!/usr/bin/env python3
"""Step 2: the task's steps 2 and 3 on the wire: both send text.

The same name goes through the proxy twice with mysqlclient (MySQLdb,
the task's driver): once pasted into the SQL with format(), as step 2
does, once as a parameter, as step 3 does.  Both arrive as one
COM_QUERY holding the whole SQL as text: the only difference is inside
the string literal, where the driver escaped the quotes (\\') so the
name stays a value.  The server answers each with its rows, or an error.

Usage: ./parts/8-wire/2-mysql_escaping.py mysql_username mysql_password
       database_name state_name
"""
import sys
import textwrap

import MySQLdb

import hints
import kit
import wire

# The SQL of 2-my_filter_states.py and 3-my_safe_filter_states.py.
UNSAFE = ("SELECT id, name FROM states WHERE CAST(name AS BINARY) = '{}'"
          " ORDER BY id")
SAFE = "SELECT id, name FROM states WHERE CAST(name AS BINARY) = %s" \
    " ORDER BY id"


def record(user, password, database, name):
    """Send both queries through the proxy; return the packets."""
    with kit.Proxy(kit.mysql()) as proxy:
        db = MySQLdb.connect(host="127.0.0.1", port=proxy.port, user=user,
                             password=password, database=database,
                             charset="utf8mb4")
        try:
            for sql, params in ((UNSAFE.format(name), None), (SAFE, (name,))):
                try:
                    db.cursor().execute(sql, params)
                except MySQLdb.ProgrammingError:
                    # Step 2's SQL may not even be SQL: the server's ERR
                    # is in the recording, and printed.
                    pass
        finally:
            db.close()
    return wire.decode(wire.packets(proxy.chunks))


def main(user, password, database, name):
    """Print each query's packet as sent, and what the server answered."""
    messages = record(user, password, database, name)
    for label, found in zip(("Step 2, format():", "\nStep 3, a parameter:"),
                            wire.exchanges(messages, "SELECT id, name FROM")):
        print(label)
        print("\n".join(wire.show(found[0])))
        print("\n".join(textwrap.wrap(
            wire.answer(found[1:]), 78, initial_indent="  answer: ",
            subsequent_indent="    ", break_on_hyphens=False)))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("Usage: {} mysql_username mysql_password database_name"
                 " state_name".format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (MySQLdb.Error, kit.WireError, UnicodeError,
            ValueError) as error:
        sys.exit(hints.explain(error))

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
    return wire.decode(wire.packets(proxy.chunks))


def explain(error):
    """The project's error line; this driver's errors carry errno, msg."""
    if isinstance(error, mysql.connector.Error) and error.errno:
        error = Exception(error.errno, error.msg)
    return hints.explain(error)


def main(user, password, database, name):
    """Print the packets from COM_STMT_PREPARE to COM_STMT_CLOSE."""
    messages = record(user, password, database, name)
    wire.print_all(wire.statement_exchange(messages))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("Usage: {} mysql_username mysql_password database_name"
                 " state_name".format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (mysql.connector.Error, kit.WireError, UnicodeError,
            ValueError) as error:
        sys.exit(explain(error))

#!/usr/bin/env python3
"""Step 0: the bytes of a SELECT and of its result set, packet by packet.

The step starts a recording proxy on a free loopback port, sends
SELECT id, name FROM states ORDER BY id through it with PyMySQL, then
prints every packet of that exchange: who sent it, its sequence number,
its length, its bytes and what it is (the query, the column count, a
definition per column, an EOF, a row per state, the last EOF).

Usage: ./parts/8-wire/0-mysql_result_set.py mysql_username mysql_password
       database_name
"""
import sys

import pymysql

import hints
import kit
import wire

QUERY = "SELECT id, name FROM states ORDER BY id"


def record(user, password, database):
    """Run the query with PyMySQL through the proxy; return the packets."""
    with kit.Proxy(kit.mysql()) as proxy:
        db = pymysql.connect(host="127.0.0.1", port=proxy.port, user=user,
                             password=password, database=database,
                             charset="utf8mb4", ssl_disabled=True)
        try:
            with db.cursor() as cursor:
                cursor.execute(QUERY)
                cursor.fetchall()
        finally:
            db.close()
    return wire.decode(wire.packets(proxy.chunks))


def main(user, password, database):
    """Print the packets of the query's exchange, after the handshake."""
    wire.print_all(wire.exchange(record(user, password, database), QUERY))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("Usage: {} mysql_username mysql_password database_name"
                 .format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (pymysql.Error, kit.WireError, UnicodeError,
            ValueError) as error:
        sys.exit(hints.explain(error))

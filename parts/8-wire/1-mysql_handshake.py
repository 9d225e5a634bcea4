#!/usr/bin/env python3
"""Step 1: the handshake and the login, decoded, before any query.

The server speaks first: its version, a scramble (random bytes, new for
each connection), its capabilities and its auth plugin.  The client
answers with its own capabilities, the user, a proof computed from the
password and the scramble (never the password itself), the database.
Fields that differ from one server or connection to the next are
decoded but printed as "masked".  Then the commands the driver sends by
itself before any query of yours, one line each.

Usage: ./parts/8-wire/1-mysql_handshake.py mysql_username mysql_password
       database_name
"""
import sys

import pymysql

import hints
import kit
import wire


def record(user, password, database):
    """Connect with PyMySQL through the proxy, then close; the packets."""
    with kit.Proxy(kit.mysql()) as proxy:
        db = pymysql.connect(host="127.0.0.1", port=proxy.port, user=user,
                             password=password, database=database,
                             charset="utf8mb4", ssl_disabled=True)
        db.close()
    return wire.decode(wire.packets(proxy.chunks))


def main(user, password, database):
    """Print the connection phase decoded, then the driver's commands."""
    messages = record(user, password, database)
    print("\n".join(wire.connection(messages[:3], password)))
    print("\nThen the driver's own commands, before any query of yours:")
    for message in messages[3:]:
        print(wire.title(message))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("Usage: {} mysql_username mysql_password database_name"
                 .format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (pymysql.Error, kit.WireError, UnicodeError,
            ValueError) as error:
        sys.exit(hints.explain(error))

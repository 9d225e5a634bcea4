#!/usr/bin/env python3
"""Step 2: the task's steps 2 and 3 on the wire: both send text.

The same name goes through the proxy twice with mysqlclient (MySQLdb,
the task's driver): once pasted into the SQL with format(), as step 2
does, once as a parameter, as step 3 does.  Both arrive as one
COM_QUERY holding the whole SQL as text: the only difference is inside
the string literal, where the driver escaped the quotes (\\') so the
name stays a value.  The server answers each with its rows, or with an
error packet (ERR), decoded here.

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
# Step 0's decoders: a COM_QUERY, printed, and an EOF.
step0 = kit.step(0)


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
    return wire.packets(proxy.chunks)


def error(payload):
    """An ERR packet (0xff): the error's code, SQL state and message."""
    read = wire.Reader(payload[1:], "an ERR packet")
    code = read.int(2)
    state = read.take(6)[1:] if payload[3:4] == b"#" else b""
    return {"code": code, "sqlstate": state.decode("ascii", "replace"),
            "message": read.take(read.left()).decode("utf-8", "replace")}


def answer(packets):
    """The server's answer in a few words: its error, or how many rows."""
    if packets[0].payload[:1] == b"\xff":
        return "ERR {code} {message}".format(**error(packets[0].payload))
    # Else a column count, a definition per column, an EOF, the rows and
    # a last EOF: counted, not decoded, as MySQLdb's libmariadb asks
    # MariaDB for extended metadata, which step 0 does not decode.
    count = wire.Reader(packets[0].payload, "a column count").lenenc_int()
    if len(packets) < count + 3 or not step0.is_eof(packets[-1]):
        raise kit.WireError("the result set is cut short: no last EOF")
    rows = len(packets) - count - 3
    return "{} row{}".format(rows, "" if rows == 1 else "s")


def main(user, password, database, name):
    """Print each query's packet as sent, and what the server answered."""
    found = [e for e in wire.exchanges(record(user, password, database, name))
             if e[0].payload.startswith(b"\x03SELECT id, name FROM")]
    for label, (query, *rest) in zip(("Step 2, format():",
                                      "\nStep 3, a parameter:"), found):
        print(label)
        print(step0.show(step0.query(query)))
        print("\n".join(textwrap.wrap(
            answer(rest), 78, initial_indent="  answer: ",
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

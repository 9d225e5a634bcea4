#!/usr/bin/env python3
"""Layer 0, the DB-API: the states whose name matches, through a cursor.

MySQLdb is the driver every layer above stands on: a connection, a
cursor, the SQL as a string with %s where the value goes, rows as tuples.
The statement is written the way SQLAlchemy writes it (line breaks
included), so the four layers send the server the same text.

Usage: ./0-dbapi_cursor.py mysql_username mysql_password database_name
       name_pattern
"""
import MySQLdb

import kit

SQL = ("SELECT states.id, states.name \nFROM states \n"
       "WHERE states.name LIKE %s ORDER BY states.id")


def main(user, password, database, pattern):
    """Print "id: name" for each state whose name is LIKE the pattern."""
    host, port = kit.server()
    db = MySQLdb.connect(host=host, port=port, user=user, password=password,
                         database=database, charset="utf8mb4")
    try:
        cur = db.cursor()
        kit.show(SQL, (pattern,))
        cur.execute(SQL, (pattern,))
        for row in cur.fetchall():
            print("{}: {}".format(*row))
    finally:
        db.close()


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name"
                  " name_pattern")
